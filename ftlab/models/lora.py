"""LoRA adapters through peft, and parameter counts.

Taught in notebooks/05_desafios (full fine-tuning vs LoRA) and notebooks/07_autoavaliacao (PEFT).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from ftlab.numbers import pt_int, pt_percent


@dataclass
class LoraSettings:
    """LoRA hyperparameters; the defaults train < 2% of the tiny model and work on Llama/Qwen/SmolLM."""

    r: int = 8  # rank of the low-rank update (more = more capacity, more parameters)
    alpha: int = 16  # scaling: the update is multiplied by alpha / r
    dropout: float = 0.05  # dropout on the LoRA input (regularisation)
    target_modules: tuple[str, ...] = ("q_proj", "v_proj")  # attention projections of Llama-family models


@dataclass(frozen=True)
class ParamCount:
    """Total and trainable parameters of a model."""

    total: int  # all parameters (LoRA weights included when present)
    trainable: int  # parameters with requires_grad

    @property
    def fraction(self) -> float:
        return self.trainable / self.total if self.total else 0.0

    def __str__(self) -> str:
        total, trainable = pt_int(self.total), pt_int(self.trainable)
        return f"{total} parâmetros no total, {trainable} treináveis ({pt_percent(self.fraction, 2)})"


def count_parameters(model) -> ParamCount:
    """Total and trainable parameters (tied embeddings counted once). Taught in notebooks/05_desafios."""
    params = {id(p): p for p in model.parameters()}.values()
    return ParamCount(sum(p.numel() for p in params), sum(p.numel() for p in params if p.requires_grad))


def lora_config(settings: LoraSettings):
    """The peft LoraConfig for causal language modelling."""
    from peft import LoraConfig

    return LoraConfig(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                      target_modules=list(settings.target_modules), bias="none", task_type="CAUSAL_LM")


def add_lora(model, settings: LoraSettings | None = None):
    """Wrap `model` with LoRA adapters: base weights frozen, only the adapters train.

    Taught in notebooks/05_desafios.
    """
    from peft import get_peft_model

    with warnings.catch_warnings():  # peft reads a property transformers 5 renamed: a pink box, not news
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        return get_peft_model(model, lora_config(settings or LoraSettings()))
