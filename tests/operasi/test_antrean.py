"""Two render workers (``manage.py pekerja``, django-tasks' database backend) on two OS processes drain one
queue: every job runs exactly once. On PostgreSQL a worker claims a job with ``SELECT … FOR UPDATE SKIP
LOCKED``; on SQLite inside an exclusive transaction (one writer at a time). The test runs on whichever
database the suite runs on (CI runs it on both)."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from lkj.operasi.models import DenyutPekerja
from tests.operasi.tugas_antrean import catat_pengambilan

AKAR = Path(__file__).resolve().parents[2]
JUMLAH = 40


def _url_basis_data() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    kred = quote(s["USER"] or "", safe="") + (":" + quote(s["PASSWORD"], safe="") if s.get("PASSWORD") else "")
    return f"postgres://{kred}@{quote(s['HOST'] or '', safe='')}:{s['PORT'] or 5432}/{s['NAME']}"


def _pekerja(id_pekerja: str, tmp_path: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lkj.settings.dev",
        DATABASE_URL=_url_basis_data(),
        LKJ_MEDIA_ROOT=str(tmp_path / "media"),
        LKJ_LOG_LEVEL="WARNING",
    )
    with open(tmp_path / f"{id_pekerja}.log", "w") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "manage.py", "pekerja", "--worker-id", id_pekerja, "--interval", "0.05", "--no-startup-delay"],
            cwd=AKAR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _tunggu(syarat, detik: float, pesan: str, proses) -> None:
    batas = time.monotonic() + detik
    while not syarat():
        for p in proses:
            assert p.poll() is None, f"pekerja berhenti ({p.returncode}): {pesan}"
        assert time.monotonic() < batas, pesan
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_two_processes_run_every_job_exactly_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    catatan = tmp_path / "diambil.txt"
    proses = [_pekerja("pekerja-a", tmp_path), _pekerja("pekerja-b", tmp_path)]
    try:
        # Both workers are up (their heartbeat row is written at start) before the queue fills,
        # so they race for the same jobs from the first one.
        _tunggu(lambda: DenyutPekerja.objects.count() == 2, 180, "kedua pekerja tidak mulai", proses)
        hasil = [catat_pengambilan.enqueue(n, str(catatan)) for n in range(JUMLAH)]
        _tunggu(
            lambda: not DBTaskResult.objects.filter(id__in=[h.id for h in hasil]).exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
            180,
            "antrean tidak habis",
            proses,
        )
    finally:
        for p in proses:
            p.send_signal(signal.SIGTERM)
        for p in proses:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    baris = [r for r in DBTaskResult.objects.filter(id__in=[h.id for h in hasil])]
    assert len(baris) == JUMLAH
    assert {b.status for b in baris} == {"SUCCESSFUL"}
    # each job was claimed once, by one worker …
    assert all(len(b.worker_ids) == 1 for b in baris), [b.worker_ids for b in baris if len(b.worker_ids) != 1]
    per_pekerja = Counter(b.worker_ids[0] for b in baris)
    # … and both workers took jobs: the two really competed for one queue
    assert set(per_pekerja) == {"pekerja-a", "pekerja-b"}, per_pekerja
    # … and ran once: the task's own record holds every number exactly once, written by two processes
    dijalankan = [tuple(map(int, b.split())) for b in catatan.read_text().splitlines()]
    assert sorted(n for n, _ in dijalankan) == list(range(JUMLAH))
    assert len({pid for _, pid in dijalankan}) == 2
