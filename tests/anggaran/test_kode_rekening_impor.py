"""The kode rekening list per year: loaded in the admin as XLSX by the pemda's administrator, and the LRA
import warned of an account the year's list lacks once a list is there (the LRA itself is never refused for it)."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from anggaran.lra import baca_lra
from anggaran.models import KodeRekening
from anggaran.services import lra_pratinjau
from renja.kode import parse_rekening
from tests.organisasi.impor_admin import baca, ekspor, galat, impor, unggah, url, xlsx

JUDUL = ["Tahun", "Kode rekening", "Uraian"]
LRA = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"


@pytest.fixture(autouse=True)
def draf(settings, tmp_path):
    settings.LKJ_DATA_INDUK_DRAF_DIR = tmp_path / "draf"


@pytest.fixture
def admin(client, demo):
    client.force_login(get_user_model().objects.get(username="operator"))
    return client


def _rekening_lra():
    """{kode rekening with dots: uraian} of every account line of the demo's September LRA."""
    dokumen = baca_lra(io.BytesIO(LRA.read_bytes()), nama_file=LRA.name)
    return {parse_rekening(b.kode.akun).teks: b.uraian for b in dokumen.rekening_daun()}


def _pratinjau(opd):
    isi = LRA.read_bytes()
    return lra_pratinjau(opd=opd, dokumen=baca_lra(io.BytesIO(isi), nama_file=LRA.name), isi=isi, nama_file=LRA.name)


def _keadaan():
    return sorted(KodeRekening.objects.values_list("tahun", "kode", "nama"))


def test_a_list_written_the_lra_way_is_stored_with_dots_and_an_export_imported_again_changes_nothing(admin):
    rekening = _rekening_lra()
    baris = [[2025, kode.replace(".", " "), uraian] for kode, uraian in sorted(rekening.items())]  # as the LRA prints them
    baris.append([2025, "5.1", "Belanja Operasi"])  # a heading level
    impor(admin, KodeRekening, xlsx(JUDUL, baris))
    assert {k for _, k, _ in _keadaan()} == {*rekening, "5.1"}
    assert KodeRekening.objects.get(tahun=2025, kode="5.1").tingkat == "kelompok"

    sebelum = _keadaan()
    isi = ekspor(admin, KodeRekening)
    assert baca(isi)[0] == ["Tahun", "Kode rekening", "Uraian", "Tingkat"]
    assert unggah(admin, KodeRekening, isi).context["result"].totals["skip"] == len(baris)
    impor(admin, KodeRekening, isi)
    assert _keadaan() == sebelum


@pytest.mark.parametrize(
    "baris, kalimat",
    [
        ([2025, "5.1.2", "Salah"], "Baris 3, kolom 'Kode rekening': Kode rekening '5.1.2' tidak valid: bagian jenis '2' harus 2 angka"),
        ([2025, "5 1 02 01 01 0024", "Sama"], "Baris 3, kolom 'Kode rekening': sudah ada di baris 2 berkas ini"),
        ([2025, "5.1.02", "U" * 301], "Baris 3, kolom 'Uraian': paling banyak 300 karakter (berisi 301)."),
        ([None, "5.1.02", "Belanja Barang dan Jasa"], "Baris 3, kolom 'Tahun': wajib diisi."),
    ],
    ids=["kode", "ganda-bentuk-lra", "panjang", "tahun-kosong"],
)
def test_a_bad_row_is_refused_in_indonesian_and_nothing_of_the_file_is_written(admin, baris, kalimat):
    data = [[2025, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"], baris]
    pratinjau = unggah(admin, KodeRekening, xlsx(JUDUL, data))
    assert any(k.startswith(kalimat) for k in galat(pratinjau)), galat(pratinjau)
    assert pratinjau.context.get("confirm_form") is None and _keadaan() == []


def test_only_the_pemda_administrator_changes_the_list(client, demo):
    staf = get_user_model().objects.create_user("staf-bpkad", password="x-sangat-panjang-1", is_staff=True)
    staf.user_permissions.set(Permission.objects.filter(content_type__model="koderekening"))
    client.force_login(staf)
    assert client.get(url(KodeRekening, "import")).status_code == 403
    assert client.get(url(KodeRekening, "add")).status_code == 403
    assert ">Impor</a>" not in client.get(url(KodeRekening, "changelist")).content.decode()


def test_the_lra_preview_warns_of_an_account_the_years_list_lacks_and_still_imports(opd):
    rekening = _rekening_lra()
    assert not [w for w in _pratinjau(opd).peringatan if "daftar kode rekening" in w]  # no list for 2025: not checked

    hilang = sorted(rekening)[0]
    KodeRekening.objects.bulk_create(KodeRekening(tahun=2025, kode=k, nama=u) for k, u in rekening.items() if k != hilang)
    KodeRekening.objects.create(tahun=2024, kode=hilang, nama=rekening[hilang])  # another year's list does not count
    p = _pratinjau(opd)
    [peringatan] = [w for w in p.peringatan if "daftar kode rekening" in w]
    assert peringatan.startswith(f"Kode rekening {hilang} ({rekening[hilang]}) di sheet Laporan baris ")
    assert peringatan.endswith("tidak ada di daftar kode rekening tahun 2025.")
    assert p.bisa_diimpor  # a warning, never a refusal

    KodeRekening.objects.create(tahun=2025, kode=hilang, nama=rekening[hilang])
    assert not [w for w in _pratinjau(opd).peringatan if "daftar kode rekening" in w]
