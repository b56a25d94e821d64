"""Notebook 08's measured path (ftlab.experiments.project): prompts from training data only, demonstrations
that fit the context, and a decision written from the numbers. Model runs are covered by the notebook test.
"""

from __future__ import annotations

import pytest

from ftlab.data.tasks import Splits
from ftlab.evaluate.bootstrap import Interval, PairedComparison
from ftlab.experiments import project


def example(i: int, label: str) -> dict:
    return {
        "prompt": f"Texto: pedido {i} sobre {label}\nCategoria:",
        "completion": f" {label}",
        "label": label,
    }


@pytest.fixture
def splits():
    labels = ["luz", "buraco", "lixo"]
    train = [example(i, labels[i % 3]) for i in range(30)]
    test = [example(100 + i, labels[i % 3]) for i in range(12)]
    return Splits("classificacao", train, train[:6], test)


class WordTokenizer:
    """One token per word: enough for the context arithmetic."""

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": text.split()}


def test_demonstrations_come_from_training_one_label_at_a_time(splits):
    demos = project.demonstrations(splits, 3, seed=0)
    assert {d["label"] for d in demos} == {"luz", "buraco", "lixo"}
    assert all(d in splits.train for d in demos) and not any(d in splits.test for d in demos)
    assert project.demonstrations(splits, 3, seed=0) == demos


def test_few_shot_keeps_only_the_demonstrations_that_fit(splits):
    demos = project.demonstrations(splits, 4, seed=0)
    assert project.fitting_shots(WordTokenizer(), "", demos, splits.test, context=1000) == demos
    fitted = project.fitting_shots(WordTokenizer(), "", demos, splits.test, context=25)
    assert 0 < len(fitted) < len(demos) and fitted == demos[: len(fitted)]


def test_instruction_lists_the_labels(splits):
    assert "luz, buraco, lixo" in project.instruction(splits)


def approach(name: str, score: float, setup: float = 0.0, seconds: float = 0.01) -> project.Approach:
    return project.Approach(
        name, [], [], Interval(score, score - 0.1, score + 0.1, n=12), 50.0, seconds, setup
    )


def comparison(difference: float, low: float, high: float) -> PairedComparison:
    a = Interval(0.5, 0.4, 0.6)
    return PairedComparison(a, a, Interval(difference, low, high), 0.5)


@pytest.mark.parametrize(
    ("difference", "low", "high", "words"),
    [
        (0.30, 0.10, 0.50, "Decisão: fine-tuning"),
        (-0.30, -0.50, -0.10, "Decisão: fique com o prompt"),
        (0.05, -0.10, 0.20, "dentro do ruído"),
    ],
)
def test_decision_follows_the_paired_interval(splits, difference, low, high, words):
    prompt, tuned = approach("prompt zero-shot", 0.5), approach("fine-tuning", 0.5 + difference, setup=12.0)
    text = project.decision(
        splits, prompt, tuned, comparison(difference, low, high), project.budget_for("ci")
    )
    assert (
        words in text and f"{difference:+.3f}" in text and "12 s de treino" in text and "24 exemplos" in text
    )


def test_break_even_only_when_requests_get_cheaper():
    assert project.break_even(
        approach("p", 0.5, seconds=0.2), approach("f", 0.6, 10.0, 0.1)
    ) == pytest.approx(100)
    assert project.break_even(approach("p", 0.5, seconds=0.1), approach("f", 0.6, 10.0, 0.2)) is None


def test_results_table_and_test_sample(splits):
    table = project.results_table(
        splits, [approach("prompt zero-shot", 0.5), approach("fine-tuning", 0.8, 3.0)]
    )
    assert list(table.index) == ["prompt zero-shot", "fine-tuning"] and "acurácia" in table.columns
    sample = project.test_examples(splits, project.budget_for("ci"), seed=0)
    assert len(sample) == 12  # the ci budget's 20 is more than the test split holds: all of it


def test_a_test_example_in_the_training_pool_is_refused(splits):
    from ftlab.prompting.demos import DemoLeakError

    leaky = Splits("classificacao", splits.train + splits.test[:1], splits.val, splits.test)
    with pytest.raises(DemoLeakError, match="teste"):
        project.prompt_sets(leaky, WordTokenizer(), leaky.test, project.budget_for("ci"))
