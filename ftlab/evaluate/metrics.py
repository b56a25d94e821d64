"""Metrics on held-out data: classification (scikit-learn) and generation (sacrebleu, rouge-score).

Taught in notebooks/04_avaliacao. No `evaluate` package: it fetches metric code from the Hub.
"""

from __future__ import annotations

import re


def classification_report(y_true, y_pred, labels=None) -> dict:
    """accuracy, macro precision/recall/F1 and the confusion matrix (rows: true, columns: predicted).

    `labels` fixes the order of the matrix (default: every label seen, sorted).
    Taught in notebooks/04_avaliacao.
    """
    from sklearn import metrics

    y_true, y_pred = list(y_true), list(y_pred)
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    precision, recall, f1, _ = metrics.precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average="macro", zero_division=0
    )
    return {
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)),
        "precision_macro": float(precision),
        "recall_macro": float(recall),
        "f1_macro": float(f1),
        "labels": labels,
        "confusion_matrix": metrics.confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "n": len(y_true),
    }


class WordTokenizer:
    """Lower-cased words and numbers, accents kept (rouge-score's default drops non-ASCII letters)."""

    def tokenize(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())


def rouge_l(predictions: list[str], references: list[str]) -> float:
    """Mean ROUGE-L F-measure, 0..100."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], tokenizer=WordTokenizer())
    pairs = zip(predictions, references, strict=True)
    scores = [scorer.score(reference, prediction)["rougeL"].fmeasure for prediction, reference in pairs]
    return 100 * sum(scores) / max(1, len(scores))


def generation_scores(predictions, references) -> dict:
    """Corpus BLEU and chrF (sacrebleu) and mean ROUGE-L F-measure, all on a 0..100 scale.

    Taught in notebooks/04_avaliacao.
    """
    import sacrebleu

    predictions, references = list(predictions), list(references)
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} previsões para {len(references)} referências: devem ser iguais")
    return {
        "bleu": float(sacrebleu.corpus_bleu(predictions, [references]).score),
        "chrf": float(sacrebleu.corpus_chrf(predictions, [references]).score),
        "rouge_l": rouge_l(predictions, references),
        "n": len(predictions),
    }
