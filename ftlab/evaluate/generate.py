"""Greedy generation of completions for a list of prompts: batched (left padding) with the KV cache.

Prompts are grouped by how many tokens each may write (`limits`, e.g. its reference's length), so a
batch stops as soon as its longest answer is done, and each answer is cut to its own limit.
Taught in notebooks/04_avaliacao (generation metrics and side-by-side examples).
"""

from __future__ import annotations

from ftlab.evaluate.scoring import batches, evaluating
from ftlab.train.collate import PadCollator, encode_prompt, pad_token_id


def generate_batch(model, tokenizer, prompts: list[str], max_new_tokens: int) -> list[list[int]]:
    """Greedy new token ids of one batch of prompts (prompt removed; may end with eos or padding)."""
    collate = PadCollator(pad_token_id(tokenizer), side="left")
    batch = collate([{"input_ids": encode_prompt(tokenizer, prompt)} for prompt in prompts])
    batch.pop("labels")
    batch = {name: tensor.to(model.device) for name, tensor in batch.items()}
    output = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False, use_cache=True,
                            pad_token_id=collate.pad_id, eos_token_id=tokenizer.eos_token_id)
    return output[:, batch["input_ids"].shape[1] :].tolist()


def decode(tokenizer, ids: list[int], limit: int) -> str:
    """The text of the first `limit` new tokens, stopped at eos, special tokens removed."""
    ids = ids[:limit]
    if tokenizer.eos_token_id in ids:
        ids = ids[: ids.index(tokenizer.eos_token_id)]
    return tokenizer.decode(ids, skip_special_tokens=True)


def generate_completions(model, tokenizer, prompts, max_new_tokens=50, batch_size=16,
                         limits=None) -> list[str]:
    """What the model writes after each prompt (greedy, so the same every run).

    `limits` (optional): a token budget per prompt (e.g. its reference answer's length); otherwise
    every prompt gets `max_new_tokens`. Taught in notebooks/04_avaliacao.
    """
    prompts = list(prompts)
    limits = list(limits) if limits is not None else [max_new_tokens] * len(prompts)
    if len(limits) != len(prompts):
        raise ValueError(f"{len(limits)} limites para {len(prompts)} prompts: devem ser iguais")
    order = sorted(range(len(prompts)), key=lambda i: (limits[i], len(prompts[i])))
    texts = [""] * len(prompts)
    with evaluating(model):
        for chunk in batches(order, batch_size):
            longest = max(limits[i] for i in chunk)
            rows = generate_batch(model, tokenizer, [prompts[i] for i in chunk], longest)
            for i, ids in zip(chunk, rows, strict=True):
                texts[i] = decode(tokenizer, ids, limits[i])
    return texts


def generate_one_at_a_time(model, tokenizer, prompts, limits) -> list[str]:
    """generate_completions without batching: the slow reference of bench/bench_evaluate.py."""
    return [generate_completions(model, tokenizer, [prompt], batch_size=1, limits=[limit])[0]
            for prompt, limit in zip(prompts, limits, strict=True)]


def reference_lengths(tokenizer, references, extra: int = 1) -> list[int]:
    """Token budget per answer: its reference's token count (+ `extra` for the eos)."""
    return [len(tokenizer(text, add_special_tokens=False)["input_ids"]) + extra for text in references]
