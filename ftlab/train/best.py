"""Keep the weights of the best validation point in memory and put them back at the end.

Taught in notebooks/05_desafios (overfitting: the best checkpoint beats the last one).
"""

from __future__ import annotations

import math
from pathlib import Path

FILE_NAME = "best_weights.safetensors"  # inside a checkpoint folder


def trainable_state(model) -> dict:
    """Copies of the trainable tensors (all weights in full fine-tuning, the adapter with LoRA)."""
    return {
        name: param.detach().to("cpu", copy=True)
        for name, param in model.named_parameters()
        if param.requires_grad
    }


class BestWeights:
    """Remembers the trainable weights at the lowest validation loss seen so far.

    Taught in notebooks/05_desafios.
    """

    def __init__(self):
        self.loss = math.inf  # lowest validation loss seen
        self.step = None  # step where it was seen
        self.state = None  # the trainable tensors at that step (on the CPU)

    def update(self, model, loss: float, step: int) -> bool:
        """Snapshot the weights when `loss` is a new best; True if it was."""
        if not loss < self.loss:
            return False
        self.loss, self.step, self.state = loss, step, trainable_state(model)
        return True

    def restore(self, model) -> bool:
        """Copy the best weights back into `model`; False when there was no snapshot."""
        if self.state is None:
            return False
        import torch

        params = dict(model.named_parameters())
        with torch.no_grad():
            for name, value in self.state.items():
                params[name].copy_(value)
        return True

    def save(self, folder) -> None:
        """Write the snapshot into a checkpoint folder (nothing when there is none)."""
        if self.state is None:
            return
        from safetensors.torch import save_file

        metadata = {"loss": repr(self.loss), "step": str(self.step)}
        save_file({k: v.contiguous() for k, v in self.state.items()}, Path(folder) / FILE_NAME, metadata)

    @classmethod
    def load(cls, folder) -> BestWeights:
        """The snapshot saved in a checkpoint folder, or an empty one when the folder has none."""
        best, path = cls(), Path(folder) / FILE_NAME
        if path.exists():
            from safetensors import safe_open

            with safe_open(str(path), framework="pt") as file:
                best.state = {name: file.get_tensor(name) for name in file.keys()}
                metadata = file.metadata()
            best.loss, best.step = float(metadata["loss"]), int(metadata["step"])
        return best
