"""Cleaning steps that drop unusable tickets: bad labels, empty or cut fields, texts too long.

Taught in notebooks/02_preparacao_dataset (Limpeza e Formatação).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ftlab.data.formats import canonical_label
from ftlab.data.report import Step

# A finished text ends a sentence: . ! ? or …, maybe followed by a closing quote or parenthesis.
# ")" or '"' alone is not an end: "(multa de 2% mais 0,033% ao dia)" can be cut right after it.
SENTENCE_END = re.compile(r"[.!?…][\"')\]]*$")


def keep_if(records: list[dict], name: str, reason) -> tuple[list[dict], Step]:
    """Step: drop records for which reason(record) returns a pt-BR reason; examples name the source line."""
    out, examples = [], []
    for record in records:
        why = reason(record)
        if why is None:
            out.append(record)
        elif len(examples) < 5:
            examples.append((record.get("_source"), why))
    return out, Step(name, len(records), len(out), examples=examples)


def empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def drop_empty(records: list[dict], fields: tuple[str, ...]) -> tuple[list[dict], Step]:
    """Step: drop records with an empty (or null) value in any of `fields`."""
    def reason(record):
        missing = [f for f in fields if empty(record.get(f))]
        return f"campo vazio: {', '.join(missing)}" if missing else None
    return keep_if(records, "campos vazios", reason)


def drop_truncated(records: list[dict], field: str) -> tuple[list[dict], Step]:
    """Step: drop records whose `field` stops mid-sentence (no final punctuation): a cut-off export."""
    def reason(record):
        text = str(record.get(field) or "").rstrip()
        return None if SENTENCE_END.search(text) else f"{field} termina no meio da frase: ...{text[-25:]!r}"
    return keep_if(records, "textos truncados", reason)


def normalize_labels(records: list[dict], field: str = "categoria") -> tuple[list[dict], Step]:
    """Step: rewrite each label to its canonical LABELS form; drop records whose label means nothing known."""
    out, changed, examples = [], 0, []
    for record in records:
        label = canonical_label(record.get(field))
        if label is None:
            continue
        if label != record[field]:
            changed += 1
            if len(examples) < 5:
                examples.append((record[field], label))
        out.append({**record, field: label})
    return out, Step("rótulos padronizados", len(records), len(out), changed, "rótulos reescritos", examples)


def drop_long(records: list[dict], fields: tuple[str, ...], max_length: int, measure=len,
              unit: str = "caracteres") -> tuple[list[dict], Step]:
    """Step: drop records whose `fields` together are longer than `max_length` (in `measure` units).

    `measure` is len (characters) or a token counter such as `lambda t: len(tokenizer(t).input_ids)`.
    Dropping (not truncating) keeps every remaining example whole. Taught in notebooks/02_preparacao_dataset.
    """
    def reason(record):
        size = sum(measure(str(record.get(f) or "")) for f in fields)
        return f"{size} {unit} (limite {max_length})" if size > max_length else None
    return keep_if(records, "longos demais para o contexto do modelo", reason)


def majority_labels(records: list[dict], group: str, field: str) -> dict:
    """group value -> the label most records of that group carry."""
    votes = defaultdict(Counter)
    for record in records:
        votes[record.get(group)][record.get(field)] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def drop_inconsistent_labels(records: list[dict], group: str = "tema",
                             field: str = "categoria") -> tuple[list[dict], Step]:
    """Step: drop records whose label disagrees with the majority label of their `group` (e.g. the
    ticket's subject): a category marked in a hurry. Records without `group` are kept as they are."""
    majority = majority_labels([r for r in records if group in r], group, field)

    def reason(record):
        if group not in record or record[field] == majority[record[group]]:
            return None
        usual = majority[record[group]]
        return f"{field} {record[field]!r}, mas o {group} {record[group]!r} costuma ser {usual!r}"
    return keep_if(records, "rótulos incoerentes com o tema", reason)
