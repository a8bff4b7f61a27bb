"""The quarter a page opens on when the user has not chosen one.

Not a constant: the quarter whose reporting window is open today (it has ended and
its deadline, ``Pemda.hari_batas_laporan`` days later, has not passed), else the
latest quarter holding realisations of the user's OPDs, else the last quarter that
ended. The view passes today's date (``timezone.localdate()``); measurement never
sees it, so a quarter's figures stay the same whenever they are read.
"""

from __future__ import annotations

import datetime

from dasar.periode import triwulan_pada, triwulan_sebelum, triwulan_terbuka
from renja.models import AktivitasRealisasi, Realisasi


def periode_baku(opd_list, hari_ini: datetime.date) -> tuple[int, int]:
    """(tahun, triwulan) to open on for these OPDs; at most two queries, none when a window is open."""
    opd_list = list(opd_list)
    terbuka = [t for t in {triwulan_terbuka(hari_ini, o.pemda.hari_batas_laporan) for o in opd_list} if t]
    if terbuka:
        return max(terbuka)
    opd_ids = [o.pk for o in opd_list]
    ada = (
        []
        if not opd_ids
        else [
            *Realisasi.objects.filter(indikator__opd_id__in=opd_ids).order_by("-tahun", "-triwulan").values_list("tahun", "triwulan")[:1],
            *AktivitasRealisasi.objects.filter(aktivitas__kegiatan__program__opd_id__in=opd_ids)
            .order_by("-aktivitas__tahun", "-triwulan")
            .values_list("aktivitas__tahun", "triwulan")[:1],
        ]
    )
    if ada:
        return max(ada)
    return triwulan_sebelum(*triwulan_pada(hari_ini))
