"""gunicorn for LKj: `gunicorn -c gunicorn.conf.py lkj.wsgi` (deploy/lkj-web.service, make prod-check).

Sized for the 2-core server this app is measured on; every value can be changed from the
environment without editing this file. The document worker is a separate process
(`manage.py pekerja`, deploy/lkj-pekerja.service): PDFs never render in a web worker,
except the signed PDF, which is rendered inside the signature's transaction.
"""

import multiprocessing
import os

wsgi_app = "lkj.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Pages are CPU-bound, so sync workers, one per core plus one — 3 on 2 cores — for a request that waits (a
# signature waits for its PDFs, an upload for its import). More workers only share the same cores, each with
# its own cold caches: bench/beban.sh's closed loop (60 OPDs, 50 users, PostgreSQL) served 12,1 req/s with
# gunicorn's rule of thumb (2 × cores + 1 = 5), 14,2 with 3, 16,8 with 2; 2 processes × 4 threads (gthread)
# 12,1 (bench/README.md). A fourth request waits in the listen queue rather than in the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A worker is killed after this many seconds of silence. A signature renders its PDF inside
# the request (~0,5 s a page; lkj.dokumen.render stops a PDF at LKJ_RENDER_BATAS_CPU_DETIK of CPU), and a
# write may wait up to 20 s for SQLite's lock; 120 s covers both with room.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so a slow leak (a big upload, a long report) never accumulates.
max_requests = 1000
max_requests_jitter = 100
# Load the app in each worker, not the master: the program hash of the data stamp is then
# taken by the processes that serve, and a reload picks up a new release.
preload_app = False
# The request line and headers limits stay gunicorn's defaults; bodies are limited by Django
# (DATA_UPLOAD_MAX_MEMORY_SIZE) and by the reverse proxy (client_max_body_size 16m).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True

# Logs: JSON lines on stdout, like the application's own (dasar.log).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "dasar.log.FormatJson"},
        "akses": {"()": "dasar.log.FormatAksesGunicorn"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "akses"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
