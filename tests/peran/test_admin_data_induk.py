"""The pemda's administrator in the admin of units, jabatan, pegawai and penugasan: given the model permissions,
he sees, offers and saves only his own pemda's rows; another pemda's are "not found", never offered, refused.

Personas (tests/peran/conftest.py): ``adminpemda`` administers Kabupaten Lumajang (the demo's pemda);
``pemda_lain`` brings Kabupaten Jember with one OPD, to which ``jember`` adds a unit, a jabatan, a pegawai and
his penugasan; ``operator`` is the superuser, who sees both."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from organisasi.models import Jabatan, OperatorOpd, Pegawai, Pemda, Penugasan, PerangkatDaerah, PeranPemda, Unit
from tests.organisasi.impor_admin import galat, unggah, xlsx

pytestmark = pytest.mark.django_db

MODEL = ["unit", "jabatan", "pegawai", "penugasan"]


@pytest.fixture
def admin_data_induk(adminpemda):
    """The pemda's administrator given add, change and view of the four models (the demo does not give them)."""
    adminpemda.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="organisasi", codename__in=[f"{a}_{m}" for m in MODEL for a in ("add", "change", "view")]
        )
    )
    return adminpemda


@pytest.fixture
def jember(pemda_lain):
    pemda = Pemda.objects.get(kode="3509")
    opd = PerangkatDaerah.objects.get(pemda=pemda)
    unit = Unit.objects.create(opd=opd, kode="sekretariat-jember", nama="Sekretariat Kecamatan Sumbersari")
    jabatan = Jabatan.objects.create(pemda=pemda, opd=opd, unit=unit, kode="camat-sumbersari", nama="Camat Sumbersari", jenis="kepala_opd")
    pegawai = Pegawai.objects.create(pemda=pemda, nama="Drs. PEGAWAI JEMBER")
    tugas = Penugasan.objects.create(pegawai=pegawai, jabatan=jabatan, mulai=datetime.date(2025, 1, 1))
    return {"pemda": pemda, "opd": opd, "unit": unit, "jabatan": jabatan, "pegawai": pegawai, "penugasan": tugas}


def _milik_sendiri(opd):
    """One row of each model in his pemda (the demo's Kedungjajang)."""
    tugas = Penugasan.objects.filter(jabatan__opd=opd).select_related("jabatan__unit", "pegawai").first()
    return {
        "unit": tugas.jabatan.unit or Unit.objects.filter(opd=opd).first(),
        "jabatan": tugas.jabatan,
        "pegawai": tugas.pegawai,
        "penugasan": tugas,
    }


def test_he_lists_and_opens_only_his_pemdas_rows(client, admin_data_induk, opd, jember):
    client.force_login(admin_data_induk)
    sendiri = _milik_sendiri(opd)
    for m in MODEL:
        daftar = client.get(reverse(f"admin:organisasi_{m}_changelist") + "?all=").content.decode()
        lain = jember[m]
        assert client.get(reverse(f"admin:organisasi_{m}_change", args=[sendiri[m].pk])).status_code == 200, m
        assert client.get(reverse(f"admin:organisasi_{m}_change", args=[lain.pk])).status_code == 302, m  # "not found" → index
        assert reverse(f"admin:organisasi_{m}_change", args=[lain.pk]) not in daftar, m
    # nor do the list filters name the other pemda's OPD
    for m in ("unit", "jabatan"):
        assert jember["opd"].nama not in client.get(reverse(f"admin:organisasi_{m}_changelist")).content.decode()


def test_the_superuser_sees_both_pemdas(client, operator, opd, jember):
    client.force_login(operator)
    for m in MODEL:
        assert client.get(reverse(f"admin:organisasi_{m}_change", args=[jember[m].pk])).status_code == 200, m


def _pilihan(html: str, nama: str) -> set[str]:
    """The values a <select name=...> offers."""
    blok = re.search(rf'<select name="{nama}"[^>]*>(.*?)</select>', html, re.S)
    return set(re.findall(r'<option value="([^"]+)"', blok.group(1))) if blok else set()


