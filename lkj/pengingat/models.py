"""A user's mail preference and the notices sent to him (also the log that stops a mail going out twice)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from dasar import batas


class Preferensi(models.Model):
    """Whether the user wants notices by email too (they always appear on the Beranda). No row: yes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferensi_pengingat", verbose_name="pengguna"
    )
    surel = models.BooleanField("kirim pemberitahuan lewat surel", default=True)

    class Meta:
        verbose_name = "preferensi pemberitahuan"
        verbose_name_plural = "preferensi pemberitahuan"

    def __str__(self):
        return f"{self.user}: surel {'ya' if self.surel else 'tidak'}"


class Pemberitahuan(models.Model):
    """One notice to one user about one event; at most one per (user, event), so one mail at most.

    ``acara`` names the event: ``transisi:<id>`` for a status change, ``tenggat:<7|1>:<report>`` for a
    deadline reminder. The unique constraint is what keeps two workers (or a rerun of the daily check)
    from sending the same mail twice; ``surel_dikirim_pada`` is claimed before the mail is sent.
    """

    class Jenis(models.TextChoices):
        DIAJUKAN = "diajukan", "Laporan diajukan"
        DIKEMBALIKAN = "dikembalikan", "Laporan dikembalikan"
        DISETUJUI = "disetujui", "Laporan disetujui"
        DITANDATANGANI = "ditandatangani", "Laporan ditandatangani"
        TENGGAT = "tenggat", "Tenggat laporan"
        E81_MASUK = "e81_masuk", "Formulir E.81 masuk"
        E81_DIKEMBALIKAN = "e81_dikembalikan", "Formulir E.81 dikembalikan Bappeda"
        E81_DIEVALUASI = "e81_dievaluasi", "Formulir E.81 dievaluasi Bappeda"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pemberitahuan", verbose_name="pengguna")
    acara = models.CharField("peristiwa", max_length=100)
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    judul = models.CharField("judul", max_length=250)
    isi = models.TextField("isi", max_length=batas.PEMBERITAHUAN, validators=[MaxLengthValidator(batas.PEMBERITAHUAN)])
    tautan = models.CharField("tautan", max_length=300, blank=True)
    dibuat_pada = models.DateTimeField("dibuat pada", auto_now_add=True)
    dibaca_pada = models.DateTimeField("dibaca pada", null=True, blank=True)
    surel_dikirim_pada = models.DateTimeField("surel dikirim pada", null=True, blank=True)
    surel_gagal = models.CharField("surel gagal dikirim", max_length=250, blank=True)

    class Meta:
        verbose_name = "pemberitahuan"
        verbose_name_plural = "pemberitahuan"
        ordering = ["-dibuat_pada", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "acara"], name="pemberitahuan_sekali_per_peristiwa")]
        indexes = [models.Index(fields=["user", "dibaca_pada"], name="pemberitahuan_belum_dibaca")]

    def __str__(self):
        return f"{self.user}: {self.judul}"
