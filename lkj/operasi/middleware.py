"""A busy SQLite database answers "coba lagi" (503), not a server error.

SQLite has one writer: a write waits up to the connection's ``timeout`` (20 s) for the lock,
then fails with ``OperationalError: database is locked``. Nothing was written (the
transaction rolled back), so the honest answer is "busy, try again": a 503 with Retry-After.
The middleware answers it for a view; ``lkj.operasi.views.galat_server`` (handler500) for
the same error raised elsewhere (the session saved after the view, another middleware).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


class SesiBergeserMiddleware:
    """A session ends after ``SESSION_COOKIE_AGE`` without activity, and moving its end costs a write.

    Django's ``SESSION_SAVE_EVERY_REQUEST`` writes the session row on every request: on PostgreSQL a
    committed transaction for each page view. Here the end moves only when the last move is older than
    ``LKJ_SESI_GESER_DETIK`` (5 minutes): the session still ends a working day after the last request,
    give or take those minutes, for one write in five minutes per user instead of one per page. A request
    that changes the session (a login, a draft) saves it anyway and moves the end with it.

    Sits below SessionMiddleware, so its mark is seen when the session is saved.
    """

    KUNCI = "_lkj_digeser"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        sesi = getattr(request, "session", None)
        # Only a logged-in user's session (not, say, the anonymous one of a password-reset link).
        if sesi is None or response.status_code == 500 or sesi.is_empty() or SESSION_KEY not in sesi:
            return response
        sekarang = int(time.time())
        if sesi.modified or sekarang - sesi.get(self.KUNCI, 0) >= settings.LKJ_SESI_GESER_DETIK:
            sesi[self.KUNCI] = sekarang
        return response


def tandai_masuk(sender, request, user, **kwargs):
    """A login saves the session and so moves its end: the five minutes count from there
    (``user_logged_in``, connected in ``LkjConfig.ready``)."""
    if request is not None and hasattr(request, "session"):
        request.session[SesiBergeserMiddleware.KUNCI] = int(time.time())
