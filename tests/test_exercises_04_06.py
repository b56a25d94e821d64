"""The exercises of notebooks 04-06: right answers pass, typical mistakes fail with the right remark,
placeholders are "não feito", and each reference agrees with the ftlab code it stands for."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest

from ftlab.exercises import (
    EXERCISES,
    NOT_DONE,
    check_break_even,
    check_early_stopping,
    check_f1_macro,
    check_full_memory,
    check_prompt,
    check_verdict,
)
from ftlab.exercises.base import close_to
from ftlab.exercises.desafios import STOP_CASES, early_stopping, full_state_gib
from ftlab.exercises.prompt_vs_ft import PROMPT_CASES, same_prompt_structure
from ftlab.grading.probe import make_probe, read_observation

# ---------------------------------------------------------------- answers as a student would write them


def ratio(top, bottom):
    return top / bottom if bottom else 0.0


def f1_macro(truth, predicted, labels):
    scores = []
    for label in labels:
        hits = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        precision, recall = ratio(hits, predicted.count(label)), ratio(hits, truth.count(label))
        scores.append(ratio(2 * precision * recall, precision + recall))
    return sum(scores) / len(scores)


def verdict(low, high):
    return "melhorou" if low > 0 else "piorou" if high < 0 else "inconclusivo"


def stopping(losses, patience):
    best, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, waited = loss, epoch, 0
            continue
        waited += 1
        if waited >= patience:
            return epoch, best_epoch
    return len(losses), best_epoch


def full_memory(params):
    return 16 * params / 2**30


def prompt(message, demos, labels):
    blocks = [f"Mensagem: {d['mensagem']}\nCategoria: {d['categoria']}" for d in demos]
    return "\n\n".join([f"Categorias: {', '.join(labels)}.", *blocks, f"Mensagem: {message}\nCategoria:"])


def break_even(train_s, prompt_s, tuned_s):
    return train_s / (prompt_s - tuned_s) if prompt_s > tuned_s else None


RIGHT = [(check_f1_macro, f1_macro), (check_verdict, verdict), (check_early_stopping, stopping),
         (check_full_memory, full_memory), (check_prompt, prompt), (check_break_even, break_even)]
NEW_IDS = ("04_f1_macro", "04_veredito", "05_parada", "05_memoria", "06_prompt", "06_empate")


@pytest.mark.parametrize("check, answer", RIGHT, ids=NEW_IDS)
def test_right_answers_pass(check, answer, capsys):
    result = check(answer)
    assert result.passed and result.points == result.max_points == 1
    assert "Tudo certo" in capsys.readouterr().out


def placeholder(*_):
    raise NotImplementedError


@pytest.mark.parametrize("check", [check for check, _ in RIGHT], ids=NEW_IDS)
def test_placeholder_is_not_done(check, capsys):
    result = check(placeholder)
    assert not result.passed and result.points == 0 and result.reason == NOT_DONE
    assert "Não feito" in capsys.readouterr().out


@pytest.mark.parametrize("exercise", NEW_IDS)
def test_registered_under_their_notebook(exercise):
    entry = EXERCISES[exercise]
    assert entry.kind == "function" and entry.notebook.startswith(exercise[:2]) and len(entry.cases) >= 4


def failing(check, answer) -> str:
    """The feedback of a wrong answer (it must not pass, and must say which case failed first)."""
    result = check(answer, show=False)
    assert not result.passed and result.done and result.points < 1
    return result.message


# ---------------------------------------------------------------- 04: F1 macro and the verdict


def accuracy(truth, predicted, labels):
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def labels_seen(truth, predicted, labels):
    return f1_macro(truth, predicted, sorted(set(truth)))


def naive_division(truth, predicted, labels):
    scores = []
    for label in labels:
        hits = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        precision, recall = hits / predicted.count(label), hits / truth.count(label)
        scores.append(2 * precision * recall / (precision + recall))
    return sum(scores) / len(scores)


@pytest.mark.parametrize("answer, remark", [
    (accuracy, "alguns erros: esperava 0.5222"),  # micro = accuracy here: not the macro
    (labels_seen, "rótulo sem exemplos"),  # averages over the labels seen, not over `rotulos`
    (lambda t, p, labels: round(f1_macro(t, p, labels), 2), "alguns erros: esperava 0.5222"),
    (lambda t, p, labels: str(f1_macro(t, p, labels)), "esperava 1.0, veio '1.0'"),
])
def test_f1_macro_mistakes(answer, remark):
    assert remark in failing(check_f1_macro, answer)


def test_f1_macro_zero_division_is_reported_not_raised():
    message = failing(check_f1_macro, naive_division)
    assert "ZeroDivisionError" in message and "0/0: vale 0" in message  # the first failing case's hint


def test_f1_macro_cases_separate_macro_from_micro():
    case = next(c for c in EXERCISES["04_f1_macro"].cases if "micro" in c.name)
    truth, predicted, labels = case.args
    assert abs(case.expected - accuracy(truth, predicted, labels)) > 0.3


@pytest.mark.parametrize("answer, remark", [
    (lambda low, high: "melhorou" if low >= 0 else "piorou" if high <= 0 else "inconclusivo",
     "começa exatamente no zero"),
    (lambda low, high: low > 0 or high < 0, "esperava 'melhorou', veio True"),
    (lambda low, high: "melhorou" if low + high > 0 else "piorou", "intervalo atravessa o zero"),
])
def test_verdict_mistakes(answer, remark):
    assert remark in failing(check_verdict, answer)


# ---------------------------------------------------------------- 05: early stopping and memory


@pytest.mark.parametrize("answer, remark", [
    (lambda losses, patience: (len(losses), losses.index(min(losses)) + 1), "piora e para"),  # no stopping
    (lambda losses, patience: stopping([x - 1e-9 * i for i, x in enumerate(losses)], patience),
     "empate não é melhora"),  # a tie counted as a new best
    (lambda losses, patience: tuple(e - 1 for e in stopping(losses, patience)),
     "sempre melhorando"),  # epochs counted from 0
])
def test_early_stopping_mistakes(answer, remark):
    assert remark in failing(check_early_stopping, answer)


def test_early_stopping_reference_is_ftlab_trainer_rule():
    """early_stopping agrees with HistoryBridge + BestWeights, the trainer's own early stopping."""
    pytest.importorskip("transformers")
    from ftlab.train.bridge import HistoryBridge

    model = SimpleNamespace(named_parameters=lambda: [])
    for case in STOP_CASES:
        losses, patience = case.args
        history = SimpleNamespace(elapsed=0.0, stopped=False, stop_reason=None)
        bridge = HistoryBridge(history, patience=patience)
        control = SimpleNamespace(should_training_stop=False)
        for epoch, loss in enumerate(losses, start=1):
            bridge._track_best(model, loss, epoch, control)
            if control.should_training_stop:
                break
        assert [epoch, bridge.best.step] == early_stopping(losses, patience) == case.expected, case.name


