"""Colab, offline: an environment with Colab's pinned versions (colab-pins.txt) and the local CPU torch.

1. the setup cell, run as on a fresh Colab runtime (google.colab present, ftlab absent), installs
   ftlab, changes no version that was installed, makes `import ftlab` work in the same kernel, and
   runs again without harm;
2. every notebook runs top to bottom there with papermill (BUDGET="ci");
3. the training lab in classic Notebook 6.5.7 with ipywidgets 7.7.1 (the closest offline stand-in for
   Colab's widget front end), training in the kernel's own thread as on Colab: the plot redraws
   while it trains, and "Parar" stops it.

Built and run by `make test-colab`.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from browser import (
    CHROMIUM,
    LAB_NOTEBOOK,
    chromium_page,
    free_port,
    jupyter_command,
    jupyter_server,
    lab_ci_copy,
    shot,
    watch_redraws,
)
from platform_env import (
    NOTEBOOKS,
    ROOT,
    environment_python,
    isolated_jupyter_env,
    pins,
    pip_versions,
    run_papermill,
)

from ftlab.notebook_sync import repository_url, setup_cell_source

PINS = pins(ROOT / "tests" / "platforms" / "colab-pins.txt")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def python():
    return environment_python("colab")


@pytest.fixture(scope="module")
def with_ftlab(python):
    """The Colab environment with ftlab installed by colab_setup (as the setup cell does)."""
    probe = subprocess.run([str(python), "-c", "import ftlab"], cwd="/", capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), str(ROOT / "ftlab" / "colab_setup.py")], check=True, cwd="/")
    return python


def test_environment_has_colabs_pinned_versions(python):
    versions = pip_versions(python)
    assert {name: versions.get(name) for name in PINS} == PINS


def fresh_colab_notebook(folder: str):
    """Fake google.colab, check ftlab is absent, the setup cell twice, then import ftlab."""
    cell = setup_cell_source(repository_url(), folder=folder)
    sources = [
        "import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')",
        "try:\n    import ftlab\nexcept ModuleNotFoundError:\n    print('ANTES: sem ftlab')",
        cell,
        "import os, ftlab\nprint('DEPOIS:', ftlab.__file__, os.getcwd())",
        cell,  # re-run: must do no harm
        "import ftlab.widgets, ftlab.models\nprint('DE NOVO:', ftlab.__file__)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def cell_text(cell) -> str:
    return "".join(output.get("text", "") for output in cell.outputs)


def test_setup_cell_installs_ftlab_keeps_colabs_versions_and_imports_at_once(python, tmp_path):
    subprocess.run([str(python), "-m", "pip", "uninstall", "-y", "-q", "ftlab"], check=False)
    before = pip_versions(python)
    assert "ftlab" not in before
    source, out = tmp_path / "colab.ipynb", tmp_path / "colab-out.ipynb"
    nbformat.write(fresh_colab_notebook(str(ROOT)), source)
    run_papermill(python, source, out, {}, tmp_path, cwd=tmp_path)
    cells = nbformat.read(out, as_version=4).cells
    assert "ANTES: sem ftlab" in cell_text(cells[1])
    assert "sem trocar nenhuma versão do Colab" in cell_text(cells[2])
    assert f"DEPOIS: {ROOT / 'ftlab' / '__init__.py'} {ROOT / 'notebooks'}" in cell_text(cells[3])
    assert "sem trocar nenhuma versão do Colab" in cell_text(cells[4])
    assert "DE NOVO:" in cell_text(cells[5])
    after = pip_versions(python)
    changed = {name: (old, after.get(name)) for name, old in before.items() if after.get(name) != old}
    assert changed == {}, f"o setup trocou versões que o Colab já tinha: {changed}"
    assert {name: after[name] for name in PINS} == PINS and "ftlab" in after


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_colabs_versions(with_ftlab, path, tmp_path):
    run_papermill(with_ftlab, path, tmp_path / path.name, {"BUDGET": "ci", "SEED": 0}, tmp_path)


# --- the lab in classic Notebook 6.5.7 + ipywidgets 7.7.1, training in the kernel's thread ---------

@pytest.fixture
def classic_notebook(with_ftlab, tmp_path):
    """`jupyter notebook` (6.5.7) of the Colab environment on a free port; the kernel trains as on Colab."""
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    lab_ci_copy(workdir)
    port = free_port()
    command = jupyter_command(with_ftlab.parent / "jupyter", "notebook", port, workdir)
    env = isolated_jupyter_env(tmp_path, FTLAB_WIDGET_RUNNER="cell")
    with jupyter_server(command, env, "tree", tmp_path / "jupyter.log", port) as url:
        yield url


@pytest.fixture
def page(tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"falta o Chromium do Debian em {CHROMIUM} (.ci/run o instala)")
    with chromium_page(tmp_path / "chromium-profile", 1400, 1000) as page:
        yield page


def test_lab_in_classic_notebook_with_ipywidgets_7_trains_in_the_kernel_thread_and_stops(
        classic_notebook, page):
    page.goto(f"{classic_notebook}/notebooks/{LAB_NOTEBOOK.name}")
    page.locator("#kernel_indicator_icon.kernel_idle_icon").wait_for(timeout=300_000)
    shot(page, "colab_nb6_01_aberto")
    page.evaluate("Jupyter.notebook.execute_all_cells()")  # Cell > Run All

    train = page.locator("button.widget-button", has_text="Treinar")
    train.wait_for(timeout=900_000)  # Run All trains the sweeps first (BUDGET="ci")
    page.locator("#kernel_indicator_icon.kernel_idle_icon").wait_for(timeout=900_000)
    lab = page.locator(".widget-vbox", has=train).last
    lab.scroll_into_view_if_needed()
    shot(page, "colab_nb6_02_laboratorio")

    train.click()
    redraws = watch_redraws(lab, needed=3, timeout=300, image="img.widget-image")
    shot(page, "colab_nb6_03_treinando")
    assert len(redraws) >= 3, "o gráfico não foi redesenhado durante o treino (ipywidgets 7, modo célula)"
    assert page.locator("#kernel_indicator_icon.kernel_busy_icon").count() == 1  # the kernel's own thread

    lab.locator("button.widget-button", has_text="Parar").click()
    lab.locator(".widget-html", has_text="interrompido a seu pedido").wait_for(timeout=60_000)
    table = lab.locator(".widget-html", has_text="val loss final")
    assert "interrompido" in table.inner_text()
    shot(page, "colab_nb6_04_parado")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
