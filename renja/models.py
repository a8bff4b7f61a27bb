"""Planning (Renja/Renstra) tree, indicators, targets and their realisations.

Tujuan → Sasaran strategis → Program → Kegiatan → Sub kegiatan, coded by the
national nomenclature (see ``renja.kode``). Indicators hang on any level;
realisations are cumulative to the end of a quarter ("s/d TW").

Every model here but the national nomenclature list (``Nomenklatur``, a reference no document
prints) is printed by a quarter's documents, so each says in ``jejak_kunci`` which quarters a
row touches; ``organisasi.kunci`` refuses a write into a signed one.
The planning tree and the aktivitas plan are printed by every quarter of their year
(Renstra rows: of their period); a realisation by its quarter and the later ones.
"""

from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from dasar import batas
from dasar.format import romawi
from dasar.periode import POLA_PERIODE_RENSTRA, tahun_periode
from organisasi.kunci import DataTriwulan, induk, ingat, jejak_opd, triwulan_mulai
from organisasi.models import PerangkatDaerah
from renja.kode import LEVEL_KEGIATAN, LEVEL_PROGRAM, LEVEL_SUB_KEGIATAN, Kode, KodeTidakValid, parse_nasional

TRIWULAN_CHOICES = [(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV")]
triwulan_validators = [MinValueValidator(1), MaxValueValidator(4)]
NOL = Decimal("0")

kode_program_validator = RegexValidator(r"^\d{2}$", "Kode program terdiri atas 2 angka, mis. 01.")
kode_kegiatan_validator = RegexValidator(r"^\d\.\d{2}$", "Kode kegiatan berbentuk D.DD, mis. 2.01.")
# Four digits, 0001–0099: Formulir E.81 prints a sub kegiatan with two digits (renja.kode.Kode.e81),
# so a higher number could be stored but never printed.
kode_sub_validator = RegexValidator(
    r"^00(0[1-9]|[1-9]\d)$",
    "Kode sub kegiatan terdiri atas 4 angka 0001–0099, mis. 0001 (Formulir E.81 hanya memuat 2 angka sub kegiatan).",
)
periode_validator = RegexValidator(POLA_PERIODE_RENSTRA, "Periode Renstra berbentuk 2025-2029.")


class Tujuan(DataTriwulan):
    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="tujuan", verbose_name="perangkat daerah")
    kode = models.CharField("kode", max_length=20)
    uraian = models.CharField("uraian", max_length=300)
    periode = models.CharField("periode Renstra", max_length=9, validators=[periode_validator])

    class Meta:
        verbose_name = "tujuan"
        verbose_name_plural = "tujuan"
        ordering = ["opd", "-periode", "kode"]
        constraints = [models.UniqueConstraint(fields=["opd", "kode"], name="tujuan_kode_unik")]

    def __str__(self):
        return f"{self.uraian} ({self.periode})"

    def jejak_kunci(self):
        return [j for t in tahun_periode(self.periode) for j in jejak_opd(self.opd_id, t, semua=True)]


class Sasaran(DataTriwulan):
    """Sasaran strategis PD; the programs that serve it point here."""

    tujuan = models.ForeignKey(Tujuan, on_delete=models.CASCADE, related_name="sasaran", verbose_name="tujuan")
    kode = models.CharField("kode", max_length=20)
    uraian = models.CharField("uraian", max_length=300)

    class Meta:
        verbose_name = "sasaran strategis"
        verbose_name_plural = "sasaran strategis"
        ordering = ["tujuan", "kode"]
        constraints = [models.UniqueConstraint(fields=["tujuan", "kode"], name="sasaran_kode_unik")]

    def __str__(self):
        return f"{self.kode} {self.uraian}"

    jejak_terkait = ("tujuan",)  # what jejak_kunci reads, prefetched for a set of rows (kunci.jejak_semua)

    def jejak_kunci(self):
        return induk(self, "tujuan").jejak_kunci() if self.tujuan_id else []


class KodeNomenklatur:
    """Shared display of a program/kegiatan/sub kegiatan code; each model defines ``kode_obj``."""

    def __str__(self):
        return f"{self.kode_tampil} {self.nama}"

    @property
    def kode_tampil(self):
        """The E.81 code, or the raw code while it is still invalid (admin shows the error)."""
        try:
            return self.kode_e81
        except KodeTidakValid:
            return self.kode

    @property
    def kode_e81(self):
        return self.kode_obj.e81


class Program(KodeNomenklatur, DataTriwulan):
    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="program", verbose_name="perangkat daerah")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    kode = models.CharField("kode", max_length=2, validators=[kode_program_validator])
    nama = models.CharField("nomenklatur", max_length=300)
    sasaran_uraian = models.CharField("sasaran program", max_length=300, blank=True)
    sasaran_strategis = models.ForeignKey(
        Sasaran,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program",
        verbose_name="sasaran strategis yang dilayani",
    )

    class Meta:
        verbose_name = "program"
        verbose_name_plural = "program"
        ordering = ["opd", "tahun", "kode"]
        constraints = [models.UniqueConstraint(fields=["opd", "tahun", "kode"], name="program_kode_unik")]

    def jejak_kunci(self):
        return jejak_opd(self.opd_id, self.tahun, semua=True)

    @property
    def kode_obj(self):
        return Kode(urusan=self.opd.kode_urusan, program=self.kode, kegiatan=None, sub_kegiatan=None)


