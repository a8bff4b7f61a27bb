#!/usr/bin/env bash
# paket-sistem.sh — the Debian packages LKj needs, installed only when missing.
#
#   scripts/paket-sistem.sh run    what `make run` needs: Python's venv, WeasyPrint's libraries, fonts
#   scripts/paket-sistem.sh test   the above plus what `make test` reads documents and drives pages with
#                                  (poppler-utils: pdftotext/pdftoppm; chromium-headless-shell: the browser tests)
#   scripts/paket-sistem.sh ci     the above plus a PostgreSQL server (the CI's second suite)
#
# Asks dpkg (offline, instant) which are installed. Nothing missing: does nothing, not even
# `apt-get update`. Something missing and running as root: `apt-get update` once, then installs
# exactly what is missing. Not root: prints the one `sudo apt-get install …` line to run and
# exits 1, so `make` stops at once instead of failing half-way through the tests.
# Used by the Makefile and by .ci/run: one list of packages for both.
set -euo pipefail

tujuan=${1:-test}
case $tujuan in run | test | ci) ;; *)
    echo "paket-sistem: tujuan tidak dikenal: '$tujuan' (pakai run, test atau ci)" >&2
    exit 2
    ;;
esac

# No dpkg: not Debian. Say what is needed and let the caller go on (a developer on another
# system installs these by hand; the tests then say which tool is missing).
if ! command -v dpkg-query >/dev/null; then
    echo "paket-sistem: bukan sistem Debian; pastikan Pango, HarfBuzz, fon DejaVu, poppler-utils dan Chromium terpasang." >&2
    exit 0
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# `python3 -m venv` needs ensurepip, which Debian splits into python3-venv. Importing venv is
# not enough to know, so make a real (throwaway) venv. A pyenv python has ensurepip built in.
venv_works() {
    local t rc=0
    t=$(mktemp -d)
    python3 -m venv "$t/v" >/dev/null 2>&1 || rc=1
    rm -rf -- "$t"
    return "$rc"
}

missing=()
if ! command -v python3 >/dev/null; then
    missing+=(python3 python3-venv)
elif [[ ! -x .venv/bin/python ]] && ! venv_works; then
    missing+=(python3-venv)
fi
command -v make >/dev/null || missing+=(make)

# WeasyPrint loads Pango/HarfBuzz at import. The documents ship their own fonts; DejaVu is
# fontconfig's fallback for the pages' glyphs the shipped fonts lack.
paket=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2)
[[ $tujuan != run ]] && paket+=(poppler-utils chromium-headless-shell)
for p in "${paket[@]}"; do
    installed "$p" || missing+=("$p")
done

need_pg=0
if [[ $tujuan == ci ]] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    need_pg=1
fi

((${#missing[@]} || need_pg)) || exit 0

if ((EUID != 0)); then
    ((need_pg)) && missing+=(postgresql)
    echo "paket-sistem: paket Debian berikut belum terpasang. Jalankan:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "== apt-get: memasang ${missing[*]:-}$( ((need_pg)) && echo ' (dan server PostgreSQL)') ==" >&2
apt-get update -q -o Acquire::Retries=3 >&2

policy_rc_made=0
if ((need_pg)); then
    # Prefer 15 (what production runs); otherwise the distribution's default major.
    if apt-cache show postgresql-15 >/dev/null 2>&1; then missing+=(postgresql-15); else missing+=(postgresql); fi
    # The package's postinst would create and start a "main" cluster on port 5432. The CI runs
    # its own throwaway server, so tell invoke-rc.d not to start services (Debian's policy-rc.d).
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        policy_rc_made=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
fi

apt-get install -y -q --no-install-recommends -o Acquire::Retries=3 "${missing[@]}" >&2

if ((need_pg)) && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    echo "paket-sistem: tidak ada server PostgreSQL di /usr/lib/postgresql setelah pemasangan" >&2
    exit 1
fi
((policy_rc_made)) && rm -f /usr/sbin/policy-rc.d
exit 0
