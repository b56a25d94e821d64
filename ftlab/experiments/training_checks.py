"""Self-grading exercises of notebooks/03_treinamento, checked by actually training.

Each check returns the course's CheckResult (ftlab.exercises.result) and prints its pt-BR feedback,
so a wrong or missing answer never stops the notebook. Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import functools
import math
from numbers import Real

from ftlab.errors import SettingsError
from ftlab.exercises.result import CheckResult, failed, not_done, passed
from ftlab.experiments import training
from ftlab.train.presets import preset

LR_TOLERANCE = 0.15  # the chosen lr may end at most 15% above the reference run's final val loss
EPOCHS_TOLERANCE = 0.03  # the chosen epoch count may cost at most 3% of val loss above the minimum
LR_EXERCISE, EPOCHS_EXERCISE = "03_lr", "03_epocas"  # ids of ftlab.exercises.treinamento


def announce(result: CheckResult) -> CheckResult:
    """Print the feedback and hand the result back (the notebook cell shows both)."""
    print(result)
    return result


def number_problem(value, name: str, example: str) -> str | None:
    """What keeps `value` from being a usable number, in pt-BR (None when it is a finite number)."""
    if value is None:
        return f"Escreva um número em {name} (por exemplo {name} = {example}) e rode a célula de novo."
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return f"{name} recebeu o texto {value!r}: escreva um número, como {example}."
        return f"{name} está entre aspas, então é um texto ({value!r}): tire as aspas, {name} = {value}."
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        return f"{name} precisa ser um número, como {example}; veio {value!r}."
    return None


def check_lr_choice(lr, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny",
                    task: str = "classificacao") -> CheckResult:
    """Train the sweep's run with the student's lr and compare it with the default lr's run.

    Passes when validation ends at most LR_TOLERANCE above where the reference run (the "padrao"
    preset's lr, same data, seed and epochs) ends. Taught in notebooks/03_treinamento (exercise 1).
    """
    problem = number_problem(lr, "MINHA_LR", "5e-4")
    if problem:
        return announce(not_done(LR_EXERCISE, problem) if lr is None else failed(LR_EXERCISE, [problem]))
    try:
        preset(lr=float(lr))
    except SettingsError as error:
        return announce(failed(LR_EXERCISE, [str(error)]))
    run = training.lr_sweep([float(lr)], budget=budget, seed=seed, model_name=model_name, task=task)[0]
    return announce(judge_lr(float(lr), run, reference_run(budget, seed, model_name, task)))


@functools.lru_cache(maxsize=4)
def reference_run(budget: str, seed: int, model_name: str, task: str):
    """The sweep's run at the default lr: what a good choice must come close to (trained once)."""
    return training.lr_sweep([preset().lr], budget=budget, seed=seed,
                             model_name=model_name, task=task)[0]


def final_loss(history) -> float:
    return history.val[-1]["loss"] if history.val else math.inf


def judge_lr(lr: float, run, reference) -> CheckResult:
    """Verdict on a finished run against the reference run: close enough, or too big / too small."""
    start, end, goal = run.val[0]["loss"], final_loss(run), final_loss(reference) * (1 + LR_TOLERANCE)
    reference_lr = reference.config["lr"]
    summary = (f"Com lr={lr:g}, a loss de validação foi de {start:.3f} (modelo sem treino) para {end:.3f}. "
               f"O treino de referência (lr={reference_lr:g}) terminou em {final_loss(reference):.3f}; "
               f"a meta era terminar no máximo {LR_TOLERANCE:.0%} acima dele, em {goal:.3f}.")
    if math.isfinite(end) and end <= goal:
        return passed(LR_EXERCISE, [summary, "Boa escolha!"])
    return failed(LR_EXERCISE, [summary, lr_hint(lr, run, reference_lr)])


def lr_hint(lr: float, run, reference_lr: float) -> str:
    """Why a learning rate missed: too big (jumps, diverges, stops low) or too small (barely moves)."""
    losses = [point["loss"] for point in run.val]
    if not all(math.isfinite(loss) for loss in losses) or lr > reference_lr:
        jumped = max(losses[1:], default=losses[0]) > losses[0] or not all(map(math.isfinite, losses))
        detail = "a loss chegou a subir: os passos pulam o mínimo" if jumped else "a loss para num valor ruim"
        return f"Taxa grande demais: {detail}. Tente uma taxa menor."
    return ("Taxa pequena demais: os passos são curtos e a loss quase não desceu no tempo do treino. "
            "Tente uma maior.")


def val_loss_at(history, epochs: float) -> dict:
    """The validation point closest to `epochs` (what stopping there would have given)."""
    return min(history.val, key=lambda point: abs(point["epoch"] - epochs))


def check_epochs_choice(epochs, history) -> CheckResult:
    """Pass when stopping after `epochs` lands within EPOCHS_TOLERANCE of the minimum val loss.

    `history` is the many-epochs run of the notebook (the curve the student reads).
    Taught in notebooks/03_treinamento (exercise 2).
    """
    problem = number_problem(epochs, "MINHAS_EPOCAS", "4")
    if problem or epochs <= 0:
        line = problem or "Escreva em MINHAS_EPOCAS um número de épocas maior que zero."
        result = not_done(EPOCHS_EXERCISE, line) if epochs is None else failed(EPOCHS_EXERCISE, [line])
        return announce(result)
    return announce(judge_epochs(float(epochs), history))


def judge_epochs(epochs: float, history) -> CheckResult:
    """Verdict on stopping after `epochs`: at the minimum (within tolerance), too early or too late."""
    best, chosen = history.best(), val_loss_at(history, epochs)
    limit = best["loss"] * (1 + EPOCHS_TOLERANCE)
    summary = (f"Parando em {epochs:g} épocas, a loss de validação seria {chosen['loss']:.3f}; o mínimo da "
               f"curva é {best['loss']:.3f}, na época {best['epoch']:.1f} "
               f"(tolerância: {EPOCHS_TOLERANCE:.0%}).")
    if chosen["loss"] <= limit:
        return passed(EPOCHS_EXERCISE, [summary, "Você parou no ponto certo."])
    if chosen["epoch"] < best["epoch"]:
        return failed(EPOCHS_EXERCISE, [summary, "Cedo demais: o modelo ainda estava aprendendo."])
    late = "Tarde demais: a validação já subia, o modelo decorava o treino."
    return failed(EPOCHS_EXERCISE, [summary, late])
