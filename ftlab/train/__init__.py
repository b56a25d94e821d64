"""Fine-tuning through the transformers Trainer, with ftlab's History and callbacks.

Taught in notebooks/03_treinamento. Importing this package is cheap: torch and transformers load
when a run starts.
"""

from ftlab.train.config import TrainConfig
from ftlab.train.history import History
from ftlab.train.trainer import fine_tune, save_checkpoint

__all__ = ["History", "TrainConfig", "fine_tune", "save_checkpoint"]
