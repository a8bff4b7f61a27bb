#!/usr/bin/env bash
# pg-sementara.sh — a throwaway ("sementara") PostgreSQL server for tests and CI.
#
#   scripts/pg-sementara.sh start [DIR]   start a server whose data, socket and logs all live in
#                                         DIR (must be empty; a new `mktemp -d` under /tmp if
#                                         omitted). Prints DATABASE_URL as the LAST line of stdout.
#   scripts/pg-sementara.sh stop DIR      stop that server and delete DIR.
#
# Everything except the URL goes to stderr, so this works:
#   url=$(scripts/pg-sementara.sh start "$dir") && DATABASE_URL=$url make test
#
# What you get: superuser `lkj` (so pytest-django may CREATE DATABASE test_lkj), trust auth,
# an empty database `lkj`, listening ONLY on a unix socket inside DIR (no TCP at all). Because
# the socket lives in a private directory, the port number is just part of the socket's file
# name and can never clash with another server, so no free-port search is needed.
# The URL names the socket directory as a percent-encoded host
# (postgres://lkj@%2Ftmp%2Fpg-sementara.X%2Frun:54329/lkj), which both dj-database-url
# (HOST=/tmp/…/run) and libpq/psycopg2 understand.
#
# Environment:
#   PG_SEMENTARA_USER  account the server runs as when this is started by root, because
#                      PostgreSQL refuses to run as root (default lkjci; created as a system
#                      user if missing). A non-root caller runs the server as itself.
#   PG_SEMENTARA_PORT  port number / socket name (default 54329)
#   PG_BINDIR          server binaries (default: newest /usr/lib/postgresql/*/bin, Debian layout)
set -euo pipefail

MARKER=.pg-sementara   # `stop` deletes only directories carrying this file, never anything else

log() { printf 'pg-sementara: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# Newest installed server version; sort -V so that 15 beats 9.6.
find_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/initdb ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
        printf '%s\n' "$PG_BINDIR"
        return
    fi
    local initdbs=() best
    shopt -s nullglob
    initdbs=(/usr/lib/postgresql/*/bin/initdb)
    shopt -u nullglob
    ((${#initdbs[@]})) || die "no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)"
    best=$(printf '%s\n' "${initdbs[@]}" | sort -V | tail -n1)
    printf '%s\n' "${best%/initdb}"
}

# Run a server command as the account that owns the cluster. Root has to drop privileges
# (runuser, util-linux, always on Debian); cd / first so the server account is not left in
# a working directory it cannot read. Anyone else already is that account.
as_owner() {
    if ((EUID == 0)); then
        (cd / && runuser -u "$owner" -- "$@")
    else
        "$@"
    fi
}

# Percent-encode everything but RFC 3986 unreserved characters (for the socket path in the URL).
urlencode() {
    local LC_ALL=C s=$1 out='' c i # C locale: walk bytes, so non-ASCII encodes as UTF-8 bytes
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s\n' "$out"
}

cmd_start() {
    # Not `local`: the EXIT trap below runs after this function has returned and needs them.
    dir=${1:-} created=0 started=0 ok=0 bindir='' sock='' url='' port=${PG_SEMENTARA_PORT:-54329}
    owner=$(id -un)
    if ! [[ $port =~ ^[0-9]+$ ]] || ((port < 1024 || port > 65535)); then
        die "bad PG_SEMENTARA_PORT=$port"
    fi

    # On any failure below: stop a half-started server and drop a directory we made ourselves.
    # (A directory the caller gave us is the caller's to remove.)
    # shellcheck disable=SC2317  # invoked via trap
    on_exit() {
        ((ok)) && return
        if ((started)) && [[ -f $dir/data/postmaster.pid ]]; then
            log "start failed; stopping the server"
            as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
        fi
        [[ -f $dir/server.log ]] && { log "server.log:"; tail -n 30 "$dir/server.log" >&2; }
        ((created)) && rm -rf -- "$dir"
        return 0
    }
    trap on_exit EXIT

    if [[ -z $dir ]]; then
        # Always under /tmp, not $TMPDIR: the server account must be able to reach the
        # directory (a root TMPDIR such as /root/tmp would not be), and unix socket paths
        # are limited to ~107 bytes.
        dir=$(mktemp -d /tmp/pg-sementara.XXXXXX)
        created=1
    else
        [[ -d $dir ]] || die "$dir is not a directory"
        [[ -z $(ls -A -- "$dir") ]] || die "$dir is not empty"
    fi
    dir=$(cd -- "$dir" && pwd -P) # absolute: it goes into postgresql.conf and the URL
    sock=$dir/run
    ((${#sock} + 20 < 108)) || die "socket path $sock/.s.PGSQL.$port is too long for a unix socket"

    bindir=$(find_bindir)
    printf 'bindir=%s\n' "$bindir" >"$dir/$MARKER"
    mkdir "$sock"

    if ((EUID == 0)); then
        owner=${PG_SEMENTARA_USER:-lkjci}
        if ! id -u "$owner" >/dev/null 2>&1; then
            log "creating system user $owner (PostgreSQL will not run as root)"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$owner"
        fi
        chown -R "$owner:" "$dir"
    fi
    chmod 700 "$dir"

    log "initdb ($("$bindir/postgres" --version)) in $dir/data as $owner"
    # C.UTF-8 ships with glibc on Debian 12, so no locales package is needed.
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U lkj -A trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    fi

    # Socket only, and no durability: this cluster is thrown away, so fsync would only slow tests.
    cat >>"$dir/data/postgresql.conf" <<EOF

# --- pg-sementara ---
listen_addresses = ''
unix_socket_directories = '${sock//\'/\'\'}'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    started=1 # from here a failure may leave a postmaster behind; on_exit stops it
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2 ||
        die "pg_ctl start failed"

    # Created by the caller, not the server account: this also proves the caller can reach
    # the socket, which is what the tests will do.
    "$bindir/createdb" -h "$sock" -p "$port" -U lkj lkj || die "createdb lkj failed"

    url="postgres://lkj@$(urlencode "$sock"):$port/lkj"
    log "running; stop with: $0 stop $dir"
    ok=1
    printf '%s\n' "$url"
}

cmd_stop() {
    local dir=${1:-} bindir
    [[ -n $dir ]] || usage
    if [[ ! -d $dir ]]; then
        log "$dir does not exist; nothing to stop"
        return 0
    fi
    [[ -f $dir/$MARKER ]] || die "$dir was not made by pg-sementara.sh; refusing to touch it"

    bindir=$(sed -n 's/^bindir=//p' "$dir/$MARKER")
    if [[ -f $dir/data/postmaster.pid ]]; then
        owner=$(stat -c %U "$dir/data")
        # `status` first: a stale pid file (crashed server) must not make stop fail.
        if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2; then
                log "fast shutdown failed; trying immediate"
                as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 ||
                    die "could not stop the server in $dir"
            fi
        fi
    fi
    rm -rf -- "$dir"
    log "stopped and removed $dir"
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    *) usage ;;
esac
