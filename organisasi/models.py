"""The organisation: the bottom layer. Nothing here imports from the layers above."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from simple_history.models import HistoricalRecords

from dasar import batas
from dasar.format import romawi

kode_opd_validator = RegexValidator(
    r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$",
    "Kode OPD harus berbentuk kode SIPD, mis. 7.01.0.00.0.00.21.0000.",
)
kode_urusan_validator = RegexValidator(r"^\d\.\d{2}$", "Kode urusan harus berbentuk D.DD, mis. 7.01.")
nip_validator = RegexValidator(
    r"^\d{8} \d{6} \d \d{3}$",
    "NIP harus 18 angka dengan format 19830608 201001 1 034.",
)


# Sent after a QuerySet write of printed rows that sends no model signal (``update``, ``bulk_create``,
# ``bulk_update``), with the rows as they were and as they are: ``organisasi.versi_data`` moves the
# stamp of every OPD they answer. A signal, because the stamp's writer sits above this module.
tercetak_massal = Signal()


class TercetakQuerySet(models.QuerySet):
    """The bulk writes of a ``DataTercetak`` model move the data stamp too, so no writer can change
    printed data behind the document cache or the measurement cache (``lkj.selectors``)."""

    def _tersimpan(self, pks) -> list:
        return list(self.model._base_manager.using(self.db).filter(pk__in=pks))

    def update(self, **kwargs):
        lama = list(self)
        hasil = super().update(**kwargs)
        tercetak_massal.send(sender=self.model, objs=lama + self._tersimpan([o.pk for o in lama]))
        return hasil

    def bulk_create(self, objs, *args, **kwargs):
        hasil = super().bulk_create(objs, *args, **kwargs)
        tercetak_massal.send(sender=self.model, objs=list(hasil))
        return hasil

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        lama = self._tersimpan([o.pk for o in objs])
        hasil = super().bulk_update(objs, fields, *args, **kwargs)
        tercetak_massal.send(sender=self.model, objs=lama + objs)
        return hasil


class DataTercetak(models.Model):
    """A row the documents print that no quarter lock covers: the organisation's master data and the
    review's own records. Saving or deleting one moves the data stamp (``organisasi.versi_data``) of the
    OPD it answers with ``opd_tercetak()`` (None: every OPD, e.g. a pegawai who may sign in several);
    so do its QuerySet's bulk writes (``TercetakQuerySet``).

    The rows a quarter's figures come from inherit ``organisasi.kunci.DataTriwulan`` instead; its guard
    moves the stamp of the OPDs a write touches."""

    objects = TercetakQuerySet.as_manager()

    class Meta:
        abstract = True

    def opd_tercetak(self) -> int | None:
        raise NotImplementedError(f"{type(self).__name__} harus menyebut perangkat daerah yang mencetaknya (opd_tercetak).")


class Pemda(DataTercetak):
    kode = models.CharField("kode", max_length=10, unique=True)
    nama = models.CharField("nama", max_length=120)
    ibukota = models.CharField("ibu kota", max_length=60)
    hari_batas_laporan = models.PositiveSmallIntegerField(
        "batas penyampaian LKj (hari setelah triwulan berakhir)",
        default=15,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = "pemerintah daerah"
        verbose_name_plural = "pemerintah daerah"

    def __str__(self):
        return self.nama

    def opd_tercetak(self):
        return None


class JenisOpd(models.TextChoices):
    """The kind of perangkat daerah, by which the pemda's recap filters (``lkj.rekap``)."""

    KECAMATAN = "kecamatan", "Kecamatan"
    DINAS = "dinas", "Dinas"
    BADAN = "badan", "Badan"
    SEKRETARIAT = "sekretariat", "Sekretariat"
    INSPEKTORAT = "inspektorat", "Inspektorat"
    LAINNYA = "lainnya", "Lainnya"


def jenis_dari_nama(nama: str) -> str:
    """The kind an OPD's name says ("Kecamatan Kedungjajang" → kecamatan, "Badan Perencanaan …" → badan);
    ``lainnya`` when the name starts with none of them (Satuan Polisi Pamong Praja, RSUD)."""
    awal = (nama or "").strip().lower()
    for jenis in (JenisOpd.KECAMATAN, JenisOpd.DINAS, JenisOpd.BADAN, JenisOpd.SEKRETARIAT, JenisOpd.INSPEKTORAT):
        if awal.startswith(jenis.value):
            return jenis.value
    return JenisOpd.LAINNYA.value


