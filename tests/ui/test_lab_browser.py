"""The training lab in a real browser: JupyterLab and the Notebook interface, in Debian's headless
Chromium, driven by Playwright.

Opens notebooks/03_treinamento (a copy with BUDGET="ci"), runs every cell from the Run menu, moves
the learning-rate slider, clicks "Treinar", watches the plot redraw while the run trains, clicks
"Parar" and checks that the stopped run lands in the table; once in JupyterLab, once in the Notebook
interface (`jupyter notebook`, served by the same server). Screenshots: tests/ui/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from browser import (
    FRONT_ENDS,
    LAB_NOTEBOOK,
    clear_shots,
    jupyter_lab,
    lab_ci_copy,
    needs_chromium,
    run_all_cells,
    shot,
    wait_for_idle_kernel,
    watch_redraws,
)

pytestmark = [pytest.mark.ui, pytest.mark.slow, needs_chromium]


@pytest.fixture
def jupyter(tmp_path):
    """A JupyterLab server serving a CI copy of notebook 03."""
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    lab_ci_copy(workdir)
    with jupyter_lab(tmp_path, workdir) as url:
        yield url


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
    page.goto(f"{jupyter}/{FRONT_ENDS[front_end]}/{LAB_NOTEBOOK.name}")
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
