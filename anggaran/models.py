"""Budget: the monthly LRA, kept per month, one row per sub kegiatan and kode rekening.

A quarter's budget figures come from the LRA of its last month only (decisions §3):
its "anggaran setelah perubahan" is the pagu in force, its "s/d bulan ini" the
realisation. Each month's lines are kept with their own budget columns, so a later
month never rewrites an earlier quarter. Only the sub kegiatan carries money;
kegiatan, program and sasaran amounts are sums computed by the selectors.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from dasar.format import BULAN
from organisasi.kunci import DataTriwulan, jejak_opd, triwulan_bulan
from organisasi.models import PerangkatDaerah
from renja.models import SubKegiatan

BULAN_CHOICES = [(i + 1, nama) for i, nama in enumerate(BULAN)]


class LraImport(DataTriwulan):
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

    def jejak_kunci(self):
        """The active import of a quarter's last month is that quarter's budget (and a column of the later ones);
        a kept, inactive import and the other months print nowhere."""
        if not self.aktif:
            return []
        return jejak_opd(self.opd_id, self.tahun, triwulan_bulan(self.bulan), anggaran=True)


class RealisasiAnggaran(DataTriwulan):
    """One kode rekening line of a month's LRA: the budget that month printed and the cumulative realisation.

    ``anggaran_setelah`` is the pagu in force at the month's end (a June LRA prints the original
    budget there; September the changed one once the P-APBD applies).
    """

    lra_import = models.ForeignKey(LraImport, on_delete=models.CASCADE, related_name="baris", verbose_name="impor LRA")
    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.PROTECT, related_name="realisasi_anggaran", verbose_name="sub kegiatan")
    kode_rekening = models.CharField("kode rekening (akun)", max_length=40)
    uraian = models.CharField("uraian", max_length=300)
    anggaran_sebelum = models.DecimalField("anggaran sebelum perubahan", max_digits=18, decimal_places=2)
    anggaran_setelah = models.DecimalField("anggaran setelah perubahan", max_digits=18, decimal_places=2)
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

    def jejak_kunci(self):
        return self.lra_import.jejak_kunci() if self.lra_import_id else []
