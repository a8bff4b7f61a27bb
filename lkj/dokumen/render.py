"""Formatters: HTML → PDF (WeasyPrint) and XLSX (openpyxl) over the data builders of ``data.py``.

PDF rendering never touches the network: the URL fetcher serves only the app's
own static files and stored media (photos), and refuses every other URL.
"""

from __future__ import annotations

import gc
import io
import mimetypes
import multiprocessing
import os
import resource
import signal
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
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from dasar import format as fmt
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
    """HTML → PDF in a forked child with time limits and a memory cap (settings ``LKJ_RENDER_*``).

    A document that would take the process past ``LKJ_RENDER_MEMORI_MB`` more address space
    (RLIMIT_AS in the child), spend more than ``LKJ_RENDER_BATAS_CPU_DETIK`` of CPU (RLIMIT_CPU:
    the kernel stops it even inside Pango), or take longer than ``LKJ_RENDER_BATAS_DETIK`` in all,
    fails with an Indonesian message; the worker or web process that asked goes on unharmed. The
    limit that judges the document is its CPU: on a saturated machine a long document waits for
    its share of a core, and the far larger wall limit only catches a child that hangs. Forked, not
    spawned: the child sees the parent's charts, storage and settings without starting anew,
    and touches no database connection.
    """
    if not settings.LKJ_RENDER_TERPISAH:
        return _pdf(isi_html)
    _panaskan()

    ctx = multiprocessing.get_context("fork")
    baca, tulis = ctx.Pipe(duplex=False)
    batas_detik = settings.LKJ_RENDER_BATAS_DETIK
    batas_cpu = settings.LKJ_RENDER_BATAS_CPU_DETIK
    mb = settings.LKJ_RENDER_MEMORI_MB
    anak = ctx.Process(
        target=_pdf_anak, args=(isi_html, tulis, mb * 1024 * 1024 if mb else None, batas_cpu), name="render-pdf", daemon=True
    )
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
    if hasil is None and anak.exitcode == -signal.SIGXCPU:
        raise RenderGagal(
            f"Pembuatan PDF memakai lebih dari {batas_cpu} detik waktu prosesor dan dihentikan. Dokumen ini terlalu "
            "panjang untuk dibuat sekaligus; hubungi operator."
        )
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


def _pdf_anak(isi_html: str, tulis, batas_byte: int | None, batas_cpu: int | None = None) -> None:
    """The child: cap its CPU time and its address space above what it inherited, render, send the result back.

    A forked child's CPU time starts at zero. Past ``batas_cpu`` seconds the kernel ends it with SIGXCPU
    (no core file), which the parent reads from the exit code.
    """
    # The child lives for one document. Its cycle collector would walk the objects it inherited from the parent
    # (writing to them, so the kernel copies every such page) and the layout's objects, which are not garbage.
    # Off: less CPU per document (bench/README, render_bundle.py), the same peak memory (the OPD LKj ~200 MiB),
    # and RLIMIT_AS still stops a document that would grow past its cap.
    gc.disable()
    jawab = None
    try:
        if batas_cpu:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            _lunak, keras = resource.getrlimit(resource.RLIMIT_CPU)
            lunak = batas_cpu if keras == resource.RLIM_INFINITY else min(batas_cpu, keras)
            resource.setrlimit(resource.RLIMIT_CPU, (lunak, keras))
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
FMT_NILAI_2 = "#,##0.00"
FMT_PERSEN_TANDA = '#,##0.00"%"'


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


def xlsx_e81(d, ttd=None) -> bytes:
    return simpan_buku(buku_e81(d, ttd))


