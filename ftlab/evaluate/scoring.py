"""How likely the model finds a completion: label scoring and perplexity, from the model's own loss.

Taught in notebooks/04_avaliacao (classification by likelihood) and notebooks/05_desafios (forgetting,
measured as perplexity on general text). Uses the training encoding (ftlab.train.collate).
"""

from __future__ import annotations

import contextlib
import math

from ftlab.train.collate import (
    IGNORE_INDEX,
    PadCollator,
    encode_completion,
    encode_example,
    encode_prompt,
    pad_token_id,
)
from ftlab.train.completion_loss import scored_positions, scored_targets, takes_logits_mask


def batches(items: list, size: int):
    """Consecutive slices of `items` of at most `size` elements."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def evaluating(model):
    """Eval mode without gradients for the block; the model's train/eval mode is restored after."""
    import torch

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)


def token_logprobs(model, batch: dict):
    """(sum of log-probabilities, count) of the labelled tokens of each row of a padded batch."""
    labels = batch.pop("labels").to(model.device)
    batch = {name: tensor.to(model.device) for name, tensor in batch.items()}
    if takes_logits_mask(model):
        return kept_logprobs(model, batch, labels)
    return full_logprobs(model, batch, labels)


def full_logprobs(model, batch: dict, labels):
    """token_logprobs from the logits of every position."""
    import torch

    logits = model(**batch).logits[:, :-1].float()
    targets, mask = labels[:, 1:], labels[:, 1:] != IGNORE_INDEX
    picked = torch.log_softmax(logits, dim=-1).gather(-1, targets.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return (picked * mask).sum(dim=1), mask.sum(dim=1)


def kept_logprobs(model, batch: dict, labels):
    """token_logprobs from the logits of the scored positions only (see ftlab.train.completion_loss)."""
    import torch

    keep = scored_positions(labels)
    logits = model(**batch, logits_to_keep=keep).logits.float()  # one row per scored position
    picked = torch.log_softmax(logits, dim=-1).gather(-1, scored_targets(labels).unsqueeze(-1)).squeeze(-1)
    rows = keep.nonzero()[:, 0]  # the batch row of each kept position, in the same order
    sums = torch.zeros(len(labels), dtype=picked.dtype, device=picked.device).index_add_(0, rows, picked)
    return sums, keep.sum(dim=1)


def example_stats(model, tokenizer, examples: list[dict], batch_size: int):
    """(log-probability sum, token count) of the labelled tokens of each encoded example, in batches."""
    collate, stats = PadCollator(pad_token_id(tokenizer)), []
    with evaluating(model):
        for chunk in batches(examples, batch_size):
            sums, counts = token_logprobs(model, collate(chunk))
            stats += list(zip(sums.tolist(), counts.tolist(), strict=True))
    return stats


def pair_stats(model, tokenizer, pairs: list[tuple[str, str]], batch_size: int, max_length: int):
    """(log-probability sum, token count) of each completion given its prompt, in batches."""
    examples = [encode_example(tokenizer, p, c, max_length) for p, c in pairs]
    return example_stats(model, tokenizer, examples, batch_size)


def completion_logprobs(model, tokenizer, prompts, completions, batch_size=32, max_length=256) -> list[float]:
    """Log-likelihood (natural log, summed over tokens, eos included) of each completion after its prompt.

    Taught in notebooks/04_avaliacao.
    """
    pairs = list(zip(prompts, completions, strict=True))
    return [total for total, _ in pair_stats(model, tokenizer, pairs, batch_size, max_length)]


def label_completion(label: str) -> str:
    """The completion text the classification task trains for `label` (format defined in ftlab.data)."""
    from ftlab.data.formats import TEMPLATES

    return TEMPLATES["classificacao"].completion.format(categoria=label)


def score_labels(model, tokenizer, prompts, labels, batch_size=32, max_length=256) -> list[str]:
    """For each prompt, the label whose completion the model finds most likely.

    The prompt is read once and its KV cache shared by every label (ftlab.evaluate.label_scoring);
    same answers as score_labels_separately. Taught in notebooks/04_avaliacao and
    notebooks/06_prompt_vs_fine_tuning.
    """
    from ftlab.evaluate.label_scoring import score_labels_cached

    return score_labels_cached(model, tokenizer, prompts, labels, batch_size, max_length)


def score_labels_separately(model, tokenizer, prompts, labels, batch_size=32, max_length=256) -> list[str]:
    """score_labels with one full forward pass per (prompt, label) pair: the slow reference."""
    prompts, labels = list(prompts), list(labels)
    if not prompts:
        return []
    options = [label_completion(label) for label in labels]
    pairs = [(prompt, option) for prompt in prompts for option in options]
    scores = completion_logprobs(model, tokenizer, *zip(*pairs, strict=True), batch_size, max_length)
    rows = [scores[i : i + len(labels)] for i in range(0, len(scores), len(labels))]
    return [labels[max(range(len(labels)), key=row.__getitem__)] for row in rows]


def text_example(tokenizer, text: str, max_length: int) -> dict:
    """`text` as one scored example: bos, then every token of the text and eos scored, as documents are
    pre-trained (ftlab.pretrain.data). A text longer than `max_length` tokens keeps its start."""
    start = encode_prompt(tokenizer, "")  # the bos token, when the tokenizer has one
    ids = [*start, *encode_completion(tokenizer, text)][:max_length]
    return {"input_ids": ids, "labels": [IGNORE_INDEX] * len(start) + ids[len(start) :]}


def perplexity(model, tokenizer, texts, batch_size=16, max_length=256) -> float:
    """exp(mean negative log-likelihood per token) of `texts`, each scored as `text_example` encodes it.

    The one perplexity of the course: the pre-training report (ftlab.pretrain.report) measures the
    held-out paragraphs of the model card with it. Notebook 05 measures forgetting in bits per byte
    instead (ftlab.evaluate.forgetting), which also compares models with different tokenizers.
    """
    examples = [text_example(tokenizer, text, max_length) for text in texts]
    stats = example_stats(model, tokenizer, examples, batch_size)
    total, count = sum(s for s, _ in stats), sum(c for _, c in stats)
    return math.exp(-total / count)