class Kegiatan(KodeNomenklatur, DataTriwulan):
    """Identified by program + kegiatan code: kegiatan codes repeat across programs."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="kegiatan", verbose_name="program")
    kode = models.CharField("kode", max_length=4, validators=[kode_kegiatan_validator])
    nama = models.CharField("nomenklatur", max_length=300)
    sasaran_uraian = models.CharField("sasaran kegiatan", max_length=300, blank=True)

    class Meta:
        verbose_name = "kegiatan"
        verbose_name_plural = "kegiatan"
        ordering = ["program", "kode"]
        constraints = [models.UniqueConstraint(fields=["program", "kode"], name="kegiatan_kode_unik")]

    jejak_terkait = ("program",)

    def jejak_kunci(self):
        return induk(self, "program").jejak_kunci() if self.program_id else []

    @property
    def kode_obj(self):
        return Kode(urusan=self.program.opd.kode_urusan, program=self.program.kode, kegiatan=self.kode, sub_kegiatan=None)


class SubKegiatan(KodeNomenklatur, DataTriwulan):
    """The budget unit: pagu and LRA lines attach here."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="sub_kegiatan", verbose_name="kegiatan")
    kode = models.CharField("kode", max_length=4, validators=[kode_sub_validator])
    nama = models.CharField("nomenklatur", max_length=300)

    class Meta:
        verbose_name = "sub kegiatan"
        verbose_name_plural = "sub kegiatan"
        ordering = ["kegiatan", "kode"]
        constraints = [models.UniqueConstraint(fields=["kegiatan", "kode"], name="sub_kegiatan_kode_unik")]

    jejak_terkait = ("kegiatan__program",)

    def jejak_kunci(self):
        return induk(self, "kegiatan").jejak_kunci() if self.kegiatan_id else []

    @property
    def kode_obj(self):
        keg = self.kegiatan
        return Kode(urusan=keg.program.opd.kode_urusan, program=keg.program.kode, kegiatan=keg.kode, sub_kegiatan=self.kode)


