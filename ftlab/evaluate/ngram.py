"""A smoothed bigram language model over any tokenizer's units: the cheapest way to show that
perplexity depends on the tokenizer while bits per byte does not.

Train the same kind of model twice on the same texts, once over characters and once over the BPE
tokens of the course model: perplexity per unit rewards the finer units, bits per byte compares them
on the same scale. Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

END = "<fim>"  # unit that closes every text (the model learns where texts stop, like eos)


class BigramModel:
    """P(unit | previous unit), interpolated with add-one unigram frequencies."""

    def __init__(self, split, weight: float = 2.0):
        self.split = split  # text -> list of units (characters, token ids, ...)
        self.weight = weight  # pseudo-count given to the unigram distribution in each context
        self.pairs, self.context, self.unigram = defaultdict(Counter), Counter(), Counter()

    def units(self, text: str) -> list:
        return [END, *self.split(text), END]

    def fit(self, texts) -> BigramModel:
        for text in texts:
            units = self.units(text)
            self.unigram.update(units[1:])
            for previous, unit in zip(units, units[1:], strict=False):
                self.pairs[previous][unit] += 1
                self.context[previous] += 1
        return self

    def unigram_probability(self, unit) -> float:
        return (self.unigram[unit] + 1) / (sum(self.unigram.values()) + len(self.unigram) + 1)

    def probability(self, previous, unit) -> float:
        backoff = self.weight * self.unigram_probability(unit)
        return (self.pairs[previous][unit] + backoff) / (self.context[previous] + self.weight)

    def nats(self, text: str) -> tuple[float, int]:
        """(negative log-likelihood in nats, units scored) of one text, its END included."""
        units = self.units(text)
        total = -sum(math.log(self.probability(p, u)) for p, u in zip(units, units[1:], strict=False))
        return total, len(units) - 1


def bigram_likelihood(split, train_texts, test_texts) -> dict:
    """Perplexity per unit and bits per byte of `test_texts` under a bigram model fit on `train_texts`."""
    from ftlab.evaluate.generation import likelihood_summary, text_bytes

    model = BigramModel(split).fit(train_texts)
    scored = [model.nats(text) for text in test_texts]
    return likelihood_summary(sum(n for n, _ in scored), sum(c for _, c in scored), text_bytes(test_texts))


def tokenizer_comparison(tokenizer, train_texts, test_texts):
    """The same bigram model over characters and over `tokenizer`'s tokens (pandas table, one row each)."""
    import pandas as pd

    splits = {"caracteres": list,
              "tokens BPE do modelo": lambda text: tokenizer(text, add_special_tokens=False)["input_ids"]}
    rows = {name: bigram_likelihood(split, train_texts, test_texts) for name, split in splits.items()}
    return pd.DataFrame(rows).T
