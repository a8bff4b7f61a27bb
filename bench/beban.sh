#!/usr/bin/env bash
# beban.sh — the page mix under load on the production setup: PostgreSQL, gunicorn, 60 OPDs.
#
#   bench/beban.sh [ARGS FOR bench/beban.py …]
#
#   1. a throwaway PostgreSQL (scripts/pg-sementara.sh) and media/static folders in one temp dir;
#   2. with lkj.settings.production: migrate, `demo --kabupaten $BEBAN_OPD` (60), collectstatic;
#   3. gunicorn (gunicorn.conf.py: workers = cores + 1 unless GUNICORN_WORKERS says otherwise);
#   4. bench/beban.py: logs in, then the open loop (20 req/s offered) and the closed loop (50 users);
#   5. a trap stops gunicorn and PostgreSQL and removes the temp dir, however this ends.
#
# Environment:
#   BEBAN_OPD=60            OPDs of the synthetic kabupaten
#   BEBAN_DB_URL=…          use this database as it is (already migrated and loaded: no PostgreSQL
#                           started, no migrate, no load) — to measure two versions of the code on
#                           one loaded database; BEBAN_MEDIA names its media folder
#   BEBAN_MIGRATE=1         with BEBAN_DB_URL: migrate it first (a newer tree)
#   BEBAN_PG_DIR=…          with BEBAN_DB_URL: the pg-sementara folder of that database, so the
#                           PostgreSQL server's CPU is counted beside gunicorn's
# Loading 60 OPDs through the real loaders takes about 5 s of CPU per OPD.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}
OPD=${BEBAN_OPD:-60}

dir=
web=
pg_started=

bagian() { printf '== [%4ds] %s ==\n' "$SECONDS" "$*"; }

cleanup() {
    local rc=$?
    set +e
    if [[ -n $web ]]; then kill "$web" 2>/dev/null; wait "$web" 2>/dev/null; fi
    if [[ -n $pg_started ]]; then scripts/pg-sementara.sh stop "$dir/pg" >/dev/null 2>&1; fi
    [[ -n $dir ]] && rm -rf -- "$dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

dir=$(mktemp -d /tmp/lkj-beban.XXXXXX)
chmod 755 "$dir"
mkdir -p "$dir/pg" "$dir/media" "$dir/static" bench/out

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
host=lkj.contoh.go.id
export DJANGO_SETTINGS_MODULE=lkj.settings.production
DJANGO_SECRET_KEY=$(head -c 48 /dev/urandom | base64)
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS="$host,127.0.0.1"
export DJANGO_CSRF_TRUSTED_ORIGINS="https://$host"
export LKJ_URL_PUBLIK="https://$host"
export LKJ_STATIC_ROOT=$dir/static
export LKJ_LRA_DRAF_DIR=$dir/draf-lra LKJ_RENJA_DRAF_DIR=$dir/draf-renja
export GUNICORN_BIND=127.0.0.1:$port
export LKJ_LOG_LEVEL=WARNING GUNICORN_LOGLEVEL=warning

if [[ -n ${BEBAN_DB_URL:-} ]]; then
    export DATABASE_URL=$BEBAN_DB_URL
    export LKJ_MEDIA_ROOT=${BEBAN_MEDIA:-$dir/media}
    if [[ -n ${BEBAN_MIGRATE:-} ]]; then
        bagian "migrate"
        "$PY" manage.py migrate --noinput -v0
    fi
else
    pg_started=1
    bagian "PostgreSQL sementara"
    DATABASE_URL=$(scripts/pg-sementara.sh start "$dir/pg" | tail -n1)
    BEBAN_PG_DIR=$dir/pg
    export DATABASE_URL
    export LKJ_MEDIA_ROOT=$dir/media
    bagian "migrate"
    "$PY" manage.py migrate --noinput -v0
    bagian "demo --kabupaten $OPD"
    /usr/bin/time -f "   muat: %e s dinding, %U s CPU pengguna" "$PY" manage.py demo --kabupaten "$OPD" | tail -n 2
fi
bagian "collectstatic"
"$PY" manage.py collectstatic --noinput -v0

bagian "gunicorn di 127.0.0.1:$port (${GUNICORN_WORKERS:-inti + 1} pekerja)"
"$GUNICORN" -c gunicorn.conf.py >"$dir/web.log" 2>&1 &
web=$!
for _ in $(seq 1 60); do
    kill -0 "$web" 2>/dev/null || { cat "$dir/web.log"; exit 1; }
    "$PY" -c 'import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.request("GET", "/masuk/", headers={"Host": sys.argv[2], "X-Forwarded-Proto": "https"})
sys.exit(c.getresponse().status != 200)' "$port" "$host" 2>/dev/null && break
    sleep 0.5
done

bagian "beban ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
pid=(--pid-server "$web")
if [[ -n ${BEBAN_PG_DIR:-} && -f $BEBAN_PG_DIR/data/postmaster.pid ]]; then
    pid+=(--pid-server "$(head -n1 "$BEBAN_PG_DIR/data/postmaster.pid")")
fi
echo "   CPU: gunicorn ${pid[1]}${pid[3]:+, PostgreSQL ${pid[3]}}; $(nproc) inti; beban mesin: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" bench/beban.py "http://127.0.0.1:$port" --host "$host" --opd "$OPD" "${pid[@]}" "$@"
grep -c '"status": 5' "$dir/web.log" >/dev/null 2>&1 && { echo "--- 5xx di log gunicorn ---"; grep '"status": 5' "$dir/web.log" | tail -n 5; } || true
