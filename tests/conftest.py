"""Shared test data: the Kedungjajang demo is loaded once per test run, not once per test.

``django_db_setup`` builds the test database and then loads the demo through the real loader
(planning workbook import, LRA import), committed. Every ordinary test runs inside a transaction
that is rolled back at its end, so each one starts from that same loaded demo and nothing it
writes leaks into the next.

Tests that commit real transactions (``transactional_db``, ``live_server``: the race tests and the
browser tests) run last (pytest-django orders them so) and Django empties the database after each
of them; the ``demo`` fixture then loads the demo anew for them, their own seeding.
"""

import pytest

DEMO_OPD_KODE = "7.01.0.00.0.00.21.0000"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lkj.demo import demo_muat

    with django_db_blocker.unblock():
        demo_muat()


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
    from lkj.demo import demo_muat

    return demo_muat()


@pytest.fixture
def opd(demo):
    return demo["opd"]
