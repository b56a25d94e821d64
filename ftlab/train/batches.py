"""Training batches of examples of similar length: less padding, the same randomness where it matters.

A batch is padded to its longest example. Drawn at random, the course's classification batches hold
28% more tokens than their examples (a fifth of the forward and backward work spent on padding), and
the specialist of notebook 01, which mixes 42- and 120-token examples, far more. This sampler
shuffles the examples, sorts each pool of `pool_batches` batches by length, cuts the pool into
batches and shuffles the order of all the batches: every batch is still a random draw from a random
pool, and padding falls to about 2%. Seeded by (seed, epoch): a resumed run sees the same batches.
Taught in notebooks/03_treinamento (what a training step computes).
"""

from __future__ import annotations

import functools
import random


class LengthPooledSampler:
    """Indices of one epoch, in batch-sized runs of examples of similar length (a torch Sampler)."""

    def __init__(self, lengths: list[int], batch_size: int, seed: int, pool_batches: int = 8):
        self.lengths, self.batch_size, self.seed, self.pool_batches = lengths, batch_size, seed, pool_batches
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        """Called by the Trainer (through accelerate) at the start of every epoch."""
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.lengths)

    def __iter__(self):
        rng = random.Random(self.seed * 1_000_003 + self.epoch)
        batches = pooled_batches(self.lengths, self.batch_size, self.pool_batches, rng)
        self.epoch += 1  # the next epoch differs even where nobody calls set_epoch
        return iter([index for batch in batches for index in batch])


def pooled_batches(lengths: list[int], batch_size: int, pool_batches: int,
                   rng: random.Random) -> list[list[int]]:
    """Batches of similar-length indices in random order; the one short batch (if any) comes last."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * pool_batches
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda index: lengths[index])
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    short = [batch for batch in batches if len(batch) < batch_size]
    full = [batch for batch in batches if len(batch) == batch_size]
    rng.shuffle(full)
    return full + short


@functools.cache
def pooled_trainer_class():
    """transformers' Trainer, drawing its training batches with a LengthPooledSampler."""
    from transformers import Trainer

    class PooledTrainer(Trainer):
        def _get_train_sampler(self, *args, **kwargs):  # (train_dataset=None) in 5.x, () in 4.x
            lengths = [len(example["input_ids"]) for example in self.train_dataset]
            return LengthPooledSampler(lengths, self.args.per_device_train_batch_size, self.args.seed)

    return PooledTrainer
