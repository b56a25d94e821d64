"""Seeded document-level split: train, val, and general paragraphs held out for forgetting."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from ftlab.pretrain.corpus import Document

MIN_WORDS, MAX_WORDS = 30, 200  # length of a held-out general paragraph


@dataclass
class CorpusSplits:
    """Documents for training and validation, and held-out paragraphs never trained on."""

    train: list[Document]
    val: list[Document]
    heldout: list[dict]  # {"text", "source"} paragraphs from documents outside train and val


def long_paragraphs(doc: Document) -> list[dict]:
    """The paragraphs of `doc` with MIN_WORDS..MAX_WORDS words, as heldout records."""
    return [
        {"text": p, "source": doc.source}
        for p in doc.paragraphs
        if MIN_WORDS <= len(p.split()) <= MAX_WORDS
    ]


def split_documents(docs: list[Document], seed: int, val_fraction: float, n_heldout: int) -> CorpusSplits:
    """Shuffle documents with `seed`; take whole documents for heldout, then val, then train."""
    order = sorted(docs, key=lambda d: d.doc_id)
    random.Random(seed).shuffle(order)
    heldout, taken = [], 0
    while len(heldout) < n_heldout and taken < len(order) // 4:
        heldout.extend(long_paragraphs(order[taken]))
        taken += 1
    rest = order[taken:]
    n_val = max(1, round(len(rest) * val_fraction))
    return CorpusSplits(train=rest[n_val:], val=rest[:n_val], heldout=heldout[:n_heldout])


def write_heldout(records: list[dict], path: Path) -> None:
    """Write the held-out paragraphs as JSONL, one {"text", "source"} per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
