"""The lesson's common pitfalls, each measured: overfitting, compute cost, catastrophic forgetting.

Every run starts from a fresh copy of the same base model with the same seed (training.fresh_model),
so rows of a table differ only in what the row names. Budgets: "aula" fits notebook 05 in about
three minutes on a 2-core CPU; "ci" only checks that everything runs.

Taught in notebooks/05_desafios.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, replace

from ftlab.experiments.budgets import pick_budget
from ftlab.experiments.training import base_model, fresh_model, task_splits

OVERFIT_LR = 3e-3  # a step that memorises a small set within a few epochs
MORE = 3  # "more data" and "more copies" multiply the examples by this and divide the epochs by it
WEIGHT_DECAY = 1.0  # AdamW decay strong enough to matter in a short run (the lab's default is 0)
DROPOUT = 0.2  # attention dropout (the only dropout a Llama block has)
PATIENCE = 2  # early stopping: evaluations without a new best validation loss
FORGET_LR = 1e-3  # full fine-tuning step of the forgetting runs (the lab's default)
LORA_FORGET_LR = 1e-2  # LoRA's step (ftlab.train.presets.LORA_LR: adapters start at zero)
FORGET_N_VAL = 4  # validation examples of the forgetting runs (their loss curve is not shown)


@dataclass(frozen=True)
class PitfallsBudget:
    """How much notebook 05 trains and measures."""

    n_val: int  # validation examples of every run (whole phrasings never trained on)
    n_test: int  # test questions behind each accuracy and its 95% interval
    overfit_n_train: int  # the small training set that overfits
    overfit_epochs: int  # its epochs (remedies that add examples divide them, so compute stays equal)
    cost_n_train: int  # training examples of the full-vs-LoRA runs
    cost_epochs: int  # their epochs
    lora_ranks: tuple  # LoRA ranks compared with full fine-tuning
    forget_n_train: int  # answer-task examples of the forgetting runs
    forget_epochs: int  # their epochs
    n_general: int  # held-out general paragraphs behind each bits-per-byte figure
    n_domain: int  # answer-task test records behind the domain gain
    full_lrs: tuple  # learning rates of full fine-tuning (forgetting grows with the step)
    lora_lrs: tuple  # learning rates of LoRA
    replay_lrs: tuple  # learning rates of full fine-tuning with 25% replay
    replay_fractions: tuple  # replay shares swept at FORGET_LR
    ab_n_train: int  # examples of task A (classification) and then of task B (answers)


BUDGETS = {
    "aula": PitfallsBudget(
        n_val=16, n_test=60, overfit_n_train=24, overfit_epochs=6, cost_n_train=32, cost_epochs=2,
        lora_ranks=(2, 8, 32), forget_n_train=32, forget_epochs=2, n_general=32, n_domain=16,
        full_lrs=(3e-4, 1e-3, 3e-3), lora_lrs=(1e-2, 3e-2), replay_lrs=(1e-3,),
        replay_fractions=(0.0, 0.01, 0.05, 0.25), ab_n_train=24),
    # "ci" only checks that everything runs, also with a 135M model on a 2-core CPU (make test-smollm2):
    # each of the 7 overfitting rows validates 10 times, so n_val weighs as much as the training itself;
    # every accuracy interval needs at least 10 test examples (ftlab.evaluate.bootstrap).
    "ci": PitfallsBudget(
        n_val=4, n_test=10, overfit_n_train=6, overfit_epochs=3, cost_n_train=8, cost_epochs=1,
        lora_ranks=(2,), forget_n_train=4, forget_epochs=2, n_general=2, n_domain=2, full_lrs=(1e-3,),
        lora_lrs=(1e-2,), replay_lrs=(1e-3,), replay_fractions=(0.0, 0.25), ab_n_train=6),
}


def budget_for(name) -> PitfallsBudget:
    """The PitfallsBudget called `name` (or `name` itself when it is one); pt-BR message if unknown."""
    return name if isinstance(name, PitfallsBudget) else pick_budget(BUDGETS, name)


# --- one run -------------------------------------------------------------------------------------


@dataclass
class Run:
    """A fine-tuned copy of the base model and its History."""

    model: object
    tokenizer: object
    history: object


def train_fresh(train: list[dict], val: list[dict], config, model_name: str = "tiny", make_callbacks=None,
                dropout: float = 0.0, stop=None) -> Run:
    """Fine-tune a fresh copy of the base model on `train` (validating on `val`) with `config`.

    `make_callbacks(model)` builds ftlab callbacks that need the model being trained (LoRA adapters
    are added to that same object, so it scores with them afterwards).
    """
    from types import SimpleNamespace

    from ftlab.train import fine_tune

    model, tokenizer = fresh_model(model_name)
    set_attention_dropout(model, dropout)
    callbacks = make_callbacks(model) if make_callbacks else ()
    with quiet_peft():
        history = fine_tune(model, tokenizer, SimpleNamespace(train=train, val=val), config,
                            callbacks=callbacks, stop=stop)
    return Run(model, tokenizer, history)


@contextlib.contextmanager
def quiet_peft():
    """Hide the FutureWarning that peft triggers in transformers when it adds adapters."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        yield


