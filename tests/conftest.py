"""Shared test data: the Kedungjajang demo is loaded once per test run, not once per test.

``django_db_setup`` builds the test database and then loads the demo through the real loader
(planning workbook import, LRA import), committed. Every ordinary test runs inside a transaction
that is rolled back at its end, so each one starts from that same loaded demo and nothing it
writes leaks into the next.

Tests that commit real transactions (``transactional_db``, ``live_server``: the race tests and the
browser tests) run last (pytest-django orders them so) and Django empties the database after each
of them; the ``demo`` fixture then gives them the demo anew, their own seeding, by copying back a
snapshot of the database taken right after the first load: on SQLite the online backup of the file
(a few milliseconds), on PostgreSQL every table's rows from a schema beside them and the sequences'
positions (a fraction of a second, where loading the demo again takes about fifteen).
"""

import sqlite3
import tempfile

import pytest

from tests import pdf_ringan

DEMO_OPD_KODE = "7.01.0.00.0.00.21.0000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lkj.demo import demo_muat

    with django_db_blocker.unblock():
        _migrasi_dicatat()
        demo_muat()
        _potret_simpan()


def _migrasi_dicatat():
    """The test database is built from the models (``--nomigrations`` in pytest.ini: a second, not the
    migrations' fourteen per worker; tests/test_migrasi.py holds the two equal). Record every migration as
    applied, as ``migrate --fake`` would, so the database carries the record a migrated one has (a backup
    names it)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):  # the apps' own migrations, which --nomigrations hides
        graf = MigrationLoader(connection, ignore_no_migrations=True).graph
    rekam = MigrationRecorder(connection)
    rekam.ensure_schema()
    for app, nama in sorted(set(graf.nodes) - rekam.applied_migrations().keys()):
        rekam.record_applied(app, nama)


_POTRET = {}


def _sqlite():
    from django.db import connection

    return connection.vendor == "sqlite"


def _potret_simpan():
    """Keep a copy of the freshly loaded demo database, for the transactional tests: on SQLite the whole file
    (the online backup), on PostgreSQL every table's rows in a schema of their own beside them and every
    sequence's position."""
    from django.db import connection

    connection.ensure_connection()
    if not _sqlite():
        _potret_pg_simpan()
        return
    berkas = tempfile.NamedTemporaryFile(prefix="lkj-uji-demo-", suffix=".sqlite3", delete=False)
    berkas.close()
    tujuan = sqlite3.connect(berkas.name)
    try:
        connection.connection.backup(tujuan)
    finally:
        tujuan.close()
    _POTRET["berkas"] = berkas.name


def _potret_pulihkan() -> bool:
    """Copy the snapshot back over the (emptied) test database, whole: every table, sequence and row."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if "berkas" in _POTRET and _sqlite():
        connection.ensure_connection()
        sumber = sqlite3.connect(_POTRET["berkas"])
        try:
            sumber.backup(connection.connection)
        finally:
            sumber.close()
    elif "tabel" in _POTRET and connection.vendor == "postgresql":
        _potret_pg_pulihkan()
    else:
        return False
    ContentType.objects.clear_cache()  # the flush's post_migrate cached the content types it made, by other ids
    return True


SKEMA_POTRET = "lkj_potret_uji"


def _potret_pg_simpan():
    """PostgreSQL: ``CREATE TABLE … AS TABLE`` of every model table into a schema the flush between
    transactional tests does not see (it empties the tables on the search path), and each sequence's value."""
    from django.db import connection

    tabel = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    urutan = []
    with connection.cursor() as c:
        c.execute(f"DROP SCHEMA IF EXISTS {SKEMA_POTRET} CASCADE")
        c.execute(f"CREATE SCHEMA {SKEMA_POTRET}")
        for t in tabel:
            c.execute(f'CREATE TABLE {SKEMA_POTRET}."{t}" AS TABLE public."{t}"')
        for s in connection.introspection.sequence_list():
            c.execute("SELECT pg_get_serial_sequence(%s, %s)", [s["table"], s["column"]])
            (nama,) = c.fetchone()
            if nama:
                c.execute(f"SELECT last_value, is_called FROM {nama}")
                urutan.append((nama, *c.fetchone()))
    _POTRET["tabel"], _POTRET["urutan"] = tabel, urutan


def _potret_pg_pulihkan():
    """Every table's rows back in one transaction (Django's foreign keys are deferrable: checked at its end),
    and every sequence where it stood, so the demo's rows keep their ids and new rows follow them."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL DEFERRED")
        # the flush left rows behind (its post_migrate made the content types and permissions anew)
        c.execute("TRUNCATE " + ", ".join(f'public."{t}"' for t in _POTRET["tabel"]))
        for t in _POTRET["tabel"]:
            c.execute(f'INSERT INTO public."{t}" SELECT * FROM {SKEMA_POTRET}."{t}"')
        for nama, nilai, dipanggil in _POTRET["urutan"]:
            c.execute("SELECT setval(%s, %s, %s)", [nama, nilai, dipanggil])


def _demo_termuat():
    from anggaran.models import LraImport
    from organisasi.models import PerangkatDaerah

    opd = PerangkatDaerah.objects.select_related("pemda").filter(kode=DEMO_OPD_KODE).first()
    if opd is None:
        return None
    return {"opd": opd, "lra": LraImport.objects.filter(opd=opd, aktif=True).order_by("-bulan").first()}


@pytest.fixture
def demo(db):
    """The Kedungjajang 2025 demo, loaded through the real loader and LRA import.

    Already in the database for ordinary tests (loaded once per run); loaded here for a
    transactional test that runs after another one emptied the database."""
    termuat = _demo_termuat()
    if termuat is not None:
        return termuat
    if _potret_pulihkan():
        return _demo_termuat()
    from lkj.demo import demo_muat

    return demo_muat()


@pytest.fixture
def opd(demo):
    return demo["opd"]


@pytest.fixture(autouse=True)
def pdf_ringan_kecuali_asli(request, monkeypatch):
    """Every test renders with the light PDF of ``tests/pdf_ringan.py`` (the document's text, no layout)
    unless it is marked ``pdf_asli``: then WeasyPrint renders as in production."""
    if request.node.get_closest_marker("pdf_asli"):
        return
    from lkj.dokumen import render

    def ringan(isi_html: str) -> render.HasilPdf:
        return render.HasilPdf(*pdf_ringan.pdf_teks(pdf_ringan.teks_html(isi_html)))

    monkeypatch.setattr(render, "pdf", ringan)


@pytest.fixture
def tanpa_cache_pengukuran(settings):
    """The quarter's measurement measured afresh on every call (``lkj.selectors.cache_pengukuran`` off), and
    the page caches under the same stamps (``LKJ_CACHE_TAMPILAN``: the PK rows, the parties, what waits) read
    afresh too: for the tests that count the queries of the path that loads the data, before and after adding rows."""
    settings.LKJ_CACHE_PENGUKURAN = 0
    settings.LKJ_CACHE_TAMPILAN = 0
