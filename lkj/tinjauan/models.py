"""Review and sign-off of a quarter's reports (decisions §7).

``Laporan`` is one report under review: a Laporan Kinerja Individu (``jabatan`` set)
or the OPD LKj with its E.81 (``jabatan`` empty). Its status moves only through
``TRANSISI`` (data, Oscar-style); every move is a ``Transisi`` row. Reopening a
signed report raises ``versi``; signatures and signed files keep the version they
belong to, so an earlier signed PDF stays downloadable.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from dasar import batas
from dasar.format import romawi
from organisasi.models import DataTercetak

__all__ = ["Laporan", "Transisi", "Tandatangan", "DokumenTertanda", "EvaluasiE81", "TransisiDitolak", "TRANSISI", "TANGGAPAN"]


class TransisiDitolak(Exception):
    """A status change the table does not allow (a double click, a race, a forged form)."""


class Status(models.TextChoices):
    DRAF = "draf", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    DISETUJUI = "disetujui", "Disetujui"
    DITANDATANGANI = "ditandatangani", "Ditandatangani"


# (from, to) → the act's name. Anything not listed raises TransisiDitolak.
TRANSISI = {
    (Status.DRAF, Status.DIAJUKAN): "ajukan",
    (Status.DIKEMBALIKAN, Status.DIAJUKAN): "ajukan",
    (Status.DIAJUKAN, Status.DIKEMBALIKAN): "kembalikan",
    (Status.DIAJUKAN, Status.DRAF): "tarik_kembali",  # the holder withdraws before the atasan answers
    (Status.DIAJUKAN, Status.DISETUJUI): "setujui",
    (Status.DISETUJUI, Status.DITANDATANGANI): "tandatangani",
    (Status.DISETUJUI, Status.DRAF): "buka_kembali",  # approved (or partly signed), opened again with a reason
    (Status.DITANDATANGANI, Status.DRAF): "buka_kembali",
}


class Tanggapan(models.TextChoices):
    """ "Tanggapan Atasan Langsung" (decisions §7); only the first approves."""

    SUDAH_BAIK = "sudah_baik", "Laporan sudah baik"
    DIPERBAIKI = "diperbaiki", "Laporan diperbaiki"
    TARGET_REALISASI = "target_realisasi", "Target dan realisasi diteliti ulang"
    CAPAIAN = "capaian", "Capaian diteliti ulang"
    LAIN = "lain", "Lain-lain"


TANGGAPAN = Tanggapan


class Laporan(DataTercetak):
    Status = Status

    opd = models.ForeignKey(
        "organisasi.PerangkatDaerah", on_delete=models.CASCADE, related_name="laporan_tinjauan", verbose_name="perangkat daerah"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    jabatan = models.ForeignKey(
        "organisasi.Jabatan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="laporan_tinjauan",
        verbose_name="jabatan",
        help_text="Kosong untuk LKj Perangkat Daerah (dengan Formulir E.81).",
    )
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.DRAF)
    versi = models.PositiveSmallIntegerField("versi", default=1)
    tanggapan = models.CharField("tanggapan atasan", max_length=20, choices=Tanggapan.choices, blank=True)
    tanggapan_ket = models.TextField(
        "keterangan tanggapan", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)]
    )
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)

    class Meta:
        verbose_name = "laporan dalam tinjauan"
        verbose_name_plural = "laporan dalam tinjauan"
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "triwulan"], condition=Q(jabatan__isnull=True), name="tinjauan_laporan_opd_unik"
            ),
            models.UniqueConstraint(
                fields=["jabatan", "tahun", "triwulan"], condition=Q(jabatan__isnull=False), name="tinjauan_laporan_jabatan_unik"
            ),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="tinjauan_laporan_triwulan_1_4"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="tinjauan_laporan_status_dikenal"),
        ]

    def __str__(self):
        apa = f"LKj Individu {self.jabatan}" if self.jabatan_id else f"LKj {self.opd}"
        return f"{apa} {self.tahun} TW {romawi(self.triwulan)} (v{self.versi})"

    @property
    def individu(self) -> bool:
        return self.jabatan_id is not None

    def set_status(self, baru, *, oleh, catatan="", **extra) -> "Transisi":
        """Move to ``baru`` if the table allows it, and record who, when and why. Raises ``TransisiDitolak``.

        The caller holds the row lock (``select_for_update``), so two people acting at
        once see each other's result and the second move is refused by the table.
        """
        lama = self.status
        if (lama, baru) not in TRANSISI:
            raise TransisiDitolak(f"Laporan berstatus {Status(lama).label} tidak dapat diubah menjadi {Status(baru).label}.")
        self.status = baru
        self.save(update_fields=["status", "versi", "tanggapan", "tanggapan_ket", "diubah_pada"])
        return Transisi.objects.create(
            laporan=self, versi=self.versi, dari=lama, ke=baru, aksi=TRANSISI[(lama, baru)], oleh=oleh, catatan=catatan, **extra
        )

    def opd_tercetak(self):
        return self.opd_id


class Transisi(DataTercetak):
    laporan = models.ForeignKey(Laporan, on_delete=models.CASCADE, related_name="transisi", verbose_name="laporan")
    versi = models.PositiveSmallIntegerField("versi")
    dari = models.CharField("dari", max_length=16, choices=Status.choices)
    ke = models.CharField("ke", max_length=16, choices=Status.choices)
    aksi = models.CharField("aksi", max_length=20)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="oleh")
    pada = models.DateTimeField("pada", auto_now_add=True)
    catatan = models.TextField("catatan", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)])
    tanggapan = models.CharField("tanggapan", max_length=20, choices=Tanggapan.choices, blank=True)
    cuplikan = models.JSONField("cuplikan angka saat diajukan", null=True, blank=True)
    pengecualian = models.BooleanField("ditandatangani dengan pengecualian", default=False)

    class Meta:
        verbose_name = "riwayat status"
        verbose_name_plural = "riwayat status"
        ordering = ["laporan", "pada", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(pengecualian=True) | ~Q(catatan=""),
                name="tinjauan_pengecualian_beralasan",
                violation_error_message="Pengecualian harus disertai alasan.",
            ),
        ]

    def __str__(self):
        return f"{self.laporan}: {self.get_dari_display()} → {self.get_ke_display()}"

    def opd_tercetak(self):
        return Laporan._base_manager.filter(pk=self.laporan_id).values_list("opd_id", flat=True).first()


class Tandatangan(DataTercetak):
    class Peran(models.TextChoices):
        PEMEGANG = "pemegang", "Pemegang jabatan"
        ATASAN = "atasan", "Atasan langsung"
        KEPALA = "kepala", "Kepala perangkat daerah"

    laporan = models.ForeignKey(Laporan, on_delete=models.CASCADE, related_name="tandatangan", verbose_name="laporan")
    versi = models.PositiveSmallIntegerField("versi")
    peran = models.CharField("peran", max_length=10, choices=Peran.choices)
    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+", verbose_name="pegawai")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="akun")
    pada = models.DateTimeField("pada")
    penyedia = models.CharField("penyedia tanda tangan", max_length=20)
    bukti = models.JSONField("bukti dari penyedia", default=dict, blank=True)

    class Meta:
        verbose_name = "tanda tangan"
        verbose_name_plural = "tanda tangan"
        ordering = ["laporan", "versi", "pada"]
        constraints = [models.UniqueConstraint(fields=["laporan", "versi", "peran"], name="tinjauan_satu_ttd_per_peran")]

    def opd_tercetak(self):
        return Laporan._base_manager.filter(pk=self.laporan_id).values_list("opd_id", flat=True).first()


class DokumenTertanda(DataTercetak):
    """A signed PDF: kept for good, with its number, short code and SHA-256 (what the verification page shows)."""

    laporan = models.ForeignKey(Laporan, on_delete=models.PROTECT, related_name="dokumen", verbose_name="laporan")
    versi = models.PositiveSmallIntegerField("versi")
    jenis = models.CharField("jenis dokumen", max_length=10)
    nomor = models.CharField("nomor dokumen", max_length=80, unique=True)
    kode = models.CharField("kode verifikasi", max_length=12, unique=True)
    render = models.OneToOneField("lkj.DokumenRender", on_delete=models.PROTECT, related_name="tertanda", verbose_name="berkas")
    sha256 = models.CharField("SHA-256", max_length=64)
    ditandatangani_pada = models.DateTimeField("ditandatangani pada")
    penanda = models.JSONField("penanda tangan", default=list)
    dibuka_kembali_pada = models.DateTimeField("dibuka kembali pada", null=True, blank=True)
    alasan_buka = models.TextField(
        "alasan dibuka kembali", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)]
    )
    # OPD LKj / E.81 signed while some individual report was not yet signed: the camat's reason,
    # kept with the signature, printed on the file and shown on the public verification page.
    alasan_pengecualian = models.TextField(
        "alasan ditandatangani dengan pengecualian", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)]
    )
    # The signed E.81's figures with their explanations as ``manage.py e81 --format json --asal`` writes them
    # (docs/asal.schema.json), taken under the signing locks: the panel of a signed quarter shows these.
    # Loaded only where it is read (lists defer it: a few hundred KB per signed quarter).
    asal = models.JSONField("asal angka saat ditandatangani", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "dokumen tertanda"
        verbose_name_plural = "dokumen tertanda"
        ordering = ["laporan", "versi", "jenis"]
        constraints = [models.UniqueConstraint(fields=["laporan", "versi", "jenis"], name="tinjauan_dokumen_unik_per_versi")]

    def __str__(self):
        return self.nomor

    @property
    def berlaku(self) -> bool:
        return self.dibuka_kembali_pada is None

    def opd_tercetak(self):
        return Laporan._base_manager.filter(pk=self.laporan_id).values_list("opd_id", flat=True).first()


class EvaluasiE81(DataTercetak):
    """Bappeda's answer to one signed E.81 version (decisions §8): returned with notes, or countersigned "Dievaluasi".

    A signed E.81 (``DokumenTertanda`` jenis "e81" of the OPD LKj) arrives at Bappeda when the kepala signs;
    it waits as "Diterima" with no row yet. The row is written by Bappeda's act, under the OPD and report
    row locks, and moves only through ``TRANSISI`` (a returned or countersigned version takes no second
    act: a stale form or a double click is refused). Returning leaves the E.81 signed: the kepala reopens
    it (the review's own reopen) and his next signature arrives as a new version, with a row of its own.
    Countersigning keeps the countersigned file as a ``DokumenTertanda`` of its own (``tertanda``,
    jenis "e81eval"), verifiable like every signed file.
    """

    class Status(models.TextChoices):
        DITERIMA = "diterima", "Diterima Bappeda"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan Bappeda"
        DIEVALUASI = "dievaluasi", "Dievaluasi"

    TRANSISI = {("diterima", "dikembalikan"): "kembalikan", ("diterima", "dievaluasi"): "evaluasi"}

    dokumen = models.OneToOneField(
        DokumenTertanda, on_delete=models.PROTECT, related_name="evaluasi", verbose_name="Formulir E.81 bertanda tangan"
    )
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.DITERIMA)
    tanggapan = models.CharField("tanggapan", max_length=20, choices=Tanggapan.choices, blank=True)
    catatan = models.TextField("catatan", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)])
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="oleh")
    pada = models.DateTimeField("pada", null=True)
    penilai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="Kepala Bappeda")
    tertanda = models.OneToOneField(
        DokumenTertanda, on_delete=models.PROTECT, null=True, related_name="evaluasi_dari", verbose_name="Formulir E.81 dievaluasi"
    )

    class Meta:
        verbose_name = "evaluasi Formulir E.81"
        verbose_name_plural = "evaluasi Formulir E.81"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["diterima", "dikembalikan", "dievaluasi"]), name="tinjauan_evaluasi_status_dikenal"
            ),
            models.CheckConstraint(
                condition=~Q(status="dievaluasi") | Q(tertanda__isnull=False, penilai__isnull=False),
                name="tinjauan_evaluasi_bertanda",
            ),
        ]

    def __str__(self):
        return f"{self.dokumen}: {self.get_status_display()}"

    def set_status(self, baru, *, oleh, pada) -> None:
        """Move to ``baru`` if the table allows it; the caller holds the report's row lock. Raises ``TransisiDitolak``."""
        if (self.status, baru) not in self.TRANSISI:
            raise TransisiDitolak(
                f"Formulir E.81 ini sudah berstatus {self.Status(self.status).label}; tidak dapat diubah menjadi {self.Status(baru).label}."
            )
        self.status, self.oleh, self.pada = baru, oleh, pada
        self.save()

    def opd_tercetak(self):
        return DokumenTertanda._base_manager.filter(pk=self.dokumen_id).values_list("laporan__opd_id", flat=True).first()
