"""Formatters: HTML → PDF (WeasyPrint) and XLSX (openpyxl) over the data builders of ``data.py``.

PDF rendering never touches the network: the URL fetcher serves only the app's
own static files and stored media (photos), and refuses every other URL.
"""

from __future__ import annotations

import io
import mimetypes
import multiprocessing
import os
import resource
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template import Context, Engine
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from dasar import pengukuran as ukur
from dasar.xlsx import sel
from lkj.grafik import daftarkan_grafik_lkj, svg_terdaftar

# A reserved, never-resolving host (RFC 2606): relative URLs resolve against it and the
# fetcher answers them from local files; nothing is ever sent over the network.
HOST = "lkj-dokumen.invalid"
BASE_URL = f"https://{HOST}/"


def _engine() -> Engine:
    """The documents' own template engine: the project's template dir plus the filters they use."""
    return Engine(
        dirs=[str(Path(settings.BASE_DIR) / "templates")],
        libraries={
            "static": "django.templatetags.static",
            "lkj_format": "lkj.templatetags.lkj_format",
            "dokumen_format": "lkj.dokumen.format_tags",
        },
        autoescape=True,
    )


_ENGINE = None


def html(template: str, konteks: dict) -> str:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _engine()
    return _ENGINE.get_template(template).render(_Konteks(konteks))


def konteks_lkj_opd(d) -> dict:
    """The OPD LKj's template context: its data and the name its Grafik 3.1 is drawn under (``lkj.grafik``)."""
    return {"d": d, "grafik": "grafik/" + daftarkan_grafik_lkj(d)}


def _Konteks(d):
    return Context(d, autoescape=True)


class AksesJaringanDitolak(Exception):
    pass


def _fetcher_cls():
    class FetcherLokal(URLFetcher):
        """Serves ``https://lkj-dokumen.invalid/<STATIC_URL>…`` from the static finders and ``…/<MEDIA_URL>…`` from storage.

        Anything else (http, https, file, ftp) raises: a document must render the same
        offline, and a hostile URL in typed text must not make the server fetch it.
        """

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            bagian = urlsplit(url)
            if bagian.scheme != "https" or bagian.netloc != HOST:
                raise AksesJaringanDitolak(f"Akses ke {url} ditolak saat membuat dokumen.")
            path = unquote(bagian.path)
            static = "/" + settings.STATIC_URL.strip("/") + "/"
            media = "/" + settings.MEDIA_URL.strip("/") + "/"
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            if path.startswith(static):
                rel = path[len(static) :]
                if ".." in Path(rel).parts:
                    raise AksesJaringanDitolak(f"Path {path} ditolak.")
                found = finders.find(rel)
                if not found and settings.STATIC_ROOT and staticfiles_storage.exists(rel):
                    # In production {% static %} names the collected, hashed copy (dokumen.3b82a25e.css),
                    # which only STATIC_ROOT has.
                    found = staticfiles_storage.path(rel)
                if not found:
                    raise AksesJaringanDitolak(f"Berkas statis {rel} tidak ditemukan.")
                return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime})
            if path.startswith("/grafik/"):
                svg = svg_terdaftar(path[len("/grafik/") :])
                if svg is None:
                    raise AksesJaringanDitolak(f"Grafik {path} tidak dikenal.")
                return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})
            if path.startswith(media):
                rel = path[len(media) :]
                if ".." in Path(rel).parts:
                    raise AksesJaringanDitolak(f"Path {path} ditolak.")
                with default_storage.open(rel, "rb") as fh:
                    return URLFetcherResponse(url, fh.read(), {"Content-Type": mime})
            raise AksesJaringanDitolak(f"Akses ke {url} ditolak saat membuat dokumen.")

    return FetcherLokal


@dataclass(frozen=True)
class HasilPdf:
    isi: bytes
    halaman: int


class RenderGagal(Exception):
    """The PDF could not be made within the time or memory a render may take; the message is Indonesian."""


