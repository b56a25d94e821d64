"""Named starting points for a TrainConfig: every run of the course is one of these plus changes.

The lab, the experiments' budgets and the graded checks all build their configs with
`preset(name, **changes)` (a `dataclasses.replace`), so a default lives in exactly one place.
Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

from dataclasses import replace

from ftlab.errors import SettingsError
from ftlab.models.lora import LoraSettings
from ftlab.train.config import TrainConfig

# LoRA trains a few thousand parameters that start at zero: at the full fine-tuning step size they
# barely move in a short run, so LoRA gets a step 10x larger (measured in bench/README.md, lab runs).
LORA_LR = 1e-2

PRESETS = {
    "padrao": TrainConfig(),  # full fine-tuning, the lab's default run (~10 s on a 2-core CPU)
    "lora": TrainConfig(lr=LORA_LR, lora=LoraSettings()),  # LoRA adapters with their own step size
}


def preset(name: str = "padrao", **changes) -> TrainConfig:
    """The preset called `name` with `changes` applied (validated: a pt-BR SettingsError if wrong)."""
    if name not in PRESETS:
        raise SettingsError(f"Preset desconhecido: {name!r}. Use um de: {', '.join(PRESETS)}.")
    return replace(PRESETS[name], **changes)
