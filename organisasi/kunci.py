"""The quarterly lock, enforced below every writer (decisions §7).

A signed report writes ``TriwulanTerkunci`` rows. From then on no write may change what
that quarter's documents print, whatever path it takes: an entry page, the planning
workbook, the LRA import, the Django admin, a shell script. So the refusal is not left to
the callers; it sits here, in the bottom layer, where every write passes:

* every model whose rows a document prints inherits :class:`DataTriwulan` and answers
  ``jejak_kunci()``: which OPD, year and quarters a row touches (:class:`Jejak`), and for
  the narrower lock of a signed individual report, which indicators, which jabatan, and
  whether it is a budget figure;
* ``pre_save`` and ``pre_delete`` (cascades included: Django sends them for every row it
  deletes) check the row as it is stored and as it would be written — a row moved out of
  a signed quarter changes that quarter too. A save that changes no stored value is let
  through (re-importing an unchanged file writes nothing anyway);
* the models' QuerySet checks the writes that send no signal: ``update``,
  ``bulk_create``, ``bulk_update`` (and ``delete``, ahead of Django's deletion collector).

A refusal is :class:`DataTerkunci`; its message names the signed
document, who signed it and who may reopen it. Before looking for a lock, the check takes
the OPD's row lock (``select_for_update``) that signing takes too, so a write and a
signature of the same OPD never interleave.

Deliberately outside the lock: the organisation's master data (pemda, OPD, unit, jabatan,
pegawai, penugasan), which changes no figure and keeps its history, and the review's own
records (reports, transitions, signatures, signed files), which only the review writes.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.db.models.expressions import BaseExpression
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from dasar.periode import akhir_triwulan
from organisasi.models import PerangkatDaerah, TriwulanTerkunci

SEMUA_TRIWULAN = (1, 2, 3, 4)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


class DataTerkunci(ValidationError):
    """A write touched data frozen by a signed report. The message says which document and how to reopen.

    A ``ValidationError`` so every page that already shows a service's refusal shows this one too."""


def triwulan_sejak(tahun: int, tanggal: datetime.date | None) -> tuple[int, ...]:
    """The quarters of ``tahun`` in which something dated ``tanggal`` is in force: those ending on or after it.

    A PK version dated 01-09-2025 is in force at the end of TW III and TW IV 2025, never of TW I or II.
    """
    if tanggal is None:
        return SEMUA_TRIWULAN
    return tuple(tw for tw in SEMUA_TRIWULAN if akhir_triwulan(tahun, tw) >= tanggal)


def triwulan_mulai(triwulan: int | None) -> tuple[int, ...]:
    """A quarter's realisation and every later quarter: the E.81 of TW III prints the TW I and II columns,
    and an index keeps its latest value into the next quarters."""
    if triwulan not in SEMUA_TRIWULAN:
        return SEMUA_TRIWULAN
    return tuple(range(triwulan, 5))