def _pdf(isi_html: str) -> HasilPdf:
    doc = HTML(string=isi_html, base_url=BASE_URL, url_fetcher=_fetcher_cls()()).render()
    return HasilPdf(doc.write_pdf(), len(doc.pages))


def pdf(isi_html: str) -> HasilPdf:
    """HTML → PDF in a forked child with a time limit and a memory cap (settings ``LKJ_RENDER_*``).

    A document that would take the process past ``LKJ_RENDER_MEMORI_MB`` more address space
    (RLIMIT_AS in the child), or longer than ``LKJ_RENDER_BATAS_DETIK``, fails with an
    Indonesian message; the worker or web process that asked goes on unharmed. Forked, not
    spawned: the child sees the parent's charts, storage and settings without starting anew,
    and touches no database connection.
    """
    if not settings.LKJ_RENDER_TERPISAH:
        return _pdf(isi_html)
    _panaskan()

    ctx = multiprocessing.get_context("fork")
    baca, tulis = ctx.Pipe(duplex=False)
    batas_detik = settings.LKJ_RENDER_BATAS_DETIK
    mb = settings.LKJ_RENDER_MEMORI_MB
    anak = ctx.Process(target=_pdf_anak, args=(isi_html, tulis, mb * 1024 * 1024 if mb else None), name="render-pdf", daemon=True)
    anak.start()
    tulis.close()
    hasil = None
    try:
        if baca.poll(batas_detik):
            try:
                hasil = baca.recv()
            except EOFError:  # the child died before it could answer (killed, or malloc failed in C)
                hasil = None
        else:
            anak.kill()
            raise RenderGagal(
                f"Pembuatan PDF melewati batas waktu {batas_detik} detik dan dihentikan. Dokumen ini terlalu panjang "
                "untuk dibuat sekaligus; hubungi operator."
            )
    finally:
        baca.close()
        anak.join(5)
        if anak.is_alive():
            anak.kill()
            anak.join()
    if hasil is None or hasil[0] == "memori":
        raise RenderGagal(
            f"Pembuatan PDF melampaui batas memori ({mb} MiB) atau berhenti tiba-tiba (kode keluar {anak.exitcode}) "
            "dan dihentikan. Dokumen ini terlalu besar untuk dibuat; hubungi operator."
        )
    if hasil[0] == "galat":
        jenis, pesan = hasil[1], hasil[2]
        raise (AksesJaringanDitolak if jenis == "AksesJaringanDitolak" else RenderGagal)(pesan)
    return HasilPdf(hasil[1], hasil[2])


_HANGAT = False


def _panaskan() -> None:
    """Load WeasyPrint's fonts and shapers once in this process, so every forked child starts warm
    (a cold child pays ~2 s of font loading per PDF; a warm one ~0,1 s of fork)."""
    global _HANGAT
    if not _HANGAT:
        _pdf("<p>LKj</p>")
        _HANGAT = True


def _pdf_anak(isi_html: str, tulis, batas_byte: int | None) -> None:
    """The child: cap its address space above what it inherited, render, send the result back."""
    jawab = None
    try:
        if batas_byte:
            with open("/proc/self/statm") as f:
                terpakai = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            _lunak, keras = resource.getrlimit(resource.RLIMIT_AS)
            batas = terpakai + batas_byte
            if keras != resource.RLIM_INFINITY:
                batas = min(batas, keras)
            resource.setrlimit(resource.RLIMIT_AS, (batas, keras))
        h = _pdf(isi_html)
        jawab = ("ok", h.isi, h.halaman)
    except MemoryError:
        jawab = ("memori",)
    except BaseException as exc:
        jawab = ("galat", type(exc).__name__, str(exc) or type(exc).__name__)
    # Outside the handlers: the failed render's memory is released before the answer is pickled.
    tulis.send(jawab)
    tulis.close()


# --- XLSX -------------------------------------------------------------------------------

