from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the finders; no collectstatic outside production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Tasks run inline in tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LKJ_PEKERJA_WAJIB = False  # so /sehat/ waits for no render worker

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: threads of one test (the race tests, the
    # browser tests' live server) then lock and wait as two processes do in production, instead
    # of failing with "database table is locked". One file per test process.
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"lkj-uji-{os.getpid()}.sqlite3"),
    }
    # The race tests hold the single SQLite writer through a signature (two PDF renders); on a
    # busy machine that outlasts production's 20 s wait, and the waiting save would fail with
    # "database is locked" instead of waiting as the test expects.
    DATABASES["default"]["OPTIONS"]["timeout"] = 120  # noqa: F405
