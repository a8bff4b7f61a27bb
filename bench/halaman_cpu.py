#!/usr/bin/env python3
"""CPU per page of the load mix, in-process: each user's five pages (Beranda, Kinerja Saya, the entry
page, the report page, the E.81) found by following the app's links as ``beban.py`` does, each served
``--ulang`` times by Django's test client; prints the CPU milliseconds per request (median of
``--putaran`` rounds) and the queries of one request. No HTTP server and no PostgreSQL process: the
Python of the pages alone, the part the web workers spend.

    DATABASE_URL=sqlite:///…kabupaten.sqlite3 .venv/bin/python bench/halaman_cpu.py samsul05 bambang05 dhian05 indah05

Reads only, besides the session rows its logins write.
"""

from __future__ import annotations

import argparse
import os
import statistics
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

from bench.beban import halaman_pengguna  # noqa: E402  (the load generator's own way to find a user's pages)


def halaman(c: Client) -> dict[str, str]:
    return {"beranda": "/", **halaman_pengguna(lambda path: c.get(path).content)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pengguna", nargs="+")
    ap.add_argument("--ulang", type=int, default=10)
    ap.add_argument("--putaran", type=int, default=3)
    a = ap.parse_args()
    total = []
    for nama in a.pengguna:
        c = Client()
        c.force_login(get_user_model().objects.get(username=nama))
        for jenis, url in halaman(c).items():
            r = c.get(url)
            assert r.status_code == 200, (nama, url, r.status_code)
            n0 = len(connection.queries_log)
            connection.force_debug_cursor = True
            c.get(url)
            connection.force_debug_cursor = False
            kueri = len(connection.queries_log) - n0
            putaran = []
            for _ in range(a.putaran):
                t = time.process_time()
                for _ in range(a.ulang):
                    c.get(url)
                putaran.append((time.process_time() - t) * 1000 / a.ulang)
            ms = statistics.median(putaran)
            total.append(ms)
            print(f"{nama:12} {jenis:12} {ms:7.1f} ms CPU ({min(putaran):.1f}–{max(putaran):.1f})  {kueri:3d} kueri")
    print(f"rata-rata {statistics.mean(total):.1f} ms CPU per halaman ({len(total)} halaman)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
