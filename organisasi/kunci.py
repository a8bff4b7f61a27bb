"""The quarterly lock and the review freeze, enforced below every writer (decisions §7).

A signed report writes ``TriwulanTerkunci`` rows; a report submitted for review, until it is
returned, withdrawn or signed, a ``LaporanDitinjau`` row ("submitted is frozen": the atasan
approves and co-signs exactly what was submitted). From then on no write may change what that
report prints, whatever path it takes: an entry page, the planning workbook, the LRA import,
the Django admin, a shell script. So the refusal is not left to the callers; it sits here, in
the bottom layer, where every write passes:

* every model whose rows a document prints inherits :class:`DataTriwulan` and answers
  ``jejak_kunci()``: which OPD, year and quarters a row touches (:class:`Jejak`), and for
  the narrower lock of a signed individual report, which indicators, which jabatan, and
  whether it is a budget figure;
* ``pre_save`` and ``pre_delete`` (cascades included: Django sends them for every row it
  deletes) check the row as it is stored and as it would be written — a row moved out of
  a signed quarter changes that quarter too. A save that changes no stored value is let
  through (re-importing an unchanged file writes nothing anyway);
* the models' QuerySet checks the writes that send no signal: ``update``,
  ``bulk_create``, ``bulk_update`` (and ``delete``, ahead of Django's deletion collector);
* once the row is written (``post_save``, ``post_delete``, after the bulk write), the same
  guard moves the data stamp of the OPDs the write touched (``organisasi.versi_data``), so the
  document cache never serves a file with figures that moved.

A refusal is :class:`DataTerkunci`; its message names the signed document, who signed it
and who may reopen it — or the report under review, who may take it back and who may return
it. Before looking for a lock, the check takes the OPD's row lock (``select_for_update``) that
signing and submitting take too, so a write and a signature (or a submission) of the same OPD
never interleave, and reads the OPD's locks (two queries a write: signed, under review).

Deliberately outside the lock: the organisation's master data (pemda, OPD, unit, jabatan,
pegawai, penugasan), which changes no figure and keeps its history, and the review's own
records (reports, transitions, signatures, signed files, the freezes themselves), which only the
review writes — so the reviewer's own acts (returning, approving, the atasan's tanggapan, signing)
never meet the freeze they lift or keep.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.db.models import prefetch_related_objects
from django.db.models.expressions import BaseExpression
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from dasar.format import ROMAWI
from dasar.format import triwulan as nama_tw
from dasar.periode import akhir_triwulan
from organisasi import versi_data
from organisasi.models import LaporanDitinjau, PerangkatDaerah, TriwulanTerkunci

SEMUA_TRIWULAN = (1, 2, 3, 4)


class TulisanDitolak(ValidationError):
    """A write refused below the writers (this guard, or a model's own rule across rows), said in Indonesian.

    A ``ValidationError`` so every page that already shows a service's refusal shows this one too;
    ``organisasi.middleware`` shows it on the admin page it came from instead of a 500."""


class DataTerkunci(TulisanDitolak):
    """A write touched data frozen by a signed report or a report under review. The message says which
    report and who may open it again."""


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


Kunci = TriwulanTerkunci | LaporanDitinjau  # a signed report's freeze, or a report's under review


@dataclass(frozen=True)
class Jejak:
    """Which frozen quarters a row's write would change.

    ``opd_id`` + ``tahun`` + ``triwulan``: the quarters. Every OPD-wide lock (OPD LKj / E.81
    signed) on one of them refuses the write. A signed individual report freezes less (what it
    prints): it refuses the write when the row is planning text it prints (``semua``), one of its
    indicators (``indikator``), its own jabatan's PK or narrative (``jabatan_id``), or a budget
    figure and it prints budget (``anggaran``). ``pemda_id`` (with ``opd_id`` None, ``tahun`` None):
    a setting of the whole pemda, e.g. the predikat scale, printed by every OPD's every quarter.
    ``narasi``: the row is a narrative (or its photos) — of ``jabatan_id``'s individual report, or
    with ``jabatan_id`` None the OPD's.

    A report under review freezes what its signature would: an individual report the same as
    above; the OPD LKj with its E.81 everything of the quarter except the individual narratives,
    which it does not print (signed, it freezes those too: no individual report can be signed or
    reopened after it).
    """

    opd_id: int | None
    tahun: int | None
    triwulan: tuple[int, ...] = SEMUA_TRIWULAN
    indikator: frozenset = frozenset()
    jabatan_id: int | None = None
    anggaran: bool = False
    semua: bool = False
    pemda_id: int | None = None
    narasi: bool = False

    def cocok(self, k: Kunci, pemda_kunci: int | None = None) -> bool:
        if self.opd_id is not None and k.opd_id != self.opd_id:
            return False
        if self.opd_id is None and (self.pemda_id is None or pemda_kunci != self.pemda_id):
            return False
        if self.tahun is not None and k.tahun != self.tahun:
            return False
        if k.triwulan not in self.triwulan:
            return False
        if k.jabatan_id is None:
            return isinstance(k, TriwulanTerkunci) or not (self.narasi and self.jabatan_id is not None)
        if self.semua:
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


class _Sekaligus:
    __slots__ = ("kunci", "opd_ids", "periksa")

    def __init__(self):
        self.kunci: dict[int, list[Kunci]] = {}  # OPD id → its freezes, read once under its row lock
        self.opd_ids: set[int | None] = set()  # whose data stamps move at the end
        self.periksa: dict = {}  # a rule across rows → what the writes asked it to check (periksa_akhir)


_sekaligus = contextvars.ContextVar("kunci_sekaligus", default=None)


@contextlib.contextmanager
def sekaligus():
    """Many writes in one transaction (an import, the demo loader): each OPD's row lock is taken and its
    locks read once, not once a row, and the data stamps move once, when the block ends without error
    (with an error, the transaction around it rolls the writes back anyway).

    Use it directly inside ``transaction.atomic()``: the OPD row lock held to the transaction's end is what
    keeps the locks read at the start true to the end (signing takes the same row lock before it writes one).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("kunci.sekaligus() harus dipakai di dalam transaction.atomic().")
    if _sekaligus.get() is not None:
        yield _sekaligus.get()
        return
    b = _Sekaligus()
    token = _sekaligus.set(b)
    try:
        yield b
        for fungsi, butir in b.periksa.items():  # on the rows as the whole block left them
            fungsi(butir)
    finally:
        _sekaligus.reset(token)
    versi_data.naikkan_untuk(b.opd_ids)


def dalam_sekaligus() -> bool:
    """Whether the writes run inside :func:`sekaligus`, where rules across rows wait for the block's end."""
    return _sekaligus.get() is not None


def periksa_akhir(fungsi, butir: Iterable) -> None:
    """Have a model's rule across rows (one target per indicator per quarter) check ``butir`` after a write.

    Inside :func:`sekaligus` the rule runs once when the block ends, with every ``butir`` the block's
    writes named, on the rows as the whole import left them: an import changing two rows that must
    agree is not refused between the two. Elsewhere it runs now. ``fungsi`` raises to refuse; the
    transaction around the writes rolls them back."""
    b = _sekaligus.get()
    if b is None:
        fungsi(set(butir))
    else:
        b.periksa.setdefault(fungsi, set()).update(butir)


def _naikkan(opd_ids) -> None:
    b = _sekaligus.get()
    if b is not None:
        b.opd_ids |= set(opd_ids)
    else:
        versi_data.naikkan_untuk(opd_ids)


def _kunci_baris_opd(opd_ids: set[int]) -> None:
    """Take the OPD rows' lock the signing service takes (outside a transaction, a single statement
    cannot interleave with a signature anyway). Held until the writer's transaction ends."""
    if connection.in_atomic_block and opd_ids:
        list(PerangkatDaerah.objects.select_for_update().filter(pk__in=sorted(opd_ids)).order_by("pk").values_list("pk", flat=True))


def _baca(opd_ids, *, tinjauan: bool = True) -> list[Kunci]:
    """The freezes of these OPDs: signed reports' and, with ``tinjauan``, reports' under review. One query each."""
    if not opd_ids:
        return []
    hasil: list[Kunci] = list(TriwulanTerkunci.objects.filter(opd_id__in=opd_ids).select_related("opd", "jabatan", "oleh__pegawai"))
    if tinjauan:
        hasil += LaporanDitinjau.objects.filter(opd_id__in=opd_ids).select_related("opd", "pemegang", "peninjau")
    return hasil


def _urutan(k: Kunci):
    """A signed freeze is named before a review's; then by quarter, the OPD's own before an individual report's."""
    return (not isinstance(k, TriwulanTerkunci), k.tahun, k.triwulan, k.jabatan_id or 0, k.pk)


def penahan(jejak: Iterable[Jejak], *, untuk_tulis: bool = True, ditandatangani: bool = True, tinjauan: bool = True) -> Kunci | None:
    """The freeze that refuses a write touching ``jejak``, or None: a signed report's (``TriwulanTerkunci``)
    first, else a report's under review (``LaporanDitinjau``). A few queries, whatever the rows.

    ``untuk_tulis``: a writer asks, so the OPD rows are locked first (see :func:`_kunci_baris_opd`);
    a page that only shows whether it may write passes False. ``ditandatangani`` / ``tinjauan``: which
    kind of freeze to look for (both, for a writer)."""
    jejak = [j for j in jejak if j.triwulan and (j.opd_id is not None or j.pemda_id is not None)]
    if not jejak:
        return None
    opd_ids = {j.opd_id for j in jejak if j.opd_id is not None}
    pemda_ids = {j.pemda_id for j in jejak if j.opd_id is None}
    if pemda_ids:
        opd_ids |= set(PerangkatDaerah.objects.filter(pemda_id__in=pemda_ids).values_list("pk", flat=True))
    b = _sekaligus.get() if untuk_tulis else None
    perlu = opd_ids - set(b.kunci) if b is not None else opd_ids
    if untuk_tulis:
        _kunci_baris_opd(perlu)
    semua = _baca(perlu, tinjauan=tinjauan or b is not None)
    if b is not None:
        for o in perlu:
            b.kunci[o] = [k for k in semua if k.opd_id == o]
        semua = [k for o in opd_ids for k in b.kunci[o]]
    return _pilih(semua, jejak, ditandatangani=ditandatangani, tinjauan=tinjauan)


def _pilih(semua: list[Kunci], jejak: list[Jejak], *, ditandatangani: bool, tinjauan: bool) -> Kunci | None:
    """The first of ``semua`` (in :func:`_urutan`'s order) of the kinds asked that freezes any of ``jejak``."""
    semua = sorted((k for k in semua if (ditandatangani if isinstance(k, TriwulanTerkunci) else tinjauan)), key=_urutan)
    for k in semua:
        for j in jejak:
            if j.cocok(k, k.opd.pemda_id):
                return k
    return None


class Potret:
    """The freezes of some OPDs read once (two queries), for a page that asks many read-only questions of
    them, e.g. which of a user's jabatan and rows it may offer for editing: each answer is what
    :func:`penahan` with ``untuk_tulis=False`` would have answered when the potret was read. Never for a
    write: a writer asks :func:`penahan`, under the OPD rows' lock, and the models' own check refuses anyway."""

    def __init__(self, opd_ids: Iterable[int]):
        self.opd_ids = frozenset(opd_ids)
        self._semua = _baca(self.opd_ids)

    def penahan(self, jejak: Iterable[Jejak], *, ditandatangani: bool = True, tinjauan: bool = True) -> Kunci | None:
        jejak = [j for j in jejak if j.triwulan]
        if any(j.opd_id is None or j.opd_id not in self.opd_ids for j in jejak):
            # a pemda-wide question (opd_id None) needs every OPD of the pemda: ask penahan() itself
            raise ValueError("Potret kunci ini tidak memuat perangkat daerah yang ditanyakan.")
        return _pilih(self._semua, jejak, ditandatangani=ditandatangani, tinjauan=tinjauan)

    def semua(self, opd_id: int, tahun: int, triwulan: int) -> list[Kunci]:
        """The freezes of one OPD's quarter, signed ones first (:func:`_urutan`)."""
        return sorted((k for k in self._semua if (k.opd_id, k.tahun, k.triwulan) == (opd_id, tahun, triwulan)), key=_urutan)


def kunci_yang_menolak(jejak: Iterable[Jejak], *, untuk_tulis: bool = True) -> TriwulanTerkunci | None:
    """The signed report's lock that freezes any of these quarters' data, or None (reports under review aside)."""
    return penahan(jejak, untuk_tulis=untuk_tulis, tinjauan=False)


def pesan_terkunci(kunci: TriwulanTerkunci, apa: str = "") -> str:
    """The refusal in Indonesian: which quarter, which signed document, who signed, who may reopen it."""
    oleh = getattr(getattr(kunci.oleh, "pegawai", None), "nama", None) or kunci.oleh.get_username()
    if kunci.jabatan_id is None:
        pembuka = f"kepala perangkat daerah ({kunci.opd.nama}) yang menandatanganinya"
    else:
        pembuka = f"pemegang jabatan {kunci.jabatan.nama} atau atasan langsungnya"
    ubah = f"Perubahan {apa} ditolak" if apa else "Perubahan ditolak"
    return (
        f"Data {nama_tw(kunci.triwulan)} Tahun {kunci.tahun} sudah dibekukan karena {kunci.dokumen} telah "
        f"ditandatangani (oleh {oleh}); {ubah}. Laporan itu hanya dapat dibuka kembali oleh {pembuka}, "
        "dengan alasan yang dicatat."
    )


def pesan_ditinjau(k: LaporanDitinjau, apa: str = "") -> str:
    """The refusal of a write frozen by a report under review: which report, who submitted it (and may take
    it back), and who reviews it (and may return it)."""
    peninjau = k.peninjau.nama if k.peninjau else "peninjaunya"
    pemegang = k.pemegang.nama if k.pemegang else "pengajunya"
    ubah = f"perubahan {apa} ditolak" if apa else "perubahan ditolak"
    if k.disetujui:
        return (
            f"Data {nama_tw(k.triwulan)} Tahun {k.tahun} dibekukan karena {k.dokumen} sudah disetujui {peninjau} "
            f"dan menunggu tanda tangan; {ubah}. Bila perlu diubah, {pemegang} atau {peninjau} dapat "
            f"membukanya kembali dengan alasan."
        )
    return (
        f"Data {nama_tw(k.triwulan)} Tahun {k.tahun} dibekukan karena {k.dokumen} sedang diajukan kepada "
        f"{peninjau}; {ubah}. {pemegang} dapat menariknya kembali (\u201cTarik kembali\u201d), "
        f"atau {peninjau} dapat mengembalikannya untuk diperbaiki."
    )


def pesan(k: Kunci, apa: str = "") -> str:
    """The refusal of a write ``k`` freezes, signed or under review."""
    return pesan_terkunci(k, apa) if isinstance(k, TriwulanTerkunci) else pesan_ditinjau(k, apa)


def tolak(jejak: Iterable[Jejak], apa="") -> None:
    """Raise ``DataTerkunci`` when a signed report, or a report under review, froze any of these quarters' data.

    ``apa``: what is written, or a function saying it (asked only on a refusal: naming a row may read
    its parents)."""
    k = penahan(jejak)
    if k is not None:
        raise DataTerkunci(pesan(k, apa() if callable(apa) else apa))


def _apa(obj) -> str:
    try:
        teks = str(obj)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):  # a half-built row may not print itself
        teks = ""
    nama = obj._meta.verbose_name
    return f"{nama} \u201c{teks[:120]}\u201d" if teks else str(nama)


