"""One seeded training run from a handful of settings, and the sweeps built from it.

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

LAB_FIELDS = ("lr", "epochs", "n_train", "batch_size", "lora", "lora_r")  # what the lab lets you change


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


def settings_problems(settings: dict, n_available: int | None = None) -> list[str]:
    """Every lab setting that cannot make a run, described in pt-BR (empty when all is fine)."""
    problems = []
    lr = settings.get("lr")
    if not isinstance(lr, (int, float)) or not lr > 0:
        problems.append(f"a taxa de aprendizado (lr) precisa ser maior que zero; veio {lr!r}")
    elif lr > 1:
        problems.append(f"a taxa de aprendizado (lr) {lr:g} é grande demais; use no máximo 1")
    if int(settings.get("epochs") or 0) < 1:
        problems.append(f"o número de épocas precisa ser pelo menos 1; veio {settings.get('epochs')!r}")
    n_train = settings.get("n_train")
    if n_train is not None and n_train < 1:
        problems.append("o conjunto de treino está vazio (tamanho 0): escolha pelo menos 1 exemplo")
    if n_train is not None and n_available is not None and n_train > n_available:
        problems.append(f"o treino tem só {n_available} exemplos; você pediu {n_train}")
    if int(settings.get("batch_size") or 0) < 1:
        problems.append(f"o tamanho do lote precisa ser pelo menos 1; veio {settings.get('batch_size')!r}")
    if settings.get("lora") and int(settings.get("lora_r") or 0) < 1:
        problems.append(f"o posto (rank) do LoRA precisa ser pelo menos 1; veio {settings.get('lora_r')!r}")
    return problems


def check_settings(settings: dict, n_available: int | None = None) -> None:
    """Raise SettingsError listing every problem of `settings` (pt-BR), or return quietly."""
    problems = settings_problems(settings, n_available)
    if problems:
        raise SettingsError("Não dá para treinar com esses valores: " + "; ".join(problems) + ".")


def make_config(settings: dict, **fixed):
    """A TrainConfig from the TrainConfig defaults, the lab `settings` and `fixed` overrides."""
    from ftlab.train import TrainConfig

    check_settings(settings)
    return TrainConfig(**{**settings, **fixed})


def default_settings() -> dict:
    """The lab's starting values: the TrainConfig defaults of the fields the lab exposes."""
    from ftlab.train import TrainConfig

    config = TrainConfig()
    return {name: getattr(config, name) for name in LAB_FIELDS}


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


def run_training(settings: dict, *, model_name: str = "tiny", task: str = "classificacao",
                 callbacks=(), stop=None, **fixed):
    """Fine-tune a fresh base model with `settings` (+ `fixed` TrainConfig fields); return the History.

    Taught in notebooks/03_treinamento.
    """
    from ftlab.train import fine_tune

    settings = {**default_settings(), **settings}
    splits = task_splits(task, int({**settings, **fixed}.get("seed", 0)))
    check_settings(settings, n_available=len(splits.train))
    config = make_config(settings, **fixed)
    model, tokenizer = fresh_model(model_name)
    return fine_tune(model, tokenizer, splits, config, callbacks=callbacks, stop=stop)


def lr_sweep(lrs, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny",
             task: str = "classificacao") -> list:
    """One seeded run per learning rate, everything else equal. Taught in notebooks/03_treinamento."""
    size = budget_for(budget)
    settings = {"epochs": size.sweep_epochs, "n_train": size.n_train, "seed": seed}
    return [run_training({**settings, "lr": float(lr)}, model_name=model_name, task=task,
                         n_val=size.n_val, lr_scheduler="constant") for lr in lrs]


def memorisation_run(*, lr: float | None = None, budget: str = "aula", seed: int = 0,
                     model_name: str = "tiny", task: str = "classificacao"):
    """Many epochs on a small training set: train loss keeps falling, validation turns upward.

    Taught in notebooks/03_treinamento (how many epochs?).
    """
    size = budget_for(budget)
    settings = {"epochs": size.memorise_epochs, "n_train": size.memorise_n_train, "seed": seed}
    settings["lr"] = lr if lr is not None else default_settings()["lr"]
    return run_training(settings, model_name=model_name, task=task, n_val=size.n_val,
                        lr_scheduler="constant", eval_points=max(12, 2 * size.memorise_epochs))
