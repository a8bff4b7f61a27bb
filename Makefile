# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: paket-run paket-test install migrate demo run lint test check-deploy prod-check

# The Debian packages each command needs, installed when missing (as root) or named in the one
# `apt-get install` line to run (otherwise); instant when everything is there. Shared with .ci/run.
paket-run:
	@scripts/paket-sistem.sh run

paket-test:
	@scripts/paket-sistem.sh test

$(BIN)/python: | paket-run
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

# The document worker renders PDFs off the request path; it stops with the server.
# Signed PDFs carry a QR code to this server's verification page.
run: export LKJ_URL_PUBLIK ?= http://$(HOST)
run: paket-run demo
	$(BIN)/python manage.py demo --logins
	$(BIN)/python manage.py pekerja --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# Lint and format (ruff.toml): part of every test run, so CI refuses unformatted code too.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# One pytest worker per core (pytest-xdist); each worker builds its test database from the models
# (--nomigrations; tests/test_migrasi.py holds the migrations equal to them) and loads the
# demo once; the renders of every document are made once per run and shared by the workers
# (tests/dokumen/conftest.py). PYTEST_ARGS adds to it, e.g. PYTEST_ARGS="tests/lkj -n0".
# The whole suite: 180,0 s on SQLite and 209,7 s on PostgreSQL, on a quiet 2-core machine (30-11-2026). It is
# CPU-bound, so a third worker is slower (537,6 s against 487,6 s for -n auto, measured the same day on a
# slower machine), and --dist worksteal (470,1 s there) is within the default's spread (470,5-500,9 s).
test: paket-test install lint
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

check-deploy: install
	DJANGO_SETTINGS_MODULE=lkj.settings.production DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	DJANGO_ALLOWED_HOSTS=lkj.example.go.id LKJ_URL_PUBLIK=https://lkj.example.go.id $(BIN)/python manage.py check --deploy --fail-level WARNING

# The production setup end to end: gunicorn + the render worker with production settings on a
# throwaway PostgreSQL; walks login → E.81 → a PDF rendered by the worker → download.
prod-check: paket-test install
	scripts/prod-check.sh
