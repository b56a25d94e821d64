"""What a valid record looks like: the fields of each file kind, their types and whether they may be empty.

Taught in notebooks/02_preparacao_dataset (validation before cleaning).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One expected field of a record."""

    name: str  # key in the JSON object / column in the CSV header
    type: type = str  # expected Python type after parsing
    allow_empty: bool = False  # True: "" and null are accepted (the cleaner deals with them later)


# A prompt/completion file, as the student writes it: both fields present, strings, not empty.
PROMPT_COMPLETION = (Field("prompt"), Field("completion"))

# The raw support-ticket export in data/raw/: structure must be right, content may be faulty.
RAW_TICKETS = (
    Field("id"),
    Field("mensagem", allow_empty=True),
    Field("categoria", allow_empty=True),
    Field("resposta", allow_empty=True),
    Field("grupo"),
)

TYPE_NAMES = {str: "texto", int: "número inteiro", float: "número", bool: "verdadeiro/falso",
              list: "lista", dict: "objeto"}


def type_name(value_or_type) -> str:
    """pt-BR name of a Python type (or of a value's type), for error messages."""
    kind = value_or_type if isinstance(value_or_type, type) else type(value_or_type)
    return "nulo (null)" if value_or_type is None else TYPE_NAMES.get(kind, kind.__name__)


def field_problem(record: dict, field: Field) -> str | None:
    """Why `record` breaks `field` (pt-BR), or None when it is fine."""
    if field.name not in record:
        return "campo obrigatório ausente"
    value = record[field.name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None if field.allow_empty else "está vazio; todo exemplo precisa desse texto"
    if not isinstance(value, field.type):
        return f"tipo errado: esperava {type_name(field.type)}, encontrei {type_name(value)} ({value!r:.40})"
    return None
