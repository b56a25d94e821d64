"""Quality vs quantity: a small clean training set against a larger noisy one, same fine-tune, same test.

The clean set comes from ftlab.data's cleaning pipeline. The noisy set is what you get by skipping it:
raw tickets formatted as they are (duplicates, misspellings, personal data, categories written in a
dozen ways or simply wrong, overlong pastes), only those with a message and a category. Both runs use
the same TrainConfig, seed and number of optimizer steps (the small set is repeated for more epochs),
keep their best weights on the same clean validation examples, and are scored on the same clean test
examples, whose phrasings neither training set contains.

Taught in notebooks/02_preparacao_dataset (Qualidade acima de quantidade).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from types import SimpleNamespace

from ftlab.experiments.budgets import pick_budget


@dataclass(frozen=True)
class QualityBudget:
    """How big the experiment is: "aula" (a few minutes on a laptop CPU) or "ci" (seconds)."""

    n_clean: int  # examples in the small, clean training set
    n_noisy: int  # examples in the large, noisy training set (raw tickets, not cleaned)
    n_val: int  # clean validation examples behind both val_loss curves
    n_test: int  # clean test examples, the same for both runs
    examples_seen: int  # examples each run trains on (same steps: the small set gets more epochs)


BUDGETS = {
    "aula": QualityBudget(n_clean=150, n_noisy=600, n_val=48, n_test=180, examples_seen=1200),
    "ci": QualityBudget(n_clean=16, n_noisy=48, n_val=8, n_test=12, examples_seen=48),
}
CLEAN, NOISY = "pequeno e limpo", "grande e ruidoso"


def budget_for(name: str) -> QualityBudget:
    """The QualityBudget called `name`, with a pt-BR message for an unknown one."""
    return pick_budget(BUDGETS, name)


def message_key(text: str) -> str:
    """The key a raw message would have after cleaning (to keep val/test messages out of the noisy set)."""
    from ftlab.data import anonymize, fix_spelling, normalize_text
    from ftlab.data.dedup import dedup_key

    return dedup_key(anonymize(fix_spelling(normalize_text(text))[0])[0])


def noisy_records(splits, seed: int) -> list[dict]:
    """Raw tickets formatted without cleaning, minus test phrasings and copies of validation messages."""
    from ftlab.data import TEMPLATES, load_raw_tickets

    template = TEMPLATES["classificacao"]
    test_groups = {r["grupo"] for r in splits.test}
    val_keys = {message_key(r["prompt"].split("\n")[0].removeprefix("Mensagem: ")) for r in splits.val}
    records = []
    for ticket in load_raw_tickets():
        message, label = ticket.get("mensagem"), ticket.get("categoria")
        if not (message and label) or ticket["grupo"] in test_groups or message_key(message) in val_keys:
            continue
        records.append({"prompt": template.prompt.format(mensagem=message),
                        "completion": template.completion.format(categoria=label), "label": label})
    random.Random(seed).shuffle(records)
    return records


def training_sets(size: QualityBudget, seed: int):
    """(clean splits, noisy records, val, test) for one experiment."""
    from ftlab.data import load_task, subsample

    splits = load_task("classificacao", seed=seed)
    noisy = noisy_records(splits, seed)[: size.n_noisy]
    val = subsample(splits.val, size.n_val, seed)
    test = subsample(splits.test, size.n_test, seed)
    return subsample(splits.train, size.n_clean, seed), noisy, val, test


def train_and_score(base, train: list[dict], val: list[dict], test: list[dict], size: QualityBudget,
                    seed: int):
    """Fine-tune a fresh copy of `base` on `train`; returns (History, accuracy, macro F1)."""
    import copy

    from ftlab.data import LABELS
    from ftlab.evaluate import classification_report, score_labels
    from ftlab.train import fine_tune, preset

    model, tokenizer = copy.deepcopy(base[0]), base[1]
    epochs = max(1, round(size.examples_seen / len(train)))  # the same number of steps for every set
    config = preset(epochs=epochs, seed=seed)
    history = fine_tune(model, tokenizer, SimpleNamespace(train=train, val=val), config)
    predicted = score_labels(model, tokenizer, [r["prompt"] for r in test], list(LABELS))
    report = classification_report([r["label"] for r in test], predicted)
    return history, report["accuracy"], report["f1_macro"]


def quality_vs_quantity(model_name: str = "tiny", budget: str = "aula", seed: int = 0, base=None):
    """Fine-tune the same base model on a small clean set and on a larger noisy set; score both.

    Returns a pandas DataFrame, one row per training set (conjunto, exemplos, acurácia, F1 macro,
    val_loss, segundos); frame.attrs["histories"] holds both Histories. `base` = (model, tokenizer)
    skips loading `model_name`. Taught in notebooks/02_preparacao_dataset.
    """
    import pandas as pd

    size = budget_for(budget)
    if base is None:
        from ftlab.models import load_model

        base = load_model(model_name)
    clean, noisy, val, test = training_sets(size, seed)
    rows, histories = [], {}
    for name, train in ((CLEAN, clean), (NOISY, noisy)):
        started = time.perf_counter()
        history, accuracy, f1 = train_and_score(base, train, val, test, size, seed)
        histories[name] = history
        rows.append({"conjunto": name, "exemplos": len(train), "acurácia": accuracy, "F1 macro": f1,
                     "val_loss": history.best()["loss"], "segundos": time.perf_counter() - started})
    frame = pd.DataFrame(rows)
    frame.attrs.update(histories=histories, n_test=len(test))
    return frame


def verdict(frame) -> str:
    """One pt-BR sentence with the measured winner and margin (nothing written by hand)."""
    clean, noisy = (frame.set_index("conjunto").loc[name] for name in (CLEAN, NOISY))
    gap = 100 * (clean["acurácia"] - noisy["acurácia"])
    winner = CLEAN if gap > 0 else NOISY if gap < 0 else "nenhum dos dois"
    margin = f"{abs(gap):.1f}".replace(".", ",")  # pt-BR decimal comma
    return (f"No mesmo teste limpo ({frame.attrs.get('n_test', '?')} mensagens), o conjunto {CLEAN} "
            f"({int(clean['exemplos'])} exemplos) acertou {clean['acurácia']:.0%} e o {NOISY} "
            f"({int(noisy['exemplos'])} exemplos) acertou {noisy['acurácia']:.0%}: vence {winner}, "
            f"por {margin} pontos percentuais.")


def plot_quality(frame):
    """Left: test accuracy and macro F1 of each set. Right: both validation-loss curves."""
    import matplotlib.pyplot as plt

    fig, (bars, curves) = plt.subplots(1, 2, figsize=(12, 4.5))
    labels = [f"{r.conjunto}\n({r.exemplos} exemplos)" for r in frame.itertuples()]
    positions = range(len(frame))
    for offset, column, color in ((-0.2, "acurácia", "#4c72b0"), (0.2, "F1 macro", "#dd8452")):
        drawn = bars.bar([p + offset for p in positions], frame[column], width=0.4, label=column, color=color)
        bars.bar_label(drawn, fmt="%.2f")
    bars.set(xticks=list(positions), xticklabels=labels, ylim=(0, 1.1), title="No mesmo teste limpo")
    bars.legend()
    for name, history in frame.attrs.get("histories", {}).items():
        steps, losses = [p["step"] for p in history.val], [p["loss"] for p in history.val]
        curves.plot(steps, losses, marker="o", label=name)
    curves.set(title="Loss de validação (exemplos limpos)", xlabel="passo de otimização", ylabel="val_loss")
    curves.legend()
    fig.tight_layout()
    return fig
