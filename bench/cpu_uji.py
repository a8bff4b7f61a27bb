"""CPU seconds per test file, for finding what makes the suite slow on a shared machine.

Wall time per test (``--durations``) is unreliable when other work shares the cores: a test that
waits looks as slow as one that computes. This plugin records, for every test (setup, call and
teardown together), the CPU its worker process and the children it reaped spent (getrusage), and
writes one JSON line per test to ``$LKJ_CPU_UJI`` (default ``bench/out/cpu-uji.jsonl``). Under
pytest-xdist each worker appends its own lines.

    .venv/bin/python -m pytest -n 2 -p bench.cpu_uji
    .venv/bin/python bench/cpu_uji.py            # the totals per file, largest first

The browser's own processes (Chromium) are reaped only at the end of the run, so a browser test's
CPU here is the test process's share; its wall time is in the line too.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

KELUAR = Path(os.environ.get("LKJ_CPU_UJI", Path(__file__).resolve().parent / "out" / "cpu-uji.jsonl"))


def _cpu() -> float:
    s, a = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + a.ru_utime + a.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    c0, t0 = _cpu(), time.monotonic()
    yield
    KELUAR.parent.mkdir(parents=True, exist_ok=True)
    with KELUAR.open("a") as f:
        baris = {"uji": item.nodeid, "cpu": round(_cpu() - c0, 3), "wall": round(time.monotonic() - t0, 3)}
        f.write(json.dumps(baris) + "\n")


def pytest_sessionfinish(session):
    KELUAR.parent.mkdir(parents=True, exist_ok=True)
    with KELUAR.open("a") as f:
        f.write(json.dumps({"uji": "(akhir sesi pekerja)", "cpu_total": round(_cpu(), 3)}) + "\n")


def ringkas(path: Path = KELUAR, n: int = 30) -> None:
    per_berkas, total = defaultdict(lambda: [0.0, 0.0, 0]), 0.0
    for baris in path.read_text().splitlines():
        d = json.loads(baris)
        if "cpu" not in d:
            total += d["cpu_total"]
            continue
        b = per_berkas[d["uji"].split("::")[0]]
        b[0] += d["cpu"]
        b[1] += d["wall"]
        b[2] += 1
    print(f"{'CPU s':>8} {'wall s':>8} {'uji':>4}  berkas")
    for berkas, (cpu, wall, jumlah) in sorted(per_berkas.items(), key=lambda x: -x[1][0])[:n]:
        print(f"{cpu:8.1f} {wall:8.1f} {jumlah:4d}  {berkas}")
    print(f"{sum(b[0] for b in per_berkas.values()):8.1f} dalam uji; {total:.1f} CPU s proses pekerja seluruhnya")


if __name__ == "__main__":
    ringkas(Path(sys.argv[1]) if len(sys.argv) > 1 else KELUAR)