def buku_e81(d, ttd=None):
    """Formulir E.81 as the form the PDF prints (decisions §6), not a flat dump.

    Title rows, the two-level header of columns 1–18 with K/Rp pairs (repeated on every printed page),
    one row per sasaran / program / kegiatan / sub kegiatan, footer rows d–i, the "Disusun" and
    "Dievaluasi" signature blocks as the PDF of the same state prints them (``ttd``, ``data.ttd_e81``: a draft's
    dotted date and dotted Bappeda lines; a signed E.81's date; a countersigned one's Kepala Bappeda), landscape A4 fitted to the page width. Figures are real numbers
    whose formats Excel shows in the reader's locale (``2.014.894.365``, ``76,44%``, ``3 dokumen``);
    capaian are percentage points with two decimals, as in the PDF. Typed text stays text.
    """
    wb = _wb()
    ws = wb.create_sheet("Formulir E.81")
    p, lap = d.periode, d.laporan
    n_kolom = 29  # 1–5, eleven K/Rp pairs (6–16), 17, 18
    akhir = get_column_letter(n_kolom)
    garis = Side(style="thin", color="000000")
    kotak = Border(left=garis, right=garis, top=garis, bottom=garis)
    tebal = Font(bold=True)
    tengah = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bungkus = Alignment(vertical="top", wrap_text=True)
    kanan = Alignment(horizontal="right", vertical="top")
    isi_kepala = PatternFill("solid", fgColor="E8EFE9")

    def gabung(r1, c1, r2, c2, nilai=None, font=None, rata=None, garis_tepi=False):
        if nilai is not None:
            cell = sel(ws, r1, c1, nilai)
            if font:
                cell.font = font
            if rata:
                cell.alignment = rata
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        if garis_tepi:
            for rr in range(r1, r2 + 1):
                for cc in range(c1, c2 + 1):
                    ws.cell(row=rr, column=cc).border = kotak

    def fmt_k(v, satuan=""):
        """A K figure: whole numbers without decimals, others with two; the unit as the PDF prints it."""
        if satuan.strip() == "%":
            return FMT_PERSEN_TANDA
        dasar = "#,##0" if v is None or v == v.to_integral_value() else "#,##0.00"
        unit = "".join(ch for ch in satuan if ch not in '"\\').strip()
        return f'{dasar}" {unit}"' if unit else dasar

    def fmt_rp(v):
        return FMT_RP if v is None or v == v.to_integral_value() else "#,##0.00"

    def tulis(r, c, v, f=None, rata=None):
        if isinstance(v, Decimal):
            v = int(v) if v == v.to_integral_value() else float(v)
        cell = sel(ws, r, c, v)  # typed text (sasaran, indikator, uraian) stays text, never a formula
        cell.border = kotak
        if f:
            cell.number_format = f
        cell.alignment = rata or (kanan if isinstance(v, (int, float)) else bungkus)
        return cell

    # --- title rows
    judul = [
        "FORMULIR E.81",
        f"Evaluasi terhadap Hasil Renja Perangkat Daerah {d.pemda_nama}",
        f"Renja {d.opd.nama} {d.pemda_nama}",
        f"Periode Pelaksanaan: Tahun {p.tahun} — realisasi s.d. {p.nama} ({fmt.tanggal(p.tanggal_akhir)})",
    ]
    for i, t in enumerate(judul, 1):
        gabung(i, 1, i, n_kolom, t, Font(bold=True, size=12 if i == 1 else 11), Alignment(horizontal="center"))
    r = len(judul) + 2

    # --- tujuan block (two Renstra periods side by side, as the PDF)
    if lap.tujuan:
        gabung(r, 1, r, 5, "Indikator dan target kinerja Tujuan Perangkat Daerah", tebal)
        r += 1
        tulis(r, 2, "")
        for j, t in enumerate(lap.tujuan):
            gabung(r, 3 + 2 * j, r, 4 + 2 * j, f"Periode Renstra {t.periode}", tebal, tengah, True)
        for label, nilai in (("a. Indikator", "indikator"), ("b. Target Kinerja", "target"), ("c. Realisasi Kinerja", "realisasi")):
            r += 1
            tulis(r, 2, label)
            for j, t in enumerate(lap.tujuan):
                v = getattr(t, nilai)
                if nilai == "indikator":
                    gabung(r, 3 + 2 * j, r, 4 + 2 * j, v, rata=bungkus, garis_tepi=True)
                else:
                    gabung(r, 3 + 2 * j, r, 4 + 2 * j, garis_tepi=True)
                    tulis(r, 3 + 2 * j, v, fmt_k(v, t.satuan) if nilai == "target" and v is not None else FMT_NILAI_2)
        r += 2

    # --- the two-level header, then the column numbers; repeated on every printed page
    h = r
    for c, t in enumerate(
        [
            "No",
            "Sasaran",
            "Kode",
            "Program / Kegiatan / Sub Kegiatan",
            "Indikator Kinerja Program (outcome) / Kegiatan (output) / Sub Kegiatan, dengan formulasi",
        ],
        1,
    ):
        gabung(h, c, h + 2, c, t, tebal, tengah, True)
    pasangan = {
        6: "Target Renstra PD pada Tahun Akhir Periode Renstra",
        8: "Realisasi Capaian Kinerja Renstra PD s.d. Renja Tahun Lalu",
        10: f"Target Kinerja dan Anggaran Renja Tahun {p.tahun}",
        20: f"Realisasi Capaian Kinerja dan Anggaran Renja s.d. {p.nama}",
        22: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja (%)",
        24: f"Realisasi Kinerja dan Anggaran Renstra s.d. Tahun {p.tahun}",
        26: "Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra (%)",
    }
    for c, t in pasangan.items():
        gabung(h, c, h + 1, c + 1, t, tebal, tengah, True)
    gabung(h, 12, h, 19, "Realisasi Kinerja pada Triwulan", tebal, tengah, True)
    for i, rom in enumerate(fmt.ROMAWI[tw] for tw in (1, 2, 3, 4)):
        gabung(h + 1, 12 + 2 * i, h + 1, 13 + 2 * i, rom, tebal, tengah, True)
    gabung(h, 28, h + 2, 28, "Unit PD Penanggung Jawab", tebal, tengah, True)
    gabung(h, 29, h + 2, 29, "Keterangan", tebal, tengah, True)
    for c in range(6, 28, 2):
        gabung(h + 2, c, h + 2, c, "K", tebal, tengah, True)
        gabung(h + 2, c + 1, h + 2, c + 1, "Rp", tebal, tengah, True)
    nomor = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14 = 13/8", "15 = 7+13", "16 = 15/6"]
    for i, t in enumerate(nomor):
        c = i + 1 if i < 5 else 6 + 2 * (i - 5)
        gabung(h + 3, c, h + 3, c if i < 5 else c + 1, t, Font(bold=True, size=8), tengah, True)
    gabung(h + 3, 28, h + 3, 28, "17", Font(bold=True, size=8), tengah, True)
    gabung(h + 3, 29, h + 3, 29, "18", Font(bold=True, size=8), tengah, True)
    for rr in range(h, h + 4):
        for cc in range(1, n_kolom + 1):
            ws.cell(row=rr, column=cc).fill = isi_kepala
    ws.print_title_rows = f"{h}:{h + 3}"
    ws.freeze_panes = ws.cell(row=h + 4, column=6)
    r = h + 4

    # --- one row per sasaran / program / kegiatan / sub kegiatan indicator
    for no, row in enumerate(d.rows, 1):
        b, rs = row.baris, row.baris.renstra
        teks_ind = b.indikator or "-"
        if b.formulasi:
            teks_ind += "\n" + b.formulasi
        nilai = [
            (no, None),
            (b.sasaran, None),
            (b.kode or "", None),
            (b.uraian if b.level != "sasaran" else "", None),
            (teks_ind, None),
            (rs.target_k if rs else None, fmt_k(rs.target_k, b.satuan) if rs and rs.target_k is not None else None),
            (rs.target_rp if rs else None, fmt_rp(rs.target_rp) if rs and rs.target_rp is not None else None),
            (ukur.bulatkan(rs.sd_tahun_lalu_k) if rs else None, FMT_NILAI_2),
            (rs.sd_tahun_lalu_rp if rs else None, FMT_RP),
            (b.target_k, fmt_k(b.target_k, b.satuan) if b.target_k is not None else None),
            (b.target_rp, fmt_rp(b.target_rp) if b.target_rp is not None else None),
        ]
        for t in row.kolom_tw:
            k = ukur.bulatkan(t.k) if t.dilaporkan else None
            nilai += [(k, fmt_k(k) if k is not None else None), (t.rp if t.dilaporkan else None, FMT_RP)]
        real_k = ukur.bulatkan(b.realisasi_k)
        nilai += [
            (real_k, fmt_k(real_k) if real_k is not None else None),
            (b.realisasi_rp, FMT_RP),
            (b.capaian_k, FMT_PERSEN_TANDA),
            (b.capaian_rp, FMT_PERSEN_TANDA),
            (ukur.bulatkan(rs.sd_tahun_ini_k) if rs else None, FMT_NILAI_2),
            (rs.sd_tahun_ini_rp if rs else None, FMT_RP),
            (rs.capaian_k if rs else None, FMT_PERSEN_TANDA),
            (rs.capaian_rp if rs else None, FMT_PERSEN_TANDA),
            (b.penanggung_jawab, None),
        ]
        ket = [f"Predikat {b.predikat}"] if b.predikat else []
        if b.efisiensi is not None:
            ket.append(f"efisiensi {fmt.persen(b.efisiensi)}")
        nilai.append(("; ".join(ket), None))
        for c, (v, f) in enumerate(nilai, 1):
            if c in (8, 24) and v is not None:  # a realisation K: whole numbers without decimals, others with two
                f = fmt_k(v)
            cell = tulis(r, c, v, f)
            if b.level in ("sasaran", "program"):
                cell.font = tebal
        # The row's height from its longest wrapped text: spreadsheet programs do not all grow a row to fit.
        ws.row_dimensions[r].height = TINGGI_BARIS * max(
            _baris_teks(v, LEBAR_E81[c - 1]) for c, (v, _f) in enumerate(nilai, 1) if isinstance(v, str)
        )
        r += 1

    # --- footer rows d–i
    tingkat = lap.ukur.tingkat_rata_rata.replace("_", " ")
    gabung(r, 1, r, 5, f"d. Rata-rata capaian kinerja dan anggaran (%) — rata-rata tingkat {tingkat}", tebal, bungkus, True)
    gabung(r, 6, r, 21, garis_tepi=True)
    tulis(r, 22, lap.rata_rata_capaian, FMT_PERSEN_TANDA).font = tebal
    tulis(r, 23, d.rata_rata_anggaran, FMT_PERSEN_TANDA).font = tebal
    gabung(r, 24, r, n_kolom, garis_tepi=True)
    r += 1
    gabung(r, 1, r, 5, "e. Predikat kinerja", tebal, bungkus, True)
    gabung(r, 6, r, 21, garis_tepi=True)
    gabung(r, 22, r, 23, lap.predikat or "-", tebal, tengah, True)
    gabung(r, 24, r, n_kolom, garis_tepi=True)
    r += 1
    narasi = d.narasi
    for label, items in (
        ("f. Faktor pendorong keberhasilan pencapaian", narasi.faktor_pendukung),
        ("g. Faktor penghambat pencapaian kinerja", narasi.faktor_penghambat),
        ("h. Tindak lanjut yang diperlukan dalam triwulan berikutnya", narasi.rencana_tindak_lanjut),
        ("i. Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya", narasi.upaya),
    ):
        gabung(r, 1, r, 5, label, tebal, bungkus, True)
        teks = "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))
        gabung(r, 6, r, n_kolom, teks or None, rata=bungkus, garis_tepi=True)
        ws.row_dimensions[r].height = max(15, 13 * max(1, len(items)) + 4)
        r += 1
    if lap.ukur.catatan_lra:
        gabung(r, 1, r, n_kolom, f"{lap.ukur.catatan_lra}; kolom anggaran (Rp) {p.nama} tidak dapat diisi dari bulan lain.", rata=bungkus)
        r += 1

    # --- signatures: "Disusun" (kepala OPD) and "Dievaluasi" (Kepala Bappeda): dotted where the PDF of the same
    # state is (an unsigned form: dotted dates; a signed one not yet countersigned: dotted Bappeda lines)
    r += 1
    titik = f"{d.tempat}, ............................ {p.tanggal.year}"
    kiri, kanan_ttd = (2, 5), (22, 29)
    disusun = ["Disusun", f"{d.tempat}, {fmt.tanggal(ttd.disusun)}" if ttd else titik]
    if d.kepala:
        disusun += [d.kepala.jabatan, "", "", "", d.kepala.nama] + ([d.kepala.nip] if d.kepala.nip else [])
    ev = ttd.evaluasi if ttd else None
    if ev:
        dievaluasi = [
            "Dievaluasi",
            f"{ev['tempat']}, {fmt.tanggal(ev['tanggal'])}",
            ev["jabatan"].upper(),
            "",
            "",
            "",
            ev["nama"],
            ev["nip"],
        ]
    else:
        dievaluasi = ["Dievaluasi", titik, f"KEPALA BAPPEDA {d.pemda_nama.upper()}", "", "", "", "." * 44, "NIP. " + "." * 44]
    for i in range(max(len(disusun), len(dievaluasi))):
        for (c1, c2), baris in ((kiri, disusun), (kanan_ttd, dievaluasi)):
            if i < len(baris):
                f = Font(bold=True, underline="single") if i == 6 and baris[i] and not baris[i].startswith(".") else None
                gabung(r + i, c1, r + i, c2, baris[i], f, Alignment(horizontal="center"))
    r += max(len(disusun), len(dievaluasi))

    # --- widths and the printed page: landscape, fitted to the page width, header rows on every page
    lebar = LEBAR_E81
    for i, w in enumerate(lebar, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = KERTAS_F4  # folio 215 × 330 mm, as the PDF
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4
    # Fitted to one page wide and as many tall as the rows take. Not fitToHeight=0 ("automatic"): Excel
    # reads it so, LibreOffice as one page, which prints the whole form unreadably small.
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = HALAMAN_TINGGI_MAKS
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{akhir}{r}"
    return wb


LEBAR_E81 = [5, 22, 13, 24, 40] + [11, 16] * 11 + [16, 20]  # columns 1–5, K/Rp pairs of 6–16, 17, 18 (characters)
TINGGI_BARIS = 12.75  # points a line of 10 pt text takes


def _baris_teks(teks: str, lebar: float) -> int:
    """Lines a wrapped text takes in a column ``lebar`` characters wide (a little narrower: proportional type)."""
    muat = max(1, int(lebar * 1.1))
    return max(1, sum(max(1, -(-len(bagian) // muat)) for bagian in teks.split("\n")))


KERTAS_F4 = 14  # Excel's "Folio" paper (8,5 × 13 inci = 215 × 330 mm)
HALAMAN_TINGGI_MAKS = 99  # "fit to 1 page wide by at most 99 tall": the width decides the scale


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
