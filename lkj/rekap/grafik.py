"""The recap's two charts as SVG, drawn on the server with matplotlib (``lkj.grafik``'s conventions: a figure
object per call, a fixed hash salt and no date, text kept as text, Indonesian number formats)."""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dasar import format as fmt
from dasar import pengukuran as ukur
from lkj.grafik import WARNA

_RC = {"svg.hashsalt": "lkj", "svg.fonttype": "none", "font.family": ["Liberation Sans", "Arial", "DejaVu Sans"]}


def _svg(fig) -> str:
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
        fig.tight_layout()
        return _svg(fig)


def sebaran_capaian(titik: list[tuple[int, object, object]], judul: str) -> str:
    """Scatter: one point per OPD, capaian anggaran (x) against rata-rata capaian kinerja (y), both in %.

    ``titik`` is (nomor, kinerja, anggaran) of the OPDs that have both figures (``Rekap.titik_grafik``); each
    point carries its number, and the list under the chart (page and PDF) names the OPD of each number, so
    sixty OPDs stay legible where sixty names overlapped. OPDs on the same rounded point share one label
    ("3, 7"); a label that would cover one already placed tries the other sides of its point first."""
    ada = [(n, ukur.bulatkan(k), ukur.bulatkan(a)) for n, k, a in titik if k is not None and a is not None]
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(4.8, 4.3))
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        xs = [float(a) for _, _, a in ada]
        ys = [float(k) for _, k, _ in ada]
        ax.scatter(xs, ys, s=26, color=WARNA[2], zorder=3, edgecolors="white", linewidths=0.5)

        # Each axis zoomed to its points, on fives: sixty OPDs between 50 and 90% would crowd a fifth of a 0–110
        # frame. 100% stays in view when a point is near it.
        def rentang(v):
            return max(0.0, math.floor((min(v, default=0.0) - 3) / 5) * 5), math.ceil((max(v, default=100.0) + 3) / 5) * 5

        (x0, x1), (y0, y1) = rentang(xs), rentang(ys)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.axhline(100, color="#777", linewidth=0.7, linestyle="--")
        ax.axvline(100, color="#777", linewidth=0.7, linestyle="--")
        fmt_sumbu = lambda v, _pos: fmt.angka(round(v))
        ax.xaxis.set_major_formatter(fmt_sumbu)
        ax.yaxis.set_major_formatter(fmt_sumbu)
        ax.set_xlabel("Capaian anggaran, E.81 baris d (%)", fontsize=9.5)
        ax.set_ylabel("Capaian kinerja, E.81 baris d (%)", fontsize=9.5)
        ax.tick_params(labelsize=9)
        ax.set_title("\n".join(textwrap.wrap(judul, 48)), fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        if not ada:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, "Belum ada perangkat daerah dengan kedua angka", ha="center", fontsize=8.5, color="#555")
        fig.tight_layout()
        label = _label_nomor(fig, ax, ada)
        if label.tanpa_nomor:  # room under the axis for the sentence naming them, then placed again on the new frame
            for t in label.teks:
                t.remove()
            catatan = fig.text(0.01, 0.01, "", fontsize=7.5, color="#444", va="bottom")
            fig.tight_layout(rect=(0, 0.07, 1, 1))
            label = _label_nomor(fig, ax, ada)
            teks = "Titik terlalu rapat untuk diberi nomor: " + ", ".join(map(str, label.tanpa_nomor)) + " (lihat daftar di bawah grafik)."
            catatan.set_text("\n".join(textwrap.wrap(teks, 90)))
        return _svg(fig)


# Where a point's number may sit, in points from the point, tried in this order: right, above, left, below, corners.
_ARAH = [(5, 0, "left", "center"), (0, 6, "center", "bottom"), (-5, 0, "right", "center"), (0, -6, "center", "top")] + [
    (4, 5, "left", "bottom"),
    (-4, 5, "right", "bottom"),
    (-4, -5, "right", "top"),
    (4, -5, "left", "top"),
]


@dataclass
class _Label:
    teks: list = field(default_factory=list)  # the numbers drawn
    tanpa_nomor: list[int] = field(default_factory=list)  # points left unnumbered (no free side)


def _label_nomor(fig, ax, ada) -> _Label:
    """Number each point; points on the same spot share a label; a label takes the first side of its point
    where it covers neither another label nor another point. A point with no free side stays unnumbered and
    the chart says which numbers those are (the list under it still names and quantifies every one)."""
    per_titik: dict[tuple, list[int]] = {}
    for n, k, a in ada:
        per_titik.setdefault((float(a), float(k)), []).append(n)
    ke_layar = ax.transData.transform
    skala = fig.dpi / 72
    r_titik = 3.4 * skala
    titik_layar = [ke_layar(xy) for xy in per_titik]
    terpasang = []  # bounding boxes (x0, y0, x1, y1) in display units

    def tumpang(b1, b2):
        return b1[0] < b2[2] and b2[0] < b1[2] and b1[1] < b2[3] and b2[1] < b1[3]

    hasil = _Label()
    for (xy, nomor), (px, py) in sorted(zip(per_titik.items(), titik_layar), key=lambda t: (-t[0][0][1], t[0][0][0])):
        teks = ", ".join(str(n) for n in nomor)
        for dx, dy, ha, va in _ARAH:
            t = ax.annotate(teks, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=9, color="#222")
            bb = t.get_window_extent()
            kotak = (bb.x0 - 1, bb.y0 - 1, bb.x1 + 1, bb.y1 + 1)
            if not any(tumpang(kotak, b) for b in terpasang) and not any(
                tumpang(kotak, (qx - r_titik, qy - r_titik, qx + r_titik, qy + r_titik)) for qx, qy in titik_layar if (qx, qy) != (px, py)
            ):
                terpasang.append(kotak)
                hasil.teks.append(t)
                break
            t.remove()
        else:
            hasil.tanpa_nomor += nomor
    hasil.tanpa_nomor.sort()
    return hasil
