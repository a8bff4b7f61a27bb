"""Budget: the monthly LRA, kept per month, one row per sub kegiatan and kode rekening.

A quarter's budget figures come from the LRA of its last month only (decisions §3):
its "anggaran setelah perubahan" is the pagu in force, its "s/d bulan ini" the
realisation. Each month's lines are kept with their own budget columns, so a later
month never rewrites an earlier quarter. Only the sub kegiatan carries money;
kegiatan, program and sasaran amounts are sums computed by the selectors.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from dasar import batas
from dasar.format import BULAN
from organisasi.kunci import DataTriwulan, induk, jejak_opd, triwulan_bulan
from organisasi.models import PerangkatDaerah
from renja.kode import KodeTidakValid, parse_rekening
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

    jejak_terkait = ("lra_import",)

    def jejak_kunci(self):
        return induk(self, "lra_import").jejak_kunci() if self.lra_import_id else []


def kode_rekening_validator(nilai):
    """A kode rekening written exactly as the list publishes it, with dots (``renja.kode.Rekening``)."""
    try:
        kode = parse_rekening(nilai)
    except KodeTidakValid as exc:
        raise ValidationError(str(exc)) from None
    if kode.teks != nilai:
        raise ValidationError(f"Tulis kode rekening dengan titik: {kode.teks}.")


class KodeRekening(models.Model):
    """The kode rekening list of one year (Kepmendagri on the classification of accounts): each account
    code with its name, at any level (5, 5.1, 5.1.02, … 5.1.02.01.01.0024).

    Loaded by the pemda's administrator through the admin (import/export). When a year has a list, the
    LRA import warns about a kode rekening line of that year that is not in it (the LRA comes from the
    regional finance system, so it is not refused); a year without a list is not checked. No document
    prints it (the LRA lines keep their own uraian), so it sits outside the quarter lock and the data stamp.
    """

    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kode = models.CharField(
        "kode rekening", max_length=30, validators=[kode_rekening_validator], help_text="Dengan titik, mis. 5.1.02.01.01.0024."
    )
    nama = models.CharField("uraian", max_length=batas.NAMA_DAFTAR)

    class Meta:
        verbose_name = "kode rekening"
        verbose_name_plural = "kode rekening"
        ordering = ["-tahun", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["tahun", "kode"],
                name="kode_rekening_unik_per_tahun",
                violation_error_message="Kode rekening ini sudah ada di daftar tahun tersebut.",
            )
        ]

    def __str__(self):
        return f"{self.kode} {self.nama} ({self.tahun})"

    @property
    def tingkat(self) -> str:
        return parse_rekening(self.kode).tingkat
