"""Evaluation on held-out data: label scoring, classification and generation metrics, perplexity,
bootstrap confidence intervals and paired comparisons.

Taught in notebooks/04_avaliacao. Importing this package is cheap: torch, numpy, scikit-learn,
sacrebleu and rouge-score load when a function needs them.
"""

from ftlab.evaluate.bootstrap import (
    EvaluationError,
    Interval,
    PairedComparison,
    bootstrap_ci,
    paired_bootstrap,
)
from ftlab.evaluate.generate import generate_completions
from ftlab.evaluate.leakage import LeakageError, check_leakage
from ftlab.evaluate.metrics import classification_report, generation_scores
from ftlab.evaluate.scoring import completion_logprobs, label_completion, perplexity, score_labels

__all__ = [
    "EvaluationError",
    "Interval",
    "LeakageError",
    "PairedComparison",
    "bootstrap_ci",
    "check_leakage",
    "classification_report",
    "completion_logprobs",
    "generate_completions",
    "generation_scores",
    "paired_bootstrap",
    "perplexity",
    "label_completion",
    "score_labels",
]
