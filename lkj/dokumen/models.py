"""Rendered documents, kept per data version: the cache and the archive in one table.

A row is one document (jenis × OPD × period × jabatan × format × tanggal) for one
*data version* — the SHA-256 of everything the document prints. An unchanged
document finds its row and downloads at once (without even being rebuilt while
the OPD's data stamp has not moved, see ``lkj.dokumen.stempel``); a changed figure gives a new hash
and so a new row, while the old file stays (a signed PDF must stay reproducible).
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from dasar import batas
from dasar.format import romawi
from lkj.dokumen import jenis as _jenis

__all__ = ["DokumenRender"]


class DokumenRender(models.Model):
    Jenis = _jenis.Jenis  # one per entry of the registry (lkj.dokumen.jenis)

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        ANTRE = "antre", "Menunggu giliran"
        PROSES = "proses", "Sedang dibuat"
        SELESAI = "selesai", "Siap diunduh"
        GAGAL = "gagal", "Gagal dibuat"

    jenis = models.CharField("jenis dokumen", max_length=10, choices=Jenis.choices)
    opd = models.ForeignKey(
        "organisasi.PerangkatDaerah", on_delete=models.CASCADE, related_name="dokumen_render", verbose_name="perangkat daerah"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    jabatan = models.ForeignKey(
        "organisasi.Jabatan", on_delete=models.CASCADE, null=True, blank=True, related_name="dokumen_render", verbose_name="jabatan"
    )
    format = models.CharField("format", max_length=4, choices=Format.choices)
    # With the optional lampiran "Asal angka" (a draft's choice on the documents page): another file, keyed apart.
    lampiran_asal = models.BooleanField("dengan lampiran Asal angka", default=False)
    tanggal = models.DateField("tanggal dokumen")
    versi_data = models.CharField("versi data (SHA-256)", max_length=64)
    kunci = models.CharField("kunci cache", max_length=200, unique=True, editable=False)
    # The program and data stamp (lkj.dokumen.stempel) at which this render was last known current;
    # empty for signed renders, which are never served from the cache.
    stempel = models.CharField("stempel program dan data", max_length=120, blank=True, editable=False)
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.ANTRE)
    berkas = models.FileField("berkas", upload_to="dokumen/%Y/", blank=True)
    nama_berkas = models.CharField("nama berkas unduhan", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256 berkas", max_length=64, blank=True)
    ukuran = models.PositiveIntegerField("ukuran (byte)", null=True, blank=True)
    halaman = models.PositiveSmallIntegerField("jumlah halaman", null=True, blank=True)
    detik = models.DecimalField("lama pembuatan (detik)", max_digits=8, decimal_places=3, null=True, blank=True)
    pesan = models.TextField("pesan galat", blank=True, max_length=batas.PESAN_SISTEM, validators=[MaxLengthValidator(batas.PESAN_SISTEM)])
    dibuat_pada = models.DateTimeField("diminta pada", auto_now_add=True)
    # When a worker took the render up: a render still "proses" long after this lost its worker
    # (killed mid-job) and is failed by ``services.dokumen_basi_gagalkan``.
    mulai_pada = models.DateTimeField("mulai dibuat pada", null=True, blank=True)
    selesai_pada = models.DateTimeField("selesai pada", null=True, blank=True)

    class Meta:
        verbose_name = "dokumen hasil cetak"
        verbose_name_plural = "dokumen hasil cetak"
        ordering = ["-dibuat_pada"]
        indexes = [
            models.Index(fields=["opd", "tahun", "triwulan", "jenis"], name="dokumen_render_periode"),
            models.Index(fields=["opd", "stempel"], name="dokumen_render_stempel"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="dokumen_render_triwulan_1_4"),
            models.CheckConstraint(
                condition=~Q(status="selesai") | (~Q(berkas="") & ~Q(sha256="")),
                name="dokumen_render_selesai_berberkas",
                violation_error_message="Dokumen yang selesai harus memiliki berkas dan SHA-256.",
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.tahun} TW {romawi(self.triwulan)} ({self.format})"

    @staticmethod
    def buat_kunci(*, jenis, opd_id, tahun, triwulan, jabatan_id, format, tanggal, versi_data, lampiran_asal=False) -> str:
        asal = ":asal" if lampiran_asal else ""
        return f"{jenis}:{opd_id}:{tahun}:{triwulan}:{jabatan_id or '-'}:{format}{asal}:{tanggal.isoformat()}:{versi_data}"
