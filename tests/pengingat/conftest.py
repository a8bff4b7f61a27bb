"""Personas of the reminders (see tests/entri/conftest.py), each with an email address."""

import pytest

from tests.entri.conftest import camat, kasubag, operator, sekcam, staf, staf_lain


@pytest.fixture(autouse=True)
def alamat(db, demo):
    from django.contrib.auth import get_user_model

    for u in get_user_model().objects.filter(pegawai__isnull=False):
        u.email = f"{u.username}@kedungjajang.example"
        u.save(update_fields=["email"])


@pytest.fixture
def jab_indah(staf):
    return staf.pegawai.penugasan.select_related("jabatan").get().jabatan


@pytest.fixture
def periode(opd):
    return {"opd": opd, "tahun": 2025, "triwulan": 3}