def _opd_ids(jejak: Iterable[Jejak]) -> set[int | None]:
    """The OPDs whose data stamp a write moves (None: a pemda-wide row, every OPD's)."""
    return {j.opd_id for j in jejak}


# --- deleting many rows ---------------------------------------------------------------------


class _Hapus:
    __slots__ = ("dicek", "induk", "ingat")

    def __init__(self):
        self.dicek: set[tuple] = set()  # (model, pk) of the rows the delete checked as one set
        self.induk: dict[tuple, object] = {}  # (model, pk) → the row, read once for every row naming it
        self.ingat: dict = {}  # other reads a footprint needs, once per delete


_hapus = contextvars.ContextVar("kunci_hapus", default=None)


@contextlib.contextmanager
def _penghapusan():
    """One delete (a QuerySet's, a row's) with everything it cascades to: in a savepoint of its own, inside
    :func:`sekaligus` (the locks read once, the data stamps moved once), with parents read once per delete."""
    if _hapus.get() is not None:
        yield _hapus.get()
        return
    h = _Hapus()
    token = _hapus.set(h)
    try:
        with transaction.atomic(), sekaligus():
            yield h
    finally:
        _hapus.reset(token)


def induk(obj, nama: str):
    """``obj.<nama>`` (a foreign key). Inside a delete it is read once for every row naming the same parent —
    the lines of one LRA import, the rows of one PK version — so the footprint of a cascade costs a query
    per parent, not per row. Elsewhere (a save may have just moved the parent) it is read as usual."""
    h = _hapus.get()
    if h is None:
        return getattr(obj, nama)
    f = obj._meta.get_field(nama)
    pk = getattr(obj, f.attname)
    if pk is None:
        return None
    kunci = (f.related_model._meta.concrete_model, pk)
    if kunci not in h.induk:
        h.induk[kunci] = getattr(obj, nama)
    return h.induk[kunci]


