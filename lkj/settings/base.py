"""Settings shared by every environment; values come from the environment.

SQLite is the zero-setup default; ``DATABASE_URL`` (``postgres://…`` or
``sqlite:///path``) points the app elsewhere. Helpers below fail loudly on a
malformed value instead of silently falling back.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
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
    value = env_str(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name}={value!r} harus alamat lengkap yang dapat dibuka dari luar, misalnya https://lkj.lumajangkab.go.id."
        )
    return value


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} harus bilangan bulat.") from None


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
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Layers, bottom to top (an import never points up the list).
    "organisasi",
    "renja",
    "anggaran",
    "perjanjian",
    "lkj",
    "lkj.pengingat",
    "lkj.rekap",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A "database is locked" raised by a view becomes a 503 "coba lagi" (elsewhere: handler500).
    "lkj.operasi.middleware.BasisDataSibukMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lkj.operasi.middleware.SesiBergeserMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
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
# The lockout answer is the login page itself: the username kept, the time the lock ends (lkj.masuk).
AXES_LOCKOUT_CALLABLE = "lkj.masuk.terkunci"
# The client address behind reverse proxies (django-ipware, as django-axes documents it).
# LKJ_PROXY_JUMLAH = how many proxies stand in front of gunicorn (nginx alone: 1). Each appends
# the address it received from to X-Forwarded-For and the last one is REMOTE_ADDR, so the client
# is the entry LKJ_PROXY_JUMLAH - 1 places from the right; anything a client wrote further left
# is ignored (IPWARE_STRICT off: a forged, longer chain is read from the trusted end, not refused).
# 0 (no proxy): X-Forwarded-For is never read, a client could forge it.
LKJ_PROXY_JUMLAH = env_int("LKJ_PROXY_JUMLAH", 0)
if LKJ_PROXY_JUMLAH < 0:
    raise ImproperlyConfigured("LKJ_PROXY_JUMLAH tidak boleh negatif.")
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if LKJ_PROXY_JUMLAH else ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_COUNT = LKJ_PROXY_JUMLAH - 1 if LKJ_PROXY_JUMLAH else None
AXES_IPWARE_PROXY_ORDER = "left-most"
IPWARE_STRICT = False

# Sessions end after a working day without activity and when the browser closes: offices share PCs.
# The end moves with the user's requests, at most once per LKJ_SESI_GESER_DETIK (one session write in
# five minutes instead of one per page; lkj.operasi.middleware.SesiBergeserMiddleware).
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
LKJ_SESI_GESER_DETIK = env_int("LKJ_SESI_GESER_DETIK", 5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Outgoing mail — password reset links, and the notifications and deadline reminders the background
# worker sends — in one place, for every settings module: SMTP when LKJ_EMAIL_HOST is set, otherwise
# written to the console (the worker's log). STARTTLS (LKJ_EMAIL_TLS, on by default), or LKJ_EMAIL_SSL (port 465).
LKJ_EMAIL_HOST = env_str("LKJ_EMAIL_HOST", "")
if LKJ_EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = LKJ_EMAIL_HOST
    EMAIL_PORT = env_int("LKJ_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("LKJ_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("LKJ_EMAIL_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("LKJ_EMAIL_SSL", False)
    EMAIL_USE_TLS = not EMAIL_USE_SSL and env_bool("LKJ_EMAIL_TLS", True)  # the two exclude each other
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("LKJ_EMAIL_DARI", "LKj <lkj@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A reset link works once, for two hours. Users without an address are reset by the operator.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
LKJ_RESET_SUREL = True  # production: only when SMTP is configured

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
                "lkj.context_processors.navigasi",
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
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

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
# collectstatic writes here and whitenoise serves from here (production); LKJ_STATIC_ROOT moves it.
STATIC_ROOT = Path(env_str("LKJ_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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

# Logs: one JSON line per event on stdout (dasar.log.FormatJson); the service manager
# (systemd/journald, a container runtime) keeps them. LKJ_LOG_LEVEL raises or lowers the noise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "dasar.log.FormatJson"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env_str("LKJ_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console only under DEBUG, mail_admins) are replaced by the one above.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # django-tasks-db adds a plain handler of its own when none is configured.
        "django_tasks": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},  # a banner on every command, a line per attempt; lockouts stay
        "weasyprint.progress": {"level": "WARNING"},  # one line per rendering step
    },
}

# The render worker (manage.py pekerja) writes a heartbeat every LKJ_DENYUT_DETIK seconds;
# /sehat/ reports it missing after LKJ_DENYUT_BATAS_DETIK. With the database task backend a
# worker must run; with an inline backend (tests) there is none to wait for.
LKJ_DENYUT_DETIK = 15
LKJ_DENYUT_BATAS_DETIK = 90
LKJ_PEKERJA_WAJIB = TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"

# Quarters whose measurement each process keeps, keyed on the OPD's data stamp (lkj.selectors); 0: off.
# Sized for a pemda on one server: 60 OPDs' quarter and the one before (Kinerja Saya's change column) and
# the camat's office overviews, kept in as many entries, are about 180 entries. An entry of the demo's quarter
# holds about 0,6 MiB of Python objects: a gunicorn worker of the 60-OPD bench holds about 240 MiB once warm
# (bench/README.md, 30-11-2026). With 64 entries the 60 OPDs pushed each other out: a server up for a while
# served the page mix no faster than one just started (45,9 req/s), against 77,4 with these sizes.
LKJ_CACHE_PENGUKURAN = env_int("LKJ_CACHE_PENGUKURAN", 256)
# Small results pages recomputed on every request, under the same stamps (organisasi.cache_stempel): the
# parties of a quarter's reports, who answers what waits on a pegawai, what a report still lacks; entries
# of each such cache, 0: off. (The camat's office overview, which holds rows and their measurement, is kept
# in LKJ_CACHE_PENGUKURAN entries.)
LKJ_CACHE_TAMPILAN = env_int("LKJ_CACHE_TAMPILAN", 1000)
# Django's caches, each process its own memory: "default" for the small counters (the verification's rate
# limit, the recap's queue mark); "halaman" for rendered page fragments keyed on the data stamp (the E.81
# page's table, ~0,1 MB each: 400 hold 60 OPDs' four quarters), apart so that culling fragments never drops a
# counter.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lkj-baku"},
    "halaman": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lkj-halaman",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": env_int("LKJ_CACHE_HALAMAN", 400)},
    },
}
LKJ_RENDER_TERPISAH = True

# The pemda recap measures at most this many OPDs whose figures changed on a request (~0,3 s each); the
# rest go to the background worker and show their last figures, marked, meanwhile (lkj.rekap).
LKJ_REKAP_HITUNG_LANGSUNG = int(env_str("LKJ_REKAP_HITUNG_LANGSUNG", "6"))
# A PDF is made in a forked child (lkj.dokumen.render.pdf) that may spend this much CPU time (the demo's
# longest document, the OPD LKj, takes about 11 s), wait this long in all (a saturated machine, e.g. the
# whole kabupaten printing, gives a render a small share of a core: waiting is not the document's fault),
# and take this much address space beyond what its parent had; past any of them it is stopped with a
# message. A render still "proses" past the wall limit lost its worker (lkj.dokumen.services.batas_basi).
LKJ_RENDER_BATAS_CPU_DETIK = int(env_str("LKJ_RENDER_BATAS_CPU_DETIK", "120"))
LKJ_RENDER_BATAS_DETIK = int(env_str("LKJ_RENDER_BATAS_DETIK", "600"))
LKJ_RENDER_MEMORI_MB = int(env_str("LKJ_RENDER_MEMORI_MB", "1024"))

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script anywhere (confirmations are data-konfirmasi attributes read by static/lkj/lkj.js;
# htmx is told not to inject its indicator <style>). The document preview, which is the PDF's own
# HTML with inline table widths, adds inline styles for itself only (lkj.tinjauan.views.pratinjau).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],  # the report page frames its own preview
    },
}

# Master data in the admin (django-import-export, organisasi.impor_ekspor): a file is previewed in a
# transaction that is rolled back and written in one that is rolled back whole on any error, rows
# refused by validation included (the admin passes rollback_on_validation_errors). Every row written
# is logged in the admin's history.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_SKIP_ADMIN_CONFIRM = False

# An uploaded LRA or planning workbook waiting for confirmation is deleted after this many hours
# (organisasi.draf; also by `manage.py bersihkan`).
LKJ_DRAF_UMUR_JAM = 24
