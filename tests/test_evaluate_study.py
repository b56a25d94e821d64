"""ftlab.evaluate.study: notebook 04's steps that need no model (data, demos, simulated raters)."""

from __future__ import annotations

import pytest

from ftlab.evaluate import human, study
from ftlab.evaluate.leakage import check_leakage, leakage_report


@pytest.fixture(scope="module")
def data():
    return study.load_study(study.pick("ci"), seed=0)


def test_ci_budget_sizes_and_no_leak(data):
    budget = study.pick("ci")
    assert len(data.cls_train) == len(data.answer_train) == budget.n_train
    assert len(data.cls_test) == budget.n_test_classes and len(data.answer_test) == budget.n_test_answers
    assert len(data.val) == 2 * budget.n_val
    assert check_leakage(data.cls_train, data.cls_test).clean
    with pytest.raises(ValueError, match="BUDGET desconhecido"):
        study.pick("enorme")


def test_planted_leak_is_caught(data):
    train, test = data.classification.train, data.classification.test
    report = leakage_report(train, study.planted_leak(train, test))
    assert report.leaked() == [len(test), len(test) + 1, len(test) + 2]


def test_bleu_prefers_the_wrong_copy_and_facts_the_paraphrase(data):
    reference = study.plans_reference(data)
    table = study.limits_table(reference)
    assert table["BLEU"].idxmax() == "cópia com preços errados"
    assert table.loc["paráfrase correta", "fatos: precisão"] == 1.0
    assert table.loc["cópia com preços errados", "fatos: precisão"] < 1.0


def test_extra_examples_are_unseen_and_of_the_category(data):
    extra = study.extra_examples(data, "elogio", 5)
    seen = {r["prompt"] for r in data.cls_train}
    assert extra and all(r["label"] == "elogio" and r["prompt"] not in seen for r in extra)


def test_class_f1_is_the_categorys_f1():
    metric = study.class_f1("a")
    assert metric(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.5)


def test_simulated_raters_have_the_biases_they_claim(data, tmp_path):
    from ftlab.widgets import HumanEvalPanel

    records = data.answer_test[:6]
    items = study.panel_items(records, ["ok"] * 6, study.references(records))
    for name, rule in study.simulated_raters(items, records).items():
        HumanEvalPanel(items, folder=tmp_path, rater=name, repeats=0).answer_with(rule)
    ratings = human.load_ratings(tmp_path)
    by_reference = [r for r in ratings if r["avaliador"] == "simulado-referência"]
    assert all(human.outcome(r) == "ajustado" for r in by_reference)  # the reference itself wins
    left = [r for r in ratings if r["avaliador"] == "simulado-esquerda"]
    assert sum(r["escolha"] == "esquerda" for r in left) >= 3
