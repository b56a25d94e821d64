"""Keep every notebook's Colab link and setup cell in step with the one repository address.

The address lives in pyproject.toml ([project.urls] Repository). Run after changing it, or after
adding a notebook:

    python -m ftlab.notebook_sync          # rewrite Colab links and setup cells
    python -m ftlab.notebook_sync --check  # exit 1 if any notebook is out of step (used by the tests)

It also strips outputs, except from cells tagged `nbval-check-output` (what nbval compares), so
notebooks stay reviewable in git. The same stripping is git's clean filter for notebooks
(.gitattributes), which `make lab` sets up, so that running the lessons leaves `git status` clean and
`git pull` brings the next ones:

    python -m ftlab.notebook_sync --git-filter        # set the filter up in this checkout
    python -m ftlab.notebook_sync --clean [PATH] < in  # what git runs: one notebook, stdin to stdout

Git takes a notebook whose size changed for modified without asking the filter, so JupyterLab's saves
also refresh git's record of notebooks that changed only in outputs (`refresh_after_save`); after a
run elsewhere (VS Code, papermill), do it by hand before `git pull`:

    python -m ftlab.notebook_sync --refresh
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CHECKED_TAG = "nbval-check-output"  # nbval's own cell tag: students never see it in the code
COLAB_FOLDER = "/content/ftlab"  # where the setup cell puts the course on Colab
# The Colab link: a plain text link (renders offline, unlike a badge image); the badge form of earlier
# notebooks is still recognised, so that syncing turns it into the link.
COLAB_LINK_RE = re.compile(r"\[!\[Abrir no Colab\]\([^)]*\)\]\([^)]*\)|\[Abrir no Colab\]\([^)]*\)")
GIT_FILTER = "ftlab-strip"  # the name .gitattributes gives the clean filter
RUN_METADATA = ("execution", "papermill")  # what a run writes into a cell's metadata (timings)
NOTEBOOK_RUN_METADATA = ("papermill", "widgets")  # ... and into the notebook's (widget state)
# Opening a notebook rewrites these with the student's own kernel (its name, its Python version).
KERNEL_METADATA = ("kernelspec", "language_info")


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


def strip_outputs(cells) -> None:
    """Drop outputs and counters, except from cells whose output nbval checks.

    A checked cell keeps a count too (nbval refuses a cell with outputs and no count): its place
    among the code cells, which does not change when a student runs cells again or out of order.
    Works on nbformat's notebooks and on plain JSON alike.
    """
    code_cells = [cell for cell in cells if cell["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        if CHECKED_TAG in cell["metadata"].get("tags", []):
            cell["execution_count"] = number
            for output in cell["outputs"]:
                if "execution_count" in output:
                    output["execution_count"] = number
        else:
            cell["execution_count"] = None
            cell["outputs"] = []
        for key in RUN_METADATA:
            cell["metadata"].pop(key, None)


def strip_notebook(notebook) -> None:
    """Drop every output and run record of `notebook` (in place), as `strip_outputs` says."""
    strip_outputs(notebook["cells"])
    for key in NOTEBOOK_RUN_METADATA:
        notebook["metadata"].pop(key, None)


def synced(notebook, repo_url: str, name: str):
    """A copy of `notebook` with badge, setup cell and outputs in their committed form."""
    import nbformat

    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = COLAB_LINK_RE.sub(colab_link(repo_url, name), cell.source)
        elif is_setup_cell(cell):
            cell.source = setup_cell_source(repo_url)
    strip_notebook(notebook)
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


def committed_kernel(path: str) -> dict | None:
    """The kernel metadata of git's index copy of `path` (relative to the top of the checkout).

    None where git has no copy (a new notebook) or cannot be asked.
    """
    try:
        shown = subprocess.run(["git", "show", f":{path}"], capture_output=True, check=True)
        metadata = json.loads(shown.stdout)["metadata"]
    except (OSError, subprocess.CalledProcessError, ValueError, KeyError, TypeError):
        return None
    return {key: metadata[key] for key in KERNEL_METADATA if key in metadata}


def clean(text: str, path: str | None = None) -> str:
    """One notebook as git stores it: outputs stripped and, given its `path`, git's own kernel metadata.

    Git's clean filter. Plain JSON, not nbformat (whose import takes seconds, for every changed
    notebook), written as nbformat writes, so that a committed notebook comes back byte for byte.
    Keeping the committed kernel metadata means a run alone never shows a notebook as changed; to
    commit another kernel on purpose: `git -c filter.ftlab-strip.clean=cat add NOTEBOOK`.
    """
    notebook = json.loads(text)
    strip_notebook(notebook)
    kernel = committed_kernel(path) if path else None
    if kernel is not None:
        for key in KERNEL_METADATA:
            notebook["metadata"].pop(key, None)
        notebook["metadata"].update(kernel)
    return json.dumps(notebook, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def clean_stdin(path: str | None) -> int:
    """`clean` from stdin to stdout. Whatever it cannot read (a merge conflict) goes through as it is:
    a filter must never lose or block a student's file."""
    text = sys.stdin.buffer.read().decode("utf-8", errors="surrogateescape")
    try:
        text = clean(text, path)
    except Exception:  # noqa: BLE001 - any failure: store the file unchanged
        pass
    sys.stdout.buffer.write(text.encode("utf-8", errors="surrogateescape"))
    return 0


