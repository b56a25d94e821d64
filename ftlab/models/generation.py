"""Greedy text generation (deterministic). Taught in notebooks/00_boas_vindas."""

from __future__ import annotations


def generate(model, tokenizer, prompt: str, max_new_tokens: int = 50) -> str:
    """The greedy continuation of `prompt` (only the new text, special tokens removed).

    Same inputs, same output: no sampling. Taught in notebooks/00_boas_vindas.
    """
    import torch

    limit = getattr(model.config, "max_position_embeddings", None) or 2048
    max_length = max(1, limit - max_new_tokens)
    inputs = tokenizer(prompt, return_tensors="pt", truncation=True, max_length=max_length)
    inputs = {k: v.to(model.device) for k, v in inputs.items() if k in ("input_ids", "attention_mask")}
    model.eval()
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False,
                                pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    new_tokens = output[0, inputs["input_ids"].shape[1]:]
    return tokenizer.decode(new_tokens, skip_special_tokens=True)
