"""Leakage check before an evaluation: is any test prompt (nearly) in the training data?

Three checks between test and training prompts, on lower-cased words:
- exact duplicates (same words in the same order);
- near duplicates (Jaccard similarity of the word sets at or above `near`, e.g. one word changed);
- 8-gram overlap (a test prompt sharing at least `overlap` of its 8-word sequences with training).

`check_leakage` refuses in pt-BR, naming the examples, unless the caller passes allow_leakage=True.
Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ftlab.evaluate.bootstrap import EvaluationError

SHOWN = 5  # examples named in the refusal message


class LeakageError(EvaluationError):
    """Test prompts that also appear (nearly) in training; the message names them."""


@dataclass
class LeakageReport:
    """What check_leakage found: index pairs (test, train) and, for 8-grams, the share overlapped."""

    exact: list[tuple[int, int]] = field(default_factory=list)
    near: list[tuple[int, int, float]] = field(default_factory=list)
    ngram: list[tuple[int, float]] = field(default_factory=list)
    n_test: int = 0
    n_train: int = 0

    @property
    def clean(self) -> bool:
        return not (self.exact or self.near or self.ngram)

    def leaked(self) -> list[int]:
        """Indices of the test examples caught by any check, sorted."""
        found = {i for i, _ in self.exact} | {i for i, _, _ in self.near} | {i for i, _ in self.ngram}
        return sorted(found)

    def summary(self) -> dict:
        return {"teste": self.n_test, "treino": self.n_train, "duplicatas exatas": len(self.exact),
                "quase duplicatas": len(self.near), "sobreposição de 8-gramas": len(self.ngram)}


def prompt_text(item) -> str:
    """The prompt of a record (or the string itself)."""
    return item["prompt"] if isinstance(item, dict) else str(item)


def content_words(text: str) -> tuple[str, ...]:
    """Lower-cased words of a prompt without the task's frame ("Mensagem:" ... "Categoria:")."""
    text = re.sub(r"^\s*\w+:\s*", "", text)
    text = re.sub(r"\n\s*\w+:\s*$", "", text)
    return tuple(re.findall(r"\w+", text.lower()))


def ngrams(tokens: tuple[str, ...], n: int) -> set[tuple[str, ...]]:
    return {tokens[i : i + n] for i in range(len(tokens) - n + 1)}


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def find_near(test_sets, train_sets, near: float, skip: set[int]) -> list[tuple[int, int, float]]:
    """(test, train, similarity) of the most similar training prompt at or above `near`."""
    index: dict[str, list[int]] = {}
    for j, words in enumerate(train_sets):
        for word in words:
            index.setdefault(word, []).append(j)
    found = []
    for i, words in enumerate(test_sets):
        if i in skip:
            continue
        candidates = {j for word in words for j in index.get(word, ())}
        best = max(((jaccard(words, train_sets[j]), j) for j in candidates), default=(0.0, -1))
        if best[0] >= near:
            found.append((i, best[1], round(best[0], 3)))
    return found


def leakage_report(train, test, *, near: float = 0.8, n: int = 8, overlap: float = 0.5) -> LeakageReport:
    """Exact, near-duplicate and n-gram overlap between test and training prompts (records or strings)."""
    train_words = [content_words(prompt_text(item)) for item in train]
    test_words = [content_words(prompt_text(item)) for item in test]
    first_seen = {}
    for j, words in enumerate(train_words):
        first_seen.setdefault(words, j)
    report = LeakageReport(n_test=len(test_words), n_train=len(train_words))
    report.exact = [(i, first_seen[w]) for i, w in enumerate(test_words) if w in first_seen]
    exact = {i for i, _ in report.exact}
    test_sets, train_sets = [frozenset(w) for w in test_words], [frozenset(w) for w in train_words]
    report.near = find_near(test_sets, train_sets, near, exact)
    caught = exact | {i for i, _, _ in report.near}  # each example is named under its strongest check
    train_grams = set().union(*(ngrams(w, n) for w in train_words)) if train_words else set()
    for i, words in enumerate(test_words):
        grams = ngrams(words, n)
        share = len(grams & train_grams) / len(grams) if grams else 0.0
        if share >= overlap and i not in caught:
            report.ngram.append((i, round(share, 3)))
    return report


def describe(report: LeakageReport, train, test) -> str:
    """The pt-BR lines naming the first leaked examples and where they are in training."""
    lines = []
    for i, j in report.exact[:SHOWN]:
        lines.append(f"- teste #{i} é idêntico ao treino #{j}: {prompt_text(test[i])!r}")
    for i, j, similarity in report.near[:SHOWN]:
        lines.append(f"- teste #{i} é quase igual ao treino #{j} (similaridade {similarity:.2f}): "
                     f"{prompt_text(test[i])!r} ~ {prompt_text(train[j])!r}")
    for i, share in report.ngram[:SHOWN]:
        lines.append(f"- teste #{i} repete {share:.0%} das sequências de 8 palavras do treino: "
                     f"{prompt_text(test[i])!r}")
    return "\n".join(lines)


def check_leakage(train, test, *, allow_leakage: bool = False, **limits) -> LeakageReport:
    """Refuse (LeakageError, pt-BR) when test prompts leak from training; allow_leakage=True only warns.

    Taught in notebooks/04_avaliacao: run it before every evaluation.
    """
    train, test = list(train), list(test)
    report = leakage_report(train, test, **limits)
    if report.clean:
        return report
    message = (f"vazamento: {len(report.leaked())} de {len(test)} exemplos de teste aparecem (quase) iguais "
               "no treino, e a nota deles mediria memória, não generalização.\n"
               f"{describe(report, train, test)}\n"
               "Tire esses exemplos do teste (ou do treino) e avalie de novo; para avaliar mesmo assim, "
               "passe allow_leakage=True.")
    if not allow_leakage:
        raise LeakageError(message)
    print("AVISO (allow_leakage=True): " + message)
    return report
