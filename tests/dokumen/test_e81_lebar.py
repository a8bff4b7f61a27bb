"""The E.81 PDF reads well on its landscape F4 page: the indicator column (5) — the longest text of the form,
indicator and formulasi — is its widest column, so a row is a few lines tall and a page holds several rows;
a unit beside a target may wrap under its number; nothing runs past the page edge (decisions §6)."""

import re
import statistics

import pytest

from lkj.dokumen import render
from lkj.dokumen import services as ds
from tests.dokumen import cetak

pytestmark = pytest.mark.pdf_asli  # the layout itself: WeasyPrint as in production


@pytest.fixture
def e81_pdf(opd, cetakan):
    """The demo's E.81 as every document of the quarter is rendered once per run (tests/dokumen/conftest.py)."""
    return ds.data_dokumen("e81", opd, 2025, 3, None, ds.tanggal_baku(2025, 3)), cetakan["e81"]


def _lebar_kolom(h: cetak.Halaman) -> dict[int, float]:
    """Each column's width on a page, from the row of column numbers under the header (1 … 18, centred):
    a column ends halfway between its number and the next one's."""
    baris = {}
    for x0, y0, x1, _y1, w in h.kata:
        if re.fullmatch(r"\d{1,2}", w):
            baris.setdefault(round(y0), []).append(((x0 + x1) / 2, int(w)))
    nomor = next(sorted(v) for v in baris.values() if [n for _x, n in sorted(v)][:5] == [1, 2, 3, 4, 5])
    tengah = {n: x for x, n in nomor if n <= 18}
    return {n: (tengah[n + 1] - tengah[n - 1]) / 2 for n in range(2, 18)}


def test_the_indicator_column_is_the_widest_and_a_page_holds_several_rows(e81_pdf):
    d, c = e81_pdf
    lebar = _lebar_kolom(c.halaman[0])
    assert max(lebar, key=lebar.get) == 5, {n: round(v) for n, v in lebar.items()}
    assert len(d.rows) / len(c.halaman) >= 5, f"{len(d.rows)} baris di {len(c.halaman)} halaman"
    assert cetak.kata_di_luar(c) == []


def test_every_page_has_the_same_columns(e81_pdf):
    _d, c = e81_pdf
    per_halaman = [_lebar_kolom(h)[5] for h in c.halaman if "Keterangan" in h.teks]
    assert len(per_halaman) == len(c.halaman) and statistics.pstdev(per_halaman) < 1


def test_with_renstra_figures_on_every_row_the_form_still_fits_its_page(opd, tmp_path):
    """The densest form: columns 6, 15 and 16 filled on every row (the demo has no Renstra sheet). Its figures
    are never broken, so the gutters and the figures' type are what make it fit."""
    from decimal import Decimal

    from renja.models import Indikator, NilaiRenstra

    NilaiRenstra.objects.bulk_create(
        NilaiRenstra(indikator=i, periode="2025-2029", kinerja=Decimal("123.45"), anggaran=Decimal("12345678901"))
        for i in Indikator.objects.filter(opd=opd)
    )
    d = ds.data_dokumen("e81", opd, 2025, 3, None, ds.tanggal_baku(2025, 3))
    assert sum(r.baris.renstra is not None for r in d.rows) == len(d.rows)
    pdf = tmp_path / "e81-renstra.pdf"
    pdf.write_bytes(render.pdf(render.html(ds.SPESIFIKASI["e81"].template, ds.konteks("e81", d))).isi)
    c = cetak.Cetakan("e81", pdf, cetak._kotak(pdf), [])
    assert cetak.kata_di_luar(c) == []
    assert "12.345.678.901" in c.teks  # whole, on one line
