"""The instruction wordings and demonstration formats that prompts are built from (pt-BR).

Three instructions that ask the same thing in different words, and two ways to lay out a
demonstration. Every format ends its question with a cue ("...:" or "->") so that the answer is the
label written after a space, exactly the completion that label scoring compares (ftlab.evaluate).
Taught in notebooks/06_prompt_vs_fine_tuning (the same task asked three ways: is the model consistent?).
"""

from __future__ import annotations

from dataclasses import dataclass

# {labels}: the valid categories, comma-separated. Same request, three phrasings.
INSTRUCTIONS = {
    "direta": "Classifique a mensagem do cliente em uma destas categorias: {labels}.",
    "atendente": ("Você é atendente de um provedor de internet. Diga qual é o assunto da mensagem "
                  "abaixo, escolhendo entre {labels}."),
    "lista": "Categorias possíveis: {labels}.\nResponda apenas com a categoria da mensagem.",
}


@dataclass(frozen=True)
class DemoFormat:
    """How one question (and, in a demonstration, its answer) is laid out in the prompt."""

    question: str  # str.format pattern over {message}; ends with the cue the label follows
    separator: str  # text between two demonstrations, and between the last one and the question


FORMATS = {
    "mensagem": DemoFormat("Mensagem: {message}\nCategoria:", "\n\n"),
    "seta": DemoFormat('Cliente: "{message}" ->', "\n"),
}
