"""Perjanjian Kinerja: belongs to a jabatan for a year, with versions.

Rows point at planning indicators; budget lines point at program / kegiatan /
sub kegiatan and their amounts are read from the pagu, never typed twice.

A version dated D is in force at the end of every quarter ending on or after D, so it
(and its rows) touches those quarters (``jejak_kunci``): a version dated inside or before
a signed quarter's end is refused, one dated after it is not (``organisasi.kunci``).

One indicator carries one target per quarter across every PK in force at its end
(``perjanjian.aturan``): checked on every write of a PK row or version, whatever writes it
(:func:`periksa_target_tunggal`), and in a row's ``clean`` for the admin form.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from dasar import format as fmt
from organisasi import kunci
from organisasi.kunci import DataTriwulan, KunciQuerySet, TulisanDitolak, induk, jejak_opd, triwulan_sejak
from organisasi.models import Jabatan, Pegawai
from perjanjian.aturan import BarisTarget, Bentrok, target_bentrok
from renja.models import Indikator, Kegiatan, Program, SubKegiatan


class TargetGanda(TulisanDitolak):
    """Two PKs in force at a quarter's end would give one indicator two targets. ``bentrok``: the two rows."""

    def __init__(self, pesan: str, bentrok: Bentrok):
        super().__init__(pesan)
        self.bentrok = bentrok


def _pk_nama(b) -> str:
    v = b.versi
    return f"PK {v.perjanjian.jabatan.nama} ({v.pihak_pertama.nama}) versi {v.tanggal:%d-%m-%Y}"


def pesan_target_ganda(bentrok: Bentrok, tahun: int) -> str:
    """Which indicator, the two PKs with their version dates and targets, and from which quarter."""
    a, b = bentrok.a.asal, bentrok.b.asal

    def angka(v):
        return "kosong" if v is None else fmt.angka_seperlunya(v)

    return (
        f"Indikator \u201c{a.indikator.uraian}\u201d akan punya dua target pada akhir {fmt.triwulan(bentrok.triwulan)} {tahun}: "
        f"{angka(a.target)} di {_pk_nama(a)} dan {angka(b.target)} di {_pk_nama(b)}. Satu indikator hanya boleh punya "
        "satu target pada satu triwulan; samakan targetnya di kedua PK."
    )


def periksa_target_tunggal(butir, *, ganti=None) -> None:
    """Raise :class:`TargetGanda` when an indicator of ``butir`` ({(indikator_id, tahun)}) carries two targets
    in some quarter of that year across the PKs in force at its end. Two queries a year.

    ``ganti``: an unsaved PK row (an admin form's) taking the place of its stored self."""
    per_tahun = defaultdict(set)
    for indikator_id, tahun in butir:
        if indikator_id is not None and tahun is not None:
            per_tahun[tahun].add(indikator_id)
    for tahun, ids in sorted(per_tahun.items()):
        qs = (
            PKBaris.objects.filter(indikator_id__in=ids, versi__perjanjian__tahun=tahun)
            .select_related("versi__perjanjian__jabatan", "versi__pihak_pertama", "indikator")
            .order_by("versi__perjanjian__jabatan__kode", "versi__tanggal", "nomor")
        )
        baris = [b for b in qs if ganti is None or b.pk != ganti.pk]
        if ganti is not None:
            baris.append(ganti)
        versi = defaultdict(set)
        for pk, perjanjian_id, tanggal in PKVersi.objects.filter(perjanjian_id__in={b.versi.perjanjian_id for b in baris}).values_list(
            "pk", "perjanjian_id", "tanggal"
        ):
            if ganti is None or pk != ganti.versi_id:
                versi[perjanjian_id].add(tanggal)
        if ganti is not None:
            versi[ganti.versi.perjanjian_id].add(ganti.versi.tanggal)
        bentrok = target_bentrok(
            versi, (BarisTarget(b.versi.perjanjian_id, b.versi.tanggal, b.indikator_id, b.target, b) for b in baris), tahun
        )
        if bentrok is not None:
            raise TargetGanda(pesan_target_ganda(bentrok, tahun), bentrok)


