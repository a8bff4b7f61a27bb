"""``/sehat/`` for a monitor: no login, JSON, 200 when every part works and 503 when one does not."""

import json
import logging

from django.core.files.storage import default_storage
from django.utils import timezone

from dasar.log import FormatJson
from lkj.operasi.models import DenyutPekerja


def test_a_healthy_server_answers_200_without_login(client, db):
    r = client.get("/sehat/")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    isi = r.json()
    assert isi["status"] == "sehat"
    assert isi["periksa"]["basis_data"]["ok"] and isi["periksa"]["penyimpanan"]["ok"] and isi["periksa"]["pekerja"]["ok"]
    assert "no-cache" in r["Cache-Control"]


def test_a_missing_worker_heartbeat_is_503_and_says_so(client, db, settings):
    settings.LKJ_PEKERJA_WAJIB = True
    r = client.get("/sehat/")
    assert r.status_code == 503
    isi = r.json()
    assert isi["status"] == "bermasalah" and "tidak berjalan" in isi["periksa"]["pekerja"]["pesan"]
    DenyutPekerja.objects.create(id_pekerja="w", host="srv", pid=7, versi_program="x", mulai_pada=timezone.now(), terakhir=timezone.now())
    r = client.get("/sehat/")
    assert r.status_code == 200 and r.json()["periksa"]["pekerja"]["host"] == "srv"


def test_storage_that_cannot_be_written_is_503(client, db, monkeypatch):
    def penuh(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", penuh)
    r = client.get("/sehat/")
    assert r.status_code == 503 and "tidak dapat ditulis" in r.json()["periksa"]["penyimpanan"]["pesan"]


def test_only_get_is_answered(client, db):
    assert client.post("/sehat/").status_code == 405


def test_log_lines_are_json_with_the_extra_fields():
    rec = logging.makeLogRecord(
        {"name": "lkj.dokumen", "levelname": "INFO", "msg": "Dokumen selesai dibuat %s", "args": ("x",), "dokumen": 12}
    )
    baris = json.loads(FormatJson().format(rec))
    assert baris["msg"] == "Dokumen selesai dibuat x" and baris["dokumen"] == 12 and baris["level"] == "INFO"
    assert baris["ts"].endswith("+00:00")
