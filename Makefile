# Aduan: every step a person needs is a target here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PROFILE ?= seed_001

.PHONY: help install system-deps migrate demo run worker scheduler test bench lint fmt messages sweep-blobs clean

help:
	@echo "make run    - set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   - run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make bench  - benchmarks on PostgreSQL (BENCH_DATABASE_URL)"
	@echo "make lint / fmt / messages / demo / migrate / sweep-blobs / clean"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests and documents need: Chromium for the browser tests,
# fonts, Pango (WeasyPrint) and poppler for PDFs, gettext for translations. Installed
# only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -f /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || missing="$$missing fonts-liberation2"; \
	command -v fc-match >/dev/null || missing="$$missing fontconfig"; \
	dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing="$$missing libpango-1.0-0"; \
	dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || missing="$$missing libpangoft2-1.0-0"; \
	[ -x /usr/sbin/dovecot ] || missing="$$missing dovecot-imapd"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --profile $(PROFILE) --all

# The web server, with a task worker and the periodic scheduler beside it; all three
# stop together.
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Aduan: http://$(HOST):$(PORT)/  (petugas / aduan-demo; see README)"
	@$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	$(PY) manage.py schedule_tasks --every 60 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

# At scale: run as many of these as needed, on any host that reaches the database.
worker: $(STAMP)
	$(PY) manage.py db_worker

scheduler: $(STAMP)
	$(PY) manage.py schedule_tasks --every 60

# Two test processes (pytest-xdist): each has its own test database. TEST_WORKERS=0
# runs in one process.
TEST_WORKERS ?= 2
test: $(STAMP) system-deps
	FAST_PASSWORD_HASHER=1 $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/inbox.py
	$(PY) bench/register_book.py

lint: $(STAMP)
	$(VENV)/bin/ruff check aduan config tests bench
	$(VENV)/bin/ruff format --check aduan config tests bench

fmt: $(STAMP)
	$(VENV)/bin/ruff format aduan config tests bench
	$(VENV)/bin/ruff check --fix aduan config tests bench

messages: $(STAMP) system-deps
	$(PY) manage.py makemessages -l en -l id --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

sweep-blobs: $(STAMP)
	$(PY) manage.py sweep_blobs $(SWEEP_ARGS)

clean:
	rm -rf $(VENV) var/static var/test*.sqlite3
