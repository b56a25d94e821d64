"""Greedy, batched generation of completions for a list of prompts (left padding).

Taught in notebooks/04_avaliacao (generation metrics and side-by-side examples).
"""

from __future__ import annotations

from ftlab.evaluate.scoring import batches, evaluating
from ftlab.train.collate import PadCollator, encode_prompt, pad_token_id


def generate_batch(model, tokenizer, prompts: list[str], max_new_tokens: int) -> list[str]:
    """Greedy completions of one batch of prompts, decoded without the prompt and special tokens."""
    collate = PadCollator(pad_token_id(tokenizer), side="left")
    batch = collate([{"input_ids": encode_prompt(tokenizer, prompt)} for prompt in prompts])
    batch.pop("labels")
    batch = {name: tensor.to(model.device) for name, tensor in batch.items()}
    output = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                            pad_token_id=collate.pad_id, eos_token_id=tokenizer.eos_token_id)
    new_tokens = output[:, batch["input_ids"].shape[1] :]
    return tokenizer.batch_decode(new_tokens, skip_special_tokens=True)


def generate_completions(model, tokenizer, prompts, max_new_tokens=50, batch_size=16) -> list[str]:
    """What the model writes after each prompt (greedy, so the same every run).

    Taught in notebooks/04_avaliacao.
    """
    prompts, texts = list(prompts), []
    with evaluating(model):
        for chunk in batches(prompts, batch_size):
            texts += generate_batch(model, tokenizer, chunk, max_new_tokens)
    return texts
