"""The training lab in a real browser: JupyterLab and the Notebook interface, in Debian's headless
Chromium, driven by Playwright.

Opens notebooks/03_treinamento (a copy with BUDGET="ci"), runs every cell from the Run menu, moves
the learning-rate slider, clicks "Treinar", watches the plot redraw while the run trains, clicks
"Parar" and checks that the stopped run lands in the table; once in JupyterLab, once in the Notebook
interface (`jupyter notebook`, served by the same server). Screenshots: tests/ui/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "03_treinamento.ipynb"
SHOTS = Path(__file__).resolve().parent / "screenshots"
FRONT_ENDS = {"jupyterlab": "lab/tree", "notebook": "notebooks"}  # name -> URL path of a notebook
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]

pytestmark = [
    pytest.mark.ui,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="falta o Chromium do Debian em /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ci_copy(folder: Path) -> Path:
    """A copy of notebook 03 whose parameters cell says BUDGET = "ci" (the sweeps take seconds)."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = re.sub(r'BUDGET = "\w+"', 'BUDGET = "ci"', cell.source)
    path = folder / NOTEBOOK.name
    nbformat.write(notebook, path)
    return path


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} não respondeu em {timeout} s")


@pytest.fixture
def jupyter(tmp_path):
    """A JupyterLab server on a free loopback port, with its own config/runtime dirs."""
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    ci_copy(workdir)
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
               f"--notebook-dir={workdir}", "--allow-root", "--LabApp.extension_manager=readonly"]
    log = open(tmp_path / "jupyter.log", "w")  # noqa: SIM115 - closed in the teardown below
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_for_http(f"http://127.0.0.1:{port}/lab", timeout=180)
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n{(tmp_path / 'jupyter.log').read_text()[-3000:]}") from None
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 720})  # a classroom projector
        try:
            yield browser.new_page()
        finally:
            browser.close()


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


def plot_sources(lab) -> str:
    """The current src of the lab's plot image (a new blob URL after each redraw)."""
    return lab.locator(".widget-image").first.get_attribute("src") or ""


def watch_redraws(lab, needed: int, timeout: float) -> list[str]:
    """Distinct plot images seen while the run trains, until `needed` new ones appeared."""
    seen = [plot_sources(lab)]
    deadline = time.monotonic() + timeout
    while len(seen) - 1 < needed and time.monotonic() < deadline:
        src = plot_sources(lab)
        if src and src != seen[-1]:
            seen.append(src)
        time.sleep(0.1)
    return seen[1:]


def wait_for_idle_kernel(page, front_end: str) -> None:
    """Wait until the kernel has started and is idle (JupyterLab: status bar; Notebook: toolbar)."""
    if front_end == "jupyterlab":
        ready = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))
    else:
        ready = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    ready.first.wait_for(timeout=300_000)


def drag_left(page, handle, pixels: int = 40) -> None:
    """Drag a slider handle to the left with the mouse, as a student would."""
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - pixels, y, steps=5)
    page.mouse.up()


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_lab_trains_redraws_and_stops_in_the_browser(jupyter, page, front_end):
    clear_shots(front_end)
    page.goto(f"{jupyter}/{FRONT_ENDS[front_end]}/{NOTEBOOK.name}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    wait_for_idle_kernel(page, front_end)
    shot(page, f"{front_end}_01_notebook_aberto")
    run_all_cells(page)

    train = page.locator(".jupyter-widgets button", has_text="Treinar")
    train.wait_for(timeout=900_000)  # Run All trains the sweeps first (BUDGET="ci")
    lab = page.locator(".widget-vbox", has=train).last
    lab.scroll_into_view_if_needed()
    shot(page, f"{front_end}_02_laboratorio")

    readout = lab.locator(".widget-slider", has_text="taxa de aprendizado").locator(".widget-readout")
    before = readout.inner_text()
    drag_left(page, lab.locator(".widget-slider", has_text="taxa de aprendizado").locator(".noUi-handle"))
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[readout.element_handle(), before])
    assert readout.inner_text() != before

    train.click()
    redraws = watch_redraws(lab, needed=3, timeout=300)  # empty run, first point, then with steps
    shot(page, f"{front_end}_03_treinando")
    assert len(redraws) >= 3, "o gráfico não foi redesenhado ao menos duas vezes durante o treino"
    assert "passo 0/" not in lab.locator(".widget-label", has_text="passo").inner_text()

    lab.locator(".jupyter-widgets button", has_text="Parar").click()
    table = lab.locator(".widget-html", has_text="val loss final")
    table.wait_for(timeout=30_000)
    assert "interrompido" in table.inner_text()
    lab.locator(".widget-html", has_text="interrompido a seu pedido").wait_for(timeout=30_000)
    table_lrs = [float(lr) for lr in re.findall(r"\b\de-\d+\b", table.inner_text())]  # lr_text: "2e-4"
    assert table_lrs == [pytest.approx(float(readout.inner_text()), rel=0.25)]  # the moved slider's lr
    shot(page, f"{front_end}_04_parado_na_tabela")
