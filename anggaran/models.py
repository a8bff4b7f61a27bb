"""Budget: pagu per sub kegiatan and kode rekening, and the monthly LRA.

Only the sub kegiatan carries money; kegiatan, program and sasaran amounts
are sums computed by the selectors, never stored.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from dasar.format import BULAN
from organisasi.models import PerangkatDaerah
from renja.models import SubKegiatan

BULAN_CHOICES = [(i + 1, nama) for i, nama in enumerate(BULAN)]


class TahunAnggaran(models.Model):
    """Per OPD and year: from which date the changed budget (P-APBD) is in force."""

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="tahun_anggaran", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    perubahan_berlaku = models.DateField(
        "anggaran perubahan berlaku sejak",
        null=True,
        blank=True,
        help_text="Kosong selama belum ada perubahan anggaran; capaian anggaran memakai anggaran sebelum perubahan.",
    )

    class Meta:
        verbose_name = "tahun anggaran"
        verbose_name_plural = "tahun anggaran"
        constraints = [models.UniqueConstraint(fields=["opd", "tahun"], name="tahun_anggaran_unik")]

    def __str__(self):
        return f"{self.opd} {self.tahun}"

    def pakai_anggaran_perubahan(self, tanggal: datetime.date) -> bool:
        return self.perubahan_berlaku is not None and tanggal >= self.perubahan_berlaku


class Pagu(models.Model):
    """One kode rekening line of a sub kegiatan's budget, before and after the change."""

    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.CASCADE, related_name="pagu", verbose_name="sub kegiatan")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    kode_rekening = models.CharField("kode rekening (akun)", max_length=40)
    uraian = models.CharField("uraian", max_length=300)
    sebelum_perubahan = models.DecimalField(
        "anggaran sebelum perubahan", max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    setelah_perubahan = models.DecimalField(
        "anggaran setelah perubahan", max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pagu"
        verbose_name_plural = "pagu"
        ordering = ["sub_kegiatan", "kode_rekening"]
        constraints = [
            models.UniqueConstraint(fields=["sub_kegiatan", "tahun", "kode_rekening"], name="pagu_unik"),
            models.CheckConstraint(
                condition=Q(sebelum_perubahan__gte=0) & Q(setelah_perubahan__gte=0),
                name="pagu_tidak_negatif",
                violation_error_message="Anggaran tidak boleh negatif.",
            ),
        ]

    def __str__(self):
        return f"{self.sub_kegiatan.kode_e81} {self.kode_rekening}"


class LraImport(models.Model):
    """One upload of a monthly LRA. Every import is kept; one is active per month."""

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="lra_import", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    bulan = models.PositiveSmallIntegerField("bulan", choices=BULAN_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(12)])
    nama_file = models.CharField("nama berkas", max_length=255)
    berkas = models.FileField("berkas asli", upload_to="lra/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    aktif = models.BooleanField("aktif", default=True)
    ringkasan = models.JSONField("ringkasan", default=dict, blank=True)

    class Meta:
        verbose_name = "impor LRA"
        verbose_name_plural = "impor LRA"
        ordering = ["-tahun", "-bulan", "-diunggah_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "bulan"],
                condition=Q(aktif=True),
                name="lra_satu_aktif_per_bulan",
                violation_error_message="Sudah ada LRA aktif untuk bulan ini.",
            ),
        ]

    def __str__(self):
        return f"LRA {self.opd} {BULAN[self.bulan - 1]} {self.tahun}"


class RealisasiAnggaran(models.Model):
    """Cumulative realisation of one kode rekening line, as of the LRA month."""

    lra_import = models.ForeignKey(LraImport, on_delete=models.CASCADE, related_name="baris", verbose_name="impor LRA")
    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.PROTECT, related_name="realisasi_anggaran", verbose_name="sub kegiatan")
    kode_rekening = models.CharField("kode rekening (akun)", max_length=40)
    uraian = models.CharField("uraian", max_length=300)
    realisasi_bulan_lalu = models.DecimalField("realisasi s/d bulan lalu", max_digits=18, decimal_places=2)
    realisasi_bulan_ini = models.DecimalField("realisasi bulan ini", max_digits=18, decimal_places=2)
    realisasi_sd = models.DecimalField("realisasi s/d bulan ini", max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = "realisasi anggaran"
        verbose_name_plural = "realisasi anggaran"
        constraints = [
            models.UniqueConstraint(fields=["lra_import", "sub_kegiatan", "kode_rekening"], name="realisasi_anggaran_unik"),
        ]

    def __str__(self):
        return f"{self.sub_kegiatan.kode_e81} {self.kode_rekening}: {self.realisasi_sd}"
