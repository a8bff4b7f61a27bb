"""Printing the whole kabupaten's quarter: every document of every OPD of a pemda, rendered by the background
workers, with its progress on the recap page (issue 16 point 5).

Starting (``cetak_mulai``) records a ``CetakKabupaten`` with one ``CetakOpd`` per OPD and enqueues one job per
OPD (``tasks.cetak_opd``, ahead of the renders) that requests each of the OPD's documents of the quarter
(``lkj.dokumen.jenis.dokumen_periode``: OPD LKj, E.81, LRA summary, each individual report and PK; PDF) through
``lkj.dokumen.services.dokumen_siapkan``: a document already rendered, or already waiting, for the OPD's current
data stamp is that same row, reused, never rendered again; the others are enqueued as ``render_dokumen`` jobs
like any document asked for on the documents page. The progress (``kemajuan``) is counted from those rows'
own states, so it cannot disagree with the documents page; a failed render keeps its reason and is requested
again by ``cetak_ulang`` (the OPD's job runs again: the failed rows are retried, the rest found as they are).
"""

from __future__ import annotations

import datetime
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.text import slugify

from lkj.dokumen.jenis import SPESIFIKASI, dokumen_periode
from lkj.dokumen.models import DokumenRender
from lkj.dokumen.services import DokumenTidakTersedia, dokumen_siapkan
from lkj.operasi.denyut import pekerja_hidup
from lkj.rekap.models import CetakKabupaten, CetakOpd
from lkj.rekap.tasks import cetak_opd
from organisasi.akses import peran_pemda
from organisasi.models import Pemda, PerangkatDaerah, PeranPemda

S = DokumenRender.Status
PERAN_MULAI = {PeranPemda.Peran.ADMIN_PEMDA, PeranPemda.Peran.BAGIAN_ORGANISASI}


class CetakDitolak(Exception):
    """A start or retry that cannot be done now; the message says why, in Indonesian."""


def boleh_mulai_cetak(user, pemda) -> bool:
    """Who may start (and retry) the printing of a pemda's quarter: its administrator and Bagian Organisasi (and
    the superuser, administrator of every pemda). Bappeda and Inspektorat follow its progress only. One query."""
    if user.is_superuser and user.is_active:
        return True
    return bool(peran_pemda(user, pemda) & PERAN_MULAI)


def cetak_terakhir(pemda, tahun: int, triwulan: int) -> CetakKabupaten | None:
    return CetakKabupaten.objects.filter(pemda=pemda, tahun=tahun, triwulan=triwulan).select_related("diminta_oleh").first()


def _antrekan(bagian_ids: list[int]) -> None:
    transaction.on_commit(lambda: [cetak_opd.enqueue(pk) for pk in bagian_ids])


def cetak_mulai(pemda, tahun: int, triwulan: int, oleh) -> CetakKabupaten:
    """Record the printing of every OPD's quarter and enqueue one preparing job per OPD. Refused
    (``CetakDitolak``) to whoever may not start it (``boleh_mulai_cetak``: checked here, for every caller), and
    while the previous printing of the same quarter is still running."""
    if not boleh_mulai_cetak(oleh, pemda):
        raise CetakDitolak(
            "Cetak seluruh kabupaten dimulai oleh administrator pemda atau Bagian Organisasi; peran lain mengikuti kemajuannya."
        )
    with transaction.atomic():
        # two starts of one pemda (a double click, two administrators) queue here; the second sees the first
        Pemda.objects.select_for_update().filter(pk=pemda.pk).first()
        lalu = cetak_terakhir(pemda, tahun, triwulan)
        if lalu is not None and not kemajuan(lalu).selesai:
            raise CetakDitolak("Pencetakan triwulan ini masih berjalan; tunggu sampai selesai sebelum memulai lagi.")
        opds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode").values_list("pk", flat=True))
        if not opds:
            raise CetakDitolak("Pemda ini belum memiliki perangkat daerah; tidak ada dokumen yang dicetak.")
        cetak = CetakKabupaten.objects.create(pemda=pemda, tahun=tahun, triwulan=triwulan, diminta_oleh=oleh)
        bagian = CetakOpd.objects.bulk_create([CetakOpd(cetak=cetak, opd_id=pk) for pk in opds])
        _antrekan([b.pk for b in bagian])
    return cetak


