"""Personas of the review, on the Kedungjajang 2025 demo (TW III).

* ``staf``   — indah: Staf under Kasubag Keuangan; her atasan is dhian
* ``kasubag``— dhian: Kasubag Keuangan (atasan of indah), also Plt. Kasi Pemerintahan
* ``staf_lain`` — dwi: indah's colleague beside her
* ``sekcam`` — bambang; ``camat`` — samsul; ``operator`` — superuser/staff
"""

import pytest
from django.contrib.auth import get_user_model

from organisasi.models import Jabatan
from tests.entri.conftest import camat, kasubag, operator, sekcam, staf, staf_lain, staf_opd_lain


@pytest.fixture
def jab_indah(staf):
    return staf.pegawai.penugasan.select_related("jabatan").get().jabatan


@pytest.fixture
def periode(opd):
    return {"opd": opd, "tahun": 2025, "triwulan": 3}


@pytest.fixture(autouse=True)
def _batas_verifikasi_bersih():
    """The public verification counts attempts per client address in the cache; each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
