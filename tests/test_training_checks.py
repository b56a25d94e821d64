"""Notebook 03's graded checks judged on synthetic Histories: each way of being wrong, and being right.

No training here: `judge_lr` and `judge_epochs` see finished runs whose curves are written by hand,
so every verdict (too big, too small, oscillating, too early, too late) is tested in milliseconds.
"""

import math

import pytest

from ftlab.experiments import training_checks as checks
from ftlab.train import History


def run(val_losses, lr=1e-3, epochs=2.0):
    """A finished run with these validation losses spread evenly over `epochs`."""
    n = len(val_losses)
    val = [{"step": i, "epoch": epochs * i / (n - 1), "loss": loss} for i, loss in enumerate(val_losses)]
    return History(config={"lr": lr}, val=val)


REFERENCE = run([2.0, 1.2, 0.9, 0.8, 0.7, 0.62, 0.6], lr=1e-3)  # the default lr's run: ends at 0.60


@pytest.mark.parametrize("case, lr, losses, verdict, words", [
    ("good, same as reference", 1e-3, [2.0, 1.2, 0.9, 0.8, 0.7, 0.62, 0.6], True, "Boa escolha"),
    ("good, a bit worse", 5e-4, [2.0, 1.5, 1.1, 0.9, 0.8, 0.7, 0.66], True, "Boa escolha"),
    ("good, better", 2e-3, [2.0, 1.0, 0.7, 0.6, 0.55, 0.5, 0.5], True, "Boa escolha"),
    ("too small, barely moves", 1e-5, [2.0, 1.98, 1.95, 1.93, 1.9, 1.88, 1.85], False, "pequena demais"),
    ("too small, slow", 1e-4, [2.0, 1.8, 1.5, 1.3, 1.1, 0.95, 0.85], False, "pequena demais"),
    ("too big, diverges", 1e-1, [2.0, 5.0, 23.0, 9.0, 12.0, 8.0, 7.5], False, "grande demais"),
    ("too big, not a number", 1e-1, [2.0, 4.0, math.nan, math.nan, math.nan, math.nan, math.nan], False,
     "grande demais"),
    ("too big, oscillates and stops high", 2e-2, [2.0, 0.9, 1.3, 0.8, 1.2, 0.9, 1.1], False, "grande demais"),
    ("too big, stalls at a bad value", 5e-2, [2.0, 1.4, 1.3, 1.3, 1.3, 1.3, 1.3], False, "grande demais"),
])
def test_judge_lr(case, lr, losses, verdict, words):
    result = checks.judge_lr(lr, run(losses, lr), REFERENCE)
    assert result.passed is verdict, case
    assert words in result.message and "0.600" in result.message  # the reference's end is shown


MEMORISED = run([3.0, 2.0, 1.5, 1.2, 1.1, 1.05, 1.08, 1.15, 1.3, 1.5, 1.8], epochs=10.0)  # minimum at 5


@pytest.mark.parametrize("case, epochs, verdict, words", [
    ("at the minimum", 5, True, "ponto certo"),
    ("one epoch later, within tolerance", 6, True, "ponto certo"),
    ("far too early", 1, False, "Cedo demais"),
    ("just too early", 3, False, "Cedo demais"),
    ("too late", 8, False, "Tarde demais"),
    ("far too late", 10, False, "Tarde demais"),
])
def test_judge_epochs(case, epochs, verdict, words):
    result = checks.judge_epochs(float(epochs), MEMORISED)
    assert result.passed is verdict, case
    assert words in result.message


@pytest.mark.parametrize("value, words, done", [
    (None, "Escreva um número em MINHA_LR", False),
    ("5e-4", "tire as aspas", True),
    ("rápido", "escreva um número", True),
    (True, "precisa ser um número", True),
    (math.inf, "precisa ser um número", True),
    (0.0, "maior que zero", True),
    (5.0, "grande demais", True),
])
def test_lr_check_answers_bad_values_without_training(value, words, done, capsys):
    result = checks.check_lr_choice(value)
    assert not result.passed and words in result.message and result.done is done
    assert words in capsys.readouterr().out  # printed for the student too


@pytest.mark.parametrize("value, words", [(None, "MINHAS_EPOCAS"), ("4", "tire as aspas"),
                                          (0, "maior que zero"), (-2, "maior que zero")])
def test_epochs_check_answers_bad_values(value, words):
    result = checks.check_epochs_choice(value, MEMORISED)
    assert not result.passed and words in result.message
