# One-command interfaces (see README.md).
#   make repro  — create/refresh .venv from the hash-pinned lock, then `dvc repro`
#   make test   — same environment, then the whole pytest suite
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed
export GX_ANALYTICS_ENABLED := false
export DVC_NO_ANALYTICS := 1
export DVC_NO_UPDATER := 1
export PYTHONDONTWRITEBYTECODE :=
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: repro test env bench lock clean-env

env: $(STAMP)

# The stamp depends on both locks: editing a lock refreshes the environment, otherwise this is a no-op.
$(STAMP): requirements.lock requirements-bootstrap.lock
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-bootstrap.lock
	$(VENV)/bin/uv pip sync --quiet --python $(VENV)/bin/python --require-hashes --compile-bytecode requirements.lock
	@touch $(STAMP)

repro: $(STAMP)
	$(VENV)/bin/dvc repro

test: $(STAMP)
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/run.py

# Recompile the lock after editing requirements.in (needs the registry).
lock: $(STAMP)
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11.7 requirements.in -o requirements.lock

clean-env:
	rm -rf $(VENV)