class PerangkatDaerah(DataTercetak):
    Jenis = JenisOpd

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="opd", verbose_name="pemda")
    kode = models.CharField("kode SIPD", max_length=30, unique=True, validators=[kode_opd_validator])
    kode_urusan = models.CharField("kode urusan", max_length=5, validators=[kode_urusan_validator])
    nama = models.CharField("nama", max_length=120)
    nama_pendek = models.CharField("nama pendek", max_length=60, blank=True)
    jenis = models.CharField(
        "jenis perangkat daerah",
        max_length=20,
        choices=JenisOpd.choices,
        blank=True,
        help_text="Kosongkan agar ditentukan dari nama (Kecamatan …, Dinas …, Badan …).",
    )
    alamat = models.CharField("alamat", max_length=200, blank=True)
    kode_pos = models.CharField("kode pos", max_length=10, blank=True)
    telepon = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField("surel", blank=True)
    # Printed in BAB III of every Laporan Kinerja Individu: "<OPD> yang mempunyai tugas pokok sesuai <peraturan>
    # adalah <tugas pokok>." Master data of the OPD, not a quarter's narrative.
    peraturan_tupoksi = models.CharField(
        "peraturan tentang tugas pokok dan fungsi",
        max_length=batas.PERATURAN,
        blank=True,
        help_text="Mis. Peraturan Bupati Lumajang Nomor 96 Tahun 2019 tentang Kedudukan, Susunan Organisasi, …",
    )
    tugas_pokok = models.TextField("tugas pokok", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)])

    class Meta:
        verbose_name = "perangkat daerah"
        verbose_name_plural = "perangkat daerah"
        ordering = ["kode"]

    def __str__(self):
        return self.nama

    def save(self, *args, **kwargs):
        if not self.jenis:
            self.jenis = jenis_dari_nama(self.nama)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "jenis"}
        super().save(*args, **kwargs)

    def opd_tercetak(self):
        return self.pk


class Unit(DataTercetak):
    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="units", verbose_name="perangkat daerah")
    kode = models.CharField("kode", max_length=30)
    nama = models.CharField("nama", max_length=120)
    induk = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="anak", verbose_name="unit induk")

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        constraints = [models.UniqueConstraint(fields=["opd", "kode"], name="unit_kode_unik_per_opd")]

    def __str__(self):
        return self.nama

    def opd_tercetak(self):
        return self.opd_id


