"""Classification metrics from the model's answers: accuracy, precision, recall, F1 (per class, macro
and micro), invalid answers, confusion matrix, and their bootstrap intervals.

An answer that is not one of the labels counts as wrong, and is also counted on its own (invalid
rate): a model that rambles fails differently from one that picks the wrong category.
Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import re
from collections import Counter

from ftlab.evaluate.bootstrap import EvaluationError, bootstrap_ci

INVALID = "(inválida)"  # the confusion matrix's column for answers that are no label


def check_pairs(y_true, y_pred, labels) -> tuple[list, list, list]:
    """Lists of references, predictions and labels; pt-BR errors for what would make the numbers lie."""
    y_true, y_pred = list(y_true), list(y_pred)
    if len(y_true) != len(y_pred):
        raise EvaluationError(f"{len(y_pred)} previsões para {len(y_true)} referências: cada previsão "
                              "precisa da sua referência, na mesma ordem")
    if not y_true:
        raise EvaluationError("lista vazia: não há exemplos para avaliar")
    labels = list(labels) if labels is not None else sorted(set(y_true))
    unknown = sorted({str(t) for t in y_true} - {str(label) for label in labels})
    if unknown:
        raise EvaluationError(f"rótulo desconhecido nas referências: {', '.join(map(repr, unknown))}; "
                              f"os rótulos válidos são {', '.join(map(str, labels))}")
    return y_true, y_pred, labels


def parse_label(answer, labels) -> str | None:
    """The label a generated answer names (its first word, case and punctuation ignored), else None."""
    from ftlab.data.formats import canonical_label

    words = re.findall(r"[\wçãõáéíóúâêô-]+", str(answer or "").lower())
    if not words:
        return None
    label = canonical_label(words[0])
    return label if label in labels else None


def counts(y_true, y_pred, labels) -> dict:
    """Per label: true positives, predicted count and true count."""
    hits = Counter(t for t, p in zip(y_true, y_pred, strict=True) if t == p)
    predicted, actual = Counter(y_pred), Counter(y_true)
    return {label: (hits[label], predicted[label], actual[label]) for label in labels}


def ratio(top: float, bottom: float) -> float:
    """top / bottom, 0 when bottom is 0 (scikit-learn's zero_division=0)."""
    return top / bottom if bottom else 0.0


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)


def per_class(y_true, y_pred, labels) -> list[dict]:
    """One row per label: precision, recall, F1 and support (true examples of that label)."""
    rows = []
    for label, (tp, predicted, actual) in counts(y_true, y_pred, labels).items():
        precision, recall = ratio(tp, predicted), ratio(tp, actual)
        rows.append({"categoria": label, "precisão": precision, "revocação": recall,
                     "f1": f1(precision, recall), "suporte": actual})
    return rows


def accuracy(y_true, y_pred) -> float:
    """Share of predictions equal to their reference (invalid answers are wrong)."""
    return ratio(sum(t == p for t, p in zip(y_true, y_pred, strict=True)), len(y_true))


def macro(y_true, y_pred, labels, name: str) -> float:
    """Unweighted mean over the labels of one per-class measure ("precisão", "revocação", "f1")."""
    rows = per_class(y_true, y_pred, labels)
    return sum(row[name] for row in rows) / len(rows)


def micro(y_true, y_pred, labels) -> dict:
    """Micro precision/recall/F1: every decision pooled. Without invalid answers all three equal accuracy."""
    tp = sum(t == p for t, p in zip(y_true, y_pred, strict=True))
    valid = sum(p in labels for p in y_pred)
    precision, recall = ratio(tp, valid), ratio(tp, len(y_true))
    return {"precision_micro": precision, "recall_micro": recall, "f1_micro": f1(precision, recall)}


def invalid_rate(y_pred, labels) -> float:
    """Share of answers that are none of the labels."""
    return ratio(sum(p not in labels for p in y_pred), len(y_pred))


