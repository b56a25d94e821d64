"""Write records as JSONL, refusing to write over an existing file (above all, over the input).

Taught in notebooks/02_preparacao_dataset (Estruturação: the prompt/completion JSONL file).
"""

from __future__ import annotations

import json
from pathlib import Path

from ftlab.data.errors import DataError


def to_jsonl_line(record: dict, fields=("prompt", "completion")) -> str:
    """One JSON object on one line, with only `fields` (None: every field), accents kept readable."""
    chosen = record if fields is None else {k: record[k] for k in fields}
    return json.dumps(chosen, ensure_ascii=False)


def save_jsonl(records: list[dict], path, fields=("prompt", "completion"), overwrite: bool = False) -> Path:
    """Write one line per record; an existing file is an error unless `overwrite` is True."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise DataError(path, None, None, "o arquivo já existe; escolha outro nome ou passe overwrite=True")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(to_jsonl_line(record, fields) + "\n")
    return path
