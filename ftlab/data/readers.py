"""Load JSONL and CSV files into records, validating every line before any cleaning happens.

Taught in notebooks/02_preparacao_dataset (Coleta: reading what was collected, and refusing what is broken).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from ftlab.data.errors import DataError
from ftlab.data.schema import PROMPT_COMPLETION, Field, field_problem

BOM = b"\xef\xbb\xbf"


class Records(list):
    """A list of record dicts that also remembers where it came from and what loading noticed."""

    def __init__(self, items=(), path: str = "", notes: list[str] | None = None):
        super().__init__(items)
        self.path = path  # file the records were read from
        self.notes = notes or []  # pt-BR remarks, e.g. "BOM removido do início do arquivo"


def load_records(path, schema: tuple[Field, ...] | None = PROMPT_COMPLETION,
                 keep_source: bool = False) -> Records:
    """Read a .jsonl or .csv file; raise DataError (file, line, field) on the first bad line.

    `schema` lists the required fields (None: accept any object). With `keep_source`, every record
    gets "_source": "<file>:<line>", so later cleaning steps can say which line they changed.
    The file is only read, never written. Taught in notebooks/02_preparacao_dataset.
    """
    path = Path(path)
    data, notes = read_bytes(path)
    parse = {".jsonl": parse_jsonl, ".json": parse_jsonl, ".csv": parse_csv}.get(path.suffix.lower())
    if parse is None:
        raise DataError(path, None, None, f"formato '{path.suffix}' não suportado; use .jsonl ou .csv")
    records = Records(path=str(path), notes=notes)
    for line, record in parse(path, data):
        validate(path, line, record, schema)
        if keep_source:
            record["_source"] = f"{path.name}:{line}"
        records.append(record)
    if not records:
        raise DataError(path, None, None, "o arquivo não tem nenhum registro (só linhas em branco)")
    return records


def read_bytes(path: Path) -> tuple[bytes, list[str]]:
    """File content without a UTF-8 BOM; empty or missing files are errors."""
    if not path.is_file():
        raise DataError(path, None, None, "arquivo não encontrado")
    data, notes = path.read_bytes(), []
    if data.startswith(BOM):
        data = data[len(BOM):]
        notes.append("BOM (marca U+FEFF) removido do início do arquivo")
    if not data.strip():
        raise DataError(path, None, None, "o arquivo está vazio")
    return data, notes


def decode_line(path: Path, number: int, raw: bytes) -> str:
    """UTF-8 text of one line; on bad bytes, name the byte, its position and (if found) the field."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        field = field_at(raw.decode("utf-8", errors="replace"), raw[: err.start].decode("utf-8", "replace"))
        problem = (f"byte 0x{raw[err.start]:02X} na posição {err.start + 1} não é UTF-8 "
                   "(o arquivo foi salvo em outra codificação, como Latin-1?). Salve-o como UTF-8.")
        raise DataError(path, number, field, problem) from None


KEY_BEFORE = re.compile(r'"([^"\\]+)"\s*:')


def field_at(line: str, prefix: str) -> str | None:
    """Name of the JSON key (or nothing) whose value contains position len(prefix) of `line`."""
    keys = KEY_BEFORE.findall(prefix)
    return keys[-1] if keys else None


def parse_jsonl(path: Path, data: bytes):
    """Yield (line number, dict) for each non-blank line."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        text = decode_line(path, number, raw)
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as err:
            problem = (f"JSON malformado perto da coluna {err.colno} (confira aspas, vírgulas e chaves; "
                       "cada linha deve ser um objeto completo)")
            raise DataError(path, number, field_at(text, text[: err.pos]), problem) from None
        if not isinstance(record, dict):
            raise DataError(path, number, None, "cada linha deve ser um objeto JSON entre chaves { }")
        yield number, record


def parse_csv(path: Path, data: bytes):
    """Yield (line number, dict) per CSV row; the header names the fields."""
    text = "\n".join(decode_line(path, n, raw) for n, raw in enumerate(data.split(b"\n"), start=1))
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if None in row:
            raise DataError(path, reader.line_num, None, "a linha tem mais colunas que o cabeçalho")
        if any(value is None for value in row.values()):
            missing = next(k for k, v in row.items() if v is None)
            raise DataError(path, reader.line_num, missing, "a linha tem menos colunas que o cabeçalho")
        if any(value.strip() for value in row.values()):
            yield reader.line_num, dict(row)


def validate(path: Path, line: int, record: dict, schema: tuple[Field, ...] | None) -> None:
    for field in schema or ():
        problem = field_problem(record, field)
        if problem:
            raise DataError(path, line, field.name, problem)
