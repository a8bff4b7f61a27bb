"""The web tier keeps no state on its own disk besides caches, so two web servers behind a load balancer serve
one user in turn: the session is in the database, uploads and kept files in the shared media storage, and an
upload waiting for its confirm (``organisasi.draf``) in the shared ``"draf"`` storage.

Two "servers" are two settings contexts with their own local folders (media root, draft folders); what they
share is the database and the storages a multi-server deployment shares (here a folder standing for the
S3 bucket). The operator's LRA upload is previewed on one server and confirmed on the other."""

import io
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from anggaran.models import LraImport
from tests.anggaran.test_lra_import import berkas

KIND_DRAF = ("LKJ_LRA_DRAF_DIR", "LKJ_RENJA_DRAF_DIR", "LKJ_DATA_INDUK_DRAF_DIR")


def _storage(folder: Path) -> dict:
    return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}}


@pytest.fixture
def dua_server(settings, tmp_path):
    bersama = tmp_path / "bucket"

    def server(nama: str, *, draf_bersama: bool = True):
        lokal = tmp_path / nama
        storages = {**settings.STORAGES, "default": _storage(bersama / "media")}
        if draf_bersama:
            storages["draf"] = _storage(bersama / "draf")
        else:
            storages.pop("draf", None)

        @contextmanager
        def di_server():
            with override_settings(MEDIA_ROOT=str(lokal / "media"), STORAGES=storages, **{k: str(lokal / k.lower()) for k in KIND_DRAF}):
                yield

        return di_server

    return server, tmp_path


def _berkas_lokal(tmp_path: Path, *nama: str) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for n in nama if (tmp_path / n).exists() for p in (tmp_path / n).rglob("*") if p.is_file())


def test_an_upload_previewed_on_one_server_is_confirmed_on_the_other(client, opd, dua_server):
    server, tmp_path = dua_server
    a, b = server("server-a")(), server("server-b")()
    isi = berkas(tmp_path)
    client.force_login(get_user_model().objects.get(username="operator"))  # a session row in the database

    with a:
        r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": io.BytesIO(isi)})
    assert r.status_code == 302
    with server("server-b")():
        halaman = client.get(r["Location"]).content.decode()
    assert "Pratinjau impor LRA" in halaman and "Oktober" in halaman
    sha = r["Location"].rstrip("/").rsplit("/", 1)[-1]
    with b:
        r = client.post(reverse("anggaran:konfirmasi", args=[sha]), follow=True)
    assert "LRA Oktober 2025 tersimpan" in r.content.decode()

    imp = LraImport.objects.get(opd=opd, bulan=10, aktif=True)
    with server("server-a")():
        unduh = client.get(reverse("anggaran:berkas", args=[imp.pk]))
        assert unduh.status_code == 200 and b"".join(unduh.streaming_content) == isi  # kept by B, served by A
    # and neither server wrote anything to its own disk
    assert _berkas_lokal(tmp_path, "server-a", "server-b") == []


def test_with_drafts_on_each_servers_own_disk_the_other_server_says_the_preview_expired(client, opd, dua_server):
    """Why the shared ``"draf"`` storage is part of a multi-server setup: without it the draft stays on the
    server that took the upload, and the confirm reaching the other one finds nothing."""
    server, tmp_path = dua_server
    isi = berkas(tmp_path)
    client.force_login(get_user_model().objects.get(username="operator"))
    with server("server-a", draf_bersama=False)():
        r = client.post(reverse("anggaran:unggah"), {"opd": opd.kode, "berkas": io.BytesIO(isi)})
    sha = r["Location"].rstrip("/").rsplit("/", 1)[-1]
    with server("server-b", draf_bersama=False)():
        r = client.post(reverse("anggaran:konfirmasi", args=[sha]), follow=True)
    assert "Pratinjau ini sudah tidak tersedia" in r.content.decode()
    assert not LraImport.objects.filter(opd=opd, bulan=10).exists()
    assert _berkas_lokal(tmp_path, "server-a") != []
