"""ftlab.experiments.prompt_vs_finetune (notebook 06): grid, agreement, costs, break-even points, and
text built from the measured numbers (the same code must say "prompt wins" when the numbers say so)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ftlab.experiments import prompt_vs_finetune as pvf
from ftlab.experiments import prompt_vs_finetune_summary as summary


def test_aula_grid_repeats_every_prompt_over_three_wordings_and_three_draws():
    configs = pvf.prompt_configs(pvf.budget_for("aula"))
    random_k1 = [c for c in configs if c[0] == pvf.RANDOM and c[1] == 1]
    assert len({c[2] for c in random_k1}) >= 3 and len({c[3] for c in random_k1}) >= 3
    assert {c[1] for c in configs} == {0, 1, 2, 4, 8}
    assert len({c[2] for c in configs if c[0] == pvf.ZERO}) >= 3


def test_unknown_budget_is_refused_in_portuguese():
    with pytest.raises(ValueError, match="BUDGET desconhecido"):
        pvf.budget_for("enorme")


@pytest.mark.parametrize(("lists", "expected"), [
    ([["a", "b"], ["a", "b"]], 1.0),
    ([["a", "b"], ["a", "c"]], 0.5),
    ([["a"], ["a"], ["b"]], 1 / 3),
])
def test_agreement(lists, expected):
    assert pvf.agreement(lists) == pytest.approx(expected)


def test_agreement_of_one_run_is_undefined():
    assert pvf.agreement([["a"]]) != pvf.agreement([["a"]])  # nan


def contender(name, seconds, train=0.0):
    return pvf.Contender(name, [], 10.0, seconds, train)


def test_break_even_requests_and_cost_per_thousand():
    prompt, tuned = contender("prompt", 0.2), contender("ft", 0.05, train=30.0)
    assert pvf.break_even_requests(prompt, tuned) == pytest.approx(200)
    assert pvf.machine_seconds(tuned, 200) == pytest.approx(pvf.machine_seconds(prompt, 200))
    table = pvf.cost_table([prompt, tuned], volumes=(100, 1000))
    assert table.loc["ft", "1.000 pedidos"] == pytest.approx(1000 * (30 + 1000 * 0.05) / 1000)
    assert pvf.break_even_requests(prompt, contender("slow", 0.3, train=5.0)) is None


def test_break_even_size_is_the_first_size_that_matches_the_prompt():
    import pandas as pd

    curve = pd.DataFrame({"acurácia": [0.2, 0.5, 0.4, 0.7]}, index=pd.Index([10, 25, 50, 100]))
    assert pvf.break_even_size(curve, 0.45) == 25
    assert pvf.break_even_size(curve, 0.9) is None


def test_small_training_sets_repeat_to_see_enough_examples():
    size = pvf.budget_for("aula")
    assert pvf.curve_epochs(10, size) * 10 >= size.min_seen
    assert pvf.curve_epochs(1000, size) == size.epochs


@pytest.fixture(scope="module")
def study():
    return pvf.open_study("tiny", "ci", seed=0)


@pytest.mark.parametrize("how", [pvf.RANDOM, pvf.SIMILAR])
def test_grid_demos_never_come_from_the_test_split(study, how):
    test_ids = {r["id"] for r in study.splits.test}
    for variant in ("direta", "atendente"):
        prompts, demo_ids = pvf.build_prompts(study, how, 4, variant, seed=1)
        assert len(prompts) == len(study.test) and len(demo_ids) == 4 * len(study.test)
        assert not set(demo_ids) & test_ids


def test_a_prompt_that_does_not_fit_gets_no_answer(study):
    run = pvf.run_prompt(study, pvf.SIMILAR, 24, "direta", 0)  # 24 demos: over the tiny model's 512 tokens
    assert run.fit_rate == 0 and all(a is None for a in run.answers) and run.accuracy(study.gold) == 0


def findings(difference: float, low: float, high: float) -> summary.Findings:
    interval = SimpleNamespace(estimate=difference, low=low, high=high)
    comparison = SimpleNamespace(difference=interval, is_real=low > 0 or high < 0)
    return summary.Findings(
        prompt_name="few-shot semelhante, k=2", prompt_accuracy=0.4, prompt_worst=0.3, prompt_best=0.5,
        prompt_agreement=0.6, prompt_tokens=150, prompt_seconds=0.1, prompt_k=2,
        tuned_accuracy=0.4 + difference,
        tuned_low=0.3, tuned_high=0.9, tuned_agreement=0.9, tuned_tokens=40, tuned_seconds=0.02,
        train_seconds=30, n_train=500, comparison=comparison, break_even_size=50, break_even_requests=375.0,
        bag_of_words_accuracy=0.77, facts_prompt=0.1, facts_tuned=0.4, facts_tokens=900, context=256)


@pytest.mark.parametrize(("difference", "low", "high", "expected"), [
    (0.3, 0.1, 0.5, "vale treinar"),
    (-0.3, -0.5, -0.1, "O prompt venceu"),
    (0.05, -0.1, 0.2, "o custo decide"),
])
def test_decision_follows_the_numbers(difference, low, high, expected):
    text = summary.decision(findings(difference, low, high))
    assert expected in text and "40%" in text and "77%" in text


def test_lesson_table_has_the_lessons_words_beside_the_measurements():
    table = summary.lesson_table(findings(0.3, 0.1, 0.5))
    assert list(table.index) == [row[0] for row in summary.LESSON_ROWS]
    assert table.loc["Custo computacional", "aula: fine-tuning"] == "Alto (treinamento exige GPUs)"
    assert "375" in table.loc["Custo computacional", "medido: fine-tuning"]
    assert "0.30 a 0.50" in table.loc["Precisão/Consistência", "medido: engenharia de prompts"]
