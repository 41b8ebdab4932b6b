# evalkit — the whole set-up is `make review` (main job on the seed pair) and `make test`.
# Every step is idempotent: re-running skips what is already there.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
EVALKIT:= $(VENV)/bin/evalkit
PAIR   ?= pairs/lemonde-amazon
# torch: the CPU wheel. Asking for torch any other way pulls GBs of CUDA packages.
TORCH  ?= torch==2.13.0

.PHONY: help setup system models review test bench clean

help:
	@echo "make review   set everything up and review $(PAIR) -> reports/"
	@echo "make test     set everything up and run the tests"
	@echo "make bench    run the benchmarks in bench/"

$(VENV)/.stamp-venv: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

setup: $(VENV)/.stamp-venv

# System packages from Debian: Chromium for the report's browser tests, Apertium
# for the offline pseudo-reference. Installed only when missing and when we can.
system:
	@bash scripts/install-system-deps.sh

models: setup
	$(EVALKIT) models install

review: setup system models
	$(EVALKIT) review $(PAIR)

# two workers: the suite is mostly model runs in subprocesses (18.5 min on one worker, 11 on two)
test: setup system models
	$(PY) -m pytest -q -n 2; rc=$$?; if [ $$rc -eq 5 ]; then echo 'pytest: no tests collected'; exit 0; fi; exit $$rc

bench: setup models
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) models/cache reports/*.html reports/*.json
