"""The prompt/completion formats of the course's two tasks, defined once, and the category labels.

Taught in notebooks/02_preparacao_dataset (Estruturação: every example shows the model an input and
the reaction expected from it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ftlab.data.text import normalize_text


@dataclass(frozen=True)
class Template:
    """How one task turns a cleaned ticket into a prompt/completion pair."""

    prompt: str  # str.format pattern over the ticket's fields; ends where the model must continue
    completion: str  # what the model should write; starts with a space so words tokenise as in text
    fields: tuple[str, ...]  # ticket fields the task needs (a record missing one is dropped)


# The category labels of the classification task, most frequent first.
LABELS = ("conexão", "cobrança", "planos", "instalação", "cancelamento", "elogio")

TEMPLATES = {
    "classificacao": Template("Mensagem: {mensagem}\nCategoria:", " {categoria}", ("mensagem", "categoria")),
    "resposta": Template("Cliente: {mensagem}\nAtendente:", " {resposta}", ("mensagem", "resposta")),
}
TASKS = tuple(TEMPLATES)

# Other spellings of each label found in exports (legacy names and synonyms), lower case, no spaces around.
LABEL_ALIASES = {
    "cobranca": "cobrança", "financeiro": "cobrança", "conexao": "conexão", "suporte técnico": "conexão",
    "suporte tecnico": "conexão", "vendas": "planos", "plano": "planos", "instalacao": "instalação",
    "elogios": "elogio",
}


def canonical_label(value) -> str | None:
    """The LABELS entry a raw category means, or None when it means none of them."""
    if not isinstance(value, str):
        return None
    key = normalize_text(value).lower()
    key = LABEL_ALIASES.get(key, key)
    return key if key in LABELS else None


def format_record(record: dict, task: str) -> dict:
    """{"prompt", "completion"} (plus "label" for classification, and the ticket's id/tema/grupo)."""
    template = TEMPLATES[task]
    example = {"prompt": template.prompt.format(**record), "completion": template.completion.format(**record)}
    if task == "classificacao":
        example["label"] = record["categoria"]
    example.update({k: record[k] for k in ("id", "tema", "grupo", "_source") if k in record})
    return example


def check_task(task: str) -> None:
    if task not in TEMPLATES:
        raise ValueError(f"tarefa desconhecida: {task!r}; escolha uma de {', '.join(TASKS)}")
