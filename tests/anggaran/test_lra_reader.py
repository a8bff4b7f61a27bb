"""anggaran.lra: reading the monthly LRA export (plain Python, no database).

The demo export is read as shipped; the variants are small workbooks written
into tmp_path, built from one consistent LRA so each test changes one thing.
"""

import datetime
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from anggaran.lra import LraBaris, LraError, baca_lra, parse_angka

SAMPEL = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"
UANG = ("anggaran_sebelum", "anggaran_setelah", "realisasi_bulan_lalu", "realisasi_bulan_ini", "realisasi_sd")


@pytest.fixture(scope="module")
def sampel():
    return baca_lra(SAMPEL)


# --- the demo export ---------------------------------------------------------


def test_sample_header_gives_opd_urusan_year_and_month(sampel):
    assert sampel.nama_file == "lra-2025-09-kedungjajang.xlsx"
    assert sampel.sheet == "Laporan"
    assert sampel.opd_kode == "7.01.0.00.0.00.21.0000"
    assert sampel.opd_nama == "KECAMATAN KEDUNGGAJANG"  # as printed; the caller matches the OPD by code
    assert sampel.urusan == "7.01"
    assert (sampel.tahun, sampel.bulan) == (2025, 9)


def test_sample_reads_without_warnings(sampel):
    # The seed's "Jumlah Belanja" sign error sits on a footer row, which has no code and is skipped.
    assert sampel.peringatan == []


def test_sample_keeps_every_coded_row_in_file_order_and_no_footer(sampel):
    assert len(sampel.baris) == 292
    assert [b.baris for b in sampel.baris] == list(range(12, 304))
    assert sampel.baris[0].uraian == "BELANJA DAERAH"
    assert sampel.baris[-1].kode_teks == "7 01 7 01 00 01 2.07.0006 5 2 02 10 02 0003"
    assert not any(b.uraian in ("Jumlah Belanja", "Surplus / Defisit") for b in sampel.baris)


def test_sample_amounts_are_exact_decimals(sampel):
    belanja_daerah = sampel.baris[0]

    assert belanja_daerah == LraBaris(
        sheet="Laporan",
        baris=12,
        kode=belanja_daerah.kode,
        kode_teks="7 01 7 01 00 00 00 5",
        uraian="BELANJA DAERAH",
        anggaran_sebelum=Decimal("1944944567"),
        anggaran_setelah=Decimal("2106934365"),
        realisasi_bulan_lalu=Decimal("1100140947"),
        realisasi_bulan_ini=Decimal("136761929"),
        realisasi_sd=Decimal("1236902876"),
        persen=Decimal("58.71"),
        sisa=Decimal("870031489"),
    )
    assert all(isinstance(getattr(b, f), Decimal) for b in sampel.baris for f in (*UANG, "persen", "sisa"))


def test_sample_has_31_sub_kegiatan(sampel):
    sub = sampel.sub_kegiatan()

    assert len(sub) == 31
    assert len({b.kode.kode() for b in sub}) == 31
    modal = [b for b in sub if b.kode.kelompok == "5 2"]
    assert [b.kode.kode().e81 for b in modal] == ["7.01.01.207.06"]
    assert {b.kode.kode().program for b in sub} == {"01", "02", "03", "05", "06"}


def test_sample_sub_kegiatan_add_up_to_belanja_daerah(sampel):
    sub = sampel.sub_kegiatan()

    assert sum(b.realisasi_sd for b in sub) == Decimal("1236902876")
    assert sum(b.anggaran_setelah for b in sub) == Decimal("2106934365")


def test_sample_program_01_is_the_sum_of_its_operasi_and_modal_rows(sampel):
    program_01 = [b for b in sampel.baris if b.kode.jenis_baris == "program" and b.kode.program == "01"]

    assert [b.kode.kelompok for b in program_01] == ["5 1", "5 2"]
    assert sum(b.anggaran_setelah for b in program_01) == Decimal("2014894365")
    assert sum(b.realisasi_sd for b in program_01) == Decimal("1191647876")


