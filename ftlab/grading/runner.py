"""Grade one submission: execute its plan in a sandboxed kernel, judge every exercise, fail closed.

A fatal failure (timeout, dead kernel, memory, processes) scores zero, with its reason code, for
the exercise whose cell it hit; grading goes on in a fresh kernel that replays the cells before
it. Nothing the submission prints counts: only the probes' result files do.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from ftlab.exercises.registry import Exercise, GradingContext
from ftlab.exercises.result import CheckResult, failed
from ftlab.grading.kernel import SandboxKernel, Slot
from ftlab.grading.limits import Limits
from ftlab.grading.plan import Plan, Unreadable, detect_notebook, make_plan, read_submission
from ftlab.grading.probe import read_observation
from ftlab.grading.sandbox import isolation_label

REASONS = {  # pt-BR feedback for each reason code the grader can give
    "tempo_esgotado": "A célula passou do tempo limite e foi interrompida.",
    "tempo_total_esgotado": "O notebook passou do tempo total da correção antes de chegar aqui.",
    "memoria": "O notebook usou memória demais e foi encerrado.",
    "processos": "O notebook criou processos demais e foi encerrado.",
    "cpu": "O notebook passou do limite de tempo de CPU e foi encerrado.",
    "kernel_morreu": "O kernel parou durante a correção.",
    "kernel_nao_iniciou": "Não foi possível iniciar um kernel para este notebook.",
    "reinicios_esgotados": "Falhas demais neste notebook: a correção parou antes deste exercício.",
    "sem_resultado": "O resultado deste exercício não chegou à correção: algo no notebook a impediu.",
    "nao_encontrado": "Não encontrei a resposta `{answer}` no notebook.",
    "falha_do_corretor": "Erro interno da correção neste exercício; avise o professor.",
}


@dataclass
class Settings:
    """Everything a worker needs to grade one file (picklable)."""

    context: GradingContext
    limits: Limits
    level: str
    scratch: Path  # where slots are created
    masks: list[Path] = field(default_factory=list)
    keeps: list[Path] = field(default_factory=list)
    notebook: str | None = None  # force the course notebook instead of detecting it
    all_cells: bool = False  # run every cell up to the last answer, not only those the answers need


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reason_result(exercise: Exercise, reason: str) -> CheckResult:
    line = REASONS.get(reason.split(":")[0], REASONS["falha_do_corretor"]).format(answer=exercise.answer)
    return failed(exercise.id, [line], reason, max_points=exercise.max_points)


class Execution:
    """The plan's steps run in kernels, restarted after fatal failures; collects observations."""

    def __init__(self, plan: Plan, slot: Slot, settings: Settings):
        self.plan, self.slot, self.settings = plan, slot, settings
        self.settled: dict[str, dict | str] = {}  # exercise id -> observation, or a reason code
        self.skip: set[int] = set()
        self.cells: list[dict] = []
        self.restarts, self.peak_rss, self.kernel_start_s = 0, 0, []
        self.deadline = time.monotonic() + settings.limits.notebook_s

    def settle(self, exercise: Exercise, value) -> None:
        self.settled.setdefault(exercise.id, value)

    def settle_all(self, reason: str) -> None:
        for exercise in self.plan.exercises:
            self.settle(exercise, reason)

    def start(self) -> SandboxKernel | None:
        kernel = SandboxKernel(self.slot, self.settings.level, self.settings.limits, self.settings.masks,
                               self.settings.keeps)
        try:
            self.kernel_start_s.append(round(kernel.start(), 2))
            return kernel
        except Exception:  # noqa: BLE001 - no kernel: every exercise left scores zero
            kernel.stop()
            return None

    def run(self) -> None:
        kernel, i = self.start(), 0
        steps = self.plan.steps
        while kernel is not None and i < len(steps):
            step = steps[i]
            if i in self.skip or (step.probe and step.probe.exercise.id in self.settled):
                i += 1
                continue
            remaining = self.deadline - time.monotonic()
            if remaining <= 1:
                self.settle_all("tempo_total_esgotado")
                break
            outcome = kernel.run(step.source, min(self.settings.limits.cell_s, remaining))
            self.cells.append({"passo": i, "celula": step.index, "tipo": step.kind, "status": outcome.status,
                               "s": round(outcome.seconds, 2)})
            if not outcome.fatal:
                if step.probe:
                    observation = read_observation(step.probe, self.settings.limits.result_kb * 1024)
                    self.settle(step.probe.exercise, "sem_resultado" if observation is None else observation)
                i += 1
                continue
            self.peak_rss = max(self.peak_rss, kernel.watchdog.peak_rss if kernel.watchdog else 0)
            kernel.stop()
            self.skip.add(i)
            for other in steps:  # the exercise whose answer cell (or probe) failed
                if other.probe and other.index == step.index and step.kind in ("student", "probe"):
                    self.settle(other.probe.exercise, outcome.status)
            if self.restarts >= self.settings.limits.restarts:
                self.settle_all("reinicios_esgotados")
                return
            self.restarts += 1
            kernel, i = self.start(), 0
        if kernel is None:
            self.settle_all("kernel_nao_iniciou")
            return
        self.peak_rss = max(self.peak_rss, kernel.watchdog.peak_rss if kernel.watchdog else 0)
        kernel.stop()


def judge(exercise: Exercise, settled, context: GradingContext) -> CheckResult:
    """Trusted verdict, in the grader's process, from the plain observation (or the reason code)."""
    if settled is None or isinstance(settled, str):
        return reason_result(exercise, settled or "sem_resultado")
    if settled.get("missing"):
        return reason_result(exercise, "nao_encontrado")
    try:
        return exercise.judge(settled, context)
    except Exception as err:  # noqa: BLE001 - a judge bug must not sink the other exercises
        return reason_result(exercise, f"falha_do_corretor:{type(err).__name__}")


def grade_file(path: Path, settings: Settings, slot_name: str) -> dict:
    """The whole report of one submission (plain JSON data)."""
    started = time.perf_counter()
    report = {"aluno": path.stem, "arquivo": path.name, "isolamento": isolation_label(settings.level),
              "notebook": None,
              "status": "ok", "resultados": {}, "respostas_texto": {}}
    try:
        report["sha256"] = sha256(path)
        notebook = read_submission(path)
    except (OSError, Unreadable) as err:
        report.update(status="ilegivel", erro=str(err)[:300], tempo_s=round(time.perf_counter() - started, 2))
        return report
    stem = settings.notebook or detect_notebook(notebook)
    if stem is None:
        report.update(status="notebook_desconhecido", tempo_s=round(time.perf_counter() - started, 2))
        return report
    slot = Slot(settings.scratch / slot_name).create()
    plan = make_plan(notebook, stem, settings.context, slot.run, settings.all_cells)
    execution = Execution(plan, slot, settings)
    for exercise in plan.unanchored:
        execution.settle(exercise, "nao_encontrado")
    if any(step.probe for step in plan.steps):
        execution.run()
    for exercise in plan.exercises:
        settled = execution.settled.get(exercise.id)
        report["resultados"][exercise.id] = judge(exercise, settled, settings.context).to_dict()
        if not exercise.graded and isinstance(settled, dict):
            value = settled.get("value")
            report["respostas_texto"][exercise.id] = value if isinstance(value, str) else ""
    report.update(notebook=stem, celulas=execution.cells, reinicios=execution.restarts,
                  inicio_kernel_s=execution.kernel_start_s, pico_rss_mb=round(execution.peak_rss / 2**20),
                  tempo_s=round(time.perf_counter() - started, 2))
    return report
