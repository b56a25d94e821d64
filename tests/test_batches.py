"""ftlab.train.batches: training batches of similar length, still random, every example once per epoch."""

from __future__ import annotations

import random

from ftlab.train.batches import LengthPooledSampler, pooled_batches


def padded_share(lengths: list[int], batches: list[list[int]]) -> float:
    padded = sum(max(lengths[i] for i in batch) * len(batch) for batch in batches)
    return padded / sum(lengths) - 1


def lengths_like_the_course(n: int = 130) -> list[int]:
    rng = random.Random(1)
    return [rng.randint(25, 65) for _ in range(n)]


def test_every_example_once_per_epoch_and_the_short_batch_last():
    lengths = lengths_like_the_course()
    batches = pooled_batches(lengths, 8, 8, random.Random(0))
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert [len(batch) for batch in batches] == [8] * 16 + [2]


def test_pooled_batches_pad_far_less_than_random_ones():
    lengths = lengths_like_the_course()
    order = list(range(len(lengths)))
    random.Random(0).shuffle(order)
    random_batches = [order[i:i + 8] for i in range(0, len(order), 8)]
    pooled = pooled_batches(lengths, 8, 8, random.Random(0))
    assert padded_share(lengths, random_batches) > 0.2
    assert padded_share(lengths, pooled) < 0.05


def test_epochs_differ_and_a_seed_repeats_them():
    lengths = lengths_like_the_course()
    first, again = LengthPooledSampler(lengths, 8, seed=3), LengthPooledSampler(lengths, 8, seed=3)
    epoch_0, epoch_1 = list(first), list(first)
    assert epoch_0 != epoch_1  # a new order every epoch, even without set_epoch
    again.set_epoch(1)
    assert list(again) == epoch_1  # a resumed run sees the same batches
    assert list(LengthPooledSampler(lengths, 8, seed=4)) != epoch_0