def triwulan_bulan(bulan: int) -> tuple[int, ...]:
    """The quarters whose figures an LRA month feeds: a quarter uses the LRA of its last month only
    (decisions §3), and later quarters print it in their TW columns. July, August… feed none."""
    if not bulan or bulan % 3:
        return ()
    return triwulan_mulai(bulan // 3)


def tahun_periode(periode: str) -> list[int | None]:
    """The years of a Renstra period "2025-2029"; [None] (every year) when it cannot be read."""
    try:
        awal, akhir = (int(x) for x in (periode or "").split("-"))
    except ValueError:
        return [None]
    return list(range(awal, akhir + 1)) if awal <= akhir else [None]


def nama_triwulan(daftar: Iterable[int]) -> str:
    """(3, 4) → "Triwulan III dan IV"; (1, 2, 3, 4) → "Triwulan I sampai IV"."""
    daftar = sorted(set(daftar))
    if not daftar:
        return "tidak ada triwulan"
    if len(daftar) == 1:
        return f"Triwulan {ROMAWI[daftar[0]]}"
    if len(daftar) > 2 and daftar == list(range(daftar[0], daftar[-1] + 1)):
        return f"Triwulan {ROMAWI[daftar[0]]} sampai {ROMAWI[daftar[-1]]}"
    return "Triwulan " + ", ".join(ROMAWI[t] for t in daftar[:-1]) + f" dan {ROMAWI[daftar[-1]]}"


@dataclass(frozen=True)
class Jejak:
    """Which signed quarters a row's write would change.

    ``opd_id`` + ``tahun`` + ``triwulan``: the quarters. Every OPD-wide lock (OPD LKj / E.81
    signed) on one of them refuses the write. A signed individual report freezes less (what it
    prints): it refuses the write when the row is planning text it prints (``semua``), one of its
    indicators (``indikator``), its own jabatan's PK or narrative (``jabatan_id``), or a budget
    figure and it prints budget (``anggaran``). ``pemda_id`` (with ``opd_id`` None, ``tahun`` None):
    a setting of the whole pemda, e.g. the predikat scale, printed by every OPD's every quarter.
    """

    opd_id: int | None
    tahun: int | None
    triwulan: tuple[int, ...] = SEMUA_TRIWULAN
    indikator: frozenset = frozenset()
    jabatan_id: int | None = None
    anggaran: bool = False
    semua: bool = False
    pemda_id: int | None = None

    def cocok(self, k: TriwulanTerkunci, pemda_kunci: int | None = None) -> bool:
        if self.opd_id is not None and k.opd_id != self.opd_id:
            return False
        if self.opd_id is None and (self.pemda_id is None or pemda_kunci != self.pemda_id):
            return False
        if self.tahun is not None and k.tahun != self.tahun:
            return False
        if k.triwulan not in self.triwulan:
            return False
        if k.jabatan_id is None or self.semua:
            return True
        if self.jabatan_id is not None and k.jabatan_id == self.jabatan_id:
            return True
        if self.indikator and self.indikator & set(k.indikator_ids or []):
            return True
        return self.anggaran and k.memuat_anggaran


def jejak_opd(opd_id, tahun, triwulan=SEMUA_TRIWULAN, **kw) -> list[Jejak]:
    if opd_id is None or not triwulan:
        return []
    return [Jejak(opd_id, tahun, tuple(triwulan), **kw)]


# --- the check -------------------------------------------------------------------------


class _TandaOpd:
    """on_commit mark of the current transaction: this OPD's row is locked, and (once read) its locks.

    Holding the OPD row lock, the transaction sees the OPD's locks fixed: the signing and reopening
    services take the same row lock before they write one (on SQLite the single writer does the
    same). So the locks are read once per transaction, not once per row written; a lock written in
    this very transaction clears the list (``_kunci_berubah``). Django drops the mark with its
    savepoint or transaction, and the row lock goes with it."""

    __slots__ = ("kunci", "opd_id")

    def __init__(self, opd_id):
        self.opd_id = opd_id
        self.kunci = None

    def __call__(self):
        pass


def _tanda_opd() -> dict[int, _TandaOpd]:
    if not connection.in_atomic_block:
        return {}
    return {f.opd_id: f for _s, f, *_ in connection.run_on_commit if isinstance(f, _TandaOpd)}


def _kunci_baris_opd(opd_ids: set[int]) -> dict[int, _TandaOpd]:
    """Take the OPD rows' lock the signing service takes, once per transaction (outside one, a single
    statement cannot interleave with a signature anyway). Returns the transaction's marks."""
    if not connection.in_atomic_block or not opd_ids:
        return {}
    tanda = _tanda_opd()
    baru = sorted(opd_ids - set(tanda))
    if baru:
        list(PerangkatDaerah.objects.select_for_update().filter(pk__in=baru).order_by("pk").values_list("pk", flat=True))
        for opd_id in baru:
            tanda[opd_id] = _TandaOpd(opd_id)
            transaction.on_commit(tanda[opd_id])
    return tanda


def _kunci_berubah(sender, instance, **kwargs):
    for t in _tanda_opd().values():
        if t.opd_id == instance.opd_id:
            t.kunci = None


def kunci_yang_menolak(jejak: Iterable[Jejak], *, untuk_tulis: bool = True) -> TriwulanTerkunci | None:
    """The lock that freezes any of these quarters' data, or None. A few queries, whatever the rows.

    ``untuk_tulis``: a writer asks, so the OPD rows are locked first (see :func:`_kunci_baris_opd`)
    and their locks are read once per transaction; a page that only shows whether it may write
    passes False."""
    jejak = [j for j in jejak if j.triwulan and (j.opd_id is not None or j.pemda_id is not None)]
    if not jejak:
        return None
    opd_ids = {j.opd_id for j in jejak if j.opd_id is not None}
    pemda_ids = {j.pemda_id for j in jejak if j.opd_id is None}
    if pemda_ids:
        opd_ids |= set(PerangkatDaerah.objects.filter(pemda_id__in=pemda_ids).values_list("pk", flat=True))
    tanda = _kunci_baris_opd(opd_ids) if untuk_tulis else {}
    semua = [k for o in opd_ids if o in tanda and tanda[o].kunci is not None for k in tanda[o].kunci]
    perlu = [o for o in opd_ids if not (o in tanda and tanda[o].kunci is not None)]
    if perlu:
        dibaca = list(TriwulanTerkunci.objects.filter(opd_id__in=perlu).select_related("opd", "jabatan", "oleh__pegawai"))
        semua += dibaca
        for o in perlu:
            if o in tanda:
                tanda[o].kunci = [k for k in dibaca if k.opd_id == o]
    semua.sort(key=lambda k: (k.tahun, k.triwulan, k.jabatan_id or 0, k.pk))
    for k in semua:
        for j in jejak:
            if j.cocok(k, k.opd.pemda_id):
                return k
    return None


def pesan_terkunci(kunci: TriwulanTerkunci, apa: str = "") -> str:
    """The refusal in Indonesian: which quarter, which signed document, who signed, who may reopen it."""
    oleh = getattr(getattr(kunci.oleh, "pegawai", None), "nama", None) or kunci.oleh.get_username()
    if kunci.jabatan_id is None:
        pembuka = f"kepala perangkat daerah ({kunci.opd.nama}) yang menandatanganinya"
    else:
        pembuka = f"pemegang jabatan {kunci.jabatan.nama} atau atasan langsungnya"
    ubah = f"Perubahan {apa} ditolak" if apa else "Perubahan ditolak"
    return (
        f"Data Triwulan {kunci.triwulan} Tahun {kunci.tahun} sudah dibekukan karena {kunci.dokumen} telah "
        f"ditandatangani (oleh {oleh}); {ubah}. Laporan itu hanya dapat dibuka kembali oleh {pembuka}, "
        "dengan alasan yang dicatat."
    )


def tolak(jejak: Iterable[Jejak], apa: str = "") -> None:
    """Raise ``DataTerkunci`` when a signed report froze any of these quarters' data."""
    kunci = kunci_yang_menolak(jejak)
    if kunci is not None:
        raise DataTerkunci(pesan_terkunci(kunci, apa))


def _apa(obj) -> str:
    try:
        teks = str(obj)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):  # a half-built row may not print itself
        teks = ""
    nama = obj._meta.verbose_name
    return f"{nama} \u201c{teks[:120]}\u201d" if teks else str(nama)


