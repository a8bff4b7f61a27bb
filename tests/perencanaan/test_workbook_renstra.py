"""The planning workbook's sheet "Renstra" and Formulir E.81 columns 6, 7, 15 and 16 (decisions §6).

Column 6 is the Renstra period's end target, 7 the realisation of the period's earlier years
(a count adds them up, an index keeps the latest), 15 = 7 + 13 (an index: the latest value),
16 = 15 ÷ 6. The seed prints no Renstra figures for the table rows, so the demo has none and the
figures here are the test's own.
"""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from openpyxl import load_workbook

from lkj.e81 import laporan_e81
from lkj.selectors import pengukuran_opd
from perencanaan.selectors import workbook_ekspor
from perencanaan.services import WorkbookError, workbook_import
from perencanaan.workbook import nilai_lembar, tulis_workbook
from renja.models import NilaiRenstra

SUB = "s01_201_01_dokumen_perencanaan"  # jumlah: target 3 dokumen, realisasi TW III 3, Rp 3.150.000 (LRA September)
IPP = "p02_indeks_pelayanan_publik"  # indeks: target 63, realisasi TW III 69,58
RENSTRA = [
    {"indikator": IPP, "periode": "2024-2026", "tahun": None, "kinerja": Decimal(67), "anggaran": None},
    {"indikator": IPP, "periode": "2024-2026", "tahun": 2024, "kinerja": Decimal("61.5"), "anggaran": None},
    {"indikator": SUB, "periode": "2024-2026", "tahun": None, "kinerja": Decimal(9), "anggaran": Decimal(14000000)},
    {"indikator": SUB, "periode": "2024-2026", "tahun": 2024, "kinerja": Decimal(3), "anggaran": Decimal(4500000)},
]


def _buku(opd, renstra=RENSTRA):
    buku = workbook_ekspor(opd, 2025)
    buku["Renstra"] = [dict(r) for r in renstra]
    return buku


def _jumlah():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def _baris(opd, kode_indikator, tw=3):
    from renja.models import Indikator

    uraian = Indikator.objects.get(opd=opd, kode=kode_indikator).uraian
    return next(r for r in laporan_e81(pengukuran_opd(opd, 2025, tw)).as_json()["rows"] if r["indikator"] == uraian)


def test_the_renstra_sheet_round_trips_and_its_preview_lists_the_rows(opd):
    isi = tulis_workbook(_buku(opd))
    p = workbook_import(isi=isi, nama_file="x.xlsx", oleh=None, pratinjau=True)
    assert p.jumlah["Renstra"] == {"baru": 4, "diubah": 0, "tetap": 0}
    assert any("Renstra 2024-2026" in s and "target akhir periode (kolom 6) baru" in s and "tahun 2025 s.d. 2026" in s for s in p.berlaku)
    assert not NilaiRenstra.objects.exists()  # the preview wrote nothing

    workbook_import(isi=isi, nama_file="x.xlsx", oleh=None)
    assert NilaiRenstra.objects.count() == 4
    ekspor = tulis_workbook(workbook_ekspor(opd, 2025))
    assert nilai_lembar(ekspor)["Renstra"] == nilai_lembar(isi)["Renstra"]
    assert nilai_lembar(ekspor)["Renstra"][3] == (SUB, "2024-2026", None, 9, 14000000)
    sebelum = _jumlah()
    r = workbook_import(isi=ekspor, nama_file="x.xlsx", oleh=None)
    assert not r.ada_perubahan and _jumlah() == sebelum

    ubah = [dict(x) for x in RENSTRA]
    ubah[2]["kinerja"] = Decimal(10)
    p = workbook_import(isi=tulis_workbook(_buku(opd, ubah)), nama_file="x.xlsx", oleh=None, pratinjau=True)
    assert p.jumlah["Renstra"]["diubah"] == 1
    assert any("Lembar 'Renstra' baris 4" in s and "'9' → '10'" in s for s in p.perubahan)


def test_a_workbook_written_before_the_renstra_sheet_still_imports_and_changes_nothing(opd):
    wb = load_workbook(io.BytesIO(tulis_workbook(workbook_ekspor(opd, 2025))))
    del wb["Renstra"]
    out = io.BytesIO()
    wb.save(out)
    r = workbook_import(isi=out.getvalue(), nama_file="lama.xlsx", oleh=None)
    assert not r.ada_perubahan


