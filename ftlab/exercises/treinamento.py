"""Registry entries for the exercises of notebooks/03_treinamento (value exercises, judged by training).

The checks themselves live in ftlab.experiments.training_checks (the notebook calls them); these
entries let `ftlab grade` read MINHA_LR and MINHAS_EPOCAS from a submission and run the same
checks in the grader's process, with the teacher's budget and seed. Their results are converted
to this package's CheckResult whichever result type the checks return.
"""

from __future__ import annotations

import contextlib
import functools
import io

from ftlab.exercises.registry import Exercise, GradingContext, register
from ftlab.exercises.result import CheckResult, not_done

NOTEBOOK = "03_treinamento"
TASK = "classificacao"


def as_result(exercise: str, result) -> CheckResult:
    """Any check result with `passed` and feedback, as a CheckResult of `exercise`."""
    if isinstance(result, CheckResult):
        result.exercise = exercise
        return result
    lines = list(getattr(result, "lines", None) or [getattr(result, "message", str(result))])
    return CheckResult(exercise=exercise, passed=bool(result.passed), lines=lines,
                       points=1.0 if result.passed else 0.0, reason="" if result.passed else "errado")


def quietly(function, *args, **kwargs):
    """Call a check that prints its feedback, without printing (the grader writes feedback files)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def judge_lr(value, context: GradingContext) -> CheckResult:
    if value is None:
        return not_done("03_lr", "Escreva um número em MINHA_LR.")
    from ftlab.experiments.training_checks import check_lr_choice

    return as_result("03_lr", quietly(check_lr_choice, value, budget=context.budget, seed=context.seed,
                                      model_name=context.model, task=TASK))


@functools.lru_cache(maxsize=4)
def memorisation_history(budget: str, seed: int, model: str):
    """The notebook's many-epochs run, recomputed by the grader (seeded: the same curve on CPU)."""
    from ftlab.experiments.training import memorisation_run

    return memorisation_run(budget=budget, seed=seed, model_name=model, task=TASK)


def judge_epochs(value, context: GradingContext) -> CheckResult:
    if value is None:
        return not_done("03_epocas", "Escreva um número de épocas em MINHAS_EPOCAS.")
    from ftlab.experiments.training_checks import check_epochs_choice

    history = memorisation_history(context.budget, context.seed, context.model)
    return as_result("03_epocas", quietly(check_epochs_choice, value, history))


LR = register(Exercise("03_lr", NOTEBOOK, "MINHA_LR", "Escolha da taxa de aprendizado", judge_value=judge_lr))
EPOCHS = register(Exercise("03_epocas", NOTEBOOK, "MINHAS_EPOCAS", "Quantas épocas",
                           judge_value=judge_epochs))
