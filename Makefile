# The two commands of the README are `make run` and `make test`; `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Jupyter, IPython, matplotlib and pip keep caches under HOME; keep every one inside the repository.
CACHE := $(CURDIR)/.cache
export MPLCONFIGDIR := $(CACHE)/matplotlib
export JUPYTER_CONFIG_DIR := $(CACHE)/jupyter/config
export JUPYTER_DATA_DIR := $(CACHE)/jupyter/data
export JUPYTER_RUNTIME_DIR := $(CACHE)/jupyter/runtime
export IPYTHONDIR := $(CACHE)/ipython
export XDG_CACHE_HOME := $(CACHE)/xdg
export PIP_CACHE_DIR := $(CACHE)/pip
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help setup run tables charts notebooks test unit notebooks-test score bench lock clean

help: ## List the documented targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP) ## Create .venv from the lock file (only when missing or out of date)

run: setup tables charts notebooks ## The main job: build every table, write the charts, execute the notebooks

tables: setup ## Build every table from data/raw into data/processed/tables (Parquet)
	$(PY) -m kit build data/raw --out data/processed/tables

charts: setup ## Write every chart to reports/figures/*.png
	$(PY) -m kit.reports

notebooks: setup ## Execute the notebooks in place, storing their outputs
	$(PY) -m jupyter nbconvert --to notebook --execute --inplace \
		--NotebookClient.record_timing=False --ClearMetadataPreprocessor.enabled=True \
		--ClearMetadataPreprocessor.preserve_cell_metadata_mask=tags \
		--ClearMetadataPreprocessor.preserve_nb_metadata_mask kernelspec language_info \
		-- notebooks/*.ipynb

test: setup ## Every test: unit tests, nbval on the notebooks, browser tests
	bash scripts/ensure_browser.sh
	$(PY) -m pytest

unit: setup ## Unit tests only (no notebooks, no browser)
	$(PY) -m pytest tests -m "not browser"

score: setup ## Score the kit on the seed articles (needs ../shared/eval)
	$(PY) ../shared/eval/score.py

bench: setup ## Benchmark: plain spaCy vs the full build, cached reload, peak memory
	$(PY) benchmarks/bench_build.py

lock: ## Re-pin requirements.lock from pyproject.toml (exact versions and hashes)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean: ## Remove the cache of processed tables and the local caches
	rm -rf data/processed $(CACHE)
