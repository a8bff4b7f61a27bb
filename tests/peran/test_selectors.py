"""The read selectors of the pemda roles (``organisasi.akses``): who reaches which pemda and OPD, who writes."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisasi.akses import adalah_operator, opd_operator, opd_untuk_user, pemda_untuk_user, peran_pemda
from organisasi.models import PeranPemda
from organisasi.selectors import jabatan_terlihat

pytestmark = pytest.mark.django_db


def test_each_pemda_role_reads_every_opd_of_its_pemda_and_no_other(ortala, bappeda, inspektorat, adminpemda, opd, opd_lain, pemda_lain):
    semua = set(opd.pemda.opd.values_list("kode", flat=True))
    assert {opd.kode, opd_lain.kode} <= semua
    for user in (ortala, bappeda, inspektorat, adminpemda):
        assert set(opd_untuk_user(user).values_list("kode", flat=True)) == semua
        assert list(pemda_untuk_user(user)) == [opd.pemda]


def test_peran_pemda_names_the_roles_held_there_only(bappeda, ortala, opd, pemda_lain):
    assert peran_pemda(bappeda, opd.pemda) == {PeranPemda.Peran.BAPPEDA}
    assert peran_pemda(ortala, opd.pemda) == {PeranPemda.Peran.BAGIAN_ORGANISASI}
    assert peran_pemda(pemda_lain, opd.pemda) == set()
    assert peran_pemda(AnonymousUser(), opd.pemda) == set()


def test_a_pemda_role_writes_nowhere(bappeda, ortala, inspektorat, adminpemda, opd):
    for user in (bappeda, ortala, inspektorat, adminpemda):
        assert not adalah_operator(user, opd)
        assert not opd_operator(user).exists()


def test_an_opd_operator_sees_and_writes_only_his_opd(operator_opd, operator_lain, opd, opd_lain):
    assert list(opd_untuk_user(operator_opd)) == [opd]
    assert list(opd_operator(operator_opd)) == [opd]
    assert adalah_operator(operator_opd, opd) and not adalah_operator(operator_opd, opd_lain)
    assert list(opd_untuk_user(operator_lain)) == [opd_lain]
    assert pemda_untuk_user(operator_opd).count() == 0


def test_staff_flag_alone_makes_nobody_an_operator(staf, opd):
    staf.is_staff = True
    staf.save()
    assert not adalah_operator(staf, opd)
    assert jabatan_terlihat(staf, opd, 2025, 3) == {staf.pegawai.penugasan.get().jabatan_id}


def test_a_user_of_another_pemda_reads_none_of_lumajang(pemda_lain, opd):
    assert opd not in opd_untuk_user(pemda_lain)
    assert [p.nama for p in pemda_untuk_user(pemda_lain)] == ["Kabupaten Jember"]


def test_pemda_roles_and_the_operator_see_every_jabatan_a_pegawai_only_his_own_tree(bappeda, operator_opd, operator, staf, opd):
    for user in (bappeda, operator_opd, operator):
        assert jabatan_terlihat(user, opd, 2025, 3) is None
    assert jabatan_terlihat(staf, opd, 2025, 3) == {staf.pegawai.penugasan.get().jabatan_id}


def test_the_superuser_reads_every_pemda_but_holds_no_role(operator, opd, pemda_lain):
    assert pemda_untuk_user(operator).count() == 2
    assert peran_pemda(operator, opd.pemda) == set()


def test_anonymous_reads_nothing(opd):
    anon = AnonymousUser()
    assert not opd_untuk_user(anon).exists() and not pemda_untuk_user(anon).exists() and not adalah_operator(anon, opd)
