"""Charts as SVG, drawn on the server with matplotlib (no network, no JavaScript).

One drawing function serves the camat's overview (capaian per quarter) and the OPD LKj
(capaian kinerja beside capaian anggaran). The figures are passed in, already computed
by the measurement; this module only draws them, with Indonesian number formats.
A figure object per call (not pyplot's global state), so web threads and the document
worker may draw at once; a fixed hash salt and no date make the same data give the
same SVG byte for byte, which the document cache relies on.
"""

from __future__ import annotations

import hashlib
import io
import logging
import textwrap
import threading
from collections import OrderedDict
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from dasar import format as fmt
from lkj.dokumen.data import Indeks, baris_sasaran_program
from lkj.selectors import pengukuran_opd

# Arial is named for browsers on Windows; on the server matplotlib measures with Liberation
# Sans and would log, for every label, that it has no Arial.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

WARNA = ["#1b7f4c", "#d08a10", "#2f6db5", "#8a3ea8"]


def batang_capaian(
    label: list[str], seri: list[tuple[str, list[Decimal | None]]], *, judul: str, sumbu: str = "Capaian (%)", garis: float | None = 100
) -> str:
    """Horizontal grouped bars: one group per ``label``, one bar per series; ``None`` draws no bar.

    Each bar carries its value as printed in the documents ("102,71%"); a row with no value
    in a series says "belum ada data" instead of a misleading zero-length bar.
    """
    # Text stays text (searchable in the PDF, sharp at any zoom), in the documents' font;
    # Liberation Sans has Arial's metrics, so a Windows browser lays it out the same.
    with matplotlib.rc_context({"svg.hashsalt": "lkj", "svg.fonttype": "none", "font.family": ["Liberation Sans", "Arial", "DejaVu Sans"]}):
        return _gambar(label, seri, judul=judul, sumbu=sumbu, garis=garis)


def _gambar(label, seri, *, judul, sumbu, garis) -> str:
    n, m = max(len(label), 1), max(len(seri), 1)
    tinggi = 0.8 / m
    fig = Figure(figsize=(7.2, 0.9 + 0.3 * n * m + 0.25 * n))
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    nilai_maks = max([float(v) for _, vs in seri for v in vs if v is not None] + [garis or 0, 1])
    for k, (nama, nilai) in enumerate(seri):
        y = [i + k * tinggi for i in range(len(label))]
        x = [float(v) if v is not None else 0.0 for v in nilai]
        ax.barh(y, x, height=tinggi * 0.9, label=nama, color=WARNA[k % len(WARNA)])
        for yi, v in zip(y, nilai):
            teks = fmt.persen(v) if v is not None else "belum ada data"
            ax.text(
                (float(v) if v is not None else 0) + nilai_maks * 0.01,
                yi,
                teks,
                va="center",
                fontsize=6.5,
                color="#222" if v is not None else "#777",
            )
    ax.set_yticks(
        [i + tinggi * (m - 1) / 2 for i in range(len(label))],
        [textwrap.fill(t, 48, max_lines=3, placeholder=" …") for t in label],
        fontsize=7,
    )
    ax.invert_yaxis()
    ax.set_xlim(0, nilai_maks * 1.18)
    if garis is not None:
        ax.axvline(garis, color="#555", linewidth=0.8, linestyle="--")
    ax.xaxis.set_major_formatter(lambda x, _pos: fmt.angka(Decimal(str(round(x)))))
    ax.set_xlabel(sumbu, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    if judul:
        ax.set_title(judul, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    if len(seri) > 1 or seri[0][0].startswith("Triwulan"):
        ax.legend(fontsize=7, loc="lower right", frameon=False)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def label_kinerja(sasaran: list, program: list) -> list[str]:
    """'Sasaran 1 — …' / 'Program 2 — …', numbered as in the LKj's Tabel 3.2 and 3.3."""
    return [f"Sasaran {b.nomor} — {b.indikator}" for b in sasaran] + [f"Program {b.nomor} — {b.indikator}" for b in program]


def grafik_per_triwulan(opd, tahun: int, triwulan: int) -> str:
    """The overview's chart: capaian kinerja of each sasaran and program indicator, TW I … ``triwulan``.

    Figures come from the LKj's own rows (``baris_sasaran_program``), so the chart shows what the documents print.
    """
    label, seri = [], []
    for tw in range(1, triwulan + 1):
        sasaran, program = baris_sasaran_program(Indeks.dari(pengukuran_opd(opd, tahun, tw)))
        if not label:
            label = label_kinerja(sasaran, program)
        seri.append((fmt.triwulan(tw), [b.capaian for b in [*sasaran, *program]][: len(label)]))
    kosong = [nama for nama, nilai in seri if all(v is None for v in nilai)]
    judul = f"Capaian kinerja per triwulan, {tahun}"
    if kosong and len(kosong) < len(seri):
        judul += f"\n({' dan '.join(kosong)}: belum ada realisasi)"
        seri = [(nama, nilai) for nama, nilai in seri if nama not in kosong]
    return batang_capaian(label, seri, judul=judul, sumbu="Capaian kinerja (%)")


def _masukan_lkj(d) -> tuple:
    rows = [*d.sasaran, *d.program]
    return (
        tuple(label_kinerja(d.sasaran, d.program)),
        (("Capaian kinerja", tuple(b.capaian for b in rows)), ("Capaian anggaran", tuple(b.capaian_rp for b in rows))),
        "",  # the document prints the heading (Grafik 3.1) above it
    )


# --- charts inside documents ------------------------------------------------------------
# A document's HTML names its chart by the SHA-256 of the chart's figures
# ("grafik/<sha>.svg"); the PDF renderer's URL fetcher draws it only when WeasyPrint asks.
# So deciding whether a cached document is still current (which hashes the HTML) costs no
# drawing, while a change of any figure changes the name and thus the document's version.

_TERDAFTAR: OrderedDict[str, tuple] = OrderedDict()
_KUNCI_DAFTAR = threading.Lock()
_MAKS = 64


def daftarkan_grafik_lkj(d) -> str:
    """Register the OPD LKj chart of ``d``; returns its file name (``<sha256>.svg``) for the document."""
    masukan = _masukan_lkj(d)
    kunci = hashlib.sha256(repr(masukan).encode()).hexdigest()
    with _KUNCI_DAFTAR:
        _TERDAFTAR[kunci] = masukan
        _TERDAFTAR.move_to_end(kunci)
        while len(_TERDAFTAR) > _MAKS:
            _TERDAFTAR.popitem(last=False)
    return f"{kunci}.svg"


def svg_terdaftar(nama: str) -> bytes | None:
    """The SVG of a registered chart by file name, or None if this process has not registered it."""
    with _KUNCI_DAFTAR:
        masukan = _TERDAFTAR.get(nama.removesuffix(".svg"))
    if masukan is None:
        return None
    label, seri, judul = masukan
    return batang_capaian(list(label), [(n, list(v)) for n, v in seri], judul=judul).encode("utf-8")
