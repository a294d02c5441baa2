# The two commands of the README: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench bench-load bench-data chromium clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

## run: install, configure, migrate, load demo data the first time, serve on http://127.0.0.1:5000
run: $(STAMP)
	$(PY) -m crm.instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Serving on http://127.0.0.1:5000 (stop with Ctrl+C)."
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: install (and Chromium for the browser tests), then run the whole suite in PYTEST_WORKERS processes
## (pytest-xdist; each test file stays in one process, each process has its own PostgreSQL database)
PYTEST_WORKERS ?= 2
test: $(STAMP) chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## lint: ruff, with its security rules
lint: $(STAMP)
	$(VENV)/bin/ruff check .

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $(BENCH_STAMP)

## bench: pages (SQLite and PostgreSQL), exports, growth, one worker's memory, the matching library, then the
## load test (not run by CI); BENCH_PG_URL= (empty) measures SQLite only
BENCH_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
bench: $(BENCH_STAMP)
	BENCH_PG_URL=$(BENCH_PG_URL) $(PY) -m bench --all $(BENCH_ARGS)

## bench-load: only the load test: gunicorn -w 4 on a copy of the large SQLite data set, 20 locust users, 60 s
bench-load: $(BENCH_STAMP)
	$(PY) -m bench.load $(BENCH_LOAD_ARGS)

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need $(CHROMIUM): run 'sudo apt-get install -y chromium'"; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
