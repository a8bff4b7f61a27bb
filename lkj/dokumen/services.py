"""Requesting, rendering and caching documents.

``dokumen_siapkan`` is what a page or the command calls: it builds the document's
data, hashes the HTML it would print (the *data version*), and returns the stored
render for that version if there is one — at once, without rebuilding, while the
OPD's data stamp has not moved since (``lkj.dokumen.stempel``); otherwise it records a request and
enqueues the render (django-tasks), so a PDF is never rendered on the request path.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import resource
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from dasar import format as fmt
from dasar.periode import akhir_triwulan
from lkj.asal import lampiran_asal as asal_lampiran
from lkj.dokumen import data as D
from lkj.dokumen import render
from lkj.dokumen.jenis import SPESIFIKASI
from lkj.dokumen.models import DokumenRender
from lkj.dokumen.stempel import stempel_dokumen, versi_program
from lkj.dokumen.tasks import render_dokumen

Format = DokumenRender.Format
log = logging.getLogger("lkj.dokumen")

# A render still "proses" this long after a worker took it up lost its worker (killed or
# out of memory mid-job): the PDF itself is stopped at LKJ_RENDER_BATAS_DETIK in all (wall time), the rest is slack.
TENGGANG_BASI = datetime.timedelta(seconds=60)
PESAN_TERHENTI = (
    "Pembuatan dokumen terhenti sebelum selesai (pembuat dokumen di latar belakang berhenti di tengah jalan). "
    "Tekan «Buat / unduh» untuk meminta ulang."
)


def _cpu() -> float:
    """CPU seconds of this process and of its children waited for (the forked PDF renderer, ``render.pdf``)."""
    sendiri, anak = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return sendiri.ru_utime + sendiri.ru_stime + anak.ru_utime + anak.ru_stime


class DokumenTidakTersedia(Exception):
    """The document cannot exist (no PK for that jabatan, no XLSX for that kind): a clear message for the user."""


def data_dokumen(jenis, opd, tahun, triwulan, jabatan=None, tanggal=None, *, u=None, lampiran_asal=False):
    """The data a document prints, from its kind's builder (``lkj.dokumen.jenis``). Raises ``DokumenTidakTersedia``.

    ``lampiran_asal``: with the lampiran "Asal angka" (kinds that print the E.81, ``JenisDokumen.e81``)."""
    spek = SPESIFIKASI[jenis]
    if not spek.per_jabatan:
        d = spek.data(opd, tahun, triwulan, None, tanggal, u=u)
        if lampiran_asal and spek.e81 is not None:
            d.asal_lampiran = asal_lampiran(spek.e81(d))
        return d
    if jabatan is None:
        raise DokumenTidakTersedia("Pilih jabatan untuk dokumen ini.")
    d = spek.data(opd, tahun, triwulan, jabatan, tanggal, u=u)
    if d is None:
        raise DokumenTidakTersedia(
            f"{jabatan.nama} tidak memiliki Perjanjian Kinerja yang berlaku pada akhir {fmt.triwulan(triwulan)} {tahun}."
        )
    return d


def konteks(jenis, d) -> dict:
    return SPESIFIKASI[jenis].konteks(d)


_CSS = Path(settings.BASE_DIR) / "static" / "dokumen" / "dokumen.css"


def versi_data(jenis, format, isi_html: str, isi_buku: str = "") -> str:
    """SHA-256 of everything the document prints and of the program that prints it.

    The HTML and stylesheet; for a spreadsheet also every cell's exact value and format
    (``render.sidik_buku``); and the program's own files (``stempel.versi_program``), so
    a release that changes how a file is drawn gives it a new version too.
    """
    h = hashlib.sha256()
    h.update(f"{jenis}|{format}|{versi_program()}|".encode())
    h.update(_CSS.read_bytes())
    h.update(isi_html.encode("utf-8"))
    h.update(isi_buku.encode("utf-8"))
    return h.hexdigest()


def _bangun(jenis, format, d):
    """(HTML, workbook or None, data version) of a document's data."""
    spek = SPESIFIKASI[jenis]
    isi = render.html(spek.template, konteks(jenis, d))
    buku = spek.buku(d) if format == Format.XLSX else None
    return isi, buku, versi_data(jenis, format, isi, render.sidik_buku(buku) if buku is not None else "")


def tanggal_baku(tahun, triwulan) -> datetime.date:
    return D.hari_kerja_setelah(akhir_triwulan(tahun, triwulan))


