"""Choosing the k demonstrations of a few-shot prompt: at random, or the most similar training messages.

Demonstrations come from a pool of training examples, never from the test split: the selector checks
its pool against the test set when it is built and refuses (pt-BR) a pool that shares an example, a
message or a held-out phrasing with it. Similarity is TF-IDF over character n-grams (robust to typos),
cosine to the question's message. Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

import random

from ftlab.prompting.build import message_of


class DemoLeakError(ValueError):
    """A demonstration pool that contains test examples; the message is pt-BR."""


def leaked(pool: list[dict], test: list[dict]) -> list[dict]:
    """The pool records that are test records: same id, same message or same held-out phrasing group."""
    ids = {r["id"] for r in test if "id" in r}
    messages = {message_of(r) for r in test}
    groups = {r["grupo"] for r in test if "grupo" in r}
    return [r for r in pool if r.get("id") in ids or message_of(r) in messages or r.get("grupo") in groups]


def check_pool(pool: list[dict], test: list[dict]) -> None:
    """Raise DemoLeakError naming the pool's test examples, or return quietly."""
    bad = leaked(pool, test)
    if bad:
        names = ", ".join(str(r.get("id") or message_of(r)[:30]) for r in bad[:5])
        raise DemoLeakError(f"{len(bad)} exemplo(s) de demonstração vêm do conjunto de teste ({names}...): "
                            "as demonstrações devem sair só do treino, senão a nota do teste não vale.")


class SimilarityIndex:
    """TF-IDF over character n-grams of some texts; finds those most similar to a query (cosine)."""

    def __init__(self, texts: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self.matrix = self.vectorizer.fit_transform(list(texts))

    def top(self, query: str, k: int) -> list[int]:
        """Positions of the k texts most similar to `query`, the most similar first."""
        scores = (self.matrix @ self.vectorizer.transform([query]).T).toarray().ravel()
        return sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]


class DemoSelector:
    """Picks demonstrations from a training pool checked against the test set.

    Taught in notebooks/06_prompt_vs_fine_tuning.
    """

    def __init__(self, pool: list[dict], test: list[dict]):
        check_pool(pool, test)
        self.pool = list(pool)
        self._index = None

    def random(self, k: int, rng: random.Random) -> list[dict]:
        """k distinct pool examples drawn with `rng`."""
        return rng.sample(self.pool, min(k, len(self.pool)))

    def similar(self, message: str, k: int) -> list[dict]:
        """The k pool examples most similar to `message`, the most similar last (next to the question)."""
        if k <= 0:
            return []
        if self._index is None:
            self._index = SimilarityIndex([message_of(r) for r in self.pool])
        return [self.pool[i] for i in reversed(self._index.top(message, k))]

    def choose(self, message: str, k: int, how: str, rng: random.Random) -> list[dict]:
        """k demonstrations for `message`: how="aleatorios" (random) or "semelhantes" (most similar)."""
        if how == "aleatorios":
            return self.random(k, rng)
        if how == "semelhantes":
            return self.similar(message, k)
        raise ValueError(f"seleção desconhecida: {how!r}; use 'aleatorios' ou 'semelhantes'")
