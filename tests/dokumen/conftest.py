"""Every document of the demo quarter is rendered once per test run, and the tests that only read the
demo's documents share those renders (``cetakan``).

Under pytest-xdist the workers share one folder of the run (beside their own temporary folders): the
first worker that needs the documents renders them there under a file lock, the others wait for it and
read the same PDFs back. Every worker's database holds the same freshly loaded demo, so the documents
are the same whichever worker draws them.
"""

import fcntl
import json
import os

import pytest

from tests.dokumen import cetak

_CACHE = {}


def _folder_bersama(tmp_path_factory):
    dasar = tmp_path_factory.getbasetemp()  # a worker's own folder sits in the run's folder
    folder = (dasar.parent if os.environ.get("PYTEST_XDIST_WORKER") else dasar) / "cetak-bersama"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def cetakan(opd, tmp_path_factory):
    if "semua" not in _CACHE:
        folder = _folder_bersama(tmp_path_factory)
        with open(folder / ".kunci", "w") as kunci:
            fcntl.flock(kunci, fcntl.LOCK_EX)
            daftar = folder / "daftar.json"
            if daftar.exists():
                _CACHE["semua"] = cetak.baca_kembali(json.loads(daftar.read_text()), folder)
            else:
                _CACHE["semua"] = cetak.cetak_dejavu_saja(cetak.semua_html(opd), folder)
                daftar.write_text(json.dumps(sorted(_CACHE["semua"])))
    return _CACHE["semua"]