def dokumen_siapkan(
    *, jenis, opd, tahun, triwulan, format=Format.PDF, jabatan=None, tanggal=None, antrekan=True, lampiran_asal=False
) -> DokumenRender:
    """The render of this document at the current data version: existing, or newly requested and enqueued.

    ``lampiran_asal``: the PDF with the lampiran "Asal angka" — another file, cached apart (its own key)."""
    spek = SPESIFIKASI[jenis]
    if format not in spek.format:
        raise DokumenTidakTersedia("Dokumen ini hanya tersedia sebagai " + " atau ".join(Format(f).label for f in spek.format) + ".")
    if lampiran_asal and (spek.e81 is None or format != Format.PDF):
        raise DokumenTidakTersedia("Lampiran Asal angka hanya tersedia untuk PDF LKj perangkat daerah dan Formulir E.81.")
    if not spek.per_jabatan:
        jabatan = None
    tanggal = tanggal or tanggal_baku(tahun, triwulan)
    # The stamp is read before the data: a write landing in between files this
    # build under a stamp that is already past, never an old build under a new stamp.
    cap = stempel_dokumen(opd.pk)
    ada = (
        DokumenRender.objects.filter(
            jenis=jenis,
            opd=opd,
            tahun=tahun,
            triwulan=triwulan,
            jabatan=jabatan,
            format=format,
            tanggal=tanggal,
            stempel=cap,
            lampiran_asal=lampiran_asal,
        )
        .exclude(status=DokumenRender.Status.GAGAL)
        .order_by("-pk")
        .first()
    )
    if ada is not None:  # nothing the document prints has changed since this render was filed
        return ada
    d = data_dokumen(jenis, opd, tahun, triwulan, jabatan, tanggal, lampiran_asal=lampiran_asal)
    _isi, _buku, versi = _bangun(jenis, format, d)
    kunci = DokumenRender.buat_kunci(
        jenis=jenis,
        opd_id=opd.pk,
        tahun=tahun,
        triwulan=triwulan,
        jabatan_id=jabatan.pk if jabatan else None,
        format=format,
        tanggal=tanggal,
        versi_data=versi,
        lampiran_asal=lampiran_asal,
    )
    ada = DokumenRender.objects.filter(kunci=kunci).first()
    if ada is not None and ada.status != DokumenRender.Status.GAGAL:
        if ada.stempel != cap:
            DokumenRender.objects.filter(pk=ada.pk).update(stempel=cap)
            ada.stempel = cap
        return ada
    if ada is not None:  # a failed render is retried on the next request
        ada.status, ada.pesan, ada.stempel, ada.mulai_pada = DokumenRender.Status.ANTRE, "", cap, None
        ada.save(update_fields=["status", "pesan", "stempel", "mulai_pada"])
        obj = ada
    else:
        try:
            with transaction.atomic():
                obj = DokumenRender.objects.create(
                    jenis=jenis,
                    opd=opd,
                    tahun=tahun,
                    triwulan=triwulan,
                    jabatan=jabatan,
                    format=format,
                    tanggal=tanggal,
                    versi_data=versi,
                    kunci=kunci,
                    stempel=cap,
                    lampiran_asal=lampiran_asal,
                )
        except IntegrityError:  # two requests raced; the other one's row serves both
            return DokumenRender.objects.get(kunci=kunci)
    if antrekan:
        transaction.on_commit(lambda: render_dokumen.enqueue(obj.pk))
    return obj


def dokumen_render(*, dokumen_id: int) -> DokumenRender:
    """Render one requested document into its file (run by the task worker).

    The data is rebuilt and re-hashed: if it changed since the request, the file
    would not match its version, so the row is marked failed and the next request
    creates the right one.
    """
    obj = DokumenRender.objects.select_related("opd", "jabatan").get(pk=dokumen_id)
    if obj.status == DokumenRender.Status.SELESAI:
        return obj
    DokumenRender.objects.filter(pk=obj.pk).update(status=DokumenRender.Status.PROSES, mulai_pada=timezone.now())
    mulai, cpu_mulai = time.perf_counter(), _cpu()
    try:
        spek = SPESIFIKASI[obj.jenis]
        d = data_dokumen(obj.jenis, obj.opd, obj.tahun, obj.triwulan, obj.jabatan, obj.tanggal, lampiran_asal=obj.lampiran_asal)
        isi, buku, versi = _bangun(obj.jenis, obj.format, d)
        if versi != obj.versi_data:
            if obj.stempel and not obj.stempel.startswith(versi_program() + "/"):
                raise DokumenTidakTersedia(
                    "Aplikasi sedang diperbarui: pembuat dokumen di latar belakang belum menjalankan versi yang sama "
                    "dengan server web. Minta ulang dokumen ini setelah keduanya dimulai ulang."
                )
            raise DokumenTidakTersedia("Data berubah sejak dokumen diminta; minta ulang dokumen ini.")
        if obj.format == Format.PDF:
            hasil = render.pdf(isi)
            isi_berkas, halaman = hasil.isi, hasil.halaman
        else:
            isi_berkas, halaman = render.simpan_buku(buku), None
        nama = _nama_berkas(spek.nama(d), obj)
        with transaction.atomic():
            obj.berkas.save(nama, ContentFile(isi_berkas), save=False)
            obj.nama_berkas = nama
            obj.sha256 = hashlib.sha256(isi_berkas).hexdigest()
            obj.ukuran = len(isi_berkas)
            obj.halaman = halaman
            obj.detik = Decimal(f"{time.perf_counter() - mulai:.3f}")
            obj.status = DokumenRender.Status.SELESAI
            obj.selesai_pada = timezone.now()
            obj.pesan = ""
            obj.save()
    except Exception as exc:
        DokumenRender.objects.filter(pk=obj.pk).update(status=DokumenRender.Status.GAGAL, pesan=str(exc)[:2000])
        log.warning("Dokumen gagal dibuat", extra={"dokumen": obj.pk, "jenis": obj.jenis, "pesan": str(exc)[:500]})
        obj.refresh_from_db()
        return obj
    log.info(
        "Dokumen selesai dibuat",
        extra={
            "dokumen": obj.pk,
            "jenis": obj.jenis,
            "format": obj.format,
            "detik": float(obj.detik),
            "cpu": round(_cpu() - cpu_mulai, 3),
            "halaman": obj.halaman,
        },
    )
    return obj


