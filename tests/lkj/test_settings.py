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
