"""The replay panel of notebook 05 in a real browser: JupyterLab and the Notebook interface, in
Debian's headless Chromium, driven by Playwright (machinery of tests/browser.py).

A small notebook holds only the panel's cell, at the smallest budget ("ci": the forgetting curves
behind the panel and each click train in seconds). The test moves the replay slider with the
mouse, clicks "Treinar", checks that the panel locks its controls while the run trains, then that
the message, the table and the plot show the run; a second run at another fraction adds a row.
Screenshots (1280x720, a classroom projector): tests/ui/screenshots/replay_*.png.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from browser import (
    FRONT_ENDS,
    LAB_NOTEBOOK,
    clear_shots,
    jupyter_lab,
    needs_chromium,
    run_all_cells,
    shot,
    wait_for_idle_kernel,
)
from nbformat.v4 import new_code_cell, new_notebook

from ftlab.widgets.replay_panel import FRACTIONS

NAME = "painel_replay.ipynb"
PANEL = """
from ftlab.experiments import pitfalls
from ftlab.widgets import ReplayPanel

forgetting = pitfalls.forgetting_experiment(budget="ci", seed=0)
ReplayPanel(forgetting, budget="ci", seed=0)
"""
RUN_S = 300  # one click's training and measures at BUDGET="ci" on a loaded 2-core CPU, with margin

pytestmark = [pytest.mark.ui, pytest.mark.slow, needs_chromium]


@pytest.fixture
def jupyter(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(cells=[new_code_cell(PANEL.strip())])
    notebook.metadata = nbformat.read(LAB_NOTEBOOK, as_version=4).metadata  # the course's kernel
    nbformat.write(notebook, folder / NAME)
    with jupyter_lab(tmp_path, folder) as url:
        yield url


def choose_fraction(page, panel, label: str) -> None:
    """Drag the replay slider's handle with the mouse to the stop labelled `label` (e.g. "25%"), as a
    student would (the arrow keys move it in JupyterLab but not in the Notebook interface)."""
    stops = [f"{100 * f:g}%" for f in FRACTIONS]
    track = panel.locator(".widget-slider .noUi-target").bounding_box()
    handle = panel.locator(".widget-slider .noUi-handle").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * stops.index(label) / (len(stops) - 1), y, steps=5)
    page.mouse.up()
    readout = panel.locator(".widget-slider .widget-readout")
    page.wait_for_function("([el, text]) => el.innerText.trim() === text",
                           arg=[readout.element_handle(), label], timeout=10_000)


def table_rows(panel) -> list[list[str]]:
    """The panel's table as text, one list of cells per run (header left out)."""
    rows = panel.locator(".widget-html table tr")
    return [rows.nth(i).locator("td").all_inner_texts() for i in range(1, rows.count())]


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_replay_panel_trains_on_click_and_shows_the_run(jupyter, page, front_end):
    clear_shots(f"replay_{front_end}")
    page.goto(f"{jupyter}/{FRONT_ENDS[front_end]}/{NAME}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    wait_for_idle_kernel(page, front_end)
    run_all_cells(page)

    train = page.locator(".jupyter-widgets button", has_text="Treinar")
    train.wait_for(timeout=600_000)  # the cell first runs the forgetting experiment (BUDGET="ci")
    panel = page.locator(".widget-vbox", has=train).last
    panel.locator(".widget-html", has_text="Nenhum treino ainda").wait_for(timeout=30_000)
    panel.scroll_into_view_if_needed()
    shot(page, f"replay_{front_end}_01_painel")
    plot = panel.locator(".widget-image")
    first_plot = plot.get_attribute("src")

    choose_fraction(page, panel, "25%")
    train.click()
    panel.locator(".widget-html", has_text="Treinando com 25%").wait_for(timeout=30_000)
    assert train.is_disabled()  # no second run while this one trains
    shot(page, f"replay_{front_end}_02_treinando")

    message = panel.locator(".widget-html", has_text="Pronto: replay 25%")
    message.wait_for(timeout=RUN_S * 1000)
    said = r"esqueceu -?\d\.\d{3} bits por byte e ganhou -?\d\.\d{3} no domínio"
    assert re.search(said, message.inner_text())
    page.wait_for_function("([el, old]) => el.src !== old", arg=[plot.element_handle(), first_plot])
    assert not train.is_disabled()
    rows = table_rows(panel)
    assert [row[:2] for row in rows] == [["replay 25%", "25%"]]
    assert all(re.fullmatch(r"-?\d+\.\d{3}", number) for number in rows[0][2:])
    panel.locator(".widget-html table").scroll_into_view_if_needed()
    shot(page, f"replay_{front_end}_03_resultado")

    choose_fraction(page, panel, "0%")
    train.click()
    panel.locator(".widget-html", has_text="Pronto: replay 0%").wait_for(timeout=RUN_S * 1000)
    assert [row[:2] for row in table_rows(panel)] == [["replay 25%", "25%"], ["replay 0%", "0%"]]
    panel.locator(".widget-html table").scroll_into_view_if_needed()
    shot(page, f"replay_{front_end}_04_duas_execucoes")
