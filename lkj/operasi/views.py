"""``/sehat/``: what a monitor polls. No login; it shows no data, only whether each part works."""

from __future__ import annotations

import logging
import sys
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error
from django_tasks_db.models import DBTaskResult

from lkj.dokumen.stempel import versi_program
from lkj.operasi.denyut import denyut_terakhir, pekerja_hidup
from lkj.operasi.middleware import basis_data_terkunci, jawaban_sibuk

log = logging.getLogger("lkj.operasi")


def _basis_data() -> dict:
    mulai = time.perf_counter()
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:
        return {"ok": False, "mesin": connection.vendor, "pesan": f"Basis data tidak dapat dihubungi: {exc}"}
    return {"ok": True, "mesin": connection.vendor, "ms": round((time.perf_counter() - mulai) * 1000, 1)}


def _pekerja() -> dict:
    if not settings.LKJ_PEKERJA_WAJIB:
        return {"ok": True, "pesan": "Dokumen dibuat langsung (tanpa pekerja latar belakang)."}
    try:
        denyut = denyut_terakhir()
        antre = DBTaskResult.objects.ready().count()
    except Exception as exc:
        return {"ok": False, "pesan": f"Denyut pekerja tidak dapat dibaca: {exc}"}
    hasil = {"ok": pekerja_hidup(denyut), "antrean": antre}
    if denyut is None:
        hasil["pesan"] = "Pembuat dokumen (manage.py pekerja) tidak berjalan: belum pernah ada denyut."
        return hasil
    lalu = (timezone.now() - denyut.terakhir).total_seconds()
    hasil.update({"denyut_terakhir": denyut.terakhir.isoformat(), "detik_lalu": round(lalu), "host": denyut.host, "pid": denyut.pid})
    if not hasil["ok"]:
        hasil["pesan"] = f"Pembuat dokumen tidak berdenyut sejak {round(lalu)} detik lalu (batas {settings.LKJ_DENYUT_BATAS_DETIK})."
    return hasil


def _penyimpanan() -> dict:
    """Write, read back and delete a small file where uploads and rendered documents are kept."""
    nama = f"sehat/{uuid.uuid4().hex}.txt"
    try:
        disimpan = default_storage.save(nama, ContentFile(b"sehat"))
        try:
            with default_storage.open(disimpan, "rb") as fh:
                ok = fh.read() == b"sehat"
        finally:
            default_storage.delete(disimpan)
    except Exception as exc:
        return {"ok": False, "pesan": f"Penyimpanan berkas tidak dapat ditulis: {exc}"}
    return {"ok": ok} if ok else {"ok": False, "pesan": "Berkas uji penyimpanan terbaca berbeda."}


@never_cache
@require_GET
def sehat(request):
    periksa = {"basis_data": _basis_data()}
    periksa["pekerja"] = _pekerja() if periksa["basis_data"]["ok"] else {"ok": False, "pesan": "Tidak diperiksa: basis data mati."}
    periksa["penyimpanan"] = _penyimpanan()
    ok = all(p["ok"] for p in periksa.values())
    if not ok:
        log.warning("Pemeriksaan kesehatan gagal", extra={"periksa": periksa})

    return JsonResponse(
        {"status": "sehat" if ok else "bermasalah", "versi": versi_program(), "periksa": periksa},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def galat_server(request):
    """handler500: a locked SQLite database raised outside a view is a 503 "coba lagi" too; anything else the 500 page."""
    if basis_data_terkunci(sys.exc_info()[1]):
        return jawaban_sibuk(request)
    return server_error(request)
