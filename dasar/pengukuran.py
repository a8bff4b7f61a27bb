"""The measurement rules (decisions §3), in plain Python and Decimal.

No Django import: the LKj, the E.81 and the individual reports all call these
functions, so a figure is computed in exactly one way everywhere.
Every function returns ``None`` for "n/a" (printed "-", left out of averages).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SERATUS = Decimal(100)
NOL = Decimal(0)
DUA_DESIMAL = Decimal("0.01")

POSITIF = "positif"
NEGATIF = "negatif"


def bulatkan(nilai: Decimal | None) -> Decimal | None:
    """Round half-up to 2 decimals: the value as shown and as reused in a table."""
    if nilai is None:
        return None
    return Decimal(nilai).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def persen(pembilang: Decimal | int, penyebut: Decimal | int) -> Decimal | None:
    """pembilang ÷ penyebut × 100, exact (not rounded); n/a when the penyebut is 0."""
    penyebut = Decimal(penyebut)
    if penyebut == 0:
        return None
    return Decimal(pembilang) / penyebut * SERATUS


def capaian_kinerja(realisasi: Decimal | None, target: Decimal | None, polaritas: str = POSITIF) -> Decimal | None:
    """Capaian kinerja in %, rounded to 2 dp; not capped.

    Positive polarity: realisasi ÷ annual target × 100.
    Negative polarity: (2 × target − realisasi) ÷ target × 100, floored at 0.
    Target 0 or missing, or no realisasi yet → n/a.
    """
    if realisasi is None or target is None or Decimal(target) == 0:
        return None
    realisasi, target = Decimal(realisasi), Decimal(target)
    if polaritas == NEGATIF:
        nilai = (2 * target - realisasi) / target * SERATUS
        return bulatkan(max(nilai, NOL))
    if polaritas != POSITIF:
        raise ValueError(f"Polaritas tidak dikenal: {polaritas!r}")
    return bulatkan(realisasi / target * SERATUS)


def capaian_anggaran(realisasi_rp: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Realisasi Rp s/d the quarter's last month ÷ pagu in force × 100, 2 dp; n/a for a zero pagu."""
    if realisasi_rp is None or pagu is None or Decimal(pagu) == 0:
        return None
    return bulatkan(Decimal(realisasi_rp) / Decimal(pagu) * SERATUS)


def efisiensi(capaian_k: Decimal | None, capaian_rp: Decimal | None) -> Decimal | None:
    """Capaian kinerja (2 dp) − capaian anggaran (2 dp), percentage points.

    Subtracting the rounded values keeps every printed row true to (10) = (6) − (9).
    """
    if capaian_k is None or capaian_rp is None:
        return None
    return bulatkan(capaian_k) - bulatkan(capaian_rp)


def efisien(nilai_efisiensi: Decimal | None) -> bool | None:
    return None if nilai_efisiensi is None else nilai_efisiensi > 0


def tercapai(capaian: Decimal | None) -> bool | None:
    """The annual target is met or exceeded: capaian ≥ 100%."""
    return None if capaian is None else capaian >= SERATUS


@dataclass(frozen=True)
class Pita:
    """One band of a predikat scale: values ≥ batas_bawah (2 dp) fall in it."""

    batas_bawah: Decimal | None  # None = no lower bound (the lowest band)
    predikat: str


SKALA_BAKU: tuple[Pita, ...] = (
    Pita(Decimal("91"), "Sangat Tinggi"),
    Pita(Decimal("76"), "Tinggi"),
    Pita(Decimal("66"), "Sedang"),
    Pita(Decimal("51"), "Rendah"),
    Pita(None, "Sangat Rendah"),
)
"""Permendagri 86/2017 Tabel T-E.1 with inclusive lower bounds (decisions §3)."""


def urutkan_skala(skala: Iterable[Pita]) -> tuple[Pita, ...]:
    """Highest band first; checks that exactly one band has no lower bound."""
    pita = list(skala)
    terbuka = [p for p in pita if p.batas_bawah is None]
    if len(terbuka) != 1:
        raise ValueError("Skala predikat harus memiliki tepat satu pita tanpa batas bawah.")
    berbatas = sorted((p for p in pita if p.batas_bawah is not None), key=lambda p: p.batas_bawah, reverse=True)
    if len({p.batas_bawah for p in berbatas}) != len(berbatas):
        raise ValueError("Batas bawah pita predikat tidak boleh kembar.")
    return (*berbatas, terbuka[0])


def predikat(capaian: Decimal | None, skala: Sequence[Pita] = SKALA_BAKU) -> str | None:
    """The predikat of a capaian, judged on its 2-dp value; n/a stays n/a."""
    if capaian is None:
        return None
    nilai = bulatkan(capaian)
    for pita in urutkan_skala(skala):
        if pita.batas_bawah is None or nilai >= pita.batas_bawah:
            return pita.predikat
    raise AssertionError("unreachable: the open band catches everything")


def rata_rata(nilai: Iterable[Decimal | None]) -> Decimal | None:
    """Unweighted mean of the 2-dp values, n/a left out; rounded to 2 dp. None if nothing to average."""
    ada = [bulatkan(v) for v in nilai if v is not None]
    if not ada:
        return None
    return bulatkan(sum(ada, NOL) / len(ada))


def renstra_sd_tahun_lalu(nilai_per_tahun: Iterable[Decimal | None], akumulasi: bool) -> Decimal | None:
    """Formulir E.81 column 7: the Renstra realisation up to last year, from each earlier year's value in year order.

    A count adds the years up; an index or a percentage is a level, so it keeps the latest value.
    None when no earlier year has a value.
    """
    ada = [Decimal(v) for v in nilai_per_tahun if v is not None]
    if not ada:
        return None
    return sum(ada, NOL) if akumulasi else ada[-1]


def renstra_sd_tahun_ini(sd_tahun_lalu: Decimal | None, tahun_ini: Decimal | None, akumulasi: bool) -> Decimal | None:
    """Formulir E.81 column 15 = 7 + 13 (a count, money); an index or a percentage: the latest value (13, else 7)."""
    if sd_tahun_lalu is None and tahun_ini is None:
        return None
    if akumulasi:
        return (sd_tahun_lalu or NOL) + (tahun_ini or NOL)
    return tahun_ini if tahun_ini is not None else sd_tahun_lalu
