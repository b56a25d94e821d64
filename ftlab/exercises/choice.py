"""Multiple-choice questions with sealed feedback, and their check (one point per right answer).

Answers are letters ("a", "b", ...) keyed by question number: {1: "c", 2: None, ...}, so a quiz can
be answered from code (papermill) as well as by clicking (ftlab.widgets.Quiz).
Taught in notebooks/07_autoavaliacao.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ftlab.exercises.result import CheckResult, failed, not_done, passed
from ftlab.exercises.sealed import unseal

LETTERS = string.ascii_lowercase


@dataclass(frozen=True)
class Question:
    """One question: pt-BR text, options in order, one sealed token per option."""

    number: int
    text: str
    options: tuple[str, ...]
    tokens: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"q{self.number}"

    def letter_of(self, answer) -> str | None:
        """The chosen letter from "b", "B", "b)" or the option's text; None when unanswered/unknown."""
        if not isinstance(answer, str) or not answer.strip():
            return None
        text = answer.strip()
        letter = text.lower().rstrip(")").strip()
        if len(letter) == 1 and letter in LETTERS[: len(self.options)]:
            return letter
        matches = [LETTERS[i] for i, option in enumerate(self.options) if option == text]
        return matches[0] if matches else None

    def verdict(self, answer) -> tuple[bool, str] | None:
        """(right, why) for an answer; None when there is no valid answer."""
        letter = self.letter_of(answer)
        if letter is None:
            return None
        index = LETTERS.index(letter)
        return unseal(self.key, self.options[index], self.tokens[index])


def answer_for(answers: dict, number: int):
    """answers[number], accepting 1, "1" or "q1" as keys (JSON turns keys into strings)."""
    for key in (number, str(number), f"q{number}"):
        if key in answers:
            return answers[key]
    return None


def question_line(question: Question, answer) -> tuple[bool, str]:
    verdict = question.verdict(answer)
    if verdict is None:
        last = LETTERS[len(question.options) - 1]
        return False, f"Questão {question.number}: sem resposta (escolha uma letra de a a {last})."
    right, why = verdict
    mark = "✅ certa" if right else "❌ errada"
    return right, f"Questão {question.number} ({question.letter_of(answer)}): {mark}. {why}"


def check_choices(exercise: str, questions: list[Question], answers) -> CheckResult:
    """One point per right answer; "não feito" while every answer is empty."""
    maximum = float(len(questions))
    if not isinstance(answers, dict) or all(q.letter_of(answer_for(answers, q.number)) is None
                                            for q in questions):
        return not_done(exercise, "Escolha uma alternativa em cada questão (no quiz ou em MINHAS_RESPOSTAS).",
                        maximum)
    verdicts = [question_line(q, answer_for(answers, q.number)) for q in questions]
    right = sum(ok for ok, _ in verdicts)
    lines = [f"{right} de {len(questions)} certas.", *(line for _, line in verdicts)]
    if right == len(questions):
        return passed(exercise, lines, maximum)
    return failed(exercise, lines, points=float(right), max_points=maximum)
