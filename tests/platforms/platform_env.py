"""Shared pieces of the platform runs: where each environment lives, pip versions, papermill runs.

The environments are built by the Makefile (`make test-colab`, `make test-minimum`) through
tests/platforms/build_env.py; these tests run from the course's .venv and drive them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORMS = ROOT / "build" / "platforms"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))  # globbed: a new notebook is run too
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def environment_python(name: str) -> Path:
    """The Python of a platform environment; fails with the make command that builds it."""
    folder = PLATFORMS / name
    if not (folder / ".ready").exists():
        pytest.fail(f"o ambiente {name} não foi construído: rode `make test-{name}`")
    return folder / "bin" / "python"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_versions(python: Path) -> dict[str, str]:
    """{name: version} of everything installed in the environment of `python`."""
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format", "json"], check=True,
                            capture_output=True, text=True).stdout
    return {canonical(item["name"]): item["version"] for item in json.loads(listed)}


def pins(path: Path) -> dict[str, str]:
    """{name: version} of a requirements file made of `name==version` lines."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            found[canonical(name)] = version
    return found


def isolated_jupyter_env(tmp_path: Path, **extra) -> dict:
    """Environment variables for a kernel or server that reads no user-level Jupyter files."""
    return {**os.environ, **OFFLINE, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
            "JUPYTER_PATH": "", "MPLBACKEND": "Agg", **extra}


def first_error(executed: Path) -> str | None:
    """The first error a cell of an executed notebook raised (name, message, where), None if none."""
    import nbformat

    if not executed.exists():
        return None
    for cell in nbformat.read(executed, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                frames = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in output.get("traceback", [])]
                return f"{output['ename']}: {output['evalue']}\n" + "\n".join(frames)[-4000:]
    return None


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and theirs (the kernels)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_papermill(python: Path, notebook: Path, out: Path, parameters: dict, tmp_path: Path,
                  cwd: Path | None = None, timeout: float = 1800) -> float:
    """Execute `notebook` with the papermill of `python`'s environment (its own kernel); wall seconds."""
    command = [str(python), "-m", "papermill", str(notebook), str(out), "-k", "python3",
               "--cwd", str(cwd or notebook.parent), "--no-progress-bar"]
    for name, value in parameters.items():
        command += ["-r" if isinstance(value, str) else "-p", name, str(value)]
    started, cpu_before = time.perf_counter(), children_cpu()
    result = subprocess.run(command, env=isolated_jupyter_env(tmp_path), capture_output=True, text=True,
                            timeout=timeout)
    seconds, cpu = time.perf_counter() - started, children_cpu() - cpu_before
    if result.returncode != 0:
        pytest.fail(f"{notebook.name} falhou ({seconds:.0f} s):\n{first_error(out) or result.stderr[-6000:]}")
    print(f"{notebook.name}: {seconds:.0f} s wall, {cpu:.0f} s CPU (papermill and its kernel)")
    return seconds
