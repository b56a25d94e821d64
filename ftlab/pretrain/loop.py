"""The pre-training loop: AdamW, warm-up + cosine lr, bf16 autocast on CPU, resumable checkpoints."""

from __future__ import annotations

import json
import math
import time
from contextlib import nullcontext
from pathlib import Path

from ftlab.pretrain.config import PretrainConfig
from ftlab.pretrain.data import batch_for_step, epochs_seen


def lr_at(step: int, config: PretrainConfig) -> float:
    """Linear warm-up to `lr`, then cosine decay to `lr * min_lr_ratio` at `max_steps`."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    progress = min(1.0, (step - config.warmup_steps) / max(1, config.max_steps - config.warmup_steps))
    floor = config.lr * config.min_lr_ratio
    return floor + (config.lr - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def make_optimizer(model, config: PretrainConfig):
    """AdamW with weight decay on matrices only (not on norms)."""
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": config.weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=config.lr, betas=(0.9, 0.95))


def autocast(config: PretrainConfig):
    """bf16 autocast on CPU when asked for, else a no-op context."""
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16) if config.bf16 else nullcontext()


def mean_loss(model, blocks, config: PretrainConfig) -> float:
    """Mean next-token loss over the first `eval_batches` batches of `blocks` (no gradient)."""
    import torch

    model.eval()
    losses = []
    with torch.no_grad(), autocast(config):
        for start in range(0, min(len(blocks), config.eval_batches * config.batch_size), config.batch_size):
            batch = blocks[start:start + config.batch_size]
            losses.append(model(input_ids=batch, labels=batch).loss.float().item())
    model.train()
    return sum(losses) / max(1, len(losses))


def train_step(model, optimizer, batch, step: int, config: PretrainConfig) -> float:
    """One optimisation step; returns the train loss."""
    import torch

    for group in optimizer.param_groups:
        group["lr"] = lr_at(step, config)
    with autocast(config):
        loss = model(input_ids=batch, labels=batch).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss.item()


class RunLog:
    """Append-only JSONL log of a run (train and val points), echoed to stdout."""

    def __init__(self, path: Path):
        self.path = path

    def write(self, **record) -> None:
        line = json.dumps(record)
        print(line, flush=True)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def save_checkpoint(path: Path, model, optimizer, state: dict) -> None:
    """Model, optimizer and loop state, written atomically (resume with --resume)."""
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": state}, tmp)
    tmp.replace(path)


def load_checkpoint(path: Path, model, optimizer) -> dict:
    """Restore model and optimizer from `path`; returns the saved loop state."""
    import torch

    saved = torch.load(path, weights_only=False)
    model.load_state_dict(saved["model"])
    optimizer.load_state_dict(saved["optimizer"])
    return saved["state"]


def evaluate_and_keep_best(model, val_blocks, state: dict, config: PretrainConfig, log: RunLog) -> None:
    """Log the val loss at this step; save the weights when it is the best so far."""
    import torch

    val_loss = mean_loss(model, val_blocks, config)
    log.write(kind="val", step=state["step"], val_loss=round(val_loss, 4), elapsed=round(state["elapsed"], 1))
    if val_loss < state["best_val_loss"]:
        state.update(best_val_loss=val_loss, best_step=state["step"])
        torch.save(model.state_dict(), config.run_dir / "best.pt")


def train(model, train_blocks, val_blocks, config: PretrainConfig, resume: bool = False,
          until: int | None = None) -> dict:
    """Pre-train `model`; returns the final loop state (step, tokens, elapsed, best val loss/step).

    Stops early when run_dir/STOP exists or at step `until` (an interruption, for tests); the
    checkpoint written then lets `resume=True` continue exactly where it stopped.
    """
    optimizer = make_optimizer(model, config)
    ckpt = config.run_dir / "checkpoint.pt"
    state = {"step": 0, "tokens": 0, "elapsed": 0.0, "best_val_loss": float("inf"), "best_step": -1}
    if resume and ckpt.exists():
        state = load_checkpoint(ckpt, model, optimizer)
    log = RunLog(config.run_dir / "log.jsonl")
    model.train()
    last = config.max_steps if until is None else min(until, config.max_steps)
    while state["step"] < last and not (config.run_dir / "STOP").exists():
        started = time.perf_counter()
        batch = batch_for_step(train_blocks, state["step"], config.batch_size, config.seed)
        loss = train_step(model, optimizer, batch, state["step"], config)
        state["step"] += 1
        state["tokens"] += batch.numel()
        state["elapsed"] += time.perf_counter() - started
        if state["step"] % config.log_every == 0:
            log.write(kind="train", step=state["step"], loss=round(loss, 4), lr=lr_at(state["step"], config),
                      tokens=state["tokens"], epoch=round(epochs_seen(train_blocks, state["step"],
                      config.batch_size), 3), tok_per_s=round(state["tokens"] / state["elapsed"]))
        if state["step"] % config.eval_every == 0 or state["step"] == config.max_steps:
            evaluate_and_keep_best(model, val_blocks, state, config, log)
        if state["step"] % config.checkpoint_every == 0:
            save_checkpoint(ckpt, model, optimizer, state)
    save_checkpoint(ckpt, model, optimizer, state)
    return state
