# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
# Local server on plain HTTP: cookies without the Secure flag (production keeps the default).
RUN_ENV := INQUIRY_APP_SECURE_COOKIES=false

.PHONY: run test test-sqlite test-postgresql lint assets system-deps clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(STAMP)
	@bash scripts/ensure-system-deps.sh --app
	$(RUN_ENV) $(VENV)/bin/flask --app inquiry_app db upgrade
	$(RUN_ENV) $(VENV)/bin/flask --app inquiry_app demo load
	@echo ""
	@echo "Anfragen läuft auf http://$(HOST):$(PORT)/ (Beenden mit Strg+C)"
	@# The mail worker runs beside the web server (foreground); Ctrl+C or the end of the web
	@# server stops both (the EXIT trap sends SIGTERM to the worker and waits for it).
	@$(RUN_ENV) $(VENV)/bin/flask --app inquiry_app mail deliver --loop & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM; \
	$(RUN_ENV) $(VENV)/bin/flask --app inquiry_app run --host $(HOST) --port $(PORT)

# Lint and import contracts, the whole suite on SQLite, then every database test again on a
# real PostgreSQL server.
test: $(STAMP) system-deps lint test-sqlite test-postgresql

system-deps:
	@bash scripts/ensure-system-deps.sh

# ruff, then the import contracts of pyproject.toml ([tool.importlinter]): drafting stays a
# library without Flask or a database, models and workflow import no area, no area imports
# another area's views. Runs before the test suites; a broken contract fails `make test`.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test-sqlite: $(STAMP)
	$(PY) -m pytest --db=sqlite

test-postgresql: $(STAMP)
	$(PY) -m pytest --db=postgresql

# Refresh the vendored KERN UX assets (needs Node.js/npm; users never need this).
assets:
	bash scripts/update-assets.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache instance
