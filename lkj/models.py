"""Configuration of the measurement that a pemda may set: the predikat scale and the averaging level."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from dasar import batas
from dasar.format import romawi
from organisasi.kunci import SEMUA_TRIWULAN, DataTriwulan, Jejak, induk, jejak_opd
from organisasi.models import Pemda


@deconstructible
class DaftarTeks:
    """A JSON list of strings: at most ``jumlah`` items of at most ``panjang`` characters each."""

    def __init__(self, jumlah=batas.NARASI_JUMLAH_BUTIR, panjang=batas.NARASI_BUTIR):
        self.jumlah, self.panjang = jumlah, panjang

    def __call__(self, nilai):
        if not isinstance(nilai, list) or not all(isinstance(b, str) for b in nilai):
            raise ValidationError("Isinya harus daftar teks.")
        if len(nilai) > self.jumlah:
            raise ValidationError(f"Paling banyak {self.jumlah} butir (ada {len(nilai)}).")
        for i, b in enumerate(nilai, start=1):
            if len(b) > self.panjang:
                raise ValidationError(f"Butir ke-{i} terlalu panjang ({len(b)} karakter; paling banyak {self.panjang}).")

    def __eq__(self, other):
        return isinstance(other, DaftarTeks) and (self.jumlah, self.panjang) == (other.jumlah, other.panjang)


class PredikatPita(DataTriwulan):
    """One band of the predikat scale (Tabel T-E.1); a pemda may set its own bands."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="predikat_pita", verbose_name="pemda")
    batas_bawah = models.DecimalField(
        "batas bawah (%)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Nilai ≥ batas bawah masuk pita ini. Kosongkan untuk pita terendah.",
    )
    predikat = models.CharField("predikat", max_length=40)

    class Meta:
        verbose_name = "pita predikat"
        verbose_name_plural = "skala predikat"
        ordering = ["pemda", models.F("batas_bawah").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "batas_bawah"],
                name="predikat_batas_unik",
                violation_error_message="Batas bawah ini sudah ada di skala pemda.",
            ),
            models.UniqueConstraint(
                fields=["pemda"],
                condition=Q(batas_bawah__isnull=True),
                name="predikat_satu_pita_terbuka",
                violation_error_message="Skala hanya boleh memiliki satu pita tanpa batas bawah.",
            ),
            models.CheckConstraint(
                condition=Q(batas_bawah__isnull=True) | Q(batas_bawah__gte=0),
                name="predikat_batas_tidak_negatif",
                violation_error_message="Batas bawah tidak boleh negatif.",
            ),
        ]

    def __str__(self):
        if self.batas_bawah is None:
            return f"< pita lain: {self.predikat}"
        return f"≥ {self.batas_bawah}: {self.predikat}"

    def jejak_kunci(self):
        """The scale judges every quarter of every OPD of the pemda: frozen by any signed report there."""
        return [Jejak(None, None, SEMUA_TRIWULAN, semua=True, pemda_id=self.pemda_id)] if self.pemda_id else []


class PengaturanPengukuran(DataTriwulan):
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

    def jejak_kunci(self):
        return [Jejak(None, None, SEMUA_TRIWULAN, semua=True, pemda_id=self.pemda_id)] if self.pemda_id else []