class Jabatan(DataTercetak):
    class Jenis(models.TextChoices):
        KEPALA_DAERAH = "kepala_daerah", "Kepala Daerah"
        KEPALA_OPD = "kepala_opd", "Kepala Perangkat Daerah"
        SEKRETARIS = "sekretaris", "Sekretaris"
        ESELON_IV = "eselon_iv", "Kepala Sub Bagian / Kepala Seksi"
        STAF = "staf", "Pelaksana / Staf"
        # A pemda-level jabatan like the kepala daerah (no OPD): its holder signs the E.81's "Dievaluasi" block.
        KEPALA_BAPPEDA = "kepala_bappeda", "Kepala Bappeda"

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="jabatan", verbose_name="pemda")
    opd = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jabatan",
        verbose_name="perangkat daerah",
        help_text="Kosong untuk jabatan pemda: kepala daerah dan Kepala Bappeda (penanda tangan \u201cDievaluasi\u201d Formulir E.81).",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="jabatan", verbose_name="unit")
    kode = models.SlugField("kode", max_length=40)
    nama = models.CharField("nama jabatan", max_length=160)
    jenis = models.CharField("jenis", max_length=20, choices=Jenis.choices)
    atasan = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name="atasan langsung",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        constraints = [
            models.UniqueConstraint(fields=["pemda", "kode"], name="jabatan_kode_unik_per_pemda"),
            models.CheckConstraint(
                condition=Q(jenis__in=["kepala_daerah", "kepala_bappeda"]) | Q(opd__isnull=False),
                name="jabatan_opd_wajib_kecuali_jabatan_pemda",
                violation_error_message="Jabatan selain kepala daerah dan Kepala Bappeda wajib memiliki perangkat daerah.",
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def memegang_anggaran(self):
        """Staff PKs hold no budget (BA monitoring Bagian Organisasi)."""
        return self.jenis in (self.Jenis.KEPALA_OPD, self.Jenis.SEKRETARIS, self.Jenis.ESELON_IV)

    def opd_tercetak(self):
        return None  # an atasan or a Bupati prints in other OPDs' documents


class Pegawai(DataTercetak):
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="pegawai", verbose_name="pemda")
    nama = models.CharField("nama dan gelar", max_length=120)
    nip = models.CharField(
        "NIP",
        max_length=21,
        null=True,
        blank=True,
        unique=True,
        validators=[nip_validator],
        help_text="Kosongkan untuk pegawai non-ASN; dokumen mencetak 'NIP. -'.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai",
        verbose_name="akun pengguna",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama"]

    def __str__(self):
        return self.nama

    @property
    def nip_cetak(self):
        return f"NIP. {self.nip}" if self.nip else "NIP. -"

    def opd_tercetak(self):
        return None


class Penugasan(DataTercetak):
    """A pegawai holds a jabatan over a period, definitively or as Plt."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="penugasan", verbose_name="pegawai")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="penugasan", verbose_name="jabatan")
    plt = models.BooleanField("Plt.", default=False)
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"
        ordering = ["jabatan", "mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
                violation_error_message="Tanggal selesai tidak boleh sebelum tanggal mulai.",
            ),
            models.UniqueConstraint(fields=["jabatan", "mulai"], name="penugasan_satu_mulai_per_jabatan"),
        ]

    def __str__(self):
        prefix = "Plt. " if self.plt else ""
        return f"{prefix}{self.jabatan} — {self.pegawai}"

    def clean(self):
        if not self.jabatan_id:
            return
        overlap = (
            Penugasan.objects.filter(jabatan_id=self.jabatan_id)
            .exclude(pk=self.pk)
            .filter(Q(selesai__isnull=True) | Q(selesai__gte=self.mulai))
        )
        if self.selesai:
            overlap = overlap.filter(mulai__lte=self.selesai)
        if overlap.exists():
            raise ValidationError("Jabatan ini sudah dipegang orang lain pada periode tersebut; akhiri penugasan sebelumnya dahulu.")

    def opd_tercetak(self):
        return None


class PeranPemda(models.Model):
    """A pemda-level role of a user (decisions §8): reads every OPD of the pemda, never enters an OPD's figures.

    Bagian Organisasi (SAKIP coordination), Bappeda (receives each OPD's E.81 and evaluates it),
    Inspektorat (review) and the pemda's administrator (creates its OPDs and their operators in the
    admin). Read by ``organisasi.akses``; the rules are in docs/architecture.md "Who reads what".
    """

    class Peran(models.TextChoices):
        BAGIAN_ORGANISASI = "bagian_organisasi", "Bagian Organisasi"
        BAPPEDA = "bappeda", "Bappeda"
        INSPEKTORAT = "inspektorat", "Inspektorat"
        ADMIN_PEMDA = "admin_pemda", "Administrator Pemda"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peran_pemda", verbose_name="akun pengguna")
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="peran", verbose_name="pemda")
    peran = models.CharField("peran", max_length=20, choices=Peran.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "peran pemda"
        verbose_name_plural = "peran pemda"
        ordering = ["pemda", "peran", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "pemda", "peran"], name="peran_pemda_unik")]

    def __str__(self):
        return f"{self.get_peran_display()} {self.pemda} — {self.user}"


class OperatorOpd(models.Model):
    """An OPD's operator: enters the OPD's data on behalf of its holders (entry pages, LRA, planning workbook).

    An explicit assignment: ``is_staff`` alone (the admin's door) makes nobody an operator of anything.
    A superuser is operator of every OPD without a row. Created by the pemda's administrator.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="operator_opd", verbose_name="akun pengguna")
    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="operator", verbose_name="perangkat daerah")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "operator perangkat daerah"
        verbose_name_plural = "operator perangkat daerah"
        ordering = ["opd", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "opd"], name="operator_opd_unik")]

    def __str__(self):
        return f"{self.user} — {self.opd}"


