"""The recap's two charts as SVG, drawn on the server with matplotlib (``lkj.grafik``'s conventions: a figure
object per call, a fixed hash salt and no date, text kept as text, Indonesian number formats)."""

from __future__ import annotations

import io
import textwrap

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dasar import format as fmt
from dasar import pengukuran as ukur
from lkj.grafik import WARNA

_RC = {"svg.hashsalt": "lkj", "svg.fonttype": "none", "font.family": ["Liberation Sans", "Arial", "DejaVu Sans"]}


def _svg(fig) -> str:
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def sebaran_predikat(jumlah: list[tuple[str, int]], judul: str) -> str:
    """Bars: how many OPDs have each predikat (the scale's order, highest first), the count written on each."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.4, 0.8 + 0.42 * max(len(jumlah), 1)))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        label = [p for p, _ in jumlah]
        nilai = [n for _, n in jumlah]
        y = list(range(len(label)))
        ax.barh(y, nilai, height=0.7, color=WARNA[0])
        maks = max(nilai + [1])
        for yi, n in zip(y, nilai):
            ax.text(n + maks * 0.02, yi, fmt.angka(n), va="center", fontsize=8)
        ax.set_yticks(y, label, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, maks * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("Jumlah perangkat daerah", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(judul, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        return _svg(fig)


def sebaran_capaian(titik: list[tuple[str, object, object]], judul: str) -> str:
    """Scatter: one point per OPD, capaian anggaran (x) against rata-rata capaian kinerja (y), both in %,
    labelled with the OPD's short name; an OPD missing either figure is not drawn (the caption counts it)."""
    ada = [(n, ukur.bulatkan(k), ukur.bulatkan(a)) for n, k, a in titik if k is not None and a is not None]
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(6.4, 4.6))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        xs = [float(a) for _, _, a in ada]
        ys = [float(k) for _, k, _ in ada]
        ax.scatter(xs, ys, s=22, color=WARNA[2], zorder=3)
        for (nama, _k, _a), x, y in zip(ada, xs, ys):
            ax.annotate(textwrap.shorten(nama, 22, placeholder="…"), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=6.5)
        batas = max(xs + ys + [100.0]) * 1.1
        ax.set_xlim(0, batas)
        ax.set_ylim(0, batas)
        ax.axhline(100, color="#777", linewidth=0.7, linestyle="--")
        ax.axvline(100, color="#777", linewidth=0.7, linestyle="--")
        fmt_sumbu = lambda v, _pos: fmt.angka(round(v))
        ax.xaxis.set_major_formatter(fmt_sumbu)
        ax.yaxis.set_major_formatter(fmt_sumbu)
        ax.set_xlabel("Rata-rata capaian anggaran, E.81 baris d (%)", fontsize=8)
        ax.set_ylabel("Rata-rata capaian kinerja, E.81 baris d (%)", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_title(judul, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
        if not ada:
            ax.text(batas / 2, batas / 2, "Belum ada perangkat daerah dengan kedua angka", ha="center", fontsize=8, color="#555")
        return _svg(fig)
