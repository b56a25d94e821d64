"""Training throughput: ftlab's fine_tune vs a bare PyTorch loop vs a plain transformers Trainer.

Run: HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_throughput [--rounds 3] [--precision fp32] [--lora]
All train the same model copy on the same encoded examples, batches, optimizer, lr schedule and
precision, and validate at the same steps on the same examples; the runs alternate within one process so
that a background job slows them alike. Prints tokens/s (non-padding training tokens per wall second)
and the ratios to the bare loop that does ftlab's work (vocabulary logits only where the loss scores,
see ftlab/train/completion_loss.py). "bare, full logits" and the plain Trainer project every position,
as a loop or Trainer written without that trick would. Then the roofline, in the same process: fp32
matmul GFLOP/s at the model's own shapes (the peak), and the FLOP/s that the lab's default run
(TrainConfig defaults, tiny model, classification task) achieves in its training steps and over the
whole run (6 x body parameters per training token, plus attention and the output layer where scored;
2 x per validation token). Targets: ftlab >= 0.95x the bare loop; training at >= 50% of the peak.
"""

from __future__ import annotations

import argparse
import copy
import functools
import math
import os
import statistics
import time


def setup(precision: str, lora: bool, n_train: int):
    """(base model, tokenizer, splits, config) shared by every contender."""
    from ftlab.data import load_task
    from ftlab.models import load_model
    from ftlab.train import LoraSettings, preset
    from ftlab.widgets.lab import LAB_N_VAL

    model, tokenizer = load_model("tiny", lora=lora or None)  # every contender trains the same adapters
    config = preset(epochs=1, precision=precision, lora=LoraSettings() if lora else None)
    return model, tokenizer, load_task("classificacao", seed=0).subset(n_train, LAB_N_VAL, 0), config


def encoded(tokenizer, splits, config, scored: bool = True):
    """(train features, val features, collator) as fine_tune builds them; `scored` marks the scored
    positions so that the model projects only those onto the vocabulary."""
    from ftlab.train.collate import PadCollator, pad_token_id
    from ftlab.train.trainer import by_length, encode_splits

    train, val = encode_splits(None, tokenizer, splits, config)
    return train.examples, by_length(val.examples), PadCollator(pad_token_id(tokenizer), mark_scored=scored)


def train_tokens(features) -> int:
    return sum(len(f["input_ids"]) for f in features)


def run_ftlab(model, tokenizer, splits, config) -> tuple[float, float]:
    """(wall, loop) seconds of one fine_tune run; loop = History.elapsed (from the first step on)."""
    from ftlab.train import fine_tune

    started = time.perf_counter()
    history = fine_tune(model, tokenizer, splits, config)
    return time.perf_counter() - started, history.elapsed


def loop_clock():
    """A TrainerCallback that times the Trainer from on_train_begin to on_train_end."""
    from transformers import TrainerCallback

    class LoopClock(TrainerCallback):
        seconds = 0.0

        def on_train_begin(self, args, state, control, **kwargs):
            self.started = time.perf_counter()

        def on_train_end(self, args, state, control, **kwargs):
            self.seconds = time.perf_counter() - self.started

    return LoopClock()


def run_trainer(model, tokenizer, splits, config) -> tuple[float, float]:
    """(wall, loop) seconds of a plain transformers Trainer, same arguments, no ftlab callback."""
    from transformers import PrinterCallback, Trainer

    from ftlab.train.trainer import eval_every
    from ftlab.train.trainer_args import training_arguments

    started, clock = time.perf_counter(), loop_clock()
    train, val, collate = encoded(tokenizer, splits, config, scored=False)
    args = training_arguments(config, eval_every(len(train), config))
    trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=val, data_collator=collate,
                      callbacks=[clock])
    trainer.remove_callback(PrinterCallback)
    trainer.train()
    return time.perf_counter() - started, clock.seconds


def bare_loss(model, batch):
    """The model's own loss, or completion_loss over the kept logits when the batch marks them."""
    if "logits_to_keep" not in batch:
        return model(**batch).loss
    from ftlab.train.completion_loss import completion_loss

    inputs = {name: value for name, value in batch.items() if name != "labels"}
    return completion_loss(model(**inputs), batch["labels"])


def bare_evaluate(model, batches) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        losses = [bare_loss(model, batch).item() for batch in batches]
    model.train()
    return sum(losses) / len(losses)


def bare_step(model, batch, optimizer, scheduler, autocast) -> float:
    import torch

    with autocast():
        loss = bare_loss(model, batch)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad()
    return loss.item()


