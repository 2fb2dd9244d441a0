# The two commands of the README: `make site` and `make test`.
# Both create .venv when missing and install the pinned dependencies first; `make test` also installs
# the Chromium its browser tests drive when it is missing (see `chromium` below).

# The newest supported interpreter found on PATH, unless given: `make site PYTHON=/path/to/python3.12`.
SUPPORTED_PYTHONS := python3.13 python3.12 python3.11 python3
PYTHON_OK := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
ifeq ($(strip $(PYTHON)),)
override PYTHON := $(shell for p in $(SUPPORTED_PYTHONS); do $$p -c '$(PYTHON_OK)' 2>/dev/null && { echo $$p; break; }; done)
endif
ifneq ($(strip $(PYTHON)),)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
endif

VENV := .venv
PY := $(VENV)/bin/python
# One stamp per interpreter version: another PYTHON rebuilds .venv with it.
STAMP := $(VENV)/.installed-$(PYTHON_VERSION)
# Debian's Chromium, which the browser tests drive through Playwright (never a downloaded browser);
# another system Chromium: make test CHROMIUM=/path/to/chromium.
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test serve bench lint clean install chromium check-pythons

install: $(STAMP)

$(STAMP): pyproject.toml
	@[ -n "$(PYTHON)" ] || { echo "No Python 3.11, 3.12 or 3.13 found (tried $(SUPPORTED_PYTHONS)): install one, or run make PYTHON=/path/to/python3.X" >&2; exit 1; }
	@[ -n "$(PYTHON_VERSION)" ] || { echo "$(PYTHON) cannot be run: pass PYTHON=/path/to/python3.X (3.11, 3.12 or 3.13)" >&2; exit 1; }
	@$(PYTHON) -c '$(PYTHON_OK)' || { echo "$(PYTHON) is Python $(PYTHON_VERSION); the project needs 3.11, 3.12 or 3.13: pass PYTHON=/path/to/python3.X" >&2; exit 1; }
	@if [ -x $(PY) ] && [ "$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$(PYTHON_VERSION)" ]; then \
	  echo "recreating $(VENV) with Python $(PYTHON_VERSION)"; rm -rf $(VENV); fi
	@# Debian and Ubuntu ship ensurepip apart (python3.X-venv): without it the venv is made without pip
	@# and pip is installed from its wheel on PyPI (devtools/bootstrap_pip.py, standard library only).
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) 2>/dev/null \
	  || { rm -rf $(VENV); echo "$(PYTHON) has no ensurepip: making .venv without pip, then installing pip from PyPI"; \
	       $(PYTHON) -m venv --without-pip $(VENV) && $(PYTHON) -m devtools.bootstrap_pip $(PY); } \
	  || { rm -rf $(VENV); echo "$(PYTHON) cannot create a virtual environment; on Debian or Ubuntu: apt-get install python$(PYTHON_VERSION)-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Validate, score, generate pages and charts, then build the site into a
# temporary folder that replaces site/ only when every stage succeeded.
site: $(STAMP)
	$(PY) -m build_scripts site

test: $(STAMP) chromium
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

# The browser tests need Debian's Chromium: installed with apt-get when this runs as root,
# otherwise the one command to run is named.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests (apt-get install chromium)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null || exit 1; \
	    $(CHROMIUM) --version >/dev/null 2>&1 || { echo "apt installed chromium, but $(CHROMIUM) does not run (on Ubuntu the package is a snap stub): install a Chromium that runs, then make test CHROMIUM=/path/to/chromium" >&2; exit 1; }; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install chromium', then make test" >&2; \
	    exit 1; \
	  fi; \
	fi

serve: site
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(PY) -m devtools.bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Builds the site with every supported interpreter found (each in its own scratch venv under
# build/pythons/) and compares the builds byte for byte: output must not depend on the Python
# version. Other interpreters: make check-pythons PYTHONS="/opt/py3.12/bin/python3 python3.13".
PYTHONS ?= $(SUPPORTED_PYTHONS)
check-pythons:
	$(PYTHON) -m devtools.pythons $(PYTHONS)

clean:
	rm -rf site build .site-tmp* .pytest_cache
