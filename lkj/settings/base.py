"""Settings shared by every environment; values come from the environment.

SQLite is the zero-setup default; ``DATABASE_URL`` (``postgres://…`` or
``sqlite:///path``) points the app elsewhere. Helpers below fail loudly on a
malformed value instead of silently falling back.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Variabel lingkungan {name} wajib diisi.")
    return value


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "ya", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "tidak", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} bukan nilai benar/salah yang dikenal.")


def env_url(name, default=None):
    """An absolute http(s) address without a trailing slash (printed in QR codes, read on a phone)."""
    from urllib.parse import urlsplit

    value = env_str(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name}={value!r} harus alamat lengkap yang dapat dibuka dari luar, misalnya https://lkj.lumajangkab.go.id."
        )
    return value


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-ganti-di-produksi")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Layers, bottom to top (an import never points up the list).
    "organisasi",
    "renja",
    "anggaran",
    "perjanjian",
    "lkj",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A write refused by the quarterly lock (e.g. in the admin) is shown as a message, not a 500.
    "organisasi.middleware.DataTerkunciMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware last, as its docs require.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Offices share one public IP: lock a username (per IP), never the whole office.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"

# Documents render off the request path (django-tasks, database backend; worker:
# `manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "lkj.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "lkj.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer. IMMEDIATE takes the write lock when a transaction begins, so the web
    # server and the document worker queue behind each other (up to `timeout` seconds) instead
    # of failing with "database is locked" half-way; this is what orders a save and a signature
    # on SQLite, as the OPD row lock does on PostgreSQL. WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Numbers are formatted by dasar.format (Indonesian rules); years and ids stay plain.
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("LKJ_MEDIA_ROOT", str(BASE_DIR / "media")))

# The public address printed in a signed PDF's QR code and verification line: whoever holds
# the paper opens <LKJ_URL_PUBLIK>/verifikasi/<kode>/ without logging in. Required in production.
LKJ_URL_PUBLIK = env_url("LKJ_URL_PUBLIK", "http://127.0.0.1:8000")

# Evidence files up to 10 MB and photos up to 15 MB are refused by the services with a
# clear message; the request itself may carry a little more (proxy: client_max_body_size 16m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "login"
