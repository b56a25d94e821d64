"""`ftlab grade SUBMISSIONS --out notas.csv`: the teacher's command.

    ftlab grade entregas/ --out notas.csv               every file in entregas/, 2 at a time
    ftlab grade a.ipynb b.ipynb --out notas.csv --jobs 1 --budget ci --notebook 02

Writes notas.csv, notas_feedback/ (one pt-BR text per student) and notas.log.json (hashes, timings,
reasons). Exit status 0 when every file was graded (whatever the grades), 1 when one was unreadable.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ftlab.exercises.registry import GradingContext
from ftlab.grading.limits import Limits
from ftlab.grading.sandbox import detect_isolation


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ftlab grade", description="Corrige notebooks entregues pela turma.")
    p.add_argument("submissions", nargs="+", type=Path, help="notebooks entregues, ou pastas com eles")
    p.add_argument("--out", type=Path, default=Path("notas.csv"), help="arquivo CSV de notas")
    p.add_argument("--jobs", type=int, default=2, help="correções ao mesmo tempo (padrão: 2)")
    p.add_argument("--notebook", help="força o notebook do curso (ex.: 02), em vez de detectar")
    p.add_argument("--budget", default="ci", choices=["ci", "aula"], help="BUDGET usado nas correções")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--model", default="tiny")
    p.add_argument("--timeout-notebook", type=float, default=Limits.notebook_s, help="segundos por notebook")
    p.add_argument("--timeout-cell", type=float, default=Limits.cell_s, help="segundos por célula")
    p.add_argument("--memory-mb", type=int, default=Limits.rss_mb, help="memória residente máxima")
    p.add_argument("--all-cells", action="store_true",
                   help="roda todas as células até a última resposta (padrão: só as que as respostas usam)")
    p.add_argument("--isolation", default="auto", choices=["auto", "namespaces", "rede", "audit"],
                   help="auto: o mais forte que a máquina permite")
    return p


def resolve_notebook(value: str | None) -> str | None:
    if value is None:
        return None
    from ftlab.grading.plan import course_notebooks

    matches = [stem for stem in course_notebooks() if value in (stem, stem.split("_")[0])]
    if not matches:
        raise SystemExit(f"notebook desconhecido: {value} (conhecidos: {', '.join(course_notebooks())})")
    return matches[0]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from ftlab.grading.batch import run

    limits = Limits(notebook_s=args.timeout_notebook, cell_s=args.timeout_cell, rss_mb=args.memory_mb,
                    cpu_s=int(args.timeout_notebook * 2))
    level = detect_isolation() if args.isolation == "auto" else args.isolation
    settings = {"context": GradingContext(args.budget, args.seed, args.model), "limits": limits,
                "level": level, "notebook": resolve_notebook(args.notebook), "all_cells": args.all_cells}
    all_reports = run(args.submissions, args.out, settings, max(1, args.jobs))
    for report in all_reports:
        print(f"{report['arquivo']}: {report['status']} {summary(report)}")
    print(f"notas: {args.out} (isolamento: {level})")
    return 1 if any(r["status"] == "ilegivel" for r in all_reports) else 0


def summary(report: dict) -> str:
    from ftlab.grading.report import totals

    if report["status"] != "ok":
        return ""
    total, maximum = totals(report)
    return f"{total:g}/{maximum:g} ({report.get('tempo_s', 0):.0f} s)"