class Narasi(DataTriwulan):
    """The typed narrative of a quarter's report (decisions §6: the only typed text).

    ``jabatan`` empty = the OPD LKj (BAB I / IV and the OPD lists); otherwise the
    Laporan Kinerja Individu of that jabatan. Lists are stored as JSON lists of strings.
    """

    opd = models.ForeignKey("organisasi.PerangkatDaerah", on_delete=models.CASCADE, related_name="narasi", verbose_name="perangkat daerah")
    jabatan = models.ForeignKey(
        "organisasi.Jabatan", on_delete=models.CASCADE, null=True, blank=True, related_name="narasi", verbose_name="jabatan"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    latar_belakang = models.TextField(
        "latar belakang / pendahuluan", blank=True, max_length=batas.NARASI_TEKS, validators=[MaxLengthValidator(batas.NARASI_TEKS)]
    )
    faktor_pendukung = models.JSONField("faktor pendukung", default=list, blank=True, validators=[DaftarTeks()])
    faktor_penghambat = models.JSONField("faktor penghambat", default=list, blank=True, validators=[DaftarTeks()])
    upaya = models.JSONField("upaya / solusi", default=list, blank=True, validators=[DaftarTeks()])
    rencana_tindak_lanjut = models.JSONField("rencana tindak lanjut", default=list, blank=True, validators=[DaftarTeks()])
    penutup = models.TextField("penutup", blank=True, max_length=batas.NARASI_TEKS, validators=[MaxLengthValidator(batas.NARASI_TEKS)])
    # BAB I of the OPD LKj (jabatan empty); an individual report does not print them.
    gambaran_umum = models.TextField(
        "gambaran umum", blank=True, max_length=batas.NARASI_TEKS, validators=[MaxLengthValidator(batas.NARASI_TEKS)]
    )
    tupoksi = models.TextField(
        "tugas pokok dan fungsi", blank=True, max_length=batas.NARASI_TUPOKSI, validators=[MaxLengthValidator(batas.NARASI_TUPOKSI)]
    )
    aspek_strategis = models.TextField(
        "aspek strategis", blank=True, max_length=batas.NARASI_TEKS, validators=[MaxLengthValidator(batas.NARASI_TEKS)]
    )
    permasalahan_utama = models.JSONField("permasalahan utama", default=list, blank=True, validators=[DaftarTeks()])
    # Raised on every save of the text; a save carrying an older number is refused (two people, one page).
    versi = models.PositiveIntegerField("versi", default=0)
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "narasi laporan"
        verbose_name_plural = "narasi laporan"
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], condition=Q(jabatan__isnull=True), name="narasi_opd_unik"),
            models.UniqueConstraint(
                fields=["jabatan", "tahun", "triwulan"], condition=Q(jabatan__isnull=False), name="narasi_jabatan_unik"
            ),
            models.CheckConstraint(
                condition=Q(triwulan__gte=1, triwulan__lte=4),
                name="narasi_triwulan_1_4",
                violation_error_message="Triwulan harus 1 sampai 4.",
            ),
        ]

    def __str__(self):
        siapa = self.jabatan or self.opd
        return f"Narasi {siapa} {self.tahun} TW {romawi(self.triwulan)}"

    def jejak_kunci(self):
        """Its quarter's report: the OPD's (jabatan empty), or that jabatan's individual report."""
        return jejak_opd(self.opd_id, self.tahun, (self.triwulan,), jabatan_id=self.jabatan_id, narasi=True)


class Dokumentasi(DataTriwulan):
    """A photo of the quarter's activities with caption and date (EXIF removed on upload)."""

    narasi = models.ForeignKey(Narasi, on_delete=models.CASCADE, related_name="dokumentasi", verbose_name="narasi")
    foto = models.ImageField("foto", upload_to="dokumentasi/%Y/")
    keterangan = models.CharField("keterangan", max_length=300)
    tanggal = models.DateField("tanggal kegiatan")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)

    class Meta:
        verbose_name = "dokumentasi kegiatan"
        verbose_name_plural = "dokumentasi kegiatan"
        ordering = ["narasi", "urutan", "tanggal"]

    def __str__(self):
        return self.keterangan

    jejak_terkait = ("narasi",)

    def jejak_kunci(self):
        return induk(self, "narasi").jejak_kunci() if self.narasi_id else []


from lkj.dokumen.models import *  # noqa: E402, F403  (rendered documents; owned by lkj.dokumen)
from lkj.operasi.models import *  # noqa: E402, F403  (worker heartbeat; owned by lkj.operasi)
from lkj.tinjauan.models import *  # noqa: E402, F403  (review and sign-off; owned by lkj.tinjauan)