def run_bare(model, tokenizer, splits, config, scored: bool = True) -> tuple[float, float]:
    """(wall, loop) seconds of a hand-written loop: AdamW, linear warm-up/decay, clipping, the same
    evaluation schedule; wall also counts encoding, batching and the optimizer's creation."""
    import contextlib

    import torch
    from transformers import get_linear_schedule_with_warmup

    from ftlab.train.precision import resolve_precision
    from ftlab.train.trainer import eval_every

    set_up = time.perf_counter()
    train, val, collate = encoded(tokenizer, splits, config, scored)
    torch.manual_seed(config.seed)
    order = torch.randperm(len(train)).tolist()
    batches = [collate([train[i] for i in order[s : s + config.batch_size]])
               for s in range(0, len(order), config.batch_size)]
    val_batches = [collate(val[s : s + 32]) for s in range(0, len(val), 32)]
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay, fused=True)
    total = len(batches) * config.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, math.ceil(config.warmup_ratio * total), total)
    bf16 = resolve_precision(config.precision) == "bf16"
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if bf16 else contextlib.nullcontext
    every = eval_every(len(train), config)
    model.train()
    started = time.perf_counter()
    bare_evaluate(model, val_batches)
    for step, batch in enumerate(batches * config.epochs, start=1):
        bare_step(model, batch, optimizer, scheduler, autocast)
        if step % every == 0 or step == total:
            bare_evaluate(model, val_batches)
    ended = time.perf_counter()
    return ended - set_up, ended - started


CONTENDERS = {
    "bare loop": run_bare,  # ftlab's work, by hand: the reference of the ratios
    "bare, full logits": functools.partial(run_bare, scored=False),
    "Trainer": run_trainer,
    "ftlab": run_ftlab,
}


def alternate(base, tokenizer, splits, config, rounds: int) -> dict:
    """Seconds per contender per round; the order rotates every round."""
    names, seconds = list(CONTENDERS), {name: [] for name in CONTENDERS}
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            seconds[name].append(CONTENDERS[name](copy.deepcopy(base), tokenizer, splits, config))
    return seconds


def default_run():
    """(History, model, encoded train/val features) of the lab's default run."""
    from ftlab.data import load_task
    from ftlab.models import load_model
    from ftlab.train import fine_tune, preset
    from ftlab.widgets.lab import LAB_N_TRAIN, LAB_N_VAL

    model, tokenizer = load_model("tiny")
    splits = load_task("classificacao", seed=0).subset(LAB_N_TRAIN, LAB_N_VAL, 0)
    history = fine_tune(model, tokenizer, splits, preset())
    train, val, _ = encoded(tokenizer, splits, preset())
    return history, model, (train, val)


MATMUL_SHAPES = ((336, 256, 256), (336, 256, 688), (512, 256, 688), (1024, 1024, 1024))  # m, k, n


def matmul_gflops(m: int, k: int, n: int, seconds: float = 0.3) -> float:
    """Median GFLOP/s of an fp32 (m x k) @ (k x n) product with torch's current threads, timed for
    about `seconds` (at least 30 products): a few milliseconds say little on a shared VM."""
    import torch

    a, b = torch.randn(m, k), torch.randn(k, n)
    for _ in range(3):
        a @ b
    times, until = [], time.perf_counter() + seconds
    while len(times) < 30 or time.perf_counter() < until:
        started = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - started)
    return 2 * m * k * n / statistics.median(times) / 1e9


def matmul_peak() -> tuple[float, tuple]:
    """(GFLOP/s, shape) of the fastest of MATMUL_SHAPES right now."""
    peaks = {shape: matmul_gflops(*shape) for shape in MATMUL_SHAPES}
    shape = max(peaks, key=peaks.get)
    return peaks[shape], shape


def body_parameters(model) -> tuple[int, int, int]:
    """(transformer body parameters, hidden size, vocabulary): the body excludes the embedding table,
    which the forward pass reads (a lookup) and the output layer uses only at scored positions."""
    embedding = model.get_input_embeddings().weight
    body = sum(p.numel() for p in model.parameters()) - embedding.numel()
    return body, embedding.shape[1], embedding.shape[0]


def run_flops(history, model, train, val) -> tuple[float, float]:
    """(training FLOPs, validation FLOPs) of a run: 6 x body parameters per training token, attention
    and the output layer where scored; 2 x body parameters per validation token."""
    body, hidden, vocab = body_parameters(model)
    layers = model.config.num_hidden_layers
    tokens = [len(f["input_ids"]) for f in train]
    scored = sum(sum(1 for label in f["labels"] if label != -100) for f in train)
    attention = sum(4 * layers * hidden * t * t for t in tokens)  # QK^T and AV, forward
    per_epoch = 6 * body * sum(tokens) + 3 * attention + 6 * hidden * vocab * scored
    train_flops = history.config["epochs"] * per_epoch
    val_flops = 2 * body * sum(len(f["input_ids"]) for f in val) * len(history.val)
    return train_flops, val_flops


