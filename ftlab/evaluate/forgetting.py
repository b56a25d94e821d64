"""Catastrophic forgetting, measured: bits per byte of held-out general Portuguese text.

Bits per byte = the model's negative log-likelihood of a text, in bits, divided by the text's UTF-8
bytes (ftlab.evaluate.generation.model_likelihood computes it). It does not depend on the tokenizer,
and lower is better: a fine-tune that raises it on data/general/heldout.jsonl, paragraphs the base
model never trained on and that replay never trains on either, has forgotten some of the general
language it knew. Each paragraph is scored whole from a bos token (eos included): texts longer than
the model's context are left out rather than cut, so that every byte counted was scored.

Taught in notebooks/05_desafios (catastrophic forgetting).
"""

from __future__ import annotations


def n_tokens(tokenizer, text: str) -> int:
    """Tokens of `text` as scored here: bos + text + eos."""
    return len(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]) + 2


def fitting_texts(tokenizer, texts, n: int | None = None, max_length: int = 256) -> list[str]:
    """The first `n` texts (all when None) that fit whole in `max_length` tokens."""
    kept = [text for text in texts if n_tokens(tokenizer, text) <= max_length]
    return kept if n is None else kept[:n]


def general_texts(tokenizer, n: int | None = None, max_length: int = 256) -> list[str]:
    """The first `n` held-out general paragraphs (data/general/heldout.jsonl) that fit whole."""
    from ftlab.data.general import load_general_text

    return fitting_texts(tokenizer, load_general_text(), n, max_length)


def bits_per_byte(model, tokenizer, texts, batch_size: int = 16, max_length: int = 256) -> float:
    """Bits per UTF-8 byte of `texts`, each scored whole (pass texts from fitting_texts).

    Taught in notebooks/05_desafios.
    """
    from ftlab.evaluate.generation import model_likelihood

    texts = list(texts)
    summary = model_likelihood(model, tokenizer, [""] * len(texts), texts, batch_size, max_length)
    return summary["bits por byte"]
