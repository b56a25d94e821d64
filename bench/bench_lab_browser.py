"""Lab latency in a real browser: what a student waits for, from the click on "Treinar" to the curve.

Starts JupyterLab on a loopback port and Debian's headless Chromium (Playwright), opens a notebook
that holds only notebook 03's lab cell, and clicks "Treinar" `--repeat` times with the lab's
default settings. For each click it records the time to the first curve point on screen (the plot
image changes for the second time: the first redraw is the empty run) and to the finished run (the
runs table gains its row). Then it times the same clicks in-process (bench/bench_lab.py) on the same
machine in the same run, so the two figures can be compared. The page times itself (a
MutationObserver and performance.now(); Python looks every 0.5 s), so measuring takes no CPU from
the training. `--variants cell,thread,cell-polling` times the browser clicks once per variant, each
in a fresh server, and prints their ratios to the first: "cell" and "thread" are the two ways the
lab runs its training (ftlab/widgets/runner.py: in the kernel's own thread, the default, or in a
background thread); "-polling" times by asking the page every 20 ms instead (the first version of
this bench), to show what that asking cost.
Medians with their spread and the load average. Targets (issue 12): median click-to-finished-curve
10 s or less; first curve within 2 s.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_lab_browser [--repeat 5] [--variants cell,thread]
        [--no-in-process]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser: the UI tests' JupyterLab and Chromium machinery

def rows_in_table(lab) -> int:
    table = lab.locator(".widget-html", has_text="val loss final")
    if not table.count():
        return 0
    return table.locator("tbody tr").count()


def click_and_time_polling(page, lab, train, plot_src) -> dict:
    """One click on "Treinar", timed by asking the page every 20 ms (the first version of this bench).

    Kept to show what the asking costs: every look is a DOM query in Chromium and a round trip
    through Playwright's driver, CPU taken from the training on a 2-core machine.
    """
    rows_before, src_before = rows_in_table(lab), plot_src()
    started = time.perf_counter()
    train.click()
    changes, first_curve = 0, float("nan")
    while rows_in_table(lab) == rows_before:
        src = plot_src()
        if src and src != src_before:
            changes, src_before = changes + 1, src
            if changes == 2:
                first_curve = time.perf_counter() - started
        time.sleep(0.02)
        if time.perf_counter() - started > 600:
            raise TimeoutError("o treino não terminou em 10 minutos")
    return {"click_to_end_s": time.perf_counter() - started, "first_curve_s": first_curve}


# Installed in the page before a click: the page itself notes, with performance.now(), the click on the
# button, every change of the plot's image and the moment the runs table gains a row.
WATCH_JS = """([lab, img, button]) => {
    const rows = () => {
        const tables = [...lab.querySelectorAll('.widget-html')];
        const table = tables.find(el => el.innerText.includes('val loss final'));
        return table ? table.querySelectorAll('tbody tr').length : 0;
    };
    const marks = {click: null, images: [], row: null, rowsBefore: rows()};
    window.__ftlabMarks = marks;
    button.addEventListener('click', () => { if (marks.click === null) marks.click = performance.now(); },
                            {capture: true, once: true});
    new MutationObserver(() => marks.images.push(performance.now()))
        .observe(img, {attributes: true, attributeFilter: ['src']});
    const table = new MutationObserver(() => {
        if (marks.row === null && rows() > marks.rowsBefore) {
            marks.row = performance.now();
            table.disconnect();
        }
    });
    table.observe(lab, {childList: true, subtree: true, characterData: true});
}"""


def click_and_time(page, lab, train, plot) -> dict:
    """One click on "Treinar", timed by the page: seconds to the first curve point and to the table row.

    Python only looks every half second whether the row is there; the times come from the page's own
    clock (WATCH_JS), so the measuring takes no CPU from the training it measures.
    """
    page.evaluate(WATCH_JS, [lab.element_handle(), plot.element_handle(), train.element_handle()])
    train.click()
    page.wait_for_function("() => window.__ftlabMarks.row !== null", polling=500, timeout=600_000)
    marks = page.evaluate("() => window.__ftlabMarks")
    images = marks["images"]
    first_curve = (images[1] - marks["click"]) / 1000 if len(images) > 1 else float("nan")
    return {"click_to_end_s": (marks["row"] - marks["click"]) / 1000, "first_curve_s": first_curve}


def browser_clicks(repeat: int, runner: str, polling: bool = False) -> list[dict]:
    """Time `repeat` clicks in a fresh JupyterLab whose kernel trains the "cell" or "thread" way."""
    from tests.browser import chromium_page, jupyter_lab, lab_only_notebook, wait_for_idle_kernel

    os.environ["FTLAB_WIDGET_RUNNER"] = runner  # read by the kernel the server starts
    with tempfile.TemporaryDirectory(prefix="ftlab-bench-lab-") as tmp:
        folder = Path(tmp)
        (folder / "notebooks").mkdir()
        notebook = lab_only_notebook(folder / "notebooks")
        with jupyter_lab(folder, notebook.parent) as url, chromium_page(folder / "chromium") as page:
            page.goto(f"{url}/lab/tree/{notebook.name}")
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
            wait_for_idle_kernel(page, "jupyterlab")
            page.keyboard.press("Shift+Enter")
            train = page.locator(".jupyter-widgets button", has_text="Treinar")
            train.wait_for(timeout=120_000)
            lab = page.locator(".widget-vbox", has=train).last
            plot = lab.locator(".widget-image").first

            def plot_src() -> str:
                return plot.get_attribute("src") or ""

            rows = []
            for index in range(1, repeat + 1):
                page.locator(".jupyter-widgets button:not([disabled])", has_text="Treinar").wait_for()
                if polling:
                    rows.append(click_and_time_polling(page, lab, train, plot_src))
                else:
                    rows.append(click_and_time(page, lab, train, plot))
                row = rows[-1]
                name = runner + ("-polling" if polling else "")
                print(f"browser ({name}): click {index}: finished curve {row['click_to_end_s']:.2f} s, "
                      f"first curve {row['first_curve_s']:.2f} s, load {os.getloadavg()[0]:.2f}", flush=True)
            page.screenshot(path=str(ROOT / "bench" / "results" / f"lab_browser_{runner}.png"))
    return rows


def spread(values: list[float]) -> str:
    return f"mediana {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f}, n={len(values)})"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="clicks to time")
    parser.add_argument("--variants", default="cell",
                        help="comma-separated: cell (the default), thread, and either with -polling")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process clicks")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    print(f"browser: load average {os.getloadavg()}")
    runners = args.variants.split(",")
    figures = {variant: browser_clicks(args.repeat, variant.split("-")[0], variant.endswith("-polling"))
               for variant in runners}
    if not args.no_in_process:
        from bench.bench_lab import main as in_process

        figures["in_process"] = in_process(["--repeat", str(args.repeat)])
    for runner in runners:
        ends = [row["click_to_end_s"] for row in figures[runner]]
        firsts = [row["first_curve_s"] for row in figures[runner]]
        print(f"browser ({runner}): clique ao fim da curva {spread(ends)} (meta <= 10 s); primeira curva "
              f"{spread(firsts)} (meta <= 2 s); load average {os.getloadavg()[0]:.2f}")
        if "in_process" in figures:
            inner = [row["click_to_end_s"] for row in figures["in_process"]]
            print(f"browser ({runner}): em processo {spread(inner)}; navegador/em processo = "
                  f"{statistics.median(ends) / statistics.median(inner):.2f}x")
    medians = [statistics.median(row["click_to_end_s"] for row in figures[runner]) for runner in runners]
    for runner, median in zip(runners[1:], medians[1:], strict=True):
        print(f"browser: {runner}/{runners[0]} = {median / medians[0]:.2f}x (mesma execução)")
    return figures


if __name__ == "__main__":
    main()
