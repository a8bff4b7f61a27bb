"""Personas of the Beranda, on the Kedungjajang 2025 demo.

* ``staf``     — indah: staff of Sub Bagian Keuangan (holds one jabatan with a PK)
* ``kasubag``  — dhian: Kasubag Keuangan, Bendahara and Plt. Kasi Pemerintahan; atasan of indah
* ``sekcam``   — bambang: Sekretaris Kecamatan
* ``camat``    — samsul: Camat (kepala OPD)
* ``operator`` — the office's operator account (is_staff)
"""
import pytest
from django.contrib.auth import get_user_model


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def staf(demo):
    return _user("indah")


@pytest.fixture
def kasubag(demo):
    return _user("dhian")


@pytest.fixture
def sekcam(demo):
    return _user("bambang")


@pytest.fixture
def camat(demo):
    return _user("samsul")


@pytest.fixture
def operator(demo):
    return _user("operator")
