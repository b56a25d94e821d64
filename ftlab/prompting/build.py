"""Zero-shot and few-shot prompts for the classification task, as plain text or in a chat template.

A prompt is an instruction (one of the wordings), k demonstrations (a message and its category, in one
of the formats) and the customer's message, ending where the model must write the category. When the
tokenizer has a chat template (instruction-tuned models), the same parts become a conversation: the
instruction as the system turn, each demonstration as a user turn answered by the assistant.
Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftlab.prompting.wordings import FORMATS, INSTRUCTIONS


@dataclass(frozen=True)
class PromptStyle:
    """The choices that shape a prompt besides its demonstrations."""

    wording: str | None = "direta"  # key of INSTRUCTIONS; None = no instruction (demonstrations only)
    format: str = "mensagem"  # key of FORMATS: how each question and answer is laid out
    chat: bool | None = None  # use the tokenizer's chat template: None = when it has one


# The prompt wordings that experiments repeat over: the same request, each with its own instruction
# and layout (the spread of results across them is how sensitive the model is to the wording).
VARIANTS = {
    "direta": PromptStyle("direta", "mensagem"),
    "atendente": PromptStyle("atendente", "seta"),
    "lista": PromptStyle("lista", "mensagem"),
}


def message_of(record: dict) -> str:
    """The customer's message inside a classification record ("Mensagem: ...\\nCategoria:")."""
    if "mensagem" in record:
        return record["mensagem"]
    return record["prompt"].removeprefix("Mensagem: ").removesuffix("\nCategoria:").strip()


def uses_chat(tokenizer, style: PromptStyle) -> bool:
    """Whether the prompt goes through the tokenizer's chat template."""
    has_template = bool(getattr(tokenizer, "chat_template", None))
    return has_template if style.chat is None else bool(style.chat and has_template)


def instruction_text(style: PromptStyle, labels) -> str:
    """The instruction with the valid categories filled in ("" when the style has none)."""
    if style.wording is None:
        return ""
    if style.wording not in INSTRUCTIONS:
        raise ValueError(f"instrução desconhecida: {style.wording!r}; use uma de {', '.join(INSTRUCTIONS)}")
    return INSTRUCTIONS[style.wording].format(labels=", ".join(labels))


def question_text(style: PromptStyle, message: str) -> str:
    """One question in the style's format, ending with the cue the category follows."""
    if style.format not in FORMATS:
        raise ValueError(f"formato desconhecido: {style.format!r}; use um de {', '.join(FORMATS)}")
    return FORMATS[style.format].question.format(message=message)


def plain_prompt(message: str, demos: list[dict], labels, style: PromptStyle) -> str:
    """Instruction, demonstrations and question as one text."""
    parts = [question_text(style, message_of(d)) + " " + d["label"] for d in demos]
    parts.append(question_text(style, message))
    body = FORMATS[style.format].separator.join(parts)
    instruction = instruction_text(style, labels)
    return f"{instruction}\n\n{body}" if instruction else body


def chat_messages(message: str, demos: list[dict], labels, style: PromptStyle) -> list[dict]:
    """The conversation: system instruction, one user/assistant pair per demonstration, the question."""
    instruction = instruction_text(style, labels)
    turns = [{"role": "system", "content": instruction}] if instruction else []
    for demo in demos:
        turns += [{"role": "user", "content": question_text(style, message_of(demo))},
                  {"role": "assistant", "content": demo["label"]}]
    return turns + [{"role": "user", "content": question_text(style, message)}]


def chat_prompt(tokenizer, messages: list[dict]) -> str:
    """The conversation rendered by the chat template, ready for the assistant's answer.

    Some templates refuse a system turn: the instruction then opens the first user turn.
    """
    try:
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    except Exception:  # noqa: BLE001 - templates signal "no system role" with assorted errors
        if messages[0]["role"] != "system":
            raise
        first = {"role": "user", "content": messages[0]["content"] + "\n\n" + messages[1]["content"]}
        return tokenizer.apply_chat_template([first, *messages[2:]], tokenize=False,
                                             add_generation_prompt=True)


def build_prompt(message: str, demos=(), labels=(), style: PromptStyle = PromptStyle(),
                 tokenizer=None) -> str:
    """The prompt that asks for the category of `message`, after the demonstrations `demos`.

    `demos`: classification records ({"prompt" or "mensagem", "label"}); none = zero-shot.
    `labels`: the valid categories (default: the task's six). `tokenizer`: when given and it has a
    chat template, the prompt is a rendered conversation (see PromptStyle.chat).
    Taught in notebooks/06_prompt_vs_fine_tuning.
    """
    from ftlab.data import LABELS

    labels, demos = list(labels or LABELS), list(demos)
    if tokenizer is not None and uses_chat(tokenizer, style):
        return chat_prompt(tokenizer, chat_messages(message, demos, labels, style))
    return plain_prompt(message, demos, labels, style)
