"""Keeping the per-OPD-quarter summaries of the pemda recap current (``RingkasanOpd``).

A summary holds exactly what the recap shows of one OPD's quarter, taken from the OPD's own
Formulir E.81 (``laporan_e81(pengukuran_opd(...))``: row d's rata-rata capaian kinerja and
anggaran, row e's predikat), from the review's overview (``ikhtisar``: the OPD LKj's state,
whom it waits on, the individual reports signed) and from Bappeda's evaluation of the newest signed E.81. Nothing is computed a second way. It is filed
under the data stamp the caller read *before* computing, so a write landing meanwhile leaves a
row under a stamp already past, which the next read recomputes — never old figures under the
current stamp (the rule of the document cache, docs/architecture.md).
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from lkj.dokumen.stempel import stempel_dokumen_banyak
from lkj.e81 import laporan_e81
from lkj.rekap.models import RingkasanOpd
from lkj.selectors import pengukuran_opd
from lkj.tinjauan.models import DokumenTertanda, Status
from lkj.tinjauan.selectors import ikhtisar, keadaan_evaluasi
from organisasi.models import PerangkatDaerah


def ringkasan_hitung(opd, tahun: int, triwulan: int) -> dict:
    """The summary's fields for the OPD's quarter, from its E.81 and its review overview."""
    e81 = laporan_e81(pengukuran_opd(opd, tahun, triwulan))
    # ``hari_ini`` only decides ikhtisar's own "terlambat", which the recap works out itself from the
    # signing date and the deadline on each request; the summary keeps no reading of the clock.
    iks = ikhtisar(opd, tahun, triwulan, datetime.date(tahun, 1, 1))
    opd_lkj, individu = iks["rows"][0], iks["rows"][1:]
    e81_tertanda = (
        DokumenTertanda.objects.filter(
            jenis="e81", laporan__opd=opd, laporan__tahun=tahun, laporan__triwulan=triwulan, laporan__jabatan=None
        )
        .defer("asal")
        .select_related("evaluasi")
        .order_by("-versi")
        .first()
    )
    return {
        "rata_rata_capaian": e81.rata_rata_capaian,
        "rata_rata_anggaran": e81.rata_rata_anggaran,
        "predikat": e81.predikat or "",
        "tingkat_rata_rata": e81.ukur.tingkat_rata_rata,
        "catatan_lra": e81.ukur.catatan_lra or "",
        "status_opd": opd_lkj.laporan.status,
        "menunggu": opd_lkj.menunggu[:300],
        "ditandatangani_pada": opd_lkj.selesai_pada,
        "individu_tertanda": sum(1 for r in individu if r.laporan.status == Status.DITANDATANGANI),
        "individu_jumlah": len(individu),
        "evaluasi": keadaan_evaluasi(e81_tertanda)[0] if e81_tertanda is not None else "",
    }


def ringkasan_segarkan(opd, tahun: int, triwulan: int, stempel: str) -> RingkasanOpd:
    """Compute the OPD's quarter and store it under ``stempel`` (read by the caller before this call).

    Two requests refreshing the same OPD at once both compute; the second's insert meets the unique
    constraint and updates instead, so one row stays (the figures are the same: the same stamp)."""
    nilai = {"stempel": stempel, **ringkasan_hitung(opd, tahun, triwulan)}
    try:
        with transaction.atomic():
            obj, _ = RingkasanOpd.objects.update_or_create(opd=opd, tahun=tahun, triwulan=triwulan, defaults=nilai)
    except IntegrityError:
        RingkasanOpd.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan).update(**nilai)
        obj = RingkasanOpd.objects.get(opd=opd, tahun=tahun, triwulan=triwulan)
    return obj


def rekap_segarkan(pemda, tahun: int, triwulan: int) -> int:
    """Measure again every OPD of the pemda whose summary of the quarter is missing or stale (the background
    worker's job, ``tasks.segarkan_rekap``, so the first reader after a night of imports finds the page warm).
    Returns how many were measured."""
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).select_related("pemda"))
    stempel = stempel_dokumen_banyak([o.pk for o in opds])
    ada = dict(RingkasanOpd.objects.filter(opd__in=opds, tahun=tahun, triwulan=triwulan).values_list("opd_id", "stempel"))
    basi = [o for o in opds if ada.get(o.pk) != stempel[o.pk]]
    for o in basi:
        ringkasan_segarkan(o, tahun, triwulan, stempel[o.pk])
    return len(basi)
