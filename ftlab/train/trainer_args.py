"""TrainConfig -> transformers TrainingArguments: quiet, no reporting, evaluation on a step schedule.

Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import dataclasses
import tempfile

from ftlab.train.config import TrainConfig
from ftlab.train.precision import resolve_precision


def training_arguments(config: TrainConfig, eval_steps: int):
    """The TrainingArguments of a run (works with transformers 4.46+ and 5.x)."""
    import torch
    from transformers import TrainingArguments

    bf16 = resolve_precision(config.precision) == "bf16"
    kwargs = dict(
        output_dir=config.output_dir or tempfile.mkdtemp(prefix="ftlab-run-"),
        learning_rate=config.lr,
        num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size,
        per_device_eval_batch_size=max(32, config.batch_size),
        weight_decay=config.weight_decay,
        lr_scheduler_type=scheduler_name(config),
        max_grad_norm=config.max_grad_norm,
        seed=config.seed,
        data_seed=config.seed,
        bf16=bf16,
        use_cpu=bf16 and not torch.cuda.is_available(),  # CPU bf16 autocast needs an explicit CPU run
        eval_strategy="steps",
        eval_steps=eval_steps,
        eval_on_start=not config.resume_from,
        prediction_loss_only=True,  # validation needs the loss only; no logits are gathered
        logging_strategy="steps",
        logging_steps=1,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        remove_unused_columns=False,
        label_names=["labels"],
        dataloader_pin_memory=False,
        optim=optimizer_name(),
    )
    return TrainingArguments(**version_specific(kwargs, config, TrainingArguments))


def optimizer_name() -> str:
    """AdamW in torch's fused kernel where this torch has one for the device (CPU and CUDA from 2.4).

    Plain AdamW loops over the parameter tensors, a dozen small operations each: in the lab's default
    run on a 2-core CPU the fused kernel took the optimizer from 1.1 s to 0.35 s (bench/README.md).
    Apple's MPS got the fused kernel later, so it keeps the plain one.
    """
    import torch
    from packaging.version import Version

    if Version(torch.__version__).release < (2, 4) or torch.backends.mps.is_available():
        return "adamw_torch"
    return "adamw_torch_fused"


def scheduler_name(config: TrainConfig) -> str:
    """The transformers scheduler name; "constant" keeps its warm-up ("constant_with_warmup")."""
    if config.lr_scheduler == "constant" and config.warmup_ratio > 0:
        return "constant_with_warmup"
    return config.lr_scheduler


def version_specific(kwargs: dict, config: TrainConfig, arguments_class) -> dict:
    """Add the warm-up and token-count options under the names this transformers version knows."""
    fields = {field.name for field in dataclasses.fields(arguments_class)}
    if "warmup_ratio" in fields:  # transformers 4.x
        kwargs.update(warmup_ratio=config.warmup_ratio, include_num_input_tokens_seen=True)
    else:  # transformers 5.x: a float warmup_steps is a ratio
        kwargs.update(warmup_steps=float(config.warmup_ratio), include_num_input_tokens_seen="non_padding")
    return kwargs
