"""Limits of the LRA import: an amount the database cannot hold is refused by the reader,
naming its cell, before anything is written; the CLI says in Indonesian why a path
cannot be read."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from anggaran import lra
from anggaran.lra import LraError, baca_lra
from anggaran.models import RealisasiAnggaran
from anggaran.services import lra_import_berkas
from tests.anggaran.test_lra_import import keadaan, media, operator
from tests.anggaran.test_lra_reader import SAMPEL

# Row 15 of the demo: sub kegiatan 2.01.0001 "Penyusunan Dokumen Perencanaan Perangkat Daerah";
# column G is REALISASI S/D BULAN INI (3.150.000 in the demo).
BARIS, KOLOM = 15, "G"
TEMPAT = f"di sheet Laporan baris {BARIS} kolom G (REALISASI S/D BULAN INI)"


def demo_diubah(path, nilai):
    """The demo export with one amount cell replaced, saved as ``path``."""
    wb = load_workbook(SAMPEL)
    wb["Laporan"][f"{KOLOM}{BARIS}"] = nilai
    wb.save(path)
    return path


def demo_20_digit(tmp_path):
    """The demo with its realisasi 3.150.000 multiplied into a 20-digit amount."""
    asli = load_workbook(SAMPEL)["Laporan"][f"{KOLOM}{BARIS}"].value
    assert asli == 3150000
    nilai = asli * 10 ** (20 - len(str(asli)))
    assert len(str(nilai)) == 20
    return demo_diubah(tmp_path / "lra-2025-09-kedungjajang.xlsx", nilai)


# --- the reader --------------------------------------------------------------


def test_a_20_digit_amount_is_refused_naming_sheet_row_and_column(tmp_path):
    with pytest.raises(LraError) as exc:
        baca_lra(demo_20_digit(tmp_path))

    e = exc.value
    assert str(e) == (f"Nilai 31.500.000.000.000.000.000 {TEMPAT} terlalu besar (paling banyak 13 digit sebelum koma).")
    assert (e.sheet, e.baris, e.kolom) == ("Laporan", BARIS, "G (REALISASI S/D BULAN INI)")


@pytest.mark.parametrize(
    "nilai, ditolak",
    [
        ("9.999.999.999.999,99", None),  # the largest amount stored exactly (see test_..._read_back_exactly)
        ("10.000.000.000.000,00", "Nilai 10.000.000.000.000 {tempat} terlalu besar (paling banyak 13 digit"),
        # a negative realisasi (a correction) has the same limit
        ("-10.000.000.000.000", "Nilai -10.000.000.000.000 {tempat} terlalu besar"),
        # 16 digits fit max_digits=18 but SQLite keeps 15 significant digits: this one came back
        # as 10.000.000.000.000.000,00 and broke every page with decimal.InvalidOperation
        ("9.999.999.999.999.999,99", "Nilai 9.999.999.999.999.999,99 {tempat} terlalu besar"),
        ("3.150.000,50", None),
        # a third decimal would be rounded away by the database
        ("3.150.000,505", "Nilai 3.150.000,505 {tempat} memiliki lebih dari 2 angka di belakang koma"),
    ],
)
def test_the_limit_is_what_the_database_holds(tmp_path, nilai, ditolak):
    path = demo_diubah(tmp_path / "lra.xlsx", nilai)

    if ditolak is None:
        baris = next(b for b in baca_lra(path).baris if b.baris == BARIS)
        assert baris.realisasi_sd == Decimal(nilai.replace(".", "").replace(",", "."))
        return
    with pytest.raises(LraError, match="^" + re.escape(ditolak.format(tempat=TEMPAT))):
        baca_lra(path)


def test_a_third_decimal_says_to_round_to_cents(tmp_path):
    with pytest.raises(LraError) as exc:
        baca_lra(demo_diubah(tmp_path / "lra.xlsx", 3150000.125))

    assert str(exc.value) == (
        f"Nilai 3.150.000,125 {TEMPAT} memiliki lebih dari 2 angka di belakang koma; "
        "bulatkan ke sen (paling banyak 2 angka di belakang koma)."
    )


@pytest.mark.django_db
def test_the_reader_limit_fits_the_model_fields():
    bidang = [
        *(
            RealisasiAnggaran._meta.get_field(n)
            for n in ("anggaran_sebelum", "anggaran_setelah", "realisasi_bulan_lalu", "realisasi_bulan_ini", "realisasi_sd")
        ),
    ]
    for f in bidang:
        assert (f.max_digits, f.decimal_places) == (lra.DIGIT_MAKS, lra.DESIMAL_MAKS), f.name
    assert lra.NILAI_BATAS <= Decimal(10) ** (lra.DIGIT_MAKS - lra.DESIMAL_MAKS)


def test_the_largest_accepted_amount_is_stored_and_read_back_exactly(opd, tmp_path):
    terbesar = Decimal("9999999999999.99")
    assert terbesar + Decimal("0.01") == lra.NILAI_BATAS
    daun = baca_lra(SAMPEL).rekening_daun()[0]
    wb = load_workbook(SAMPEL)
    wb["Laporan"][f"G{daun.baris}"] = "9.999.999.999.999,99"
    wb.save(tmp_path / "lra.xlsx")

    imp = lra_import_berkas(path=tmp_path / "lra.xlsx", opd=opd)

    disimpan = RealisasiAnggaran.objects.filter(lra_import=imp).values_list("realisasi_sd", flat=True)
    assert max(disimpan) == terbesar  # read back through Django, as every page does


# --- nothing is written ------------------------------------------------------


def test_the_service_writes_nothing_for_a_20_digit_amount(opd, tmp_path):
    sebelum = keadaan()

    with pytest.raises(LraError, match="terlalu besar"):
        lra_import_berkas(path=demo_20_digit(tmp_path), opd=opd)

    assert keadaan() == sebelum


def test_the_cli_refuses_a_20_digit_amount_and_writes_nothing(opd, tmp_path):
    sebelum = keadaan()

    with pytest.raises(CommandError) as exc:
        call_command("import_lra", str(demo_20_digit(tmp_path)))

    assert str(exc.value).startswith(f"Nilai 31.500.000.000.000.000.000 {TEMPAT} terlalu besar")
    assert keadaan() == sebelum


def test_the_upload_page_shows_the_message_and_writes_nothing(client, operator, opd, tmp_path):
    client.force_login(operator)
    sebelum = keadaan()
    f = io.BytesIO(demo_20_digit(tmp_path).read_bytes())
    f.name = "lra-2025-09-kedungjajang.xlsx"

    r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": f})

    assert r.status_code == 200
    assert "31.500.000.000.000.000.000" in r.content.decode()
    assert f"baris {BARIS} kolom G" in r.content.decode()
    assert keadaan() == sebelum


# --- the CLI cannot open the path ------------------------------------------------


def test_cli_missing_file_is_reported_in_indonesian(tmp_path):
    path = tmp_path / "tidak-ada.xlsx"

    with pytest.raises(CommandError, match="^" + re.escape(f"Berkas '{path}' tidak ditemukan")) as exc:
        call_command("import_lra", str(path))

    assert "No such file" not in str(exc.value)


def test_cli_a_folder_is_reported_as_a_folder(tmp_path):
    with pytest.raises(CommandError, match="^" + re.escape(f"'{tmp_path}' adalah folder, bukan berkas LRA")):
        call_command("import_lra", str(tmp_path))


def test_cli_an_unreadable_file_is_reported_in_indonesian(tmp_path, monkeypatch):
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(b"x")

    def ditolak(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", ditolak)
    with pytest.raises(CommandError, match="^" + re.escape(f"Berkas '{path}' tidak dapat dibaca: tidak ada izin untuk membacanya.") + "$"):
        call_command("import_lra", str(path))
