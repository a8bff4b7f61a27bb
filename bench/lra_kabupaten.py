"""Benchmark: a kabupaten-wide LRA — many OPDs in one sheet, as one SIPD export — split by
organisation code and imported per OPD, database writes included, against a bare python-calamine
read of the same file, in the same run.

    .venv/bin/python bench/lra_kabupaten.py [--opd 68] [--ulang 5]
    DATABASE_URL=postgres://… .venv/bin/python bench/lra_kabupaten.py --db-env   # a throw-away PostgreSQL

The file is built from the demo's own LRA (Kedungjajang, September 2025: 292 coded rows, 31 sub
kegiatan): one sheet, the title once, then per OPD its URUSAN and ORGANISASI lines, the table header
and its rows, with a distinct SIPD code, organisation segment and amounts (the demo's times 1…5, so
every sum and ratio still holds). 68 OPDs give 19.856 coded rows, about a whole kabupaten.

The OPDs are made here (a minimal copy: the demo loaded through the real loader, then each new OPD
gets a copy of the demo's 2025 planning tree, program → kegiatan → sub kegiatan), in a fresh SQLite
database under bench/out/ or, with ``--db-env``, in the database ``DATABASE_URL`` names (it must be a
throw-away one: it is migrated and filled). Before every repeat the imports of the previous one are
removed, so each repeat writes everything again.

Measured, ``--ulang`` times, alternating, wall and CPU seconds side by side:

* bare read — the file's bytes, ``CalamineWorkbook.from_filelike`` and ``to_python`` of every sheet;
* import — the file's bytes, ``baca_lra_semua`` (guard, read, split by OPD, checks), then
  ``lra_import_kabupaten`` (every OPD's preview, the locks, the import rows, the kept file, every
  kode rekening line written, one transaction); the reader's share is printed apart.

Goal: import ≤ 5× the bare read. Printed as median (min–max) over the repeats.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DB = OUT / "lra-kabupaten.sqlite3"
MEDIA = OUT / "media-lra-kabupaten"
DEMO_LRA = ROOT / "fixtures" / "demo" / "lra-2025-09-kedungjajang.xlsx"
sys.path.insert(0, str(ROOT))

from _ukur import Waktu, angka, ringkas, sebaran  # noqa: E402

SEGMEN_DEMO = "7 01 7 01 00"


def kode_opd(n: int) -> str:
    return f"7.01.0.00.0.00.{n:02d}.{n // 100:04d}"


def nomor_opd(n_opd: int) -> list[int]:
    """Distinct SIPD numbers for the generated OPDs, beside the demo's own 21."""
    return [n for n in range(1, n_opd + 2) if n != 21][:n_opd]


