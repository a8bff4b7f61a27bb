"""The render worker's heartbeat: one row per worker process, moved every few seconds."""

from django.db import models

__all__ = ["DenyutPekerja"]


class DenyutPekerja(models.Model):
    """A running ``manage.py pekerja`` process and the last time it said it was alive.

    ``/sehat/`` reads the newest ``terakhir``: no recent row means no worker renders the
    documents users are waiting for. Rows of stopped workers are removed as they exit
    (or, when one was killed, by the next worker after a day).
    """

    id_pekerja = models.CharField("id pekerja", max_length=64, unique=True)
    host = models.CharField("host", max_length=255)
    pid = models.PositiveIntegerField("pid")
    versi_program = models.CharField("versi program", max_length=16)
    mulai_pada = models.DateTimeField("mulai pada")
    terakhir = models.DateTimeField("denyut terakhir", db_index=True)

    class Meta:
        verbose_name = "denyut pekerja dokumen"
        verbose_name_plural = "denyut pekerja dokumen"
        ordering = ["-terakhir"]

    def __str__(self):
        return f"{self.host}:{self.pid}"
