"""The lesson's three curve shapes, on the shipped tiny model and the course's classification task.

The training lab's sliders (lr 1e-5..1e-1, epochs 1..30, 8..all examples) must show them with the
lab's defaults (the "padrao" preset on 128 examples): a too-high learning rate jumps or diverges,
a too-low one barely moves, and many epochs on few examples (notebook 03's memorisation setting)
make the validation loss turn upward while the training loss keeps falling (overfitting).
"""

from __future__ import annotations

import math

import pytest

from ftlab.experiments.training import BUDGETS
from ftlab.train import fine_tune, preset
from ftlab.widgets.lab import LAB_N_TRAIN, LAB_N_VAL

pytestmark = pytest.mark.slow

HIGH_LR, LOW_LR = 1e-1, 1e-5
MEMORISE = BUDGETS["aula"]  # the class's memorisation run: few examples, many epochs


@pytest.fixture(scope="module")
def splits():
    from ftlab.data import load_task

    return load_task("classificacao", seed=0)


def train_with(splits, n_train=LAB_N_TRAIN, **changes):
    """The lab's run with `changes`: its preset, its training and validation sizes."""
    from ftlab.models import load_model

    model, tokenizer = load_model("tiny")
    return fine_tune(model, tokenizer, splits.subset(n_train, LAB_N_VAL, 0), preset(**changes))


def val_losses(history) -> list[float]:
    return [point["loss"] for point in history.val]


def test_a_too_high_learning_rate_jumps_or_diverges(splits):
    losses = val_losses(train_with(splits, lr=HIGH_LR))
    start = losses[0]
    assert any(not math.isfinite(loss) or loss > start for loss in losses[1:]), losses
    assert not all(map(math.isfinite, losses)) or max(losses[1:]) > 2 * start, losses


def test_a_too_low_learning_rate_barely_moves(splits):
    losses = val_losses(train_with(splits, lr=LOW_LR))
    assert losses[-1] < losses[0]  # it does learn, a little
    assert losses[-1] > 0.5 * losses[0], losses  # but keeps most of the starting loss (defaults: < 10%)


def test_many_epochs_turn_the_validation_loss_upward(splits):
    history = train_with(splits, epochs=MEMORISE.memorise_epochs, n_train=MEMORISE.memorise_n_train)
    losses, best = val_losses(history), history.best()
    assert best["step"] < history.val[-1]["step"], losses
    assert losses[-1] > best["loss"] * 1.15, losses  # the curve turns up after its minimum
    train = [p["loss"] for p in history.train]
    assert sum(train[-8:]) / 8 < 0.5 * sum(train[:8]) / 8  # while the training loss keeps falling
