"""A sub kegiatan the Formulir E.81 cannot print (0100 and above) is refused where it enters:
the planning workbook, the LRA row and the model check, each naming where it stands."""

import pytest
from django.core.exceptions import ValidationError

from anggaran.lra import LraError, baca_lra
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import nilai_lembar
from renja.models import SubKegiatan
from tests.anggaran.test_lra_reader import DATA, K, laporan, tulis
from tests.perencanaan.test_workbook import _ekspor, _ubah


def test_the_lra_row_of_sub_kegiatan_0100_is_refused_naming_sheet_row_and_column(tmp_path):
    data = [list(r) for r in DATA]
    i = next(i for i, r in enumerate(data) if r[0] == f"{K} 01 2.01.0001 5 1")
    data[i][0] = f"{K} 01 2.01.0100 5 1"
    with pytest.raises(LraError) as exc:
        baca_lra(tulis(tmp_path / "lra.xlsx", {"Laporan": laporan(data)}))
    assert exc.value.sheet == "Laporan" and exc.value.baris == 12 + i and exc.value.kolom == "A"
    assert (
        f"Sheet Laporan baris {12 + i} kolom A (KODE REKENING): Sub kegiatan '7.01.01.2.01.0100' tidak dapat "
        "ditulis dalam bentuk E.81" in str(exc.value)
    )


def test_the_workbook_row_of_sub_kegiatan_0100_is_refused_naming_sheet_and_row(opd):
    isi = _ekspor(opd)
    n = next(i for i, r in enumerate(nilai_lembar(isi)["Sub kegiatan"], start=1) if r[0] == "7.01.01.2.01.0001")
    isi = _ubah(isi, "Sub kegiatan", n, "Kode sub kegiatan", "7.01.01.2.01.0100")
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    assert (
        f"Lembar 'Sub kegiatan', baris {n}, kolom 'Kode sub kegiatan': Sub kegiatan '7.01.01.2.01.0100' tidak dapat "
        "ditulis dalam bentuk E.81: bentuk E.81 hanya memuat 2 angka sub kegiatan (0001–0099)."
    ) in map(str, exc.value.kesalahan)


@pytest.mark.parametrize("kode", ["0100", "0999", "0000"])
def test_the_model_check_refuses_a_sub_kegiatan_the_e81_cannot_print(opd, kode):
    s = SubKegiatan.objects.filter(kegiatan__program__opd=opd).first()
    s.kode = kode
    with pytest.raises(ValidationError, match="0001–0099"):
        s.full_clean()
