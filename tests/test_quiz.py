"""The self-assessment: sealed questions, the Quiz widget (clicks or code), the discursive self-check."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from ftlab.exercises import EXERCISES, NOT_DONE, check_discursive, check_quiz
from ftlab.exercises.autoavaliacao_questoes import QUESTIONS
from ftlab.exercises.choice import LETTERS
from ftlab.exercises.sealed import seal, unseal
from ftlab.widgets import Quiz

ROOT = Path(__file__).resolve().parents[1]
SOLVED = ROOT / "notebooks" / "solucoes" / "07_autoavaliacao.ipynb"


def right_letters() -> dict[int, str]:
    """The key, found the way a student would: by trying each option."""
    return {q.number: next(letter for letter in LETTERS[: len(q.options)] if q.verdict(letter)[0])
            for q in QUESTIONS}


def test_each_question_has_exactly_one_right_option_with_a_reason():
    for question in QUESTIONS:
        verdicts = [question.verdict(letter) for letter in LETTERS[: len(question.options)]]
        assert sum(right for right, _ in verdicts) == 1
        assert all(len(why) > 20 for _, why in verdicts)


def test_answer_key_is_not_in_plain_text():
    source = (ROOT / "ftlab" / "exercises" / "autoavaliacao_questoes.py").read_text(encoding="utf-8")
    notebook = (ROOT / "notebooks" / "07_autoavaliacao.ipynb").read_text(encoding="utf-8")
    for question in QUESTIONS:
        assert len({len(token) for token in question.tokens}) == 1  # sizes say nothing either
        for letter in LETTERS[: len(question.options)]:
            _, why = question.verdict(letter)
            assert why not in source and why not in notebook
    assert "certa" not in source and '"c"' not in notebook


def test_seal_opens_only_with_its_own_option():
    token = seal("q9", "sim", True, "porque sim")
    assert unseal("q9", "sim", token) == (True, "porque sim")
    with pytest.raises(ValueError):  # another option's text gives garbage, not the verdict
        unseal("q9", "não", token)


def test_quiz_answered_from_code_moves_the_radio_and_the_shared_dict():
    answers = {1: None, 2: None, 3: None, 4: None}
    quiz = Quiz(QUESTIONS, answers)
    key = right_letters()
    result = quiz.answer(1, key[1])
    assert answers[1] == key[1] and quiz.radios[1].value == key[1]
    assert result.points == 1 and "✅" in quiz.feedback[1].value
    wrong = next(letter for letter in "abcd" if letter != key[2])
    quiz.answer(2, wrong.upper())
    assert "❌" in quiz.feedback[2].value and quiz.result().points == 1
    assert "MINHAS_RESPOSTAS = " in quiz.score.value


def test_a_click_is_a_change_of_the_radio_value():
    answers = {}
    quiz = Quiz(QUESTIONS, answers)
    quiz.radios[3].value = right_letters()[3]  # what the front end does on a click
    assert answers == {3: right_letters()[3]} and quiz.result().points == 1


def test_prefilled_answers_select_the_buttons():
    quiz = Quiz(QUESTIONS, {"2": "b)", 4: None})
    assert quiz.radios[2].value == "b" and quiz.radios[4].value is None and quiz.radios[1].index is None


def test_invalid_answer_from_code_is_a_pt_br_error():
    quiz = Quiz(QUESTIONS, {})
    with pytest.raises(ValueError, match="letra"):
        quiz.answer(1, "z")


def test_quiz_uses_core_widgets_only():
    core = {widgets.VBox, widgets.HTML, widgets.RadioButtons}
    stack, seen = [Quiz(QUESTIONS, {}).widget], set()
    while stack:
        widget = stack.pop()
        seen.add(type(widget))
        stack.extend(getattr(widget, "children", ()))
    assert seen <= core


@pytest.mark.parametrize("answers, points, done", [
    ({1: None, 2: None, 3: None, 4: None}, 0, False),
    ({}, 0, False),
    ("abcd", 0, False),
    ({1: "z"}, 0, False),
])
def test_unanswered_quiz_is_not_done(answers, points, done):
    result = check_quiz(answers, show=False)
    assert result.points == points and result.done is done and result.reason == NOT_DONE


def test_full_and_partial_quiz_scores():
    key = right_letters()
    assert check_quiz(key, show=False).points == 4 and check_quiz(key, show=False).passed
    json_keys = json.loads(json.dumps({**key, 4: None}))  # what the grader receives: string keys
    result = check_quiz(json_keys, show=False)
    assert result.points == 3 and not result.passed and "Questão 4: sem resposta" in result.message


GOOD_ANSWER = """Overfitting é quando o modelo decora os exemplos de treino em vez de aprender o padrão da
tarefa: a loss de treino continua caindo, mas a loss de validação para de cair e sobe, porque o modelo
vai mal em dados novos. Ele perde capacidade de generalização. Para mitigar, uso early stopping: paro o
treino no mínimo da curva de validação, e confiro no teste se a generalização melhorou."""


def test_discursive_self_check_names_ideas_and_never_grades():
    result = check_discursive(GOOD_ANSWER, show=False)
    assert result.points == 0 and result.max_points == 0 and result.done
    assert "5 de 5 ideias-chave" in result.message and "não uma nota" in result.message
    assert "sem nota automática" in str(result)
    short = check_discursive("O modelo decora.", show=False)
    assert "1 de 5" in short.message and "curta" in short.message


@pytest.mark.parametrize("text", ["", "\nEscreva sua resposta aqui.\n", None])
def test_discursive_placeholder_is_not_done(text):
    result = check_discursive(text, show=False)
    assert not result.done and result.points == 0


def test_registry_knows_notebook_07():
    assert EXERCISES["07_quiz"].max_points == 4 and EXERCISES["07_quiz"].graded
    assert not EXERCISES["07_discursiva"].graded


def test_solved_notebook_07_answers_everything():
    import nbformat

    from ftlab.grading.plan import binds

    cells = [c.source for c in nbformat.read(SOLVED, as_version=4).cells if c.cell_type == "code"]
    answers = next(s for s in cells if binds(s, "MINHAS_RESPOSTAS"))
    namespace: dict = {}
    exec(answers, namespace)  # the teacher's own file, a plain dict literal
    assert check_quiz(namespace["MINHAS_RESPOSTAS"], show=False).points == 4
