"""Reads of the organisation layer that other layers need.

``triwulan_terkunci`` answers whether a piece of a quarter's data is frozen by a signed
report; the review layer (``lkj.tinjauan``) writes the locks. The refusal itself does not
depend on callers asking: ``organisasi.kunci`` checks every save, delete and bulk write of
the models a document prints.
"""
from __future__ import annotations

from organisasi.kunci import DataTerkunci, Jejak, kunci_yang_menolak, pesan_terkunci
from organisasi.models import TriwulanTerkunci

__all__ = ["DataTerkunci", "pesan_terkunci", "tolak_bila_terkunci", "triwulan_terkunci"]


def _jejak(opd, tahun, triwulan, *, jabatan=None, indikator_id=None, anggaran=False) -> Jejak:
    return Jejak(
        getattr(opd, "pk", opd), tahun, (triwulan,),
        indikator=frozenset({indikator_id}) if indikator_id is not None else frozenset(),
        jabatan_id=getattr(jabatan, "pk", jabatan), anggaran=anggaran,
    )


def triwulan_terkunci(opd, tahun: int, triwulan: int, *, jabatan=None, indikator_id=None, anggaran=False) -> TriwulanTerkunci | None:
    """The lock that freezes this piece of the quarter's data, or None.

    Always: the OPD-wide lock (OPD LKj / E.81 signed). Also, when asked about
    ``jabatan`` (its narrative), that jabatan's signed report; about ``indikator_id``,
    any signed report printing that indicator; with ``anggaran=True`` (the LRA month),
    any signed report printing budget figures.
    """
    return kunci_yang_menolak([_jejak(opd, tahun, triwulan, jabatan=jabatan, indikator_id=indikator_id, anggaran=anggaran)],
                              untuk_tulis=False)


def tolak_bila_terkunci(opd, tahun: int, triwulan: int, **kw) -> None:
    """Raise ``DataTerkunci`` if the data is frozen: a service's early refusal, before it reads an upload.

    It first takes the OPD's row lock (``select_for_update``): the signing service takes
    the same lock before it freezes and renders, so a save and a signature of the same
    OPD never interleave — either the save lands first and the PDF shows it, or the
    freeze lands first and the save is refused. (On SQLite the database's single writer
    gives the same order.) The model writes are checked again by ``organisasi.kunci``.
    """
    kunci = kunci_yang_menolak([_jejak(opd, tahun, triwulan, **kw)])
    if kunci is not None:
        raise DataTerkunci(pesan_terkunci(kunci))