def batas_basi(sekarang=None) -> datetime.datetime:
    """A render taken up before this moment and still "proses" has lost its worker."""
    return (sekarang or timezone.now()) - datetime.timedelta(seconds=settings.LKJ_RENDER_BATAS_DETIK) - TENGGANG_BASI


def dokumen_basi(obj: DokumenRender, sekarang=None) -> bool:
    return obj.status == DokumenRender.Status.PROSES and (obj.mulai_pada or obj.dibuat_pada) < batas_basi(sekarang)


def dokumen_basi_gagalkan(*, dokumen_id: int | None = None) -> int:
    """Fail the renders a dead worker left "Sedang dibuat…" forever; returns how many.

    Run by every worker's heartbeat and by the documents page for a row it shows as stale.
    Only rows still "proses" past the limit change (a conditional UPDATE, so a worker that
    finishes at the same moment wins); the next request of the document renders it anew.
    """
    batas = batas_basi()
    qs = DokumenRender.objects.filter(status=DokumenRender.Status.PROSES).filter(
        Q(mulai_pada__lt=batas) | Q(mulai_pada__isnull=True, dibuat_pada__lt=batas)
    )
    if dokumen_id is not None:
        qs = qs.filter(pk=dokumen_id)
    n = qs.update(status=DokumenRender.Status.GAGAL, pesan=PESAN_TERHENTI)
    if n:
        log.warning("Dokumen yang terhenti di tengah pembuatan ditandai gagal", extra={"jumlah": n})
    return n


def _nama_berkas(stem: str, obj: DokumenRender) -> str:
    return f"{slugify(stem)}-{obj.tahun}-tw{obj.triwulan}.{obj.format}"


def dokumen_render_tertanda(
    *, jenis, opd, tahun, triwulan, jabatan=None, tanggal=None, tanda, tandatangani: Callable[[bytes], bytes], tambahan: dict | None = None
) -> DokumenRender:
    """Render a signed document now, in the caller's transaction, have it signed, and keep it (never a cache hit).

    ``tanda`` (document number, verification code, QR, signers) is printed on every
    page, so the file differs from any unsigned render and gets its own row. The
    caller (``lkj.tinjauan.services``) holds the lock that froze the data: the file
    is rendered from exactly the frozen state. ``tandatangani`` receives the rendered
    PDF and returns the bytes to keep — the signer's output (a BSrE provider returns a
    PAdES-signed file, not the render): those bytes are stored, hashed and served, so
    the hash the verification page compares is the hash of the file people hold.
    ``tambahan`` adds to the template's context what only a signed copy prints (the E.81's filled
    "Dievaluasi" block: ``evaluasi``). Raises ``DokumenTidakTersedia``, also when the signer returns no PDF.
    """
    spek = SPESIFIKASI[jenis]
    if not spek.per_jabatan:
        jabatan = None
    tanggal = tanggal or tanggal_baku(tahun, triwulan)
    mulai = time.perf_counter()
    d = data_dokumen(jenis, opd, tahun, triwulan, jabatan, tanggal)
    isi = render.html(spek.template, {**konteks(jenis, d), **(tambahan or {}), "tanda": tanda})
    versi = versi_data(jenis, Format.PDF, isi)
    hasil = render.pdf(isi)
    tertanda = tandatangani(hasil.isi)
    if not isinstance(tertanda, bytes) or not tertanda.startswith(b"%PDF-"):
        raise DokumenTidakTersedia("Penyedia tanda tangan tidak mengembalikan berkas PDF; dokumen tidak ditandatangani.")
    obj = DokumenRender(
        jenis=jenis,
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        jabatan=jabatan,
        format=Format.PDF,
        tanggal=tanggal,
        versi_data=versi,
        kunci=f"ttd:{tanda.nomor}",
        status=DokumenRender.Status.SELESAI,
        sha256=hashlib.sha256(tertanda).hexdigest(),
        ukuran=len(tertanda),
        halaman=hasil.halaman,
        detik=Decimal(f"{time.perf_counter() - mulai:.3f}"),
        selesai_pada=timezone.now(),
    )
    stem = spek.nama(d) + "-" + tanda.nomor.replace("/", "-")
    obj.nama_berkas = _nama_berkas(stem, obj)
    obj.berkas.save(obj.nama_berkas, ContentFile(tertanda), save=False)
    obj.save()
    return obj
