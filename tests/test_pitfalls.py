"""Notebook 05's experiments (ftlab.experiments.pitfalls): their set-up and the logic of their verdicts."""

from __future__ import annotations

import pandas as pd
import pytest

from ftlab.experiments import pitfalls
from ftlab.experiments.budgets import SettingsError


def runs_frame(rows):
    columns = ["método", "lr", "replay", "ganho no domínio", "esquecimento"]
    frame = pd.DataFrame([dict(zip(columns, row, strict=True)) for row in rows])
    frame = frame.assign(geral=1.5 + frame["esquecimento"], domínio=3.0 - frame["ganho no domínio"])
    first_epoch = frame.assign(época=1, esquecimento=frame["esquecimento"] / 2,
                               **{"ganho no domínio": frame["ganho no domínio"] / 2})
    return pd.concat([first_epoch, frame.assign(época=2)], ignore_index=True)


def result_of(rows):
    return pitfalls.ForgettingResult({"geral": 1.5, "domínio": 3.0}, runs_frame(rows))


FULL = [("completo", 3e-4, 0.0, 0.5, 0.1), ("completo", 1e-3, 0.0, 1.0, 0.3),
        ("completo", 3e-3, 0.0, 1.5, 0.8)]
REPLAY = [("completo + replay 25%", 1e-3, 0.25, 0.9, 0.1), ("replay 5%", 1e-3, 0.05, 1.0, 0.25)]


def test_unknown_budget_is_a_pt_br_error():
    with pytest.raises(SettingsError, match="BUDGET"):
        pitfalls.budget_for("enorme")


def test_aula_budget_sweeps_what_the_issue_asks():
    size = pitfalls.budget_for("aula")
    assert size.replay_fractions == (0.0, 0.01, 0.05, 0.25)
    assert len(size.full_lrs) >= 2 and len(size.lora_lrs) >= 2 and size.forget_epochs >= 2
    assert pitfalls.FORGET_LR in size.full_lrs


def test_few_phrasings_keeps_one_phrasing_per_theme():
    records = [{"grupo": g} for g in ("a/2", "a/1", "a/1", "b/3", "b/4")]
    assert [r["grupo"] for r in pitfalls.few_phrasings(records)] == ["a/1", "a/1", "b/3"]


def test_remedies_spend_the_same_compute_and_change_one_thing():
    from ftlab.experiments.training import task_splits

    size = pitfalls.budget_for("aula")
    train = task_splits("classificacao", 0).train
    remedies = pitfalls.overfitting_remedies(train, size, seed=0)
    base = remedies[0]
    budget = len(base.train) * base.config.epochs
    assert all(len(r.train) * r.config.epochs == budget for r in remedies)
    groups = {r["grupo"] for r in base.train}
    diverse = next(r for r in remedies if "diversos" in r.name)
    assert len({r["grupo"] for r in diverse.train}) > len(groups)
    assert sum(r.keep_best for r in remedies) == 1
    assert [r.config.weight_decay > 0 for r in remedies].count(True) == 1
    assert [r.dropout > 0 for r in remedies].count(True) == 1


def test_forgetting_variants_cover_three_methods_and_the_replay_sweep():
    size = pitfalls.budget_for("aula")
    variants = pitfalls.forgetting_variants(size, seed=0)
    methods = [m for m, _ in variants]
    assert methods.count("completo") == len(size.full_lrs) and methods.count("LoRA") == len(size.lora_lrs)
    assert all(c.lora is not None for m, c in variants if m == "LoRA")
    replays = {c.replay for _, c in variants if c.lr == pitfalls.FORGET_LR and c.lora is None}
    assert replays == set(size.replay_fractions)


def test_replay_sweep_orders_the_runs_at_the_same_lr():
    sweep = pitfalls.replay_sweep(result_of(FULL + REPLAY))
    assert list(sweep["replay"]) == [0.0, 0.05, 0.25]


@pytest.mark.parametrize(("lora_run", "expected"), [
    (("LoRA", 1e-2, 0.0, 1.2, 0.2), [-0.14]),  # epoch 1 (0.6, 0.1) vs full 0.24; epoch 2 at 1.2 is outside
    (("LoRA", 1e-2, 0.0, 1.5, 0.6), [0.0]),  # epoch 1 (0.75, 0.3) vs full 0.3
    (("LoRA", 1e-2, 0.0, 0.4, 0.0), [-0.08, -0.16]),  # below the full points: from the base model (0, 0)
    (("LoRA", 1e-2, 0.0, 2.4, 0.1), []),  # both epochs beyond the full curve's gains: no extrapolation
])
def test_matched_gain_interpolates_the_reference_points(lora_run, expected):
    full = ("completo", 1e-3, 0.0, 1.0, 0.4)  # epoch 1 at (0.5, 0.2), epoch 2 at (1.0, 0.4)
    matched = pitfalls.matched_gain(result_of([full, lora_run]))
    assert list(matched.get("diferença", [])) == pytest.approx(expected)


def test_verdicts_follow_the_numbers():
    agrees = pitfalls.forgetting_verdicts(result_of(FULL + REPLAY + [("LoRA", 1e-2, 0.0, 0.75, 0.1)]))
    assert "piorou" in agrees[0] and "cresce com a taxa" in agrees[0] and "em todos os treinos" in agrees[0]
    assert "reduziu" in agrees[1] and "não reduziu" not in agrees[1]
    assert "esqueceu menos" in agrees[2]
    contradicts = pitfalls.forgetting_verdicts(result_of(
        FULL + [("completo + replay 25%", 1e-3, 0.25, 1.0, 0.4), ("LoRA", 1e-2, 0.0, 1.25, 0.7)]))
    assert "não reduziu" in contradicts[1] and "contraria" in contradicts[2]
    apart = pitfalls.lora_verdict(result_of(FULL + [("LoRA", 1e-2, 0.0, 4.0, 0.0)]))
    assert "não decide" in apart


def test_overfitting_summary_reads_the_table():
    table = pd.DataFrame([
        {"remédio": "sem remédio", "menor loss de validação": 1.0, "na época": 2.0,
         "loss de validação final": 1.4, "acurácia no teste": 0.5, "IC 95% de": 0.4, "IC 95% até": 0.6},
        {"remédio": "mais dados", "menor loss de validação": 0.8, "na época": 2.0,
         "loss de validação final": 0.9, "acurácia no teste": 0.8, "IC 95% de": 0.7, "IC 95% até": 0.9},
    ]).set_index("remédio")
    text = pitfalls.overfitting_summary(table)
    assert "mais dados" in text and "não se sobrepõem" in text and "0,400 acima" in text


def test_last_weights_are_put_back():
    import torch

    model = torch.nn.Linear(2, 2)
    last = pitfalls.LastWeights(model)

    class Fake:
        val, total_steps = [{"step": 4}], 4

    last.on_val_loss(Fake())
    with torch.no_grad():
        model.weight.add_(1.0)
    last.restore()
    assert torch.equal(model.weight, last.state["weight"])


def test_shown_rounds_measures_but_not_learning_rates():
    frame = pd.DataFrame([{"lr": 3e-4, "replay": 0.01, "esquecimento": 0.123456, "método": "completo"}])
    shown = pitfalls.shown(frame)
    assert shown["lr"].iloc[0] == 3e-4 and shown["replay"].iloc[0] == 0.01
    assert shown["esquecimento"].iloc[0] == 0.123
