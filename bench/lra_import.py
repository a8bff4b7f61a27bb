"""Benchmark: a kabupaten-wide LRA (50 OPDs, ≥100.000 coded rows) imported end to end,
against a bare python-calamine read of the same file — the reader the app itself uses
(``anggaran.lra._muat_sheet``) — in the same run.

    .venv/bin/python bench/lra_import.py [--opd 50] [--sub 200] [--ulang 3] [--tracemalloc]
    .venv/bin/python bench/lra_import.py --opd 5 --sub 50          # quick run, ~10.000 rows

Writes the generated workbook and a throw-away SQLite database under bench/out/ (ignored by
git); ``DATABASE_URL`` is not read. Each repeat starts from the same freshly set-up database
(organisation and planning tree, no LRA yet), so every repeat writes everything again.

Measured, each ``--ulang`` times, wall seconds and CPU seconds side by side (the machine is shared):

* bare read — the file's bytes, ``CalamineWorkbook.from_filelike`` and ``to_python`` of every
  sheet, nothing else;
* import end to end — the file's bytes, ``baca_lra_semua`` (guard + read + checks), then
  ``anggaran.services.lra_import`` per OPD sheet (preview + write, one transaction per OPD, as an
  operator would do it), including each line's budget columns and the kept upload. The reader's
  share is printed apart, so reader / bare read is like for like.

Each figure is printed as median (min–max) over the repeats. Peak memory is the process high-water
mark (ru_maxrss), after the set-up and after the whole run; ``--tracemalloc`` adds Python's own peak, in separate repeats, since
tracing slows Python code ~3×.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sqlite3
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DB = OUT / "lra.sqlite3"
DB_AWAL = OUT / "lra-awal.sqlite3"
MEDIA = OUT / "media-lra"
sys.path.insert(0, str(ROOT))

from _ukur import Waktu, angka, ringkas, sebaran  # noqa: E402

LEAF = ["0026", "0029", "0031", "0052", "0053", "0061"]


def kode_opd(n: int) -> str:
    return f"7.01.0.00.0.00.{n:02d}.0000"


def generate(path: Path, n_opd: int, n_sub: int) -> int:
    """One sheet per OPD; every sum and ratio holds, so the checks run without warnings."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    rows_total = 0
    for o in range(1, n_opd + 1):
        ws = wb.create_sheet(f"OPD {o:02d}")
        org = f"7 01 7 01 {o:02d}"
        for judul in (
            ["PEMERINTAH KABUPATEN LUMAJANG"],
            ["LAPORAN REALISASI ANGGARAN"],
            ["TAHUN ANGGARAN 2025"],
            ["BAGIAN BULAN SEPTEMBER"],
            ["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"],
            ["ORGANISASI", f": {kode_opd(o)} KECAMATAN {o:02d}"],
            [],
        ):
            ws.append(judul)
        ws.append(["KODE REKENING", "URAIAN", "ANGGARAN", None, "REALISASI", None, None, "%", "SISA ANGGARAN"])
        ws.append([None, None, "SEBELUM PERUBAHAN", "SETELAH PERUBAHAN", "BULAN LALU", "BULAN INI", "S/D BULAN INI"])
        body = []
        leaf = (1000, 1200, 300, 200, 500)
        n_leaf = len(LEAF)
        per_sub = tuple(v * n_leaf for v in leaf)
        for s in range(n_sub):
            prog = f"{s // 40 + 1:02d}"
            keg = f"2.{s % 40 // 10 + 1:02d}"
            sub = f"{s % 10 + 1:04d}"
            pre = f"{org} {prog} {keg}.{sub} 5 1"
            body.append([pre, f"Sub kegiatan {prog}/{keg}/{sub}", *per_sub])
            for akun in ("02", "02 01", "02 01 01"):
                body.append([f"{pre} {akun}", "Belanja Barang dan Jasa", *per_sub])
            for leaf_kode in LEAF:
                body.append([f"{pre} 02 01 01 {leaf_kode}", "Belanja Alat/Bahan", *leaf])
        n_prog = (n_sub + 39) // 40
        tot = tuple(v * n_sub for v in per_sub)
        ws.append([f"{org} 00 00 5", "BELANJA DAERAH", *tot, "41,67", tot[1] - tot[4]])
        ws.append([f"{org} 00 00 5 1", "BELANJA OPERASI", *tot, "41,67", tot[1] - tot[4]])
        for p in range(1, n_prog + 1):
            subs_p = min(40, n_sub - (p - 1) * 40)
            pv = tuple(v * subs_p for v in per_sub)
            ws.append([f"{org} {p:02d} 00 5 1", f"PROGRAM {p:02d}", *pv, "41,67", pv[1] - pv[4]])
            for r in body[(p - 1) * 40 * 10 : p * 40 * 10]:
                ws.append([*r, "41,67", r[3] - r[6]])
        ws.append([None, "Jumlah Belanja", *tot])
        rows_total += 2 + n_prog + len(body)
    wb.save(path)
    return rows_total


