#!/usr/bin/env python3
"""Where one page's time goes: the page served in-process (Django's test client) N times under cProfile,
with its queries counted, against the database ``DATABASE_URL`` names (the loaded kabupaten of beban.sh).

    DATABASE_URL=postgres://… .venv/bin/python bench/profil_halaman.py samsul05 /kinerja/?tahun=2025\\&triwulan=3 [--ulang 10]

Prints wall and CPU per request, queries per request and their time, and the functions with the most
cumulative time (the project's own modules and the libraries they call). Reads only; the session row the
login writes is the one write.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pengguna")
    ap.add_argument("url")
    ap.add_argument("--ulang", type=int, default=10)
    ap.add_argument("--baris", type=int, default=25)
    a = ap.parse_args()

    c = Client()
    c.force_login(get_user_model().objects.get(username=a.pengguna))
    r = c.get(a.url)  # warm: imports, templates, per-process caches
    assert r.status_code == 200, r.status_code
    kueri: list[float] = []

    def catat(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kueri.append(time.perf_counter() - t)

    with connection.execute_wrapper(catat):
        c.get(a.url)
    prof = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    prof.enable()
    for _ in range(a.ulang):
        c.get(a.url)
    prof.disable()
    dinding, cpu = (time.perf_counter() - t0) / a.ulang, (time.process_time() - c0) / a.ulang
    waktu_sql = sum(kueri)
    print(f"{a.url} sebagai {a.pengguna}: {dinding * 1000:.0f} ms dinding, {cpu * 1000:.0f} ms CPU per permintaan (dengan cProfile)")
    print(f"  {len(kueri)} kueri, {waktu_sql * 1000:.0f} ms di basis data (satu permintaan tanpa cProfile)")
    keluar = io.StringIO()
    pstats.Stats(prof, stream=keluar).sort_stats("cumulative").print_stats(a.baris)
    print(keluar.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
