"""load_examples: the student's own data, in the format they already have, as prompt/completion examples.

    examples = load_examples("meus_dados.csv")                # strict: stops at the first bad line
    examples = load_examples("meus_dados.csv", lenient=True)  # keeps the valid lines, reports the others

Reads JSONL, JSON, CSV, a datasets.Dataset, a pandas DataFrame or a list of dicts (ftlab.data.sources);
recognises the columns (ftlab.data.mapping); turns every row into {"prompt", "completion"} (plus "label"
for classification) with the completion's leading space handled. In lenient mode, every bad row is
reported (file, line, field, why) and written to a new file beside the original; the original is only read.
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ftlab.data.chat import normalize_messages, render_chat
from ftlab.data.errors import DataError
from ftlab.data.mapping import Mapping, detect
from ftlab.data.own import spaced
from ftlab.data.schema import type_name
from ftlab.data.sources import IN_MEMORY, Rejected, Row, Source, read_source

# prompt patterns of the formats that are not prompt/completion already; {text} is the input column
PROMPTS = {
    "classificacao": "Texto: {text}\nCategoria:",
    "pergunta_resposta": "Pergunta: {text}\nResposta:",
}
LENIENT_HINT = " (para manter as linhas boas e separar as ruins, use lenient=True)"


class Examples(list):
    """prompt/completion examples that remember their source, task kind, column mapping and rejected rows."""

    def __init__(
        self,
        items=(),
        *,
        path: str = IN_MEMORY,
        kind: str = "resposta",
        mapping: Mapping | None = None,
        rejected=(),
        notes=(),
        rejects_path: str | None = None,
    ):
        super().__init__(items)
        self.path = path  # file read (or IN_MEMORY)
        self.kind = kind  # "classificacao" (a label per example) or "resposta" (free text to generate)
        self.mapping = mapping  # detected format and columns
        self.rejected = list(rejected)  # Rejected rows (lenient mode), in file order
        self.notes = list(notes)  # pt-BR remarks on reading (encoding, delimiter, format)
        self.rejects_path = rejects_path  # the new file holding the rejected rows, if any

    def replaced(self, items) -> Examples:
        """A copy with other items and the same source information (what cleaning returns)."""
        return Examples(
            items,
            path=self.path,
            kind=self.kind,
            mapping=self.mapping,
            rejected=self.rejected,
            notes=self.notes,
            rejects_path=self.rejects_path,
        )

    @property
    def labels(self) -> list[str]:
        """The distinct labels, most frequent first (empty for generation)."""
        return [label for label, _ in Counter(e["label"] for e in self if "label" in e).most_common()]

    def summary(self) -> str:
        """pt-BR account of the reading: how many examples, which format, what was rejected and where."""
        task = "classificação" if self.kind == "classificacao" else "geração de texto"
        lines = [
            f"{len(self)} exemplos lidos de {Path(self.path).name} ({task}; "
            f"{self.mapping.describe() if self.mapping else 'formato desconhecido'})"
        ]
        if self.kind == "classificacao":
            lines.append(f"{len(self.labels)} rótulos: {', '.join(self.labels[:12])}")
        lines += [f"obs.: {note}" for note in self.notes]
        if self.rejected:
            lines.append(f"{len(self.rejected)} linhas rejeitadas:")
            lines += [f"  - {bad}" for bad in self.rejected]
            if self.rejects_path:
                lines.append(
                    f"linhas rejeitadas gravadas em {self.rejects_path} (o original não foi alterado)"
                )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Examples({len(self)} exemplos, kind={self.kind!r}, rejeitados={len(self.rejected)})"


def load_examples(
    source,
    *,
    fields: dict | None = None,
    kind: str | None = None,
    lenient: bool = False,
    tokenizer=None,
    prompt: str | None = None,
) -> Examples:
    """The examples of `source` (a path, datasets.Dataset, DataFrame or list of dicts).

    `fields` maps parts to columns when the names are not recognised: {"text": "descricao", "label": "setor"};
    `kind` forces "classificacao" or "resposta"; `tokenizer` renders chat messages with its chat template;
    `prompt` replaces the prompt pattern of text+label or question+answer data: "Queixa: {text}\\nSetor:".
    Strict by default (DataError naming file, line and field at the first bad row); `lenient=True` keeps the
    valid rows, lists every bad one in `.rejected` and writes them to a new file beside the original.
    Taught in notebooks/08_seu_projeto.
    """
    source_rows = read_source(source)
    mapping = detect(
        columns_of(source_rows), source_rows.path, fields, kind, [r.data for r in source_rows.rows]
    )
    examples, rejected = convert_rows(source_rows, mapping, tokenizer, prompt)
    rejected = sorted(source_rows.rejected + rejected, key=lambda r: r.line or 0)
    if rejected and not lenient:
        first = rejected[0]
        raise DataError(first.path, first.line, first.field, first.why + LENIENT_HINT)
    if not examples:
        raise DataError(source_rows.path, None, None, "nenhuma linha válida: " + str(rejected[0]))
    notes = [*source_rows.notes, mapping.describe()]
    result = Examples(
        examples, path=source_rows.path, kind=mapping.kind, mapping=mapping, rejected=rejected, notes=notes
    )
    result = settle_kind(result, kind)
    if rejected and source_rows.path != IN_MEMORY:
        result.rejects_path = str(write_rejects(source_rows, rejected))
    return result


def columns_of(source: Source) -> list[str]:
    """The CSV header's names, or every key seen in the rows, in order of first appearance."""
    return source.columns or list(dict.fromkeys(key for row in source.rows for key in row.data))