def set_attention_dropout(model, p: float) -> None:
    """Dropout on the attention weights of every layer (Llama blocks have no other dropout)."""
    model.config.attention_dropout = p
    for module in model.modules():
        if hasattr(module, "attention_dropout"):
            module.attention_dropout = p


def config(lr: float, epochs: int, seed: int, **changes):
    """A TrainConfig from the lab's default preset (or "lora" when `lora` is given)."""
    from ftlab.train import preset

    name = "lora" if changes.get("lora") is not None else "padrao"
    return preset(name, lr=lr, epochs=epochs, seed=seed, **changes)


class LastWeights:
    """ftlab callback that copies the trainable weights at the run's last validation point."""

    def __init__(self, model):
        self.model, self.state = model, None

    def on_val_loss(self, history) -> None:
        from ftlab.train.best import trainable_state

        if history.val and history.val[-1]["step"] >= history.total_steps:
            self.state = trainable_state(self.model)

    def restore(self) -> None:
        """Put the last weights back (fine_tune ends with the best validation weights)."""
        import torch

        params = dict(self.model.named_parameters())
        with torch.no_grad():
            for name, value in (self.state or {}).items():
                params[name].copy_(value)


# --- overfitting ---------------------------------------------------------------------------------


def few_phrasings(records: list[dict]) -> list[dict]:
    """Records written in the first phrasing ("grupo") of their theme only: little variety."""
    first = {}
    for group in sorted({r["grupo"] for r in records}):
        first.setdefault(group.split("/")[0], group)
    return [r for r in records if r["grupo"] == first[r["grupo"].split("/")[0]]]


@dataclass
class Remedy:
    """One row of the overfitting table: the data, the config and how the final weights are chosen."""

    name: str  # pt-BR row label
    train: list[dict]  # training records
    config: object  # TrainConfig
    dropout: float = 0.0  # attention dropout during training
    keep_best: bool = False  # True: weights of the best validation point (early stopping); else the last


