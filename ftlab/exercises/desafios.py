"""Exercises of notebooks/05_desafios: early stopping on a validation curve, and full fine-tuning memory.

The early-stopping reference follows ftlab's trainer (ftlab.train.bridge.HistoryBridge and
ftlab.train.best.BestWeights; the tests check that both agree); the memory reference is
ftlab.models.estimate's own formulas. Taught in notebooks/05_desafios.
"""

from __future__ import annotations

from ftlab.exercises.base import Case, close_to
from ftlab.exercises.registry import Exercise, register
from ftlab.exercises.result import CheckResult
from ftlab.models.estimate import ADAMW_STATE_BYTES, GIB, REAL_MODELS, memory_breakdown

NOTEBOOK = "05_desafios"


def early_stopping(val_losses: list[float], patience: int) -> list[int]:
    """[epoch where training stops, epoch whose weights are kept], epochs counted from 1.

    One validation per epoch; a new best is a loss strictly below every earlier one; training stops
    after `patience` validations in a row without a new best, and the best weights are put back.
    """
    best_loss, best_epoch, since_best = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, since_best = loss, epoch, 0
            continue
        since_best += 1
        if since_best >= patience:
            return [epoch, best_epoch]
    return [len(val_losses), best_epoch]


STOP_HINT = ("Conte as épocas a partir de 1. A cada nova menor loss a contagem de paciência volta a zero; "
             "com `paciencia` épocas seguidas sem melhora, o treino para e ficam os pesos da melhor época.")
STOP_INPUTS = {  # case name -> ((val_losses, patience), hint)
    "sempre melhorando": (([2.0, 1.5, 1.2, 1.0], 2), "Sem piora, o treino vai até a última época."),
    "piora e para": (([2.0, 1.4, 1.5, 1.6, 1.3], 2), STOP_HINT),
    "paciência maior espera a volta": (([2.0, 1.4, 1.5, 1.6, 1.3], 3), STOP_HINT),
    "empate não é melhora": (([1.0, 1.0, 1.0, 0.9], 2), "Uma loss igual à melhor não é melhora: conta para a "
                             "paciência."),
    "paciência 1": (([3.0, 2.0, 2.5, 1.0], 1), STOP_HINT),
    "uma época só": (([0.9], 3), STOP_HINT),
}
STOP_CASES = [Case(name, args, early_stopping(*args), hint) for name, (args, hint) in STOP_INPUTS.items()]

STOP = register(Exercise("05_parada", NOTEBOOK, "parada_antecipada", "Parada antecipada",
                         cases=tuple(STOP_CASES)))


def check_early_stopping(fn, show: bool = True) -> CheckResult:
    """Grade `parada_antecipada(perdas_validacao, paciencia) -> (epoca_em_que_para, epoca_dos_pesos)`."""
    return STOP.check(fn, show)


FULL_PARTS = ("pesos", "gradientes", "otimizador")  # memory_breakdown's parts without the activations


def full_state_gib(params: int) -> float:
    """GiB of fp32 weights, fp32 gradients and AdamW's two fp32 states for `params` parameters."""
    return (4 + 4 + ADAMW_STATE_BYTES) * params / GIB


def shape_case(size: str) -> Case:
    shape = REAL_MODELS[size]
    parts = memory_breakdown(shape, "full")
    return Case(f"{shape.name} ({size})", (shape.params(),), sum(parts[k] for k in FULL_PARTS) / GIB,
                "Por parâmetro: peso (4 bytes) + gradiente (4) + os dois estados do AdamW (4 + 4).")


MEMORY_CASES = [
    Case("1 bilhão de parâmetros", (1_000_000_000,), full_state_gib(1_000_000_000),
         "1 GiB são 2**30 bytes (1.073.741.824), não 10**9."),
    *(shape_case(size) for size in REAL_MODELS),
    Case("nenhum parâmetro", (0,), 0.0, "Sem parâmetros, nada a guardar."),
]

MEMORY = register(Exercise("05_memoria", NOTEBOOK, "memoria_ajuste_completo", "Memória do ajuste completo",
                           cases=tuple(MEMORY_CASES), compare=close_to))


def check_full_memory(fn, show: bool = True) -> CheckResult:
    """Grade `memoria_ajuste_completo(n_parametros) -> GiB` (weights + gradients + AdamW, no activations)."""
    return MEMORY.check(fn, show)


CHECKS = {"05_parada": check_early_stopping, "05_memoria": check_full_memory}
