"""Every document of the demo quarter is rendered once per test process, and the tests that only read
the demo's documents share those renders (``cetakan``). They sit in one xdist group (``cetak``), so
one worker renders them once instead of each worker rendering them all."""

import pytest

from tests.dokumen import cetak

_CACHE = {}


@pytest.fixture
def cetakan(opd, tmp_path_factory):
    if "semua" not in _CACHE:
        _CACHE["semua"] = cetak.cetak_dejavu_saja(cetak.semua_html(opd), tmp_path_factory.mktemp("cetak"))
    return _CACHE["semua"]