# --- the models ------------------------------------------------------------------------

_massal = contextvars.ContextVar("kunci_massal", default=False)


class KunciQuerySet(models.QuerySet):
    """The writes that send no model signal check the lock too."""

    def update(self, **kwargs):
        if not _massal.get():
            polos = not any(isinstance(v, BaseExpression) or hasattr(v, "resolve_expression") for v in kwargs.values())
            jejak = []
            for obj in self:
                jejak += obj.jejak_kunci()
                if polos:
                    for nama, nilai in kwargs.items():
                        setattr(obj, nama, nilai)
                    jejak += obj.jejak_kunci()
            tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        tolak([j for o in objs for j in o.jejak_kunci()], f"{self.model._meta.verbose_name_plural} (sekaligus)")
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        lama = self.model._base_manager.in_bulk([o.pk for o in objs])
        jejak = [j for o in objs for j in o.jejak_kunci()]
        jejak += [j for o in lama.values() for j in o.jejak_kunci()]
        tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
        token = _massal.set(True)  # bulk_update runs update() per batch: checked once, above
        try:
            return super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _massal.reset(token)

    bulk_update.alters_data = True

    def delete(self):
        # Checked before Django's deletion collector opens its transaction without a savepoint, so a refusal
        # leaves the caller's transaction usable; the rows it cascades to are checked by pre_delete.
        tolak([j for o in self for j in o.jejak_kunci()], f"{self.model._meta.verbose_name_plural} (sekaligus)")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class DataTriwulan(models.Model):
    """A row a quarter's document prints. Subclasses say which quarters it touches (``jejak_kunci``)."""

    objects = KunciQuerySet.as_manager()

    class Meta:
        abstract = True

    def jejak_kunci(self) -> list[Jejak]:
        raise NotImplementedError(f"{type(self).__name__} harus menyebut triwulan yang disentuhnya (jejak_kunci).")

    def delete(self, *args, **kwargs):
        tolak(self.jejak_kunci(), _apa(self))  # before the collector's transaction, as QuerySet.delete
        return super().delete(*args, **kwargs)