def _periksa_perjanjian(perjanjian_ids) -> None:
    """Every indicator of these PKs, each in its year: a version added, moved or removed changes which rows
    are in force. One query, then the rule's own."""
    periksa_target_tunggal(
        set(PKBaris.objects.filter(versi__perjanjian_id__in=list(perjanjian_ids)).values_list("indikator_id", "versi__perjanjian__tahun"))
    )


def _periksa_indikator_versi(butir) -> None:
    """{(indikator_id, versi_id)}: each indicator in its version's year. One query, then the rule's own."""
    tahun = dict(PKVersi.objects.filter(pk__in={v for _i, v in butir}).values_list("pk", "perjanjian__tahun"))
    periksa_target_tunggal({(i, tahun.get(v)) for i, v in butir})


def _setelah_tulis(simpan, fungsi, butir) -> None:
    """Write, then have the rule check ``butir``: inside an import (``kunci.sekaligus``) when its writes end, in
    the import's own transaction; elsewhere now, in a savepoint, so a refusal leaves nothing written."""
    if kunci.dalam_sekaligus():
        simpan()
        kunci.periksa_akhir(fungsi, butir)
        return
    with transaction.atomic():
        simpan()
        kunci.periksa_akhir(fungsi, butir)


def _periksa_pk(perjanjian_ids) -> None:
    """After a write of PK versions (inside an import: once, when its writes end)."""
    kunci.periksa_akhir(_periksa_perjanjian, perjanjian_ids)


def _periksa_baris(baris_ids) -> None:
    kunci.periksa_akhir(
        periksa_target_tunggal,
        PKBaris.objects.filter(pk__in=list(baris_ids)).values_list("indikator_id", "versi__perjanjian__tahun").distinct(),
    )


class PKVersiQuerySet(KunciQuerySet):
    """The lock's bulk writes, then the one-target rule on the PKs they touched (a date moves which rows count)."""

    def update(self, **kwargs):
        if "tanggal" not in kwargs and "perjanjian" not in kwargs and "perjanjian_id" not in kwargs:
            return super().update(**kwargs)
        with transaction.atomic():
            pks = list(self.values_list("pk", flat=True))
            perjanjian = set(self.values_list("perjanjian_id", flat=True))
            hasil = super().update(**kwargs)
            _periksa_pk(perjanjian | set(PKVersi.objects.filter(pk__in=pks).values_list("perjanjian_id", flat=True)))
        return hasil

    update.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic():
            hasil = super().bulk_update(objs, fields, *args, **kwargs)
            _periksa_pk({o.perjanjian_id for o in objs})
        return hasil

    bulk_update.alters_data = True

    def delete(self):
        with transaction.atomic():
            perjanjian = set(self.values_list("perjanjian_id", flat=True))
            hasil = super().delete()
            _periksa_pk(perjanjian)  # an earlier version comes back in force where the deleted one was
        return hasil

    delete.alters_data = True
    delete.queryset_only = True


class PKBarisQuerySet(KunciQuerySet):
    """The lock's bulk writes, then the one-target rule on the rows they wrote."""

    def update(self, **kwargs):
        if not {"target", "indikator", "indikator_id", "versi", "versi_id"} & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            hasil = super().update(**kwargs)
            _periksa_baris(ids)
        return hasil

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic():
            hasil = super().bulk_create(objs, *args, **kwargs)
            kunci.periksa_akhir(_periksa_indikator_versi, {(o.indikator_id, o.versi_id) for o in objs})
        return hasil

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic():
            hasil = super().bulk_update(objs, fields, *args, **kwargs)
            _periksa_baris([o.pk for o in objs])
        return hasil

    bulk_update.alters_data = True


