"""How many tokens a prompt takes against the model's context, with a pt-BR message when it won't fit.

Taught in notebooks/06_prompt_vs_fine_tuning (a task whose prompt no longer fits).
"""

from __future__ import annotations

from dataclasses import dataclass

UNBOUNDED = 1_000_000  # what tokenizers without a real limit report (they say 1e30); treat as "no limit"


class PromptTooLongError(ValueError):
    """A prompt that does not fit in the model's context; the message is pt-BR."""


def context_size(model, tokenizer=None) -> int:
    """Tokens the model can see at once (its position embeddings; else the tokenizer's limit)."""
    size = getattr(getattr(model, "config", None), "max_position_embeddings", None)
    if not size and tokenizer is not None and getattr(tokenizer, "model_max_length", 0) < UNBOUNDED:
        size = tokenizer.model_max_length
    return int(size or UNBOUNDED)


def count_tokens(tokenizer, text: str) -> int:
    """Tokens of `text` as the model receives it as a prompt (bos included, like ftlab.evaluate)."""
    ids = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]  # no "too long" warning
    return len(ids) + (tokenizer.bos_token_id is not None)


@dataclass(frozen=True)
class ContextFit:
    """A prompt's size against the context, keeping room for the answer."""

    prompt_tokens: int  # tokens of the prompt
    answer_tokens: int  # tokens kept free for the answer
    context: int  # tokens the model sees at once

    @property
    def fits(self) -> bool:
        return self.prompt_tokens + self.answer_tokens <= self.context

    @property
    def excess(self) -> int:
        """Tokens too many (0 when it fits)."""
        return max(0, self.prompt_tokens + self.answer_tokens - self.context)

    def message(self) -> str:
        """pt-BR: how full the context is, and what to do when the prompt does not fit."""
        used = f"{self.prompt_tokens} tokens de prompt + {self.answer_tokens} para a resposta"
        if self.fits:
            return f"Cabe: {used} de um contexto de {self.context} tokens."
        return (f"O prompt não cabe no contexto do modelo: {used} = "
                f"{self.prompt_tokens + self.answer_tokens}, mas o modelo só enxerga {self.context} "
                f"tokens de uma vez ({self.excess} a mais). Use menos exemplos, exemplos mais curtos, "
                "uma instrução menor, ou ensine a tarefa por fine-tuning.")


def check_fit(tokenizer, prompt: str, context: int, answer_tokens: int = 4,
              strict: bool = False) -> ContextFit:
    """The prompt's ContextFit; with `strict`, a prompt that does not fit raises PromptTooLongError.

    Taught in notebooks/06_prompt_vs_fine_tuning.
    """
    fit = ContextFit(count_tokens(tokenizer, prompt), answer_tokens, context)
    if strict and not fit.fits:
        raise PromptTooLongError(fit.message())
    return fit
