"""Build the environment of one platform run (called by the Makefile; see tests/platforms/README.md).

    python tests/platforms/build_env.py colab   build/platforms/colab
    python tests/platforms/build_env.py minimum build/platforms/minimum

colab:   Python 3.11, the local CPU torch, and exactly Colab's pinned packages (colab-pins.txt) plus
         papermill to run the notebooks; ftlab itself is NOT installed: the setup cell does that, in
         tests/platforms/test_colab.py.
minimum: Python 3.10 (the declared floor) and every runtime dependency of pyproject.toml at its lower
         bound (torch 2.2 too, a CUDA build from PyPI: no CPU build of it is on PyPI), ipykernel and
         papermill free above them, then ftlab (editable, without its dependencies).

The folder is rebuilt from scratch each time; `.ready` marks a finished build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COLAB_PINS = HERE / "colab-pins.txt"
TORCH_SPEC = os.environ.get("TORCH_SPEC", "torch==2.13.0")  # the CPU wheel on this course's machines
MINIMUM_PYTHON = "3.10"


def run(*command) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(part) for part in command], check=True)


def python_for(version: str) -> str:
    """An interpreter of `version`: pythonX.Y on PATH (pyenv's shims need PYENV_VERSION), else ours."""
    found = shutil.which(f"python{version}")
    if found:
        probe = subprocess.run([found, "--version"], capture_output=True, text=True,
                               env={**os.environ, "PYENV_VERSION": pyenv_version(version)})
        if probe.returncode == 0:
            return found
    raise SystemExit(f"Python {version} não encontrado (precisa de python{version} no PATH).")


def pyenv_version(version: str) -> str:
    """The full pyenv version for `version` (3.10 -> 3.10.13) where pyenv has one, else `version`."""
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    matches = sorted(versions.glob(f"{version}.*")) if versions.is_dir() else []
    return matches[-1].name if matches else version


def new_venv(folder: Path, python: str) -> Path:
    """A fresh virtual environment in `folder`; returns its pip command prefix (the venv's python)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYENV_VERSION": pyenv_version(MINIMUM_PYTHON)}
    subprocess.run([python, "-m", "venv", str(folder)], check=True, env=env)
    venv_python = folder / "bin" / "python"
    run(venv_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    return venv_python


def lower_bounds(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Every runtime dependency pinned to its lower bound: "torch>=2.2" -> "torch==2.2"."""
    import tomllib

    with open(pyproject, "rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    return [re.sub(r">=", "==", dependency, count=1) for dependency in dependencies]


def build_colab(folder: Path) -> None:
    python = new_venv(folder, sys.executable)
    run(python, "-m", "pip", "install", "--quiet", TORCH_SPEC)
    run(python, "-m", "pip", "install", "--quiet", "-r", COLAB_PINS, "papermill", "-c", COLAB_PINS)


def build_minimum(folder: Path) -> None:
    python = new_venv(folder, python_for(MINIMUM_PYTHON))
    pins = folder / "lower-bounds.txt"
    pins.write_text("\n".join(lower_bounds()) + "\n")
    run(python, "-m", "pip", "install", "--quiet", "-r", pins)
    run(python, "-m", "pip", "install", "--quiet", "ipykernel", "papermill", "-c", pins)
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)


def main(argv: list[str]) -> None:
    which, folder = argv[0], Path(argv[1])
    {"colab": build_colab, "minimum": build_minimum}[which](folder)
    run(folder / "bin" / "python", "-m", "pip", "list", "--format", "freeze")
    (folder / ".ready").touch()


if __name__ == "__main__":
    main(sys.argv[1:])
