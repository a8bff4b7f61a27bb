"""What the measurement cache saves a page: each page with the cache off (``LKJ_CACHE_PENGUKURAN=0``) and on.

    .venv/bin/python bench/cache_pengukuran.py [--ulang 5] [--permintaan 10]

Pages of the demo (TW III 2025): Kinerja Saya as a staff member (indah), the E.81 and the OPD's
report page as the camat (samsul), Beranda as the camat. Each repeat runs the cache off and on, each
in its own process on the same freshly loaded demo database, alternating so the machine's other load
falls on both alike. A page is asked once to warm (code, templates, and with the cache on the
quarter's measurement), then timed over ``--permintaan`` requests: wall and CPU per request, median
(min–max) over the repeats, and the queries of one request.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
OUT = AKAR / "bench" / "out"
sys.path[:0] = [str(AKAR / "bench")]

from _ukur import Waktu, sebaran  # noqa: E402

OPD = "7.01.0.00.0.00.21.0000"
HALAMAN = {
    "Kinerja Saya (staf)": ("indah", "/kinerja/?tahun=2025&triwulan=3"),
    "Formulir E.81 (camat)": ("samsul", f"/e81/?opd={OPD}&tahun=2025&triwulan=3"),
    "Laporan OPD (camat)": ("samsul", f"/tinjauan/laporan/{OPD}/2025/3/"),
    "Ikhtisar (camat)": ("samsul", f"/tinjauan/ikhtisar/{OPD}/2025/3/"),
    "Beranda (camat)": ("samsul", "/"),
}


def _ukur(db: Path, permintaan: int) -> dict:
    """Runs in the child process, with LKJ_CACHE_PENGUKURAN set by the parent."""
    sys.path.insert(0, str(AKAR))
    os.chdir(AKAR)
    baru = not db.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["LKJ_MEDIA_ROOT"] = str(db.with_suffix(".media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lkj.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    if baru:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    hasil = {}
    for nama, (user, url) in HALAMAN.items():
        klien = Client(HTTP_HOST="localhost")
        klien.force_login(get_user_model().objects.get(username=user))
        assert klien.get(url).status_code == 200, (nama, url)  # warm
        q: list[str] = []

        def hitung(execute, sql, *a, q=q):
            q.append(sql)
            return execute(sql, *a)

        with connection.execute_wrapper(hitung):
            klien.get(url)
        with Waktu() as w:
            for _ in range(permintaan):
                r = klien.get(url)
        assert r.status_code == 200
        hasil[nama] = [w.dinding / permintaan, w.cpu / permintaan, len(q)]
    return hasil


def _anak(db: Path, permintaan: int, ukuran: int) -> dict:
    env = {**os.environ, "LKJ_CACHE_PENGUKURAN": str(ukuran)}
    cmd = [sys.executable, __file__, "--anak", "--db", str(db), "--permintaan", str(permintaan)]
    keluar = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(keluar.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=5, help="repeats (default 5)")
    ap.add_argument("--permintaan", type=int, default=10, help="requests per page per repeat (default 10)")
    ap.add_argument("--anak", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.anak:
        print(json.dumps(_ukur(Path(args.db), args.permintaan)))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "cache-pengukuran.sqlite3"
    db.unlink(missing_ok=True)
    shutil.rmtree(db.with_suffix(".media"), ignore_errors=True)

    mati, hidup = [], []
    for i in range(args.ulang):
        mati.append(_anak(db, args.permintaan, 0))
        hidup.append(_anak(db, args.permintaan, 64))
        print(f"ulang {i + 1} selesai", flush=True)

    print(f"{'halaman':24} {'cache':6} {'dinding ms':>24} {'CPU ms':>24} {'kueri':>6}")
    for nama in HALAMAN:
        for label, hs in (("mati", mati), ("hidup", hidup)):
            ws = [Waktu(h[nama][0], h[nama][1]) for h in hs]
            d = sebaran([w.dinding for w in ws], 1, 1000)
            c = sebaran([w.cpu for w in ws], 1, 1000)
            print(f"{nama:24} {label:6} {d:>24} {c:>24} {hs[0][nama][2]:>6}")


if __name__ == "__main__":
    main()
