"""Settings of a pre-training run, in one dataclass."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ftlab.models.architecture import PRETRAIN_CONTEXT, TINY_VOCAB_SIZE


@dataclass
class PretrainConfig:
    """Everything a pre-training run depends on (saved next to its checkpoints)."""

    run_dir: Path = Path("runs/pretrain")  # checkpoints, logs, tokenizer, report.json
    export_dir: Path | None = None  # where the fp16 model is exported (None = do not export)
    heldout_path: Path | None = None  # JSONL of general paragraphs never trained on (None = skip)
    seed: int = 0  # seeds the split, the init and the batch order
    vocab_size: int = TINY_VOCAB_SIZE  # BPE vocabulary size
    context: int = PRETRAIN_CONTEXT  # tokens per training sequence
    model_overrides: dict = field(default_factory=dict)  # LlamaConfig fields that differ from tiny
    max_docs: int | None = None  # keep only this many documents (test mode)
    val_fraction: float = 0.05  # share of documents held out for validation perplexity
    heldout_paragraphs: int = 400  # general paragraphs (30-200 words) held out for forgetting
    batch_size: int = 16  # sequences per step (16 x 256 = 4,096 tokens)
    max_steps: int = 900  # optimisation steps (the cosine schedule spans them)
    lr: float = 2e-3  # peak learning rate of AdamW
    min_lr_ratio: float = 0.1  # final lr = lr * min_lr_ratio (cosine decay)
    warmup_steps: int = 50  # linear warm-up steps
    weight_decay: float = 0.1  # AdamW weight decay on matrices
    grad_clip: float = 1.0  # gradient norm clipping
    eval_every: int = 25  # steps between validation losses
    eval_batches: int = 6  # validation batches per evaluation
    checkpoint_every: int = 25  # steps between resumable checkpoints
    log_every: int = 10  # steps between train-loss log lines
    bf16: bool = False  # bf16 autocast (10x slower than fp32 on CPUs without native bf16, e.g. here)
    threads: int = 2  # torch CPU threads
    n_samples: int = 4  # generated samples in the report

    def to_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def with_test_sizes(config: PretrainConfig) -> PretrainConfig:
    """Tiny sizes that run end to end in seconds (used by tests/test_pretrain.py)."""
    return replace(
        config,
        max_docs=60,
        vocab_size=512,
        context=64,
        model_overrides=dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                             num_key_value_heads=2, max_position_embeddings=64),
        heldout_paragraphs=5,
        val_fraction=0.1,
        batch_size=4,
        max_steps=12,
        warmup_steps=2,
        eval_every=6,
        eval_batches=2,
        checkpoint_every=6,
        log_every=2,
        n_samples=1,
    )