def test_the_forms_offer_only_his_pemdas_rows(client, admin_data_induk, opd, jember):
    client.force_login(admin_data_induk)
    jabatan = client.get(reverse("admin:organisasi_jabatan_add")).content.decode()
    assert _pilihan(jabatan, "pemda") == {str(opd.pemda.pk)}
    assert str(opd.pk) in _pilihan(jabatan, "opd") and str(jember["opd"].pk) not in _pilihan(jabatan, "opd")
    assert str(jember["unit"].pk) not in _pilihan(jabatan, "unit") and _pilihan(jabatan, "unit")
    assert str(jember["jabatan"].pk) not in _pilihan(jabatan, "atasan") and _pilihan(jabatan, "atasan")
    unit = client.get(reverse("admin:organisasi_unit_add")).content.decode()
    assert str(jember["opd"].pk) not in _pilihan(unit, "opd") and str(jember["unit"].pk) not in _pilihan(unit, "induk")
    tugas = client.get(reverse("admin:organisasi_penugasan_add")).content.decode()
    assert str(jember["pegawai"].pk) not in _pilihan(tugas, "pegawai") and _pilihan(tugas, "pegawai")
    assert str(jember["jabatan"].pk) not in _pilihan(tugas, "jabatan") and _pilihan(tugas, "jabatan")
    pegawai = client.get(reverse("admin:organisasi_pegawai_add")).content.decode()
    assert _pilihan(pegawai, "pemda") == {str(opd.pemda.pk)}
    # the pegawai's autocomplete (the jabatan page's penugasan rows) finds no other pemda's pegawai
    cari = client.get(
        reverse("admin:autocomplete"), {"term": "JEMBER", "app_label": "organisasi", "model_name": "penugasan", "field_name": "pegawai"}
    )
    assert cari.status_code in (200, 403) and "PEGAWAI JEMBER" not in cari.content.decode()


def test_a_post_naming_another_pemdas_rows_saves_nothing(client, admin_data_induk, opd, jember):
    client.force_login(admin_data_induk)
    sendiri = _milik_sendiri(opd)
    r = client.post(reverse("admin:organisasi_unit_add"), {"opd": jember["opd"].pk, "kode": "seksi-baru", "nama": "Seksi Baru"})
    assert r.status_code == 200 and not Unit.objects.filter(kode="seksi-baru").exists()
    data = {"kode": "kasi-baru", "nama": "Kasi Baru", "jenis": "eselon_iv", "penugasan-TOTAL_FORMS": 0, "penugasan-INITIAL_FORMS": 0}
    r = client.post(reverse("admin:organisasi_jabatan_add"), {**data, "pemda": jember["pemda"].pk, "opd": jember["opd"].pk})
    assert r.status_code == 200 and not Jabatan.objects.filter(kode="kasi-baru").exists()
    r = client.post(reverse("admin:organisasi_jabatan_add"), {**data, "pemda": opd.pemda.pk, "opd": opd.pk, "atasan": jember["jabatan"].pk})
    assert r.status_code == 200 and not Jabatan.objects.filter(kode="kasi-baru").exists()
    r = client.post(
        reverse("admin:organisasi_penugasan_add"),
        {"pegawai": jember["pegawai"].pk, "jabatan": sendiri["jabatan"].pk, "mulai": "2025-01-01"},
    )
    assert r.status_code == 200 and not Penugasan.objects.filter(pegawai=jember["pegawai"], jabatan=sendiri["jabatan"]).exists()
    # his own pegawai cannot be moved to the other pemda, nor the other pemda's be changed
    peg = sendiri["pegawai"]
    data = {"nama": peg.nama, "nip": peg.nip or "", "user": peg.user_id or ""}
    r = client.post(reverse("admin:organisasi_pegawai_change", args=[peg.pk]), {**data, "pemda": jember["pemda"].pk})
    peg.refresh_from_db()
    assert r.status_code == 200 and peg.pemda == opd.pemda
    r = client.post(reverse("admin:organisasi_pegawai_change", args=[jember["pegawai"].pk]), {**data, "pemda": opd.pemda.pk})
    jember["pegawai"].refresh_from_db()
    assert r.status_code == 302 and jember["pegawai"].pemda == jember["pemda"]  # "not found" → index, unchanged
    # the same form, naming his own pemda, saves: the pegawai keeps his login account
    r = client.post(reverse("admin:organisasi_pegawai_change", args=[peg.pk]), {**data, "pemda": opd.pemda.pk, "nama": peg.nama + " "})
    assert r.status_code == 302, r.content.decode()[:3000]


