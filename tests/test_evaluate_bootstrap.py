"""ftlab.evaluate.bootstrap: intervals against known cases, paired comparisons, bad inputs."""

from __future__ import annotations

import math

import pytest

from ftlab.evaluate.bootstrap import EvaluationError, Interval, bootstrap_ci, mean, paired_bootstrap


def accuracy(truth, predicted):
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def test_interval_of_a_constant_is_the_constant():
    interval = bootstrap_ci(mean, [0.5] * 20)
    assert (interval.estimate, interval.low, interval.high, interval.n) == (0.5, 0.5, 0.5, 20)


def test_interval_of_a_proportion_matches_the_normal_approximation():
    values = [1] * 50 + [0] * 50  # p = 0.5, n = 100: standard error 0.05, 95% half-width ~0.098
    interval = bootstrap_ci(mean, values, n_resamples=4000)
    assert interval.estimate == 0.5
    assert interval.low == pytest.approx(0.5 - 1.96 * 0.05, abs=0.015)
    assert interval.high == pytest.approx(0.5 + 1.96 * 0.05, abs=0.015)
    assert interval.width == pytest.approx(interval.high - interval.low)


def test_same_seed_same_interval_and_metric_gets_every_column():
    truth, predicted = list("aabbccddee" * 3), list("abbbccdded" * 3)
    first = bootstrap_ci(accuracy, truth, predicted, seed=3)
    assert first == bootstrap_ci(accuracy, truth, predicted, seed=3)
    assert first.estimate == pytest.approx(accuracy(truth, predicted))
    assert first.low <= first.estimate <= first.high


def test_narrower_with_more_examples():
    small = bootstrap_ci(mean, [1, 0] * 10)
    large = bootstrap_ci(mean, [1, 0] * 200)
    assert large.width < small.width / 3  # width shrinks like 1/sqrt(n): sqrt(20) ~ 4.5


def test_paired_bootstrap_of_identical_models_is_not_real():
    truth = list("abcab" * 6)
    comparison = paired_bootstrap(accuracy, truth, truth[::-1], truth[::-1])
    assert comparison.difference == Interval(0.0, 0.0, 0.0, 0.95, 30)
    assert not comparison.is_real and comparison.p_value == 1.0
    assert "inclui zero" in comparison.verdict()


def test_paired_bootstrap_finds_a_clear_improvement():
    truth = ["x"] * 40
    worse = ["x"] * 20 + ["y"] * 20
    comparison = paired_bootstrap(accuracy, truth, worse, truth)
    assert comparison.difference.estimate == 0.5
    assert comparison.is_real and comparison.difference.low > 0.3
    assert comparison.a.estimate == 0.5 and comparison.b.estimate == 1.0
    assert comparison.p_value < 0.01 and "B melhor que A" in comparison.verdict()


def test_pairing_is_narrower_than_two_independent_intervals():
    truth = [1] * 60
    a = [1, 0, 1] * 20  # B fixes exactly 5 of A's 20 errors, breaks nothing
    b = list(a)
    for i in [1, 4, 7, 10, 13]:
        b[i] = 1
    comparison = paired_bootstrap(accuracy, truth, a, b)
    independent = math.hypot(comparison.a.width, comparison.b.width)
    assert comparison.difference.width < independent / 2 and comparison.is_real


@pytest.mark.parametrize(("columns", "message"), [
    ([[1, 2], [1]], "tamanhos diferentes"),
    ([[], []], "lista vazia"),
    ([[1, 0, 1]], "pelo menos 10"),
])
def test_bad_inputs_say_what_to_fix(columns, message):
    with pytest.raises(EvaluationError, match=message):
        bootstrap_ci(mean, *columns)


def test_paired_bootstrap_rejects_unequal_lengths():
    with pytest.raises(EvaluationError, match="tamanhos diferentes"):
        paired_bootstrap(accuracy, [1] * 12, [1] * 12, [1] * 11)
