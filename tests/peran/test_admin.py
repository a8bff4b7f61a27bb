"""The pemda's administrator in the admin: creates his pemda's OPDs and their operators, nothing beyond."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from organisasi.models import OperatorOpd, PerangkatDaerah, PeranPemda

pytestmark = pytest.mark.django_db


def test_he_lists_only_the_opds_of_his_pemda(client, adminpemda, opd, pemda_lain):
    client.force_login(adminpemda)
    halaman = client.get(reverse("admin:organisasi_perangkatdaerah_changelist")).content.decode()
    assert opd.nama in halaman and "Kecamatan Sumbersari" not in halaman
    lain = PerangkatDaerah.objects.get(nama="Kecamatan Sumbersari")
    assert client.get(reverse("admin:organisasi_perangkatdaerah_change", args=[lain.pk])).status_code == 302  # "not found" → index


def test_he_creates_an_opd_of_his_pemda_but_not_of_another(client, adminpemda, opd, pemda_lain):
    client.force_login(adminpemda)
    data = {"kode": "7.01.0.00.0.00.23.0000", "kode_urusan": "7.01", "nama": "Kecamatan Ranuyoso", "tugas_pokok": ""}
    lain = PerangkatDaerah.objects.get(nama="Kecamatan Sumbersari").pemda
    r = client.post(reverse("admin:organisasi_perangkatdaerah_add"), {**data, "pemda": lain.pk})
    assert r.status_code == 200 and not PerangkatDaerah.objects.filter(nama="Kecamatan Ranuyoso").exists()
    r = client.post(reverse("admin:organisasi_perangkatdaerah_add"), {**data, "pemda": opd.pemda.pk})
    assert r.status_code == 302
    assert PerangkatDaerah.objects.get(nama="Kecamatan Ranuyoso").pemda == opd.pemda


def test_he_creates_an_operator_account_and_assigns_it_to_an_opd_of_his_pemda(client, adminpemda, opd, pemda_lain):
    client.force_login(adminpemda)
    r = client.post(
        reverse("admin:auth_user_add"),
        {"username": "op-baru", "usable_password": "true", "password1": "x-sangat-panjang-1", "password2": "x-sangat-panjang-1"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    baru = get_user_model().objects.get(username="op-baru")
    lain = PerangkatDaerah.objects.get(nama="Kecamatan Sumbersari")
    r = client.post(reverse("admin:organisasi_operatoropd_add"), {"user": baru.pk, "opd": lain.pk})
    assert r.status_code == 200 and not OperatorOpd.objects.filter(user=baru).exists()
    r = client.post(reverse("admin:organisasi_operatoropd_add"), {"user": baru.pk, "opd": opd.pk})
    assert r.status_code == 302
    assert list(OperatorOpd.objects.filter(user=baru).values_list("opd", flat=True)) == [opd.pk]


def test_he_cannot_make_a_superuser_nor_reach_a_superuser_or_a_pegawai_account(client, adminpemda, operator_opd, staf, operator):
    client.force_login(adminpemda)
    url = reverse("admin:auth_user_change", args=[operator_opd.pk])
    halaman = client.get(url).content.decode()
    assert 'name="is_superuser"' not in halaman and 'name="user_permissions"' not in halaman
    client.post(url, {"username": operator_opd.username, "is_active": "on", "is_staff": "on", "is_superuser": "on"})
    operator_opd.refresh_from_db()
    assert not operator_opd.is_superuser
    for orang in (operator, staf, adminpemda):
        assert client.get(reverse("admin:auth_user_change", args=[orang.pk])).status_code == 302  # not his: "not found"


def test_he_grants_no_pemda_role(client, adminpemda, operator_opd, opd):
    client.force_login(adminpemda)
    r = client.post(reverse("admin:organisasi_peranpemda_add"), {"user": operator_opd.pk, "pemda": opd.pemda.pk, "peran": "bappeda"})
    assert r.status_code == 403
    assert not PeranPemda.objects.filter(user=operator_opd).exists()