def test_sample_leaf_rekening_add_up_to_their_sub_kegiatan_row(sampel):
    jumlah = defaultdict(lambda: dict.fromkeys(UANG, Decimal(0)))
    for b in sampel.rekening_daun():
        for f in UANG:
            jumlah[(b.kode.kode(), b.kode.kelompok)][f] += getattr(b, f)

    sub = sampel.sub_kegiatan()
    assert len(jumlah) == len(sub)
    for b in sub:
        assert jumlah[(b.kode.kode(), b.kode.kelompok)] == {f: getattr(b, f) for f in UANG}, b.kode_teks
    assert all(len(b.kode.akun.split()) == 6 for b in sampel.rekening_daun())


def test_sample_reads_from_a_file_object(sampel):
    dok = baca_lra(io.BytesIO(SAMPEL.read_bytes()), nama_file="lra-september.xlsx")

    assert dok.nama_file == "lra-september.xlsx"
    assert dok.baris == sampel.baris


# --- small workbooks ---------------------------------------------------------

K = "7 01 7 01 00"
JUDUL = [
    ["PEMERINTAH KABUPATEN LUMAJANG"],
    ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH"],
    ["TAHUN ANGGARAN 2025"],
    ["BAGIAN BULAN september"],
    [],
    ["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"],
    ["ORGANISASI", ": 7.01.0.00.0.00.21.0000 KECAMATAN KEDUNGJAJANG"],
    [],
]
KEPALA_TABEL = [
    ["KODE REKENING", "URAIAN", "ANGGARAN", None, "REALISASI", None, None, "%", "SISA ANGGARAN"],
    [None, None, "SEBELUM PERUBAHAN", "SETELAH PERUBAHAN", "BULAN LALU", "BULAN INI", "S/D BULAN INI"],
    ["1", "2", "3", "4", "5", "5", "5", "6 = 5/4", "7"],
]
# kode, uraian, sebelum, setelah, bulan lalu, bulan ini, s/d, %, sisa — every sum and ratio holds.
DATA = [
    [f"{K} 00 00 5", "BELANJA DAERAH", 1500, 1700, 300, 200, 500, 29.41, 1200],
    [f"{K} 00 00 5 1", "BELANJA OPERASI", 1000, 1200, 300, 200, 500, 41.67, 700],
    [f"{K} 01 00 5 1", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 1000, 1200, 300, 200, 500, 41.67, 700],
    [f"{K} 01 2.01.0001 5 1", "Penyusunan Dokumen Perencanaan Perangkat Daerah", 1000, 1200, 300, 200, 500, 41.67, 700],
    [f"{K} 01 2.01.0001 5 1 02", "Belanja Barang dan Jasa", 1000, 1200, 300, 200, 500, 41.67, 700],
    [f"{K} 01 2.01.0001 5 1 02 01", "Belanja Barang", 400, 500, 100, 100, 200, 40, 300],
    [f"{K} 01 2.01.0001 5 1 02 01 01", "Belanja Barang Pakai Habis", 400, 500, 100, 100, 200, 40, 300],
    [f"{K} 01 2.01.0001 5 1 02 01 01 0026", "Belanja Alat/Bahan untuk Kegiatan Kantor- Bahan Cetak", 400, 500, 100, 100, 200, 40, 300],
    [f"{K} 01 2.01.0001 5 1 02 04", "Belana Perjalanan Dinas", 600, 700, 200, 100, 300, 42.86, 400],
    [f"{K} 01 2.01.0001 5 1 02 04 01", "Belanja Perjalanan Dinas Dalam Negeri", 600, 700, 200, 100, 300, 42.86, 400],
    [f"{K} 01 2.01.0001 5 1 02 04 01 0003", "Belanja Perjalanan Dinas Dalam Kota", 600, 700, 200, 100, 300, 42.86, 400],
    [f"{K} 00 00 5 2", "BELANJA MODAL", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 00 5 2", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 2.07.0006 5 2", "Pengadaan Peralatan dan Mesin Lainnya", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 2.07.0006 5 2 02", "Belanja Modal Peralatan dan Mesin", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 2.07.0006 5 2 02 10", "Belanja Modal Komputer", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 2.07.0006 5 2 02 10 01", "Belanja Modal Komputer Unit", 500, 500, 0, 0, 0, 0, 500],
    [f"{K} 01 2.07.0006 5 2 02 10 01 0002", "Belanja Modal Personal Computer", 500, 500, 0, 0, 0, 0, 500],
]
PENUTUP = [
    [None, "Jumlah Belanja", 1500, 1700, 300, 200, 500, 29.41, -1200],
    [None, "Surplus / Defisit", -1500, -1700, -300, -200, -500, 29.41, 1200],
]
TANDA_TANGAN = [
    [],
    ["Lumajang, 30 September 2025", None, None, None, None, None, "Lumajang, 30 September 2025"],
    [None, None, None, None, None, None, "CAMAT KEDUNGJAJANG"],
    [],
    [None, None, None, None, None, None, "NAMA CAMAT, S.Sos"],
    [None, None, None, None, None, None, "NIP. 19700101 199003 1 001"],
    ["BUPATI LUMAJANG"],
    [datetime.datetime(2025, 9, 30), "Dicetak dari SIPD"],
]
BARIS_DATA_PERTAMA = len(JUDUL) + len(KEPALA_TABEL) + 1  # row 12, as in the demo export


def laporan(data=None, *, judul=True, penutup=True):
    return [*(JUDUL if judul else []), *KEPALA_TABEL, *(DATA if data is None else data), *(PENUTUP if penutup else [])]


def tulis(path, sheets, *, baris_awal=1, kolom_awal=1):
    """Write {sheet name: rows} to an xlsx, the table's top-left corner at (baris_awal, kolom_awal)."""
    wb = Workbook()
    wb.remove(wb.active)
    for nama, rows in sheets.items():
        ws = wb.create_sheet(nama)
        for i, row in enumerate(rows):
            for j, nilai in enumerate(row):
                if nilai is not None:
                    ws.cell(row=baris_awal + i, column=kolom_awal + j, value=nilai)
    wb.save(path)
    return path


def ganti(data, kode, **nilai):
    """A copy of data with the row of `kode` changed in the named columns."""
    kolom = {"sebelum": 2, "setelah": 3, "lalu": 4, "ini": 5, "sd": 6, "persen": 7, "sisa": 8}
    hasil = [list(r) for r in data]
    row = next(r for r in hasil if r[0] == kode)
    for nama, v in nilai.items():
        row[kolom[nama]] = v
    return hasil


def rupiah(v):
    """Indonesian text: 1.000,00 / 41,67 / - for zero."""
    if v == 0:
        return "-"
    bulat, _, pecahan = f"{abs(v):,.2f}".partition(".")
    return ("-" if v < 0 else "") + bulat.replace(",", ".") + "," + pecahan


def ringkas(dok):
    return [(b.kode_teks, b.uraian, *(getattr(b, f) for f in (*UANG, "persen", "sisa"))) for b in dok.baris]


@pytest.fixture
def dasar(tmp_path):
    return baca_lra(tulis(tmp_path / "dasar.xlsx", {"Laporan": laporan()}))


def test_small_lra_reads_clean(dasar):
    assert dasar.peringatan == []
    assert (dasar.opd_kode, dasar.opd_nama, dasar.urusan, dasar.tahun, dasar.bulan) == (
        "7.01.0.00.0.00.21.0000",
        "KECAMATAN KEDUNGJAJANG",
        "7.01",
        2025,
        9,
    )
    assert len(dasar.baris) == len(DATA)
    assert dasar.baris[0].baris == BARIS_DATA_PERTAMA
    assert [b.kode_teks for b in dasar.rekening_daun()] == [
        f"{K} 01 2.01.0001 5 1 02 01 01 0026",
        f"{K} 01 2.01.0001 5 1 02 04 01 0003",
        f"{K} 01 2.07.0006 5 2 02 10 01 0002",
    ]


def test_header_moved_down_with_extra_blank_columns(tmp_path, dasar):
    # A blank column between URAIAN and the money columns and one after the table,
    # the whole table shifted 4 rows down and 2 columns right.
    rows = [[*r[:2], None, *r[2:], None] if len(r) > 2 else list(r) for r in laporan()]
    dok = baca_lra(tulis(tmp_path / "geser.xlsx", {"Laporan": rows}, baris_awal=5, kolom_awal=3))

    assert dok.peringatan == []
    assert ringkas(dok) == ringkas(dasar)
    assert dok.baris[0].baris == BARIS_DATA_PERTAMA + 4
    assert (dok.tahun, dok.bulan, dok.opd_kode) == (2025, 9, "7.01.0.00.0.00.21.0000")


def test_header_on_one_row_with_money_columns_in_another_order(tmp_path, dasar):
    urutan = [0, 1, 8, 7, 6, 5, 4, 3, 2]  # kode, uraian, sisa, %, s/d, ini, lalu, setelah, sebelum
    kepala = [
        "Kode Rekening",
        "Uraian",
        "Sisa Anggaran",
        "%",
        "Realisasi s.d. Bulan Ini",
        "Realisasi Bulan Ini",
        "Realisasi Bulan Lalu",
        "Anggaran Setelah Perubahan",
        "Anggaran Sebelum Perubahan",
    ]
    rows = [*JUDUL, kepala, *([r[i] for i in urutan] for r in DATA)]
    dok = baca_lra(tulis(tmp_path / "urutan.xlsx", {"Laporan": rows}))

    assert dok.peringatan == []
    assert ringkas(dok) == ringkas(dasar)


def test_amounts_as_indonesian_text(tmp_path, dasar):
    teks = [[r[0], r[1], *(rupiah(v) if i < 5 else str(v).replace(".", ",") for i, v in enumerate(r[2:]))] for r in DATA]
    assert teks[0][2:] == ["1.500,00", "1.700,00", "300,00", "200,00", "500,00", "29,41", "1200"]
    dok = baca_lra(tulis(tmp_path / "teks.xlsx", {"Laporan": laporan(teks)}))

    assert dok.peringatan == []
    assert ringkas(dok) == ringkas(dasar)


def test_repeated_page_headers_inside_the_table_are_skipped(tmp_path, dasar):
    data = [*DATA[:6], [], ["Halaman 2"], *JUDUL[:4], *KEPALA_TABEL, *DATA[6:12], *KEPALA_TABEL, *DATA[12:]]
    dok = baca_lra(tulis(tmp_path / "halaman.xlsx", {"Laporan": laporan(data)}))

    assert dok.peringatan == []
    assert ringkas(dok) == ringkas(dasar)


def test_signature_block_after_the_table_is_skipped(tmp_path, dasar):
    dok = baca_lra(tulis(tmp_path / "ttd.xlsx", {"Laporan": laporan() + TANDA_TANGAN}))

    assert dok.peringatan == []
    assert ringkas(dok) == ringkas(dasar)


def test_a_cover_sheet_before_the_report_is_passed_over(tmp_path, dasar):
    sampul = [
        ["LAPORAN REALISASI ANGGARAN"],
        ["TAHUN ANGGARAN 2025"],
        ["BAGIAN BULAN SEPTEMBER"],
        ["ORGANISASI : 7.01.0.00.0.00.21.0000 KECAMATAN KEDUNGJAJANG"],
    ]
    path = tulis(tmp_path / "sampul.xlsx", {"Sampul": sampul, "Laporan": laporan(judul=False)})
    dok = baca_lra(path)

    assert dok.sheet == "Laporan"
    assert ringkas(dok) == ringkas(dasar)
    assert (dok.tahun, dok.bulan, dok.opd_kode) == (2025, 9, "7.01.0.00.0.00.21.0000")  # found on the cover
    assert dok.baris[0].baris == len(KEPALA_TABEL) + 1


def test_a_bad_amount_names_sheet_row_and_column(tmp_path):
    data = ganti(DATA, f"{K} 01 2.01.0001 5 1", setelah="12a")
    nomor = BARIS_DATA_PERTAMA + 3

    with pytest.raises(LraError) as exc:
        baca_lra(tulis(tmp_path / "salah.xlsx", {"Laporan": laporan(data)}))

    e = exc.value
    assert str(e) == e.pesan == (f"Nilai '12a' di sheet Laporan baris {nomor} kolom D (ANGGARAN SETELAH PERUBAHAN) bukan angka.")
    assert (e.sheet, e.baris, e.kolom) == ("Laporan", nomor, "D (ANGGARAN SETELAH PERUBAHAN)")


def test_an_empty_amount_on_a_coded_row_is_an_error(tmp_path):
    data = ganti(DATA, f"{K} 01 2.01.0001 5 1 02 01", lalu=None)

    with pytest.raises(LraError, match=rf"sheet Laporan baris {BARIS_DATA_PERTAMA + 5} kolom E \(REALISASI BULAN LALU\) kosong"):
        baca_lra(tulis(tmp_path / "kosong.xlsx", {"Laporan": laporan(data)}))


def test_a_malformed_code_names_sheet_row_and_column(tmp_path):
    data = [list(r) for r in DATA]
    data[4][0] = f"{K} 01 2.01.001 5 1 02"

    with pytest.raises(LraError) as exc:
        baca_lra(tulis(tmp_path / "kode.xlsx", {"Laporan": laporan(data)}))

    assert (exc.value.sheet, exc.value.baris, exc.value.kolom) == ("Laporan", BARIS_DATA_PERTAMA + 4, "A")
    assert f"'{K} 01 2.01.001 5 1 02'" in str(exc.value)
    assert f"Sheet Laporan baris {BARIS_DATA_PERTAMA + 4} kolom A" in str(exc.value)


def test_a_pdf_renamed_to_xlsx_is_refused(tmp_path):
    path = tmp_path / "lra.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    with pytest.raises(LraError) as exc:
        baca_lra(path)

    assert str(exc.value).startswith("Berkas 'lra.xlsx' bukan berkas Excel (.xlsx) yang dapat dibaca.")
    assert "PDF" in str(exc.value)
    assert exc.value.sheet is None


def test_garbage_from_a_file_object_is_refused():
    with pytest.raises(LraError, match=r"Berkas 'unggah.xlsx' bukan berkas Excel \(\.xlsx\)"):
        baca_lra(io.BytesIO(b"PK\x03\x04 not really a zip"), nama_file="unggah.xlsx")


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(LraError, match="'tidak-ada.xlsx' tidak ditemukan"):
        baca_lra(tmp_path / "tidak-ada.xlsx")


def test_a_workbook_without_an_lra_table_names_its_sheets(tmp_path):
    path = tulis(tmp_path / "lain.xlsx", {"Sampul": [["LAPORAN"]], "Rekap": [["KODE", "NAMA", "JUMLAH"], ["1", "a", 2]]})

    with pytest.raises(LraError) as exc:
        baca_lra(path)

    assert "KODE REKENING" in str(exc.value)
    assert "Sampul, Rekap" in str(exc.value)


def test_a_header_missing_a_money_column_is_refused(tmp_path):
    kepala = [[c for i, c in enumerate(r) if i != 4] for r in KEPALA_TABEL]  # no BULAN LALU
    rows = [*JUDUL, *kepala, *([c for i, c in enumerate(r) if i != 4] for r in DATA)]

    with pytest.raises(LraError, match=r"Sheet Laporan baris 9: kolom REALISASI BULAN LALU tidak ditemukan"):
        baca_lra(tulis(tmp_path / "kurang.xlsx", {"Laporan": rows}))


def test_a_header_without_coded_rows_is_refused(tmp_path):
    with pytest.raises(LraError, match="tidak ada baris berkode rekening"):
        baca_lra(tulis(tmp_path / "kosong.xlsx", {"Laporan": laporan([])}))


# --- warnings ----------------------------------------------------------------


def test_a_child_that_does_not_add_up_to_its_parent_is_a_warning_with_the_row(tmp_path):
    # The leaf itself is consistent (s/d, %, sisa); only its parent's sum breaks.
    data = ganti(DATA, f"{K} 01 2.01.0001 5 1 02 01 01 0026", setelah=501, persen=39.92, sisa=301)
    dok = baca_lra(tulis(tmp_path / "jumlah.xlsx", {"Laporan": laporan(data)}))

    induk = BARIS_DATA_PERTAMA + 6
    assert len(dok.peringatan) == 1
    assert dok.peringatan[0].startswith(f"Sheet Laporan baris {induk} ({K} 01 2.01.0001 5 1 02 01 01)")
    assert f"(baris {induk + 1})" in dok.peringatan[0]
    assert "anggaran setelah perubahan tertulis 500, jumlah rincian 501" in dok.peringatan[0]


def test_program_rows_that_do_not_add_up_to_belanja_operasi_are_a_warning(tmp_path):
    data = ganti(DATA, f"{K} 00 00 5 1", sebelum=999)
    dok = baca_lra(tulis(tmp_path / "bo.xlsx", {"Laporan": laporan(data)}))

    assert [p[:60] for p in dok.peringatan] == [
        f"Sheet Laporan baris {BARIS_DATA_PERTAMA} ({K} 00 00 5) BELANJA DAERAH: angka baris ini"[:60],
        f"Sheet Laporan baris {BARIS_DATA_PERTAMA + 1} ({K} 00 00 5 1) BELANJA OPERASI: angka baris ini"[:60],
    ]
    assert "anggaran sebelum perubahan tertulis 999, jumlah rincian 1.000" in dok.peringatan[1]


@pytest.mark.parametrize(
    "ubah, potongan",
    [
        (
            {"sd": 501, "persen": 41.75, "sisa": 699},
            "realisasi s/d bulan ini 501 tidak sama dengan realisasi bulan lalu 300 + bulan ini 200 = 500",
        ),
        (
            {"persen": 41.66},
            "persentase tertulis 41,66 tidak sama dengan realisasi s/d bulan ini ÷ anggaran setelah perubahan × 100 = 41,67",
        ),
        ({"sisa": 701}, "sisa anggaran tertulis 701 tidak sama dengan anggaran setelah perubahan − realisasi s/d bulan ini = 700"),
    ],
)
def test_row_arithmetic_that_does_not_hold_is_a_warning_with_the_row(tmp_path, ubah, potongan):
    data = ganti(DATA, f"{K} 01 2.01.0001 5 1", **ubah)
    dok = baca_lra(tulis(tmp_path / "baris.xlsx", {"Laporan": laporan(data)}))

    pesan = [p for p in dok.peringatan if p.startswith(f"Sheet Laporan baris {BARIS_DATA_PERTAMA + 3} ")]
    assert any(potongan in p for p in pesan), dok.peringatan


def test_a_zero_budget_prints_zero_percent_without_warning(tmp_path):
    data = [*DATA, [f"{K} 01 2.01.0001 5 1 02 02", "Belanja Jasa", 0, 0, 0, 0, 0, 0, 0]]
    dok = baca_lra(tulis(tmp_path / "nol.xlsx", {"Laporan": laporan(data)}))

    assert dok.peringatan == []


def test_a_sub_kegiatan_without_rekening_lines_is_a_warning(tmp_path):
    data = [r for r in DATA if not r[0].startswith(f"{K} 01 2.07.0006 5 2 ")]
    dok = baca_lra(tulis(tmp_path / "tanpa.xlsx", {"Laporan": laporan(data)}))

    assert dok.peringatan == [
        f"Sheet Laporan baris {BARIS_DATA_PERTAMA + 13} ({K} 01 2.07.0006 5 2): sub kegiatan ini tidak memiliki rincian kode rekening."
    ]


def test_a_repeated_code_is_a_warning(tmp_path):
    data = [*DATA, DATA[7]]
    dok = baca_lra(tulis(tmp_path / "ganda.xlsx", {"Laporan": laporan(data)}))

    assert (
        f"Sheet Laporan baris {BARIS_DATA_PERTAMA + len(DATA)} ({DATA[7][0]}): kode rekening ini sudah muncul di baris {BARIS_DATA_PERTAMA + 7}."
        in dok.peringatan
    )


def test_missing_year_and_month_are_warnings(tmp_path):
    dok = baca_lra(tulis(tmp_path / "tanpa-judul.xlsx", {"Laporan": laporan(judul=False)}))

    assert (dok.tahun, dok.bulan, dok.opd_kode) == (None, None, None)
    assert len(dok.peringatan) == 2
    assert "tahun anggaran tidak ditemukan" in dok.peringatan[0]
    assert "bulan laporan tidak ditemukan" in dok.peringatan[1]


# --- parse_angka -------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai, hasil",
    [
        (1944944567, Decimal("1944944567")),
        (1944944567.0, Decimal("1944944567")),
        (58.71, Decimal("58.71")),
        (0.1, Decimal("0.1")),
        (Decimal("12.50"), Decimal("12.50")),
        ("1.944.944.567,00", Decimal("1944944567")),
        ("-1.000,00", Decimal("-1000")),
        ("1944944567", Decimal("1944944567")),
        ("0", Decimal("0")),
        ("0,00", Decimal("0")),
        ("-", Decimal("0")),
        ("58,71", Decimal("58.71")),
        ("58,71 %", Decimal("58.71")),
        ("58.71", Decimal("58.71")),
        ("1.000", Decimal("1000")),
        ("Rp. 2.014.894.365", Decimal("2014894365")),
        ("\u00a01.500\u00a0", Decimal("1500")),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_angka_reads_numbers_and_indonesian_text(nilai, hasil):
    assert parse_angka(nilai, sheet="Laporan", baris=14, kolom="D (ANGGARAN SETELAH PERUBAHAN)") == hasil


def test_parse_angka_turns_integral_floats_into_exact_integers():
    assert str(parse_angka(2106934365.0, sheet="L", baris=1, kolom="D")) == "2106934365"


@pytest.mark.parametrize(
    "nilai", ["abc", "12a", "(1.000)", "1,944,944.00", "1.94.944", "1 000", "--5", True, float("nan"), datetime.date(2025, 9, 30)]
)
def test_parse_angka_refuses_anything_else_naming_where(nilai):
    with pytest.raises(LraError) as exc:
        parse_angka(nilai, sheet="Laporan", baris=14, kolom="D (ANGGARAN SETELAH PERUBAHAN)")

    assert str(exc.value) == f"Nilai '{nilai}' di sheet Laporan baris 14 kolom D (ANGGARAN SETELAH PERUBAHAN) bukan angka."
    assert (exc.value.sheet, exc.value.baris, exc.value.kolom) == ("Laporan", 14, "D (ANGGARAN SETELAH PERUBAHAN)")