class Indikator(DataTriwulan):
    class Jenis(models.TextChoices):
        JUMLAH = "jumlah", "Jumlah"
        PERSENTASE = "persentase", "Persentase"
        INDEKS = "indeks", "Indeks / nilai"

    class Polaritas(models.TextChoices):
        POSITIF = "positif", "Positif (makin tinggi makin baik)"
        NEGATIF = "negatif", "Negatif (makin rendah makin baik)"

    class SumberRealisasi(models.TextChoices):
        INPUT = "input", "Diisi langsung"
        AKTIVITAS = "aktivitas", "Dihitung dari aktivitas"

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="indikator", verbose_name="perangkat daerah")
    kode = models.SlugField("kode", max_length=60)
    tujuan = models.ForeignKey(Tujuan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")
    sasaran = models.ForeignKey(Sasaran, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")
    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator")
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    uraian = models.CharField("uraian", max_length=400)
    satuan = models.CharField("satuan", max_length=40)
    jenis = models.CharField("jenis", max_length=12, choices=Jenis.choices)
    polaritas = models.CharField("polaritas", max_length=8, choices=Polaritas.choices, default=Polaritas.POSITIF)
    sumber_realisasi = models.CharField("sumber realisasi", max_length=10, choices=SumberRealisasi.choices, default=SumberRealisasi.INPUT)
    formulasi = models.TextField("formulasi", blank=True, max_length=batas.FORMULASI, validators=[MaxLengthValidator(batas.FORMULASI)])
    sumber_data = models.CharField("sumber data", max_length=300, blank=True)

    LEVELS = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan")

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["opd", "urutan", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "kode"], name="indikator_kode_unik"),
            models.CheckConstraint(
                condition=(
                    Q(tujuan__isnull=False, sasaran__isnull=True, program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=False, program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=True, program__isnull=False, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=True, program__isnull=True, kegiatan__isnull=False, sub_kegiatan__isnull=True)
                    | Q(tujuan__isnull=True, sasaran__isnull=True, program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=False)
                ),
                name="indikator_tepat_satu_level",
                violation_error_message="Indikator harus melekat pada tepat satu tingkat: tujuan, sasaran, program, kegiatan, atau sub kegiatan.",
            ),
            models.CheckConstraint(
                condition=Q(sumber_realisasi="input") | Q(kegiatan__isnull=False) | Q(program__isnull=False),
                name="indikator_aktivitas_hanya_kegiatan_program",
                violation_error_message="Realisasi dari aktivitas hanya untuk indikator kegiatan atau program.",
            ),
        ]

    def __str__(self):
        return self.uraian

    @property
    def level(self):
        for name in self.LEVELS:
            if getattr(self, f"{name}_id"):
                return name
        return None

    def jejak_kunci(self):
        """Its text, kind and polarity print in every quarter of its year (tujuan/sasaran: of the period)."""
        level = self.level
        if level is None:
            return []
        # the years of the object it hangs on; the OPD whose documents list it
        return [replace(j, opd_id=self.opd_id) for j in induk(self, level).jejak_kunci()]

    jejak_terkait = ("tujuan", "sasaran__tujuan", "program", "kegiatan__program", "sub_kegiatan__kegiatan__program")

    def jejak_indikator(self, tahun, triwulan):
        """A figure of this indicator in ``tahun``: the OPD documents and every signed report printing it."""
        return jejak_opd(self.opd_id, tahun, triwulan, indikator=frozenset({self.pk}))


