# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates the virtual environment it needs (Python 3.11+, packages from the index).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= maps/demo

.PHONY: demo test lint bench browser wheel-check

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
	@$(MAKE) --no-print-directory wheel-check

# What a user gets from `pip install`: the wheel, installed into a fresh environment (packages
# from the index), runs the demo from a folder outside the checkout.
WHEEL_VENV := build/wheel-venv
wheel-check: $(BIN)/.installed
	@rm -rf build/lib build/wheel $(WHEEL_VENV)
	@$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir build/wheel .
	@$(PYTHON) -m venv $(WHEEL_VENV)
	@$(WHEEL_VENV)/bin/python -m pip install --quiet build/wheel/landscape-*.whl
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cd "$$tmp" && \
	  env -u PYTHONPATH -u LANDSCAPE_LAYERS $(CURDIR)/$(WHEEL_VENV)/bin/landscape demo --out demo >/dev/null && \
	  test -s demo/atlas.html && echo "wheel-check: the installed wheel built the demo atlas"

lint: $(BIN)/.installed
	$(BIN)/ruff check landscape tests bench
	$(BIN)/mypy

# Speed and size against the tools a user would otherwise pick (needs ../shared/data).
bench: $(BIN)/.installed browser
	$(BIN)/python bench/zonal.py
	$(BIN)/python bench/atlas.py