FMT_RP = "#,##0"
FMT_PERSEN = "#,##0.00"
FMT_NILAI = "#,##0.##"


def _wb():
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _sheet(wb, judul: str, kop: list[str], header: list[str]):
    ws = wb.create_sheet(judul[:31])
    for i, baris in enumerate(kop, 1):
        sel(ws, i, 1, baris).font = Font(bold=True)
    r = len(kop) + 2
    for c, h in enumerate(header, 1):
        cell = sel(ws, r, c, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EFE9")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = ws.cell(row=r + 1, column=1)
    return ws, r + 1


def _tulis(ws, r, nilai: list, formats: list):
    for c, (v, f) in enumerate(zip(nilai, formats), 1):
        if isinstance(v, Decimal):
            v = float(v) if f != FMT_RP else (int(v) if v == v.to_integral_value() else float(v))
        cell = sel(ws, r, c, v)  # typed text (sasaran, indikator, uraian) stays text, never a formula
        if f:
            cell.number_format = f


def _lebar(ws, lebar: list[int]):
    for i, w in enumerate(lebar, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def simpan_buku(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sidik_buku(wb) -> str:
    """Everything a workbook holds, as text: sheet, cell, exact value and number format of every cell.

    Part of an XLSX render's data version: the spreadsheet keeps figures the HTML rounds
    (a target's fourth decimal, Rupiah sen), so the HTML alone cannot tell two versions apart.
    """
    bagian = []
    for ws in wb.worksheets:
        bagian.append(f"#{ws.title}")
        for baris in ws.iter_rows():
            bagian += [f"{c.coordinate}={c.value!r}|{c.number_format}" for c in baris if c.value is not None]
    return "\n".join(bagian)


def xlsx_e81(d) -> bytes:
    return simpan_buku(buku_e81(d))


def buku_e81(d):
    """The E.81 as numbers (capaian as percentage points with two decimals, like the PDF)."""
    wb = _wb()
    p = d.periode
    header = ["Kode", "Sasaran", "Program / Kegiatan / Sub Kegiatan", "Indikator", "Formulasi", "Satuan", "Target K", "Target Rp"]
    for tw in ("I", "II", "III", "IV"):
        header += [f"Realisasi K s.d. TW {tw}", f"Realisasi Rp s.d. TW {tw}"]
    header += ["Capaian K (%)", "Capaian Rp (%)", "Efisiensi", "Predikat", "Penanggung Jawab"]
    ws, r = _sheet(
        wb,
        "Formulir E.81",
        [
            "Formulir E.81 — Evaluasi terhadap Hasil Renja Perangkat Daerah",
            f"{d.opd.nama} — {d.pemda_nama}",
            f"Tahun {p.tahun}, realisasi s.d. {p.nama}",
        ],
        header,
    )
    fm = [None] * 6 + [FMT_NILAI, FMT_RP] + [FMT_NILAI, FMT_RP] * 4 + [FMT_PERSEN, FMT_PERSEN, FMT_PERSEN, None, None]
    for row in d.rows:
        b = row.baris
        tw = []
        for i in range(4):
            tw += [ukur.bulatkan(row.per_tw_k[i]), row.per_tw_rp[i]]
        _tulis(
            ws,
            r,
            [
                b.kode or "",
                b.sasaran,
                b.uraian if b.level != "sasaran" else "",
                b.indikator or "",
                b.formulasi,
                b.satuan,
                b.target_k,
                b.target_rp,
                *tw,
                b.capaian_k,
                b.capaian_rp,
                b.efisiensi,
                b.predikat or "",
                b.penanggung_jawab,
            ],
            fm,
        )
        r += 1
    r += 1
    _tulis(ws, r, ["d. Rata-rata capaian kinerja (%)"] + [None] * 15 + [d.laporan.rata_rata_capaian], [None] * 16 + [FMT_PERSEN])
    _tulis(ws, r + 1, ["e. Predikat kinerja"] + [None] * 15 + [d.laporan.predikat or "-"], [None] * 17)
    if d.laporan.ukur.catatan_lra:
        _tulis(ws, r + 2, [f"{d.laporan.ukur.catatan_lra}; kolom anggaran (Rp) {p.nama} tidak dapat diisi dari bulan lain."], [None])
    _lebar(ws, [16, 34, 34, 34, 30, 9, 10, 16] + [10, 16] * 4 + [10, 10, 10, 14, 22])
    return wb


def _sheet_kinerja(wb, judul, kop, rows, dengan_anggaran=True):
    header = ["No", "Sasaran", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)"]
    fm = [None, None, None, None, FMT_NILAI, FMT_NILAI, FMT_PERSEN]
    if dengan_anggaran:
        header += ["Pagu (Rp)", "Realisasi (Rp)", "Capaian Anggaran (%)", "Efisiensi"]
        fm += [FMT_RP, FMT_RP, FMT_PERSEN, FMT_PERSEN]
    header += ["Predikat"]
    fm += [None]
    ws, r = _sheet(wb, judul, kop, header)
    for b in rows:
        v = [b.nomor, b.sasaran, b.indikator, b.satuan, b.target, b.realisasi, b.capaian]
        if dengan_anggaran:
            v += [b.pagu, b.realisasi_rp, b.capaian_rp, b.efisiensi]
        _tulis(ws, r, v + [b.predikat or ""], fm)
        r += 1
    _lebar(ws, [5, 40, 40, 9, 10, 10, 11, 16, 16, 11, 10, 14])
    return ws


def buku_lkj_opd(d):
    """The LKj tables (2.2, 3.2, 3.3, realisasi anggaran) with the same numbers as the PDF."""
    wb = _wb()
    p = d.periode
    kop = [f"Laporan Kinerja {d.opd.nama}", f"{p.nama} Tahun {p.tahun}"]
    if d.pk_kepala:
        ws, r = _sheet(
            wb, "Tabel 2.2 PK", kop + ["Tabel 2.2 Perjanjian Kinerja"], ["No", "Sasaran Strategis", "Indikator", "Satuan", "Target"]
        )
        for b in d.pk_kepala.baris:
            _tulis(ws, r, [b.nomor, b.sasaran, b.indikator, b.satuan, b.target], [None] * 4 + [FMT_NILAI])
            r += 1
        r += 1
        for a in d.pk_kepala.anggaran:
            _tulis(ws, r, [a.nomor, a.uraian, "", "", a.pagu], [None] * 4 + [FMT_RP])
            r += 1
        _tulis(ws, r, ["", "JUMLAH", "", "", d.pk_kepala.jumlah.pagu], [None] * 4 + [FMT_RP])
        _lebar(ws, [5, 50, 50, 9, 18])
    _sheet_kinerja(wb, "Tabel 3.2 Sasaran", kop + ["Tabel 3.2 Capaian Kinerja Sasaran Strategis"], d.sasaran)
    _sheet_kinerja(wb, "Tabel 3.3 Program", kop + ["Tabel 3.3 Capaian Kinerja Program"], d.program)
    ws, r = _sheet(
        wb,
        "Realisasi Anggaran",
        kop + [f"Realisasi anggaran s.d. {p.bulan_akhir} {p.tahun}"],
        ["Kode", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "%", "Sisa (Rp)"],
    )
    fm = [None, None, FMT_RP, FMT_RP, FMT_PERSEN, FMT_RP]
    for b in d.lra.baris + [d.lra.jumlah]:
        _tulis(ws, r, [b.kode, b.uraian, b.pagu, b.realisasi, b.capaian, b.sisa], fm)
        r += 1
    if d.lra.catatan_lra:
        _tulis(
            ws, r, ["", f"{d.lra.catatan_lra}; kolom anggaran dan realisasi triwulan ini tidak dapat diisi dari bulan lain."], [None, None]
        )
    _lebar(ws, [18, 60, 18, 18, 9, 18])
    return wb
