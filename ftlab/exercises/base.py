"""The result of an exercise check, and the loop that runs a student's function on graded cases.

Taught in every notebook with exercises (immediate feedback after each attempt).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Case:
    """One graded input of an exercise."""

    name: str  # pt-BR name shown in the feedback, e.g. "maiúsculas e acentos"
    args: tuple  # positional arguments given to the student's function
    expected: object  # what a correct function returns
    hint: str = ""  # pt-BR hint shown when this case fails


@dataclass
class CheckResult:
    """What a check found: printed as pt-BR feedback, returned for the grader."""

    exercise: str  # exercise id, e.g. "02_duplicatas"
    passed: int = 0  # cases the function got right
    total: int = 0  # cases tried
    lines: list[str] = field(default_factory=list)  # pt-BR feedback, one line per remark

    @property
    def score(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def ok(self) -> bool:
        return self.total > 0 and self.passed == self.total

    def __str__(self) -> str:
        head = "✅ Tudo certo" if self.ok else "❌ Ainda não"
        return "\n".join([f"{head}: {self.passed}/{self.total} casos ({self.exercise})", *self.lines])


def short(value, size: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= size else text[: size - 3] + "..."


def run_cases(exercise: str, fn, cases: list[Case], compare=None, show: bool = True) -> CheckResult:
    """Call fn(*case.args) per case, compare(got, expected) (default ==), print pt-BR feedback."""
    result, compare = CheckResult(exercise), compare or (lambda got, expected: got == expected)
    for case in cases:
        result.total += 1
        try:
            got = fn(*case.args)
        except NotImplementedError:
            result.lines = ["Sua função ainda não foi implementada: troque o `raise NotImplementedError`."]
            result.total = len(cases)
            break
        except Exception as err:  # the student's bug, reported instead of a traceback
            result.lines.append(f"- {case.name}: a função gerou um erro {type(err).__name__}: {err}")
            continue
        if compare(got, case.expected):
            result.passed += 1
        else:
            wrong = f"esperava {short(case.expected)}, veio {short(got)}."
            result.lines.append(f"- {case.name}: {wrong} {case.hint}")
    if show:
        print(result)
    return result
