"""E.81 columns 9–12 (realisation at the end of TW I–IV): which quarters are reported is decided once, by the
data object, and the PDF's HTML and the spreadsheet both print what it says (decisions §6: "a quarter not
yet reported is empty"). Before, the template and the XLSX writer each compared the column with the quarter.
"""

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from lkj.dokumen import data as D
from lkj.dokumen import render
from lkj.dokumen import services as ds


def _baris_p1(d):
    return next(r for r in d.rows if r.baris.kode == "7.01.01")


def test_the_tw_iii_e81_reports_tw_i_to_iii_and_leaves_tw_iv_empty(opd):
    row = _baris_p1(D.data_e81(opd, 2025, 3))
    assert [(t.triwulan, t.dilaporkan) for t in row.kolom_tw] == [(1, True), (2, True), (3, True), (4, False)]
    assert (row.kolom_tw[2].k, row.kolom_tw[2].rp) == (row.baris.realisasi_k, row.baris.realisasi_rp)  # = column 13
    assert (row.kolom_tw[3].k, row.kolom_tw[3].rp) == (None, None)


def _sel_tw(html: str, kode: str) -> list[str]:
    """The eight TW cells (9 K … 12 Rp) of the row with ``kode`` in column 3."""
    import re

    baris = next(b for b in html.split("<tr") if f"<td>{kode}</td>" in b)
    sel = re.findall(r"<td[^>]*>(.*?)</td>", baris, re.S)
    return [s.strip() for s in sel[11:19]]


def test_html_and_xlsx_print_exactly_the_quarters_the_data_object_reports(opd, monkeypatch):
    d = D.data_e81(opd, 2025, 3)
    # Let the data object say something other than "up to TW III": both formats must follow it, not decide again.
    lain = tuple(D.KolomTw(tw, tw != 2, Decimal(7), Decimal(700)) for tw in (1, 2, 3, 4))
    d.rows = [D.BarisE81Dokumen(r.baris, lain) for r in d.rows]
    html = render.html(ds.SPESIFIKASI["e81"].template, ds.konteks("e81", d))
    assert _sel_tw(html, "7.01.01") == ["7", "700", "", "", "7", "700", "7", "700"]
    ws = load_workbook(BytesIO(render.xlsx_e81(d)))["Formulir E.81"]
    r = next(c.row for c in ws["C"] if c.value == "7.01.01")
    assert [ws.cell(row=r, column=c).value for c in range(12, 20)] == [7, 700, None, None, 7, 700, 7, 700]
