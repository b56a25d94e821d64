"""Grade a class: every submission in its own worker process and sandboxed kernel, several at once."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import ftlab
from ftlab.grading import report as reports
from ftlab.grading.runner import Settings, grade_file
from ftlab.grading.sandbox import isolation_label

ROOT = Path(ftlab.__file__).resolve().parents[1]
SOLUTIONS = ROOT / "notebooks" / "solucoes"


def submission_files(paths: list[Path]) -> list[Path]:
    """Files given, and the files directly inside folders given (hidden ones skipped)."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            files.append(path)
    return files


def grader_files(files: list[Path], out: Path, feedback: Path, log: Path) -> list[Path]:
    """What a submission must not read: the teacher's home, the class, the results, the solutions."""
    for path in (out, log):
        path.touch(exist_ok=True)
    feedback.mkdir(parents=True, exist_ok=True)
    return [Path.home(), *{f.resolve().parent for f in files}, out, feedback, log, SOLUTIONS]


def runtime_paths() -> list[Path]:
    """What the kernel must still see when those are hidden: Python, the packages, ftlab itself."""
    return [Path(sys.prefix), Path(sys.base_prefix), ROOT]


def grade_one(path: Path, settings: Settings, slot_name: str) -> dict:
    """Worker entry point (one process per submission at a time)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return grade_file(path, settings, slot_name)


def grader_failure(path: Path, settings: Settings, error: BaseException) -> dict:
    """The report of a submission whose grading itself failed: zero, said plainly, the rest goes on."""
    return {"aluno": path.stem, "arquivo": path.name, "isolamento": isolation_label(settings.level),
            "notebook": None, "status": "falha_do_corretor", "erro": f"{type(error).__name__}: {error}"[:300],
            "resultados": {}, "respostas_texto": {}}


def grade_all(files: list[Path], settings: Settings, jobs: int) -> list[dict]:
    """Reports in the order of `files`; one worker per job, spawned fresh (no shared state)."""
    if jobs <= 1:
        return [safely(grade_one, path, settings, f"s{i}") for i, path in enumerate(files)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(grade_one, path, settings, f"s{i}") for i, path in enumerate(files)]
        reports = []
        for path, future in zip(files, futures, strict=True):
            try:
                reports.append(future.result())
            except Exception as error:  # noqa: BLE001 - one broken grading never sinks the class
                reports.append(grader_failure(path, settings, error))
        return reports


def safely(function, path: Path, settings: Settings, slot: str) -> dict:
    try:
        return function(path, settings, slot)
    except Exception as error:  # noqa: BLE001 - one broken grading never sinks the class
        return grader_failure(path, settings, error)


def run(paths: list[Path], out: Path, settings_args: dict, jobs: int) -> list[dict]:
    """Grade every file, write the CSV, the feedback folder and the JSON log beside it."""
    files = submission_files(paths)
    out = out.resolve()
    feedback, log = out.with_name(out.stem + "_feedback"), out.with_suffix(".log.json")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ftlab-grade-") as scratch:
        settings = Settings(scratch=Path(scratch), masks=grader_files(files, out, feedback, log),
                            keeps=runtime_paths(), **settings_args)
        all_reports = grade_all(files, settings, jobs)
    header = {"ftlab": ftlab.__version__, "quando": datetime.datetime.now(datetime.timezone.utc).isoformat(),
              "isolamento": settings.level, "limites": settings.limits.to_dict(),
              "contexto": vars(settings.context), "tarefas_em_paralelo": jobs,
              "tempo_total_s": round(time.perf_counter() - started, 1)}
    reports.write_csv(all_reports, out)
    reports.write_feedback(all_reports, feedback)
    reports.write_log(all_reports, header, log)
    return all_reports
