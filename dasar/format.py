"""Indonesian number and date formatting (decisions §6), plain Python.

``1.234.567`` for Rupiah, ``76,44%`` for percentages, ``01 Oktober 2025`` for
dates; "-" for n/a. The same functions serve pages, PDFs and spreadsheets.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
KOSONG = "-"


def _kelompokkan(bulat: str) -> str:
    tanda = "-" if bulat.startswith("-") else ""
    angka = bulat.lstrip("-")
    bagian = []
    while len(angka) > 3:
        bagian.insert(0, angka[-3:])
        angka = angka[:-3]
    bagian.insert(0, angka)
    return tanda + ".".join(bagian)


def angka(nilai: Decimal | int | None, desimal: int = 0) -> str:
    """``1234567.5`` → ``1.234.568`` (desimal=0) or ``1.234.567,50`` (desimal=2)."""
    if nilai is None:
        return KOSONG
    q = Decimal(1).scaleb(-desimal)
    teks = f"{Decimal(nilai).quantize(q, rounding=ROUND_HALF_UP):f}"
    if "." in teks:
        bulat, pecahan = teks.split(".")
        return f"{_kelompokkan(bulat)},{pecahan}"
    return _kelompokkan(teks)


def rupiah(nilai: Decimal | int | None, sen: bool = False) -> str:
    """Rupiah without symbol: ``2.014.894.365``; with ``sen=True`` the LRA form ``2.014.894.365,00``."""
    return angka(nilai, 2 if sen else 0)


def persen(nilai: Decimal | None, tanda: bool = True) -> str:
    """``76.4444`` → ``76,44%``."""
    if nilai is None:
        return KOSONG
    return angka(nilai, 2) + ("%" if tanda else "")


def angka_seperlunya(nilai: Decimal | int | None, *, tepat: bool = False) -> str:
    """Whole numbers without decimals (``1.000``), others with two (``58,71``).

    ``tepat``: every decimal as written and no rounding — for a message that quotes a
    figure exactly as the file has it, however long (rounding could fail on it).
    """
    if nilai is None:
        return KOSONG
    nilai = Decimal(nilai)
    if nilai == nilai.to_integral_value():
        return _kelompokkan(str(int(nilai)))
    if tepat:
        bulat, pecahan = f"{nilai:f}".split(".")
        return f"{_kelompokkan(bulat)},{pecahan}"
    return angka(nilai, 2)


def nilai_kinerja(nilai: Decimal | None) -> str:
    """A target or realisation: whole numbers without decimals (``12``), others with two (``87,30``)."""
    return angka_seperlunya(nilai)


def nilai_satuan(nilai: Decimal | None, satuan: str) -> str:
    """A target or realisation with its unit: ``12 dokumen``; a percentage as every percentage (``100,00%``)."""
    if nilai is None:
        return KOSONG
    if satuan.strip() == "%":
        return persen(nilai)
    return f"{nilai_kinerja(nilai)} {satuan}".strip()


def tanggal(tgl: datetime.date | None) -> str:
    """``01 Oktober 2025``."""
    if tgl is None:
        return KOSONG
    return f"{tgl.day:02d} {BULAN[tgl.month - 1]} {tgl.year}"


def romawi(tw: int) -> str:
    """``3`` → ``III``; a number that is no quarter stays as it is (a row not yet validated names itself)."""
    return ROMAWI.get(tw, str(tw))


def triwulan(tw: int) -> str:
    """``Triwulan III``: the house wording, the quarter always in Roman numerals."""
    return f"Triwulan {ROMAWI[tw]}"


def periode_triwulan(tw: int) -> str:
    """``Juli s.d. September``."""
    return f"{BULAN[3 * tw - 3]} s.d. {BULAN[3 * tw - 1]}"


def desimal_json(nilai: Decimal | None, desimal: int | None = 2) -> str | None:
    """Machine form for JSON: dot decimal, fixed decimals; ``None`` stays null.

    ``desimal=None`` gives whole numbers without decimals and others with two.
    """
    if nilai is None:
        return None
    nilai = Decimal(nilai)
    if desimal is None:
        desimal = 0 if nilai == nilai.to_integral_value() else 2
    q = Decimal(1).scaleb(-desimal)
    return f"{nilai.quantize(q, rounding=ROUND_HALF_UP):f}"
