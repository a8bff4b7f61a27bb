"""Quarters as dates (decisions §5): pure calendar arithmetic, no clock."""
from __future__ import annotations

import calendar
import datetime


def akhir_triwulan(tahun: int, triwulan: int) -> datetime.date:
    """The last day of the quarter: TW I → 31 Maret, TW III → 30 September."""
    bulan = 3 * triwulan
    return datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
