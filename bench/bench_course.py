"""Course: wall time and peak memory of each notebook with the student's defaults (BUDGET="aula").

Each notebook runs through papermill with no injected parameters; a thread polls the RSS of the
kernel process (and its children) with psutil. Targets (issues 13, 14, 16, 19): no kernel above
1.5 GB, no notebook above 3 minutes, the whole course in 15 minutes or less. The load average is
printed before and after each notebook: a time taken on a busy machine says little.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_course [notebooks/01_*.ipynb ...]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "course.json"
MEMORY_LIMIT_MB = 1536  # 1.5 GB per kernel
COURSE_LIMIT_S = 900  # 15 minutes for the whole course
NOTEBOOK_LIMIT_S = 180  # 3 minutes for any one notebook


def kernel_rss_mb(me) -> float:
    """RSS of every process started under this one (the kernel and its children), in MB."""
    import psutil

    total = 0
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


class PeakMemory(threading.Thread):
    """Polls kernel_rss_mb every `interval` seconds until stopped; keeps the peak."""

    def __init__(self, interval: float = 0.2):
        super().__init__(daemon=True)
        import psutil

        self.me, self.interval, self.peak_mb = psutil.Process(os.getpid()), interval, 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak_mb = max(self.peak_mb, kernel_rss_mb(self.me))


def run_notebook(path: Path, out_dir: Path) -> dict:
    """Execute one notebook with its own defaults; wall time, peak kernel RSS, outcome."""
    import papermill

    load_before = round(os.getloadavg()[0], 2)
    monitor = PeakMemory()
    monitor.start()
    started, status = time.perf_counter(), "ok"
    try:
        papermill.execute_notebook(str(path), str(out_dir / path.name), cwd=str(path.parent),
                                   kernel_name="python3", progress_bar=False)
    except Exception as error:  # noqa: BLE001 - report and go on
        status = f"FALHOU: {type(error).__name__}: {str(error)[:200]}"
    monitor.done.set()
    monitor.join()
    return {"notebook": path.name, "wall_s": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(monitor.peak_mb), "status": status, "load_before": load_before,
            "load_after": round(os.getloadavg()[0], 2)}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="ftlab-course-") as out_dir:
        rows = []
        for path in paths:
            rows.append(run_notebook(path.resolve(), Path(out_dir)))
            row = rows[-1]
            over = " (ACIMA de 3 min)" if row["wall_s"] > NOTEBOOK_LIMIT_S else ""
            print(f"course: {row['notebook']}: {row['wall_s']} s{over}, peak kernel RSS "
                  f"{row['peak_rss_mb']} MB, load {row['load_before']} -> {row['load_after']}, "
                  f"{row['status']}", flush=True)
    total = sum(row["wall_s"] for row in rows)
    peak = max(row["peak_rss_mb"] for row in rows)
    print(f"course: total {total:.0f} s (target <= {COURSE_LIMIT_S}; each <= {NOTEBOOK_LIMIT_S}), "
          f"highest kernel peak {peak} MB (target <= {MEMORY_LIMIT_MB})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
