"""Faults a user meets: a database busy past its wait, and upload drafts nobody confirmed."""

import io
import os
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.test import RequestFactory

from lkj import views as lkj_views
from lkj.operasi.views import galat_server
from organisasi import draf


def _terkunci(*a, **k):
    raise OperationalError("database is locked")


def test_a_locked_database_gives_a_503_try_again_page_in_indonesian(client, opd, monkeypatch):
    client.force_login(get_user_model().objects.get(username="bambang"))
    monkeypatch.setattr(lkj_views, "pengukuran_opd", _terkunci)
    r = client.get("/e81/")
    assert r.status_code == 503 and r["Retry-After"] == "10"
    html = r.content.decode()
    assert "Server sedang sibuk, coba lagi" in html and "belum tersimpan" in html
    r = client.get("/e81/", HTTP_HX_REQUEST="true")
    assert r.status_code == 503 and "coba lagi" in r.content.decode()


def test_another_database_error_is_still_a_server_error(client, opd, monkeypatch):
    client.force_login(get_user_model().objects.get(username="bambang"))

    def rusak(*a, **k):
        raise OperationalError("no such table: renja_indikator")

    monkeypatch.setattr(lkj_views, "pengukuran_opd", rusak)
    with pytest.raises(OperationalError):
        client.get("/e81/")


def test_a_lock_raised_outside_a_view_is_a_503_too(db):
    permintaan = RequestFactory().get("/kinerja/")
    try:
        _terkunci()
    except OperationalError:
        r = galat_server(permintaan)
    assert r.status_code == 503 and "coba lagi" in r.content.decode()
    try:
        raise ValueError("lain")
    except ValueError:
        r = galat_server(permintaan)
    assert r.status_code == 500 and "Terjadi kesalahan di server" in r.content.decode()


@pytest.fixture
def folder_draf(settings, tmp_path):
    settings.LKJ_LRA_DRAF_DIR = tmp_path / "lra"
    settings.LKJ_RENJA_DRAF_DIR = tmp_path / "renja"
    return tmp_path


def _tuakan(path, jam):
    t = time.time() - jam * 3600
    os.utime(path, (t, t))


def test_an_abandoned_draft_expires_on_access_and_the_next_upload_sweeps_the_rest(folder_draf, settings):
    settings.LKJ_DRAF_UMUR_JAM = 24
    lama = draf.LRA.simpan(b"lama")
    lain = draf.LRA.simpan(b"lain")
    for sha in (lama, lain):
        _tuakan(folder_draf / "lra" / f"{sha}.xlsx", 25)
    assert draf.LRA.baca(lama) is None and not (folder_draf / "lra" / f"{lama}.xlsx").exists()

    class Permintaan:
        session = {}

    baru = draf.LRA.titip(Permintaan(), b"baru", {"nama": "lra.xlsx"})
    assert sorted(p.name for p in (folder_draf / "lra").iterdir()) == [f"{baru}.xlsx"]
    assert draf.LRA.ambil(Permintaan(), baru) == ({"nama": "lra.xlsx"}, b"baru")


def test_the_daily_cleanup_command_deletes_old_drafts_of_every_kind_only(folder_draf, db):
    tua = [draf.LRA.simpan(b"a"), draf.WORKBOOK.simpan(b"b")]
    _tuakan(folder_draf / "lra" / f"{tua[0]}.xlsx", 30)
    _tuakan(folder_draf / "renja" / f"{tua[1]}.xlsx", 30)
    segar = draf.WORKBOOK.simpan(b"c")
    keluar = io.StringIO()
    call_command("bersihkan", stdout=keluar)
    assert "2 draf unggahan lama dihapus" in keluar.getvalue()
    assert [p.name for p in (folder_draf / "renja").iterdir()] == [f"{segar}.xlsx"]
    assert list((folder_draf / "lra").iterdir()) == []
