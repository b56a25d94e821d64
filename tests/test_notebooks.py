"""Every notebook in notebooks/ runs top to bottom with its CI parameters (papermill).

The folder is globbed, so a new notebook is tested without editing this file.
"""

from pathlib import Path

import nbformat
import pytest

from ftlab.notebook_sync import main as notebook_sync_main

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CI_PARAMETERS = {"BUDGET": "ci", "SEED": 0}


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_has_setup_and_parameters(path):
    cells = nbformat.read(path, as_version=4).cells
    tags = [tag for cell in cells for tag in cell.metadata.get("tags", [])]
    assert "setup" in tags and "parameters" in tags
    parameters = next(c for c in cells if "parameters" in c.metadata.get("tags", []))
    for name in ("MODEL", "SEED", "BUDGET"):
        assert f"{name} =" in parameters.source, f"{path.name}: parameters cell lacks {name}"


def test_notebooks_in_sync_with_repository_url(capsys):
    assert notebook_sync_main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_with_ci_parameters(path, tmp_path):
    import papermill

    papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters=CI_PARAMETERS,
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
    )
