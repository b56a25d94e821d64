"""Keep every notebook's Colab link and setup cell in step with the one repository address.

The address lives in pyproject.toml ([project.urls] Repository). Run after changing it, or after
adding a notebook:

    python -m ftlab.notebook_sync          # rewrite Colab links and setup cells
    python -m ftlab.notebook_sync --check  # exit 1 if any notebook is out of step (used by the tests)

It also strips outputs, except from cells tagged `nbval-check-output` (what nbval compares), so
notebooks stay reviewable in git.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHECKED_TAG = "nbval-check-output"  # nbval's own cell tag: students never see it in the code
COLAB_FOLDER = "/content/ftlab"  # where the setup cell puts the course on Colab
# The Colab link: a plain text link (renders offline, unlike a badge image); the badge form of earlier
# notebooks is still recognised, so that syncing turns it into the link.
COLAB_LINK_RE = re.compile(r"\[!\[Abrir no Colab\]\([^)]*\)\]\([^)]*\)|\[Abrir no Colab\]\([^)]*\)")


def repository_url(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The repository address, read from pyproject.toml's [project.urls]."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    with open(pyproject, "rb") as handle:
        return tomllib.load(handle)["project"]["urls"]["Repository"]


def colab_link(repo_url: str, notebook_name: str) -> str:
    """Markdown for the "Abrir no Colab" text link of one notebook."""
    github_path = repo_url.removeprefix("https://github.com/")
    target = f"https://colab.research.google.com/github/{github_path}/blob/main/notebooks/{notebook_name}"
    return f"[Abrir no Colab]({target})"


def setup_cell_source(repo_url: str, folder: str = COLAB_FOLDER) -> str:
    """The first code cell: on Colab only, fetch the course and install ftlab from it.

    The install itself is ftlab/colab_setup.py (run with runpy, so nothing lands in the notebook's
    namespace): it keeps every version Colab has and makes `ftlab` importable without a restart.
    `folder` is only changed by the tests, which run this cell in a Colab-like environment.
    """
    return "\n".join(
        [
            "# Preparação: só no Colab baixa o curso e instala o que falta, sem trocar as versões do Colab",
            "# (pode rodar de novo). No Binder ou no seu computador, não faz nada.",
            "import sys",
            "",
            'if "google.colab" in sys.modules:',
            "    import os",
            "    import runpy",
            "",
            f'    if not os.path.isdir("{folder}"):',
            f"        !git clone -q --depth 1 {repo_url} {folder}",
            f'    runpy.run_path("{folder}/ftlab/colab_setup.py", run_name="__main__")',
        ]
    )


def is_setup_cell(cell) -> bool:
    return cell.cell_type == "code" and "setup" in cell.metadata.get("tags", [])


def strip_outputs(cell) -> None:
    """Drop outputs and counters, except from cells whose output nbval checks.

    A checked cell keeps its execution count too: nbval refuses a cell with outputs and no count.
    """
    if cell.cell_type != "code":
        return
    if CHECKED_TAG not in cell.metadata.get("tags", []):
        cell.execution_count = None
        cell.outputs = []
    cell.metadata.pop("execution", None)
    cell.metadata.pop("papermill", None)


def synced(notebook, repo_url: str, name: str):
    """A copy of `notebook` with badge, setup cell and outputs in their committed form."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = COLAB_LINK_RE.sub(colab_link(repo_url, name), cell.source)
        elif is_setup_cell(cell):
            cell.source = setup_cell_source(repo_url)
        strip_outputs(cell)
    notebook.metadata.pop("papermill", None)
    return notebook


def out_of_step(path: Path, repo_url: str) -> list[str]:
    """What `--check` complains about in one notebook (empty when in step)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    problems = []
    if not any(COLAB_LINK_RE.search(c.source) for c in notebook.cells if c.cell_type == "markdown"):
        problems.append("sem o link 'Abrir no Colab'")
    if not any(is_setup_cell(c) for c in notebook.cells):
        problems.append("sem a célula de preparação (tag 'setup')")
    if nbformat.writes(synced(notebook, repo_url, path.name)) != nbformat.writes(notebook):
        problems.append("fora de sincronia: rode `python -m ftlab.notebook_sync`")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if out of step")
    args = parser.parse_args(argv)
    import nbformat

    repo_url = repository_url()
    failed = False
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        if args.check:
            for problem in out_of_step(path, repo_url):
                print(f"{path.name}: {problem}")
                failed = True
        else:
            notebook = synced(nbformat.read(path, as_version=4), repo_url, path.name)
            nbformat.write(notebook, path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
