"""One indicator, one target per quarter: the rule as plain data, for the models and the planning workbook.

Two PKs in force at a quarter's end may both carry an indicator (a Camat and a Sekcam outcome), but
not with different targets: the quarter's capaian would then depend on which PK is asked. The
models check it on the rows stored (``perjanjian.models.periksa_target_tunggal``, below every
writer), the planning workbook on the rows of its file before writing; both ask this function.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dasar.periode import akhir_triwulan


@dataclass(frozen=True)
class BarisTarget:
    pk: Hashable  # which PK (one jabatan's, for the year)
    tanggal: datetime.date  # its version's date
    indikator: Hashable
    target: Decimal | None
    asal: Any = None  # what the caller names the row by (a stored PKBaris, a workbook row)


@dataclass(frozen=True)
class Bentrok:
    triwulan: int
    a: BarisTarget
    b: BarisTarget


def target_bentrok(versi: Mapping[Hashable, Iterable[datetime.date]], baris: Iterable[BarisTarget], tahun: int) -> Bentrok | None:
    """The first quarter of ``tahun`` at whose end two PKs in force carry one indicator with different targets.

    ``versi``: every PK's version dates (a version without the indicator still decides which rows are in
    force); ``baris``: the PK rows. The version in force at a date is the latest dated on or before it."""
    baris = list(baris)
    for tw in (1, 2, 3, 4):
        akhir = akhir_triwulan(tahun, tw)
        berlaku = {pk: max((t for t in tanggal if t <= akhir), default=None) for pk, tanggal in versi.items()}
        dilihat: dict[Hashable, BarisTarget] = {}
        for r in baris:
            if berlaku.get(r.pk) != r.tanggal:
                continue
            lain = dilihat.setdefault(r.indikator, r)
            if lain.target != r.target:
                return Bentrok(tw, lain, r)
    return None
