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
# signature waits for its PDFs, an upload for its import). bench/beban.sh's closed loop (60 OPDs, 50 users,
# PostgreSQL, caches warm) served 77,4 req/s with 3 workers and 73,9–74,5 with 4 (bench/README.md, 30-11-2026,
# before the PK rows were kept);
# 5 (gunicorn's rule of thumb, 2 × cores + 1) did worse than 3 before, each worker having its own caches to
# fill, and threads worse still (the GIL: 2 processes × 4 threads, 12,1 req/s against 14,2, 29-11-2026).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A worker is killed after this many seconds of silence. A signature renders its PDF inside
# the request (~0,5 s a page; lkj.dokumen.render stops a PDF at LKJ_RENDER_BATAS_CPU_DETIK of CPU), and a
# write may wait up to 20 s for SQLite's lock; 120 s covers both with room.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# Recycle a worker now and then so a slow leak (a big upload, a long report) never accumulates — but seldom:
# a new worker starts with empty caches and measures every quarter its users open again (a kabupaten's pages
# warm up in about 1.500 requests). At 80 req/s over 3 workers, 20.000 is a worker's work of about 12 minutes.
max_requests = 20000
max_requests_jitter = 2000
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