def convert_rows(source: Source, mapping: Mapping, tokenizer, prompt: str | None):
    """(examples, rejected) from the rows, by the mapping's format."""
    examples, rejected = [], []
    name = Path(source.path).name
    for row in source.rows:
        try:
            example = to_example(row, mapping, tokenizer, prompt)
        except RowProblem as problem:
            rejected.append(Rejected(source.path, row.line, problem.field, problem.why, row.raw))
            continue
        example["_source"] = f"{name}:{row.line}"
        examples.append(example)
    return examples, rejected


class RowProblem(Exception):
    """Why one row cannot become an example (caught by convert_rows)."""

    def __init__(self, field: str | None, why: str):
        super().__init__(why)
        self.field, self.why = field, why


def text_of(row: Row, column: str, optional: bool = False) -> str:
    """The row's text in `column`; numbers become text; missing, empty or non-text values raise RowProblem."""
    if column not in row.data:
        if optional:
            return ""
        raise RowProblem(column, "campo obrigatório ausente")
    value = row.data[column]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:  # not NaN
        value = str(int(value)) if float(value).is_integer() else str(value)
    if value is None or isinstance(value, float) or (isinstance(value, str) and not value.strip()):
        if optional:
            return ""
        raise RowProblem(column, "está vazio; todo exemplo precisa desse texto")
    if not isinstance(value, str):
        raise RowProblem(column, f"tipo errado: esperava texto, encontrei {type_name(value)} ({value!r:.40})")
    return value


def to_example(row: Row, mapping: Mapping, tokenizer, prompt: str | None) -> dict:
    """One row as {"prompt", "completion"} (+ "label") in the mapping's format."""
    col, fmt = mapping.columns, mapping.format
    if fmt == "chat":
        messages, why = normalize_messages(row.data.get(col["messages"]))
        if why:
            raise RowProblem(col["messages"], why)
        return pair(*render_chat(messages, tokenizer))
    if fmt == "prompt_completion":
        return pair(text_of(row, col["prompt"]), text_of(row, col["completion"]))
    if fmt == "instrucao":
        extra = text_of(row, col["input"], optional=True) if "input" in col else ""
        lines = [f"Instrução: {text_of(row, col['instruction']).strip()}"]
        lines += [f"Entrada: {extra.strip()}"] if extra.strip() else []
        return pair("\n".join(lines + ["Resposta:"]), text_of(row, col["output"]))
    target = col["label"] if fmt == "classificacao" else col["answer"]
    text, answer = text_of(row, col["text"]).strip(), text_of(row, target).strip()
    example = pair((prompt or PROMPTS[fmt]).format(text=text), answer)
    if fmt == "classificacao":
        example["label"] = answer
    return example


def pair(prompt: str, completion: str) -> dict:
    prompt, completion = spaced(prompt, completion)
    return {"prompt": prompt, "completion": completion}


def looks_like_labels(completions: list[str]) -> bool:
    """True when the completions are a few short values repeated many times: a classification in disguise."""
    values = [c.strip() for c in completions]
    distinct = set(values)
    return (
        len(values) >= 8
        and 2 <= len(distinct) <= len(values) / 4
        and all(len(v.split()) <= 4 for v in distinct)
    )


def settle_kind(examples: Examples, kind: str | None) -> Examples:
    """Classification when asked, or when prompt/completion (or chat) data answers with a few labels."""
    wanted = kind or ("classificacao" if looks_like_labels([e["completion"] for e in examples]) else None)
    if wanted != "classificacao" or examples.kind == "classificacao":
        return examples
    for example in examples:
        example["label"] = example["completion"].strip()
    examples.kind = "classificacao"
    examples.notes.append("as respostas são poucos valores repetidos: tratado como classificação")
    return examples


def rejects_file(path: Path, suffix: str) -> Path:
    """A new file beside `path`: x.rejeitados.csv, else x.rejeitados-2.csv, ... (never an existing one)."""
    for attempt in range(1, 1000):
        tag = "" if attempt == 1 else f"-{attempt}"
        candidate = path.with_name(f"{path.stem}.rejeitados{tag}{suffix}")
        if not candidate.exists():
            return candidate
    raise DataError(path, None, None, "há arquivos de rejeitados demais nesta pasta; apague os antigos")


def write_rejects(source: Source, rejected: list[Rejected]) -> Path:
    """Write the rejected rows, as they were in the file, to a new file beside it (CSV keeps its header)."""
    path = Path(source.path)
    raws = [bad.raw for bad in rejected]
    if source.kind == "csv":
        text = "\n".join([source.header or "", *raws]) + "\n"
    elif source.kind == "json":
        text = "[\n" + ",\n".join(raws) + "\n]\n"
    else:
        text = "\n".join(raws) + "\n"
    target = rejects_file(path, path.suffix)
    with open(target, "x", encoding=source.encoding, errors="replace", newline="\n") as handle:
        handle.write(text)
    return target
