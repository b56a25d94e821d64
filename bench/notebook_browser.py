"""A whole notebook as a student runs it: JupyterLab in headless Chromium, Run All, until the kernel
stays idle. Prints the wall time (what the student waits) and the load average, and takes a
1280x720 screenshot of every output that contains a given text (e.g. prices with "R$").

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.notebook_browser \
        notebooks/01_o_que_e_fine_tuning.ipynb [--find "R$"] [--budget aula]

Target (issue 12): notebook 01 under 90 s in the browser. Screenshots: bench/results/.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: the UI tests' JupyterLab and Chromium start-up
RESULTS = ROOT / "bench" / "results"


IDLE_FOR_S = 3.0  # the kernel idle this long after Run All: every cell has run (between two cells it
# goes idle for milliseconds only)

# Installed in the page before Run All: the page notes, with performance.now(), when it started and
# each time the kernel's status turns idle after being busy; Python looks once a second.
WATCH_STATUS_JS = """(status) => {
    const marks = {start: performance.now(), busySeen: false, idle: true, lastIdle: null};
    window.__ftlabStatus = marks;
    new MutationObserver(() => {
        const idle = status.innerText.includes('| Idle');
        if (!idle) { marks.busySeen = true; }
        if (idle && !marks.idle && marks.busySeen) { marks.lastIdle = performance.now(); }
        marks.idle = idle;
    }).observe(status, {childList: true, subtree: true, characterData: true});
}"""


def watch_status(page) -> None:
    status = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| (Idle|Busy)")).first
    page.evaluate(WATCH_STATUS_JS, status.element_handle())


def wait_until_done(page, timeout: float = 900) -> float:
    """Seconds from watch_status() to the kernel's last turn to idle, once it has stayed idle IDLE_FOR_S.

    The times come from the page's own clock, so the waiting takes no CPU from the notebook it times.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1.0)
        marks = page.evaluate("() => Object.assign({now: performance.now()}, window.__ftlabStatus)")
        settled = marks["lastIdle"] is not None and marks["now"] - marks["lastIdle"] >= IDLE_FOR_S * 1000
        if marks["idle"] and settled:
            return (marks["lastIdle"] - marks["start"]) / 1000
    raise TimeoutError(f"o notebook não terminou em {timeout:.0f} s")


def copy_with_budget(notebook: Path, folder: Path, budget: str | None) -> Path:
    """The notebook copied into `folder` (with BUDGET set in its parameters cell when asked)."""
    import nbformat

    copy = folder / notebook.name
    shutil.copy(notebook, copy)
    if budget:
        book = nbformat.read(copy, as_version=4)
        for cell in book.cells:
            if "parameters" in cell.metadata.get("tags", []):
                cell.source = re.sub(r'BUDGET = "\w+"', f'BUDGET = "{budget}"', cell.source)
        nbformat.write(book, copy)
    return copy


def not_run(notebook: Path) -> int:
    """Code cells of the saved notebook that did not run (no execution count)."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return sum(cell.cell_type == "code" and cell.execution_count is None for cell in cells)


def run_in_browser(notebook: Path, find: list[str], budget: str | None) -> float:
    from browser import chromium_page, jupyter_lab, run_all_cells, wait_for_idle_kernel

    with tempfile.TemporaryDirectory(prefix="ftlab-bench-nb-") as tmp:
        folder = Path(tmp)
        (folder / "notebooks").mkdir()
        copy = copy_with_budget(notebook, folder / "notebooks", budget)
        with jupyter_lab(folder, copy.parent) as url, chromium_page(folder / "chromium") as page:
            page.goto(f"{url}/lab/tree/{copy.name}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
            wait_for_idle_kernel(page, "jupyterlab")
            watch_status(page)
            run_all_cells(page)
            seconds = wait_until_done(page)
            page.keyboard.press("Control+s")
            time.sleep(2)
            print(f"browser notebook: {not_run(copy)} code cells without an execution count after the run")
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            print(f"browser notebook: {copy.name}: {seconds:.1f} s from Run All to idle; "
                  f"{errors.count()} stderr outputs; load {os.getloadavg()[0]:.2f}", flush=True)
            for text in find:
                outputs = page.locator(".jp-OutputArea-output", has_text=text)
                for index in range(min(outputs.count(), 3)):
                    outputs.nth(index).scroll_into_view_if_needed()
                    name = f"{notebook.stem}_{index + 1}.png"
                    page.screenshot(path=str(RESULTS / name))
                    print(f"browser notebook: screenshot of an output with {text!r}: bench/results/{name}")
    return seconds


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--find", action="append", default=[], help="screenshot outputs with this text")
    parser.add_argument("--budget", default=None, help="BUDGET for the run (default: the notebook's own)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    RESULTS.mkdir(exist_ok=True)
    print(f"browser notebook: load average before {os.getloadavg()}")
    return run_in_browser(args.notebook.resolve(), args.find, args.budget)


if __name__ == "__main__":
    main()
