"""The company's voice and facts in generated answers, measured against the references.

- Voice: the company's real opening and closing (for NuvemNet "Olá! Obrigada por falar com a
  NuvemNet." and "Estamos sempre por aqui!"), found in the training answers as the longest start and
  end that nearly all of them share; an answer has the voice when it opens AND closes that way.
- Facts: plans, prices, deadlines, speeds and percentages, each extracted with its kind. An answer's
  facts are compared with its reference's: precision (of the facts it states, how many are the
  reference's: a wrong price counts against it) and recall (of the reference's facts, how many it
  states). Mere presence of some price is not enough.

Public names (also used by notebooks/01 through ftlab.experiments): company_voice, voice_scores,
extract_facts, fact_scores, fact_table. Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ftlab.evaluate.bootstrap import EvaluationError

SHARED = 0.8  # share of training answers that must contain an opening/closing for it to be the voice

FACT_PATTERNS = {  # kind -> pattern; each match is one fact (kind, normalised text)
    "plano": r"Nuvem (?:300|600|Giga)\b",
    "preço": r"R\$ ?\d+(?:,\d{2})?",
    "prazo": r"\b\d+ (?:dias úteis|dias|horas|meses|minutos|segundos)\b",
    "velocidade": r"\b\d+ (?:Mega|Giga)\b",
    "percentual": r"\b\d+(?:,\d+)?%",
}


@dataclass(frozen=True)
class CompanyVoice:
    """How the company opens and closes its answers."""

    opening: str
    closing: str


def words(text: str) -> list[str]:
    return str(text).split()


def shared_run(texts: list[list[str]], share: float) -> list[str]:
    """The longest word prefix that at least `share` of the word lists start with."""
    run = []
    while True:
        nexts = Counter(t[len(run)] for t in texts if len(t) > len(run) and t[: len(run)] == run)
        if not nexts:
            return run
        word, count = nexts.most_common(1)[0]
        if count < share * len(texts):
            return run
        run.append(word)


def company_voice(completions, share: float = SHARED) -> CompanyVoice:
    """The opening and closing that (nearly) every training answer shares.

    Taught in notebooks/04_avaliacao; pass the training split's completions.
    """
    texts = [words(text) for text in completions]
    if not texts:
        raise EvaluationError("nenhuma resposta de treino para descobrir a voz da empresa")
    opening = shared_run(texts, share)
    closing = shared_run([t[::-1] for t in texts], share)[::-1]
    return CompanyVoice(" ".join(opening), " ".join(closing))


def has_opening(text: str, voice: CompanyVoice) -> bool:
    return bool(voice.opening) and " ".join(words(text)).startswith(voice.opening)


def has_closing(text: str, voice: CompanyVoice) -> bool:
    return bool(voice.closing) and " ".join(words(text)).endswith(voice.closing)


def voice_scores(predictions, voice: CompanyVoice) -> dict:
    """Share of answers with the company's opening, with its closing, and with both."""
    predictions = list(predictions)
    opens = [has_opening(p, voice) for p in predictions]
    closes = [has_closing(p, voice) for p in predictions]
    n = max(1, len(predictions))
    return {"abertura": sum(opens) / n, "fechamento": sum(closes) / n,
            "voz (abertura e fechamento)": sum(o and c for o, c in zip(opens, closes, strict=True)) / n}


def normalise_fact(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("R$ ", "R$").replace("R$", "R$ ")).strip().lower()


def extract_facts(text: str) -> set[tuple[str, str]]:
    """The company facts a text states, as (kind, normalised value): ("preço", "r$ 89,90")."""
    return {(kind, normalise_fact(match)) for kind, pattern in FACT_PATTERNS.items()
            for match in re.findall(pattern, str(text))}


def fact_counts(predictions, references, kind: str | None = None) -> tuple[int, int, int]:
    """(facts stated that are the reference's, facts stated, reference facts), pooled over answers."""
    correct = stated = expected = 0
    for prediction, reference in zip(predictions, references, strict=True):
        said, wanted = extract_facts(prediction), extract_facts(reference)
        if kind is not None:
            said, wanted = {f for f in said if f[0] == kind}, {f for f in wanted if f[0] == kind}
        correct, stated, expected = correct + len(said & wanted), stated + len(said), expected + len(wanted)
    return correct, stated, expected


def fact_scores(predictions, references, kind: str | None = None) -> dict:
    """Precision, recall and F1 of the company facts (all kinds, or one `kind`), pooled over answers.

    Taught in notebooks/04_avaliacao.
    """
    predictions, references = list(predictions), list(references)
    if len(predictions) != len(references):
        raise EvaluationError(f"{len(predictions)} respostas para {len(references)} referências: "
                              "devem ser iguais, na mesma ordem")
    correct, stated, expected = fact_counts(predictions, references, kind)
    precision = correct / stated if stated else 0.0
    recall = correct / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precisão": precision, "revocação": recall, "f1": f1, "citados": stated,
            "corretos": correct, "esperados": expected}


def fact_table(predictions, references):
    """fact_scores per kind of fact, plus an "todos" row (pandas)."""
    import pandas as pd

    rows = {kind: fact_scores(predictions, references, kind) for kind in FACT_PATTERNS}
    rows["todos"] = fact_scores(predictions, references)
    return pd.DataFrame(rows).T.round(3)
