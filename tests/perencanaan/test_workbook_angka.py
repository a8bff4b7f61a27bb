"""Numbers typed as text in the planning workbook are read the Indonesian way; clashes are told in Indonesian."""

import logging
from decimal import Decimal

import pytest
from django.db import IntegrityError

from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import _ubah as ubah_sel
from tests.perencanaan.test_workbook import _ekspor, _jumlah, _ubah

KODE = "t1_sinergitas_kinerja_kecamatan"  # row 2 of the Target sheet in the demo export, target 78


def _target():
    from renja.models import Target

    return Target.objects.get(indikator__kode=KODE, triwulan=None)


@pytest.mark.parametrize(
    "teks, nilai", [("1.500", Decimal(1500)), ("1,5", Decimal("1.5")), ("1.234.567", Decimal(1234567)), ("1.234,5", Decimal("1234.5"))]
)
def test_a_text_number_in_the_target_sheet_is_read_the_indonesian_way(opd, teks, nilai):
    assert _target().nilai == 78
    workbook_import(isi=_ubah(_ekspor(opd), "Target", 2, "Target", teks), nama_file="x.xlsx", oleh=None)
    assert _target().nilai == nilai


@pytest.mark.parametrize("teks", ["1.5", "12.34"])
def test_a_dot_that_is_not_a_thousands_separator_is_refused_not_guessed(opd, teks):
    isi = _ubah(_ekspor(opd), "Target", 2, "Target", teks)
    sebelum = _jumlah()
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    teks_salah = [str(k) for k in exc.value.kesalahan]
    assert teks_salah == [
        f"Lembar 'Target', baris 2, kolom 'Target': '{teks}' tidak jelas: titik hanya untuk ribuan "
        "(mis. 1.500); tulis desimal dengan koma, mis. 1,5."
    ]
    assert _jumlah() == sebelum
    assert _target().nilai == 78


@pytest.mark.parametrize(
    "mentah, hasil",
    [
        (1500, Decimal(1500)),
        (1.5, Decimal("1.5")),
        (Decimal("2.25"), Decimal("2.25")),  # typed by Excel: as they are
        ("1.500", Decimal(1500)),
        ("1.234.567,25", Decimal("1234567.25")),
        ("76,44", Decimal("76.44")),
        ("12", Decimal(12)),
        (" 1 500 ", Decimal(1500)),
        ("-1", Decimal(-1)),
    ],
)
def test_cell_values_that_are_numbers(mentah, hasil):
    assert ubah_sel(mentah, "angka") == (hasil, None)


@pytest.mark.parametrize("mentah", ["1.5", "1.2345", "1.234.5", "1,234.5", "1,5,0", "12a", "1e3", "NaN", ",5"])
def test_cell_values_that_are_not_numbers(mentah):
    nilai, salah = ubah_sel(mentah, "angka")
    assert nilai is None and salah


def test_thousands_in_an_integer_column_and_a_decimal_refused_there():
    assert ubah_sel("2.025", "bulat") == (2025, None)
    assert ubah_sel("1,5", "bulat") == (None, "'1,5' harus bilangan bulat.")


def test_a_clash_with_stored_data_is_told_in_indonesian_with_its_sheet_and_row(opd, monkeypatch, caplog):
    from renja.models import Tujuan

    isi = _ubah(_ekspor(opd), "Tujuan", 2, "Uraian", "Uraian tujuan yang diubah")
    asli = Tujuan.save

    def save(self, *a, **kw):
        if self.uraian == "Uraian tujuan yang diubah":
            raise IntegrityError('duplicate key value violates unique constraint "tujuan_kode_unik"')
        return asli(self, *a, **kw)

    monkeypatch.setattr(Tujuan, "save", save)
    sebelum = _jumlah()
    with caplog.at_level(logging.WARNING, logger="perencanaan.services"), pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    pesan = str(exc.value)
    assert pesan.startswith("Lembar 'Tujuan', baris 2: isi workbook bertabrakan dengan data yang sudah tersimpan")
    assert "Tidak ada yang disimpan." in pesan
    assert "duplicate" not in pesan and "constraint" not in pesan
    assert "tujuan_kode_unik" in caplog.text  # the technical text is logged for the operator
    assert _jumlah() == sebelum
