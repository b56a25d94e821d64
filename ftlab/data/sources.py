"""Read the student's own file (JSONL, JSON, CSV) or in-memory table into rows, keeping where each came from.

Unlike `load_records`, nothing stops at the first bad line: every row is returned with its line number
and original text, and rows that cannot be parsed come back as `Rejected`, so that a strict caller can
raise on the first one and a lenient caller can keep the rest. Handles UTF-8 with or without BOM,
Latin-1/Windows-1252 files, ';' or ',' (or tab) as CSV delimiter, blank lines, JSON arrays, JSON
objects that wrap the list, and nested objects (flattened to "outer.inner" keys).
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ftlab.data.errors import DataError, describe
from ftlab.data.readers import BOM

IN_MEMORY = "<dados em memória>"  # the "path" of rows that come from a Dataset, DataFrame or list
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
DELIMITERS = (";", ",", "\t", "|")
WRAPPER_KEYS = ("data", "dados", "examples", "exemplos", "train", "rows", "records", "registros", "items")


@dataclass
class Row:
    """One record as read: its line in the file (None when unknown), its content and its original text."""

    line: int | None
    data: dict
    raw: str


@dataclass
class Rejected:
    """A row that could not become an example, and why (pt-BR)."""

    path: str
    line: int | None
    field: str | None
    why: str
    raw: str  # the row's original text, written to the rejects file

    def __str__(self) -> str:
        return describe(self.path, self.line, self.field, self.why)

    def error(self) -> DataError:
        return DataError(self.path, self.line, self.field, self.why)


@dataclass
class Source:
    """Everything read from one file: rows, unreadable rows, notes, and what the rejects file needs."""

    path: str
    kind: str  # "jsonl", "json" or "csv" (or "memória")
    rows: list[Row]
    rejected: list[Rejected]
    notes: list[str]
    header: str | None = None  # the CSV header line, repeated at the top of a CSV rejects file
    columns: list[str] | None = None  # the CSV header's names (known even when every row is bad)
    encoding: str = "utf-8"


def read_source(source) -> Source:
    """Rows of a file path, a datasets.Dataset, a pandas DataFrame or a list of dicts."""
    if isinstance(source, (str, Path)):
        return read_file(Path(source).expanduser())
    return read_memory(source)


def read_memory(table) -> Source:
    """Rows of an in-memory table; numbered from 1 like lines."""
    if hasattr(table, "to_dict") and hasattr(table, "columns"):  # pandas DataFrame
        items = table.to_dict(orient="records")
    else:  # datasets.Dataset or any iterable of dicts
        items = list(table)
    rows, rejected = [], []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append(Row(number, flatten(item), json.dumps(item, ensure_ascii=False, default=str)))
        else:
            rejected.append(
                Rejected(IN_MEMORY, number, None, "cada exemplo deve ser um objeto (dict)", str(item))
            )
    return Source(IN_MEMORY, "memória", rows, rejected, [])


def read_file(path: Path) -> Source:
    """Rows of one file, by its suffix (a .json file may hold an array, a wrapping object or JSON lines)."""
    suffix = path.suffix.lower()
    if suffix not in JSON_SUFFIXES + CSV_SUFFIXES:
        raise DataError(
            path, None, None, f"formato '{suffix or 'sem extensão'}' não suportado; use .jsonl, .json ou .csv"
        )
    text, notes, encoding = read_text(path)
    if suffix in CSV_SUFFIXES:
        source = read_csv(path, text)
    elif suffix == ".json" and text.lstrip().startswith("["):
        source = read_json_array(path, text, text.index("["))
    elif suffix == ".json" and whole_object(text) is not None:
        source = read_wrapped(path, text, whole_object(text))
    else:
        source = read_jsonl(path, text)
    source.notes[:0], source.encoding = notes, encoding
    if not source.rows and not source.rejected:
        raise DataError(path, None, None, "o arquivo não tem nenhum registro (só linhas em branco)")
    return source


# --- bytes to text ---------------------------------------------------------------------------------


def read_text(path: Path) -> tuple[str, list[str], str]:
    """(text with \\n line ends, notes, encoding). UTF-8 lines stay UTF-8; other lines are read as
    Windows-1252 (Latin-1), and the note says which."""
    if not path.is_file():
        raise DataError(path, None, None, "arquivo não encontrado")
    data, notes = path.read_bytes(), []
    if data.startswith(BOM):
        data = data[len(BOM) :]
        notes.append("BOM (marca U+FEFF) removido do início do arquivo")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        notes.append("arquivo em UTF-16, convertido")
        data = data.decode("utf-16").encode("utf-8")
    if not data.strip():
        raise DataError(path, None, None, "o arquivo está vazio")
    lines, fallback = decode_lines(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"))
    encoding = "utf-8"
    if fallback:
        encoding = "cp1252" if len(fallback) == sum(not is_ascii(x) for x in data.split(b"\n")) else "utf-8"
        notes.append(latin_note(fallback, encoding))
    return "\n".join(lines), notes, encoding


def is_ascii(raw: bytes) -> bool:
    return all(byte < 128 for byte in raw)


def decode_lines(raws: list[bytes]) -> tuple[list[str], list[int]]:
    """Each line decoded as UTF-8, else as Windows-1252 (else Latin-1); returns the fallback line numbers."""
    lines, fallback = [], []
    for number, raw in enumerate(raws, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            fallback.append(number)
            try:
                lines.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(raw.decode("latin-1"))
    return lines, fallback


def latin_note(fallback: list[int], encoding: str) -> str:
    if encoding == "cp1252":
        return (
            "o arquivo não está em UTF-8: foi lido como Latin-1 (Windows-1252). Confira os acentos; "
            "se aparecerem trocados, salve o arquivo como UTF-8"
        )
    shown = ", ".join(map(str, fallback[:10])) + (" ..." if len(fallback) > 10 else "")
    return f"linhas {shown} não estão em UTF-8 e foram lidas como Latin-1 (Windows-1252); confira os acentos"


# --- JSON ------------------------------------------------------------------------------------------


def flatten(record: dict, prefix: str = "") -> dict:
    """Nested objects become dotted keys: {"a": {"b": 1}} -> {"a.b": 1}. Lists stay as they are."""
    flat = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def json_problem(err: json.JSONDecodeError) -> str:
    return (
        f"JSON malformado perto da coluna {err.colno} ({err.msg}); confira aspas, vírgulas e chaves "
        "(cada exemplo deve ser um objeto completo)"
    )


def row_or_rejected(path: Path, line: int, value, raw: str):
    if isinstance(value, dict):
        return Row(line, flatten(value), raw)
    return Rejected(str(path), line, None, "cada exemplo deve ser um objeto JSON entre chaves { }", raw)


def read_jsonl(path: Path, text: str) -> Source:
    """One JSON object per non-blank line."""
    source = Source(str(path), "jsonl", [], [], [])
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = row_or_rejected(path, number, json.loads(line), line)
        except json.JSONDecodeError as err:
            item = Rejected(str(path), number, None, json_problem(err), line)
        (source.rows if isinstance(item, Row) else source.rejected).append(item)
    return source


def whole_object(text: str) -> dict | None:
    """The file parsed as one JSON object, or None (then it is read as JSON lines)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def list_key(path: Path, obj: dict) -> str:
    """The key of the list of examples inside a wrapping object ({"data": [...]})."""
    lists = [
        key for key, value in obj.items() if isinstance(value, list) and value and isinstance(value[0], dict)
    ]
    if len(lists) == 1:
        return lists[0]
    preferred = [key for key in lists if key.lower() in WRAPPER_KEYS]
    if len(preferred) == 1:
        return preferred[0]
    if not lists:
        raise DataError(
            path,
            None,
            None,
            "o JSON é um único objeto sem lista de exemplos; use uma lista "
            "[{...}, {...}] ou um objeto por linha (.jsonl)",
        )
    raise DataError(
        path,
        None,
        None,
        f"o JSON tem várias listas ({', '.join(lists)}); deixe só a de "
        "exemplos ou passe a lista já aberta (por exemplo dados['treino'])",
    )


