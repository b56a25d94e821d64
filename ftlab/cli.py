"""The `ftlab` command: run the course headless, pre-train the tiny model.

    ftlab run [--budget aula|ci] [--out DIR] [NOTEBOOK ...]   execute notebooks with papermill
    ftlab pretrain [ARGS ...]                                  same as `python -m ftlab.pretrain`
    ftlab grade SUBMISSIONS [--out notas.csv] [...]            grade submitted notebooks (ftlab.grading)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ftlab.notebook_sync import NOTEBOOKS


def run_notebooks(paths: list[Path], budget: str, out_dir: Path) -> int:
    """Execute each notebook top to bottom; print its wall time; return how many failed."""
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    failures = 0
    for path in paths:
        started = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(path), str(out_dir / path.name), parameters={"BUDGET": budget},
                cwd=str(path.parent), progress_bar=False,
            )
            status = "ok"
        except Exception as error:  # noqa: BLE001 - report and go on with the next notebook
            failures += 1
            status = f"FALHOU: {type(error).__name__}"
        print(f"{path.name}: {status} ({time.perf_counter() - started:.0f} s)")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ftlab", description="Bancada da Aula 18 (fine-tuning).")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="executa os notebooks do curso sem interface")
    run.add_argument("notebooks", nargs="*", type=Path, help="padrão: todos em notebooks/")
    run.add_argument("--budget", default="aula", choices=["aula", "ci"])
    run.add_argument("--out", type=Path, default=Path("outputs/notebooks"))
    commands.add_parser("pretrain", help="pré-treina o modelo embutido", add_help=False)
    commands.add_parser("grade", help="corrige os notebooks entregues pela turma", add_help=False)
    args, rest = parser.parse_known_args(argv)
    if args.command == "grade":
        from ftlab.grading.cli import main as grade_main

        return grade_main(rest)
    if args.command == "pretrain":
        from ftlab.pretrain import main as pretrain_main

        return pretrain_main(rest)
    if rest:
        parser.error(f"argumentos não reconhecidos: {' '.join(rest)}")
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    return 1 if run_notebooks(paths, args.budget, args.out) else 0


if __name__ == "__main__":
    sys.exit(main())
