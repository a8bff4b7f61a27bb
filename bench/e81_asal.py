"""What "Asal angka" costs the E.81 page: the page now against the page of an earlier revision.

    .venv/bin/python bench/e81_asal.py [--acuan eb34627] [--ulang 5] [--permintaan 10]

Every figure of the page became a button that loads its explanation on demand, and the measurement
records each figure's operands while it computes it. This times the E.81 page (demo, TW III 2025, the
camat logged in, no explanation open) as served by this tree and by the reference revision
(``git archive`` into ``bench/out/``), each in its own process on its own freshly loaded demo database,
alternating the two so the machine's other load falls on both alike. Printed: the time per request,
wall and CPU, median (min–max) over the repeats, and the ratio now ÷ reference per repeat. One
explanation opened (the fragment the button loads) is timed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
OUT = AKAR / "bench" / "out"
sys.path[:0] = [str(AKAR / "bench")]

from _ukur import Waktu, angka, sebaran  # noqa: E402

URL_E81 = "/e81/?opd=7.01.0.00.0.00.21.0000&tahun=2025&triwulan=3"


def _ukur(akar: Path, db: Path, permintaan: int, panel: bool) -> dict:
    """Runs in the child process: the app of ``akar`` on ``db`` (migrated and loaded when missing)."""
    sys.path.insert(0, str(akar))
    os.chdir(akar)
    baru = not db.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["LKJ_MEDIA_ROOT"] = str(db.with_suffix(".media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lkj.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    if baru:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    klien = Client(HTTP_HOST="localhost")
    klien.force_login(get_user_model().objects.get(username="samsul"))
    assert klien.get(URL_E81).status_code == 200  # warm: templates, code, database cache
    hasil = {}
    with Waktu() as w:
        for _ in range(permintaan):
            r = klien.get(URL_E81)
    assert r.status_code == 200
    hasil["halaman"] = [w.dinding / permintaan, w.cpu / permintaan, len(r.content)]
    if panel:
        html = r.content.decode()
        awal = html.index('hx-get="') + len('hx-get="')
        url = html[awal : html.index('"', awal)].replace("&amp;", "&")
        assert klien.get(url).status_code == 200
        with Waktu() as w:
            for _ in range(permintaan):
                r = klien.get(url)
        assert r.status_code == 200
        hasil["panel"] = [w.dinding / permintaan, w.cpu / permintaan, len(r.content)]
    return hasil


def _anak(akar: Path, db: Path, permintaan: int, panel: bool) -> dict:
    cmd = [sys.executable, __file__, "--anak", str(akar), "--db", str(db), "--permintaan", str(permintaan)]
    if panel:
        cmd.append("--panel")
    keluar = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(keluar.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--acuan", default="eb34627", help="the revision whose E.81 page is the reference (default eb34627)")
    ap.add_argument("--ulang", type=int, default=5, help="repeats (default 5)")
    ap.add_argument("--permintaan", type=int, default=10, help="requests per repeat (default 10)")
    ap.add_argument("--anak", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--panel", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.anak:
        print(json.dumps(_ukur(Path(args.anak), Path(args.db), args.permintaan, args.panel)))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    acuan = OUT / f"acuan-{args.acuan}"
    if not acuan.exists():
        arsip = subprocess.run(["git", "-C", str(AKAR), "archive", args.acuan], check=True, capture_output=True).stdout
        acuan.mkdir()
        subprocess.run(["tar", "-x", "-C", str(acuan)], input=arsip, check=True)
    db_acuan, db_kini = OUT / "e81-acuan.sqlite3", OUT / "e81-kini.sqlite3"
    for db in (db_acuan, db_kini):  # a fresh demo for each, migrated by its own code
        db.unlink(missing_ok=True)
        shutil.rmtree(db.with_suffix(".media"), ignore_errors=True)

    kini, lama, panel = [], [], []
    for i in range(args.ulang):
        a = _anak(acuan, db_acuan, args.permintaan, False)
        b = _anak(AKAR, db_kini, args.permintaan, True)
        lama.append(Waktu(*a["halaman"][:2]))
        kini.append(Waktu(*b["halaman"][:2]))
        panel.append(Waktu(*b["panel"][:2]))
        print(f"ulang {i + 1}: acuan {angka(a['halaman'][1] * 1000, 1)} ms CPU, kini {angka(b['halaman'][1] * 1000, 1)} ms CPU", flush=True)

    def ms(ws, attr):
        return sebaran([getattr(w, attr) for w in ws], 1, 1000)

    print(f"Halaman E.81 acuan ({args.acuan}): dinding {ms(lama, 'dinding')} ms, CPU {ms(lama, 'cpu')} ms per permintaan")
    print(f"Halaman E.81 kini: dinding {ms(kini, 'dinding')} ms, CPU {ms(kini, 'cpu')} ms per permintaan")
    print(f"Satu asal angka dibuka: dinding {ms(panel, 'dinding')} ms, CPU {ms(panel, 'cpu')} ms per permintaan")
    rasio_cpu = [k.cpu / a.cpu for k, a in zip(kini, lama)]
    rasio_dinding = [k.dinding / a.dinding for k, a in zip(kini, lama)]
    print(
        f"Rasio kini ÷ acuan: CPU {sebaran(rasio_cpu, 2)}, dinding {sebaran(rasio_dinding, 2)} (median {angka(statistics.median(rasio_cpu), 2)})"
    )
    print(f"Ukuran halaman: acuan {angka(a['halaman'][2] / 1024, 0)} KiB, kini {angka(b['halaman'][2] / 1024, 0)} KiB")


if __name__ == "__main__":
    main()
