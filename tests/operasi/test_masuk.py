"""Sessions and login: a working day idle or a closed browser ends a session; the lockout keys on
username + the real client address behind the proxy and keeps the form; reset by e-mail or by the operator."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

SANDI = "lkj-demo-2025"


def _masuk(client, nama, sandi, xff=None):
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post("/masuk/", {"username": nama, "password": sandi}, **extra)


@pytest.fixture
def di_belakang_nginx(settings):
    """LKJ_PROXY_JUMLAH=1, as lkj.settings.base derives it."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0


def test_a_session_ends_after_a_working_day_idle_and_with_the_browser(client, opd):
    with time_machine.travel(datetime.datetime(2025, 10, 1, 7, 30, tzinfo=datetime.UTC), tick=False) as waktu:
        r = _masuk(client, "bambang", SANDI)
        assert r.status_code == 302
        kue = r.cookies["sessionid"]
        assert kue["expires"] == "" and kue["max-age"] == ""  # a browser-session cookie: gone when the browser closes
        waktu.shift(datetime.timedelta(hours=8, minutes=50))
        assert client.get("/e81/").status_code == 200  # active: every request moves the expiry
        waktu.shift(datetime.timedelta(hours=8, minutes=50))
        assert client.get("/e81/").status_code == 200
        waktu.shift(datetime.timedelta(hours=9, minutes=1))
        r = client.get("/e81/")
        assert r.status_code == 302 and r["Location"].startswith("/masuk/")


def _tulisan_sesi(client, url):
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return sum(1 for k in q.captured_queries if "django_session" in k["sql"] and not k["sql"].lstrip().upper().startswith("SELECT"))


def test_the_session_row_is_written_once_in_five_minutes_not_on_every_page(client, opd):
    """Moving the session's end costs a write; a user clicking through pages writes it once per five minutes,
    and the session still ends a working day (give or take those minutes) after his last page."""
    with time_machine.travel(datetime.datetime(2025, 10, 1, 7, 30, tzinfo=datetime.UTC), tick=False) as waktu:
        assert _masuk(client, "bambang", SANDI).status_code == 302
        for _ in range(3):
            waktu.shift(datetime.timedelta(minutes=1))
            assert _tulisan_sesi(client, "/e81/") == 0
        waktu.shift(datetime.timedelta(minutes=3))  # 7:36, six minutes after the login's save
        assert _tulisan_sesi(client, "/e81/") == 1
        assert _tulisan_sesi(client, "/e81/") == 0
        waktu.shift(datetime.timedelta(minutes=4))  # 7:40, the last page; the end stays 16:36
        assert _tulisan_sesi(client, "/e81/") == 0
        waktu.shift(datetime.timedelta(hours=8, minutes=55))  # 16:35
        assert client.get("/e81/").status_code == 200  # and this one moves the end again, to 01:35
        waktu.shift(datetime.timedelta(hours=9, minutes=1))
        n = Session.objects.count()
        r = client.get("/e81/")
        assert r.status_code == 302 and r["Location"].startswith("/masuk/")
        assert client.get("/masuk/").status_code == 200
        assert Session.objects.count() == n  # the browser's stale cookie starts no new session


def test_five_failures_lock_the_username_from_that_client_and_the_page_keeps_the_form(client, opd, di_belakang_nginx):
    for _ in range(4):
        assert _masuk(client, "bambang", "salah", xff="203.0.113.5").status_code == 200
    assert _masuk(client, "bambang", "salah", xff="203.0.113.5").status_code == 429  # the fifth locks
    r = _masuk(client, "bambang", SANDI, xff="203.0.113.5")  # the right password changes nothing until it ends
    assert r.status_code == 429
    html = r.content.decode()
    assert "dikunci sementara" in html and "Coba lagi setelah pukul" in html and "sekitar 15 menit" in html
    assert 'name="username"' in html and 'value="bambang"' in html and 'name="password"' in html
    assert "minta" in html and "operator mengatur ulang kata sandi" in html
    # A forged X-Forwarded-For is read from the proxy's end: still the same client, still locked.
    assert _masuk(client, "bambang", SANDI, xff="198.51.100.1, 203.0.113.5").status_code == 429
    # The same username from another office computer is not locked, nor another user from this one.
    assert _masuk(client, "bambang", SANDI, xff="203.0.113.9").status_code == 302
    client.logout()
    assert _masuk(client, "samsul", SANDI, xff="203.0.113.5").status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(client, opd):
    for i in range(5):
        _masuk(client, "bambang", "salah", xff=f"203.0.113.{i}")
    assert _masuk(client, "bambang", SANDI, xff="203.0.113.77").status_code == 429


def test_a_user_with_an_address_resets_the_password_by_email(client, opd):
    u = get_user_model().objects.get(username="bambang")
    u.email = "bambang@kedungjajang.go.id"
    u.save()
    assert "Lupa kata sandi?" in client.get("/masuk/").content.decode()
    r = client.post("/masuk/lupa/", {"email": "BAMBANG@kedungjajang.go.id"})
    assert r.status_code == 302 and r["Location"] == "/masuk/lupa/terkirim/"
    assert len(mail.outbox) == 1
    surel = mail.outbox[0]
    assert surel.subject == "Atur ulang kata sandi LKj" and surel.to == ["bambang@kedungjajang.go.id"]
    assert "berlaku 2 jam" in surel.body
    tautan = re.search(r"http://testserver(/masuk/atur/\S+/)", surel.body).group(1)
    r = client.get(tautan, follow=True)
    assert "Buat kata sandi baru" in r.content.decode()
    r = client.post(r.redirect_chain[-1][0], {"new_password1": "sandi-baru-yang-panjang", "new_password2": "sandi-baru-yang-panjang"})
    assert r.status_code == 302 and r["Location"] == "/masuk/atur/selesai/"
    assert _masuk(client, "bambang", "sandi-baru-yang-panjang").status_code == 302
    client.logout()
    assert "tidak berlaku lagi" in client.get(tautan, follow=True).content.decode()


def test_a_user_without_an_address_gets_no_mail_and_is_told_to_ask_the_operator(client, opd):
    assert not get_user_model().objects.get(username="samsul").email
    halaman = client.get("/masuk/lupa/").content.decode()
    assert "Akun tanpa alamat surel tidak dapat diatur ulang di sini: minta operator" in halaman
    r = client.post("/masuk/lupa/", {"email": "samsul@contoh.invalid"}, follow=True)
    assert mail.outbox == [] and "minta operator mengatur ulang kata sandi Anda" in r.content.decode()


def test_where_no_mail_can_be_sent_reset_is_off_and_the_login_page_names_the_operator(client, opd, settings):
    settings.LKJ_RESET_SUREL = False
    html = client.get("/masuk/").content.decode()
    assert "Lupa kata sandi?" not in html and "minta operator mengatur ulang kata sandinya" in html
    r = client.get("/masuk/lupa/")
    assert r.status_code == 404 and "minta operator" in r.content.decode()
