"""A classic baseline without any language model: bag of words + logistic regression (scikit-learn).

Trained on the same training split and scored on the same test messages as the prompts and the
fine-tuned models, so students see what a simple, cheap classifier already achieves.
Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class BagOfWords:
    """The fitted classifier's answers and costs."""

    answers: list[str]  # predicted category per test message
    train_seconds: float  # time to fit on the training split
    seconds_per_request: float  # time to classify one message


def bag_of_words(train: list[dict], test: list[dict], seed: int = 0) -> BagOfWords:
    """Fit word unigram+bigram TF-IDF + logistic regression on `train`, answer `test`.

    Taught in notebooks/06_prompt_vs_fine_tuning.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from ftlab.prompting import message_of

    started = time.perf_counter()
    classifier = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                               LogisticRegression(max_iter=1000, C=10.0, random_state=seed))
    classifier.fit([message_of(r) for r in train], [r["label"] for r in train])
    fitted = time.perf_counter()
    answers = list(classifier.predict([message_of(r) for r in test]))
    return BagOfWords(answers, fitted - started, (time.perf_counter() - fitted) / max(1, len(test)))