def test_an_import_naming_another_pemda_is_refused_with_its_row(client, admin_data_induk, opd, jember):
    client.force_login(admin_data_induk)
    jumlah = Pegawai.objects.count()
    isi = xlsx(
        ["Kode pemda", "NIP", "Nama dan gelar"],
        [[opd.pemda.kode, None, "PEGAWAI LUMAJANG BARU"], [jember["pemda"].kode, None, "PEGAWAI JEMBER BARU"]],
    )
    pesan = galat(unggah(client, Pegawai, isi))
    assert any("3509" in p and "bukan pemda yang Anda kelola" in p and "3" in p for p in pesan), pesan
    assert Pegawai.objects.count() == jumlah


J_JABATAN = ["Kode pemda", "Kode", "Nama jabatan", "Jenis", "Kode OPD (SIPD)", "Unit (kode)", "Atasan (kode jabatan)"]


def test_the_administrator_imports_his_pemdas_kepala_daerah_row(client, admin_data_induk, opd):
    """The pemda's own jabatan (the kepala daerah) are its administrator's to keep: the import's preview takes his
    row, which it refuses to an OPD's operator with "hanya dapat diubah administrator pemda"."""
    client.force_login(admin_data_induk)
    bupati = Jabatan.objects.get(pemda=opd.pemda, jenis="kepala_daerah")
    pratinjau = unggah(
        client, Jabatan, xlsx(J_JABATAN, [[opd.pemda.kode, bupati.kode, "Bupati Lumajang", "kepala_daerah", None, None, None]])
    )
    assert galat(pratinjau) == []


@pytest.fixture
def operator_staf(opd):
    """A staff account that is operator of Kedungjajang, given add, change and view of the four models."""
    user = get_user_model().objects.create_user("operator-staf", password="x-sangat-panjang-1", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="organisasi", codename__in=[f"{a}_{m}" for m in MODEL for a in ("add", "change", "view")]
        )
    )
    OperatorOpd.objects.create(user=user, opd=opd)
    return user


def test_an_opd_operator_keeps_his_opds_jabatan_in_the_admin_and_nothing_else(client, operator_staf, opd):
    """The admin follows the import's rule (``opd_data_induk``): the operator adds a jabatan to his OPD; another OPD of
    the same pemda is not offered, another OPD's jabatan cannot be moved into his, and pegawai are the administrator's."""
    lain = PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Lain")
    milik_lain = Jabatan.objects.create(pemda=opd.pemda, opd=lain, kode="lain-staf", nama="Staf Kecamatan Lain", jenis="staf")
    client.force_login(operator_staf)
    data = {
        "kode": "staf-baru",
        "nama": "Staf Baru",
        "jenis": "staf",
        "pemda": opd.pemda.pk,
        "penugasan-TOTAL_FORMS": 0,
        "penugasan-INITIAL_FORMS": 0,
    }

    r = client.post(reverse("admin:organisasi_jabatan_add"), {**data, "opd": lain.pk})
    assert r.status_code == 200 and not Jabatan.objects.filter(kode="staf-baru").exists()  # not a choice he is offered
    r = client.post(reverse("admin:organisasi_jabatan_add"), {**data, "opd": opd.pk})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Jabatan.objects.get(kode="staf-baru").opd == opd

    # reading the whole pemda (Bagian Organisasi) shows him the other OPD's jabatan, but does not let him take it
    PeranPemda.objects.create(user=operator_staf, pemda=opd.pemda, peran=PeranPemda.Peran.BAGIAN_ORGANISASI)
    r = client.post(
        reverse("admin:organisasi_jabatan_change", args=[milik_lain.pk]),
        {**data, "kode": milik_lain.kode, "nama": milik_lain.nama, "opd": opd.pk},
    )
    milik_lain.refresh_from_db()
    assert r.status_code == 403 and milik_lain.opd == lain

    peg = Pegawai.objects.filter(penugasan__jabatan__opd=opd).first()
    r = client.post(
        reverse("admin:organisasi_pegawai_change", args=[peg.pk]), {"pemda": opd.pemda.pk, "nama": peg.nama + " X", "nip": peg.nip or ""}
    )
    peg.refresh_from_db()
    assert r.status_code == 200 and not peg.nama.endswith(" X")  # his pemda is not offered for a pegawai: refused, unchanged
