"""What every browser test starts with: a Jupyter server of its own and Debian's headless Chromium.

Shared by tests/ui (JupyterLab and the Notebook interface of the course's .venv) and
tests/platforms/test_colab.py (classic Notebook 6.5.7 of the Colab-like environment). Playwright is
imported only when a page opens, so that importing this module costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
LAB_NOTEBOOK = ROOT / "notebooks" / "03_treinamento.ipynb"  # the training lab
FRONT_ENDS = {"jupyterlab": "lab/tree", "notebook": "notebooks"}  # name -> URL path of a notebook
SHOTS = Path(__file__).resolve().parent / "ui" / "screenshots"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
START_S = 400  # a Jupyter server's start on a loaded machine

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"falta o Chromium do Debian em {CHROMIUM}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} não respondeu em {timeout} s")


def jupyter_env(tmp_path: Path, **extra) -> dict:
    """Offline, and every Jupyter folder under `tmp_path`: no user-level config, runtime or workspace."""
    return {**os.environ, **OFFLINE, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), **extra}


def jupyter_command(jupyter: Path, app: str, port: int, workdir: Path) -> list[str]:
    """`jupyter APP` on a loopback `port` serving `workdir`, without a token (app: lab or notebook)."""
    settings = "NotebookApp" if app == "notebook" else "ServerApp"  # classic Notebook 6 has no ServerApp
    return [str(jupyter), app, "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--{settings}.token=",
            f"--{settings}.password=", f"--notebook-dir={workdir}", "--allow-root"]


@contextlib.contextmanager
def jupyter_server(command: list[str], env: dict, ready_path: str, log: Path, port: int):
    """Run a Jupyter server for the block; yields its base URL once `ready_path` answers.

    A server that does not answer in START_S seconds fails the test with the end of its log.
    """
    url = f"http://127.0.0.1:{port}"
    with open(log, "w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for_http(f"{url}/{ready_path}", timeout=START_S)
            except TimeoutError as error:
                raise TimeoutError(f"{error}\n{log.read_text()[-3000:]}") from None
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextlib.contextmanager
def jupyter_lab(tmp_path: Path, workdir: Path):
    """The .venv's JupyterLab (which also serves the Notebook interface) on a free port, isolated in
    `tmp_path`."""
    port, jupyter = free_port(), Path(sys.executable).parent / "jupyter"
    command = [*jupyter_command(jupyter, "lab", port, workdir), "--LabApp.extension_manager=readonly"]
    with jupyter_server(command, jupyter_env(tmp_path), "lab", tmp_path / "jupyter.log", port) as url:
        yield url


@contextlib.contextmanager
def chromium_page(profile: Path, width: int = 1280, height: int = 720):
    """A page of headless Chromium (1280x720 by default: a classroom projector)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            yield browser.new_page()
        finally:
            browser.close()


LAB_CELL = ('from ftlab.widgets import TrainingLab\n\n'
            'lab = TrainingLab(model_name="tiny", task="classificacao", seed=0)\nlab')  # notebook 03's cell


def lab_only_notebook(folder: Path, name: str = "laboratorio.ipynb") -> Path:
    """A notebook in `folder` holding only notebook 03's lab cell (the lab's default settings)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(LAB_CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(notebook, path)
    return path


def lab_ci_copy(folder: Path) -> Path:
    """A copy of the lab's notebook whose parameters cell says BUDGET = "ci" (the sweeps take seconds)."""
    import nbformat

    notebook = nbformat.read(LAB_NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = re.sub(r'BUDGET = "\w+"', 'BUDGET = "ci"', cell.source)
    path = folder / LAB_NOTEBOOK.name
    nbformat.write(notebook, path)
    return path


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def clear_shots(prefix: str) -> None:
    for old in SHOTS.glob(f"{prefix}_*.png"):
        old.unlink()


def run_all_cells(page) -> None:
    """Run > Run All Cells, from the menu bar (the same in JupyterLab and the Notebook interface)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def wait_for_idle_kernel(page, front_end: str) -> None:
    """Wait until the kernel has started and is idle (JupyterLab: status bar; Notebook: toolbar)."""
    if front_end == "jupyterlab":
        ready = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))
    else:
        ready = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    ready.first.wait_for(timeout=300_000)


def watch_redraws(lab, needed: int, timeout: float, image: str = ".widget-image") -> list[str]:
    """Distinct plot images (a new blob URL after each redraw) seen while the run trains, until
    `needed` new ones appeared."""
    def source() -> str:
        return lab.locator(image).first.get_attribute("src") or ""

    seen = [source()]
    deadline = time.monotonic() + timeout
    while len(seen) - 1 < needed and time.monotonic() < deadline:
        src = source()
        if src and src != seen[-1]:
            seen.append(src)
        time.sleep(0.1)
    return seen[1:]
