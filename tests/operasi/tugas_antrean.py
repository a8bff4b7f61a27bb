"""A task for the two-worker queue test (``test_antrean.py``): it notes which process ran which job."""

import os
import time

from django_tasks import task


@task()
def catat_pengambilan(nomor: int, berkas: str) -> int:
    # One short line per run, appended (O_APPEND): lines from two processes never interleave.
    with open(berkas, "a", encoding="utf-8") as f:
        f.write(f"{nomor} {os.getpid()}\n")
    time.sleep(0.05)  # long enough that both workers are busy at once
    return nomor
