"""Reads of the budget layer that cross relations."""

from __future__ import annotations

from django.db.models import Count

from anggaran.models import LraImport


def triwulan_terkunci(opd, tahun: int, triwulan: int) -> bool:
    """Whether the quarter's data is frozen by a signed document (decisions §7).

    The lock lives in the organisation layer (written when a report that prints budget
    figures is signed), so this lower layer reads it without importing the review code.
    Every write of the LRA (import, restore) asks it first.
    """
    from organisasi.selectors import triwulan_terkunci as kunci

    return kunci(opd, tahun, triwulan, anggaran=True) is not None


def triwulan_bulan(bulan: int) -> int:
    return (bulan - 1) // 3 + 1


def lra_riwayat(opd, tahun: int | None = None):
    """Every LRA import of an OPD, newest month first, with row counts — one query."""
    qs = LraImport.objects.filter(opd=opd).select_related("diunggah_oleh").annotate(jumlah_baris=Count("baris"))
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "-bulan", "-diunggah_pada", "-pk")
