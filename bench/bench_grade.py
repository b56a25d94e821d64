"""Grading a class: N submissions of notebook 02 through `ftlab grade`, wall time and load average.

    python bench/bench_grade.py [--n 30] [--jobs 2] [--all-cells]

The class is built from the solved and the student notebooks 02: a third solved, a third untouched,
a third with one exercise done. Prints the total wall time (target: 30 submissions in <= 600 s on
the course's 2-core CPU), per-submission medians and range, the isolation level and the load
average before and after (the machine may be shared: say so with the figure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ftlab.exercises.registry import GradingContext  # noqa: E402
from ftlab.grading.batch import run  # noqa: E402
from ftlab.grading.limits import Limits  # noqa: E402
from ftlab.grading.sandbox import detect_isolation, isolation_label  # noqa: E402

SOLVED = ROOT / "notebooks" / "solucoes" / "02_preparacao_dataset.ipynb"
STUDENT = ROOT / "notebooks" / "02_preparacao_dataset.ipynb"


def one_done(student, solved):
    """The student notebook with only the first exercise answered (the solved cell copied in)."""
    notebook = nbformat.from_dict(student)
    answer = next(c for c in solved.cells if c.cell_type == "code" and "def remover_duplicatas" in c.source)
    target = next(c for c in notebook.cells if c.cell_type == "code" and "def remover_duplicatas" in c.source)
    target.source = answer.source
    return notebook


def make_class(folder: Path, n: int) -> None:
    solved, student = (nbformat.read(path, as_version=4) for path in (SOLVED, STUDENT))
    kinds = [solved, student, one_done(student, solved)]
    for i in range(n):
        nbformat.write(kinds[i % 3], folder / f"aluno_{i:02d}.ipynb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--all-cells", action="store_true", help="run every cell up to the last answer")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        subs = Path(tmp) / "entregas"
        subs.mkdir()
        make_class(subs, args.n)
        load_before = os.getloadavg()
        started = time.perf_counter()
        settings = {"context": GradingContext(), "limits": Limits(), "level": detect_isolation(),
                    "all_cells": args.all_cells}
        reports = run([subs], Path(tmp) / "notas.csv", settings, jobs=args.jobs)
        wall = time.perf_counter() - started
        load_after = os.getloadavg()
    each = sorted(r["tempo_s"] for r in reports)
    statuses = sorted({r["status"] for r in reports})
    print(f"{args.n} submissions of notebook 02, jobs={args.jobs}, all_cells={args.all_cells}, "
          f"isolation={isolation_label(settings['level'])}")
    print(f"total wall time: {wall:.0f} s (target <= 600 s); statuses: {statuses}")
    print(f"per submission: median {statistics.median(each):.1f} s, range {each[0]:.1f}-{each[-1]:.1f} s")
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
          f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} (2 cores; shared machine)")
    return 0 if wall <= 600 and statuses == ["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
