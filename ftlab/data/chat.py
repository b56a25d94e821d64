"""Chat examples (a list of messages) as prompt/completion: the model learns the last assistant turn.

Accepts OpenAI fine-tuning JSONL ({"role", "content"}) and ShareGPT-style ({"from", "value"}) messages.
With a tokenizer that has a chat template, the conversation is rendered by it (so training looks like
the model's own chat format); otherwise as plain "Usuário:/Assistente:" lines.
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

ROLES = {
    "user": "user",
    "human": "user",
    "usuario": "user",
    "usuário": "user",
    "cliente": "user",
    "assistant": "assistant",
    "gpt": "assistant",
    "bot": "assistant",
    "model": "assistant",
    "assistente": "assistant",
    "atendente": "assistant",
    "ia": "assistant",
    "system": "system",
    "sistema": "system",
}
SPEAKERS = {"system": "Sistema", "user": "Usuário", "assistant": "Assistente"}


def message_problem(index: int, message) -> tuple[dict | None, str | None]:
    """({"role", "content"}, None) for a usable message, else (None, pt-BR reason)."""
    if not isinstance(message, dict):
        return None, f"a mensagem {index + 1} não é um objeto com role e content"
    role = message.get("role", message.get("from"))
    content = message.get("content", message.get("value", message.get("text")))
    if isinstance(content, list):  # OpenAI content parts: [{"type": "text", "text": ...}, ...]
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    role_key = str(role).strip().lower() if role is not None else ""
    if role_key not in ROLES:
        return (
            None,
            f"a mensagem {index + 1} tem papel (role) desconhecido: {role!r}; use user, assistant ou system",
        )
    if not isinstance(content, str) or not content.strip():
        return None, f"a mensagem {index + 1} está sem texto (content)"
    return {"role": ROLES[role_key], "content": content}, None


def normalize_messages(value) -> tuple[list[dict] | None, str | None]:
    """(messages ending with the assistant turn to learn, None) or (None, pt-BR reason)."""
    if not isinstance(value, list) or not value:
        return None, 'esperava uma lista de mensagens [{"role": ..., "content": ...}, ...]'
    messages = []
    for index, message in enumerate(value):
        clean, problem = message_problem(index, message)
        if problem:
            return None, problem
        messages.append(clean)
    if messages[-1]["role"] != "assistant":
        return None, "a conversa precisa terminar com uma mensagem do assistente (é ela que o modelo aprende)"
    if len(messages) < 2:
        return None, "a conversa precisa de pelo menos uma mensagem do usuário antes da resposta"
    return messages, None


def has_chat_template(tokenizer) -> bool:
    return tokenizer is not None and bool(getattr(tokenizer, "chat_template", None))


def render_chat(messages: list[dict], tokenizer=None) -> tuple[str, str]:
    """(prompt, completion): everything before the last assistant turn, and that turn's text."""
    context, answer = messages[:-1], messages[-1]["content"]
    if has_chat_template(tokenizer):
        prompt = tokenizer.apply_chat_template(context, tokenize=False, add_generation_prompt=True)
        return prompt, answer.strip()
    lines = [f"{SPEAKERS[m['role']]}: {m['content'].strip()}" for m in context]
    return "\n".join(lines + ["Assistente:"]), " " + answer.strip()