class PerjanjianKinerja(DataTriwulan):
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, related_name="perjanjian", verbose_name="jabatan")
    tahun = models.PositiveSmallIntegerField("tahun", validators=[MinValueValidator(2000)])

    class Meta:
        verbose_name = "perjanjian kinerja"
        verbose_name_plural = "perjanjian kinerja"
        ordering = ["tahun", "jabatan"]
        constraints = [models.UniqueConstraint(fields=["jabatan", "tahun"], name="pk_unik_per_jabatan_tahun")]

    def __str__(self):
        return f"PK {self.jabatan} {self.tahun}"

    def jejak_kunci(self):
        """A PK without versions prints nowhere; with versions, from its first one on."""
        if self.pk is None or not self.jabatan_id:
            return []
        pertama = min((v.tanggal for v in self.versi.all()), default=None)
        if pertama is None:
            return []
        return jejak_opd(induk(self, "jabatan").opd_id, self.tahun, triwulan_sejak(self.tahun, pertama), jabatan_id=self.jabatan_id)

    jejak_terkait = ("jabatan", "versi")


class PKVersi(DataTriwulan):
    """PK awal or a Perubahan PK. The version in force on a date is the latest one dated on or before it."""

    class Jenis(models.TextChoices):
        AWAL = "awal", "Perjanjian Kinerja"
        PERUBAHAN = "perubahan", "Perubahan Perjanjian Kinerja"

    perjanjian = models.ForeignKey(PerjanjianKinerja, on_delete=models.CASCADE, related_name="versi", verbose_name="perjanjian kinerja")
    jenis = models.CharField("jenis", max_length=10, choices=Jenis.choices)
    tanggal = models.DateField("tanggal")
    nomor_dokumen = models.CharField("nomor dokumen", max_length=80, blank=True)
    pihak_pertama = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pk_pihak_pertama", verbose_name="pihak pertama")
    pihak_pertama_jabatan_label = models.CharField("jabatan pihak pertama (seperti tertulis)", max_length=200)
    pihak_kedua = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="pk_pihak_kedua", verbose_name="pihak kedua")
    pihak_kedua_jabatan = models.ForeignKey(
        Jabatan, on_delete=models.PROTECT, related_name="pk_sebagai_atasan", verbose_name="jabatan pihak kedua"
    )
    pihak_kedua_jabatan_label = models.CharField("jabatan pihak kedua (seperti tertulis)", max_length=200)
    history = HistoricalRecords()
    objects = PKVersiQuerySet.as_manager()

    class Meta:
        verbose_name = "versi perjanjian kinerja"
        verbose_name_plural = "versi perjanjian kinerja"
        ordering = ["perjanjian", "tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["perjanjian", "tanggal"],
                name="pk_satu_versi_per_tanggal",
                violation_error_message="Perjanjian kinerja ini sudah memiliki versi pada tanggal tersebut.",
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.perjanjian.jabatan} ({self.tanggal:%d-%m-%Y})"

    def clean(self):
        if self.tanggal and self.perjanjian_id and self.tanggal.year != self.perjanjian.tahun:
            raise ValidationError({"tanggal": f"Tanggal versi harus dalam tahun {self.perjanjian.tahun}."})

    def save(self, *args, **kwargs):
        _setelah_tulis(lambda: super(PKVersi, self).save(*args, **kwargs), _periksa_perjanjian, {self.perjanjian_id})

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            hasil = super().delete(*args, **kwargs)
            _periksa_pk({self.perjanjian_id})
        return hasil

    def jejak_kunci(self, indikator=None):
        """The quarters ending on or after its date: its holder's report, the OPD's, and any report printing its indicators."""
        if not self.perjanjian_id or self.tanggal is None:
            return []
        pk = induk(self, "perjanjian")
        if indikator is None:
            indikator = frozenset(b.indikator_id for b in self.baris.all()) if self.pk else frozenset()
        return jejak_opd(
            induk(pk, "jabatan").opd_id, pk.tahun, triwulan_sejak(pk.tahun, self.tanggal), jabatan_id=pk.jabatan_id, indikator=indikator
        )

    jejak_terkait = ("perjanjian__jabatan", "baris")


