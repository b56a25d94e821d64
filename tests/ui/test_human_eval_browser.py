"""The blind A/B panel in a real browser: JupyterLab and the Notebook interface, in Debian's
headless Chromium, driven by Playwright (machinery of tests/browser.py).

A small notebook builds a HumanEvalPanel over three fixed items (one repeated). The test types a
rater name, clicks through every choice, checks that each click was appended to the rater's CSV,
that the panel shows the summary at the end, and that a second panel appends to the same file
instead of overwriting it. Screenshots: tests/ui/screenshots/human_*.png.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import nbformat
import pytest
from browser import (
    FRONT_ENDS,
    LAB_NOTEBOOK,
    chromium_page,
    jupyter_lab,
    needs_chromium,
    run_all_cells,
    shot,
    wait_for_idle_kernel,
)
from nbformat.v4 import new_code_cell, new_notebook

NAME = "painel_humano.ipynb"
PANEL = """
from ftlab.widgets import HumanEvalPanel

itens = [{"pergunta": f"mensagem {i}", "base": f"resposta curta {i}",
          "ajustado": f"resposta longa e completa {i}"} for i in range(3)]
HumanEvalPanel(itens, folder="avaliacoes", seed=7, repeats=1)
"""

pytestmark = [pytest.mark.ui, pytest.mark.slow, needs_chromium]


@pytest.fixture
def workdir(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook = new_notebook(cells=[new_code_cell(PANEL.strip()), new_code_cell(PANEL.strip())])
    course = nbformat.read(LAB_NOTEBOOK, as_version=4)
    notebook.metadata = course.metadata  # the course's kernel, so no "Select Kernel" dialog opens
    nbformat.write(notebook, folder / NAME)
    return folder


@pytest.fixture
def jupyter(tmp_path, workdir):
    with jupyter_lab(tmp_path, workdir) as url:
        yield url


@pytest.fixture
def page(tmp_path):
    with chromium_page(tmp_path / "chromium-profile", 1400, 1000) as page:
        yield page


def saved_rows(path: Path, expected: int, timeout: float = 30) -> list[dict]:
    """The CSV's rows once it holds `expected` of them (the kernel writes after the click)."""
    deadline = time.monotonic() + timeout
    rows = []
    while time.monotonic() < deadline:
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
            if len(rows) >= expected:
                break
        time.sleep(0.2)
    return rows


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_panel_records_choices_appends_csv_and_shows_summary(jupyter, page, workdir, front_end):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{jupyter}/{FRONT_ENDS[front_end]}/{NAME}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    select = page.locator(".jp-Dialog button", has_text="Select")  # the Notebook interface may ask
    try:
        select.wait_for(timeout=15_000)
        select.click()
    except PlaywrightTimeout:
        pass
    wait_for_idle_kernel(page, front_end)
    run_all_cells(page)
    first = page.locator(".widget-vbox", has=page.locator("button", has_text="A é melhor")).first
    try:
        first.locator("button", has_text="A é melhor").wait_for(timeout=300_000)
    finally:
        shot(page, f"human_{front_end}_01_painel")

    first.locator("button", has_text="Empate").click()  # no name yet: refused, nothing saved
    first.locator(".widget-html", has_text="Escreva seu nome").wait_for(timeout=30_000)
    name = first.locator(".widget-text input")
    name.fill("Ana Teste")
    name.press("Tab")
    csv_path = workdir / "avaliacoes" / "ana-teste.csv"
    choices = ["B é melhor", "A é melhor", "Ambas ruins", "Empate"]  # 3 items + 1 repeat
    for count, label in enumerate(choices, start=1):
        first.locator(".widget-html", has_text=f"item {count} de 4").wait_for(timeout=30_000)
        if count == 1:
            first.locator("textarea").fill("a B explica melhor")
        first.locator("button", has_text=label).click()
        assert len(saved_rows(csv_path, count)) == count
    summary = first.locator(".widget-html", has_text="taxa de vitória de ajustado")
    summary.wait_for(timeout=30_000)
    assert "Resumo de Ana Teste" in summary.inner_text()
    shot(page, f"human_{front_end}_02_resumo")

    rows = saved_rows(csv_path, 4)
    assert [r["escolha"] for r in rows] == ["direita", "esquerda", "ambas ruins", "empate"]
    assert rows[0]["comentario"] == "a B explica melhor" and {r["avaliador"] for r in rows} == {"Ana Teste"}
    assert [r["repeticao"] for r in rows] == ["0", "0", "0", "1"]
    assert all({r["esquerda"], r["direita"]} == {"base", "ajustado"} for r in rows)

    second = page.locator(".widget-vbox", has=page.locator("button", has_text="A é melhor")).nth(1)
    second.scroll_into_view_if_needed()
    second.locator(".widget-text input").fill("Ana Teste")
    second.locator(".widget-text input").press("Tab")
    second.locator("button", has_text="B é melhor").click()
    rows = saved_rows(csv_path, 5)
    assert len(rows) == 5 and rows[:4] == saved_rows(csv_path, 4)[:4]  # appended, earlier rows kept
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 6  # one header, five choices
