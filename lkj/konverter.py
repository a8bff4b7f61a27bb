"""URL converters for the reporting period: a year 2000–2100 and a quarter 1–4.

Any other value in a URL is simply not a page (404), instead of reaching the
date arithmetic with year 99999 and failing there.
"""

import argparse

from django.urls import register_converter

TAHUN_MIN, TAHUN_MAKS = 2000, 2100


class Tahun:
    regex = r"20[0-9]{2}|2100"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class Triwulan:
    regex = r"[1-4]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


register_converter(Tahun, "tahun")
register_converter(Triwulan, "triwulan")


def tahun_arg(teks: str) -> int:
    """``--tahun`` of a management command: 2000–2100, said in Indonesian otherwise."""
    try:
        tahun = int(teks)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tahun {teks!r} bukan angka (mis. 2025)") from None
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise argparse.ArgumentTypeError(f"tahun {tahun} di luar rentang {TAHUN_MIN}–{TAHUN_MAKS}")
    return tahun


def triwulan_arg(teks: str) -> int:
    """``--triwulan`` of a management command: 1–4."""
    if teks.strip() not in ("1", "2", "3", "4"):
        raise argparse.ArgumentTypeError(f"triwulan {teks!r} tidak dikenal; pilih 1, 2, 3 atau 4")
    return int(teks)