class PKBaris(DataTriwulan):
    """A sasaran + indikator + annual target row of one PK version.

    The target belongs to the version (decisions §5): a quarter uses the target of the version in
    force at its end, so a Perubahan PK raising 4 → 6 on 01-09 changes TW III and IV, never TW II.
    The Renja ``Target`` is used only where no PK row in force states a target (an indicator on no
    PK, or a row left empty); it has no version, so changing it touches every quarter of the year.
    """

    versi = models.ForeignKey(PKVersi, on_delete=models.CASCADE, related_name="baris", verbose_name="versi")
    nomor = models.PositiveSmallIntegerField("nomor")
    sasaran = models.CharField("sasaran (seperti tertulis di PK)", max_length=400)
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="pk_baris", verbose_name="indikator")
    target = models.DecimalField(
        "target tahunan",
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Target versi PK ini; triwulan memakai target versi yang berlaku pada akhir triwulannya.",
    )
    history = HistoricalRecords()  # a changed target appears in the OPD's audit log with the figures it moved

    objects = PKBarisQuerySet.as_manager()

    class Meta:
        verbose_name = "baris sasaran PK"
        verbose_name_plural = "baris sasaran PK"
        ordering = ["versi", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["versi", "indikator"],
                name="pk_baris_indikator_unik",
                violation_error_message="Indikator ini sudah ada di versi PK ini.",
            ),
            models.UniqueConstraint(fields=["versi", "nomor"], name="pk_baris_nomor_unik"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="pk_baris_target_tidak_negatif",
                violation_error_message="Target tidak boleh negatif.",
            ),
        ]

    def __str__(self):
        return f"{self.nomor}. {self.sasaran}"

    def clean(self):
        # Inside an import the rule waits for the whole file (kunci.periksa_akhir from save): a file changing
        # both PKs alike is not refused between the two rows.
        if self.versi_id and self.indikator_id and not kunci.dalam_sekaligus():
            try:
                periksa_target_tunggal({(self.indikator_id, self.versi.perjanjian.tahun)}, ganti=self)
            except TargetGanda as exc:
                raise ValidationError({"target": exc.messages}) from None

    def save(self, *args, **kwargs):
        _setelah_tulis(lambda: super(PKBaris, self).save(*args, **kwargs), _periksa_indikator_versi, {(self.indikator_id, self.versi_id)})

    def jejak_kunci(self):
        if not self.versi_id:
            return []
        return induk(self, "versi").jejak_kunci(indikator=frozenset({self.indikator_id}) if self.indikator_id else frozenset())

    jejak_terkait = ("versi__perjanjian__jabatan",)


class PKAnggaran(DataTriwulan):
    """A budget line the holder answers for: a program (Camat), kegiatan (Sekcam) or sub kegiatan (Kasubag/Kasi)."""

    versi = models.ForeignKey(PKVersi, on_delete=models.CASCADE, related_name="anggaran", verbose_name="versi")
    nomor = models.PositiveSmallIntegerField("nomor")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sub_kegiatan = models.ForeignKey(SubKegiatan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sumber_dana = models.CharField("sumber dana", max_length=40, default="DAU")

    class Meta:
        verbose_name = "anggaran PK"
        verbose_name_plural = "anggaran PK"
        ordering = ["versi", "nomor"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(program__isnull=False, kegiatan__isnull=True, sub_kegiatan__isnull=True)
                    | Q(program__isnull=True, kegiatan__isnull=False, sub_kegiatan__isnull=True)
                    | Q(program__isnull=True, kegiatan__isnull=True, sub_kegiatan__isnull=False)
                ),
                name="pk_anggaran_tepat_satu_level",
                violation_error_message="Baris anggaran PK menunjuk tepat satu program, kegiatan, atau sub kegiatan.",
            ),
            models.UniqueConstraint(fields=["versi", "nomor"], name="pk_anggaran_nomor_unik"),
        ]

    def clean(self):
        if self.versi_id and not self.versi.perjanjian.jabatan.memegang_anggaran:
            raise ValidationError("PK staf/pelaksana tidak memegang anggaran.")

    def jejak_kunci(self):
        return induk(self, "versi").jejak_kunci(indikator=frozenset()) if self.versi_id else []

    jejak_terkait = ("versi__perjanjian__jabatan",)
