"""ftlab.exercises: reference answers pass; placeholders and bugs get pt-BR feedback, never a crash."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from ftlab.data import TEMPLATES, anonymize
from ftlab.exercises import (
    CHECKS,
    EXERCISES,
    NOT_DONE,
    CheckResult,
    check_anonymize,
    check_format,
    check_remove_duplicates,
)


def good_dedup(messages):
    def key(text):
        plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
        return " ".join(re.findall(r"[a-z0-9]+", plain))
    seen, out = set(), []
    for message in messages:
        if key(message) not in seen:
            seen.add(key(message))
            out.append(message)
    return out


def exact_only_dedup(messages):
    return list(dict.fromkeys(messages))


def good_format(record):
    template = TEMPLATES["classificacao"]
    return json.dumps({"prompt": template.prompt.format(**record),
                       "completion": template.completion.format(**record)}, ensure_ascii=False)


def placeholder(*_):
    raise NotImplementedError


@pytest.mark.parametrize("check, answer", [
    (check_remove_duplicates, good_dedup),
    (check_anonymize, lambda text: anonymize(text)[0]),
    (check_format, good_format),
])
def test_reference_answers_pass(check, answer, capsys):
    result = check(answer)
    assert result.passed is True and result.score == 1.0 and result.points == result.max_points
    assert "Tudo certo" in capsys.readouterr().out


@pytest.mark.parametrize("check", list(CHECKS.values()))
def test_placeholder_is_reported_not_raised(check, capsys):
    result = check(placeholder)
    assert result.passed is False and result.points == 0 and not result.done and result.reason == NOT_DONE
    out = capsys.readouterr().out
    assert "ainda não foi implementada" in out and "Não feito" in out


def test_partial_answer_names_failing_cases():
    result = check_remove_duplicates(exact_only_dedup, show=False)
    assert 0 < result.score < 1 and not result.passed and result.done
    assert "maiúsculas e acentos" in result.message and "esperava" in result.message


def test_crashing_answer_is_reported():
    result = check_anonymize(lambda text: text.nonexistent(), show=False)
    assert result.points == 0 and "AttributeError" in str(result) and result.reason == "erro_na_resposta"


@pytest.mark.parametrize("answer", [
    lambda r: json.dumps({"prompt": r["mensagem"], "completion": r["categoria"]}),  # no template
    lambda r: good_format(r) + "\n" + good_format(r),  # two lines
    lambda r: json.dumps({**json.loads(good_format(r)), "canal": "x"}),  # extra key
    lambda r: json.loads(good_format(r)),  # a dict, not a JSONL line
])
def test_format_mistakes_fail(answer):
    assert check_format(answer, show=False).points == 0


def test_anonymize_answer_that_leaks_a_phone_fails():
    def leaky(text):
        return re.sub(r"[\w.+-]+@[\w.-]+", "[EMAIL]", text)
    result = check_anonymize(leaky, show=False)
    assert 0 < result.score < 1 and "CPF com pontos" in result.message  # the first failing case


class AlwaysEqual(str):
    """A str whose == is always True: the classic way to fool an equality check."""

    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


class AlwaysEqualObject:
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("fake", [lambda messages: AlwaysEqual("x"), lambda messages: AlwaysEqualObject(),
                                  lambda messages: [AlwaysEqual(m) for m in messages]])
def test_always_true_eq_does_not_pass(fake):
    result = check_remove_duplicates(fake, show=False)
    assert not result.passed and "não é aceito" in result.message
    assert result.score <= 0.17  # at most the empty-list case, where [] is a plain, honest answer


def test_numpy_and_tuple_answers_are_plain():
    import numpy as np

    from ftlab.exercises.plain import to_plain

    assert to_plain((np.int64(3), np.float32(0.5), {"a": {1, 2}})) == [3, 0.5, {"a": [1, 2]}]


def test_result_round_trips_through_json():
    result = check_remove_duplicates(exact_only_dedup, show=False)
    again = CheckResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result and again.exercise == "02_duplicatas"


def test_registry_observe_then_judge_matches_the_notebook_check():
    exercise = EXERCISES["02_duplicatas"]
    observation = json.loads(json.dumps(exercise.observe(exact_only_dedup)))  # what the grader receives
    assert exercise.judge(observation) == check_remove_duplicates(exact_only_dedup, show=False)


def test_inputs_are_copied_so_a_mutating_answer_cannot_change_later_cases():
    def mutating(messages):
        messages.clear()
        return []

    result = check_remove_duplicates(mutating, show=False)
    assert result.points < result.max_points and not result.passed


def test_a_text_answer_that_differs_shows_where():
    from ftlab.exercises.base import first_difference

    expected = ('{"prompt": "Mensagem: a internet caiu de novo hoje cedo\\nCategoria:", '
                '"completion": " conexão"}')
    got = expected.replace('" conexão"', '"conexão"')  # the leading space is missing, far past 70 chars
    message = first_difference(got, expected)
    assert "caractere 86" in message and "\" conexão" in message and "tamanhos 95 e 94" in message
