"""A survey of the raw data's problems before cleaning: what is wrong, and how often.

Taught in notebooks/02_preparacao_dataset (look at the data before touching it).
"""

from __future__ import annotations

from collections import Counter

from ftlab.data.clean import MAX_EXAMPLE_TOKENS, tiny_token_count
from ftlab.data.formats import LABELS
from ftlab.data.pii import anonymize
from ftlab.data.steps import empty
from ftlab.data.text import fix_spelling, normalize_text


def count_problems(records: list[dict], field: str = "mensagem", label: str = "categoria") -> dict:
    """pt-BR problem name -> number of records that have it (a record may have several)."""
    texts = [r.get(field) for r in records]
    present = [t for t in texts if not empty(t)]
    repeats = sum(n - 1 for n in Counter(present).values())
    labels = [r.get(label) for r in records]
    tokens = tiny_token_count()
    return {
        "mensagem vazia": len(texts) - len(present),
        "categoria vazia": sum(empty(v) for v in labels),
        "resposta vazia": sum(empty(r.get("resposta")) for r in records),
        "mensagem repetida (cópia exata)": repeats,
        "categoria fora do padrão": sum(v not in LABELS and not empty(v) for v in labels),
        "espaços/Unicode irregulares": sum(normalize_text(t) != t for t in present),
        "erros de ortografia": sum(fix_spelling(t)[1] > 0 for t in present),
        "dados pessoais": sum(bool(anonymize(t)[1]) for t in present),
        f"mensagem com mais de {MAX_EXAMPLE_TOKENS} tokens": sum(tokens(t) > MAX_EXAMPLE_TOKENS
                                                                 for t in present),
    }


def problem_table(records: list[dict]):
    """count_problems as a pandas DataFrame with the share of records affected (a pt-BR percentage)."""
    import pandas as pd

    from ftlab.numbers import pt_percent

    counts = count_problems(records)
    shares = {k: pt_percent(v / max(1, len(records)), 1) for k, v in counts.items()}
    return pd.DataFrame({"registros": counts, "fração": shares}).rename_axis("problema")
