"""Seeded train/val/test splits: whole phrasings held out for the test and for validation.

Taught in notebooks/02_preparacao_dataset and 04_avaliacao (a test set the model never saw).
"""

from __future__ import annotations

import random
from collections import defaultdict


def by_key(records: list[dict], key: str) -> dict:
    groups = defaultdict(list)
    for record in records:
        groups[record.get(key)].append(record)
    return groups


def groups_by_theme(records: list[dict]) -> dict:
    """theme ("tema") -> sorted phrasing groups ("grupo") of that theme."""
    themes = defaultdict(set)
    for record in records:
        themes[record.get("tema")].add(record.get("grupo"))
    return {theme: sorted(groups) for theme, groups in sorted(themes.items(), key=lambda item: str(item[0]))}


def held_out_groups(records: list[dict], rng: random.Random, keep: int = 1) -> set:
    """One phrasing group per theme, drawn with `rng`, from themes that keep `keep` groups for training."""
    return {rng.choice(groups) for groups in groups_by_theme(records).values() if len(groups) > keep}


def split_by_groups(records: list[dict], groups: set) -> tuple[list[dict], list[dict]]:
    """(records whose group is in `groups`, the others)."""
    inside = [r for r in records if r["grupo"] in groups]
    return inside, [r for r in records if r["grupo"] not in groups]


def stratified_take(records: list[dict], fraction: float, rng: random.Random, key: str | None):
    """(taken, rest): `fraction` of each `key` class (or of everything when key is None), seeded."""
    taken, rest = [], []
    classes = by_key(records, key) if key else {None: records}
    for _, members in sorted(classes.items(), key=lambda item: str(item[0])):
        members = list(members)
        rng.shuffle(members)
        cut = round(len(members) * fraction)
        taken += members[:cut]
        rest += members[cut:]
    return taken, rest


def split_records(records: list[dict], seed: int = 0, val_fraction: float = 0.15,
                  test_fraction: float = 0.2, key: str | None = "label"):
    """(train, val, test), seeded.

    Records with "tema"/"grupo" get whole phrasings held out: one phrasing per theme goes to the test
    and another one to validation, so that the checkpoint, early stopping and the overfitting band are
    chosen on new phrasings, as the final test score is. Other records get a stratified random
    `test_fraction`, then `val_fraction` of the rest. Taught in notebooks/04_avaliacao.
    """
    rng = random.Random(seed)
    if records and all("grupo" in r for r in records):
        test, rest = split_by_groups(records, held_out_groups(records, rng))
        val, train = split_by_groups(rest, held_out_groups(rest, rng, keep=1))
    else:
        test, rest = stratified_take(records, test_fraction, rng, key)
        val, train = stratified_take(rest, val_fraction, rng, key)
    return rng_sorted(train, rng), rng_sorted(val, rng), rng_sorted(test, rng)


def rng_sorted(records: list[dict], rng: random.Random) -> list[dict]:
    """A seeded shuffle: deterministic order that does not follow the file's order."""
    records = list(records)
    rng.shuffle(records)
    return records


def subsample(records: list[dict], n: int | None, seed: int = 0, key: str | None = "label") -> list[dict]:
    """`n` records, stratified by `key` (each class keeps its share), seeded; all of them when n is None."""
    if n is None or n >= len(records):
        return list(records)
    rng = random.Random(seed)
    taken, rest = stratified_take(records, n / len(records), rng, key)
    taken = rng_sorted(taken, rng)[:n] + rng_sorted(rest, rng)[: max(0, n - len(taken))]
    return rng_sorted(taken, rng)
