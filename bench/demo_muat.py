"""What the guard below every writer costs: the demo load, every row through the real importers and saves.

    .venv/bin/python bench/demo_muat.py [--ulang 3]

Every write of a printed row passes ``organisasi.kunci`` (the signed-quarter check and the data stamp
that tells the document cache a figure may have moved). This loads the Kedungjajang demo into a fresh,
migrated SQLite database ``--ulang`` times and prints the wall and CPU time and the number of queries,
split into the guard's own (the OPD row lock, the freezes read — signed and under review —, the stamp moved)
and the rest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
OUT = AKAR / "bench" / "out"
sys.path[:0] = [str(AKAR), str(AKAR / "bench")]

from _ukur import Waktu, angka, ringkas, sebaran  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=3, help="repeats (default 3)")
    args = ap.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    kosong, db = OUT / "demo-kosong.sqlite3", OUT / "demo.sqlite3"
    kosong.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("LKJ_MEDIA_ROOT", str(OUT / "media-demo"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lkj.demo import demo_muat

    db.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    connection.close()
    shutil.copyfile(db, kosong)  # the connection is closed, so the log is checkpointed into the file

    waktu, kueri, penjaga = [], [], []
    for _ in range(args.ulang):
        connection.close()
        for sisa in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            sisa.unlink(missing_ok=True)  # the previous repeat's write-ahead log would replay into the copy
        shutil.copyfile(kosong, db)
        connection.queries_log.clear()  # it keeps the last 9.000 queries: counted per repeat
        with CaptureQueriesContext(connection) as q, Waktu() as w:
            demo_muat()
        waktu.append(w)
        kueri.append(len(q.captured_queries))
        penjaga.append(
            sum(
                1
                for x in q.captured_queries
                if '"organisasi_versidata"' in x["sql"]
                or '"organisasi_triwulanterkunci"' in x["sql"]
                or '"organisasi_laporanditinjau"' in x["sql"]
                or ('"organisasi_perangkatdaerah"' in x["sql"] and "FOR UPDATE" in x["sql"].upper())
            )
        )
    print(f"Muat demo ({args.ulang}×): {ringkas(waktu)}")
    print(f"Kueri: {sebaran(kueri, 0)}, di antaranya penjaga (kunci + stempel): {sebaran(penjaga, 0)}")
    print(f"Basis data: SQLite {angka(db.stat().st_size / 2**20, 1)} MiB")


if __name__ == "__main__":
    main()