def cetak_opd_siapkan(bagian_id: int) -> int:
    """Request every document of one OPD's quarter (the job ``tasks.cetak_opd``); returns how many.

    Not one transaction: each request commits (and enqueues its render) as it goes, so the workers start on
    the first documents while the rest are being requested and no long write blocks them on SQLite."""
    bagian = CetakOpd.objects.select_related("cetak", "opd__pemda").get(pk=bagian_id)
    c = bagian.cetak
    dokumen, pesan = [], []
    for spek, jab in dokumen_periode(bagian.opd, c.tahun, c.triwulan):
        try:
            dokumen.append(
                dokumen_siapkan(
                    jenis=spek.kode, opd=bagian.opd, tahun=c.tahun, triwulan=c.triwulan, format=DokumenRender.Format.PDF, jabatan=jab
                )
            )
        except DokumenTidakTersedia as exc:
            pesan.append(f"{spek.label(jab)}: {exc}")
    with transaction.atomic():
        bagian.dokumen.set(dokumen)
        bagian.pesan = "\n".join(pesan)
        bagian.disiapkan_pada = timezone.now()
        bagian.save(update_fields=["pesan", "disiapkan_pada"])
    return len(dokumen)


def cetak_ulang(cetak: CetakKabupaten, opd=None) -> int:
    """Request again the failed documents of the printing (of one OPD, or of all): each OPD with a failure is
    prepared again (``cetak_opd_siapkan``), which retries its failed renders and finds the others as they are.
    Returns the number of OPDs queued; refused while one of them is still being prepared."""
    qs = cetak.bagian.all()
    if opd is not None:
        qs = qs.filter(opd=opd)
    gagal = set(
        CetakOpd.dokumen.through.objects.filter(cetakopd__in=qs, dokumenrender__status=S.GAGAL).values_list("cetakopd_id", flat=True)
    )
    gagal |= set(qs.exclude(pesan="").values_list("pk", flat=True))
    if not gagal:
        raise CetakDitolak("Tidak ada dokumen gagal yang perlu dicetak ulang.")
    with transaction.atomic():
        if CetakOpd.objects.filter(pk__in=gagal, disiapkan_pada__isnull=True).exists():
            raise CetakDitolak("Dokumen perangkat daerah ini masih disiapkan; coba lagi sebentar lagi.")
        CetakOpd.objects.filter(pk__in=gagal).update(disiapkan_pada=None)
        _antrekan(sorted(gagal))
    return len(gagal)


# --- progress ------------------------------------------------------------------------------------


@dataclass
class Gagal:
    opd: PerangkatDaerah
    judul: str
    pesan: str
    render_id: int | None = None


@dataclass
class BagianKemajuan:
    bagian: CetakOpd
    jumlah: int = 0
    siap: int = 0
    gagal: int = 0

    @property
    def opd(self) -> PerangkatDaerah:
        return self.bagian.opd

    @property
    def disiapkan(self) -> bool:
        return self.bagian.disiapkan_pada is not None

    @property
    def gagal_siapkan(self) -> int:
        return len(self.bagian.pesan.splitlines()) if self.bagian.pesan else 0

    @property
    def selesai(self) -> bool:
        return self.disiapkan and self.siap + self.gagal == self.jumlah

    @property
    def keadaan(self) -> str:
        if not self.disiapkan:
            return "Menunggu giliran disiapkan"
        if not self.selesai:
            return "Sedang dicetak"
        return "Selesai dengan kegagalan" if self.gagal or self.gagal_siapkan else "Selesai"


@dataclass
class Kemajuan:
    cetak: CetakKabupaten
    bagian: list[BagianKemajuan]
    gagal_daftar: list[Gagal] = field(default_factory=list)
    dipakai_ulang: int = 0  # documents already rendered for the current data before this printing began
    perkiraan: datetime.datetime | None = None
    pekerja_mati: bool = False

    @property
    def jumlah(self) -> int:
        return sum(b.jumlah for b in self.bagian)

    @property
    def siap(self) -> int:
        return sum(b.siap for b in self.bagian)

    @property
    def gagal(self) -> int:
        return sum(b.gagal + b.gagal_siapkan for b in self.bagian)

    @property
    def disiapkan(self) -> int:
        return sum(1 for b in self.bagian if b.disiapkan)

    @property
    def selesai(self) -> bool:
        return all(b.selesai for b in self.bagian)

    @property
    def persen(self) -> int:
        return int(100 * (self.siap + self.gagal) / self.jumlah) if self.jumlah and self.disiapkan == len(self.bagian) else 0


