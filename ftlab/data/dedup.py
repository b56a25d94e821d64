"""Exact and near duplicates: the same request counted twice teaches the model nothing new.

Near duplicates are found by comparing each text with its neighbours after sorting the normalised
texts forwards and backwards (an edit near the end keeps the start; one near the start keeps the end),
so the cost grows as n log n instead of n squared. Taught in notebooks/02_preparacao_dataset.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from ftlab.data.report import Step

NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def dedup_key(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: what makes two texts 'the same'."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return NOT_WORD.sub(" ", plain).strip()


def remove_exact_duplicates(records: list[dict], field: str,
                            same: str | None = None) -> tuple[list[dict], Step]:
    """Step: keep the first record of each identical `field` text (and identical `same` field, if given)."""
    seen, out, examples = set(), [], []
    for record in records:
        text = record.get(field)
        if (text, record.get(same)) in seen:
            if len(examples) < 3:
                examples.append((record.get("_source"), text))
            continue
        seen.add((text, record.get(same)))
        out.append(record)
    return out, Step("duplicatas exatas", len(records), len(out), examples=examples)


def similar(a: str, b: str, threshold: float) -> bool:
    """difflib ratio >= threshold, with cheap length and quick_ratio filters first."""
    if min(len(a), len(b)) < threshold * max(len(a), len(b)):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def near_duplicate_pairs(keys: list[str], threshold: float, window: int) -> list[tuple[int, int]]:
    """(earlier, later) index pairs whose keys are similar, among sorted neighbours."""
    pairs = set()
    for order_key in (lambda i: keys[i], lambda i: keys[i][::-1]):
        order = sorted(range(len(keys)), key=order_key)
        for pos, i in enumerate(order):
            for j in order[pos + 1: pos + 1 + window]:
                if similar(keys[i], keys[j], threshold):
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def remove_near_duplicates(records: list[dict], field: str, same: str | None = None, threshold: float = 0.92,
                           window: int = 4) -> tuple[list[dict], Step]:
    """Step: drop a record whose `field` is >= threshold similar to an earlier kept one.

    With `same` (e.g. the expected answer), only pairs that also agree on that field count: two
    similar questions with different answers ("plano de 300" / "plano de 600") are both kept.
    """
    keys = [dedup_key(str(r.get(field) or "")) for r in records]
    dropped, examples = set(), []
    for i, j in near_duplicate_pairs(keys, threshold, window):
        if i not in dropped and j not in dropped and records[i].get(same) == records[j].get(same):
            dropped.add(j)
            if len(examples) < 3:
                examples.append((records[i].get(field), records[j].get(field)))
    out = [r for k, r in enumerate(records) if k not in dropped]
    return out, Step("quase duplicatas", len(records), len(out), examples=examples)
