"""The whole kabupaten's quarter through the background workers: "cetak seluruh kabupaten" from start to drained queue.

    .venv/bin/python bench/render_kabupaten.py --opd 10 [--pekerja 2]
    DATABASE_URL=postgres://… .venv/bin/python bench/render_kabupaten.py --opd 20 --db-env   # a throw-away PostgreSQL

Setup (not timed): a fresh SQLite database ``bench/out/kabupaten-<N>.sqlite3`` (or, with ``--db-env``, the
database of ``DATABASE_URL`` as it is: use a throw-away one), ``manage.py migrate`` and ``manage.py demo
--kabupaten N`` (Kedungjajang and N − 1 synthetic OPDs, through the real loaders). The loaded SQLite file is kept
as ``…-muat.sqlite3`` and copied back on the next run with the same N (``--baru`` loads again). Files go under
``bench/out/media-kabupaten``.

Timed: the printing of TW III 2025 for the pemda (``lkj.rekap.cetak.cetak_mulai``, as the recap's button does)
until every document is ready or failed, with ``--pekerja`` processes of ``manage.py pekerja`` (django-tasks'
``db_worker``) started beside it. Printed: wall from the start to the drained queue; the CPU of the workers'
process trees (each worker and the PDF renderers it forks, from ``getrusage(RUSAGE_CHILDREN)`` once they have
exited); documents ready and failed; per kind of document the count, and the CPU and wall per document from
the workers' own log lines (``Dokumen selesai dibuat``: ``cpu`` is the worker's and its renderer's CPU over
that render). What is left over — workers' CPU outside the renders — is the per-OPD preparation jobs
(``dokumen_siapkan`` builds each document's HTML to hash it) and the queue itself.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = str(ROOT / ".venv" / "bin" / "python")
sys.path.insert(0, str(ROOT))

from _ukur import angka  # noqa: E402

TAHUN, TRIWULAN = 2025, 3


def _cpu_anak() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _manage(*args, env):
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def siapkan(args) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "lkj.settings.dev")
    env["DJANGO_DEBUG"] = "0"
    env["LKJ_MEDIA_ROOT"] = str(OUT / "media-kabupaten")
    shutil.rmtree(env["LKJ_MEDIA_ROOT"], ignore_errors=True)
    if not args.db_env:
        db, muat = OUT / f"kabupaten-{args.opd}.sqlite3", OUT / f"kabupaten-{args.opd}-muat.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{db}"
        if muat.exists() and not args.baru:
            shutil.copyfile(muat, db)
            print(f"Basis data: salinan {muat.name} (demo --kabupaten {args.opd} sudah dimuat)", flush=True)
            return env
        db.unlink(missing_ok=True)
    t = time.perf_counter()
    _manage("migrate", "-v", "0", env=env)
    _manage("demo", "--kabupaten", str(args.opd), env=env)
    print(f"Basis data dimuat (demo --kabupaten {args.opd}) dalam {angka(time.perf_counter() - t, 0)} s", flush=True)
    if not args.db_env:
        shutil.copyfile(db, muat)
    return env


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--opd", type=int, default=10, help="OPDs of the synthetic kabupaten (default 10)")
    ap.add_argument("--pekerja", type=int, default=os.cpu_count() or 2, help="worker processes (default: the cores)")
    ap.add_argument("--db-env", action="store_true", help="use DATABASE_URL as it is instead of a fresh SQLite")
    ap.add_argument("--baru", action="store_true", help="load the kabupaten again even if a loaded copy is kept")
    args = ap.parse_args()
    env = siapkan(args)
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from lkj.dokumen.models import DokumenRender
    from lkj.rekap import cetak
    from organisasi.models import PerangkatDaerah

    pemda = PerangkatDaerah.objects.select_related("pemda").get(kode="7.01.0.00.0.00.21.0000").pemda
    n_opd = PerangkatDaerah.objects.filter(pemda=pemda).count()
    log_dir = OUT / "pekerja-log"
    log_dir.mkdir(exist_ok=True)

    cpu0, t0 = _cpu_anak(), time.perf_counter()
    # started as the pemda's administrator would (the demo's adminpemda), not around the service's own check
    c = cetak.cetak_mulai(pemda, TAHUN, TRIWULAN, get_user_model().objects.get(username="adminpemda"))
    pekerja = []
    for i in range(args.pekerja):
        berkas = open(log_dir / f"pekerja-{i}.log", "w")
        p = subprocess.Popen(
            [PY, str(ROOT / "manage.py"), "pekerja", "--no-startup-delay", "--worker-id", f"bench-{i}", "--interval", "0.5"],
            env=env,
            cwd=ROOT,
            stdout=berkas,
            stderr=subprocess.STDOUT,
        )
        pekerja.append((p, berkas))
    terakhir = 0.0
    while True:
        time.sleep(2)
        km = cetak.kemajuan(c)
        if time.perf_counter() - terakhir > 30:
            terakhir = time.perf_counter()
            print(
                f"  {angka(time.perf_counter() - t0, 0)} s: {km.siap} dari {km.jumlah} siap, {km.gagal} gagal, "
                f"{km.disiapkan}/{len(km.bagian)} OPD disiapkan",
                flush=True,
            )
        if km.selesai:
            break
        if any(p.poll() is not None for p, _ in pekerja):
            raise SystemExit("Seorang pekerja berhenti sebelum antrean habis; lihat bench/out/pekerja-log/")
    dinding = time.perf_counter() - t0
    for p, _ in pekerja:
        p.send_signal(signal.SIGTERM)
    for p, berkas in pekerja:
        p.wait(60)
        berkas.close()
    cpu = _cpu_anak() - cpu0

    per_jenis = defaultdict(list)
    for p in log_dir.glob("pekerja-*.log"):
        for baris in p.read_text().splitlines():
            if baris.startswith("{") and '"Dokumen selesai dibuat"' in baris:
                d = json.loads(baris)
                if d.get("cpu") is not None:
                    per_jenis[d["jenis"]].append((d["cpu"], d["detik"], d.get("halaman") or 0))
    km = cetak.kemajuan(c)
    dirender = sum(len(v) for v in per_jenis.values())
    cpu_render = sum(x[0] for v in per_jenis.values() for x in v)
    print()
    print(
        f"Cetak seluruh kabupaten, {n_opd} perangkat daerah, TW III {TAHUN}, {args.pekerja} pekerja, "
        f"{'PostgreSQL' if 'postgres' in env['DATABASE_URL'] else 'SQLite'}, {os.cpu_count()} inti"
    )
    print(f"  dokumen: {km.jumlah} ({km.siap} siap, {km.gagal} gagal, {km.dipakai_ulang} dipakai ulang, {dirender} dirender)")
    print(f"  dinding: {angka(dinding, 1)} s ({angka(dinding / 60, 1)} menit)")
    print(
        f"  CPU pekerja (pohon proses): {angka(cpu, 1)} s; di dalam render {angka(cpu_render, 1)} s, sisanya {angka(cpu - cpu_render, 1)} s"
    )
    print(f"  per dokumen: dinding {angka(dinding / max(km.jumlah, 1), 2)} s, CPU {angka(cpu / max(km.jumlah, 1), 2)} s")
    print("  per jenis (CPU dan dinding per dokumen di dalam render: median (min–max); halaman rata-rata):")
    for jenis, v in sorted(per_jenis.items()):
        cpus, walls = [x[0] for x in v], [x[1] for x in v]
        print(
            f"    {DokumenRender.Jenis(jenis).label}: {len(v)} dokumen, CPU {angka(statistics.median(cpus))} "
            f"({angka(min(cpus))}–{angka(max(cpus))}) s, dinding {angka(statistics.median(walls))} s, "
            f"{angka(statistics.mean(x[2] for x in v), 1)} halaman; jumlah CPU {angka(sum(cpus), 1)} s"
        )
    for g in km.gagal_daftar[:10]:
        print(f"  gagal: {g.opd.nama} — {g.judul}: {g.pesan[:200]}")
    if km.jumlah:
        laju = cpu / km.jumlah
        print(
            f"  60 OPD dengan laju ini: ≈ {angka(laju * km.jumlah / n_opd * 60 / args.pekerja / 60, 1)} menit di "
            f"{args.pekerja} inti yang tidak dipakai yang lain (CPU ÷ inti; dokumen per OPD seperti di sini)"
        )


if __name__ == "__main__":
    main()
