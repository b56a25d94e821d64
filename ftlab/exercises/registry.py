"""Every exercise of the course in one registry, for the notebook checks and for `ftlab grade`.

An exercise is either
- a function exercise: the student defines a function (`answer` is its name) and the check calls it
  on fixed cases; the grader runs those calls in the student's kernel and judges the plain outputs;
- a value exercise: the student writes a value (a learning rate, quiz answers, a text); the grader
  reads the value as plain JSON and judges it in its own process with `judge_value`, which may run
  an experiment with that value (a training, for instance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ftlab.exercises.base import Case, judge_cases, observe_cases
from ftlab.exercises.plain import to_plain
from ftlab.exercises.result import CheckResult, failed


@dataclass(frozen=True)
class GradingContext:
    """The notebook parameters a judge may need (the grader runs submissions with these)."""

    budget: str = "ci"
    seed: int = 0
    model: str = "tiny"


@dataclass(frozen=True)
class Exercise:
    """One exercise: where it lives, what the student binds, how it is judged."""

    id: str  # "02_duplicatas": notebook number + short name, unique in the course
    notebook: str  # notebook stem, e.g. "02_preparacao_dataset"
    answer: str  # the name the student binds: a function name or a variable name
    title: str  # pt-BR, shown in feedback files
    cases: tuple[Case, ...] = ()  # function exercises: the graded inputs
    compare: Callable | None = None  # function exercises: compare(plain_got, expected) -> bool | pt-BR reason
    judge_value: Callable | None = None  # value exercises: judge_value(plain_value, context) -> CheckResult
    max_points: float = 1.0
    graded: bool = True  # False: the text goes to the teacher, no points (the discursive question)
    tags: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return "function" if self.cases else "value"

    def observe(self, answer) -> dict:
        """Plain observation of the student's answer (runs the student's code for function exercises)."""
        if self.kind == "function":
            return {"outputs": observe_cases(answer, list(self.cases))}
        try:
            return {"value": to_plain(answer)}
        except TypeError as err:
            return {"error": str(err)}

    def judge(self, observation: dict, context: GradingContext | None = None) -> CheckResult:
        """Trusted verdict on an observation (the same code in the notebook and in the grader)."""
        context = context or GradingContext()
        if self.kind == "function":
            return judge_cases(self.id, list(self.cases), observation.get("outputs") or [], self.compare,
                               self.max_points)
        if "error" in observation:
            return failed(self.id, [f"A resposta não pôde ser lida: {observation['error']}."],
                          "resposta_invalida", max_points=self.max_points)
        return self.judge_value(observation.get("value"), context)

    def check(self, answer, show: bool = True, context: GradingContext | None = None) -> CheckResult:
        """Observe and judge at once: what a notebook's check cell calls."""
        result = self.judge(self.observe(answer), context)
        if show:
            print(result)
        return result


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    EXERCISES[exercise.id] = exercise
    return exercise


def exercises_of(notebook: str) -> list[Exercise]:
    """The exercises of one notebook (stem or number prefix such as "02"), in registry order."""
    return [ex for ex in EXERCISES.values() if notebook in (ex.notebook, ex.notebook.split("_")[0])]
