"""Timing helpers shared by the benchmarks: wall and CPU time of one run, and a summary over repeats.

The machine is shared, so wall time alone says as much about the neighbours as about us: every
figure is taken with its CPU seconds beside it (this process, plus any child processes it waited for).
"""

from __future__ import annotations

import resource
import statistics
import time
from dataclasses import dataclass


def _cpu_anak() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


@dataclass
class Waktu:
    """Wall and CPU seconds of one timed block (``with Waktu() as w: …``)."""

    dinding: float = 0.0
    cpu: float = 0.0

    def __enter__(self):
        self._t, self._c, self._a = time.perf_counter(), time.process_time(), _cpu_anak()
        return self

    def __exit__(self, *exc):
        self.dinding = time.perf_counter() - self._t
        self.cpu = time.process_time() - self._c + _cpu_anak() - self._a
        return False

    def __add__(self, other: Waktu) -> Waktu:
        return Waktu(self.dinding + other.dinding, self.cpu + other.cpu)


def angka(x: float, desimal: int = 2) -> str:
    """Indonesian figure: 1.234,56."""
    return f"{x:,.{desimal}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def sebaran(nilai: list[float], desimal: int = 2, kali: float = 1.0) -> str:
    """'median (min–max)' of the repeats; ``kali`` scales (e.g. 1000 for milliseconds)."""
    v = [x * kali for x in nilai]
    if len(v) == 1:
        return angka(v[0], desimal)
    return f"{angka(statistics.median(v), desimal)} ({angka(min(v), desimal)}–{angka(max(v), desimal)})"


def ringkas(waktu: list[Waktu], *, per: float = 1.0, desimal: int = 2, kali: float = 1.0, satuan: str = "s") -> str:
    """Wall and CPU of the repeats as 'dinding median (min–max) s, CPU median (min–max) s', divided by ``per``."""
    return (
        f"dinding {sebaran([w.dinding / per for w in waktu], desimal, kali)} {satuan}, "
        f"CPU {sebaran([w.cpu / per for w in waktu], desimal, kali)} {satuan}"
    )
