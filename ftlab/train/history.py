"""What a run leaves behind: train loss per step, val loss per evaluation, lr, tokens, time.

Taught in notebooks/03_treinamento (live curves) and notebooks/05_desafios (overfitting).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

FORMAT_VERSION = 1


@dataclass
class History:
    """The live record of a fine-tuning run; callbacks read it while it grows.

    Taught in notebooks/03_treinamento.
    """

    config: dict = field(default_factory=dict)  # the TrainConfig of the run, as a dict
    data: dict = field(default_factory=dict)  # n_train, n_val, max_length, prompt_cut, left_out
    train: list[dict] = field(default_factory=list)  # per step: step, epoch, loss, lr, tokens, elapsed
    val: list[dict] = field(default_factory=list)  # one dict per evaluation: step, epoch, loss
    total_steps: int = 0  # optimizer steps the run plans to make
    stopped: bool = False  # True when a stop request or early stopping ended the run early
    stop_reason: str | None = None  # "stop" (request), "early_stopping" or None (ran to the end)
    elapsed: float = 0.0  # seconds of training so far (evaluations included)
    checkpoint: str | None = None  # folder of the last checkpoint, when output_dir was set

    def best(self) -> dict | None:
        """The validation point with the lowest loss (step, epoch, loss), or None before the first."""
        if not self.val:
            return None
        return dict(min(self.val, key=lambda point: point["loss"]))

    def progress(self) -> float:
        """Fraction of the planned steps done, 0..1."""
        if self.total_steps <= 0 or not self.train:
            return 0.0
        return min(1.0, self.train[-1]["step"] / self.total_steps)

    def eta_seconds(self) -> float | None:
        """Estimated seconds left, from the pace so far; None before the first step."""
        done = self.progress()
        if done <= 0:
            return None
        return self.elapsed * (1 - done) / done

    def to_frame(self):
        """One row per step: step, epoch, train_loss, val_loss (NaN off eval steps), lr, tokens, elapsed."""
        import pandas as pd

        train = pd.DataFrame(self.train, columns=["step", "epoch", "loss", "lr", "tokens", "elapsed"])
        val = pd.DataFrame(self.val, columns=["step", "epoch", "loss"])
        train = train.rename(columns={"loss": "train_loss"})
        val = val.rename(columns={"loss": "val_loss", "epoch": "val_epoch"})
        frame = train.merge(val, on="step", how="outer").sort_values("step", ignore_index=True)
        frame["epoch"] = frame["epoch"].fillna(frame.pop("val_epoch"))
        return frame[["step", "epoch", "train_loss", "val_loss", "lr", "tokens", "elapsed"]]

    def to_dict(self) -> dict:
        """Plain JSON-ready dict of the record."""
        names = ["config", "data", "train", "val", "total_steps", "stopped", "stop_reason", "elapsed",
                 "checkpoint"]
        return {"version": FORMAT_VERSION, **{name: getattr(self, name) for name in names}}

    def save(self, path) -> Path:
        """Write the record as JSON to `path` (parent folders are created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path) -> History:
        """Read a record written by `save`."""
        data = read_json(Path(path))
        data.pop("version", None)
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f'Arquivo "{path}": campo desconhecido {unknown[0]!r} (não é um History salvo)')
        return cls(**data)


def read_json(path: Path) -> dict:
    """The JSON object in `path`; a pt-BR error naming the file and line when it is not valid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f'Arquivo "{path}", linha {error.lineno}: JSON inválido ({error.msg})') from error
    if not isinstance(data, dict):
        raise ValueError(f'Arquivo "{path}", linha 1: esperava um objeto JSON {{...}} com o histórico')
    return data
