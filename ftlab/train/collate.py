"""From prompt/completion records to padded tensors, with the loss on completion tokens only.

Taught in notebooks/03_treinamento. The same encoding serves ftlab.evaluate, so a label is scored
exactly the way it was trained.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ftlab.train.labels import IGNORE_INDEX, scored_positions

MIN_PROMPT_TOKENS = 8  # a training example keeps at least this much of its prompt, or it is left out


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
    """input_ids and labels of one example; a long prompt loses its start, the completion stays whole.

    The completion (with its end token) is never cut: the model must learn where an answer ends.
    A completion that leaves no room for the prompt raises ValueError (fit_examples leaves it out).
    """
    keep = max_length - len(completion_ids)
    if keep < min(len(prompt_ids), MIN_PROMPT_TOKENS):
        raise ValueError(f"completion of {len(completion_ids)} tokens does not fit in {max_length}")
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
    """Encode a list of {"prompt", "completion"} records (every one must fit: see fit_examples)."""
    return [encode_example(tokenizer, r["prompt"], r["completion"], max_length) for r in records]


@dataclass
class Encoded:
    """The training examples of a split, and what did not fit in max_length."""

    examples: list[dict]  # input_ids + labels of every example kept
    max_length: int  # tokens per example this encoding allowed
    prompt_cut: list[int] = field(default_factory=list)  # record indices whose prompt lost its start
    left_out: list[int] = field(default_factory=list)  # record indices whose completion did not fit

    def summary(self) -> dict:
        return {"examples": len(self.examples), "max_length": self.max_length,
                "prompt_cut": len(self.prompt_cut), "left_out": len(self.left_out)}


def token_pairs(tokenizer, records: list[dict]) -> list[tuple[list[int], list[int]]]:
    """(prompt ids, completion ids) of every record."""
    return [(encode_prompt(tokenizer, r["prompt"]), encode_completion(tokenizer, r["completion"]))
            for r in records]


def model_context(model, default: int = 2048) -> int:
    """Tokens the model can attend to (max_position_embeddings), `default` when it does not say."""
    config = getattr(model, "config", None)
    return int(getattr(config, "max_position_embeddings", None) or default)


def needed_length(pairs, context: int) -> int:
    """The longest example's length, capped at the model's context: max_length derived from the data."""
    longest = max((len(p) + len(c) for p, c in pairs), default=8)
    return max(8, min(longest, context))


def fit_examples(pairs, max_length: int) -> Encoded:
    """Encode token pairs within max_length: cut long prompts on the left, leave out what cannot fit."""
    encoded = Encoded([], max_length)
    for index, (prompt_ids, completion_ids) in enumerate(pairs):
        try:
            example = join_pair(prompt_ids, completion_ids, max_length)
        except ValueError:
            encoded.left_out.append(index)
            continue
        if len(prompt_ids) + len(completion_ids) > max_length:
            encoded.prompt_cut.append(index)
        encoded.examples.append(example)
    return encoded


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
            tensors["logits_to_keep"] = scored_positions(tensors["labels"])
        return tensors

    def _pad(self, values: list[int], padding: list[int]) -> list[int]:
        return values + padding if self.side == "right" else padding + values
