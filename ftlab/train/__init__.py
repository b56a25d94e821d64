"""Fine-tuning through the transformers Trainer, with ftlab's History and callbacks.

Taught in notebooks/03_treinamento. Importing this package is cheap: torch and transformers load
when a run starts.
"""

from ftlab.errors import SettingsError
from ftlab.models.lora import LoraSettings
from ftlab.train.config import TrainConfig
from ftlab.train.history import History
from ftlab.train.presets import PRESETS, preset
from ftlab.train.trainer import TrainingBusy, fine_tune, save_checkpoint

__all__ = ["PRESETS", "History", "LoraSettings", "SettingsError", "TrainConfig", "TrainingBusy", "fine_tune",
           "preset", "save_checkpoint"]
