"""ftlab.experiments.quality: the noisy set is really noisy and never leaks test or validation messages;
the experiment trains both sets for real and reports measured numbers."""

from __future__ import annotations

import pytest

from ftlab import data
from ftlab.experiments import quality


@pytest.fixture(scope="module")
def sets():
    splits = data.load_task("classificacao", seed=0)
    return splits, quality.noisy_records(splits, seed=0)


def test_noisy_set_is_larger_and_keeps_the_raw_faults(sets):
    splits, noisy = sets
    assert len(noisy) >= quality.BUDGETS["aula"].n_noisy >= 3 * quality.BUDGETS["aula"].n_clean
    labels = {r["completion"] for r in noisy}
    assert len(labels) > 2 * len(data.LABELS)  # categories in many spellings
    prompts = [r["prompt"] for r in noisy]
    assert len(set(prompts)) < len(prompts)  # exact duplicates kept
    assert any(data.anonymize(p)[1] for p in prompts)  # personal data kept
    assert any(data.fix_spelling(p)[1] for p in prompts)  # misspellings kept


def test_noisy_set_leaks_no_test_phrasing_or_validation_message(sets):
    splits, noisy = sets
    test_messages = {quality.message_key(r["prompt"].split("\n")[0]) for r in splits.test}
    val_messages = {quality.message_key(r["prompt"].split("\n")[0]) for r in splits.val}
    noisy_messages = {quality.message_key(r["prompt"].split("\n")[0]) for r in noisy}
    assert noisy_messages.isdisjoint(test_messages | val_messages)


def test_training_sets_follow_the_budget():
    size = quality.BUDGETS["ci"]
    clean, noisy, val, test = quality.training_sets(size, seed=0)
    sizes = (len(clean), len(noisy), len(val), len(test))
    assert sizes == (size.n_clean, size.n_noisy, size.n_val, size.n_test)
    assert all(r["label"] in data.LABELS for r in clean + val + test)


def test_unknown_budget_is_explained():
    with pytest.raises(ValueError, match="BUDGET desconhecido"):
        quality.quality_vs_quantity(budget="enorme", base=(None, None))


def test_verdict_reads_the_measured_numbers():
    import pandas as pd

    frame = pd.DataFrame([{"conjunto": quality.CLEAN, "exemplos": 10, "acurácia": 0.75},
                          {"conjunto": quality.NOISY, "exemplos": 40, "acurácia": 0.5}])
    frame.attrs["n_test"] = 8
    sentence = quality.verdict(frame)
    assert "75%" in sentence and "50%" in sentence and "25,0 pontos" in sentence
    assert f"vence {quality.CLEAN}" in sentence


@pytest.mark.slow
def test_experiment_trains_both_sets_for_real():
    from ftlab.models import load_model

    frame = quality.quality_vs_quantity("tiny", "ci", seed=0, base=load_model("tiny"))
    size = quality.BUDGETS["ci"]
    assert list(frame["conjunto"]) == [quality.CLEAN, quality.NOISY]
    assert list(frame["exemplos"]) == [size.n_clean, size.n_noisy]
    assert frame["acurácia"].between(0, 1).all() and (frame["val_loss"] > 0).all()
    histories = frame.attrs["histories"]
    assert all(len(h.val) >= 2 for h in histories.values())  # a curve (3 steps in "ci": one point each)
    steps = [h.total_steps for h in histories.values()]
    assert max(steps) - min(steps) <= 1  # same compute for both sets
    assert "pontos percentuais" in quality.verdict(frame)


def test_plot_draws_accuracy_bars_and_both_validation_curves():
    import matplotlib
    import pandas as pd

    matplotlib.use("Agg")
    from types import SimpleNamespace

    frame = pd.DataFrame([{"conjunto": quality.CLEAN, "exemplos": 10, "acurácia": 0.6, "F1 macro": 0.5},
                          {"conjunto": quality.NOISY, "exemplos": 40, "acurácia": 0.4, "F1 macro": 0.3}])
    curve = SimpleNamespace(val=[{"step": 0, "loss": 3.0}, {"step": 4, "loss": 1.5}])
    frame.attrs["histories"] = {quality.CLEAN: curve, quality.NOISY: curve}
    bars, curves = quality.plot_quality(frame).axes
    assert len(bars.patches) == 4 and len(curves.lines) == 2