def kemajuan(cetak: CetakKabupaten, sekarang: datetime.datetime | None = None) -> Kemajuan:
    """The printing's progress from its renders' states: per OPD documents requested, ready and failed; the
    failed ones with their reason; an estimated end from the pace of the renders finished since it began.
    Four queries whatever the number of OPDs and documents (a fifth for the worker's heartbeat while waiting)."""
    sekarang = sekarang or timezone.now()
    bagian = list(cetak.bagian.select_related("opd").order_by("opd__kode"))
    per = {b.pk: BagianKemajuan(b) for b in bagian}
    Through = CetakOpd.dokumen.through
    baris = Through.objects.filter(cetakopd__cetak=cetak)
    for pk, status, n in baris.values_list("cetakopd_id", "dokumenrender__status").annotate(n=Count("id")).order_by():
        bk = per[pk]
        bk.jumlah += n
        if status == S.SELESAI:
            bk.siap += n
        elif status == S.GAGAL:
            bk.gagal += n
    hasil = Kemajuan(cetak, list(per.values()))
    opd_per_bagian = {b.pk: b.opd for b in bagian}
    for r in baris.filter(dokumenrender__status=S.GAGAL).select_related("dokumenrender__jabatan").order_by("cetakopd__opd__kode", "pk"):
        d = r.dokumenrender
        hasil.gagal_daftar.append(Gagal(opd_per_bagian[r.cetakopd_id], SPESIFIKASI[d.jenis].label(d.jabatan), d.pesan, d.pk))
    for b in bagian:
        for line in b.pesan.splitlines():
            judul, _, alasan = line.partition(": ")
            hasil.gagal_daftar.append(Gagal(b.opd, judul, alasan))
    # The pace: renders of this printing finished since it began (those reused were ready before it).
    kini = baris.filter(dokumenrender__status=S.SELESAI, dokumenrender__selesai_pada__gte=cetak.diminta_pada).aggregate(
        n=Count("id"), awal=Min("dokumenrender__mulai_pada"), akhir=Max("dokumenrender__selesai_pada")
    )
    hasil.dipakai_ulang = hasil.siap - kini["n"]
    sisa = sum(b.jumlah - b.siap - b.gagal for b in hasil.bagian)
    if not hasil.selesai and kini["n"] and hasil.disiapkan == len(bagian):
        awal = min(kini["awal"] or cetak.diminta_pada, kini["akhir"])
        lama = (kini["akhir"] - awal).total_seconds()
        if lama > 0 and sisa > 0:
            hasil.perkiraan = sekarang + datetime.timedelta(seconds=lama / kini["n"] * sisa)
    if not hasil.selesai and settings.LKJ_PEKERJA_WAJIB:
        hasil.pekerja_mati = not pekerja_hidup()
    return hasil


# --- the files as one ZIP -------------------------------------------------------------------------


def zip_cetak(cetak: CetakKabupaten, opd=None):
    """The printing's finished files (of one OPD, or of all) as one ZIP in a temporary file, rewound; a folder
    per OPD. Stored, not compressed: PDFs are compressed already. ``None`` when no file is ready."""
    qs = DokumenRender.objects.filter(
        status=S.SELESAI, pk__in=CetakOpd.dokumen.through.objects.filter(cetakopd__cetak=cetak).values("dokumenrender_id")
    )
    if opd is not None:
        qs = qs.filter(opd=opd)
    renders = list(qs.select_related("opd").order_by("opd__kode", "jenis", "pk"))
    if not renders:
        return None
    berkas = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    with zipfile.ZipFile(berkas, "w", zipfile.ZIP_STORED) as z:
        nama_dipakai = set()
        for r in renders:
            nama = f"{slugify(r.opd.nama)}/{r.nama_berkas}"
            if nama in nama_dipakai:  # two jabatan of the same title and holder name
                nama = f"{slugify(r.opd.nama)}/{r.pk}-{r.nama_berkas}"
            nama_dipakai.add(nama)
            with r.berkas.open("rb") as f, z.open(nama, "w") as keluar:
                while blok := f.read(1024 * 1024):
                    keluar.write(blok)
    berkas.seek(0)
    return berkas


def nama_zip(cetak: CetakKabupaten, opd=None) -> str:
    siapa = slugify(opd.nama) if opd is not None else slugify(cetak.pemda.nama)
    return f"dokumen-{siapa}-{cetak.tahun}-tw{cetak.triwulan}.zip"
