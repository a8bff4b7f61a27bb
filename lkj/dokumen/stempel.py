"""The stamp a render is filed under: the program's own version and the OPD's data stamp.

``dokumen_siapkan`` serves a render at once when the stamp it was filed under is the
current one (``stempel_dokumen``); otherwise it rebuilds the document and compares
the SHA-256 of its HTML. So the stamp must move with *every* write of data a document
prints: ``organisasi.versi_data`` says who moves it (the quarter lock's guard for the
rows figures come from, signals for master data and the review's records, and a
migration here). Every model of the data apps takes one of those decisions or is named
as not printed — ``tests/dokumen/test_stempel.py`` fails for a new model without one.
The stamp includes a hash of the program's own files, so a new release never serves a
file the old code printed.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_migrate

from organisasi import versi_data
from organisasi.models import VersiData


def _migrasi(sender, using="default", **kwargs):
    """A migration may change data without model signals: every OPD's stamp moves (if its table exists yet)."""
    if sender.label == "lkj" and VersiData._meta.db_table in connections[using].introspection.table_names():
        with transaction.atomic(using=using):
            versi_data.naikkan_semua()


def sambungkan():
    """Connect the migration hook (``LkjConfig.ready``); the writes move the stamp in ``organisasi``."""
    post_migrate.connect(_migrasi, dispatch_uid="lkj.stempel.migrate")


@functools.cache
def versi_program() -> str:
    """SHA-256 of the program's own files (code, templates, document stylesheet), once per process."""
    akar = Path(settings.BASE_DIR)
    h = hashlib.sha256()
    berkas = []
    for pola in (
        "dasar/**/*.py",
        "organisasi/**/*.py",
        "renja/**/*.py",
        "anggaran/**/*.py",
        "perjanjian/**/*.py",
        "lkj/**/*.py",
        "templates/**/*.html",
        "static/dokumen/**/*",
    ):
        berkas += [p for p in akar.glob(pola) if p.is_file()]
    for p in sorted(berkas):
        h.update(str(p.relative_to(akar)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def stempel_dokumen(opd_id: int) -> str:
    """The stamp a render of this OPD's documents is filed under: program version and data version."""
    return f"{versi_program()}/{versi_data.baca(opd_id)}"


def stempel_dokumen_banyak(opd_ids) -> dict[int, str]:
    """:func:`stempel_dokumen` of each OPD, in one query whatever their number (``lkj.rekap``)."""
    return {o: f"{versi_program()}/{v}" for o, v in versi_data.baca_banyak(opd_ids).items()}