def ingat(kunci, fungsi):
    """``fungsi()``: inside a delete computed once for ``kunci`` (e.g. a kegiatan's indicators, for each of its
    aktivitas' counts); elsewhere every time."""
    h = _hapus.get()
    if h is None:
        return fungsi()
    if kunci not in h.ingat:
        h.ingat[kunci] = fungsi()
    return h.ingat[kunci]


def jejak_semua(model, rows) -> list[Jejak]:
    """The footprint of many rows of one model, as a set: the parents each row's ``jejak_kunci`` reads
    (``model.jejak_terkait``, prefetch paths) are read once for all of them."""
    rows = list(rows)
    if rows and getattr(model, "jejak_terkait", ()):
        prefetch_related_objects(rows, *model.jejak_terkait)
    h = _hapus.get()
    if h is not None:  # the rows they cascade to name these as their parent
        for r in rows:
            h.induk[(model._meta.concrete_model, r.pk)] = r
    return [j for r in rows for j in r.jejak_kunci()]


# --- the models ------------------------------------------------------------------------

_massal = contextvars.ContextVar("kunci_massal", default=False)


class KunciQuerySet(models.QuerySet):
    """The writes that send no model signal check the lock too, and move the data stamp after writing."""

    def update(self, **kwargs):
        if _massal.get():
            return super().update(**kwargs)
        polos = not any(isinstance(v, BaseExpression) or hasattr(v, "resolve_expression") for v in kwargs.values())
        jejak = []
        for obj in self:
            jejak += obj.jejak_kunci()
            if polos:
                for nama, nilai in kwargs.items():
                    setattr(obj, nama, nilai)
                jejak += obj.jejak_kunci()
        tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
        hasil = super().update(**kwargs)
        _naikkan(_opd_ids(jejak))
        return hasil

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        jejak = [j for o in objs for j in o.jejak_kunci()]
        tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
        hasil = super().bulk_create(objs, *args, **kwargs)
        _naikkan(_opd_ids(jejak))
        return hasil

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        lama = self.model._base_manager.in_bulk([o.pk for o in objs])
        jejak = [j for o in objs for j in o.jejak_kunci()]
        jejak += [j for o in lama.values() for j in o.jejak_kunci()]
        tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
        token = _massal.set(True)  # bulk_update runs update() per batch: checked once, above
        try:
            hasil = super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _massal.reset(token)
        _naikkan(_opd_ids(jejak))
        return hasil

    bulk_update.alters_data = True

    def delete(self):
        # Checked as one set (the rows' parents read once, the locks once) before Django's deletion collector
        # opens its transaction, in a savepoint of its own, so a refusal leaves the caller's transaction usable.
        # The rows it cascades to are checked by pre_delete, with the locks already read and their parents
        # read once per delete (kunci.induk); the data stamps move once at the end.
        with _penghapusan() as h:
            rows = list(self)
            jejak = jejak_semua(self.model, rows)
            tolak(jejak, f"{self.model._meta.verbose_name_plural} (sekaligus)")
            h.dicek.update((self.model._meta.concrete_model, r.pk) for r in rows)
            hasil = super().delete()
            _naikkan(_opd_ids(jejak))  # the rows it cascaded to move theirs through post_delete
        return hasil

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
        with _penghapusan() as h:  # as QuerySet.delete: checked before the collector's transaction
            jejak = jejak_semua(type(self), [self])
            tolak(jejak, lambda: _apa(self))
            h.dicek.add((self._meta.concrete_model, self.pk))
            hasil = super().delete(*args, **kwargs)
            _naikkan(_opd_ids(jejak))
        return hasil


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
        # Changes nothing stored, so no signed quarter can object; the stamp still moves (an explicit save).
        instance._kunci_opd = _opd_ids(_jejak(instance, raw))
        return
    jejak = _jejak(instance, raw) + (_jejak(lama, raw) if lama is not None else [])
    tolak(jejak, lambda: _apa(instance))
    instance._kunci_opd = _opd_ids(jejak)  # the OPD it leaves, too


