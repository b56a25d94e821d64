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
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


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


def numbers_in(text: str) -> list[str]:
    """The numbers a text states, in order: a plan ("Nuvem 600"), a price ("119,90"), a date."""
    return NUMBER.findall(text)


def cleanliness(text: str) -> tuple[int, int]:
    """How clean a text is written: fewer known misspellings first, then more accented letters."""
    from ftlab.data.text import SPELLING, WORD

    misspelled = sum(word.lower() in SPELLING for word in WORD.findall(text))
    accented = sum(ch != unicodedata.normalize("NFKD", ch)[0] for ch in text)
    return -misspelled, accented


def may_merge(a: dict, b: dict, field: str, same: str | None) -> bool:
    """Two similar records are one only when they agree on `same` and state the same numbers."""
    agree = same is None or a.get(same) == b.get(same)
    return agree and numbers_in(str(a.get(field) or "")) == numbers_in(str(b.get(field) or ""))


def remove_near_duplicates(records: list[dict], field: str, same: str | None = None, threshold: float = 0.92,
                           window: int = 4) -> tuple[list[dict], Step]:
    """Step: of two records whose `field` is >= threshold similar, keep the more cleanly written one.

    Messages that state different numbers are never merged ("Nuvem 300" / "Nuvem 600", two prices),
    nor, with `same` (e.g. the expected answer), two that disagree on that field.
    """
    keys = [dedup_key(str(r.get(field) or "")) for r in records]
    dropped, examples = set(), []
    for i, j in near_duplicate_pairs(keys, threshold, window):
        if i in dropped or j in dropped or not may_merge(records[i], records[j], field, same):
            continue
        texts = str(records[i].get(field) or ""), str(records[j].get(field) or "")
        keep, drop = (i, j) if cleanliness(texts[0]) >= cleanliness(texts[1]) else (j, i)
        dropped.add(drop)
        if len(examples) < 3:
            examples.append((records[keep].get(field), records[drop].get(field)))
    out = [r for k, r in enumerate(records) if k not in dropped]
    return out, Step("quase duplicatas", len(records), len(out), examples=examples)