def confusion_matrix(y_true, y_pred, labels) -> list[list[int]]:
    """Rows: true label; columns: predicted label, plus an INVALID column when some answer is no label."""
    columns = list(labels) + ([INVALID] if invalid_rate(y_pred, labels) else [])
    pairs = Counter((t, p if p in labels else INVALID) for t, p in zip(y_true, y_pred, strict=True))
    return [[pairs[(t, p)] for p in columns] for t in labels]


def classification_metrics(y_true, y_pred, labels=None) -> dict:
    """Every classification number of notebook 04 on one test set (intervals: classification_intervals).

    Keys: accuracy, precision/recall/f1 _macro and _micro, invalid_rate, per_class (rows),
    labels, confusion_matrix (rows true, columns predicted, INVALID column last when needed), n.
    """
    y_true, y_pred, labels = check_pairs(y_true, y_pred, labels)
    rows = per_class(y_true, y_pred, labels)
    report = {"accuracy": accuracy(y_true, y_pred)}
    for key, name in (("precision", "precisão"), ("recall", "revocação"), ("f1", "f1")):
        report[f"{key}_macro"] = sum(row[name] for row in rows) / len(rows)
    report.update(micro(y_true, y_pred, labels))
    report.update(invalid_rate=invalid_rate(y_pred, labels), per_class=rows, labels=labels,
                  confusion_matrix=confusion_matrix(y_true, y_pred, labels), n=len(y_true))
    return report


METRICS = {  # name shown to the student -> function of (y_true, y_pred, labels)
    "acurácia": lambda t, p, labels: accuracy(t, p),
    "precisão macro": lambda t, p, labels: macro(t, p, labels, "precisão"),
    "revocação macro": lambda t, p, labels: macro(t, p, labels, "revocação"),
    "F1 macro": lambda t, p, labels: macro(t, p, labels, "f1"),
    "F1 micro": lambda t, p, labels: micro(t, p, labels)["f1_micro"],
    "respostas inválidas": lambda t, p, labels: invalid_rate(p, labels),
}


def classification_intervals(y_true, y_pred, labels=None, *, n_resamples: int = 1000, seed: int = 0):
    """A table (pandas) of the main metrics with their 95% bootstrap intervals.

    Taught in notebooks/04_avaliacao.
    """
    import pandas as pd

    y_true, y_pred, labels = check_pairs(y_true, y_pred, labels)
    rows = []
    for name, metric in METRICS.items():
        interval = bootstrap_ci(lambda t, p, m=metric: m(t, p, labels), y_true, y_pred,
                                n_resamples=n_resamples, seed=seed)
        rows.append({"métrica": name, "valor": interval.estimate, "IC 95% de": interval.low,
                     "IC 95% até": interval.high, "largura": interval.width})
    return pd.DataFrame(rows).set_index("métrica").round(3)


def weakest_class(report: dict) -> str:
    """The label with the lowest F1 (ties: the one with fewer examples)."""
    rows = sorted(report["per_class"], key=lambda row: (row["f1"], row["suporte"]))
    return rows[0]["categoria"]


def plot_confusion(report: dict, title: str = "Matriz de confusão"):
    """The confusion matrix as a matplotlib figure (rows: true category; columns: the model's answer)."""
    import matplotlib.pyplot as plt

    matrix, labels = report["confusion_matrix"], report["labels"]
    columns = list(labels) + ([INVALID] if len(matrix[0]) > len(labels) else [])
    figure, axes = plt.subplots(figsize=(1.1 * len(columns) + 2, 0.8 * len(labels) + 1.5))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(columns)), columns, rotation=35, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("resposta do modelo")
    axes.set_ylabel("categoria verdadeira")
    top = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            axes.text(j, i, value, ha="center", va="center", color="white" if value > top / 2 else "black")
    axes.set_title(title)
    figure.tight_layout()
    return figure
