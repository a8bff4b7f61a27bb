"""Quarters as dates (decisions §5): pure calendar arithmetic, no clock."""

from __future__ import annotations

import calendar
import datetime
import re

#: A Renstra period as typed: its first and last year, "2025-2029" (the model field's validator uses it too).
POLA_PERIODE_RENSTRA = r"^\d{4}-\d{4}$"


def akhir_triwulan(tahun: int, triwulan: int) -> datetime.date:
    """The last day of the quarter: TW I → 31 Maret, TW III → 30 September."""
    bulan = 3 * triwulan
    return datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def triwulan_pada(tanggal: datetime.date) -> tuple[int, int]:
    """The quarter a day falls in: 15 Agustus 2025 → (2025, 3)."""
    return tanggal.year, (tanggal.month - 1) // 3 + 1


def triwulan_sebelum(tahun: int, triwulan: int) -> tuple[int, int]:
    """The quarter before: (2025, 1) → (2024, 4)."""
    return (tahun, triwulan - 1) if triwulan > 1 else (tahun - 1, 4)


def batas_laporan(tahun: int, triwulan: int, hari_batas: int) -> datetime.date:
    """The deadline of a quarter's report: ``hari_batas`` days after its last day (decisions §5)."""
    return akhir_triwulan(tahun, triwulan) + datetime.timedelta(days=hari_batas)


def hari_terlambat(batas: datetime.date, selesai: datetime.date | None, hari_ini: datetime.date) -> int:
    """Days a report is late against its deadline ``batas``: signed (``selesai``, the local date of the
    signature) after it, or still unsigned ``hari_ini`` past it; 0 when on time. The one rule of the
    office overview and the pemda recap."""
    return max(((selesai or hari_ini) - batas).days, 0)


def triwulan_terbuka(hari_ini: datetime.date, hari_batas: int) -> tuple[int, int] | None:
    """The quarter whose reporting window is open on ``hari_ini``: it has ended and its
    deadline has not passed (10 Oktober 2025, 15 days → (2025, 3)); None between windows.

    ``hari_ini`` is passed in: this module never reads the clock.
    """
    tahun, tw = triwulan_sebelum(*triwulan_pada(hari_ini))
    if batas_laporan(tahun, tw, hari_batas) >= hari_ini:
        return tahun, tw
    return None


def periode_renstra(periode: str | None) -> tuple[int, int] | None:
    """A Renstra period's first and last year: "2025-2029" → (2025, 2029); None when it is not of that form
    or runs backwards. The one reader of the period string (the lock, the measurement, the workbook)."""
    if not periode or not re.fullmatch(POLA_PERIODE_RENSTRA, periode.strip()):
        return None
    awal, akhir = (int(x) for x in periode.strip().split("-"))
    return (awal, akhir) if awal <= akhir else None


def tahun_periode(periode: str | None) -> list[int | None]:
    """The years of a Renstra period "2025-2029"; [None] (every year) when it cannot be read."""
    p = periode_renstra(periode)
    return list(range(p[0], p[1] + 1)) if p else [None]
