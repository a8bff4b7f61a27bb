"""What the workbook import tells the operator: Indonesian numbers in the preview, every cell error at once."""

import pytest

from perencanaan.services import WorkbookError, tampil, workbook_import
from perencanaan.workbook import nilai_lembar
from tests.perencanaan.test_workbook import _ekspor, _jumlah, _ubah


@pytest.mark.parametrize(
    "nilai, teks",
    [
        (__import__("decimal").Decimal("100.0000"), "100"),
        (__import__("decimal").Decimal("87.3000"), "87,30"),
        (__import__("decimal").Decimal("1234567.5"), "1.234.567,50"),
        (__import__("decimal").Decimal("0.1250"), "0,125"),
        (90, "90"),
        (None, ""),
        (True, "ya"),
        (__import__("datetime").date(2025, 9, 1), "01 September 2025"),
        ("Sub Bagian Umum", "Sub Bagian Umum"),
    ],
)
def test_preview_values_are_shown_the_indonesian_way(nilai, teks):
    assert tampil(nilai) == teks


def test_a_changed_target_reads_old_and_new_without_raw_decimals(opd):
    isi = _ubah(_ekspor(opd), "Target", 2, "Target", 90.5)
    p = workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)
    [baris] = [s for s in p.perubahan if "Lembar 'Target' baris 2" in s]
    assert baris.endswith("'78' → '90,50'") and ".0000" not in baris


def test_every_cell_error_is_listed_at_once_with_sheet_row_and_column(opd):
    isi = _ekspor(opd)
    akhir = len(nilai_lembar(isi)["PK anggaran"])
    isi = _ubah(isi, "PK anggaran", akhir, "Sumber dana", "X" * 41)
    isi = _ubah(isi, "Unit", 2, "Nama", "U" * 121)
    isi = _ubah(isi, "Indikator", 3, "Satuan", "s" * 41)
    isi = _ubah(isi, "Pemda & OPD", 2, "Surel", "bukan-alamat")
    isi = _ubah(isi, "Jabatan", 3, "Atasan (kode jabatan)", "wakil_camat")
    sebelum = _jumlah()
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    tempat = {(k.lembar, k.baris, k.kolom) for k in exc.value.kesalahan}
    assert {
        ("PK anggaran", akhir, "Sumber dana"),
        ("Unit", 2, "Nama"),
        ("Indikator", 3, "Satuan"),
        ("Pemda & OPD", 2, "Surel"),
        ("Jabatan", 3, "Atasan (kode jabatan)"),
    } <= tempat
    teks = "\n".join(map(str, exc.value.kesalahan))
    assert "Lembar 'Unit', baris 2, kolom 'Nama':" in teks and "121" in teks
    assert _jumlah() == sebelum


def test_the_page_lists_every_error_as_a_table(client, opd):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(get_user_model().objects.get(username="operator"))
    isi = _ubah(_ubah(_ekspor(opd), "Unit", 2, "Nama", "U" * 121), "Indikator", 3, "Satuan", "s" * 41)
    r = client.post("/perencanaan/unggah/", {"berkas": SimpleUploadedFile("x.xlsx", isi)})
    html = r.content.decode()
    assert r.status_code == 400
    assert '<th scope="col">Lembar</th>' in html and html.count('<tr class="kesalahan">') == 2
