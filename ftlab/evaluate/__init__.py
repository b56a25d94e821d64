"""Evaluation on held-out data: label scoring, classification and generation metrics, perplexity.

Taught in notebooks/04_avaliacao. Importing this package is cheap: torch, scikit-learn, sacrebleu
and rouge-score load when a function needs them.
"""

from ftlab.evaluate.generate import generate_completions
from ftlab.evaluate.metrics import classification_report, generation_scores
from ftlab.evaluate.scoring import completion_logprobs, label_completion, perplexity, score_labels

__all__ = [
    "classification_report",
    "completion_logprobs",
    "generate_completions",
    "generation_scores",
    "label_completion",
    "perplexity",
    "score_labels",
]
