"""Self-grading exercises of notebooks/03_treinamento, checked by actually training.

Each check returns a CheckResult (passed + pt-BR feedback) and prints the feedback, so a wrong
or missing answer never stops the notebook. Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from ftlab.experiments import training

REQUIRED_DROP = 0.25  # the chosen lr must end with a val loss at least 25% below the untrained model's
EPOCHS_TOLERANCE = 0.03  # the chosen epoch count may cost at most 3% of val loss above the minimum


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one exercise check."""

    passed: bool  # whether the answer meets the goal
    message: str  # pt-BR feedback for the student

    def __str__(self) -> str:
        return ("✅ " if self.passed else "❌ ") + self.message


def announce(result: CheckResult) -> CheckResult:
    """Print the feedback and hand the result back (the notebook cell shows both)."""
    print(result)
    return result


def not_a_number(value) -> bool:
    """True when `value` is not a finite real number (placeholders such as None included)."""
    return isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value)


def check_lr_choice(lr, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny",
                    task: str = "classificacao") -> CheckResult:
    """Train a small seeded run with the student's lr; pass when validation loss ends low enough.

    "Low enough": at least REQUIRED_DROP below the untrained model's loss (the run's first point).
    Taught in notebooks/03_treinamento (exercise 1).
    """
    if not_a_number(lr):
        return announce(CheckResult(False, "Escreva um número em MINHA_LR (ex.: 3e-4) e rode de novo."))
    try:
        training.check_settings({"lr": lr, "epochs": 1, "batch_size": 1})
        history = training.lr_sweep([lr], budget=budget, seed=seed, model_name=model_name, task=task)[0]
    except training.SettingsError as error:
        return announce(CheckResult(False, str(error)))
    return announce(judge_lr(lr, history))


def judge_lr(lr: float, history) -> CheckResult:
    """Verdict on a finished run: did validation loss end below the bound, and if not, why."""
    start, end = history.val[0]["loss"], history.val[-1]["loss"]
    bound = start * (1 - REQUIRED_DROP)
    summary = (f"Com lr={lr:.0e}, a loss de validação foi de {start:.3f} (modelo sem treino) para "
               f"{end:.3f}; a meta era terminar abaixo de {bound:.3f}.")
    if math.isfinite(end) and end <= bound:
        return CheckResult(True, summary + " Boa escolha!")
    return CheckResult(False, summary + " " + lr_hint(history, start, bound))


def lr_hint(history, start: float, bound: float) -> str:
    """Why a learning rate missed: too high (jumps, rises) or too low (barely moves)."""
    losses = [point["loss"] for point in history.val]
    if not all(math.isfinite(loss) for loss in losses) or max(losses[1:], default=start) > start:
        return "A loss subiu em algum momento: a taxa está alta demais, os passos pulam o mínimo."
    if min(losses) <= bound:
        return "Chegou abaixo da meta, mas terminou acima: oscilou. Tente uma taxa um pouco menor."
    return "A loss mal se mexeu: a taxa está baixa demais, os passos são pequenos. Tente uma maior."


def val_loss_at(history, epochs: float) -> dict:
    """The validation point closest to `epochs` (what stopping there would have given)."""
    return min(history.val, key=lambda point: abs(point["epoch"] - epochs))


def check_epochs_choice(epochs, history) -> CheckResult:
    """Pass when stopping after `epochs` lands within EPOCHS_TOLERANCE of the minimum val loss.

    `history` is the many-epochs run of the notebook (the curve the student reads).
    Taught in notebooks/03_treinamento (exercise 2).
    """
    if not_a_number(epochs) or epochs <= 0:
        return announce(CheckResult(False, "Escreva em MINHAS_EPOCAS um número de épocas maior que zero."))
    best, chosen = history.best(), val_loss_at(history, float(epochs))
    limit = best["loss"] * (1 + EPOCHS_TOLERANCE)
    summary = (f"Parando em {epochs} épocas, a loss de validação seria {chosen['loss']:.3f}; o mínimo da "
               f"curva é {best['loss']:.3f}, na época {best['epoch']:.1f}.")
    if chosen["loss"] <= limit:
        return announce(CheckResult(True, summary + " Você parou no ponto certo."))
    if chosen["epoch"] < best["epoch"]:
        return announce(CheckResult(False, summary + " Cedo demais: o modelo ainda estava aprendendo."))
    late = " Tarde demais: a validação já subia, o modelo decorava o treino."
    return announce(CheckResult(False, summary + late))