def _nilai(obj, f):
    v = getattr(obj, f.attname)
    return v.name if isinstance(f, models.FileField) and v is not None else v


def _berubah(lama, baru, update_fields) -> bool:
    for f in baru._meta.concrete_fields:
        if f.primary_key or getattr(f, "auto_now", False):
            continue
        if update_fields is not None and f.name not in update_fields and f.attname not in update_fields:
            continue
        if _nilai(lama, f) != _nilai(baru, f):
            return True
    return False


def _jejak(obj, raw=False) -> list[Jejak]:
    try:
        return list(obj.jejak_kunci())
    except ObjectDoesNotExist:
        if raw:  # loaddata saves a row before the parent it names: that parent is checked when it is saved
            return []
        raise


def _sebelum_simpan(sender, instance, raw=False, update_fields=None, **kwargs):
    lama = None
    if instance.pk is not None:  # also a row loaddata writes over an existing one
        lama = sender._base_manager.filter(pk=instance.pk).first()
    if lama is not None and not _berubah(lama, instance, update_fields):
        return
    jejak = _jejak(instance, raw) + (_jejak(lama, raw) if lama is not None else [])
    tolak(jejak, _apa(instance))


def _sebelum_hapus(sender, instance, **kwargs):
    tolak(instance.jejak_kunci(), _apa(instance))


def model_dijaga():
    return [m for m in apps.get_models() if issubclass(m, DataTriwulan)]


def sambungkan():
    """Connect the guard to every guarded model (``OrganisasiConfig.ready``; all models are loaded by then)."""
    for model in model_dijaga():
        uid = f"organisasi.kunci.{model._meta.label}"
        pre_save.connect(_sebelum_simpan, sender=model, dispatch_uid=uid + ".simpan")
        pre_delete.connect(_sebelum_hapus, sender=model, dispatch_uid=uid + ".hapus")
    post_save.connect(_kunci_berubah, sender=TriwulanTerkunci, dispatch_uid="organisasi.kunci.kunci.simpan")
    post_delete.connect(_kunci_berubah, sender=TriwulanTerkunci, dispatch_uid="organisasi.kunci.kunci.hapus")
