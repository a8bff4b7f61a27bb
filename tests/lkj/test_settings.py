"""Production settings pass Django's deployment checks; DATABASE_URL is honoured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    full_env = {**os.environ, **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True)


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="lkj.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="lkj.lumajangkab.go.id",
        LKJ_URL_PUBLIK="https://lkj.lumajangkab.go.id/",
    )
    assert result.returncode == 0, result.stdout + result.stderr


_PROD = {
    "DJANGO_SETTINGS_MODULE": "lkj.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "lkj.lumajangkab.go.id",
    "LKJ_URL_PUBLIK": "https://lkj.lumajangkab.go.id/",
}
_SUREL = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, s.LKJ_RESET_SUREL, sep='|')"
)


def _surel(**env):
    bersih = {k: v for k, v in os.environ.items() if "EMAIL" not in k}
    hasil = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _SUREL], cwd=ROOT, capture_output=True, text=True, env={**bersih, **_PROD, **env}
    )
    assert hasil.returncode == 0, hasil.stderr
    return hasil.stdout.strip().splitlines()[-1].split("|")


def test_production_mail_comes_from_the_lkj_email_variables_of_the_deployment_example():
    """Notifications, reminders and password resets all go through the SMTP server of deploy/lkj.env.contoh."""
    contoh = dict(
        baris.split("=", 1) for baris in (ROOT / "deploy" / "lkj.env.contoh").read_text().splitlines() if baris.startswith("LKJ_EMAIL_")
    )
    contoh = {k: v.strip('"') for k, v in contoh.items()}
    assert _surel(**contoh) == [
        "smtp",
        "smtp.lumajangkab.go.id",
        "587",
        "lkj@lumajangkab.go.id",
        "True",
        "False",
        "LKj Kabupaten Lumajang <lkj@lumajangkab.go.id>",
        "True",
    ]
    assert _surel(**{**contoh, "LKJ_EMAIL_SSL": "1", "LKJ_EMAIL_PORT": "465"})[1:6] == [
        "smtp.lumajangkab.go.id",
        "465",
        "lkj@lumajangkab.go.id",
        "False",
        "True",
    ]
    # Without a mail server nothing is sent to a guessed one: mails go to the log and no reset by e-mail is offered.
    tanpa = _surel()
    assert tanpa[0] == "console" and tanpa[-1] == "False"


def test_production_requires_a_public_address_for_the_qr_codes():
    base = {k: v for k, v in os.environ.items() if k != "LKJ_URL_PUBLIK"}
    prod = {
        **base,
        "DJANGO_SETTINGS_MODULE": "lkj.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "lkj.lumajangkab.go.id",
    }
    tanpa = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, env=prod)
    assert tanpa.returncode != 0 and "LKJ_URL_PUBLIK wajib diisi" in tanpa.stderr
    salah = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**prod, "LKJ_URL_PUBLIK": "lkj.lumajangkab.go.id"},
    )
    assert salah.returncode != 0 and "harus alamat lengkap" in salah.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "lkj.settings.production"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY wajib diisi" in result.stderr


def test_database_url_points_the_app_elsewhere(tmp_path):
    db = tmp_path / "lain.sqlite3"
    result = _manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.settings_dict['NAME'])",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="lkj.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert str(db) in result.stdout


def test_make_run_settings_show_the_app_as_users_see_it():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS")}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; print(s.DEBUG, sorted(s.ALLOWED_HOSTS), s.WHITENOISE_USE_FINDERS, s.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "lkj.settings.dev"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "False ['127.0.0.1', 'localhost'] True django.core.mail.backends.console.EmailBackend"
    assert "make run" in (ROOT / "Makefile").read_text()


def test_without_debug_a_missing_page_is_the_apps_own_and_static_files_come_from_whitenoise(client, db):
    r = client.get("/tidak-ada/")
    html = r.content.decode()
    assert r.status_code == 404 and "Halaman tidak ditemukan" in html and "URLconf" not in html
    css = client.get("/static/lkj/lkj.css")
    assert css.status_code == 200 and b"navbar-lkj" in b"".join(css.streaming_content)
