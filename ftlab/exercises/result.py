"""CheckResult: the one result type of every exercise check of the course.

A check says whether the answer meets the goal (`passed`), why (pt-BR feedback `lines`), and how
many `points` it earned out of `max_points`. The same object is printed in the notebook for
immediate feedback and written as plain JSON by the grader (`ftlab grade`).
Taught in every notebook with exercises.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Reason codes (`reason`): why an exercise did not pass. "" when it passed.
NOT_DONE = "nao_feito"  # the placeholder is still there (raise NotImplementedError, None, ...)
WRONG = "errado"  # the answer ran and was judged wrong, partly or fully
ANSWER_ERROR = "erro_na_resposta"  # the student's code raised on every case


@dataclass(kw_only=True)
class CheckResult:
    """What a check found about one exercise.

    Build it with keywords: CheckResult(exercise="03_lr", passed=True, lines=["..."], points=1.0).
    """

    exercise: str  # exercise id, e.g. "02_duplicatas" (notebook number + short name)
    passed: bool = False  # the answer meets the goal
    lines: list[str] = field(default_factory=list)  # pt-BR feedback, one remark per line
    points: float = 0.0  # points earned (partial credit allowed), 0 <= points <= max_points
    max_points: float = 1.0  # what a full answer earns
    reason: str = ""  # "" when passed, else a reason code (NOT_DONE, WRONG, or a grader code)

    @property
    def done(self) -> bool:
        """False while the exercise still holds its placeholder ("não feito")."""
        return self.reason != NOT_DONE

    @property
    def score(self) -> float:
        """Points as a fraction of max_points (0.0 to 1.0)."""
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def message(self) -> str:
        """The feedback lines as one text."""
        return "\n".join(self.lines)

    def headline(self) -> str:
        if not self.max_points:  # not graded: the teacher reads it
            state = "registrada" if self.done else "ainda em branco"
            return f"📝 Resposta {state} ({self.exercise}): sem nota automática, o professor vai ler."
        if self.passed:
            return f"✅ Tudo certo ({self.exercise}): {fmt_points(self.points)}/{fmt_points(self.max_points)}"
        if not self.done:
            return f"⏳ Não feito ({self.exercise}): 0/{fmt_points(self.max_points)}"
        return f"❌ Ainda não ({self.exercise}): {fmt_points(self.points)}/{fmt_points(self.max_points)}"

    def __str__(self) -> str:
        return "\n".join([self.headline(), *self.lines])

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CheckResult:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def fmt_points(points: float) -> str:
    """1.0 -> "1", 0.67 -> "0.67"."""
    return f"{points:.2f}".rstrip("0").rstrip(".")


def passed(exercise: str, lines: list[str], max_points: float = 1.0) -> CheckResult:
    """A full-marks result."""
    return CheckResult(exercise=exercise, passed=True, lines=lines, points=max_points, max_points=max_points)


def failed(exercise: str, lines: list[str], reason: str = WRONG, points: float = 0.0,
           max_points: float = 1.0) -> CheckResult:
    """A result that did not pass (points may be partial)."""
    return CheckResult(exercise=exercise, passed=False, lines=lines, points=points, max_points=max_points,
                       reason=reason)


def not_done(exercise: str, line: str, max_points: float = 1.0) -> CheckResult:
    """The placeholder is untouched: zero points, a pt-BR nudge, never an error."""
    return failed(exercise, [line], NOT_DONE, max_points=max_points)
