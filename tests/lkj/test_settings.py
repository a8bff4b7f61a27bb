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
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="lkj.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="lkj.lumajangkab.go.id",
        LKJ_URL_PUBLIK="https://lkj.lumajangkab.go.id/",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_requires_a_public_address_for_the_qr_codes():
    base = {k: v for k, v in os.environ.items() if k != "LKJ_URL_PUBLIK"}
    prod = {**base, "DJANGO_SETTINGS_MODULE": "lkj.settings.production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "lkj.lumajangkab.go.id"}
    tanpa = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True, env=prod)
    assert tanpa.returncode != 0 and "LKJ_URL_PUBLIK wajib diisi" in tanpa.stderr
    salah = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
                           env={**prod, "LKJ_URL_PUBLIK": "lkj.lumajangkab.go.id"})
    assert salah.returncode != 0 and "harus alamat lengkap" in salah.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, capture_output=True, text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "lkj.settings.production"},
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY wajib diisi" in result.stderr


def test_database_url_points_the_app_elsewhere(tmp_path):
    db = tmp_path / "lain.sqlite3"
    result = _manage("shell", "-c", "from django.db import connection; print(connection.settings_dict['NAME'])",
                     DATABASE_URL=f"sqlite:///{db}", DJANGO_SETTINGS_MODULE="lkj.settings.dev")
    assert result.returncode == 0, result.stderr
    assert str(db) in result.stdout
