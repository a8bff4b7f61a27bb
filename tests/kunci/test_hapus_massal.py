"""A bulk delete asks the lock for the whole set, not row by row.

The admin's "hapus yang dipilih", a script's ``QuerySet.delete()`` and a delete that cascades (an LRA
import with its hundreds of lines, a PK version with its rows) pass the guard of ``organisasi.kunci``.
It used to compute each row's footprint on its own (a parent fetched per row) and read the locks for
each row again; now the rows' parents are read once per set and the locks once per delete. What is
left growing with the rows is the deletion itself: Django's DELETE and the history row it records.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anggaran.models import LraImport, RealisasiAnggaran
from organisasi.kunci import DataTerkunci
from organisasi.models import TriwulanTerkunci
from renja.models import Realisasi

PER_BARIS = re.compile(r'^\s*(INSERT INTO "\w*historical\w*"|DELETE FROM )', re.I)


def _hapus(qs):
    with CaptureQueriesContext(connection) as q:
        qs.delete()
    return [x["sql"] for x in q.captured_queries]


def _selain_penghapusan(sql):
    """The queries around the deletion: reading rows, parents and locks, the row lock, the data stamp."""
    return [s for s in sql if not PER_BARIS.match(s)]


def test_deleting_thirty_realisations_reads_what_deleting_one_reads(opd):
    rows = list(Realisasi.objects.filter(indikator__opd=opd, tahun=2025).order_by("pk").values_list("pk", flat=True))
    assert len(rows) > 31
    satu = _hapus(Realisasi.objects.filter(pk=rows[0]))
    tiga_puluh = _hapus(Realisasi.objects.filter(pk__in=rows[1:31]))
    assert len(_selain_penghapusan(tiga_puluh)) == len(_selain_penghapusan(satu)), "\n".join(_selain_penghapusan(tiga_puluh))
    assert not Realisasi.objects.filter(pk__in=rows[:31]).exists()


def test_an_lra_import_deleted_with_its_lines_reads_its_lines_parents_once(opd, django_assert_max_num_queries):
    lra = LraImport.objects.get(opd=opd, tahun=2025, bulan=9, aktif=True)
    baris = lra.baris.count()
    assert baris > 50
    # the rows and their cascade, the lock (row lock, signed, under review), the data stamp, and per line
    # only Django's own DELETE batch: nothing per line
    with django_assert_max_num_queries(15):
        LraImport.objects.filter(pk=lra.pk).delete()
    assert not RealisasiAnggaran.objects.filter(lra_import_id=lra.pk).exists()


def test_a_bulk_delete_touching_a_frozen_quarter_is_still_refused_whole(opd):
    from django.contrib.auth import get_user_model

    TriwulanTerkunci.objects.create(
        opd=opd,
        tahun=2025,
        triwulan=3,
        dokumen="LKj Kecamatan Kedungjajang Triwulan III Tahun 2025",
        memuat_anggaran=True,
        sejak="2025-10-10T09:00+07:00",
        oleh=get_user_model().objects.get(username="samsul"),
    )
    tw3 = Realisasi.objects.filter(indikator__opd=opd, tahun=2025, triwulan=3).first()
    tw4 = Realisasi.objects.create(indikator=tw3.indikator, tahun=2025, triwulan=4, nilai=tw3.nilai)  # the next quarter: open
    sebelum = Realisasi.objects.filter(indikator__opd=opd).count()
    with pytest.raises(DataTerkunci, match="Triwulan III Tahun 2025 sudah dibekukan"):
        Realisasi.objects.filter(pk__in=[tw3.pk, tw4.pk]).delete()
    with pytest.raises(DataTerkunci, match="sudah dibekukan"):
        LraImport.objects.filter(opd=opd, tahun=2025, bulan=9).delete()
    assert Realisasi.objects.filter(indikator__opd=opd).count() == sebelum
    assert Realisasi.objects.filter(pk=tw4.pk).delete()[0] >= 1  # alone, the open quarter's row goes
