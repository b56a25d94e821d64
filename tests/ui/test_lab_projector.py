"""The training lab as a class sees it on a projector: JupyterLab at 1280x720 with the file browser
open, three runs one after the other (the default, a learning rate far too large, one far too small).

Screenshots (tests/ui/screenshots/projetor_*.png): the idle lab, a run in progress, after the
diverging run, after three runs. The runs table must name the diverging run and hold all three.
"""

from __future__ import annotations

import pytest
from browser import (
    chromium_page,
    clear_shots,
    jupyter_lab,
    lab_only_notebook,
    needs_chromium,
    shot,
    wait_for_idle_kernel,
)

pytestmark = [pytest.mark.ui, pytest.mark.slow, needs_chromium]

@pytest.fixture
def jupyter(tmp_path):
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    lab_only_notebook(workdir)
    with jupyter_lab(tmp_path, workdir) as url:
        yield url


def set_lr(page, lab, key: str) -> str:
    """Move the learning-rate slider to an end with the keyboard ("End": largest, "Home": smallest)."""
    slider = lab.locator(".widget-slider", has_text="taxa de aprendizado")
    slider.locator(".noUi-handle").focus()
    page.keyboard.press(key)
    return slider.locator(".widget-readout").inner_text()


def train_and_wait(lab, runs: int) -> None:
    """Click "Treinar" and wait until the table holds `runs` rows."""
    lab.locator(".jupyter-widgets button", has_text="Treinar").click()
    lab.locator(".ftlab-runs tbody tr").nth(runs - 1).wait_for(timeout=300_000)


def test_three_runs_read_well_on_a_projector(jupyter, tmp_path):
    clear_shots("projetor")
    with chromium_page(tmp_path / "chromium") as page:
        page.goto(f"{jupyter}/lab/tree/laboratorio.ipynb")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        wait_for_idle_kernel(page, "jupyterlab")
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Shift+Enter")
        train = page.locator(".jupyter-widgets button", has_text="Treinar")
        train.wait_for(timeout=120_000)
        lab = page.locator(".widget-vbox", has=train).last
        shot(page, "projetor_01_parado")

        train.click()
        progress = lab.locator(".widget-label", has_text="passo")
        progress.filter(has_not_text="passo 0/").wait_for(timeout=60_000)
        shot(page, "projetor_02_treinando")
        lab.locator(".ftlab-runs tbody tr").first.wait_for(timeout=300_000)

        assert set_lr(page, lab, "End") == "1e-1"
        train_and_wait(lab, 2)
        table = lab.locator(".ftlab-runs")
        assert "divergiu" in table.locator("tbody tr").nth(1).inner_text()
        assert "divergiu" in lab.inner_text()  # the message under the buttons says so too
        shot(page, "projetor_03_divergiu")

        assert set_lr(page, lab, "Home") == "1e-5"
        train_and_wait(lab, 3)
        rows = [row.inner_text() for row in table.locator("tbody tr").all()]
        assert len(rows) == 3 and "completo" in rows[0] and "completo" in rows[2]
        shot(page, "projetor_04_tres_treinos")