def bare_read(path: Path) -> tuple[Waktu, int]:
    """What any import must pay at least: the bytes and every cell of every sheet, as calamine gives them."""
    from python_calamine import CalamineWorkbook

    n = 0
    with Waktu() as w:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        for judul in wb.sheet_names:
            n += len(wb.get_sheet_by_name(judul).to_python(skip_empty_area=False))
        wb.close()
    return w, n


def setup_db(n_opd: int, n_sub: int):
    """Organisation and planning tree for every OPD of the workbook, kept as the starting copy ``DB_AWAL``."""
    for p in (DB, DB_AWAL):
        p.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["LKJ_MEDIA_ROOT"] = str(MEDIA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log, as in production
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from organisasi.models import Pemda, PerangkatDaerah
    from renja.models import Kegiatan, Program, SubKegiatan

    pemda = Pemda.objects.create(kode="3508", nama="Kabupaten Lumajang", ibukota="Lumajang")
    for o in range(1, n_opd + 1):
        opd = PerangkatDaerah.objects.create(pemda=pemda, kode=kode_opd(o), kode_urusan="7.01", nama=f"Kecamatan {o:02d}")
        progs, kegs, subs = {}, {}, []
        for s in range(n_sub):
            prog, keg, sub = f"{s // 40 + 1:02d}", f"2.{s % 40 // 10 + 1:02d}", f"{s % 10 + 1:04d}"
            if prog not in progs:
                progs[prog] = Program.objects.create(opd=opd, tahun=2025, kode=prog, nama=f"Program {prog}")
            if (prog, keg) not in kegs:
                kegs[(prog, keg)] = Kegiatan.objects.create(program=progs[prog], kode=keg, nama=f"Kegiatan {keg}")
            subs.append(SubKegiatan(kegiatan=kegs[(prog, keg)], kode=sub, nama=f"Sub {sub}"))
        SubKegiatan.objects.bulk_create(subs)
    _salin(DB, DB_AWAL)


def _salin(dari: Path, ke: Path):
    """Copy a SQLite database with its online backup API (safe in WAL mode), Django's connection closed."""
    from django.db import connection

    connection.close()
    src, dst = sqlite3.connect(dari), sqlite3.connect(ke)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def import_ujung_ke_ujung(path: Path, trace: bool):
    """One whole import into a fresh copy of the starting database: (total, reader, docs, peak)."""
    from anggaran.lra import baca_lra_semua
    from anggaran.services import lra_import
    from organisasi.models import PerangkatDaerah

    _salin(DB_AWAL, DB)
    shutil.rmtree(MEDIA, ignore_errors=True)
    opds = {o.kode: o for o in PerangkatDaerah.objects.all()}
    if trace:
        tracemalloc.start()
    with Waktu() as total:
        isi = path.read_bytes()
        with Waktu() as baca:
            docs = baca_lra_semua(io.BytesIO(isi), nama_file=path.name)
        for dok in docs:
            lra_import(opd=opds[dok.opd_kode], dokumen=dok, isi=isi, nama_file=path.name)
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return total, baca, docs, peak


def _maxrss() -> float:
    """The process high-water mark so far, MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--opd", type=int, default=50, help="OPD sheets in the workbook (default 50)")
    ap.add_argument("--sub", type=int, default=200, help="sub kegiatan per OPD, 10 coded rows each (default 200)")
    ap.add_argument("--ulang", type=int, default=3, help="repeats of the bare read and the import (default 3)")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations, in extra repeats (slower)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"lra-kabupaten-{args.opd}x{args.sub}.xlsx"

    t = time.perf_counter()
    rows = generate(path, args.opd, args.sub)
    print(
        f"Berkas {path.name}: {args.opd} sheet OPD, {angka(rows, 0)} baris berkode, "
        f"{angka(path.stat().st_size / 2**20, 1)} MiB, dibuat dalam {angka(time.perf_counter() - t, 1)} s",
        flush=True,
    )
    t = time.perf_counter()
    setup_db(args.opd, args.sub)
    print(f"Basis data awal (organisasi dan renja): {angka(time.perf_counter() - t, 1)} s", flush=True)

    from anggaran.models import LraImport, RealisasiAnggaran

    rss_persiapan = _maxrss()  # generating the workbook and the database count towards the high-water mark too
    bare, imp, baca, rasio, rasio_baca = [], [], [], [], []
    for u in range(args.ulang):
        # Bare read and import alternate, so both see the same neighbours on the machine.
        w_bare, n_bare = bare_read(path)
        w_imp, w_baca, docs, _ = import_ujung_ke_ujung(path, trace=False)
        bare.append(w_bare)
        imp.append(w_imp)
        baca.append(w_baca)
        rasio.append((w_imp.dinding / w_bare.dinding, w_imp.cpu / w_bare.cpu))
        rasio_baca.append((w_baca.dinding / w_bare.dinding, w_baca.cpu / w_bare.cpu))
        print(
            f"  ulang {u + 1}/{args.ulang}: baca polos dinding {angka(w_bare.dinding)} s, CPU {angka(w_bare.cpu)} s; "
            f"impor dinding {angka(w_imp.dinding)} s, CPU {angka(w_imp.cpu)} s",
            flush=True,
        )
    n_baris = sum(len(d.baris) for d in docs)
    n_realisasi, n_impor = RealisasiAnggaran.objects.count(), LraImport.objects.count()
    peringatan = sum(len(d.peringatan) for d in docs)

    peaks = []
    if args.tracemalloc:
        for _ in range(args.ulang):
            peaks.append(import_ujung_ke_ujung(path, trace=True)[3])

    n = args.ulang
    print()
    print(f"Baca polos python-calamine ({n}×; median (min–max)): {angka(n_bare, 0)} baris — {ringkas(bare)}")
    print(
        f"Impor ujung ke ujung ({n}×): {len(docs)} OPD, {angka(n_baris, 0)} baris berkode dibaca, "
        f"{angka(n_realisasi, 0)} baris LRA (anggaran dan realisasi) ditulis, {n_impor} impor, "
        f"{peringatan} peringatan — {ringkas(imp)}"
    )
    print(f"  di antaranya pembaca (baca_lra_semua): {ringkas(baca)}")
    print(f"Rasio impor / baca polos: dinding {sebaran([r[0] for r in rasio])}×, CPU {sebaran([r[1] for r in rasio])}× (tujuan ≤ 3×)")
    print(f"Rasio pembaca / baca polos: dinding {sebaran([r[0] for r in rasio_baca])}×, CPU {sebaran([r[1] for r in rasio_baca])}×")
    print(
        f"Baris berkode per detik, impor: {sebaran([n_baris / w.dinding for w in imp], 0)} (dinding), "
        f"{sebaran([n_baris / w.cpu for w in imp], 0)} (CPU)"
    )
    if peaks:
        print(f"Puncak memori Python (tracemalloc, {len(peaks)}×): {sebaran([p / 2**20 for p in peaks], 0)} MiB")
    print(
        f"Puncak memori proses (ru_maxrss): {angka(rss_persiapan, 0)} MiB setelah persiapan (berkas + basis data), "
        f"{angka(_maxrss(), 0)} MiB setelah seluruh jalannya (tujuan < 500 MiB)"
    )


if __name__ == "__main__":
    main()
