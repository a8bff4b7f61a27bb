"""Personas of the pemda roles, on the Kedungjajang 2025 demo (Kabupaten Lumajang).

* ``ortala``, ``bappeda``, ``inspektorat`` — the demo's Bagian Organisasi, Bappeda and Inspektorat
  accounts: read every OPD of Lumajang, enter no figure
* ``adminpemda`` — the demo's pemda administrator (staff): creates Lumajang's OPDs and their operators
* ``operator_opd`` — an explicit operator of Kedungjajang (``OperatorOpd``), not a superuser
* ``operator_lain`` — operator of another OPD of Lumajang
* ``staf`` — indah, a pegawai of Kedungjajang; ``operator`` — the demo's superuser
* ``pemda_lain`` — a Bappeda user of another kabupaten
"""

import pytest
from django.contrib.auth import get_user_model

from organisasi.models import OperatorOpd, Pemda, PerangkatDaerah, PeranPemda

SANDI = "x-sangat-panjang-1"


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def ortala(demo):
    return _user("ortala")


@pytest.fixture
def bappeda(demo):
    return _user("bappeda")


@pytest.fixture
def inspektorat(demo):
    return _user("inspektorat")


@pytest.fixture
def adminpemda(demo):
    return _user("adminpemda")


@pytest.fixture
def staf(demo):
    return _user("indah")


@pytest.fixture
def operator(demo):
    return _user("operator")


@pytest.fixture
def operator_opd(opd):
    user = get_user_model().objects.create_user("op-kedungjajang", password=SANDI, is_staff=True)
    OperatorOpd.objects.create(user=user, opd=opd)
    return user


@pytest.fixture
def opd_lain(opd):
    return PerangkatDaerah.objects.create(pemda=opd.pemda, kode="7.01.0.00.0.00.22.0000", kode_urusan="7.01", nama="Kecamatan Klakah")


@pytest.fixture
def operator_lain(opd_lain):
    user = get_user_model().objects.create_user("op-klakah", password=SANDI, is_staff=True)
    OperatorOpd.objects.create(user=user, opd=opd_lain)
    return user


@pytest.fixture
def pemda_lain(db):
    pemda = Pemda.objects.create(kode="3509", nama="Kabupaten Jember", ibukota="Jember")
    PerangkatDaerah.objects.create(pemda=pemda, kode="7.01.0.00.0.00.31.0000", kode_urusan="7.01", nama="Kecamatan Sumbersari")
    user = get_user_model().objects.create_user("bappeda-jember", password=SANDI)
    PeranPemda.objects.create(user=user, pemda=pemda, peran=PeranPemda.Peran.BAPPEDA)
    return user
