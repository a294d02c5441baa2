# The two commands of the README: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench bench-data chromium clean

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

## test: install (and Chromium for the browser tests), then run the whole suite
test: $(STAMP) chromium
	$(PY) -m pytest $(PYTEST_ARGS)

## lint: ruff, with its security rules
lint: $(STAMP)
	$(VENV)/bin/ruff check .

## bench: pages on the large data set and the matching library (not run by CI); BENCH_PG_URL adds PostgreSQL
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

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
