"""Which column plays which part: recognise the formats people already have, by their column names.

Formats, tried in this order: chat `messages` (OpenAI fine-tuning and Hugging Face chat), prompt/completion
(the lesson's), instruction/input/output (Alpaca), text + label (classification), question + answer.
Names are matched without case, accents or separators, in English and Portuguese; nested keys match by
their last part ("dados.texto" counts as "texto"). When two columns could play the same part, or the
columns fit two tasks, a pt-BR DataError says which and how to choose with `fields=`.
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ftlab.data.errors import DataError

# part -> accepted column names (normalised: lower case, no accents, "_" for separators), best first
SYNONYMS = {
    "messages": ("messages", "conversations", "conversation", "mensagens", "conversa", "dialogo", "chat"),
    "prompt": ("prompt",),
    "completion": ("completion", "response", "resposta", "answer", "output", "saida", "chosen"),
    "instruction": ("instruction", "instrucao", "instrucoes"),
    "input": ("input", "entrada", "context", "contexto"),
    "output": ("output", "saida", "response", "resposta"),
    "text": (
        "text",
        "texto",
        "input",
        "entrada",
        "mensagem",
        "message",
        "frase",
        "sentence",
        "sentenca",
        "comentario",
        "comment",
        "review",
        "avaliacao",
        "conteudo",
        "content",
        "descricao",
        "description",
        "relato",
        "documento",
        "document",
        "pergunta",
        "question",
        "query",
        "consulta",
        "pedido",
        "solicitacao",
        "reclamacao",
        "tweet",
        "post",
    ),
    "label": (
        "label",
        "labels",
        "rotulo",
        "categoria",
        "category",
        "classe",
        "class",
        "sentimento",
        "sentiment",
        "target",
        "alvo",
        "tag",
        "intencao",
        "intent",
        "tipo",
        "assunto",
        "topico",
        "topic",
        "tema",
        "setor",
        "area",
        "departamento",
        "polaridade",
        "classificacao",
        "categorias",
        "resultado",
    ),
    "answer": (
        "answer",
        "resposta",
        "response",
        "output",
        "saida",
        "reply",
        "resposta_esperada",
        "solucao",
        "retorno",
        "resumo",
        "summary",
        "traducao",
        "translation",
    ),
}

# format name -> (required parts, optional parts, kind of task it makes, pt-BR description)
FORMATS = {
    "chat": (("messages",), (), "resposta", "conversa (lista messages com role/content)"),
    "prompt_completion": (("prompt", "completion"), (), "resposta", "prompt/completion"),
    "instrucao": (("instruction", "output"), ("input",), "resposta", "instrução/entrada/saída (Alpaca)"),
    "classificacao": (("text", "label"), (), "classificacao", "texto + rótulo (classificação)"),
    "pergunta_resposta": (("text", "answer"), (), "resposta", "pergunta + resposta (geração)"),
}
PART_NAMES = {
    "messages": "conversa",
    "prompt": "prompt",
    "completion": "completion",
    "instruction": "instrução",
    "input": "entrada",
    "output": "saída",
    "text": "texto de entrada",
    "label": "rótulo",
    "answer": "resposta",
}
SEPARATORS = re.compile(r"[^a-z0-9]+")  # after lower case and accents: anything else separates words


def normalize_name(name: str) -> str:
    """ "Categoria " -> "categoria", "Instrução" -> "instrucao", "Texto-Original" -> "texto_original"."""
    plain = unicodedata.normalize("NFKD", str(name).strip().lower()).encode("ascii", "ignore").decode()
    return SEPARATORS.sub("_", plain).strip("_")


def name_forms(column: str) -> set[str]:
    """The normalised forms a column answers to: its full name and the last part of a nested key."""
    return {normalize_name(column), normalize_name(column.rsplit(".", 1)[-1])}


@dataclass(frozen=True)
class Mapping:
    """The detected format and which column plays each part."""

    format: str  # a key of FORMATS
    columns: dict  # part -> column name in the data
    guessed: bool = False  # True when the values, not the names, chose the columns

    @property
    def kind(self) -> str:
        """ "classificacao" or "resposta" (generation), as the course names its tasks."""
        return FORMATS[self.format][2]

    def describe(self) -> str:
        parts = ", ".join(f"{PART_NAMES[p]} = '{c}'" for p, c in self.columns.items())
        how = " (escolhidas pelos valores; se não for isso, diga com fields=)" if self.guessed else ""
        return f"formato {FORMATS[self.format][3]}: {parts}{how}"


def candidates(columns: list[str], part: str) -> list[str]:
    """Columns whose name is a synonym of `part`, best synonym first; failing that, columns with a
    synonym as one word of the name ("texto_reclamacao", "categoria_final")."""
    for forms in (name_forms, name_words):
        ranked = []
        for rank, synonym in enumerate(SYNONYMS[part]):
            ranked += [(rank, c) for c in columns if synonym in forms(c) and c not in [x for _, x in ranked]]
        if ranked:
            return [column for _, column in sorted(ranked, key=lambda item: item[0])]
    return []


def name_words(column: str) -> set[str]:
    """The words of a column's normalised name: "Texto da Reclamação" -> {"texto", "da", "reclamacao"}
    (none for identifiers such as "id_pedido": an id is never the text or the label)."""
    words = set(normalize_name(column).replace(".", "_").split("_"))
    return set() if words & {"id", "codigo", "cod"} else words


def fit(columns: list[str], name: str) -> tuple[dict | None, dict]:
    """(part -> column, part -> competing columns) for format `name`; None when a required part is missing."""
    required, optional, _, _ = FORMATS[name]
    chosen, clashes, used = {}, {}, set()
    for part in required + optional:
        found = [c for c in candidates(columns, part) if c not in used]
        if not found:
            if part in required:
                return None, {}
            continue
        chosen[part] = found[0]
        used.add(found[0])
        exact = [c for c in found if normalize_name(c) in SYNONYMS[part]]
        if len(exact) > 1:
            clashes[part] = exact
    return chosen, clashes


def detect(
    columns: list[str], path: str, fields: dict | None = None, kind: str | None = None, rows: list[dict] = ()
) -> Mapping:
    """The Mapping of these columns; `fields` (part -> column) overrides, `kind` picks between tasks.

    When no name fits a format, the values decide (`rows`): the longest texts are the input and a
    column of a few short values repeated many times is the label."""
    if fields:
        return explicit(columns, path, fields)
    fits = {name: fit(columns, name) for name in FORMATS}
    found = [name for name, (chosen, _) in fits.items() if chosen is not None]
    if kind is not None:
        found = [name for name in found if FORMATS[name][2] == kind] or found
    if not found and kind != "resposta":
        guessed = guess_from_values(columns, rows, path)
        if guessed is not None:
            return guessed
    if not found:
        raise DataError(path, None, None, unknown_message(columns))
    name = pick(found, path)
    chosen, clashes = fits[name]
    if clashes:
        raise DataError(path, None, None, clash_message(name, chosen, clashes))
    return Mapping(name, chosen)


def pick(found: list[str], path: str) -> str:
    """The format to use: chat, prompt/completion, instruction win; text+label vs question+answer is asked."""
    for name in ("chat", "prompt_completion", "instrucao"):
        if name in found:
            return name
    if len(found) > 1:
        raise DataError(
            path,
            None,
            None,
            (
                "as colunas servem para duas tarefas: classificação (texto -> rótulo) e geração (pergunta -> "
                'resposta). Escolha com kind="classificacao" ou kind="resposta", ou diga as colunas com '
                'fields={"text": ..., "label": ...} ou fields={"text": ..., "answer": ...}'
            ),
        )
    return found[0]


def explicit(columns: list[str], path: str, fields: dict) -> Mapping:
    """The Mapping the user asked for; every named column must exist and the parts must make a format."""
    unknown = [c for c in fields.values() if c not in columns]
    if unknown:
        raise DataError(
            path, None, unknown[0], f"coluna não encontrada; as colunas são: {', '.join(columns)}"
        )
    for name, (required, optional, _, _) in FORMATS.items():
        if set(required) <= set(fields) <= set(required + optional):
            return Mapping(name, {part: fields[part] for part in required + optional if part in fields})
    accepted = "; ".join(
        " + ".join(req + tuple(f"[{o}]" for o in opt)) for req, opt, _, _ in FORMATS.values()
    )
    raise DataError(
        path,
        None,
        None,
        f"as partes {sorted(fields)} não formam um formato conhecido; use uma destas combinações: {accepted}",
    )


def clash_message(name: str, chosen: dict, clashes: dict) -> str:
    part, options = next(iter(clashes.items()))
    suggestion = {**chosen, part: options[0]}
    return (
        f"não sei qual coluna é o {PART_NAMES[part]}: {' ou '.join(repr(o) for o in options)}? "
        f"Diga com fields={suggestion!r} (troque pelo nome certo)"
    )


def unknown_message(columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:12]) or "nenhuma"
    return (
        f"não reconheci o formato pelas colunas ({shown}). Formatos aceitos: "
        + "; ".join(description for *_, description in FORMATS.values())
        + '. Diga quais colunas usar, por exemplo fields={"text": "minha_coluna", "label": "classe"}'
    )


def text_values(rows: list[dict], column: str) -> list[str]:
    return [str(r[column]).strip() for r in rows if isinstance(r.get(column), (str, int, float))]


def label_like(values: list[str]) -> bool:
    """A few short values (ignoring case and accents) repeated many times: a label column."""
    distinct = {normalize_name(v) for v in values if v}
    return (
        len(values) >= 8
        and 2 <= len(distinct) <= len(values) / 4
        and all(len(v.split()) <= 4 for v in values)
    )


def guess_from_values(columns: list[str], rows: list[dict], path: str) -> Mapping | None:
    """text + label chosen by the values, or None when they say nothing; a pt-BR error when two columns
    could be the label and their names do not tell them apart."""
    values = {c: text_values(rows, c) for c in columns}
    lengths = {c: sum(map(len, v)) / len(v) for c, v in values.items() if v}
    if not lengths:
        return None
    text = max(lengths, key=lengths.get)
    labels = [c for c in columns if c != text and label_like(values[c])]
    known = [c for c in labels if candidates([c], "label")] or [
        c for c in labels if any(candidates([c], part) for part in SYNONYMS)
    ]
    labels = known if len(known) == 1 else labels
    if lengths[text] < 15 or not labels:
        return None
    if len(labels) > 1:
        options = " ou ".join(repr(c) for c in labels)
        raise DataError(
            path,
            None,
            None,
            f"pelos valores, o texto é {text!r} e o rótulo pode ser {options}; "
            f"diga qual com fields={{'text': {text!r}, 'label': {labels[0]!r}}}",
        )
    return Mapping("classificacao", {"text": text, "label": labels[0]}, guessed=True)
