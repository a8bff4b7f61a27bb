"""Personas of the Beranda, on the Kedungjajang 2025 demo (see tests/entri/conftest.py).

* ``staf``    — indah: staff of Sub Bagian Keuangan; her atasan is dhian
* ``kasubag`` — dhian: Kasubag Keuangan, Bendahara and Plt. Kasi Pemerintahan
* ``sekcam`` — bambang; ``camat`` — samsul; ``operator`` — the demo's superuser, operator of every OPD
"""

import pytest

from tests.entri.conftest import camat, kasubag, operator, sekcam, staf, staf_lain, staf_opd_lain


@pytest.fixture
def jab_indah(staf):
    return staf.pegawai.penugasan.select_related("jabatan").get().jabatan


@pytest.fixture
def periode(opd):
    return {"opd": opd, "tahun": 2025, "triwulan": 3}