def read_wrapped(path: Path, text: str, obj: dict) -> Source:
    """An object holding the list of examples under one key."""
    key = list_key(path, obj)
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    source = read_json_array(path, text, match.end() - 1)
    source.notes.append(f'exemplos lidos da lista "{key}" do arquivo')
    return source


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


NEXT_OBJECT = re.compile(r"\n\s*\{")


def read_json_array(path: Path, text: str, start: int) -> Source:
    """The items of the JSON array opening at `start`, each with its line; a broken item is skipped up to
    the next line that opens an object, so one typo costs one example, not the whole file."""
    source, decoder = Source(str(path), "json", [], [], []), json.JSONDecoder()
    pos = skip(text, start + 1)
    while pos < len(text) and text[pos] != "]":
        try:
            value, end = decoder.raw_decode(text, pos)
            item = row_or_rejected(path, line_of(text, pos), value, text[pos:end])
        except json.JSONDecodeError as err:
            following = NEXT_OBJECT.search(text, max(err.pos, pos + 1))
            end = following.start() + 1 if following else len(text)
            raw = text[pos:end].rstrip().rstrip(",]").rstrip()
            item = Rejected(str(path), line_of(text, err.pos), None, json_problem(err), raw)
        (source.rows if isinstance(item, Row) else source.rejected).append(item)
        pos = skip(text, end)
    return source


