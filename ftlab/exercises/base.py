"""The check engine: run a student's function on graded cases, then judge the plain outputs.

Two steps, so that the grader can split them across processes:
- `observe_cases` calls the student's function (untrusted code) and keeps only plain JSON outputs;
- `judge_cases` compares those outputs with the expected values (trusted code only).
In the notebook `run_cases` does both at once and prints the pt-BR feedback.
Taught in every notebook with exercises (immediate feedback after each attempt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ftlab.exercises.plain import observe_call, to_plain
from ftlab.exercises.result import ANSWER_ERROR, WRONG, CheckResult, failed, not_done, passed

NOT_DONE_LINE = "Sua função ainda não foi implementada: troque o `raise NotImplementedError` pelo seu código."


@dataclass
class Case:
    """One graded input of an exercise."""

    name: str  # pt-BR name shown in the feedback, e.g. "maiúsculas e acentos"
    args: tuple  # positional arguments given to the student's function
    expected: object  # what a correct function returns
    hint: str = ""  # pt-BR hint shown when this case fails


def short(value, size: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= size else text[: size - 3] + "..."


def observe_cases(fn, cases: list[Case]) -> list[dict]:
    """The student's function on every case (untrusted: runs their code)."""
    if not callable(fn):
        return [{"not_done": True} for _ in cases]
    return [observe_call(fn, case.args) for case in cases]


def plain_equal(got, expected) -> bool:
    """Equality on plain data only (both sides are built-in types, so == cannot be faked)."""
    return got == to_plain(expected)


def close_to(got, expected, tolerance: float = 1e-6) -> bool:
    """A number within `tolerance` (relative above 1, absolute below) of `expected`; None only for None."""
    if expected is None:
        return got is None
    if type(got) not in (int, float) or not math.isfinite(got):
        return False
    return abs(got - expected) <= tolerance * max(1.0, abs(expected))


def case_verdict(case: Case, output: dict, compare) -> str | None:
    """None when the case passed, else the pt-BR remark about it.

    `compare(got, expected)` returns a bool, or a pt-BR text saying why `got` is wrong (a failure).
    """
    if "error" in output:
        return f"{case.name}: a função gerou o erro {output['error']}. {case.hint}".rstrip()
    if "invalid" in output:
        return f"{case.name}: a função devolveu um valor que não vale como resposta ({output['invalid']})."
    verdict = compare(output.get("value"), case.expected)
    if isinstance(verdict, str):  # a structural compare says itself what is wrong
        return f"{case.name}: {verdict} {case.hint}".rstrip()
    if verdict:
        return None
    expected, got = to_plain(case.expected), output.get("value")
    if isinstance(expected, str) and isinstance(got, str):
        return f"{case.name}: {first_difference(got, expected)} {case.hint}".rstrip()
    return f"{case.name}: esperava {short(expected)}, veio {short(got)}. {case.hint}".rstrip()


def first_difference(got: str, expected: str, context: int = 25) -> str:
    """Where two texts first differ, with a little text around it (long texts are never cut blindly)."""
    pairs = enumerate(zip(got, expected, strict=False))
    position = next((i for i, (a, b) in pairs if a != b), min(len(got), len(expected)))
    start = max(0, position - context)

    def around(text: str) -> str:
        return repr(("..." if start else "") + text[start:position + context])

    return (f"os textos diferem a partir do caractere {position + 1}: esperava {around(expected)}, "
            f"veio {around(got)} (tamanhos {len(expected)} e {len(got)}).")


def judge_cases(exercise: str, cases: list[Case], outputs: list, compare=None,
                max_points: float = 1.0) -> CheckResult:
    """Verdict on observed outputs (trusted): partial points per case, the first failure explained."""
    compare = compare or plain_equal
    if len(outputs) != len(cases) or not all(isinstance(output, dict) for output in outputs):
        return failed(exercise, ["O resultado da correção veio incompleto."], "resultado_invalido",
                      max_points=max_points)
    if all(output.get("not_done") for output in outputs):
        return not_done(exercise, NOT_DONE_LINE, max_points)
    remarks = [case_verdict(case, output, compare) for case, output in zip(cases, outputs, strict=True)]
    right = sum(remark is None for remark in remarks)
    count = f"{right}/{len(cases)} casos certos."
    if right == len(cases):
        return passed(exercise, [count], max_points)
    first = next(remark for remark in remarks if remark is not None)
    reason = ANSWER_ERROR if all("error" in output for output in outputs) else WRONG
    points = round(max_points * right / len(cases), 2)
    return failed(exercise, [count, f"Primeiro caso errado - {first}"], reason, points, max_points)


def run_cases(exercise: str, fn, cases: list[Case], compare=None, show: bool = True,
              max_points: float = 1.0) -> CheckResult:
    """Call fn(*case.args) per case, compare(got, expected) on plain data, print pt-BR feedback.

    `compare(got, expected)` receives the student's output already converted to plain data.
    """
    result = judge_cases(exercise, cases, observe_cases(fn, cases), compare, max_points)
    if show:
        print(result)
    return result
