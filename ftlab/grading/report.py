"""What the teacher gets: the grades CSV, one pt-BR feedback file per student, a JSON log."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ftlab.exercises import EXERCISES
from ftlab.exercises.result import CheckResult, fmt_points

STATUS_TEXT = {
    "ok": "corrigido",
    "ilegivel": "o arquivo entregue não é um notebook legível",
    "notebook_desconhecido": "não reconheci de qual notebook do curso é esta entrega",
    "falha_do_corretor": "a correção automática falhou nesta entrega; o professor vai olhar",
}


def results(report: dict) -> list[CheckResult]:
    return [CheckResult.from_dict(data) for data in report.get("resultados", {}).values()]


def totals(report: dict) -> tuple[float, float]:
    graded = [r for r in results(report) if EXERCISES.get(r.exercise) is None or EXERCISES[r.exercise].graded]
    return round(sum(r.points for r in graded), 2), round(sum(r.max_points for r in graded), 2)


def columns(reports: list[dict]) -> tuple[list[str], list[str]]:
    """Point columns (graded exercises) and text columns (answers for the teacher), in course order."""
    ids = sorted({key for report in reports for key in report.get("resultados", {})})
    graded = [i for i in ids if EXERCISES.get(i) is None or EXERCISES[i].graded]
    texts = [i for i in ids if i not in graded]
    return graded, texts


def write_csv(reports: list[dict], path: Path) -> None:
    graded, texts = columns(reports)
    header = ["aluno", "arquivo", "notebook", "status", *graded, "total", "maximo",
              *[f"{i} (texto)" for i in texts], "isolamento", "tempo_s"]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for report in sorted(reports, key=lambda r: r["arquivo"]):
            points = {r.exercise: fmt_points(r.points) for r in results(report)}
            total, maximum = totals(report)
            writer.writerow([report["aluno"], report["arquivo"], report.get("notebook") or "",
                             report["status"],
                             *[points.get(i, "") for i in graded], fmt_points(total), fmt_points(maximum),
                             *[report.get("respostas_texto", {}).get(i, "") for i in texts],
                             report["isolamento"], report.get("tempo_s", "")])


def feedback_text(report: dict) -> str:
    """The student's feedback: grade, then every exercise's verdict and remarks."""
    lines = [f"Correção automática de {report['arquivo']}"]
    if report["status"] != "ok":
        return "\n".join([*lines, f"Situação: {STATUS_TEXT.get(report['status'], report['status'])}.",
                          "Nota: 0. Confira o arquivo e entregue de novo.", ""])
    total, maximum = totals(report)
    lines += [f"Notebook: {report['notebook']}", f"Nota: {fmt_points(total)} de {fmt_points(maximum)}", ""]
    for result in results(report):
        exercise = EXERCISES.get(result.exercise)
        title = exercise.title if exercise else result.exercise
        if exercise is not None and not exercise.graded:
            lines += [f"{title} (lida pelo professor, sem nota automática):", *result.lines, ""]
            continue
        lines += [f"{title}:", str(result), ""]
    return "\n".join(lines)


def write_feedback(reports: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for report in reports:
        (folder / f"{report['arquivo']}.txt").write_text(feedback_text(report), encoding="utf-8")


def write_log(reports: list[dict], header: dict, path: Path) -> None:
    path.write_text(json.dumps({**header, "submissoes": reports}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