def test_bad_renstra_cells_are_refused_with_sheet_row_and_column_and_nothing_is_written(opd):
    salah = [
        {"indikator": "tidak_ada", "periode": "2024-2026", "tahun": None, "kinerja": Decimal(1), "anggaran": None},
        {"indikator": SUB, "periode": "2026-2030", "tahun": None, "kinerja": Decimal(1), "anggaran": None},
        {"indikator": IPP, "periode": "2024-2026", "tahun": 2025, "kinerja": Decimal(1), "anggaran": None},
        {"indikator": IPP, "periode": "2024-2026", "tahun": None, "kinerja": None, "anggaran": None},
        {"indikator": IPP, "periode": "2024-2026", "tahun": None, "kinerja": Decimal(-1), "anggaran": None},
        {"indikator": IPP, "periode": "2025-2029", "tahun": 2024, "kinerja": Decimal(1), "anggaran": None},
    ]
    sebelum = _jumlah()
    with pytest.raises(WorkbookError) as exc:
        workbook_import(isi=tulis_workbook(_buku(opd, salah)), nama_file="x.xlsx", oleh=None)
    teks = "\n".join(str(k) for k in exc.value.kesalahan)
    assert "Lembar 'Renstra', baris 2, kolom 'Indikator (kode)': indikator 'tidak_ada' tidak ada di lembar Indikator." in teks
    assert "Lembar 'Renstra', baris 3, kolom 'Periode Renstra': periode Renstra 2026-2030 tidak mencakup tahun 2025" in teks
    assert (
        "Lembar 'Renstra', baris 4, kolom 'Tahun realisasi (kosong = target akhir periode)': realisasi Renstra diisi untuk "
        "tahun 2024 s.d. 2024" in teks
    )
    assert "Lembar 'Renstra', baris 5, kolom 'Kinerja (K)': isi Kinerja (K), Anggaran (Rp), atau keduanya." in teks
    assert "Lembar 'Renstra', baris 6, kolom 'Tahun realisasi (kosong = target akhir periode)': target akhir periode" in teks
    assert "Lembar 'Renstra', baris 6, kolom 'Kinerja (K)': target tidak boleh negatif." in teks
    assert "Lembar 'Renstra', baris 7, kolom 'Periode Renstra': indikator ini sudah memakai periode 2024-2026" in teks
    assert _jumlah() == sebelum

    # a number typed the ambiguous way is refused by the reader, with its cell
    wb = load_workbook(io.BytesIO(tulis_workbook(_buku(opd))))
    wb["Renstra"]["D2"].value = "1.5"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookError, match=r"Lembar 'Renstra', baris 2, kolom 'Kinerja \(K\)': '1.5' tidak jelas"):
        workbook_import(isi=out.getvalue(), nama_file="x.xlsx", oleh=None)
    assert not NilaiRenstra.objects.exists()


def test_e81_columns_6_7_15_16_follow_decisions_6(opd):
    workbook_import(isi=tulis_workbook(_buku(opd)), nama_file="x.xlsx", oleh=None)

    sub = _baris(opd, SUB)
    assert (sub["realisasi_k"], sub["realisasi_rp"]) == ("3", "3150000")  # column 13
    assert (sub["renstra_target_k"], sub["renstra_target_rp"]) == ("9", "14000000")  # 6
    assert (sub["renstra_sd_tahun_lalu_k"], sub["renstra_sd_tahun_lalu_rp"]) == ("3", "4500000")  # 7
    assert (sub["renstra_sd_tahun_ini_k"], sub["renstra_sd_tahun_ini_rp"]) == ("6", "7650000")  # 15 = 7 + 13
    assert (sub["renstra_capaian_k"], sub["renstra_capaian_rp"]) == ("66.67", "54.64")  # 16 = 15 / 6

    ipp = _baris(opd, IPP)  # an index: 15 is the latest value, never a sum
    assert ipp["renstra_sd_tahun_lalu_k"] == "61.50" and ipp["renstra_sd_tahun_ini_k"] == "69.58"
    assert ipp["renstra_capaian_k"] == "103.85"  # 69,58 / 67
    assert ipp["renstra_target_rp"] is None and ipp["renstra_sd_tahun_ini_rp"] is None and ipp["renstra_capaian_rp"] is None

    # a row without Renstra data stays empty in every Renstra column
    lain = _baris(opd, "p01_pemenuhan_fasilitasi_operasional")
    assert all(v is None for k, v in lain.items() if k.startswith("renstra_"))


def test_the_demo_has_no_renstra_figures_so_its_e81_leaves_the_columns_empty(opd):
    lap = laporan_e81(pengukuran_opd(opd, 2025, 3))
    assert not NilaiRenstra.objects.exists() and not lap.ada_renstra
    assert all(r["renstra_target_k"] is None for r in lap.as_json()["rows"])


def test_the_e81_page_and_printed_form_show_the_renstra_columns(opd, client):
    import re

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from lkj.dokumen import render, services

    workbook_import(isi=tulis_workbook(_buku(opd)), nama_file="x.xlsx", oleh=None)
    d = services.data_dokumen("e81", opd, 2025, 3, None, services.tanggal_baku(2025, 3))
    html = render.html("dokumen/e81.html", services.konteks("e81", d))
    baris = next(b for b in html.split("<tr") if "7.01.01.201.01" in b)
    sel = [re.sub(r"<[^>]+>", "", s).strip() for s in re.findall(r"<td[^>]*>(.*?)</td>", baris, re.S)]
    assert sel[5:9] == ["9 dokumen", "14.000.000", "3", "4.500.000"]  # 6, 7
    assert sel[23:27] == ["6", "7.650.000", "66,67%", "54,64%"]  # 15, 16

    client.force_login(get_user_model().objects.get(username="operator"))
    halaman = client.get(reverse("e81"), {"opd": opd.kode, "tahun": 2025, "triwulan": 3}).content.decode()
    assert "Target Renstra akhir periode" in halaman and "66,67%" in halaman and "7.650.000" in halaman
