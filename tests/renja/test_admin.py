"""Bad input in admin is refused with a clear Indonesian message, and nothing is written."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renja.models import Kegiatan, Realisasi, SubKegiatan, Target


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _errors(resp):
    assert resp.status_code == 200, "the form must be shown again, not saved"
    return resp.content.decode()


def test_a_negative_target_is_refused(admin_client):
    target = Target.objects.get(indikator__kode="s01_201_01_dokumen_perencanaan", tahun=2025)
    resp = admin_client.post(
        reverse("admin:renja_target_change", args=[target.pk]),
        {"indikator": target.indikator_id, "tahun": 2025, "triwulan": "", "nilai": "-3"},
    )
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0" in _errors(resp)
    target.refresh_from_db()
    assert target.nilai == 3


def test_a_second_realisation_for_the_same_quarter_is_refused(admin_client):
    existing = Realisasi.objects.get(indikator__kode="s01_201_01_dokumen_perencanaan", tahun=2025, triwulan=3)
    before = Realisasi.objects.count()
    resp = admin_client.post(
        reverse("admin:renja_realisasi_add"),
        {
            "indikator": existing.indikator_id,
            "tahun": 2025,
            "triwulan": 3,
            "nilai": "2",
            "catatan_sumber": "",
            "bukti-TOTAL_FORMS": 0,
            "bukti-INITIAL_FORMS": 0,
            "bukti-MIN_NUM_FORMS": 0,
            "bukti-MAX_NUM_FORMS": 1000,
        },
    )
    assert "sudah ada" in _errors(resp)
    assert Realisasi.objects.count() == before


def test_a_realisation_needs_a_value_or_counts_not_both(admin_client):
    ind = Realisasi.objects.get(indikator__kode="ss2_fasilitasi_koordinasi_ditindaklanjuti").indikator
    resp = admin_client.post(
        reverse("admin:renja_realisasi_add"),
        {
            "indikator": ind.pk,
            "tahun": 2025,
            "triwulan": 2,
            "nilai": "50",
            "pembilang": "5",
            "penyebut": "10",
            "bukti-TOTAL_FORMS": 0,
            "bukti-INITIAL_FORMS": 0,
            "bukti-MIN_NUM_FORMS": 0,
            "bukti-MAX_NUM_FORMS": 1000,
        },
    )
    assert "tidak keduanya" in _errors(resp)


@pytest.mark.parametrize(
    "kode,pesan",
    [
        ("201", "Kode kegiatan berbentuk D.DD"),
        ("2.1", "Kode kegiatan berbentuk D.DD"),
        ("2.0A", "Kode kegiatan berbentuk D.DD"),
        ("22.01", "paling banyak 4 karakter"),
    ],
)
def test_a_malformed_kegiatan_code_is_refused(admin_client, kode, pesan):
    keg = Kegiatan.objects.get(program__kode="01", kode="2.01")
    resp = admin_client.post(
        reverse("admin:renja_kegiatan_change", args=[keg.pk]),
        {
            "program": keg.program_id,
            "kode": kode,
            "nama": keg.nama,
            "sasaran_uraian": keg.sasaran_uraian,
            "sub_kegiatan-TOTAL_FORMS": 0,
            "sub_kegiatan-INITIAL_FORMS": 0,
            "sub_kegiatan-MIN_NUM_FORMS": 0,
            "sub_kegiatan-MAX_NUM_FORMS": 1000,
        },
    )
    assert pesan in _errors(resp)
    keg.refresh_from_db()
    assert keg.kode == "2.01"


def test_a_malformed_sub_kegiatan_code_is_refused(admin_client):
    sub = SubKegiatan.objects.get(kegiatan__program__kode="01", kegiatan__kode="2.01", kode="0001")
    resp = admin_client.post(
        reverse("admin:renja_subkegiatan_change", args=[sub.pk]),
        {"kegiatan": sub.kegiatan_id, "kode": "01", "nama": sub.nama},
    )
    assert "4 angka" in _errors(resp)


def test_a_malformed_nip_is_refused(admin_client):
    from organisasi.models import Pegawai

    peg = Pegawai.objects.get(nama__startswith="GANGSAR")
    resp = admin_client.post(
        reverse("admin:organisasi_pegawai_change", args=[peg.pk]),
        {"pemda": peg.pemda_id, "nama": peg.nama, "nip": "1974-07-14", "user": peg.user_id or ""},
    )
    assert "NIP harus 18 angka" in _errors(resp)
