"""Git's clean filter for notebooks (.gitattributes, set up by `make lab`): outputs never reach git.

Running the lessons must leave `git status` clean and `git pull` free to bring the next ones, while the
student's own file keeps its outputs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ftlab import notebook_sync
from ftlab.notebook_sync import CHECKED_TAG, clean

ROOT = Path(__file__).resolve().parents[1]
TRACKED = subprocess.run(
    ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True
).stdout.split() or sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").rglob("*.ipynb"))
WITH_CHECKED_CELL = ROOT / "notebooks" / "00_boas_vindas.ipynb"


@pytest.mark.parametrize("path", TRACKED)
def test_committed_notebooks_come_back_byte_for_byte(path):
    text = (ROOT / path).read_text(encoding="utf-8")
    assert clean(text) == text


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A checkout with the course's .gitattributes and the filter set up as `make lab` does."""
    repo = tmp_path / "curso"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "aluno@example.com")
    git(repo, "config", "user.name", "Aluno")
    (repo / ".gitattributes").write_bytes((ROOT / ".gitattributes").read_bytes())
    monkeypatch.chdir(repo)
    notebook_sync.configure_git_filter(sys.executable)
    return repo


def as_run(text: str) -> str:
    """The notebook as a student's run saves it: outputs, counters in run order, their own kernel."""
    notebook = json.loads(text)
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    for count, cell in enumerate(reversed(code_cells), start=40):
        cell["execution_count"] = count
        cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
        if CHECKED_TAG not in cell["metadata"].get("tags", []):
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["saída da aluna\n"]}]
    notebook["metadata"]["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook["metadata"]["language_info"] = {"name": "python", "version": "3.12.9", "file_extension": ".py"}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def outputs(text: str) -> list:
    return [o for c in json.loads(text)["cells"] if c["cell_type"] == "code" for o in c["outputs"]]


def test_git_stores_a_new_notebook_without_outputs(repo):
    committed = WITH_CHECKED_CELL.read_text(encoding="utf-8")
    (repo / "aula.ipynb").write_text(as_run(committed), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "aula")
    stored = git(repo, "show", "HEAD:aula.ipynb")
    assert outputs(stored) == outputs(committed)  # only the checked cell's, as nbval needs them
    assert len(outputs((repo / "aula.ipynb").read_text(encoding="utf-8"))) > len(outputs(committed))


def committed_notebook(repo: Path) -> str:
    committed = WITH_CHECKED_CELL.read_text(encoding="utf-8")
    (repo / "aula.ipynb").write_text(committed, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "aula")
    assert git(repo, "show", "HEAD:aula.ipynb") == committed
    return committed


def save(repo: Path, text: str) -> None:
    """What JupyterLab does on saving (with `make lab`'s post-save hook)."""
    (repo / "aula.ipynb").write_text(text, encoding="utf-8")
    notebook_sync.refresh_after_save(model={"type": "notebook"}, os_path=str(repo / "aula.ipynb"))


def test_running_a_notebook_leaves_git_status_clean(repo):
    committed = committed_notebook(repo)
    (repo / "aula.ipynb").write_text(as_run(committed), encoding="utf-8")
    assert git(repo, "diff") == ""  # the content git would store is the committed one
    assert git(repo, "status", "--porcelain") == " M aula.ipynb\n"  # git trusts the size...
    save(repo, as_run(committed))  # ... until the save hook refreshes its record
    assert git(repo, "status", "--porcelain") == ""
    assert outputs((repo / "aula.ipynb").read_text(encoding="utf-8"))  # the student keeps them


def test_refresh_by_hand_after_a_run_outside_jupyterlab(repo, capsys):
    committed = committed_notebook(repo)
    (repo / "aula.ipynb").write_text(as_run(committed), encoding="utf-8")  # papermill, VS Code
    assert notebook_sync.main(["--refresh"]) == 0
    assert capsys.readouterr().out == "aula.ipynb\n"
    assert git(repo, "status", "--porcelain") == ""


def test_a_real_edit_still_shows_and_is_not_staged(repo):
    committed = committed_notebook(repo)
    save(repo, as_run(committed).replace("Boas-vindas", "Minhas boas-vindas", 1))
    assert git(repo, "status", "--porcelain") == " M aula.ipynb\n"
    assert git(repo, "diff", "--cached") == ""


def test_pull_brings_the_next_lesson_over_a_run_notebook(repo, tmp_path, monkeypatch):
    committed = committed_notebook(repo)
    student = tmp_path / "aluna"
    git(tmp_path, "clone", "-q", str(repo), str(student))
    monkeypatch.chdir(student)
    notebook_sync.configure_git_filter(sys.executable)  # the student's `make lab`
    save(student, as_run(committed))
    next_lesson = committed.replace("Boas-vindas", "Boas-vindas de novo", 1)
    (repo / "aula.ipynb").write_text(next_lesson, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "próxima aula")
    git(student, "pull", "-q", "--ff-only")
    assert (student / "aula.ipynb").read_text(encoding="utf-8") == next_lesson


def test_what_is_not_a_notebook_goes_through_unchanged():
    conflict = '<<<<<<< HEAD\n{"cells": []}\n=======\n{"cells": [1]}\n>>>>>>> outro\n'
    result = subprocess.run(
        [sys.executable, "-m", "ftlab.notebook_sync", "--clean"], input=conflict.encode(), capture_output=True
    )
    assert (result.returncode, result.stdout.decode()) == (0, conflict)
