"""A busy SQLite database answers "coba lagi" (503), not a server error.

SQLite has one writer: a write waits up to the connection's ``timeout`` (20 s) for the lock,
then fails with ``OperationalError: database is locked``. Nothing was written (the
transaction rolled back), so the honest answer is "busy, try again": a 503 with Retry-After.
The middleware answers it for a view; ``lkj.operasi.views.galat_server`` (handler500) for
the same error raised elsewhere (the session saved after the view, another middleware).
"""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger("lkj.operasi")

COBA_LAGI_DETIK = 10


def basis_data_terkunci(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


def jawaban_sibuk(request) -> HttpResponse:
    log.warning("Basis data sibuk: permintaan dijawab 503", extra={"path": request.path, "method": request.method})
    if request.headers.get("HX-Request"):
        isi = "Server sedang sibuk menyimpan data lain; isian Anda belum tersimpan. Tunggu sebentar lalu coba lagi."
    else:
        isi = render_to_string("503.html", {"detik": COBA_LAGI_DETIK})
    resp = HttpResponse(isi, status=503, content_type="text/html; charset=utf-8")
    resp["Retry-After"] = str(COBA_LAGI_DETIK)
    return resp


class BasisDataSibukMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if basis_data_terkunci(exception):
            return jawaban_sibuk(request)
        return None