def generate(path: Path, n_opd: int, opd: list[tuple[str, str]] | None = None) -> int:
    """One sheet with every OPD's part; returns the number of coded rows. ``opd``: (SIPD code, name) of
    existing OPDs to write instead of the generated ones (e.g. those of ``manage.py demo --kabupaten``)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    wb_demo = CalamineWorkbook.from_path(str(DEMO_LRA))
    rows = wb_demo.get_sheet_by_name(wb_demo.sheet_names[0]).to_python(skip_empty_area=False)
    judul = next(i for i, r in enumerate(rows) if str(r[0]).strip().upper() == "KODE REKENING")
    kepala_tabel = rows[judul : judul + 3]
    data = [r for r in rows[judul + 3 :] if str(r[0]).startswith(SEGMEN_DEMO)]
    penutup = [r for r in rows[judul + 3 :] if not str(r[0]).strip() and any(str(v).strip() for v in r)]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Laporan")
    for r in rows[:5]:  # PEMERINTAH …, LAPORAN …, TAHUN ANGGARAN 2025, BAGIAN BULAN SEPTEMBER, blank
        ws.append(list(r))
    n_baris = 0
    daftar = opd or [(kode_opd(n), f"KECAMATAN BENCH {n:02d}") for n in nomor_opd(n_opd)]
    for n, (kode, nama) in enumerate(daftar, start=1):
        kali = 1 + n % 5
        segmen = f"7 01 7 01 {n:02d}"
        ws.append(["URUSAN PEMERINTAHAN", ": 7.01 KECAMATAN"])
        ws.append(["ORGANISASI", f": {kode} {nama}"])
        ws.append([])
        for r in kepala_tabel:
            ws.append(list(r))
        for r in data:
            uang = [int(v) * kali if isinstance(v, (int, float)) else v for v in r[2:7]]
            sisa = r[8] * kali if isinstance(r[8], (int, float)) else r[8]
            ws.append([segmen + r[0][len(SEGMEN_DEMO) :], r[1], *uang, r[7], sisa])
            n_baris += 1
        for r in penutup:
            ws.append(list(r))
        ws.append([])
    wb.save(path)
    return n_baris


def siapkan(db_env: bool, n_opd: int, baru: bool):
    """Migrate, load the demo through its loader, copy its 2025 planning tree into each new OPD
    (each step skipped when already done, so a second run reuses the database unless ``baru``)."""
    if not db_env:
        if baru:
            DB.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["LKJ_MEDIA_ROOT"] = str(MEDIA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log, as in production
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from lkj.demo import demo_muat
    from organisasi import kunci
    from organisasi.models import PerangkatDaerah
    from renja.models import Kegiatan, Program, SubKegiatan

    call_command("migrate", verbosity=0)
    demo = demo_muat()  # idempotent: a second load writes nothing
    asal = demo["opd"]
    with transaction.atomic(), kunci.sekaligus():
        for n in nomor_opd(n_opd):
            opd, _ = PerangkatDaerah.objects.get_or_create(
                kode=kode_opd(n), defaults={"pemda": asal.pemda, "kode_urusan": "7.01", "nama": f"Kecamatan Bench {n:02d}"}
            )
            if Program.objects.filter(opd=opd, tahun=2025).exists():
                continue
            for prog in Program.objects.filter(opd=asal, tahun=2025).prefetch_related("kegiatan__sub_kegiatan"):
                p = Program.objects.create(opd=opd, tahun=2025, kode=prog.kode, nama=prog.nama)
                for keg in prog.kegiatan.all():
                    k = Kegiatan.objects.create(program=p, kode=keg.kode, nama=keg.nama)
                    SubKegiatan.objects.bulk_create(SubKegiatan(kegiatan=k, kode=s.kode, nama=s.nama) for s in keg.sub_kegiatan.all())
    return asal.pemda


def bersihkan_impor(pemda):
    """Remove what the previous repeat imported (bench OPDs only), below the app: not timed."""
    from django.db import connection, transaction

    from anggaran.models import LraImport, RealisasiAnggaran

    with transaction.atomic(), connection.cursor() as c:
        ids = list(LraImport.objects.filter(opd__pemda=pemda).exclude(opd__kode="7.01.0.00.0.00.21.0000").values_list("pk", flat=True))
        if ids:
            tanda = ", ".join(["%s"] * len(ids))
            c.execute(f"DELETE FROM {RealisasiAnggaran._meta.db_table} WHERE lra_import_id IN ({tanda})", ids)
            c.execute(f"DELETE FROM {LraImport._meta.db_table} WHERE id IN ({tanda})", ids)


def bare_read(path: Path) -> tuple[Waktu, int]:
    from python_calamine import CalamineWorkbook

    n = 0
    with Waktu() as w:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        for judul in wb.sheet_names:
            n += len(wb.get_sheet_by_name(judul).to_python(skip_empty_area=False))
        wb.close()
    return w, n


class Hitung:
    """Counts the queries a block sends (connection.execute_wrapper; nothing is logged)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def impor(path: Path, pemda):
    from django.db import connection

    from anggaran.lra import baca_lra_semua
    from anggaran.services import lra_import_kabupaten

    bersihkan_impor(pemda)
    hitung = Hitung()
    with connection.execute_wrapper(hitung), Waktu() as total:
        isi = path.read_bytes()
        with Waktu() as baca:
            docs = baca_lra_semua(io.BytesIO(isi), nama_file=path.name)
        hasil = lra_import_kabupaten(pemda=pemda, dokumen=docs, isi=isi, nama_file=path.name)
    return total, baca, docs, hasil, hitung.n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--opd", type=int, default=68, help="OPDs in the file (default 68: 19.856 coded rows)")
    ap.add_argument("--ulang", type=int, default=5, help="repeats of the bare read and the import (default 5)")
    ap.add_argument("--db-env", action="store_true", help="use the throw-away database DATABASE_URL names instead of SQLite")
    ap.add_argument("--baru", action="store_true", help="rebuild the SQLite database from scratch")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"lra-kabupaten-{args.opd}-opd.xlsx"

    t = time.perf_counter()
    n_kode = generate(path, args.opd)
    print(
        f"Berkas {path.name}: 1 sheet, {args.opd} OPD, {angka(n_kode, 0)} baris berkode, "
        f"{angka(path.stat().st_size / 2**20, 1)} MiB, dibuat dalam {angka(time.perf_counter() - t, 1)} s",
        flush=True,
    )
    t = time.perf_counter()
    pemda = siapkan(args.db_env, args.opd, args.baru)
    from django.db import connection

    print(f"Basis data ({connection.vendor}): demo dan {args.opd} OPD disiapkan dalam {angka(time.perf_counter() - t, 1)} s", flush=True)

    from anggaran.models import RealisasiAnggaran

    bare, imp, baca, rasio, rasio_baca = [], [], [], [], []
    for u in range(args.ulang):
        w_bare, n_bare = bare_read(path)
        w_imp, w_baca, docs, hasil, n_query = impor(path, pemda)
        bare.append(w_bare)
        imp.append(w_imp)
        baca.append(w_baca)
        rasio.append((w_imp.dinding / w_bare.dinding, w_imp.cpu / w_bare.cpu))
        rasio_baca.append((w_baca.dinding / w_bare.dinding, w_baca.cpu / w_bare.cpu))
        print(
            f"  ulang {u + 1}/{args.ulang}: baca polos dinding {angka(w_bare.dinding)} s, CPU {angka(w_bare.cpu)} s; "
            f"impor dinding {angka(w_imp.dinding)} s, CPU {angka(w_imp.cpu)} s, {n_query} kueri",
            flush=True,
        )
    n_baris = sum(len(d.baris) for d in docs)
    n_tulis = RealisasiAnggaran.objects.filter(lra_import__in=hasil).count()
    total = sum((Decimal(i.ringkasan["realisasi_sd"]) for i in hasil), Decimal(0))
    n = args.ulang
    print()
    print(f"Baca polos python-calamine ({n}×; median (min–max)): {angka(n_bare, 0)} baris — {ringkas(bare)}")
    print(
        f"Impor LRA kabupaten ({n}×): {len(hasil)} OPD, {angka(n_baris, 0)} baris berkode dibaca, "
        f"{angka(n_tulis, 0)} baris rekening ditulis, realisasi s/d Rp{angka(float(total), 0)}, {n_query} kueri — {ringkas(imp)}"
    )
    print(f"  di antaranya pembaca (baca_lra_semua): {ringkas(baca)}")
    print(f"Rasio impor / baca polos: dinding {sebaran([r[0] for r in rasio])}×, CPU {sebaran([r[1] for r in rasio])}× (tujuan ≤ 5×)")
    print(f"Rasio pembaca / baca polos: dinding {sebaran([r[0] for r in rasio_baca])}×, CPU {sebaran([r[1] for r in rasio_baca])}×")


if __name__ == "__main__":
    main()
