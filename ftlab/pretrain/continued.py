"""Continued pre-training of the shipped tiny model for in-context learning (issue 15).

Starts from ftlab/assets/tiny (same tokenizer and vocabulary), raises the context to 512 tokens and
trains on a mixture of plain corpus text (replay: keeps the language model) and in-context episodes
(ftlab.pretrain.episodes). The loss is next-token loss on every token, with label tokens weighted up.
Checkpoints every few steps (`--resume` continues), a JSONL log, fp16 snapshots for the curve.

    nice -n 10 python -m ftlab.pretrain.continued --run-dir runs/icl --max-steps 1500
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ftlab.models.architecture import TINY_DIR

HELDOUT = Path(__file__).resolve().parents[2] / "data" / "general" / "heldout.jsonl"


@dataclass
class ContinueConfig:
    run_dir: Path = Path("runs/icl")
    init_dir: Path = TINY_DIR  # weights and tokenizer to continue from
    context: int = 512  # new context length (max_position_embeddings)
    episode_share: float = 0.5  # share of sequences made of episodes
    repeat_share: float = 0.25  # share of sequences of corpus spans repeated (copying: induction heads)
    repeat_weight: float = 2.0  # loss weight of the repeated tokens
    label_weight: float = 5.0  # loss weight of label tokens (text tokens weigh 1)
    batch_size: int = 8
    max_steps: int = 1500
    lr: float = 6e-4  # peak = stable learning rate
    min_lr_ratio: float = 0.1
    warmup_steps: int = 60
    decay_steps: int = 0  # warm-up, stable, then linear decay over the last `decay_steps` (WSD)
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    seed: int = 0
    threads: int = 2
    log_every: int = 10
    eval_every: int = 25
    eval_batches: int = 4
    checkpoint_every: int = 25
    snapshot_every: int = 100  # fp16 weights kept for the in-context curve
    max_docs: int | None = None  # test mode

    def to_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def load_start(config: ContinueConfig):
    """The model and tokenizer to continue from, with the context raised to config.context (fp32)."""
    import torch
    from transformers import AutoModelForCausalLM, PreTrainedTokenizerFast

    tokenizer = PreTrainedTokenizerFast.from_pretrained(config.init_dir)
    tokenizer.model_max_length = config.context
    model = AutoModelForCausalLM.from_pretrained(config.init_dir, dtype=torch.float32)
    model.config.max_position_embeddings = config.context
    return model, tokenizer


def corpus_parts(config: ContinueConfig):
    """Train documents, val blocks and train blocks of the same seeded split as the shipped model."""
    from ftlab.pretrain.corpus import build_documents
    from ftlab.pretrain.splits import split_documents

    docs = build_documents(config.max_docs)
    return split_documents(docs, 0, 0.05, 400)


def pack_episodes(builder, tokenizer, rng: random.Random, context: int):
    """One row of `context` tokens: whole episodes packed back to back, padding after; weights flag labels."""
    from ftlab.pretrain.episodes import episode_tokens

    ids, flags = [], []
    for _ in range(50):
        new_ids, new_flags = episode_tokens(tokenizer, builder.episode(rng))
        if len(new_ids) > context:
            continue
        if len(ids) + len(new_ids) > context:
            break
        ids += new_ids
        flags += new_flags
    return ids, flags


def repeat_row(blocks, rng: random.Random, context: int) -> tuple[list[int], list[int]]:
    """Spans (8-64 tokens) each shown 2-4 times, sometimes with corpus text between the copies.

    A quarter of the spans are corpus text, the rest random token ids (only copying predicts their
    repeats, and their first showing is not trained on). The marks: 0 = not trained, 1 = text,
    2 = a repeat. This is the data on which induction heads form (the shipped model had none: a
    repeated random sequence was no easier to predict than the first time).
    """
    ids, flags = [], []
    while len(ids) < context:
        block = blocks[rng.randrange(len(blocks))].tolist()
        length = rng.randint(8, 64)
        start = rng.randrange(len(block) - length)
        if rng.random() < 0.25:
            span, first = block[start:start + length], 1
        else:
            span, first = [rng.randrange(3, 8192) for _ in range(length)], 0
        ids += span
        flags += [first] * length
        for _ in range(rng.choice((1, 2, 3))):
            if rng.random() < 0.5:
                other = blocks[rng.randrange(len(blocks))].tolist()
                gap = rng.randint(4, 64)
                at = rng.randrange(len(other) - gap)
                ids += other[at:at + gap]
                flags += [1] * gap
            ids += span
            flags += [2] * length
    return ids[:context], flags[:context]


def batch_for_step(step: int, config: ContinueConfig, blocks, builder, tokenizer):
    """(input_ids, targets, weights) of one step, a pure function of (seed, step) for resuming."""
    import torch

    rng = random.Random(config.seed * 1_000_003 + step)
    rows, targets, weights = [], [], []
    n_episode = round(config.batch_size * config.episode_share)
    n_repeat = round(config.batch_size * config.repeat_share)
    for row in range(config.batch_size):
        if row < n_episode:
            ids, flags = pack_episodes(builder, tokenizer, rng, config.context)
            gap = config.context - len(ids)
            weight = [config.label_weight if f else 1.0 for f in flags[1:]] + [0.0] * gap + [0.0]
            ids = ids + [tokenizer.pad_token_id] * gap
        elif row < n_episode + n_repeat:
            ids, flags = repeat_row(blocks, rng, config.context)
            weight = [(0.0, 1.0, config.repeat_weight)[f] for f in flags[1:]] + [0.0]
        else:
            ids = blocks[rng.randrange(len(blocks))].tolist()
            weight = [1.0] * (config.context - 1) + [0.0]
        rows.append(ids)
        targets.append(ids[1:] + [tokenizer.pad_token_id])
        weights.append(weight)
    return torch.tensor(rows), torch.tensor(targets), torch.tensor(weights)


def weighted_loss(model, ids, targets, weights):
    """Weighted mean next-token loss; only the weighted positions are projected onto the vocabulary."""
    import torch

    hidden = model.model(input_ids=ids).last_hidden_state
    keep = weights > 0
    logits = model.lm_head(hidden[keep]).float()
    nll = torch.nn.functional.cross_entropy(logits, targets[keep], reduction="none")
    return (nll * weights[keep]).sum() / weights.sum()


def val_loss(model, val_blocks, config: ContinueConfig) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        losses = [model(input_ids=val_blocks[i:i + 8], labels=val_blocks[i:i + 8]).loss.item()
                  for i in range(0, min(len(val_blocks), config.eval_batches * 8), 8)]
    model.train()
    return sum(losses) / max(1, len(losses))


def lr_at(step: int, config: ContinueConfig) -> float:
    """Warm-up, then constant, then a linear decay to lr * min_lr_ratio over the last decay_steps.

    The stable phase does not depend on max_steps, so a run can be stopped, evaluated and resumed
    with a longer or shorter horizon (--max-steps, --decay-steps) on a CPU whose speed varies.
    """
    if step < config.warmup_steps:
        return config.lr * (step + 1) / config.warmup_steps
    decay_start = config.max_steps - config.decay_steps
    if config.decay_steps <= 0 or step < decay_start:
        return config.lr
    progress = min(1.0, (step - decay_start) / config.decay_steps)
    return config.lr * (1 - (1 - config.min_lr_ratio) * progress)


def save_snapshot(model, path: Path) -> None:
    import torch

    torch.save({k: v.to(torch.float16) for k, v in model.state_dict().items()}, path)


def train(config: ContinueConfig, resume: bool = False) -> dict:
    """Run (or resume) the continued pre-training; returns the loop state."""
    import torch

    from ftlab.pretrain.data import encode_documents, to_blocks
    from ftlab.pretrain.episodes import EpisodeBuilder
    from ftlab.pretrain.loop import RunLog, load_checkpoint, make_optimizer, save_checkpoint

    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    config.run_dir.mkdir(parents=True, exist_ok=True)
    (config.run_dir / "config.json").write_text(json.dumps(config.to_dict(), indent=2) + "\n")
    model, tokenizer = load_start(config)
    splits = corpus_parts(config)
    blocks = to_blocks(encode_documents(tokenizer, splits.train), config.context)
    val_blocks = to_blocks(encode_documents(tokenizer, splits.val), config.context)
    builder = EpisodeBuilder(splits.train)
    optimizer = make_optimizer(model, config)
    state = {"step": 0, "tokens": 0, "elapsed": 0.0}
    ckpt = config.run_dir / "checkpoint.pt"
    if resume and ckpt.exists():
        state = load_checkpoint(ckpt, model, optimizer)
    log = RunLog(config.run_dir / "log.jsonl")
    if state["step"] == 0:
        log.write(kind="start", snippets=len(builder.snippets), keywords=len(builder.keywords),
                  train_blocks=len(blocks), val_blocks=len(val_blocks))
        log.write(kind="val", step=0, val_loss=round(val_loss(model, val_blocks, config), 4))
    model.train()
    while state["step"] < config.max_steps and not (config.run_dir / "STOP").exists():
        started = time.perf_counter()
        ids, targets, weights = batch_for_step(state["step"], config, blocks, builder, tokenizer)
        for group in optimizer.param_groups:
            group["lr"] = lr_at(state["step"], config)
        loss = weighted_loss(model, ids, targets, weights)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        state["step"] += 1
        state["tokens"] += int((weights > 0).sum())
        state["elapsed"] += time.perf_counter() - started
        step = state["step"]
        if step % config.log_every == 0:
            log.write(kind="train", step=step, loss=round(loss.item(), 4), lr=lr_at(step, config),
                      tokens=state["tokens"], tok_per_s=round(state["tokens"] / state["elapsed"]))
        if step % config.eval_every == 0 or step == config.max_steps:
            log.write(kind="val", step=step, val_loss=round(val_loss(model, val_blocks, config), 4),
                      elapsed=round(state["elapsed"], 1))
        if step % config.snapshot_every == 0 or step == config.max_steps:
            save_snapshot(model, config.run_dir / f"snapshot_{step:05d}.pt")
        if step % config.checkpoint_every == 0:
            save_checkpoint(ckpt, model, optimizer, state)
    save_checkpoint(ckpt, model, optimizer, state)
    return state


def load_snapshot(path: Path, init_dir: Path = TINY_DIR, context: int = 512):
    """An fp32 model (and tokenizer) with the weights of a snapshot, for evaluation."""
    import torch

    model, tokenizer = load_start(ContinueConfig(init_dir=init_dir, context=context))
    model.load_state_dict({k: v.float() for k, v in torch.load(path, weights_only=True).items()})
    return model.eval(), tokenizer


def lm_perplexities(model, tokenizer) -> dict:
    """Perplexity on the corpus validation split (256-token blocks) and on data/general/heldout.jsonl
    (each paragraph truncated at 256 tokens): the two measurements of the model card, unchanged."""
    import math

    import torch

    from ftlab.pretrain.data import encode_documents, to_blocks
    from ftlab.pretrain.report import blocks_perplexity

    val = corpus_parts(ContinueConfig()).val
    val_blocks = to_blocks(encode_documents(tokenizer, val), 256)
    heldout = [json.loads(line)["text"] for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line]
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for text in heldout:
            ids = tokenizer(text, return_tensors="pt", truncation=True, max_length=256)["input_ids"]
            total += model(input_ids=ids, labels=ids).loss.item() * (ids.shape[1] - 1)
            count += ids.shape[1] - 1
    return {"val_tokens": int(val_blocks.numel()), "heldout_paragraphs": len(heldout),
            "val": round(blocks_perplexity(model, val_blocks, 16), 2),
            "heldout": round(math.exp(total / count), 2)}


def read_log(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "log.jsonl").read_text().splitlines() if line]


def continued_summary(run_dir: Path, step: int) -> dict:
    """Steps, tokens, time, schedule and mixture of the run up to `step` (from its log and config)."""
    from ftlab.pretrain.episodes import INSTRUCTIONS, ITEM_FIELDS, LABEL_FIELDS, EpisodeBuilder
    from ftlab.pretrain.report import hardware

    config = json.loads((run_dir / "config.json").read_text())
    log = read_log(run_dir)
    trains = [r for r in log if r["kind"] == "train" and r["step"] <= step]
    last = trains[-1]
    seconds = last["tokens"] / last["tok_per_s"]
    vals = {r["step"]: r["val_loss"] for r in log if r["kind"] == "val" and r["step"] <= step}
    return {"steps": step, "batch_size": config["batch_size"], "context": config["context"],
            "tokens_seen": last["tokens"], "train_seconds": round(seconds),
            "tokens_per_second": last["tok_per_s"],
            "lr": config["lr"], "warmup_steps": config["warmup_steps"], "decay_steps": config["decay_steps"],
            "min_lr_ratio": config["min_lr_ratio"], "weight_decay": config["weight_decay"],
            "episode_share": config["episode_share"], "label_weight": config["label_weight"],
            "families": dict(EpisodeBuilder.FAMILIES), "instructions": len(INSTRUCTIONS),
            "item_fields": len(ITEM_FIELDS), "label_fields": len(LABEL_FIELDS), "threads": config["threads"],
            "val_curve": [{"step": k, "val_loss": v} for k, v in sorted(vals.items())],
            "hardware": hardware(), "history": run_history(run_dir)}


def run_history(run_dir: Path) -> list[str]:
    """The changes made to a run while it ran (mixture, schedule, restarts), as noted in its NOTES.md."""
    notes = run_dir / "NOTES.md"
    if not notes.exists():
        return []
    lines = notes.read_text(encoding="utf-8").splitlines()
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def export(snapshot: Path, export_dir: Path, run_dir: Path, icl_path: Path | None = None) -> dict:
    """Ship a snapshot as the tiny model: fp16 export, report (stage 1 + continued stage) and card.

    `icl_path`: the JSON that bench/bench_icl.py --curve wrote (in-context scores before, after and
    along the run), copied into the report.
    """
    from ftlab.pretrain.card import write_card
    from ftlab.pretrain.pipeline import write_json
    from ftlab.pretrain.report import export_fp16, model_summary, samples

    previous = json.loads((TINY_DIR / "pretrain_report.json").read_text(encoding="utf-8"))
    stage1 = previous.get("stage1", previous)
    context = json.loads((run_dir / "config.json").read_text())["context"]
    model, tokenizer = load_snapshot(snapshot, context=context)
    step = int(snapshot.stem.split("_")[-1])
    model = export_fp16(model, tokenizer, export_dir)
    evaluation = lm_perplexities(model, tokenizer)
    report = {"model": model_summary(model), "corpus": stage1["corpus"], "training": stage1["training"],
              "continued": continued_summary(run_dir, step),
              "evaluation": {**evaluation, "val_before": stage1["evaluation"]["val_perplexity_shipped"],
                             "heldout_before": stage1["evaluation"]["heldout_perplexity_shipped"]},
              "in_context": json.loads(icl_path.read_text(encoding="utf-8")) if icl_path else None,
              "samples": samples(model, tokenizer, 4), "stage1": stage1}
    write_json(export_dir / "pretrain_report.json", report)
    write_card(report, export_dir / "MODEL_CARD.md")
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ftlab.pretrain.continued",
                                     description="Continua o pré-treino do tiny (aprendizado em contexto).")
    parser.add_argument("--run-dir", type=Path, default=Path("runs/icl"))
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--lr", type=float, default=None)
    parser.add_argument("--decay-steps", type=int, default=None, help="linear decay over the last N steps")
    parser.add_argument("--episode-share", type=float, default=None)
    parser.add_argument("--max-docs", type=int, default=None)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--export", type=Path, default=None, help="ship this snapshot instead of training")
    parser.add_argument("--export-dir", type=Path, default=TINY_DIR)
    parser.add_argument("--icl", type=Path, default=None, help="JSON of bench/bench_icl.py --curve")
    args = parser.parse_args(argv)
    if args.export:
        export(args.export, args.export_dir, args.run_dir, args.icl)
        return 0
    config = ContinueConfig(run_dir=args.run_dir)
    for name in ("max_steps", "batch_size", "lr", "decay_steps", "episode_share", "max_docs"):
        if getattr(args, name) is not None:
            setattr(config, name, getattr(args, name))
    train(config, resume=args.resume)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
