"""Estimate the memory and time of a fine-tuning run before it starts.

Taught in notebooks/05_desafios (compute cost: full fine-tuning vs LoRA).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ftlab.models.lora import count_parameters
from ftlab.numbers import pt_int as pt_number


@dataclass(frozen=True)
class RunEstimate:
    """What a run is expected to cost (a rough guide, not a promise)."""

    tokens: int  # tokens processed in the whole run (examples x epochs x seq_len)
    memory_mb: float  # weights + gradients + AdamW states + activations, in MiB
    seconds: float  # expected wall time, from a timed training step on this machine
    tokens_per_second: float  # measured throughput of the timed step

    def __str__(self) -> str:
        speed = pt_number(self.tokens_per_second)
        return (f"Estimativa: {pt_number(self.tokens)} tokens, cerca de {pt_number(self.memory_mb)} MB de "
                f"memória e {pt_number(self.seconds)} s de treino ({speed} tokens/s)")


def memory_mb(model, batch_size: int, seq_len: int) -> float:
    """Weights (4 B/param) + grads and AdamW states (12 B/trainable param) + a rough activation term."""
    params = count_parameters(model)
    config = model.config
    hidden = getattr(config, "hidden_size", 256)
    layers = getattr(config, "num_hidden_layers", 4)
    activations = batch_size * seq_len * hidden * layers * 34 + batch_size * seq_len * config.vocab_size * 8
    return (4 * params.total + 12 * params.trainable + activations) / 2**20


def timed_step_seconds(model, batch_size: int, seq_len: int, repeats: int = 2) -> float:
    """Seconds of one forward+backward on random ids (gradients are cleared afterwards)."""
    import torch

    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, model.config.vocab_size, (batch_size, seq_len), generator=generator)
    ids = ids.to(model.device)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        model(input_ids=ids, labels=ids).loss.backward()
        best = min(best, time.perf_counter() - started)
    model.zero_grad(set_to_none=True)
    return best


def estimate_run(model, n_examples: int, epochs: float = 1, batch_size: int = 8,
                 seq_len: int = 128) -> RunEstimate:
    """Memory and time of fine-tuning `model` on `n_examples` for `epochs` (times one real step).

    Taught in notebooks/05_desafios.
    """
    step = timed_step_seconds(model, batch_size, seq_len)
    tokens = int(n_examples * epochs * seq_len)
    speed = batch_size * seq_len / step
    return RunEstimate(tokens, memory_mb(model, batch_size, seq_len), tokens / speed, speed)
