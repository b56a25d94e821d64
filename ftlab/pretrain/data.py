"""Token streams and batches for pre-training: documents -> one id stream -> fixed-length blocks."""

from __future__ import annotations

from ftlab.pretrain.corpus import Document


def encode_documents(tokenizer, docs: list[Document]):
    """One int64 tensor: each document as BOS + tokens + EOS, concatenated in order."""
    import torch

    encodings = tokenizer.backend_tokenizer.encode_batch([d.text for d in docs])
    ids = [i for enc in encodings for i in enc.ids + [tokenizer.eos_token_id]]
    return torch.tensor(ids, dtype=torch.long)


def to_blocks(stream, context: int):
    """Cut a token stream into non-overlapping blocks of `context` tokens (the tail is dropped)."""
    n_blocks = len(stream) // context
    return stream[: n_blocks * context].view(n_blocks, context)


def batch_for_step(blocks, step: int, batch_size: int, seed: int):
    """The batch of training step `step`: blocks in a seeded order, reshuffled every epoch.

    A pure function of (step, seed), so a resumed run sees exactly the batches it would have seen.
    """
    import torch

    per_epoch = max(1, len(blocks) // batch_size)
    epoch, index = divmod(step, per_epoch)
    order = torch.randperm(len(blocks), generator=torch.Generator().manual_seed(seed * 100_003 + epoch))
    return blocks[order[index * batch_size:(index + 1) * batch_size]]


def epochs_seen(blocks, step: int, batch_size: int) -> float:
    """How many passes over the training blocks `step` steps make."""
    return step * batch_size / max(1, len(blocks))
