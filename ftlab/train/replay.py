"""Replay: mix a fraction of general Portuguese text into the fine-tuning set, against forgetting.

The general text comes from data/general/replay.jsonl: paragraphs of the base model's own
pre-training *train* documents (what the model learned Portuguese from). The paragraphs that
MEASURE forgetting, data/general/heldout.jsonl, come from other documents that the model never saw;
`load_replay_pool` refuses a pool that shares a paragraph with them, so a replay run never trains on
the text it is judged on. `python -m ftlab.train.replay` rebuilds the pool from the Debian packages.

A replayed paragraph has no prompt/completion split, so it becomes a record with an empty prompt
and the whole paragraph as the completion: the loss covers every token of it. That is exactly the
next-token objective of pre-training, which is the knowledge replay is meant to keep exercised;
an artificial split (first half as prompt) would leave half of each paragraph without any
gradient and make a given replay fraction weaker for no reason.

Taught in notebooks/05_desafios (catastrophic forgetting and its remedies).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

REPLAY_FILE = "general/replay.jsonl"
HELDOUT_FILE = "general/heldout.jsonl"
POOL_SIZE = 400  # paragraphs written to the pool (25% replay of the largest training set needs < 250)


def replay_record(text: str) -> dict:
    """A general paragraph as a training record: empty prompt, loss on the whole text."""
    return {"prompt": "", "completion": text, "source": "replay"}


def n_replay(n_task: int, fraction: float) -> int:
    """General records to add so that they are `fraction` of the mixed set (at least 1 when > 0).

    fraction is the share of *examples*, not of tokens: a general paragraph (median ~55 tokens on the
    tiny tokenizer) is longer than a classification label, so its share of the scored tokens is larger.
    """
    if not 0 <= fraction < 1:
        raise ValueError(f"replay deve estar em [0, 1) (recebido {fraction})")
    if fraction == 0 or n_task == 0:
        return 0
    return max(1, round(n_task * fraction / (1 - fraction)))


def mix_replay(train_records: list[dict], fraction: float, seed: int = 0, pool: list[str] | None = None
               ) -> list[dict]:
    """`train_records` plus general paragraphs making up `fraction` of the result, shuffled with `seed`.

    The task records are returned unchanged (same list, same order) when fraction is 0.
    Taught in notebooks/05_desafios.
    """
    train_records = list(train_records)
    wanted = n_replay(len(train_records), fraction)
    if wanted == 0:
        return train_records
    pool = load_replay_pool() if pool is None else pool
    rng = random.Random(seed)
    texts = rng.sample(pool, min(wanted, len(pool)))
    mixed = train_records + [replay_record(text) for text in texts]
    rng.shuffle(mixed)
    return mixed


def replay_token_share(records: list[dict], tokenizer) -> float:
    """Share of the scored (completion) tokens that belong to replayed general text."""
    counts = {True: 0, False: 0}
    for record in records:
        n_tokens = len(tokenizer(record["completion"], add_special_tokens=False)["input_ids"])
        counts[record.get("source") == "replay"] += n_tokens
    total = counts[True] + counts[False]
    return counts[True] / total if total else 0.0


def _texts(path: Path) -> list[str]:
    from ftlab.data.readers import load_records
    from ftlab.data.schema import Field

    return [record["text"] for record in load_records(path, schema=(Field("text"),))]


def load_replay_pool(directory=None) -> list[str]:
    """The replay paragraphs; raises ValueError if any of them is a held-out (measuring) paragraph."""
    from ftlab.data.tasks import data_dir

    directory = Path(directory or data_dir())
    pool = _texts(directory / REPLAY_FILE)
    shared = set(pool) & set(_texts(directory / HELDOUT_FILE))
    if shared:
        raise ValueError(f"{len(shared)} parágrafos de replay também estão em {HELDOUT_FILE}: "
                         "o esquecimento seria medido em texto de treino")
    return pool


def build_replay_pool(seed: int = 0, size: int = POOL_SIZE) -> list[dict]:
    """Paragraphs (30-200 words) of the pre-training train documents, a seeded sample of `size`.

    Re-runs the pre-training split (same seed and sizes as the shipped model) so that the pool comes
    only from documents the model trained on, never from the held-out or validation documents.
    """
    from ftlab.pretrain.config import PretrainConfig
    from ftlab.pretrain.corpus import build_documents
    from ftlab.pretrain.splits import long_paragraphs, split_documents

    config = PretrainConfig()
    splits = split_documents(build_documents(), config.seed, config.val_fraction, config.heldout_paragraphs)
    heldout = {record["text"] for record in splits.heldout}
    unique = {r["text"]: r for doc in splits.train for r in long_paragraphs(doc)}  # repeats inside a document
    candidates = [r for text, r in unique.items() if text not in heldout]
    return random.Random(seed).sample(candidates, min(size, len(candidates)))


def write_replay_pool(path: Path) -> None:
    """Write build_replay_pool() as JSONL, one {"text", "source"} per line."""
    lines = (json.dumps(record, ensure_ascii=False) for record in build_replay_pool())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from ftlab.data.tasks import data_dir

    write_replay_pool(data_dir() / REPLAY_FILE)
    print(f"escrito: {data_dir() / REPLAY_FILE}")