def overfitting_remedies(train: list[dict], size: PitfallsBudget, seed: int = 0) -> list[Remedy]:
    """The symptom and each remedy of the lesson, on the same seed and the same compute (n x epochs)."""
    from ftlab.data.split import subsample

    few = few_phrasings(train)
    n, epochs = size.overfit_n_train, size.overfit_epochs
    small = subsample(few, n, seed, "label")
    base = config(OVERFIT_LR, epochs, seed, eval_points=10)
    fewer_epochs = replace(base, epochs=max(1, epochs // MORE))
    return [
        Remedy("sem remédio: poucos exemplos, muitas épocas", small, base),
        Remedy(f"mais cópias dos mesmos exemplos ({MORE}x)", small * MORE, fewer_epochs),
        Remedy(f"mais dados ({MORE}x, as mesmas redações)", subsample(few, MORE * n, seed, "label"),
               fewer_epochs),
        Remedy("dados mais diversos (todas as redações)", subsample(train, n, seed, "label"), base),
        Remedy(f"regularização: weight decay {WEIGHT_DECAY:g}", small,
               replace(base, weight_decay=WEIGHT_DECAY)),
        Remedy(f"regularização: dropout {DROPOUT:g}", small, base, dropout=DROPOUT),
        Remedy("parada antecipada (melhor ponto da validação)", small,
               replace(base, early_stopping_patience=PATIENCE), keep_best=True),
    ]


def test_accuracy(model, tokenizer, test: list[dict], seed: int = 0):
    """Accuracy on `test` (labels scored by likelihood) with its 95% bootstrap interval."""
    from ftlab.data import LABELS
    from ftlab.evaluate import score_labels
    from ftlab.evaluate.bootstrap import bootstrap_ci

    predicted = score_labels(model, tokenizer, [r["prompt"] for r in test], list(LABELS))
    truth = [r["label"] for r in test]
    return bootstrap_ci(lambda t, p: sum(a == b for a, b in zip(t, p, strict=True)) / len(t),
                        truth, predicted, seed=seed)


def run_remedy(remedy: Remedy, val: list[dict], test: list[dict], model_name: str, seed: int) -> dict:
    """Train one remedy and measure it: the table row, plus its History under "_history"."""
    last = []
    run = train_fresh(remedy.train, val, remedy.config, model_name, dropout=remedy.dropout,
                      make_callbacks=lambda model: last.append(LastWeights(model)) or last)
    if not remedy.keep_best:
        last[0].restore()
    best = run.history.best()
    accuracy = test_accuracy(run.model, run.tokenizer, test, seed)
    return {"remédio": remedy.name, "exemplos de treino": len(remedy.train), "épocas": remedy.config.epochs,
            "menor loss de validação": best["loss"], "na época": best["epoch"],
            "loss de validação final": run.history.val[-1]["loss"], "acurácia no teste": accuracy.estimate,
            "IC 95% de": accuracy.low, "IC 95% até": accuracy.high, "_history": run.history}


@dataclass
class OverfittingResult:
    """What overfitting_experiment measured."""

    table: object  # pandas DataFrame, one row per remedy
    histories: dict  # remedy name -> History (the curves)


def overfitting_experiment(*, budget: str = "aula", seed: int = 0,
                           model_name: str = "tiny") -> OverfittingResult:
    """The overfitting symptom and the lesson's remedies, side by side on the classification task.

    Taught in notebooks/05_desafios.
    """
    import pandas as pd

    size = budget_for(budget)
    splits = task_splits("classificacao", seed).subset(None, size.n_val, seed)
    test = random.Random(seed).sample(splits.test, min(size.n_test, len(splits.test)))
    rows = [run_remedy(r, splits.val, test, model_name, seed)
            for r in overfitting_remedies(splits.train, size, seed)]
    histories = {row["remédio"]: row.pop("_history") for row in rows}
    return OverfittingResult(pd.DataFrame(rows).set_index("remédio").round(3), histories)


# --- compute cost --------------------------------------------------------------------------------


def cost_experiment(*, budget: str = "aula", seed: int = 0, model_name: str = "tiny"):
    """Full fine-tuning vs LoRA at several ranks, measured: parameters, memory, time, quality.

    Memory is counted on the real tensors of one training step (ftlab.models.estimate.
    measure_step_memory, batch of 8 x 64 tokens); time and validation loss come from the run itself.
    Taught in notebooks/05_desafios.
    """
    import pandas as pd

    from ftlab.models import LoraSettings

    size = budget_for(budget)
    splits = task_splits("classificacao", seed).subset(size.cost_n_train, min(size.n_val, 8), seed)
    variants = [("completo", config(FORGET_LR, size.cost_epochs, seed))]
    variants += [(f"LoRA r={r}", config(LORA_FORGET_LR, size.cost_epochs, seed,
                                        lora=LoraSettings(r=r, alpha=2 * r))) for r in size.lora_ranks]
    rows = [cost_row(name, cfg, splits, model_name) for name, cfg in variants]
    return pd.DataFrame(rows).set_index("treino").round(3)


def step_memory(config, model_name: str) -> dict:
    """measure_step_memory of a fresh copy prepared as `config` asks (LoRA adapters added)."""
    from ftlab.models.estimate import measure_step_memory
    from ftlab.train.trainer import prepare_model

    model, _ = fresh_model(model_name)
    with quiet_peft():
        return measure_step_memory(prepare_model(model, config), batch_size=8, seq_len=64)


def cost_row(name: str, config, splits, model_name: str) -> dict:
    """One row of the cost table."""
    from ftlab.models import count_parameters

    memory = step_memory(config, model_name)
    run = train_fresh(splits.train, splits.val, config, model_name)
    params = count_parameters(run.model)
    mib = 2**20
    return {"treino": name, "parâmetros treináveis": params.trainable, "% treinável": 100 * params.fraction,
            "estado do otimizador (MiB)": memory["otimizador"] / mib,
            "memória de um passo (MiB)": sum(memory.values()) / mib,
            "s por época": run.history.elapsed / config.epochs,
            "menor loss de validação": run.history.best()["loss"]}


def memory_check(model_name: str = "tiny", batch_size: int = 8, seq_len: int = 64):
    """The memory formulas next to the real tensors of one step of the model, full and LoRA (MiB).

    On the CPU everything is fp32 (4 bytes per weight and per activation), so the formulas are
    evaluated with those sizes here. Taught in notebooks/05_desafios.
    """
    import pandas as pd

    from ftlab.models import LoraSettings
    from ftlab.models.estimate import memory_breakdown, shape_of

    model, _ = fresh_model(model_name)
    shape, rows = shape_of(model), []
    lora = config(LORA_FORGET_LR, 1, 0, lora=LoraSettings())
    variants = (("full", config(FORGET_LR, 1, 0)), ("lora", lora))
    for method, cfg in variants:
        measured = step_memory(cfg, model_name)
        formula = memory_breakdown(shape, method, batch_size=batch_size, seq_len=seq_len, base_bytes=4,
                                   value_bytes=4)
        for part in measured:
            rows.append({"treino": "completo" if method == "full" else "LoRA r=8", "parte": part,
                         "fórmula (MiB)": formula[part] / 2**20, "medido (MiB)": measured[part] / 2**20})
    return pd.DataFrame(rows).set_index(["treino", "parte"]).round(2)


# --- catastrophic forgetting ---------------------------------------------------------------------


@dataclass
class Probe:
    """What forgetting is measured on: held-out general paragraphs and answer-task test records."""

    general: list[str]  # data/general/heldout.jsonl paragraphs (never trained on, never replayed)
    domain: list[dict]  # answer-task test records (prompt -> company answer)

    def measure(self, model, tokenizer) -> dict:
        """General and domain bits per byte of `model` (lower = knows that text better)."""
        from ftlab.evaluate.forgetting import bits_per_byte
        from ftlab.evaluate.generation import model_likelihood

        domain = model_likelihood(model, tokenizer, [r["prompt"] for r in self.domain],
                                  [r["completion"] for r in self.domain])
        return {"geral": bits_per_byte(model, tokenizer, self.general), "domínio": domain["bits por byte"]}


def make_probe(tokenizer, size: PitfallsBudget, seed: int) -> Probe:
    """The general paragraphs and a seeded sample of the answer task's test split."""
    from ftlab.evaluate.forgetting import general_texts

    test = task_splits("resposta", seed).test
    return Probe(general_texts(tokenizer, size.n_general), random.Random(seed).sample(test, size.n_domain))


class EpochProbe:
    """ftlab callback: the probe's measures at the first validation point of each new epoch.

    The run's last validation point is at its last step, so the last measure is of the final weights
    (before fine_tune puts the best validation weights back).
    """

    def __init__(self, model, tokenizer, probe: Probe):
        self.model, self.tokenizer, self.probe = model, tokenizer, probe
        self.points = []  # {"época", "geral", "domínio"}

    def on_val_loss(self, history) -> None:
        epoch = history.val[-1]["epoch"]
        if int(epoch + 1e-6) > len(self.points):
            self.points.append({"época": round(epoch), **self.probe.measure(self.model, self.tokenizer)})


@dataclass
class ForgettingResult:
    """What forgetting_experiment measured (bits per byte: lower = knows that text better)."""

    base: dict  # {"geral", "domínio"} of the base model
    points: object  # pandas DataFrame, one row per run and epoch: método, lr, replay, época, measures...

    @property
    def runs(self):
        """The last epoch of every run."""
        last = self.points.groupby(["método", "lr", "replay"])["época"].transform("max")
        return self.points[self.points["época"] == last].reset_index(drop=True)

    def curve(self, method: str, every_epoch: bool = False):
        """The points of one method (last epochs only unless `every_epoch`), by learning rate and epoch."""
        frame = self.points if every_epoch else self.runs
        return frame[frame["método"] == method].sort_values(["lr", "época"])


def forgetting_variants(size: PitfallsBudget, seed: int) -> list[tuple[str, object]]:
    """(method, TrainConfig) of every forgetting run: full, full + replay, LoRA over lrs; the replay sweep."""
    from ftlab.models import LoraSettings

    epochs, runs = size.forget_epochs, []
    runs += [("completo", config(lr, epochs, seed)) for lr in size.full_lrs]
    runs += [("completo + replay 25%", config(lr, epochs, seed, replay=0.25)) for lr in size.replay_lrs]
    runs += [("LoRA", config(lr, epochs, seed, lora=LoraSettings())) for lr in size.lora_lrs]
    runs += [(f"replay {100 * f:g}%", config(FORGET_LR, epochs, seed, replay=f))
             for f in size.replay_fractions if f not in (0.0, 0.25)]
    return runs


def forgetting_splits(size: PitfallsBudget, seed: int):
    """The answer-task examples of the forgetting runs (few validation examples: no curve is shown)."""
    return task_splits("resposta", seed).subset(size.forget_n_train, FORGET_N_VAL, seed)


def forgetting_points(method: str, cfg, size: PitfallsBudget, seed: int, model_name: str, probe: Probe,
                      base: dict, stop=None) -> list[dict]:
    """Train one forgetting run; its measures at the end of each epoch, as rows."""
    splits = forgetting_splits(size, seed)
    probes = []

    def make(model):
        probes.append(EpochProbe(model, base_model(model_name)[1], probe))
        return probes

    train_fresh(splits.train, splits.val, replace(cfg, eval_points=10), model_name, make_callbacks=make,
                stop=stop)
    return [forgetting_row(method, cfg, base, point) for point in probes[0].points]


def forgetting_experiment(*, budget: str = "aula", seed: int = 0,
                          model_name: str = "tiny") -> ForgettingResult:
    """Fine-tune on the company answers, then measure general Portuguese and the new task.

    Every run is measured at the end of each epoch. Taught in notebooks/05_desafios.
    """
    import pandas as pd

    size = budget_for(budget)
    model, tokenizer = fresh_model(model_name)
    probe = make_probe(tokenizer, size, seed)
    base = probe.measure(model, tokenizer)
    rows = [row for method, cfg in forgetting_variants(size, seed)
            for row in forgetting_points(method, cfg, size, seed, model_name, probe, base)]
    return ForgettingResult(base, pd.DataFrame(rows))


def replay_run(fraction: float, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny",
               base: dict | None = None, stop=None) -> dict:
    """One forgetting run at FORGET_LR with `fraction` of replay; its last epoch (the replay panel's run).

    `base`: the base model's measures when already known (forgetting_experiment's result.base).
    Taught in notebooks/05_desafios (the replay panel).
    """
    size = budget_for(budget)
    model, tokenizer = fresh_model(model_name)
    probe = make_probe(tokenizer, size, seed)
    base = base or probe.measure(model, tokenizer)
    cfg = config(FORGET_LR, size.forget_epochs, seed, replay=fraction)
    name = f"replay {100 * fraction:g}%"
    return forgetting_points(name, cfg, size, seed, model_name, probe, base, stop)[-1]


def forgetting_row(method: str, config, base: dict, point: dict) -> dict:
    """One measured point: the run's settings, the epoch, the measures, gain and forgetting."""
    return {"método": method, "lr": config.lr, "replay": config.replay, "época": point["época"],
            "geral": point["geral"], "domínio": point["domínio"],
            "ganho no domínio": base["domínio"] - point["domínio"],
            "esquecimento": point["geral"] - base["geral"]}


def replay_sweep(result: ForgettingResult):
    """The last epochs of the runs at FORGET_LR by replay fraction (0 = plain full fine-tuning)."""
    runs = result.runs
    at_lr = runs[(runs["lr"] == FORGET_LR) & runs["método"].str.startswith(("completo", "replay"))]
    return at_lr.sort_values("replay")[["replay", "ganho no domínio", "esquecimento", "geral", "domínio"]]


def matched_gain(result: ForgettingResult, method: str = "LoRA", reference: str = "completo"):
    """For each point of `method` (every epoch), the forgetting of `reference` at the same domain gain.

    The reference's points (every lr and epoch) sorted by gain are interpolated, starting from the
    base model itself (gain 0, forgetting 0: where every curve starts); only gains inside that range
    are compared (no extrapolation). "diferença" < 0: `method` forgets less.
    """
    import numpy as np
    import pandas as pd

    ref = result.curve(reference, every_epoch=True).sort_values("ganho no domínio")
    gains = np.concatenate([[0.0], ref["ganho no domínio"].to_numpy()])
    forgetting = np.concatenate([[0.0], ref["esquecimento"].to_numpy()])
    order = np.argsort(gains, kind="stable")
    gains, forgetting = gains[order], forgetting[order]
    rows = []
    for _, point in result.curve(method, every_epoch=True).iterrows():
        gain = point["ganho no domínio"]
        if 0 < gain <= gains.max():  # a point that gained nothing is the base model's, not a comparison
            at_ref = float(np.interp(gain, gains, forgetting))
            rows.append({"lr": point["lr"], "época": point["época"], "ganho no domínio": gain,
                         f"esquecimento {method}": point["esquecimento"], f"esquecimento {reference}": at_ref,
                         "diferença": point["esquecimento"] - at_ref})
    return pd.DataFrame(rows)


# --- an earlier task, then a new one -------------------------------------------------------------


def sequential_tasks(*, budget: str = "aula", seed: int = 0, model_name: str = "tiny"):
    """Train task A (classification), then task B (answers) on the same weights: how much of A is left?

    B is trained twice from the same A model: with every weight (full) and with LoRA adapters.
    Taught in notebooks/05_desafios.
    """
    import copy

    import pandas as pd

    from ftlab.models import LoraSettings
    from ftlab.train import fine_tune

    size = budget_for(budget)
    task_a = task_splits("classificacao", seed).subset(size.ab_n_train, size.n_val, seed)
    task_b = task_splits("resposta", seed).subset(size.ab_n_train, FORGET_N_VAL, seed)
    test_a = random.Random(seed).sample(task_a.test, min(size.n_test, len(task_a.test)))
    model, tokenizer = fresh_model(model_name)
    probe = make_probe(tokenizer, size, seed)

    def row(name, m):
        accuracy = test_accuracy(m, tokenizer, test_a, seed)
        return {"modelo": name, "acurácia em A": accuracy.estimate, "IC 95% de": accuracy.low,
                "IC 95% até": accuracy.high, **{f"bits por byte: {k}": v for k, v in
                                                  probe.measure(m, tokenizer).items()}}

    rows = [row("base", model)]
    fine_tune(model, tokenizer, task_a, config(FORGET_LR, size.forget_epochs, seed, eval_points=10))
    rows.append(row("depois de A (classificação)", model))
    with_lora = copy.deepcopy(model)
    fine_tune(model, tokenizer, task_b, config(FORGET_LR, size.forget_epochs, seed, eval_points=10))
    rows.append(row("depois de A e então B (respostas), treino completo", model))
    lora = config(LORA_FORGET_LR, size.forget_epochs, seed, lora=LoraSettings(), eval_points=10)
    with quiet_peft():
        fine_tune(with_lora, tokenizer, task_b, lora)
    rows.append(row("depois de A e então B, B com LoRA", with_lora))
    return pd.DataFrame(rows).set_index("modelo").round(3)


# --- what the measurements say, in words (built from the run, never written by hand) -----------


def signed(value: float) -> str:
    from ftlab.numbers import pt_decimal

    return ("+" if value >= 0 else "") + pt_decimal(value, 3)


def forgetting_verdicts(result: ForgettingResult) -> list[str]:
    """pt-BR sentences on what this run measured: full fine-tuning, learning rate, replay, LoRA."""
    return [full_verdict(result), replay_verdict(result), lora_verdict(result)]


def full_verdict(result: ForgettingResult) -> str:
    from ftlab.numbers import lr_text

    full = result.curve("completo")
    rises = [f"{signed(r['esquecimento'])} com lr {lr_text(r['lr'])}" for _, r in full.iterrows()]
    if len(full) < 2:
        by_lr = "não pôde ser comparado (só uma taxa foi medida)"
    elif full["esquecimento"].is_monotonic_increasing:
        by_lr = "cresce com a taxa de aprendizado"
    else:
        by_lr = "não cresceu de forma regular com a taxa"
    by_epoch = result.curve("completo", every_epoch=True).groupby("lr")["esquecimento"]
    by_epochs = ("cresceu de uma época para a seguinte em todos os treinos" if
                 by_epoch.apply(lambda f: f.is_monotonic_increasing).all() else
                 "nem sempre cresceu de uma época para a seguinte")
    start = ("O treino completo piorou o português geral" if (full["esquecimento"] > 0).all() else
             "O treino completo nem sempre piorou o português geral")
    return (f"{start} ({', '.join(rises)} bits por byte). Entre taxas, o esquecimento {by_lr}; "
            f"entre épocas, {by_epochs}.")


def replay_verdict(result: ForgettingResult) -> str:
    sweep = replay_sweep(result)
    if len(sweep) < 2:
        return "Só uma fração de replay foi medida: não há comparação."
    none, most = sweep.iloc[0], sweep.iloc[-1]
    effect = "reduziu" if most["esquecimento"] < none["esquecimento"] else "não reduziu"
    gains = f"{signed(most['ganho no domínio'])} contra {signed(none['ganho no domínio'])}"
    return (f"Com {100 * most['replay']:g}% de replay o esquecimento foi {signed(most['esquecimento'])}, "
            f"contra {signed(none['esquecimento'])} sem replay: misturar texto geral {effect} o esquecimento "
            f"(ganho no domínio {gains}).")


def lora_verdict(result: ForgettingResult) -> str:
    matched = matched_gain(result)
    lora, full = result.curve("LoRA")["ganho no domínio"], result.curve("completo")["ganho no domínio"]
    if matched.empty:
        return (f"As curvas não se cruzam em ganho (LoRA ganhou de {signed(lora.min())} a "
                f"{signed(lora.max())}, o completo de {signed(full.min())} a {signed(full.max())}): comparar "
                "o esquecimento no mesmo ganho exigiria extrapolar, então esta execução não decide.")
    mean = signed(matched["diferença"].mean())
    if (matched["diferença"] < 0).all():
        return (f"No mesmo ganho no domínio, LoRA esqueceu menos que o treino completo (diferença média "
                f"{mean} bits por byte), a direção publicada por Biderman et al. (2024).")
    return (f"No mesmo ganho no domínio, LoRA NÃO esqueceu menos em todos os pontos (diferença média "
            f"{mean} bits por byte): aqui a medida contraria Biderman et al. (2024).")


def overfitting_summary(table) -> str:
    """pt-BR sentences on the overfitting table: the symptom, then the best remedy and its interval."""
    from ftlab.numbers import pt_decimal

    base, rest = table.iloc[0], table.iloc[1:]
    rise = base["loss de validação final"] - base["menor loss de validação"]
    symptom = (f"Sem remédio, a validação teve o mínimo na época {pt_decimal(base['na época'], 1)} e "
               f"terminou {pt_decimal(rise, 3)} acima dele" if rise > 0 else
               "Sem remédio, a validação não chegou a subir neste orçamento")
    best_name = rest["acurácia no teste"].idxmax()
    best = rest.loc[best_name]
    overlap = best["IC 95% de"] <= base["IC 95% até"]
    verdict = ("os intervalos se sobrepõem, então a diferença pode ser sorte" if overlap else
               "os intervalos não se sobrepõem: a melhora é clara")
    return (f"{symptom}; acurácia no teste {pt_decimal(base['acurácia no teste'], 3)}.\n"
            f"Melhor remédio nesta execução: {best_name} ({pt_decimal(best['acurácia no teste'], 3)}); "
            f"{verdict}.")


def shown(frame, digits: int = 3):
    """`frame` with its measures rounded for reading (learning rates and replay shares left whole)."""
    keep = {"lr", "replay"}
    return frame.round({c: digits for c in frame.columns if c not in keep and frame[c].dtype.kind == "f"})