def configure_git_filter(python: str = sys.executable) -> None:
    """Set up the clean filter that .gitattributes names, in the checkout around the current folder.

    Until this runs (a fresh clone), git ignores the attribute. Not required: where the command
    cannot run (the virtual environment removed), git warns and stores the file as it is.
    """
    command = f"{shlex.quote(python)} -m ftlab.notebook_sync --clean %f"
    subprocess.run(["git", "config", f"filter.{GIT_FILTER}.clean", command], check=True)
    subprocess.run(["git", "config", f"filter.{GIT_FILTER}.required", "false"], check=True)


def git_names(top: Path, *command: str) -> set[str]:
    """The notebook paths a git diff command lists (relative to the top of the checkout)."""
    listed = subprocess.run(["git", *command, "--name-only", "-z", "--", "*.ipynb"], cwd=top,
                            capture_output=True, text=True, check=True).stdout
    return {name for name in listed.split("\0") if name}


def checkout_top(folder: Path) -> Path:
    """The top folder of the git checkout around `folder` (CalledProcessError outside one)."""
    shown = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                           text=True, check=True)
    return Path(shown.stdout.strip())


def refresh_git_index(top: Path) -> list[str]:
    """Notebooks that changed only in what the clean filter strips, shown as unchanged again.

    Git trusts a file's size: a notebook whose outputs grew shows as modified in `git status` and
    blocks a `git pull` that brings a new version of it, although the filter stores the same content
    (`git diff`, which compares content, shows nothing). `git add` of such a notebook stores nothing
    new and refreshes git's record; a notebook with real edits (an answered exercise) is left alone.
    """
    stale = sorted(git_names(top, "diff-files") - git_names(top, "diff"))
    if stale:
        subprocess.run(["git", "add", "--", *stale], cwd=top, capture_output=True, check=True)
    return stale


def refresh_after_save(model=None, os_path=None, contents_manager=None, **_) -> None:
    """Jupyter's post-save hook (`make lab`): saving a run notebook leaves `git status` clean.

    Never fails a save: outside a checkout, or when git is busy, it does nothing.
    """
    try:
        refresh_git_index(checkout_top(Path(os_path).parent))
    except Exception:  # noqa: BLE001 - a save must never fail because of git
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if out of step")
    parser.add_argument("--clean", action="store_true", help="git's clean filter: stdin to stdout")
    parser.add_argument("--git-filter", action="store_true", help="set the clean filter up in git")
    parser.add_argument("--refresh", action="store_true", help="git: notebooks changed only in outputs")
    parser.add_argument("path", nargs="?", help="with --clean: the notebook's path in the checkout")
    args = parser.parse_args(argv)
    if args.clean:
        return clean_stdin(args.path)
    if args.git_filter:
        configure_git_filter()
        return 0
    if args.refresh:
        try:
            top = checkout_top(Path.cwd())
        except subprocess.CalledProcessError:
            print("Esta pasta não está num repositório git: nada a fazer.")
            return 1
        for name in refresh_git_index(top):
            print(name)
        return 0
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
