"""Chart of capaian per sasaran and program by quarter: matplotlib → SVG on the server (no network, no JS)."""
from __future__ import annotations

import io


def grafik_capaian(opd, tahun: int, triwulan: int) -> str:
    """Grouped bars: one group per sasaran/program indicator, one bar per quarter TW I..``triwulan``.

    Figures come from the LKj's own rows (``data_lkj_opd``), so the chart shows what the documents print.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lkj.dokumen.data import data_lkj_opd

    label, nilai = [], []
    for tw in range(1, triwulan + 1):
        d = data_lkj_opd(opd, tahun, tw)
        rows = [("Sasaran", b) for b in d.sasaran] + [("Program", b) for b in d.program]
        if tw == 1:
            label = [f"{jenis} {i}. {b.indikator[:38]}" for i, (jenis, b) in enumerate(rows, 1)]
        nilai.append([float(b.capaian) if b.capaian is not None else 0.0 for _, b in rows][: len(label)])
    romawi = ["I", "II", "III", "IV"]
    fig, ax = plt.subplots(figsize=(9, 0.5 + 0.45 * max(len(label), 1) * max(triwulan, 1) / 2 + 1))
    tinggi = 0.8 / max(triwulan, 1)
    for k, seri in enumerate(nilai):
        ax.barh([i + k * tinggi for i in range(len(seri))], seri, height=tinggi, label=f"TW {romawi[k]}")
    ax.set_yticks([i + tinggi * (triwulan - 1) / 2 for i in range(len(label))], label, fontsize=7)
    ax.invert_yaxis()
    ax.axvline(100, color="#555", linewidth=0.8, linestyle="--")
    ax.set_xlabel("Capaian kinerja (%)")
    ax.set_title(f"Capaian kinerja per sasaran dan program, {tahun}", fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})  # no timestamp: the same data gives the same SVG
    plt.close(fig)
    return buf.getvalue()
