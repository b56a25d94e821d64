"""General Portuguese text held out from the base model's pre-training, to measure forgetting.

The model agent writes data/general/heldout.jsonl (one {"text": ...} object per line, optionally with
"split"). Taught in notebooks/05_desafios (catastrophic forgetting).
"""

from __future__ import annotations

from pathlib import Path

from ftlab.data.readers import load_records
from ftlab.data.schema import Field
from ftlab.data.tasks import data_dir

GENERAL_FILE = "general/heldout.jsonl"


def load_general_text(split: str = "test", path=None) -> list[str]:
    """The held-out texts of `split` (files without a "split" field count as all "test")."""
    records = load_records(Path(path or data_dir() / GENERAL_FILE), schema=(Field("text"),))
    if not any("split" in r for r in records):
        return [r["text"] for r in records] if split == "test" else []
    return [r["text"] for r in records if r.get("split") == split]