class Target(DataTriwulan):
    """Annual target (triwulan empty) or an optional quarterly target. Never pro-rated."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="target", verbose_name="indikator")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    triwulan = models.PositiveSmallIntegerField(
        "triwulan",
        null=True,
        blank=True,
        choices=TRIWULAN_CHOICES,
        validators=triwulan_validators,
        help_text="Kosongkan untuk target tahunan.",
    )
    nilai = models.DecimalField("target", max_digits=18, decimal_places=4, validators=[MinValueValidator(NOL)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "target"
        verbose_name_plural = "target"
        constraints = [
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="target_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
            models.UniqueConstraint(
                fields=["indikator", "tahun"],
                condition=Q(triwulan__isnull=True),
                name="target_tahunan_unik",
                violation_error_message="Indikator ini sudah memiliki target tahunan untuk tahun tersebut.",
            ),
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan"],
                condition=Q(triwulan__isnull=False),
                name="target_triwulan_unik",
                violation_error_message="Indikator ini sudah memiliki target untuk triwulan tersebut.",
            ),
        ]

    def __str__(self):
        return f"{self.indikator} {self.tahun}: {self.nilai}"

    def jejak_kunci(self):
        """The Renja target has no version: it touches every quarter of its year (a quarterly one: from its quarter)."""
        if not self.indikator_id:
            return []
        return induk(self, "indikator").jejak_indikator(self.tahun, triwulan_mulai(self.triwulan))

    jejak_terkait = ("indikator",)


class Realisasi(DataTriwulan):
    """Realisation of an indicator, cumulative to the end of the quarter.

    Either a value (a count, an index, a percentage) or, for a percentage,
    pembilang/penyebut counts from which the value follows.
    """

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="realisasi", verbose_name="indikator")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=TRIWULAN_CHOICES, validators=triwulan_validators)
    nilai = models.DecimalField("realisasi", max_digits=18, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(NOL)])
    pembilang = models.DecimalField(
        "pembilang", max_digits=18, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(NOL)]
    )
    penyebut = models.DecimalField(
        "penyebut", max_digits=18, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    catatan_sumber = models.TextField(
        "catatan sumber data", blank=True, max_length=batas.CATATAN, validators=[MaxLengthValidator(batas.CATATAN)]
    )
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    # Optimistic concurrency: a save carries the version it was loaded with and is refused if it moved on.
    versi = models.PositiveIntegerField("versi", default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi indikator"
        verbose_name_plural = "realisasi indikator"
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan"],
                name="realisasi_unik_per_triwulan",
                violation_error_message="Realisasi indikator ini untuk triwulan tersebut sudah ada; ubah yang ada.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(nilai__isnull=False, pembilang__isnull=True, penyebut__isnull=True)
                    | Q(nilai__isnull=True, pembilang__isnull=False, penyebut__isnull=False)
                ),
                name="realisasi_nilai_atau_pembilang_penyebut",
                violation_error_message="Isi nilai realisasi, atau pembilang dan penyebut (tidak keduanya).",
            ),
            models.CheckConstraint(
                condition=(Q(nilai__isnull=True) | Q(nilai__gte=0))
                & (Q(pembilang__isnull=True) | Q(pembilang__gte=0))
                & (Q(penyebut__isnull=True) | Q(penyebut__gt=0)),
                name="realisasi_tidak_negatif",
                violation_error_message="Realisasi tidak boleh negatif dan penyebut harus lebih dari nol.",
            ),
            models.CheckConstraint(
                condition=Q(triwulan__gte=1, triwulan__lte=4),
                name="realisasi_triwulan_1_4",
                violation_error_message="Triwulan harus 1 sampai 4.",
            ),
        ]

    def __str__(self):
        return f"{self.indikator} {self.tahun} TW {romawi(self.triwulan)}"

    def jejak_kunci(self):
        """Its quarter and the later ones (their E.81 prints the column; an index carries forward)."""
        if not self.indikator_id:
            return []
        return induk(self, "indikator").jejak_indikator(self.tahun, triwulan_mulai(self.triwulan))

    jejak_terkait = ("indikator",)

    def clean(self):
        if self.pembilang is not None and self.indikator_id and self.indikator.jenis != Indikator.Jenis.PERSENTASE:
            raise ValidationError({"pembilang": "Pembilang/penyebut hanya untuk indikator persentase."})
        if self.indikator_id and self.indikator.sumber_realisasi == Indikator.SumberRealisasi.AKTIVITAS:
            raise ValidationError("Realisasi indikator ini dihitung dari aktivitas; isi jumlah aktivitas yang terlaksana.")


class BuktiDukung(DataTriwulan):
    """An evidence file of an indicator's realisation in one quarter.

    Keyed by (indikator, tahun, triwulan) so that an aktivitas-based indicator,
    which has no ``Realisasi`` row, can carry evidence too; ``realisasi`` is
    kept for rows that have one.
    """

    realisasi = models.ForeignKey(
        Realisasi, on_delete=models.CASCADE, null=True, blank=True, related_name="bukti", verbose_name="realisasi"
    )
    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, null=True, blank=True, related_name="bukti", verbose_name="indikator"
    )
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    triwulan = models.PositiveSmallIntegerField("triwulan", null=True, blank=True, choices=TRIWULAN_CHOICES)
    berkas = models.FileField("berkas", upload_to="bukti/%Y/")
    nama_asli = models.CharField("nama berkas asli", max_length=200, blank=True)
    jenis_isi = models.CharField("jenis isi", max_length=40, blank=True)
    ukuran = models.PositiveIntegerField("ukuran (bita)", default=0)
    keterangan = models.CharField("keterangan", max_length=200, blank=True)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    history = HistoricalRecords()  # uploads and removals appear in the OPD's audit log

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["diunggah_pada", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(realisasi__isnull=False) | Q(indikator__isnull=False, tahun__isnull=False, triwulan__isnull=False),
                name="bukti_melekat_pada_realisasi_atau_triwulan",
                violation_error_message="Bukti dukung harus melekat pada realisasi, atau pada indikator, tahun, dan triwulan.",
            ),
        ]

    def __str__(self):
        return self.keterangan or self.nama_asli or self.berkas.name

    jejak_terkait = ("indikator", "realisasi__indikator")

    def jejak_kunci(self):
        asal = induk(self, "realisasi") if self.realisasi_id else None
        indikator = induk(self, "indikator") if self.indikator_id else (induk(asal, "indikator") if asal else None)
        tahun = self.tahun or (asal.tahun if asal else None)
        triwulan = self.triwulan or (asal.triwulan if asal else None)
        if indikator is None or not tahun or not triwulan:
            return []
        return indikator.jejak_indikator(tahun, (triwulan,))


class Aktivitas(DataTriwulan):
    """A countable activity behind a kegiatan's (and so a program's) percentage."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="aktivitas", verbose_name="kegiatan")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])
    urutan = models.PositiveSmallIntegerField("urutan", default=1)
    kelompok = models.CharField("kelompok", max_length=200, blank=True)
    uraian = models.CharField("uraian", max_length=300)
    rencana = models.PositiveIntegerField("jumlah direncanakan (setahun)")

    class Meta:
        verbose_name = "aktivitas"
        verbose_name_plural = "aktivitas"
        ordering = ["kegiatan", "tahun", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "tahun", "kelompok", "uraian"], name="aktivitas_unik"),
        ]

    def __str__(self):
        return self.uraian

    def jejak_kunci(self):
        """The planned count weighs in every quarter's percentage of its kegiatan and program."""
        if not self.kegiatan_id:
            return []
        return jejak_opd(induk(induk(self, "kegiatan"), "program").opd_id, self.tahun, semua=True)

    jejak_terkait = ("kegiatan__program",)


