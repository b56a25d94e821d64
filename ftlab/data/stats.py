"""Dataset statistics: how many examples, how long (characters, words, tokens), how balanced.

Taught in notebooks/02_preparacao_dataset (looking at the data before and after cleaning).
"""

from __future__ import annotations

from collections import Counter


def token_counter(tokenizer):
    """A function text -> number of tokens, for a transformers tokenizer or a `tokenizers.Tokenizer`."""
    if type(tokenizer).__module__.startswith("tokenizers"):
        return lambda text: len(tokenizer.encode(text).ids)
    # verbose=False: counting a text longer than the model's context is the point here, not an error
    return lambda text: len(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])


def length_table(records: list[dict], tokenizer=None, fields=("prompt", "completion")):
    """DataFrame, one row per record: characters and words (tokens too, given a tokenizer) per field."""
    import pandas as pd

    count = token_counter(tokenizer) if tokenizer is not None else None
    rows = []
    for record in records:
        row = {}
        for name in fields:
            text = str(record.get(name) or "")
            row[f"{name}_chars"], row[f"{name}_words"] = len(text), len(text.split())
            if count:
                row[f"{name}_tokens"] = count(text)
        if count:
            row["total_tokens"] = sum(row[f"{name}_tokens"] for name in fields)
        rows.append(row)
    return pd.DataFrame(rows)


def label_balance(records: list[dict], key: str = "label"):
    """pandas DataFrame (categoria, exemplos, fração as a pt-BR percentage), most frequent first."""
    import pandas as pd

    from ftlab.numbers import pt_percent

    counts = Counter(str(r.get(key)) for r in records)
    total = sum(counts.values()) or 1
    rows = [{"categoria": k, "exemplos": n, "fração": pt_percent(n / total, 1)}
            for k, n in counts.most_common()]
    return pd.DataFrame(rows, columns=["categoria", "exemplos", "fração"])


def describe(records: list[dict], tokenizer=None, max_tokens: int = 256, key: str = "label") -> dict:
    """Headline numbers: n, label counts, mean/median/max length, and how many exceed `max_tokens`."""
    table = length_table(records, tokenizer)
    summary = {"n": len(records), "labels": dict(Counter(r[key] for r in records if key in r))}
    column = "total_tokens" if tokenizer is not None else None
    if column and len(table):
        tokens = table[column]
        summary.update(tokens_mean=round(float(tokens.mean()), 1), tokens_median=float(tokens.median()),
                       tokens_max=int(tokens.max()), over_context=int((tokens > max_tokens).sum()))
    return summary
