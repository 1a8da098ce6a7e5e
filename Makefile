# One-command interfaces (see README.md; `make help` lists every target).
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

.PHONY: help repro test test-fast lint fmt typecheck dag readme-dag lab release env bench bench-scale lock clean-env eval check-dev-build

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

env: $(STAMP)  ## create or refresh .venv from the hash-pinned lock

# The stamp depends on both locks: editing a lock refreshes the environment, otherwise this is a no-op.
$(STAMP): requirements.lock requirements-bootstrap.lock
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-bootstrap.lock
	$(VENV)/bin/uv pip sync --quiet --python $(VENV)/bin/python --require-hashes --compile-bytecode requirements.lock
	@touch $(STAMP)

repro: $(STAMP)  ## build every table (`dvc repro`)
	$(VENV)/bin/dvc repro

test: $(STAMP)  ## the whole test suite, clean-clone rebuilds included
	$(VENV)/bin/python -m pytest

test-fast: $(STAMP)  ## the suite without the slow clean-clone tests
	$(VENV)/bin/python -m pytest -m "not slow"

lint: $(STAMP)  ## ruff: lint rules and formatting check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(STAMP)  ## ruff: fix what can be fixed, then format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(STAMP)  ## mypy on scripts/
	$(VENV)/bin/mypy

dag: $(STAMP)  ## the pipeline as a Mermaid graph
	@$(VENV)/bin/dvc dag --md

readme-dag: $(STAMP)  ## refresh the pipeline picture in README.md (after a change to dvc.yaml)
	$(VENV)/bin/python -m scripts.readme_dag

lab: $(STAMP)  ## open the notebooks in Jupyter Lab (options in LAB_ARGS, e.g. LAB_ARGS=--no-browser)
	$(VENV)/bin/jupyter lab $(LAB_ARGS) notebooks/

eval: $(STAMP)  ## score the extractor on the development corpus (texts in data/external/articles/)
	$(VENV)/bin/python -m scripts.eval_extraction $(EVAL_ARGS)

check-dev-build: $(STAMP)  ## add every dev-corpus article to a throw-away clone and run `dvc repro` there
	$(VENV)/bin/python -m scripts.check_dev_build

release: $(STAMP)  ## the release bundle dist/<name>-<version>.zip (no article text)
	$(VENV)/bin/python -m scripts.release

bench: $(STAMP)  ## performance figures (docs/performance.md)
	$(VENV)/bin/python bench/run.py
	$(VENV)/bin/python bench/lesa.py

bench-scale: $(STAMP)  ## the LESA record path on a synthetic 50 M-row file (not in CI; ~15 min, ~3 GB disk)
	$(VENV)/bin/python bench/lesa.py --scale 50000000

# Recompile the lock after editing requirements.in (needs the registry).
lock: $(STAMP)  ## recompile requirements.lock from requirements.in
	$(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11.7 requirements.in -o requirements.lock

clean-env:  ## remove .venv
	rm -rf $(VENV)
