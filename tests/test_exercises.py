"""ftlab.exercises: reference answers pass; placeholders and bugs get pt-BR feedback, never a crash."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from ftlab.data import TEMPLATES, anonymize
from ftlab.exercises import CHECKS, check_anonymize, check_format, check_remove_duplicates


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


def placeholder(_):
    raise NotImplementedError


@pytest.mark.parametrize("check, answer", [
    (check_remove_duplicates, good_dedup),
    (check_anonymize, lambda text: anonymize(text)[0]),
    (check_format, good_format),
])
def test_reference_answers_pass(check, answer, capsys):
    result = check(answer)
    assert result.ok and result.score == 1.0
    assert "Tudo certo" in capsys.readouterr().out


@pytest.mark.parametrize("check", list(CHECKS.values()))
def test_placeholder_is_reported_not_raised(check, capsys):
    result = check(placeholder)
    assert not result.ok and result.score == 0 and result.total > 0
    assert "ainda não foi implementada" in capsys.readouterr().out


def test_partial_answer_names_failing_cases():
    result = check_remove_duplicates(exact_only_dedup, show=False)
    assert 0 < result.score < 1
    assert any("maiúsculas e acentos" in line for line in result.lines)


def test_crashing_answer_is_reported():
    result = check_anonymize(lambda text: text.nonexistent(), show=False)
    assert result.passed == 0 and "AttributeError" in str(result)


@pytest.mark.parametrize("answer", [
    lambda r: json.dumps({"prompt": r["mensagem"], "completion": r["categoria"]}),  # no template
    lambda r: good_format(r) + "\n" + good_format(r),  # two lines
    lambda r: json.dumps({**json.loads(good_format(r)), "canal": "x"}),  # extra key
    lambda r: json.loads(good_format(r)),  # a dict, not a JSONL line
])
def test_format_mistakes_fail(answer):
    assert check_format(answer, show=False).passed == 0


def test_anonymize_answer_that_leaks_a_phone_fails():
    def leaky(text):
        return re.sub(r"[\w.+-]+@[\w.-]+", "[EMAIL]", text)
    result = check_anonymize(leaky, show=False)
    assert 0 < result.score < 1 and any("telefone" in line for line in result.lines)
