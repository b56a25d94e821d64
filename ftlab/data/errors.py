"""The one error type of ftlab.data: bad input, explained in pt-BR with file, line and field."""

from __future__ import annotations


class DataError(ValueError):
    """Bad input data. The message names the file, the line and the field, in pt-BR.

    Taught in notebooks/02_preparacao_dataset (reading what a validator says about a broken file).
    """

    def __init__(self, path, line: int | None, field: str | None, problem: str):
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        super().__init__(describe(self.path, line, field, problem))


def describe(path: str, line: int | None, field: str | None, problem: str) -> str:
    """'Arquivo "x.jsonl", linha 3, campo "completion": <problem>' (parts omitted when unknown)."""
    where = [f'arquivo "{path}"']
    if line is not None:
        where.append(f"linha {line}")
    if field is not None:
        where.append(f'campo "{field}"')
    text = ", ".join(where)
    return f"{text[0].upper()}{text[1:]}: {problem}"  # not capitalize(): it lowercases names and paths