def _sebelum_hapus(sender, instance, **kwargs):
    h = _hapus.get()
    if h is not None and (instance._meta.concrete_model, instance.pk) in h.dicek:
        return  # checked with its set by the delete that removes it
    jejak = instance.jejak_kunci()
    tolak(jejak, lambda: _apa(instance))
    instance._kunci_opd = _opd_ids(jejak)


def _sesudah(sender, instance, **kwargs):
    """post_save / post_delete: the row is written, so its OPDs' data stamps move (in the same transaction)."""
    opd_ids = instance.__dict__.pop("_kunci_opd", None)
    if opd_ids:
        _naikkan(opd_ids)


def model_dijaga():
    return [m for m in apps.get_models() if issubclass(m, DataTriwulan)]


def sambungkan():
    """Connect the guard to every guarded model (``OrganisasiConfig.ready``; all models are loaded by then)."""
    for model in model_dijaga():
        uid = f"organisasi.kunci.{model._meta.label}"
        pre_save.connect(_sebelum_simpan, sender=model, dispatch_uid=uid + ".simpan")
        pre_delete.connect(_sebelum_hapus, sender=model, dispatch_uid=uid + ".hapus")
        post_save.connect(_sesudah, sender=model, dispatch_uid=uid + ".sesudah_simpan")
        post_delete.connect(_sesudah, sender=model, dispatch_uid=uid + ".sesudah_hapus")