def roofline_once() -> dict:
    """One default run between two matmul peak measurements: achieved FLOP/s against their mean."""
    from bench.profile_run import RunProfile

    before, shape = matmul_peak()
    with RunProfile() as profile:
        history, model, (train, val) = default_run()
    after, _ = matmul_peak()
    train_flops, val_flops = run_flops(history, model, train, val)
    step_parts = ("forward (treino)", "backward", "otimizador", "corte do gradiente")
    step_s = sum(profile.seconds[part] for part in step_parts)
    peak = (before + after) / 2
    return {"peak_gflops": peak, "peak_before": before, "peak_after": after, "peak_shape": shape,
            "run_s": history.elapsed, "steps_s": step_s, "train_gflop": train_flops / 1e9,
            "steps_gflops": train_flops / step_s / 1e9,
            "run_gflops": (train_flops + val_flops) / history.elapsed / 1e9}


def roofline(repeat: int = 5) -> list[dict]:
    """Achieved FLOP/s of the default run against the matmul peak, `repeat` times in this process.

    The VM's speed drifts (the same peak measured 84 and 180 GFLOP/s in different hours), so each run
    is compared with the peak measured just before and after it, and the ratios are summarised.
    """
    import torch

    rows = []
    for index in range(repeat):
        row = roofline_once()
        rows.append(row)
        (m, k, n) = row["peak_shape"]
        print(f"roofline {index + 1}/{repeat}: peak {row['peak_before']:.1f} / {row['peak_after']:.1f} "
              f"GFLOP/s before / after ({m}x{k} @ {k}x{n}, {torch.get_num_threads()} threads); "
              f"default run {row['run_s']:.1f} s, training steps {row['steps_s']:.1f} s for "
              f"{row['train_gflop']:.0f} GFLOP "
              f"= {row['steps_gflops']:.1f} GFLOP/s = {row['steps_gflops'] / row['peak_gflops']:.0%}; "
              f"whole run {row['run_gflops'] / row['peak_gflops']:.0%}", flush=True)
    steps = [row["steps_gflops"] / row["peak_gflops"] for row in rows]
    whole = [row["run_gflops"] / row["peak_gflops"] for row in rows]
    print(f"roofline: training steps at {statistics.median(steps):.0%} of the peak "
          f"({min(steps):.0%}-{max(steps):.0%}), whole run {statistics.median(whole):.0%} "
          f"({min(whole):.0%}-{max(whole):.0%}); n={repeat}; load average {os.getloadavg()}")
    return rows


def report(seconds: dict, tokens: int) -> list[dict]:
    """One row per contender: median wall and loop seconds, tokens/s and ratios to the bare loop.

    `seconds[name]` holds one (wall, loop) pair per round. Loop = the steps and validation passes;
    wall adds each contender's set-up (encoding, building the Trainer, its start-of-run gc pass).
    """
    def median(name: str, part: int) -> float:
        return statistics.median(pair[part] for pair in seconds[name])

    def best(name: str) -> float:  # the quietest moment: the least disturbed estimate on a shared VM
        return min(pair[1] for pair in seconds[name])

    rows = []
    for name, pairs in seconds.items():
        wall, loop = median(name, 0), median(name, 1)
        rows.append({"contender": name, "wall_s": wall, "loop_s": loop, "tokens_per_s": tokens / loop,
                     "loop_ratio": median("bare loop", 1) / loop, "wall_ratio": median("bare loop", 0) / wall,
                     "best_loop_ratio": best("bare loop") / best(name),
                     "runs_loop_s": [round(pair[1], 2) for pair in pairs]})
    return rows


def compare(args) -> list[dict]:
    """Alternate the contenders for args.rounds rounds and print one line each."""
    base, tokenizer, splits, config = setup(args.precision, args.lora, args.n_train)
    tokens = train_tokens(encoded(tokenizer, splits, config)[0]) * config.epochs
    print(f"n_train={len(splits.train)} batch={config.batch_size} tokens/run={tokens}")
    rows = report(alternate(base, tokenizer, splits, config, args.rounds), tokens)
    for row in rows:
        print(f"{row['contender']:>17}: {row['tokens_per_s']:6.0f} tokens/s in the loop; vs bare: "
              f"{row['loop_ratio']:.3f}x median loop ({row['loop_s']:.2f} s), "
              f"{row['best_loop_ratio']:.3f}x best loop, {row['wall_ratio']:.3f}x median wall with set-up "
              f"({row['wall_s']:.2f} s); loops {row['runs_loop_s']}")
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (0 = only the default run)")
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "auto"])
    parser.add_argument("--lora", action="store_true", help="train LoRA adapters instead of all weights")
    parser.add_argument("--n-train", type=int, default=256, help="training examples per run")
    parser.add_argument("--skip-default", action="store_true", help="do not time the default run")
    parser.add_argument("--roofline-repeat", type=int, default=5, help="default runs for the roofline")
    args = parser.parse_args(argv)
    import torch

    print(f"threads={torch.get_num_threads()} precision={args.precision} lora={args.lora}")
    rows = compare(args) if args.rounds > 0 else []
    if not args.skip_default:
        roofline(args.roofline_repeat)
    return rows


if __name__ == "__main__":
    main()
