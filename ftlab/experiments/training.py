"""One seeded training run from a TrainConfig, and the sweeps built from it.

The training lab, the learning-rate sweep, the epochs experiment and the graded exercises of
notebooks/03_treinamento all go through `run_training`, so they train exactly the same way.
Every run starts from a fresh copy of the same base model: runs never leak into each other.

Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

from ftlab.experiments.budgets import SettingsError, pick_budget

__all__ = ["BUDGETS", "Budget", "SettingsError", "base_model", "budget_for", "fresh_model", "lr_sweep",
           "memorisation_run", "run_training", "task_splits"]


@dataclass(frozen=True)
class Budget:
    """How much the notebook experiments train: "aula" for the class, "ci" for the tests."""

    n_train: int  # training examples of each sweep run
    n_val: int  # validation examples behind each val_loss point
    sweep_epochs: int  # epochs of each learning-rate sweep run
    memorise_n_train: int  # a small training set, so that many epochs end in memorisation
    memorise_epochs: int  # epochs of the memorisation run


BUDGETS = {
    "aula": Budget(n_train=192, n_val=48, sweep_epochs=2, memorise_n_train=48, memorise_epochs=14),
    "ci": Budget(n_train=24, n_val=8, sweep_epochs=1, memorise_n_train=8, memorise_epochs=2),
}


def budget_for(name: str) -> Budget:
    """The Budget called `name`, with a pt-BR message for an unknown one."""
    return pick_budget(BUDGETS, name)


@functools.lru_cache(maxsize=2)
def base_model(model_name: str = "tiny"):
    """(model, tokenizer) of the base model, loaded once per session."""
    from ftlab.models import load_model

    return load_model(model_name)


def fresh_model(model_name: str = "tiny"):
    """An untouched copy of the base model (weights never shared between runs) and its tokenizer."""
    model, tokenizer = base_model(model_name)
    return copy.deepcopy(model), tokenizer


@functools.lru_cache(maxsize=4)
def task_splits(task: str = "classificacao", seed: int = 0):
    """The task's train/val/test splits, loaded once per (task, seed)."""
    from ftlab.data import load_task

    return load_task(task, seed=seed)


def run_training(config, *, n_train: int | None = None, n_val: int | None = None, model_name: str = "tiny",
                 task: str = "classificacao", splits=None, callbacks=(), stop=None):
    """Fine-tune a fresh base model with `config` on a seeded subset of the data; return the History.

    `splits` defaults to the course task's; `n_train`/`n_val` take a stratified subset (None = all).
    Taught in notebooks/03_treinamento.
    """
    from ftlab.train import fine_tune

    splits = (splits or task_splits(task, config.seed)).subset(n_train, n_val, config.seed)
    model, tokenizer = fresh_model(model_name)
    return fine_tune(model, tokenizer, splits, config, callbacks=callbacks, stop=stop)


def lr_sweep(lrs, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny",
             task: str = "classificacao") -> list:
    """One seeded run per learning rate, everything else equal. Taught in notebooks/03_treinamento."""
    from ftlab.train import preset

    size = budget_for(budget)
    return [run_training(preset(lr=float(lr), epochs=size.sweep_epochs, seed=seed), n_train=size.n_train,
                         n_val=size.n_val, model_name=model_name, task=task) for lr in lrs]


def memorisation_run(*, lr: float | None = None, budget: str = "aula", seed: int = 0,
                     model_name: str = "tiny", task: str = "classificacao"):
    """Many epochs on a small training set: train loss keeps falling, validation turns upward.

    Taught in notebooks/03_treinamento (how many epochs?).
    """
    from ftlab.train import preset

    size = budget_for(budget)
    changes = {} if lr is None else {"lr": float(lr)}
    config = preset(epochs=size.memorise_epochs, seed=seed, eval_points=max(12, 2 * size.memorise_epochs),
                    **changes)
    return run_training(config, n_train=size.memorise_n_train, n_val=size.n_val, model_name=model_name,
                        task=task)
