"""The file guard and row checks of the LRA reader: bad files are refused before parsing,
with an Indonesian message that says what and where."""

import io
import zipfile

import pytest

from anggaran.lra import Batas, LraError, baca_lra
from tests.anggaran.test_lra_reader import DATA, K, laporan, tulis


def _pesan(sumber, **kw):
    with pytest.raises(LraError) as exc:
        baca_lra(sumber, **kw)
    return str(exc.value)


def test_a_csv_renamed_to_xlsx_is_refused_as_text():
    pesan = _pesan(io.BytesIO(b"KODE REKENING;URAIAN;ANGGARAN\n7 01;Belanja;1000\n"), nama_file="lra.xlsx")
    assert "bukan berkas Excel (.xlsx)" in pesan and "CSV" in pesan


def test_a_password_protected_workbook_says_so():
    # Excel wraps an encrypted xlsx in an OLE2 compound file with an EncryptedPackage stream.
    isi = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64
    pesan = _pesan(io.BytesIO(isi), nama_file="lra.xlsx")
    assert "dilindungi kata sandi" in pesan


def test_an_old_xls_is_told_to_save_as_xlsx():
    pesan = _pesan(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), nama_file="lra.xls")
    assert "Excel lama (.xls)" in pesan


def test_a_truncated_download_is_refused(tmp_path):
    utuh = tulis(tmp_path / "utuh.xlsx", {"Laporan": laporan()}).read_bytes()
    pesan = _pesan(io.BytesIO(utuh[: len(utuh) // 2]), nama_file="lra.xlsx")
    assert "rusak atau terpotong" in pesan


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tulis(tmp_path / "lra.xlsx", {"Laporan": laporan()})
    pesan = _pesan(path, batas=Batas(ukuran_berkas=1000))
    assert "melebihi batas" in pesan and "MiB" in pesan


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for nama, isi in members.items():
            zf.writestr(nama, isi)
    buf.seek(0)
    return buf


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    bom = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    pesan = _pesan(bom, nama_file="bom.xlsx")
    assert "zip bomb" in pesan and "xl/worksheets/sheet1.xml" in pesan


def test_a_zip_bomb_is_refused_by_its_uncompressed_size():
    bom = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "a.bin": b"\0" * (3 * 1024 * 1024)})
    pesan = _pesan(bom, nama_file="bom.xlsx", batas=Batas(ukuran_terurai=2 * 1024 * 1024))
    assert "bila diurai berukuran 3 MiB" in pesan


def test_a_zip_with_too_many_members_is_refused():
    bom = _zip({f"m{i}.xml": b"<x/>" for i in range(30)})
    pesan = _pesan(bom, nama_file="bom.xlsx", batas=Batas(jumlah_anggota=20))
    assert "memuat 30 berkas" in pesan


def test_a_zip_that_is_not_a_workbook_is_refused():
    assert "arsip zip tanpa buku kerja" in _pesan(_zip({"word/document.xml": b"<x/>"}), nama_file="lra.xlsx")


def test_an_xml_bomb_is_refused_by_defusedxml(tmp_path):
    path = tulis(tmp_path / "lra.xlsx", {"Laporan": laporan()})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    lembar = next(n for n in members if n.startswith("xl/worksheets/sheet"))
    members[lembar] = members[lembar].replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet', 1
    )
    pesan = _pesan(_zip(members), nama_file="lra.xlsx")
    assert "XML yang tidak aman" in pesan


def test_a_negative_budget_names_sheet_row_and_column(tmp_path):
    data = [list(r) for r in DATA]
    data[7][3] = -500
    pesan = _pesan(tulis(tmp_path / "lra.xlsx", {"Laporan": laporan(data)}))
    assert "sheet Laporan baris 19 kolom D (ANGGARAN SETELAH PERUBAHAN) negatif" in pesan


def test_rows_of_another_opd_in_one_file_are_refused(tmp_path):
    data = [list(r) for r in DATA]
    data[-1][0] = data[-1][0].replace(K, "7 01 7 02 00")
    pesan = _pesan(tulis(tmp_path / "lra.xlsx", {"Laporan": laporan(data)}))
    assert "baris 29 kolom A" in pesan and "satu perangkat daerah" in pesan
