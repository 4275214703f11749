# Two commands on a fresh clone: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck messages screenshots bench load clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Development server on SQLite (or DATABASE_URL), with the founding record loaded.
run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo_data
	@echo
	@echo "No account was created. To sign in to http://$(HOST):$(PORT)/admin/ run:"
	@echo "    DEBUG=1 $(PY) manage.py createsuperuser"
	@echo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite, on SQLite unless DATABASE_URL points elsewhere.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

typecheck: install
	DEBUG=1 $(VENV)/bin/mypy registry kernel parties agreements access intake public bench watches sync datasets

# Update the English and Chinese message catalogs from the code, then compile them;
# translate the new empty msgstr in locale/zh_Hans/LC_MESSAGES/django.po and run it again.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l en -l zh_Hans --no-wrap --no-location \
		--ignore ".venv/*" --ignore "build/*" --ignore "staticfiles/*" --ignore "tests/*" \
		--ignore "bench/*"
	DEBUG=1 $(PY) manage.py compilemessages --ignore ".venv/*"

# docs/screenshots/<page>-{en,zh-hans}-{desktop,phone}.png (README "Screenshots"), from Debian's Chromium.
screenshots: install
	$(PY) tests/browser/screenshots.py

# API benchmark against PostgreSQL (docs/benchmarks.md); loads BENCH_AGREEMENTS synthetic
# agreements first if the database has none. The database must exist (createdb).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/registry_bench
BENCH_AGREEMENTS ?= 100000
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py migrate --no-input
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/api.py --generate $(BENCH_AGREEMENTS) \
		--repeat 30 --write docs/benchmarks.md
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/pages.py --repeat 20 --write docs/benchmarks.md

# Load test: gunicorn (4 workers) on loopback, 16 clients for 60 s, then whole-dataset
# downloads (docs/benchmarks.md). Only reads the benchmark database; needs Redis.
load: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/load.py --export --write docs/benchmarks.md

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
