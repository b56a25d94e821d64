"""The declared floor: Python 3.10 and every runtime dependency of pyproject.toml at its lower bound
(torch 2.2, transformers 4.46, peft 0.13, datasets 3.0, ipywidgets 7.7, ...), every notebook with
papermill (BUDGET="ci"). Built and run by `make test-minimum`.
"""

from __future__ import annotations

import subprocess

import pytest
from platform_env import NOTEBOOKS, PLATFORMS, environment_python, pins, pip_versions, run_papermill

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def python():
    return environment_python("minimum")


def test_environment_is_at_the_declared_lower_bounds(python):
    from packaging.version import Version

    wanted = {name: version for name, version in pins(PLATFORMS / "minimum" / "lower-bounds.txt").items()
              if name != "tomli"}  # tomli is for Python < 3.11 only: checked like the others below
    versions = pip_versions(python)
    off = {name: versions.get(name) for name, version in wanted.items()
           if Version(Version(versions.get(name, "0")).public) != Version(version)}
    assert off == {}, f"fora do piso declarado: {off}"
    assert len(wanted) >= 15 and "tomli" in versions
    version = subprocess.run([str(python), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_at_the_lower_bounds(python, path, tmp_path):
    run_papermill(python, path, tmp_path / path.name, {"BUDGET": "ci", "SEED": 0}, tmp_path)
