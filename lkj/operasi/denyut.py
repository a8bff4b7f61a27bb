"""The render worker's heartbeat: written by ``manage.py pekerja``, read by ``/sehat/`` and the documents page.

A thread of the worker process writes the row every ``LKJ_DENYUT_DETIK`` seconds, also
while the main thread is busy rendering; it stops when the process stops, so a
worker that was killed (or never started) shows as an old or missing row.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from lkj.dokumen.services import dokumen_basi_gagalkan
from lkj.dokumen.stempel import versi_program
from lkj.operasi.models import DenyutPekerja

log = logging.getLogger("lkj.operasi")

# Rows of workers that were killed (their own exit never removed them) are dropped after this.
_SIMPAN_MATI = datetime.timedelta(days=1)


def denyut_catat(*, id_pekerja: str, mulai_pada: datetime.datetime) -> None:
    sekarang = timezone.now()
    DenyutPekerja.objects.update_or_create(
        id_pekerja=id_pekerja,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "versi_program": versi_program(),
            "mulai_pada": mulai_pada,
            "terakhir": sekarang,
        },
    )
    DenyutPekerja.objects.filter(terakhir__lt=sekarang - _SIMPAN_MATI).delete()


def denyut_hapus(*, id_pekerja: str) -> None:
    DenyutPekerja.objects.filter(id_pekerja=id_pekerja).delete()


def denyut_terakhir() -> DenyutPekerja | None:
    return DenyutPekerja.objects.order_by("-terakhir").first()


def pekerja_hidup(denyut: DenyutPekerja | None = None, *, sekarang=None) -> bool:
    """Whether some worker said it was alive within ``LKJ_DENYUT_BATAS_DETIK``."""
    denyut = denyut if denyut is not None else denyut_terakhir()
    sekarang = sekarang or timezone.now()
    return denyut is not None and (sekarang - denyut.terakhir).total_seconds() <= settings.LKJ_DENYUT_BATAS_DETIK


class DenyutLatar(threading.Thread):
    """Beats until ``berhenti()``; each beat also fails renders left behind by a dead worker."""

    def __init__(self, id_pekerja: str):
        super().__init__(name="denyut-pekerja", daemon=True)
        self.id_pekerja = id_pekerja
        self.mulai_pada = timezone.now()
        self._berhenti = threading.Event()

    def detak(self) -> None:
        try:
            denyut_catat(id_pekerja=self.id_pekerja, mulai_pada=self.mulai_pada)
            dokumen_basi_gagalkan()
        except Exception:
            log.warning("Denyut pekerja gagal dicatat", exc_info=True, extra={"pekerja": self.id_pekerja})

    def run(self) -> None:
        try:
            while True:
                close_old_connections()  # this thread's own connection, as a request would
                self.detak()
                if self._berhenti.wait(settings.LKJ_DENYUT_DETIK):
                    break
            denyut_hapus(id_pekerja=self.id_pekerja)
        except Exception:
            log.warning("Denyut pekerja tidak dapat dihapus", exc_info=True)
        finally:
            connection.close()

    def berhenti(self, tunggu: float = 5) -> None:
        self._berhenti.set()
        self.join(tunggu)
