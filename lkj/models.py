"""Configuration of the measurement that a pemda may set: the predikat scale and the averaging level."""
from django.db import models
from django.db.models import Q

from organisasi.models import Pemda


class PredikatPita(models.Model):
    """One band of the predikat scale (Tabel T-E.1); a pemda may set its own bands."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="predikat_pita", verbose_name="pemda")
    batas_bawah = models.DecimalField(
        "batas bawah (%)", max_digits=6, decimal_places=2, null=True, blank=True,
        help_text="Nilai ≥ batas bawah masuk pita ini. Kosongkan untuk pita terendah.",
    )
    predikat = models.CharField("predikat", max_length=40)

    class Meta:
        verbose_name = "pita predikat"
        verbose_name_plural = "skala predikat"
        ordering = ["pemda", models.F("batas_bawah").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "batas_bawah"], name="predikat_batas_unik",
                                    violation_error_message="Batas bawah ini sudah ada di skala pemda."),
            models.UniqueConstraint(fields=["pemda"], condition=Q(batas_bawah__isnull=True), name="predikat_satu_pita_terbuka",
                                    violation_error_message="Skala hanya boleh memiliki satu pita tanpa batas bawah."),
            models.CheckConstraint(condition=Q(batas_bawah__isnull=True) | Q(batas_bawah__gte=0), name="predikat_batas_tidak_negatif",
                                   violation_error_message="Batas bawah tidak boleh negatif."),
        ]

    def __str__(self):
        if self.batas_bawah is None:
            return f"< pita lain: {self.predikat}"
        return f"≥ {self.batas_bawah}: {self.predikat}"


class PengaturanPengukuran(models.Model):
    class Tingkat(models.TextChoices):
        SASARAN = "sasaran", "Sasaran strategis"
        PROGRAM = "program", "Program"
        KEGIATAN = "kegiatan", "Kegiatan"
        SUB_KEGIATAN = "sub_kegiatan", "Sub kegiatan"

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="pengaturan_pengukuran", verbose_name="pemda")
    tingkat_rata_rata = models.CharField(
        "tingkat rata-rata capaian (E.81 baris d)", max_length=12, choices=Tingkat.choices, default=Tingkat.PROGRAM
    )

    class Meta:
        verbose_name = "pengaturan pengukuran"
        verbose_name_plural = "pengaturan pengukuran"

    def __str__(self):
        return f"Pengaturan pengukuran {self.pemda}"