class AktivitasRealisasi(DataTriwulan):
    """Done count of an aktivitas, cumulative to the end of the quarter."""

    aktivitas = models.ForeignKey(Aktivitas, on_delete=models.CASCADE, related_name="realisasi", verbose_name="aktivitas")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=TRIWULAN_CHOICES, validators=triwulan_validators)
    terlaksana = models.PositiveIntegerField("jumlah terlaksana (s/d triwulan)")
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Optimistic concurrency, as on Realisasi.
    versi = models.PositiveIntegerField("versi", default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "realisasi aktivitas"
        verbose_name_plural = "realisasi aktivitas"
        constraints = [
            models.UniqueConstraint(
                fields=["aktivitas", "triwulan"],
                name="aktivitas_realisasi_unik",
                violation_error_message="Realisasi aktivitas ini untuk triwulan tersebut sudah ada.",
            ),
            models.CheckConstraint(
                condition=Q(triwulan__gte=1, triwulan__lte=4),
                name="aktivitas_triwulan_1_4",
                violation_error_message="Triwulan harus 1 sampai 4.",
            ),
        ]

    def __str__(self):
        return f"{self.aktivitas} TW {romawi(self.triwulan)}: {self.terlaksana}"

    def jejak_kunci(self):
        """The done count feeds its kegiatan's and program's indicators from its quarter on."""
        if not self.aktivitas_id:
            return []
        akt = induk(self, "aktivitas")
        keg = induk(akt, "kegiatan")
        ids = ingat(
            ("indikator kegiatan", keg.pk),
            lambda: frozenset(Indikator.objects.filter(Q(kegiatan_id=keg.pk) | Q(program_id=keg.program_id)).values_list("pk", flat=True)),
        )
        return jejak_opd(induk(keg, "program").opd_id, akt.tahun, triwulan_mulai(self.triwulan), indikator=ids)

    jejak_terkait = ("aktivitas__kegiatan__program",)


class NilaiRenstra(DataTriwulan):
    """An indicator's Renstra figures (Formulir E.81 columns 6 and 7), from the planning workbook's sheet "Renstra".

    ``tahun`` empty: the target at the end of the Renstra ``periode`` (column 6). ``tahun`` set: the
    realisation reached in that earlier year of the period, which column 7 ("s.d. tahun lalu") adds
    up (a count) or takes the latest of (an index or a percentage). K is the indicator's unit, Rp money;
    either may be empty.
    """

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="renstra", verbose_name="indikator")
    periode = models.CharField("periode Renstra", max_length=9, validators=[periode_validator])
    tahun = models.PositiveSmallIntegerField(
        "tahun", null=True, blank=True, validators=[MinValueValidator(2000)], help_text="Kosongkan untuk target akhir periode."
    )
    kinerja = models.DecimalField(
        "kinerja (K)", max_digits=18, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(NOL)]
    )
    anggaran = models.DecimalField(
        "anggaran (Rp)", max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(NOL)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nilai Renstra"
        verbose_name_plural = "nilai Renstra"
        ordering = ["indikator", "periode", "tahun"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "periode"],
                condition=Q(tahun__isnull=True),
                name="renstra_target_unik",
                violation_error_message="Indikator ini sudah memiliki target Renstra untuk periode tersebut.",
            ),
            models.UniqueConstraint(
                fields=["indikator", "tahun"],
                condition=Q(tahun__isnull=False),
                name="renstra_realisasi_unik",
                violation_error_message="Indikator ini sudah memiliki realisasi Renstra untuk tahun tersebut.",
            ),
            models.CheckConstraint(
                condition=Q(kinerja__isnull=False) | Q(anggaran__isnull=False),
                name="renstra_ada_nilai",
                violation_error_message="Isi kinerja (K), anggaran (Rp), atau keduanya.",
            ),
            models.CheckConstraint(
                condition=(Q(kinerja__isnull=True) | Q(kinerja__gte=0)) & (Q(anggaran__isnull=True) | Q(anggaran__gte=0)),
                name="renstra_tidak_negatif",
                violation_error_message="Nilai Renstra tidak boleh negatif.",
            ),
        ]

    def __str__(self):
        return f"{self.indikator} {self.periode}: {'target akhir periode' if self.tahun is None else self.tahun}"

    def clean(self):
        tahun = tahun_periode(self.periode)
        if self.tahun is not None and tahun != [None] and self.tahun not in tahun:
            raise ValidationError({"tahun": f"Tahun {self.tahun} di luar periode Renstra {self.periode}."})

    def jejak_kunci(self):
        """Only the OPD's E.81 prints it: the target in every quarter of the period, a year's realisation
        in every quarter of the later years of the period (column 7 and 15)."""
        if not self.indikator_id:
            return []
        tahun = [t for t in tahun_periode(self.periode) if t is None or self.tahun is None or t > self.tahun]
        return [j for t in tahun for j in jejak_opd(induk(self, "indikator").opd_id, t)]

    jejak_terkait = ("indikator",)