class TriwulanTerkunci(DataTercetak):
    """A quarter's data frozen by a signed report (decisions §7).

    Lives at the bottom layer so every writer (planning entry, narrative, the LRA
    import) can ask "is this frozen?" without importing the review layer above it.
    ``jabatan`` empty = the OPD LKj / E.81 is signed: everything of the OPD's quarter
    is frozen. Otherwise a Laporan Kinerja Individu is signed: the indicators it
    prints (``indikator_ids``, plain ids because this layer cannot point at planning)
    and that jabatan's narrative are frozen, and the LRA month too when the report
    prints budget figures (``memuat_anggaran``). Reopening deletes the row.
    """

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="triwulan_terkunci", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.CASCADE, null=True, blank=True, related_name="triwulan_terkunci", verbose_name="jabatan"
    )
    indikator_ids = models.JSONField("indikator yang dibekukan", default=list, blank=True)
    memuat_anggaran = models.BooleanField("memuat angka anggaran (LRA)", default=False)
    dokumen = models.CharField("dokumen yang ditandatangani", max_length=200)
    sejak = models.DateTimeField("dibekukan sejak")
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="oleh")

    class Meta:
        verbose_name = "triwulan terkunci"
        verbose_name_plural = "triwulan terkunci"
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], condition=Q(jabatan__isnull=True), name="kunci_opd_unik"),
            models.UniqueConstraint(fields=["jabatan", "tahun", "triwulan"], condition=Q(jabatan__isnull=False), name="kunci_jabatan_unik"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="kunci_triwulan_1_4"),
        ]

    def __str__(self):
        return f"{self.dokumen} ({self.tahun} TW {romawi(self.triwulan)})"

    def opd_tercetak(self):
        return self.opd_id


class LaporanDitinjau(models.Model):
    """A report under review freezes what it prints, for everyone (decisions §7: submitted stays submitted).

    Written by the review layer (``lkj.tinjauan``) when a report is submitted; kept while it
    is approved and waits for signatures (``disetujui``); removed when the atasan returns it,
    the holder withdraws it ("Tarik kembali"), it is reopened, or its last signature lands
    (the signed freeze, ``TriwulanTerkunci``, has taken over by then). ``jabatan`` set: a
    Laporan Kinerja Individu, freezing the indicators it prints (``indikator_ids``: its PK
    rows and the kegiatan indicators an aktivitas-based program indicator sums) and that
    jabatan's narrative. ``jabatan`` empty: the OPD LKj with its E.81, which print every
    indicator of the OPD, so every indicator and the OPD's narrative are frozen; the
    individual narratives stay open. ``memuat_anggaran``: the report prints budget figures, so
    the LRA month of its quarter is frozen too (as its signature would freeze it). ``pemegang``
    may withdraw, ``peninjau`` may return: the refusal names both. Lives at the bottom layer so
    the guard below every writer (``organisasi.kunci``) reads it without importing the review layer.
    """

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="laporan_ditinjau", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan")
    jabatan = models.ForeignKey(
        Jabatan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="laporan_ditinjau",
        verbose_name="jabatan",
        help_text="Kosong untuk LKj Perangkat Daerah (dengan Formulir E.81).",
    )
    indikator_ids = models.JSONField("indikator yang dibekukan", default=list, blank=True)
    memuat_anggaran = models.BooleanField("memuat angka anggaran (LRA)", default=False)
    dokumen = models.CharField("laporan", max_length=250)
    pemegang = models.ForeignKey(
        "Pegawai", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="yang dapat menarik kembali"
    )
    peninjau = models.ForeignKey(
        "Pegawai", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="yang meninjau"
    )
    disetujui = models.BooleanField("sudah disetujui", default=False)
    sejak = models.DateTimeField("diajukan pada")

    class Meta:
        verbose_name = "laporan dalam tinjauan (dibekukan)"
        verbose_name_plural = "laporan dalam tinjauan (dibekukan)"
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], condition=Q(jabatan__isnull=True), name="ditinjau_opd_unik"),
            models.UniqueConstraint(
                fields=["jabatan", "tahun", "triwulan"], condition=Q(jabatan__isnull=False), name="ditinjau_jabatan_unik"
            ),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="ditinjau_triwulan_1_4"),
        ]

    def __str__(self):
        return f"{self.dokumen} ({self.tahun} TW {romawi(self.triwulan)})"


def _token_baru() -> str:
    return uuid.uuid4().hex


class VersiData(models.Model):
    """A counter that moves forward, in the writer's own transaction, whenever data a document prints changes.

    One row per OPD (``kunci`` "opd:<id>") and one shared by every OPD ("semua": the
    pegawai, jabatan, predikat scale…). A document rendered at a stamp (both counters
    and their tokens) can be served again without rebuilding it as long as the stamp
    is unchanged. Lives at the bottom layer so the services of every layer can move it
    after a bulk write that sends no model signal (see ``organisasi.versi_data``).
    """

    kunci = models.CharField("kunci", max_length=40, unique=True)
    token = models.CharField("token", max_length=32, default=_token_baru, editable=False)
    nomor = models.BigIntegerField("nomor perubahan", default=0)

    class Meta:
        verbose_name = "versi data"
        verbose_name_plural = "versi data"

    def __str__(self):
        return f"{self.kunci} #{self.nomor}"
