"""Label scoring that reads each prompt once: the prompt's keys and values (KV cache) are shared by
every label's continuation, instead of one full forward pass per (prompt, label) pair.

Same numbers as ftlab.evaluate.scoring.score_labels_separately (tested equal), about label-count
times less work on the prompt. Taught in notebooks/04_avaliacao (speed of evaluation).
"""

from __future__ import annotations

from ftlab.evaluate.scoring import batches, evaluating, label_completion
from ftlab.train.collate import encode_completion, encode_prompt, pad_token_id


def trimmed_prompt(ids: list[int], keep: int) -> list[int]:
    """A prompt cut to `keep` tokens the way training cuts it: the first token (bos) and the end."""
    return ids if len(ids) <= keep else ids[:1] + ids[len(ids) - keep + 1 :]


def left_padded(rows: list[list[int]], pad_id: int):
    """input_ids, attention_mask and position_ids of rows padded on the left (positions start at 0)."""
    import torch

    width = max(len(row) for row in rows)
    ids = torch.tensor([[pad_id] * (width - len(row)) + row for row in rows])
    mask = torch.tensor([[0] * (width - len(row)) + [1] * len(row) for row in rows])
    return ids, mask, (mask.cumsum(-1) - 1).clamp(min=0)


def right_padded(rows: list[list[int]], pad_id: int):
    """input_ids and attention_mask of rows padded on the right."""
    import torch

    width = max(len(row) for row in rows)
    ids = torch.tensor([row + [pad_id] * (width - len(row)) for row in rows])
    mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in rows])
    return ids, mask


def cache_names(model) -> tuple[str, str]:
    """(argument, output attribute) naming the KV cache: "cache" in recent transformers, else the old name."""
    import inspect

    base = model.get_base_model() if hasattr(model, "get_base_model") else model  # peft wraps the model
    new = "cache" in inspect.signature(base.forward).parameters
    return ("cache", "cache") if new else ("past_key_values", "past_key_values")


def option_logprobs(model, prompts: list[list[int]], options: list[list[int]], pad_id: int):
    """(n_prompts, n_options) summed log-probabilities of each option's tokens after each prompt."""
    import torch
    from transformers import DynamicCache

    n, k, device = len(prompts), len(options), model.device
    ids, mask, positions = (t.to(device) for t in left_padded(prompts, pad_id))
    argument, attribute = cache_names(model)
    first = model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True,
                  logits_to_keep=1, **{argument: DynamicCache()})  # 4.46 returns a tuple unless given one
    cache = getattr(first, attribute)
    cache.batch_repeat_interleave(k)  # row i*k + j: prompt i, option j
    option_ids, option_mask = (t.to(device) for t in right_padded(options, pad_id))
    option_ids, option_mask = option_ids.repeat(n, 1), option_mask.repeat(n, 1)
    starts = mask.sum(dim=1).repeat_interleave(k)
    full_mask = torch.cat([mask.repeat_interleave(k, 0), option_mask], 1)
    rest = model(input_ids=option_ids, attention_mask=full_mask,
                 position_ids=starts[:, None] + torch.arange(option_ids.shape[1], device=device),
                 use_cache=False, **{argument: cache})
    logits = torch.cat([first.logits[:, -1:].float().repeat_interleave(k, 0), rest.logits[:, :-1].float()], 1)
    picked = torch.log_softmax(logits, dim=-1).gather(-1, option_ids.unsqueeze(-1)).squeeze(-1)
    return (picked * option_mask).sum(dim=1).view(n, k)


def label_logprobs(model, tokenizer, prompts, labels, batch_size: int = 32, max_length: int = 256):
    """Log-likelihood of every label's completion (eos included) after every prompt: a list of rows."""
    options = [encode_completion(tokenizer, label_completion(label)) for label in labels]
    keep = max_length - max(len(option) for option in options)
    encoded = [trimmed_prompt(encode_prompt(tokenizer, prompt), keep) for prompt in prompts]
    rows = []
    with evaluating(model):
        for chunk in batches(encoded, batch_size):
            rows += option_logprobs(model, chunk, options, pad_token_id(tokenizer)).tolist()
    return rows


def score_labels_cached(model, tokenizer, prompts, labels, batch_size: int = 32, max_length: int = 256):
    """For each prompt, the label whose completion the model finds most likely (one prompt pass)."""
    prompts, labels = list(prompts), list(labels)
    if not prompts:
        return []
    rows = label_logprobs(model, tokenizer, prompts, labels, batch_size, max_length)
    return [labels[max(range(len(labels)), key=row.__getitem__)] for row in rows]
