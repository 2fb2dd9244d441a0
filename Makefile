# The two commands of the README: `make site` and `make test`.
# Both create .venv when missing and install the pinned dependencies first.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve bench lint clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Validate, score, generate pages and charts, then build the site into a
# temporary folder that replaces site/ only when every stage succeeded.
site: $(STAMP)
	$(PY) -m build_scripts site

test: $(STAMP)
	$(PY) -m pytest

serve: site
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(PY) -m build_scripts bench

lint: $(STAMP)
	$(VENV)/bin/ruff check scoring build_scripts tests

clean:
	rm -rf site build .site-tmp* .pytest_cache
