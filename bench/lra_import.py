"""Benchmark: a kabupaten-wide LRA (50 OPDs, ≥100.000 coded rows) imported end to end,
against a bare openpyxl read-only pass over the same file, in the same run.

    .venv/bin/python bench/lra_import.py [--opd 50] [--sub 200]

Writes the generated workbook and a throw-away SQLite database under bench/out/
(ignored by git). "End to end" = guard + read + checks + preview + write of every
OPD's sheet through ``anggaran.services.lra_import`` (one transaction per OPD, as
an operator would do it), including the pagu and its history.
Peak memory is Python's (tracemalloc) plus the process high-water mark (ru_maxrss).
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

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
        for judul in (["PEMERINTAH KABUPATEN LUMAJANG"], ["LAPORAN REALISASI ANGGARAN"], ["TAHUN ANGGARAN 2025"],
                      ["BAGIAN BULAN SEPTEMBER"], ["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"],
                      ["ORGANISASI", f": {kode_opd(o)} KECAMATAN {o:02d}"], []):
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
            for l in LEAF:
                body.append([f"{pre} 02 01 01 {l}", "Belanja Alat/Bahan", *leaf])
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


def bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
    return n


def setup_db(n_opd: int, n_sub: int):
    db = OUT / "bench.sqlite3"
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["LKJ_MEDIA_ROOT"] = str(OUT / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--opd", type=int, default=50)
    ap.add_argument("--sub", type=int, default=200)
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"lra-kabupaten-{args.opd}.xlsx"

    t = time.perf_counter()
    rows = generate(path, args.opd, args.sub)
    print(f"generated {path.name}: {args.opd} OPD sheets, {rows:,} coded rows, {path.stat().st_size / 2**20:.1f} MiB "
          f"in {time.perf_counter() - t:.1f} s")
    setup_db(args.opd, args.sub)

    t = time.perf_counter()
    n = bare_read(path)
    bare = time.perf_counter() - t
    print(f"bare openpyxl read-only pass: {n:,} rows in {bare:.2f} s")

    from django.conf import settings
    from django.db import connection, reset_queries

    from anggaran.lra import baca_lra_semua
    from anggaran.models import LraImport, RealisasiAnggaran
    from anggaran.services import lra_import
    from organisasi.models import PerangkatDaerah

    settings.DEBUG = False  # no query log
    trace = "--tracemalloc" in sys.argv  # tracemalloc slows Python code ~3x: time and trace in separate runs
    if trace:
        tracemalloc.start()
    t = time.perf_counter()
    isi = path.read_bytes()
    t_read = time.perf_counter()
    docs = baca_lra_semua(io.BytesIO(isi), nama_file=path.name)
    t_read = time.perf_counter() - t_read
    opds = {o.kode: o for o in PerangkatDaerah.objects.all()}
    for dok in docs:
        lra_import(opd=opds[dok.opd_kode], dokumen=dok, isi=isi, nama_file=path.name)
    total = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    warnings = sum(len(d.peringatan) for d in docs)
    print(f"import end to end: {len(docs)} OPDs, {sum(len(d.baris) for d in docs):,} coded rows read "
          f"(reader {t_read:.2f} s), {RealisasiAnggaran.objects.count():,} LRA lines (budget and realisation) "
          f"written, {LraImport.objects.count()} imports, {warnings} warnings, in {total:.2f} s")
    print(f"ratio import / bare read: {total / bare:.2f}x (goal <= 3x)")
    if trace:
        print(f"peak Python memory (tracemalloc): {peak / 2**20:.0f} MiB")
    print(f"process max RSS (whole run, ru_maxrss): {maxrss:.0f} MiB (goal < 500 MiB)")
    del connection, reset_queries


if __name__ == "__main__":
    main()
