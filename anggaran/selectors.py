"""Reads of the budget layer that cross relations."""

from __future__ import annotations

from django.db.models import Count

from anggaran.models import LraImport
from organisasi.kunci import jejak_opd, penahan, triwulan_bulan


def kunci_bulan(opd, tahun: int, bulan: int, *, untuk_tulis: bool = False):
    """The report that froze a quarter this LRA month feeds — signed, or under review and printing budget
    figures — or None (decisions §3, §7).

    A month feeds the quarter it ends (June → TW II) and the later quarters that print that
    quarter's column; July or August feed no quarter's figures. The freezes live in the
    organisation layer, so this lower layer reads them without importing the review code.
    ``untuk_tulis``: the caller is about to write the month (an import, a restore), so the OPD row
    lock a signature takes is taken first and held to the end of its transaction; a page that only
    shows whether the month may be imported reads without it.
    """
    return penahan(jejak_opd(getattr(opd, "pk", opd), tahun, triwulan_bulan(bulan), anggaran=True), untuk_tulis=untuk_tulis)


def triwulan_terkunci(opd, tahun: int, triwulan: int) -> bool:
    """Whether the quarter's budget figures are frozen (its last month's LRA is), for a page: no row lock."""
    return kunci_bulan(opd, tahun, 3 * triwulan) is not None


def lra_riwayat(opd, tahun: int | None = None):
    """Every LRA import of an OPD, newest month first, with row counts — one query."""
    qs = LraImport.objects.filter(opd=opd).select_related("diunggah_oleh").annotate(jumlah_baris=Count("baris"))
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "-bulan", "-diunggah_pada", "-pk")