@pytest.mark.parametrize("answer, remark", [
    (lambda n: 16 * n, "esperava 14.90"),  # bytes, not GiB
    (lambda n: 16 * n / 1e9, "2**30"),  # GB, not GiB: the first case's hint
    (lambda n: 12 * n / 2**30, "esperava 14.90"),  # one AdamW state forgotten
])
def test_memory_mistakes(answer, remark):
    assert remark in failing(check_full_memory, answer)


def test_memory_reference_is_the_estimate_formulas():
    from ftlab.models.estimate import GIB, REAL_MODELS, memory_breakdown

    for shape in REAL_MODELS.values():
        parts = memory_breakdown(shape, "full")
        assert full_state_gib(shape.params()) == pytest.approx((parts["pesos"] + parts["gradientes"]
                                                                + parts["otimizador"]) / GIB)


# ---------------------------------------------------------------- 06: the prompt and the break-even point


def test_ftlab_build_prompt_passes_its_own_judge():
    for case in PROMPT_CASES:
        assert same_prompt_structure(case.expected["referencia"], case.expected) is True, case.name


def course_labels_only(message, demos, labels):
    from ftlab.data import LABELS

    return prompt(message, demos, LABELS)


@pytest.mark.parametrize("answer, remark", [
    (lambda m, d, labels: prompt(m, d, labels) + " ", "espaço ou quebra de linha depois de 'Categoria:'"),
    (course_labels_only, "outras categorias: a instrução"),
    (lambda m, d, labels: prompt(m, [{**x, "categoria": ""} for x in d], labels), "sem a categoria certa"),
    (lambda m, d, labels: prompt(m, d[::-1], labels), "fora de ordem"),
    (lambda m, d, labels: prompt(m, d + d[:1], labels), "blocos 'Mensagem:'"),
    (lambda m, d, labels: prompt(m, d, labels).split("\n\n"), "esperava um texto"),
    (lambda m, d, labels: prompt(m, d, labels).removesuffix("Categoria:") + "Resposta:",
     "esperava o prompt terminar com"),
])
def test_prompt_mistakes(answer, remark):
    assert remark in failing(check_prompt, answer)


@pytest.mark.parametrize("answer, remark", [
    (lambda t, p, f: math.ceil(break_even(t, p, f) or 0) or None, "resultado fracionário"),
    (lambda t, p, f: t / (p - f) if p != f else None, "modelo treinado mais lento"),  # a negative count
    (lambda t, p, f: t / (p - f) if p > f else math.inf, "mesmo tempo por pedido: esperava None, veio inf"),
])
def test_break_even_mistakes(answer, remark):
    assert remark in failing(check_break_even, answer)


@pytest.mark.parametrize("got, expected, ok", [
    (0.5, 0.5 + 1e-9, True), (3000, 3000.0, True), (None, None, True), (0.0, None, False), (None, 1.0, False),
    (True, 1.0, False), (math.nan, 1.0, False), (2.0e9, 2.0e9 + 1.0, True), (0.51, 0.5, False),
])
def test_close_to(got, expected, ok):
    assert close_to(got, expected) is ok


# ---------------------------------------------------------------- the grader's path: JSON arguments, probe


@pytest.mark.parametrize("check, answer", RIGHT, ids=NEW_IDS)
def test_probe_round_trip_grades_like_the_notebook(check, answer, tmp_path):
    """Arguments travel as JSON into the kernel (tuples become lists): the verdict must not change."""
    exercise = EXERCISES[check(answer, show=False).exercise]
    probe = make_probe(exercise, tmp_path)
    exec(compile(probe.source, "<probe>", "exec"), {exercise.answer: answer})
    observation = json.loads(json.dumps(read_observation(probe, 100_000)))
    assert exercise.judge(observation) == check(answer, show=False)
