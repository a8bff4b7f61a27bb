"""The recap table as a file: PDF (the documents' template engine and WeasyPrint, ``lkj.dokumen.render``)
and XLSX (openpyxl, every cell through ``dasar.xlsx``). Both read the one ``Rekap`` the page shows.

The recap is not one of the per-OPD documents of ``lkj.dokumen.jenis`` (it spans a pemda and is never
signed or cached), so it is rendered on the request, directly: a table of a few dozen rows, one or two
pages."""

from __future__ import annotations

import base64
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dasar import format as fmt
from dasar import pengukuran as ukur
from dasar.xlsx import sel
from lkj.dokumen import render
from lkj.rekap import grafik
from lkj.rekap.selectors import Rekap

JUDUL_KOLOM = [
    "Peringkat",
    "Kode",
    "Perangkat daerah",
    "Jenis",
    "Rata-rata capaian kinerja (%)",
    "Predikat",
    "Rata-rata capaian anggaran (%)",
    "LKj PD dan E.81",
    "Evaluasi Bappeda",
    "LKj individu ditandatangani",
    "Tenggat",
    "Menunggu",
]


def judul(rk: Rekap) -> str:
    return f"Rekap Capaian Kinerja Perangkat Daerah {rk.pemda.nama} {fmt.triwulan(rk.triwulan)} Tahun {rk.tahun}"


def nama_berkas(rk: Rekap, ext: str) -> str:
    jenis = f"-{rk.jenis}" if rk.jenis else ""
    return f"rekap-{rk.pemda.kode}-{rk.tahun}-tw{rk.triwulan}{jenis}.{ext}"


def titik_capaian(rk: Rekap) -> list[tuple[int, object, object]]:
    return [(n, b.r.rata_rata_capaian, b.r.rata_rata_anggaran) for n, b in rk.titik_grafik]


def judul_capaian(rk: Rekap) -> str:
    return f"Capaian kinerja dan anggaran per perangkat daerah, {fmt.triwulan(rk.triwulan)} {rk.tahun}"


def pdf(rk: Rekap) -> bytes:
    """The recap table, then the capaian chart (the page's SVG, inline) with the list naming each numbered point."""
    svg = grafik.sebaran_capaian(titik_capaian(rk), judul_capaian(rk))
    gambar = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    isi = render.html("dokumen/rekap_pemda.html", {"rk": rk, "judul": judul(rk), "grafik_capaian": gambar})
    return render.pdf(isi).isi


def xlsx(rk: Rekap) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Rekap"
    kop = [
        judul(rk).upper(),
        f"Jenis perangkat daerah: {rk.jenis_label}. Batas penyampaian: {fmt.tanggal(rk.batas)}; keadaan per {fmt.tanggal(rk.hari_ini)}.",
        "Rata-rata capaian kinerja, predikat dan rata-rata capaian anggaran: baris d dan e Formulir E.81 masing-masing "
        "perangkat daerah (tidak dirata-ratakan antarperangkat daerah).",
    ]
    for i, t in enumerate(kop, 1):
        sel(ws, i, 1, t).font = Font(bold=i == 1)
    r0 = len(kop) + 2
    for c, h in enumerate(JUDUL_KOLOM, 1):
        cell = sel(ws, r0, c, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EFE9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, b in enumerate(rk.rows, r0 + 1):
        nilai = [
            b.peringkat,
            b.opd.kode,
            b.opd.nama,
            b.opd.get_jenis_display(),
            ukur.bulatkan(b.r.rata_rata_capaian),
            b.predikat,
            ukur.bulatkan(b.r.rata_rata_anggaran),
            b.status_label,
            b.r.evaluasi or "-",
            f"{b.r.individu_tertanda} dari {b.r.individu_jumlah}",
            b.tenggat_teks,
            b.r.menunggu or "-",
        ]
        for c, v in enumerate(nilai, 1):
            cell = sel(ws, i, c, float(v) if isinstance(v, Decimal) else v)
            if isinstance(v, Decimal):
                cell.number_format = "#,##0.00"
    for c, w in enumerate([10, 24, 36, 12, 14, 16, 14, 16, 20, 14, 18, 40], 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = ws.cell(row=r0 + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{r0}:{r0}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
