"""Seeded train/val/test splits: stratified by label, with whole phrasings held out for the test.

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


def held_out_groups(records: list[dict], rng: random.Random) -> set:
    """One phrasing group ("grupo") per theme ("tema"), drawn with `rng`: their records form the test set."""
    themes = defaultdict(set)
    for record in records:
        themes[record.get("tema")].add(record.get("grupo"))
    return {rng.choice(sorted(groups)) for _, groups in sorted(themes.items()) if len(groups) > 1}


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
    """(train, val, test). Records with "tema"/"grupo" get whole phrasings held out for test; others a
    stratified random `test_fraction`. Validation is a stratified `val_fraction` of the rest."""
    rng = random.Random(seed)
    if all("grupo" in r for r in records):
        test_groups = held_out_groups(records, rng)
        test = [r for r in records if r["grupo"] in test_groups]
        rest = [r for r in records if r["grupo"] not in test_groups]
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