def kode_nasional_validator(nilai):
    """A program, kegiatan or sub kegiatan code written exactly in the national form (``renja.kode``)."""
    try:
        kode = parse_nasional(nilai)
    except KodeTidakValid as exc:
        raise ValidationError(str(exc)) from None
    if kode.nasional != nilai:
        raise ValidationError(f"Tulis kode dalam bentuk nomenklatur: {kode.nasional}.")


class Nomenklatur(models.Model):
    """The national nomenclature list of one year: program, kegiatan and sub kegiatan codes and names
    as Kemendagri publishes them (Permendagri 90/2019 and its yearly updates).

    Loaded by the pemda's administrator through the admin (import/export). When a year has a list,
    the planning workbook refuses a program, kegiatan or sub kegiatan code of that year that is not in
    it; a year without a list is not checked. No document prints it (the planning tree keeps its own
    names), so it sits outside the quarter lock and the data stamp. Codes are stored in the national form.
    """

    class Tingkat(models.TextChoices):
        PROGRAM = LEVEL_PROGRAM, "Program"
        KEGIATAN = LEVEL_KEGIATAN, "Kegiatan"
        SUB_KEGIATAN = LEVEL_SUB_KEGIATAN, "Sub kegiatan"

    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kode = models.CharField(
        "kode", max_length=20, validators=[kode_nasional_validator], help_text="Bentuk nomenklatur, mis. 7.01.01.2.01.0001."
    )
    tingkat = models.CharField("tingkat", max_length=12, choices=Tingkat.choices, editable=False)
    nama = models.CharField("nomenklatur", max_length=batas.NAMA_DAFTAR)

    class Meta:
        verbose_name = "nomenklatur nasional"
        verbose_name_plural = "nomenklatur nasional"
        ordering = ["-tahun", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["tahun", "kode"],
                name="nomenklatur_kode_unik_per_tahun",
                violation_error_message="Kode ini sudah ada di nomenklatur tahun tersebut.",
            )
        ]

    def __str__(self):
        return f"{self.kode} {self.nama} ({self.tahun})"

    def save(self, *args, **kwargs):
        self.tingkat = parse_nasional(self.kode).level  # derived from the code, never typed
        super().save(*args, **kwargs)
