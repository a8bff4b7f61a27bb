"""Media on S3-compatible object storage (docs/architecture.md, "Where one machine is not enough"): the production
settings put the media and the upload drafts on django-storages' S3Storage when LKJ_S3_BUCKET is set, and keep
the machine's folders otherwise; and an evidence file uploaded through the real S3 storage lands in the bucket
(a moto S3 server on loopback standing for MinIO), not on this machine's disk."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from moto.server import ThreadedMotoServer

from organisasi import draf
from renja import realisasi_services as svc
from renja.models import BuktiDukung, Indikator

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S3_ENV = {
    "LKJ_S3_BUCKET": "lkj-lumajang",
    "LKJ_S3_ENDPOINT": "https://minio.lumajangkab.go.id",
    "LKJ_S3_REGION": "ap-southeast-3",
    "LKJ_S3_ACCESS_KEY": "lkj-app",
    "LKJ_S3_SECRET_KEY": secrets.token_urlsafe(30),
}
BACA = (
    "import json; from django.conf import settings; from django.core.files.storage import storages; "
    "s = {n: type(storages[n]).__module__ + '.' + type(storages[n]).__name__ for n in settings.STORAGES}; "
    "o = {n: [getattr(storages[n], a, None) for a in ('bucket_name', 'location', 'endpoint_url', 'region_name', 'default_acl', 'file_overwrite')] "
    "for n in ('default', 'draf') if n in settings.STORAGES}; print(json.dumps({'kelas': s, 'opsi': o}))"
)


def _produksi(**env) -> dict:
    prod = {k: v for k, v in os.environ.items() if not k.startswith("LKJ_S3_")}
    prod.update(
        DJANGO_SETTINGS_MODULE="lkj.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="lkj.lumajangkab.go.id",
        LKJ_URL_PUBLIK="https://lkj.lumajangkab.go.id/",
        **env,
    )
    r = subprocess.run([sys.executable, "manage.py", "shell", "-c", BACA], cwd=ROOT, env=prod, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_a_named_bucket_puts_media_and_drafts_on_s3_storage():
    hasil = _produksi(**S3_ENV)
    assert hasil["kelas"]["default"] == hasil["kelas"]["draf"] == "storages.backends.s3.S3Storage"
    bucket, endpoint, region = S3_ENV["LKJ_S3_BUCKET"], S3_ENV["LKJ_S3_ENDPOINT"], S3_ENV["LKJ_S3_REGION"]
    assert hasil["opsi"]["default"] == [bucket, "media", endpoint, region, "private", False]
    assert hasil["opsi"]["draf"] == [bucket, "draf", endpoint, region, "private", False]
    assert hasil["kelas"]["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"  # static stays local


def test_without_a_bucket_the_files_stay_in_the_machines_folders():
    hasil = _produksi()
    assert hasil["kelas"]["default"] == "django.core.files.storage.filesystem.FileSystemStorage" and "draf" not in hasil["kelas"]


@pytest.fixture
def s3():
    """A moto S3 server on loopback with an empty bucket; the storages as production names them, pointing at it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    klien = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="uji", aws_secret_access_key="uji", region_name="us-east-1")
    klien.create_bucket(Bucket="lkj-uji")
    opsi = {
        "bucket_name": "lkj-uji",
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "uji",
        "secret_key": "uji",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    yield klien, opsi
    server.stop()


def test_an_evidence_file_goes_to_the_bucket_and_is_read_back_from_it(s3, demo, settings, tmp_path):
    from django.contrib.auth import get_user_model

    klien, opsi = s3
    kasi = get_user_model().objects.get(username="sudarmi")
    paten = Indikator.objects.get(kode="k02_204_pelayanan_paten_sesuai_sop")
    lokal = tmp_path / "media"
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**opsi, "location": "media"}},
        "draf": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**opsi, "location": "draf"}},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(lokal)):
        bk = svc.bukti_tambah(indikator=paten, tahun=2025, triwulan=3, berkas=SimpleUploadedFile("ba.pdf", PDF), oleh=kasi)
        kunci = [o["Key"] for o in klien.list_objects_v2(Bucket="lkj-uji").get("Contents", [])]
        assert kunci == [f"media/{bk.berkas.name}"]
        with BuktiDukung.objects.get(pk=bk.pk).berkas.open("rb") as f:
            assert f.read() == PDF
        sha = draf.LRA.simpan(b"isi pratinjau")  # an upload waiting for its confirm: in the shared bucket too
        assert draf.LRA.baca(sha) == b"isi pratinjau"
        assert any(o["Key"].startswith("draf/") for o in klien.list_objects_v2(Bucket="lkj-uji")["Contents"])
    assert not lokal.exists()  # nothing on this machine's disk
