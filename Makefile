# Two commands for a newcomer on a fresh Debian machine (as root): `make run`, `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_STAMP := build/.system-ready
VENV_STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test lint typecheck pytest templates bench clean

setup: $(SYSTEM_STAMP) $(VENV_STAMP)

$(SYSTEM_STAMP): scripts/setup-system.sh
	bash scripts/setup-system.sh
	mkdir -p build && touch $@

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: setup
	@echo "工作室文书系统 / Studio paperwork: http://$(HOST):$(PORT)"
	$(PY) -m registry.demo  # migrate, seed the example district once, print the logins
	$(VENV)/bin/gunicorn --workers 2 --threads 4 --timeout 180 --bind $(HOST):$(PORT) \
	  'webforms:create_app()'

lint: setup
	$(VENV)/bin/ruff check .

typecheck: setup
	$(VENV)/bin/mypy .

pytest: setup
	$(VENV)/bin/pytest

test: setup lint typecheck pytest

templates: setup
	$(PY) -m authoring

bench: setup
	$(PY) benchmarks/render.py

clean:
	rm -rf build $(VENV) .mypy_cache .ruff_cache .pytest_cache

# UI translations: re-extract the Chinese source strings and merge them into the English
# catalogue (fill in new msgstr by hand). The app compiles the .po at start (webforms/i18n.py).
.PHONY: catalogs
catalogs: setup
	$(VENV)/bin/pybabel extract -F webforms/babel.cfg -k _ --no-location --sort-output \
	  -o webforms/translations/messages.pot .
	$(VENV)/bin/pybabel update -i webforms/translations/messages.pot -d webforms/translations \
	  -l en --no-fuzzy-matching

# `make run` previews on one warm LibreOffice per gunicorn worker (webforms/converter.py).
run: export STUDIO_CONVERTER_POOL ?= 1

# Parser accuracy and speed on returned forms made from the templates (a few minutes of OCR).
bench-parse: setup
	$(PY) benchmarks/corpus.py build/parse-corpus --docs 3 && $(PY) benchmarks/parse.py build/parse-corpus

# The same for the prose kinds (certificate, notice, withdrawal decision): .docx, PDF, scan, photo.
bench-parse-prose: setup
	$(PY) benchmarks/parse_prose.py build/parse-prose-corpus --docs 2

# Scan accuracy measured on a corpus seed never used to tune the parser (seed 2 is the tuning
# seed, 77 the evaluation seed), 10 documents per set, every wrong reading listed.
bench-parse-blind: setup
	$(PY) benchmarks/corpus.py build/parse-corpus-s77 --docs 10 --seed 77 && nice -n 19 $(PY) benchmarks/parse.py build/parse-corpus-s77 --blind-only --errors
