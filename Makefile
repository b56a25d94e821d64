# ftlab - the two commands: `make lab` (set up + open the course) and `make test` (everything CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# The CPU wheel of torch. On this course's machines it lies on local disk; on a Linux laptop
# without a GPU, add `TORCH_INDEX=--index-url https://download.pytorch.org/whl/cpu` to stay small.
TORCH_SPEC  ?= torch==2.13.0
TORCH_INDEX ?=
PORT ?= 8888
# Jupyter refuses to run as root unless told (containers, CI, Binder-like machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
STAMP := $(VENV)/.ftlab-installed

.PHONY: lab test unit notebooks lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-runs only when pyproject.toml changes: the second `make lab` starts in seconds.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/pip install --quiet $(TORCH_INDEX) "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ftlab)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	@echo "Abrindo o curso: http://127.0.0.1:$(PORT)/lab  (Ctrl+C para sair)"
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) --notebook-dir=notebooks \
		--ServerApp.token='' --ServerApp.password='' $(ROOT_FLAG) $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ftlab tests bench conftest.py

# Everything CI runs: lint, unit tests, every notebook through papermill (CI parameters),
# nbval on the checked outputs, and the browser test. One pytest run, one summary line.
test: lint
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 \
		$(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax tests notebooks $(PYTEST_ARGS)

# Fast loop while developing: no notebooks, no browser.
unit: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q -m "not slow and not ui" tests

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