def skip(text: str, pos: int) -> int:
    """Position of the next character that is not blank or a comma."""
    while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
        pos += 1
    return pos


# --- CSV -------------------------------------------------------------------------------------------


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most (';' from a pt-BR spreadsheet, ',' elsewhere)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def clean_header(path: Path, names: list[str]) -> list[str]:
    names = [name.strip().lstrip("\ufeff") for name in names]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise DataError(
            path,
            1,
            repeated[0],
            "o cabeçalho repete o nome de coluna; cada coluna precisa de um nome diferente",
        )
    return names


def read_csv(path: Path, text: str) -> Source:
    """One row per CSV record (quoted fields may span lines); the first non-blank line is the header."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    delimiter = sniff_delimiter(lines[first])
    if (
        lines[first].strip().lower().startswith("sep=") and len(lines[first].strip()) == 5
    ):  # Excel's hint line
        delimiter = lines[first].strip()[4]
        first = next(i for i, line in enumerate(lines) if line.strip() and i > first)
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=delimiter)
    names = clean_header(path, next(reader))
    source = Source(str(path), "csv", [], [], [], header=lines[first], columns=[n for n in names if n])
    if delimiter != ",":
        source.notes.append(f"CSV separado por {'tab' if delimiter == chr(9) else repr(delimiter)}")
    previous = reader.line_num
    for cells in reader:
        start, end, previous = first + previous + 1, first + reader.line_num, reader.line_num
        if any(cell.strip() for cell in cells):
            item = csv_row(path, names, cells, start, "\n".join(lines[start - 1 : end]))
            (source.rows if isinstance(item, Row) else source.rejected).append(item)
    return source


def columns(n: int) -> str:
    return "1 coluna" if n == 1 else f"{n} colunas"


def csv_row(path: Path, names: list[str], cells: list[str], line: int, raw: str):
    """A Row of the cells named by the header, or Rejected when the counts differ."""
    named = [n for n in names if n]
    extra = cells[len(names) :]
    if any(cell.strip() for cell in extra):
        why = (
            f"a linha tem {columns(len(cells))} e o cabeçalho {len(names)}: há um separador a mais dentro do "
            "texto? Coloque esse texto entre aspas"
        )
        return Rejected(str(path), line, None, why, raw)
    if len(cells) < len(named):
        missing = names[len(cells)]
        why = f"a linha tem {columns(len(cells))} e o cabeçalho {len(names)} (faltam valores)"
        return Rejected(str(path), line, missing, why, raw)
    return Row(line, {n: c for n, c in zip(names, cells, strict=False) if n}, raw)
