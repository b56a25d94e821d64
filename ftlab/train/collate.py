"""From prompt/completion records to padded tensors, with the loss on completion tokens only.

Taught in notebooks/03_treinamento. The same encoding serves ftlab.evaluate, so a label is scored
exactly the way it was trained.
"""

from __future__ import annotations

from dataclasses import dataclass

IGNORE_INDEX = -100  # label value that the loss skips (prompt tokens and padding)


def encode_prompt(tokenizer, prompt: str) -> list[int]:
    """Token ids of a prompt, starting with the tokenizer's bos token when it has one."""
    ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    bos = tokenizer.bos_token_id
    return ids if bos is None else [bos, *ids]


def encode_completion(tokenizer, completion: str) -> list[int]:
    """Token ids of a completion, ending with the eos token (the model learns to stop)."""
    ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    eos = tokenizer.eos_token_id
    return ids if eos is None else [*ids, eos]


def join_pair(prompt_ids: list[int], completion_ids: list[int], max_length: int) -> dict:
    """input_ids and labels of one example; a long prompt loses its start, the completion stays whole."""
    completion_ids = completion_ids[: max_length - 1]
    keep = max_length - len(completion_ids)
    if len(prompt_ids) > keep:  # keep the first token (bos) and the end of the prompt
        prompt_ids = prompt_ids[:1] + prompt_ids[len(prompt_ids) - keep + 1 :]
    labels = [IGNORE_INDEX] * len(prompt_ids) + list(completion_ids)
    return {"input_ids": prompt_ids + list(completion_ids), "labels": labels}


def encode_example(tokenizer, prompt: str, completion: str, max_length: int) -> dict:
    """One record to input_ids + labels (-100 on the prompt).

    Taught in notebooks/03_treinamento.
    """
    return join_pair(encode_prompt(tokenizer, prompt), encode_completion(tokenizer, completion), max_length)


def encode_records(tokenizer, records: list[dict], max_length: int) -> list[dict]:
    """Encode a list of {"prompt", "completion"} records."""
    return [encode_example(tokenizer, r["prompt"], r["completion"], max_length) for r in records]


def pad_token_id(tokenizer) -> int:
    """The id used for padding: pad, else eos, else 0."""
    for token_id in (tokenizer.pad_token_id, tokenizer.eos_token_id):
        if token_id is not None:
            return token_id
    return 0


@dataclass
class PadCollator:
    """Dynamic padding: each batch is padded to its own longest example, on the chosen side.

    Taught in notebooks/03_treinamento.
    """

    pad_id: int  # token id written into padding positions (masked out anyway)
    side: str = "right"  # "right" for training, "left" for batched generation
    mark_scored: bool = False  # add `logits_to_keep`: the positions the loss scores (completion_loss)

    def __call__(self, features: list[dict]) -> dict:
        import torch

        width = max(len(f["input_ids"]) for f in features)
        batch = {"input_ids": [], "attention_mask": [], "labels": []}
        for feature in features:
            ids = list(feature["input_ids"])
            labels = list(feature.get("labels", ids))
            gap = width - len(ids)
            batch["input_ids"].append(self._pad(ids, [self.pad_id] * gap))
            batch["attention_mask"].append(self._pad([1] * len(ids), [0] * gap))
            batch["labels"].append(self._pad(labels, [IGNORE_INDEX] * gap))
        tensors = {name: torch.tensor(rows, dtype=torch.long) for name, rows in batch.items()}
        if self.mark_scored:
            from ftlab.train.completion_loss import scored_positions

            tensors["logits_to_keep"] = scored_positions(tensors["labels"])
        return tensors

    def _pad(self, values: list[int], padding: list[int]) -> list[int]:
        return values + padding if self.side == "right" else padding + values
