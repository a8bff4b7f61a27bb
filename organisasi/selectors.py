"""Reads of the organisation layer that other layers need.

``triwulan_terkunci`` answers whether a piece of a quarter's data is frozen by a signed
report, ``laporan_ditinjau`` whether a report under review freezes it; the review layer
(``lkj.tinjauan``) writes both. The refusal does not depend on callers asking:
``organisasi.kunci`` checks every save, delete and bulk write of the models a document
prints against both, with the same rules (``Jejak.cocok``) these reads use.
"""

from __future__ import annotations

from django.db.models import Q

from dasar.periode import akhir_triwulan
from organisasi.akses import adalah_operator, peran_pembaca
from organisasi.kunci import DataTerkunci, Jejak, Potret, kunci_yang_menolak, penahan, pesan, pesan_ditinjau, pesan_terkunci
from organisasi.models import Jabatan, LaporanDitinjau, Penugasan, TriwulanTerkunci

__all__ = [
    "DataTerkunci",
    "aktif_pada",
    "jabatan_terlihat",
    "laporan_ditinjau",
    "pemegang_pada",
    "pesan_ditinjau",
    "pesan_terkunci",
    "potret_kunci",
    "tolak_bila_terkunci",
    "triwulan_terkunci",
]


def _jejak(opd, tahun, triwulan, *, jabatan=None, indikator_id=None, anggaran=False, narasi=False) -> Jejak:
    return Jejak(
        getattr(opd, "pk", opd),
        tahun,
        (triwulan,),
        indikator=frozenset({indikator_id}) if indikator_id is not None else frozenset(),
        jabatan_id=getattr(jabatan, "pk", jabatan),
        anggaran=anggaran,
        narasi=narasi,
    )


def potret_kunci(opd_ids) -> Potret:
    """The freezes of these OPDs read once (two queries), for a page that asks the two reads below about
    many jabatan or rows of them (``potret=``): each answer is the one the read would give on its own."""
    return Potret(getattr(o, "pk", o) for o in opd_ids)


def triwulan_terkunci(
    opd, tahun: int, triwulan: int, *, jabatan=None, indikator_id=None, anggaran=False, potret: Potret | None = None
) -> TriwulanTerkunci | None:
    """The lock that freezes this piece of the quarter's data, or None.

    Always: the OPD-wide lock (OPD LKj / E.81 signed). Also, when asked about
    ``jabatan`` (its narrative), that jabatan's signed report; about ``indikator_id``,
    any signed report printing that indicator; with ``anggaran=True`` (the LRA month),
    any signed report printing budget figures.
    """
    j = _jejak(opd, tahun, triwulan, jabatan=jabatan, indikator_id=indikator_id, anggaran=anggaran)
    if potret is not None:
        return potret.penahan([j], tinjauan=False)
    return kunci_yang_menolak([j], untuk_tulis=False)


def laporan_ditinjau(
    opd, tahun: int, triwulan: int, *, jabatan=None, narasi=False, indikator_id=None, potret: Potret | None = None
) -> LaporanDitinjau | None:
    """The report under review (submitted or approved, not yet signed) that freezes this piece of data, or None.

    ``indikator_id``: any report printing that indicator (an individual report listing it,
    or the OPD LKj, which prints them all). ``jabatan``: that jabatan's own report (its
    narrative); ``narasi=True`` with no jabatan: the OPD narrative, frozen by the OPD LKj.
    Two queries, none with ``potret``.
    """
    if jabatan is None and indikator_id is None and not narasi:
        return None
    j = _jejak(opd, tahun, triwulan, jabatan=jabatan, indikator_id=indikator_id, narasi=narasi or jabatan is not None)
    if potret is not None:
        return potret.penahan([j], ditandatangani=False)
    return penahan([j], untuk_tulis=False, ditandatangani=False)


def tolak_bila_terkunci(opd, tahun: int, triwulan: int, *, narasi=False, **kw) -> None:
    """Raise ``DataTerkunci`` if the data is frozen: a service's early refusal, before it reads an upload.

    Frozen means: a signed report prints it, or a report that prints it is under review
    (submitted or approved, so the atasan approves and co-signs exactly what was submitted) —
    the same rules ``organisasi.kunci`` applies again to every model write. ``narasi=True``
    marks a write of a narrative (of ``jabatan``, or of the OPD when ``jabatan`` is None).

    It first takes the OPD's row lock (``select_for_update``, in ``kunci.penahan``): the
    signing service takes the same lock before it freezes and renders, and so do submitting
    and approving, so a save and a signature (or a submission) of the same OPD never
    interleave — either the save lands first and the PDF shows it, or the freeze lands first
    and the save is refused. (On SQLite the database's single writer gives the same order.)
    """
    k = penahan([_jejak(opd, tahun, triwulan, narasi=narasi, **kw)])
    if k is not None:
        raise DataTerkunci(pesan(k))


def aktif_pada(tanggal) -> Q:
    """Penugasan running on ``tanggal``."""
    return Q(mulai__lte=tanggal) & (Q(selesai__isnull=True) | Q(selesai__gte=tanggal))


def pemegang_pada(jabatan_ids, tanggal) -> dict[int, Penugasan]:
    """Holder of each jabatan on ``tanggal`` (one query)."""
    hasil = {}
    for p in (
        Penugasan.objects.filter(aktif_pada(tanggal), jabatan_id__in=list(jabatan_ids))
        .select_related("pegawai__user", "jabatan")
        .order_by("mulai")
    ):
        hasil[p.jabatan_id] = p
    return hasil


def jabatan_terlihat(user, opd, tahun: int, triwulan: int) -> set[int] | None:
    """Jabatan of ``opd`` whose individual report and PK the user may read; ``None`` means all of them.

    The one read rule of every page and document ("Who reads what" in docs/architecture.md):
    the OPD's operator (``OperatorOpd``, a superuser) and a pemda role of its pemda (Bagian
    Organisasi, Bappeda, Inspektorat, the administrator: they read, never write) see all; a
    pegawai the jabatan he holds at the quarter's end and every jabatan below them in the
    signing tree (so the camat sees all, a colleague beside him none of his). Up to four queries.
    """
    if adalah_operator(user, opd) or peran_pembaca(user, opd):
        return None
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return set()
    akhir = akhir_triwulan(tahun, triwulan)
    terlihat = set(Penugasan.objects.filter(aktif_pada(akhir), pegawai=pegawai, jabatan__opd=opd).values_list("jabatan_id", flat=True))
    bawah: dict[int, list[int]] = {}
    for pk, atasan_id in Jabatan.objects.filter(opd=opd).values_list("pk", "atasan_id"):
        bawah.setdefault(atasan_id, []).append(pk)
    antre = list(terlihat)
    while antre:
        for anak in bawah.get(antre.pop(), []):
            if anak not in terlihat:
                terlihat.add(anak)
                antre.append(anak)
    return terlihat
