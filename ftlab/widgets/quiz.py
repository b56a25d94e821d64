"""Quiz: multiple-choice questions with radio buttons and immediate feedback with the reason.

Core ipywidgets only (RadioButtons, HTML, VBox: the same on Colab's 7.7 and on 8.x). The answers
live in a plain dict ({1: "c", ...}) shared with the notebook, so the quiz can be answered by
clicking or from code (`quiz.answer(1, "c")`, or filling the dict before building the quiz), and
papermill runs it headless. The verdicts come from ftlab.exercises.choice (sealed answer key).
Taught in notebooks/07_autoavaliacao.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ftlab.exercises.choice import LETTERS, Question, answer_for, check_choices, question_line
from ftlab.exercises.result import CheckResult


def option_labels(question: Question) -> list[tuple[str, str]]:
    """(label shown, value) pairs: "a) text" -> "a"."""
    return [(f"{LETTERS[i]}) {option}", LETTERS[i]) for i, option in enumerate(question.options)]


class Quiz:
    """One block per question (text, radio buttons, feedback) and a score line at the bottom."""

    def __init__(self, questions: list[Question], answers: dict | None = None, exercise: str = "07_quiz"):
        self.questions, self.exercise = list(questions), exercise
        self.answers = answers if answers is not None else {}
        self.radios, self.feedback = {}, {}
        blocks = [self.block(question) for question in self.questions]
        self.score = widgets.HTML()
        self.widget = widgets.VBox([*blocks, self.score])
        self.refresh()

    def block(self, question: Question) -> widgets.VBox:
        chosen = question.letter_of(answer_for(self.answers, question.number))
        radio = widgets.RadioButtons(options=option_labels(question), index=None,
                                     layout=widgets.Layout(width="auto"))
        if chosen is not None:
            radio.value = chosen
        radio.observe(lambda change, q=question: self.on_choice(q, change["new"]), names="value")
        self.radios[question.number], self.feedback[question.number] = radio, widgets.HTML()
        title = widgets.HTML(f"<b>Questão {question.number}.</b> {html.escape(question.text)}")
        return widgets.VBox([title, radio, self.feedback[question.number]])

    def on_choice(self, question: Question, letter) -> None:
        if letter is None:
            return
        self.answers[question.number] = letter
        self.refresh()

    def answer(self, number: int, letter: str) -> CheckResult:
        """Answer from code, exactly as a click would (moves the radio button, shows the feedback)."""
        question = next(q for q in self.questions if q.number == number)
        chosen = question.letter_of(letter)
        if chosen is None:
            raise ValueError(f"Resposta inválida para a questão {number}: use uma letra de a a "
                             f"{LETTERS[len(question.options) - 1]}.")
        self.radios[number].value = chosen
        self.answers[number] = chosen
        self.refresh()
        return self.result()

    def refresh(self) -> None:
        for question in self.questions:
            answer = answer_for(self.answers, question.number)
            if question.letter_of(answer) is None:
                self.feedback[question.number].value = ""
                continue
            right, line = question_line(question, answer)
            color = "#1b7f3b" if right else "#b3261e"
            self.feedback[question.number].value = f'<span style="color:{color}">{html.escape(line)}</span>'
        result = self.result()
        self.score.value = (f"<b>{result.points:g} de {result.max_points:g} certas.</b> "
                            f"Para entregar, a célula de respostas deve conter: "
                            f"<code>MINHAS_RESPOSTAS = {html.escape(repr(self.answer_dict()))}</code>")

    def answer_dict(self) -> dict:
        return {q.number: q.letter_of(answer_for(self.answers, q.number)) for q in self.questions}

    def result(self) -> CheckResult:
        return check_choices(self.exercise, self.questions, self.answers)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
