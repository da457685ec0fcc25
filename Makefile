# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates the virtual environment it needs (Python 3.11+, packages from the index).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= maps/demo

.PHONY: demo test lint bench browser

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/landscape demo --out $(OUT)

# Headless Chromium from Debian for the browser tests (never a downloaded browser build).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

test: $(BIN)/.installed browser
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check landscape tests bench
	$(BIN)/mypy

# Speed and size against the tools a user would otherwise pick (needs ../shared/data).
bench: $(BIN)/.installed browser
	$(BIN)/python bench/zonal.py
	$(BIN)/python bench/atlas.py
