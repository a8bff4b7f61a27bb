#!/usr/bin/env bash
# prod-check.sh — the production setup, end to end, on a throwaway PostgreSQL (`make prod-check`).
#
#   1. a throwaway PostgreSQL (scripts/pg-sementara.sh), media and static folders in one temp dir;
#   2. with lkj.settings.production: check --deploy, migrate, the demo, collectstatic;
#   3. gunicorn (gunicorn.conf.py) on a free loopback port and the render worker (manage.py pekerja);
#   4. scripts/jalan-produksi.py walks /sehat/ → login → E.81 → request a PDF → wait for the
#      worker → download (SHA-256 checked) → security headers → logout;
#   5. a trap stops gunicorn, the worker and PostgreSQL and removes the temp dir, however this ends.
#
# Talks only to 127.0.0.1 and a unix socket. Takes about a minute. Exit 0 only if every step passed.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}

dir=
web=
worker=
pg_started=

bagian() { printf '== [%3ds] %s ==\n' "$SECONDS" "$*"; }

cleanup() {
    local rc=$?
    # No errexit in here: a process that died of our TERM (wait → 143) must not skip stopping PostgreSQL.
    set +e
    if [[ -n $web ]]; then kill "$web" 2>/dev/null; wait "$web" 2>/dev/null; fi
    if [[ -n $worker ]]; then kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null; fi
    if [[ -n $pg_started ]]; then
        scripts/pg-sementara.sh stop "$dir/pg" >/dev/null 2>&1 || echo "prod-check: PERINGATAN: PostgreSQL di $dir/pg tidak dapat dihentikan" >&2
    fi
    [[ -n $dir ]] && rm -rf -- "$dir"
    if ((rc == 0)); then echo "prod-check: BERHASIL"; else echo "prod-check: GAGAL (kode $rc)" >&2; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Under /tmp so that the server account pg-sementara uses when run as root can reach it.
dir=$(mktemp -d /tmp/lkj-prod-check.XXXXXX)
chmod 755 "$dir"
mkdir "$dir/pg" "$dir/media" "$dir/static"
pg_started=1
bagian "PostgreSQL sementara"
url=$(scripts/pg-sementara.sh start "$dir/pg" | tail -n1)

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=lkj.contoh.go.id
export DJANGO_SETTINGS_MODULE=lkj.settings.production
export DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64)
export DJANGO_ALLOWED_HOSTS="$host,127.0.0.1"
export DJANGO_CSRF_TRUSTED_ORIGINS="https://$host"
export LKJ_URL_PUBLIK="https://$host"
export DATABASE_URL=$url
export LKJ_MEDIA_ROOT=$dir/media
export LKJ_STATIC_ROOT=$dir/static
export LKJ_LRA_DRAF_DIR=$dir/draf-lra LKJ_RENJA_DRAF_DIR=$dir/draf-renja
export GUNICORN_BIND=127.0.0.1:$port
export GUNICORN_WORKERS=${GUNICORN_WORKERS:-3}
export LKJ_LOG_LEVEL=WARNING

bagian "check --deploy, collectstatic (latar), migrate, demo"
"$PY" manage.py check --deploy --fail-level WARNING
# collectstatic needs no database: it compresses the static files while migrate and the demo run.
"$PY" manage.py collectstatic --noinput -v0 >"$dir/collectstatic.log" 2>&1 &
statis=$!
"$PY" manage.py migrate --noinput -v0
bagian "demo"
"$PY" manage.py demo
wait "$statis" || { cat "$dir/collectstatic.log"; exit 1; }
echo "   collectstatic: $(find "$dir/static" -type f | wc -l) berkas di $dir/static"

bagian "gunicorn di 127.0.0.1:$port dan pekerja dokumen"
"$GUNICORN" -c gunicorn.conf.py >"$dir/web.log" 2>&1 &
web=$!
"$PY" manage.py pekerja --interval 0.5 --no-startup-delay >"$dir/pekerja.log" 2>&1 &
worker=$!

# Ready when /sehat/ answers 200: the database, storage and the worker's first heartbeat.
for i in $(seq 1 60); do
    if ! kill -0 "$web" 2>/dev/null; then echo "gunicorn berhenti:"; cat "$dir/web.log"; exit 1; fi
    if ! kill -0 "$worker" 2>/dev/null; then echo "pekerja berhenti:"; cat "$dir/pekerja.log"; exit 1; fi
    "$PY" -c 'import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.request("GET", "/sehat/", headers={"Host": sys.argv[2]})
sys.exit(c.getresponse().status != 200)' "$port" "$host" 2>/dev/null && break
    sleep 0.5
done

bagian "jalan pengguna"
rc=0
"$PY" scripts/jalan-produksi.py "http://127.0.0.1:$port" "$host" bambang lkj-demo-2025 7.01.0.00.0.00.21.0000 || rc=$?
if ((rc != 0)); then
    echo "--- log gunicorn ---"; tail -n 40 "$dir/web.log"
    echo "--- log pekerja ---"; tail -n 40 "$dir/pekerja.log"
    exit "$rc"
fi
bagian "log (JSON per baris)"
tail -n 3 "$dir/web.log"
