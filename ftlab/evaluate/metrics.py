"""Metrics on held-out data: classification (scikit-learn) and generation (sacrebleu, rouge-score).

Taught in notebooks/04_avaliacao. No `evaluate` package: it fetches metric code from the Hub.
"""

from __future__ import annotations

import re


def classification_report(y_true, y_pred, labels=None) -> dict:
    """accuracy, precision/recall/F1 (macro and micro), invalid-answer rate, per-class rows and the
    confusion matrix (rows: true, columns: predicted; see ftlab.evaluate.classification).

    `labels` fixes the order of the matrix and which answers are valid (default: every label seen,
    sorted). Taught in notebooks/04_avaliacao.
    """
    from ftlab.evaluate.classification import classification_metrics

    y_true, y_pred = list(y_true), list(y_pred)
    labels = list(labels) if labels is not None else sorted(set(y_true) | set(y_pred))
    return classification_metrics(y_true, y_pred, labels)


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
