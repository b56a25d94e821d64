"""After pre-training: keep the best weights, measure perplexities, export fp16, write report and card."""

from __future__ import annotations

import json
import math
import os
import platform
import time
from pathlib import Path

from ftlab.pretrain.config import PretrainConfig

SAMPLE_PROMPTS = (
    "Para inserir uma tabela no documento,",
    "O comando ls",
    "Uma planilha é",
    "O sistema Debian",
    "Clique em Formatar e",
    "Você pode usar",
)


def blocks_perplexity(model, blocks, batch_size: int) -> float:
    """exp(mean next-token loss) over all `blocks`, in fp32 without autocast."""
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(blocks), batch_size):
            batch = blocks[start:start + batch_size]
            n = batch.shape[0] * (batch.shape[1] - 1)
            total += model(input_ids=batch, labels=batch).loss.item() * n
            count += n
    return math.exp(total / max(1, count))


def heldout_perplexity(model, tokenizer, texts: list[str], config: PretrainConfig) -> float | None:
    """ftlab.evaluate's perplexity of the held-out paragraphs (None when there are none).

    Each paragraph is scored as a pre-training document (bos, its tokens, eos), cut at the context.
    """
    from ftlab.evaluate.scoring import perplexity

    return perplexity(model, tokenizer, texts, config.batch_size, config.context) if texts else None


def load_best(model, config: PretrainConfig) -> None:
    """Load the weights of the best validation point into `model` (when one was saved)."""
    import torch

    best = config.run_dir / "best.pt"
    if best.exists():
        model.load_state_dict(torch.load(best, weights_only=True))


def portable_tokenizer_config(export_dir: Path) -> None:
    """Name the tokenizer class PreTrainedTokenizerFast, which transformers 4.x also knows (Colab)."""
    path = export_dir / "tokenizer_config.json"
    settings = json.loads(path.read_text(encoding="utf-8"))
    settings["tokenizer_class"] = "PreTrainedTokenizerFast"
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def export_fp16(model, tokenizer, export_dir: Path):
    """Save the model in fp16 safetensors with tokenizer and a greedy generation config; reload it."""
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    export_dir.mkdir(parents=True, exist_ok=True)
    model.generation_config = GenerationConfig(
        do_sample=False, max_new_tokens=50, bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    model.to(torch.float16).save_pretrained(export_dir, safe_serialization=True)
    tokenizer.save_pretrained(export_dir)
    portable_tokenizer_config(export_dir)
    model.to(torch.float32)
    return AutoModelForCausalLM.from_pretrained(export_dir, dtype=torch.float32).eval()


def hardware() -> dict:
    """CPU model, core count, and library versions of this machine."""
    import torch
    import transformers

    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    names = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")]
    cpu = names[0] if names else platform.processor()
    return {"cpu": cpu, "cores": os.cpu_count(), "gpu": None, "python": platform.python_version(),
            "torch": torch.__version__, "transformers": transformers.__version__}


def val_curve(run_dir: Path) -> list[dict]:
    """The validation points of the run log (the last entry wins for a step logged twice)."""
    points = {}
    for line in (run_dir / "log.jsonl").read_text().splitlines():
        record = json.loads(line)
        if record["kind"] == "val":
            points[record["step"]] = record["val_loss"]
    return [{"step": s, "val_loss": v} for s, v in sorted(points.items())]


def read_heldout(config: PretrainConfig) -> list[str]:
    """The held-out general paragraphs written by `prepare` (empty when none were written)."""
    path = config.heldout_path
    if path is None or not Path(path).exists():
        return []
    return [json.loads(line)["text"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


def model_summary(model) -> dict:
    """Architecture figures of the model for the card."""
    from ftlab.models.lora import count_parameters

    c = model.config
    return {"architecture": type(model).__name__, "layers": c.num_hidden_layers, "hidden": c.hidden_size,
            "heads": c.num_attention_heads, "intermediate": c.intermediate_size,
            "context": c.max_position_embeddings, "vocab": c.vocab_size,
            "tied_embeddings": bool(c.tie_word_embeddings), "parameters": count_parameters(model).total}


def training_summary(state: dict, config: PretrainConfig, n_train_blocks: int) -> dict:
    """Steps, tokens, time and schedule of the run."""
    started = (config.run_dir / "tokenizer" / "tokenizer.json").stat().st_mtime
    return {"steps": state["step"], "max_steps": config.max_steps, "batch_size": config.batch_size,
            "context": config.context, "tokens_seen": state["tokens"],
            "epochs": round(state["step"] * config.batch_size / max(1, n_train_blocks), 3),
            "train_seconds": round(state["elapsed"], 1), "wall_seconds": round(time.time() - started, 1),
            "tokens_per_second": round(state["tokens"] / max(state["elapsed"], 1e-9)),
            "lr": config.lr, "min_lr_ratio": config.min_lr_ratio, "warmup_steps": config.warmup_steps,
            "weight_decay": config.weight_decay, "bf16": config.bf16, "threads": config.threads,
            "seed": config.seed, "best_step": state["best_step"],
            "best_val_loss": round(state["best_val_loss"], 4), "hardware": hardware()}


def baseline_perplexities(prepared, config: PretrainConfig, heldout: list[str]) -> dict:
    """Perplexities of the same architecture at random init (same seed as the run's init)."""
    from ftlab.pretrain.pipeline import build_model

    baseline, tokenizer = build_model(config, prepared.tokenizer).eval(), prepared.tokenizer
    return {"val_perplexity_random_init": blocks_perplexity(baseline, prepared.val_blocks, config.batch_size),
            "heldout_perplexity_random_init": heldout_perplexity(baseline, tokenizer, heldout, config)}


def evaluation(model, prepared, config: PretrainConfig) -> dict:
    """Validation and held-out perplexities, shipped model vs random init."""
    heldout = read_heldout(config)
    result = {"val_tokens": int(prepared.val_blocks.numel()), "heldout_paragraphs": len(heldout),
              "val_perplexity_shipped": blocks_perplexity(model, prepared.val_blocks, config.batch_size),
              "heldout_perplexity_shipped": heldout_perplexity(model, prepared.tokenizer, heldout, config)}
    result.update(baseline_perplexities(prepared, config, heldout))
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}


def samples(model, tokenizer, n: int) -> list[dict]:
    """Greedy continuations of fixed prompts."""
    from ftlab.models.generation import generate

    return [{"prompt": p, "completion": generate(model, tokenizer, p, max_new_tokens=40)}
            for p in SAMPLE_PROMPTS[:n]]


def finish(model, prepared, state: dict, config: PretrainConfig) -> dict:
    """Best weights -> (fp16 export + reload) -> evaluation, samples -> report.json (+ MODEL_CARD.md)."""
    from ftlab.pretrain.card import write_card
    from ftlab.pretrain.pipeline import write_json

    load_best(model, config)
    if config.export_dir is not None:
        model = export_fp16(model, prepared.tokenizer, Path(config.export_dir))
    report = {"model": model_summary(model), "corpus": prepared.corpus_stats,
              "training": training_summary(state, config, len(prepared.train_blocks)),
              "evaluation": evaluation(model, prepared, config),
              "samples": samples(model, prepared.tokenizer, config.n_samples),
              "val_curve": val_curve(config.run_dir), "config": config.to_dict()}
    write_json(config.run_dir / "report.json", report)
    if config.export_dir is not None:
        write_json(Path(config.export_dir) / "pretrain_report.json", report)
        write_card(report, Path(config.export_dir) / "MODEL_CARD.md")
    return report
