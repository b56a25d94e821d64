"""Where the seconds of a training run go: forward, backward, optimizer, validation, collation, redraw.

`RunProfile` patches, for the duration of a `with` block, the few calls a fine_tune run is made of
(the Llama model's training forward, `Tensor.backward`, `AdamW.step`, gradient clipping, ftlab's
collator, `Trainer.evaluate`) and adds up their wall time. What is left of the run's wall time is
the Trainer's own work (dataloader, logging, callbacks, scheduler). When the lab drives the run, its
redraws (`LiveUpdates.redraw`) are a part of their own, taken out of the validation passes they
follow.

Used by bench/bench_lab.py (`--profile`) and bench/bench_lab_browser.py.
"""

from __future__ import annotations

import time
from collections import defaultdict

PARTS = ("forward (treino)", "backward", "otimizador", "corte do gradiente", "validação", "colagem dos lotes",
         "redesenho do gráfico")


class RunProfile:
    """Accumulated wall seconds per part of a training run, while the `with` block is active."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.calls = defaultdict(int)
        self._undo = []

    def __enter__(self):
        import torch
        from transformers import LlamaForCausalLM, Trainer

        from ftlab.train.collate import PadCollator
        from ftlab.widgets.live import LiveUpdates

        self.watch_forward(LlamaForCausalLM)  # the tiny model's class (a Hub model's would need its own)
        self._wrap(torch.Tensor, "backward", "backward")
        self._wrap(torch.optim.AdamW, "step", "otimizador")
        self._wrap(torch.nn.utils, "clip_grad_norm_", "corte do gradiente")
        self._wrap(PadCollator, "__call__", "colagem dos lotes")
        self._wrap(Trainer, "evaluate", "validação", exclude="redesenho do gráfico")
        self._wrap(Trainer, "train", "total do Trainer.train")
        self._wrap(LiveUpdates, "redraw", "redesenho do gráfico")
        return self

    def __exit__(self, *exc):
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()

    def _wrap(self, owner, name: str, part: str, exclude: str | None = None) -> None:
        """Time every call of owner.name as `part` (minus the time spent in `exclude` meanwhile)."""
        own = name in vars(owner)
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started, excluded = time.perf_counter(), self.seconds[exclude] if exclude else 0.0
            try:
                return original(*args, **kwargs)
            finally:
                inner = (self.seconds[exclude] - excluded) if exclude else 0.0
                self.seconds[part] += time.perf_counter() - started - inner
                self.calls[part] += 1

        setattr(owner, name, timed)
        self._undo.append(lambda: setattr(owner, name, original) if own else delattr(owner, name))

    def watch_forward(self, model_class) -> None:
        """Time the training forward passes of `model_class` (validation ones are in Trainer.evaluate)."""
        original = model_class.forward

        def timed(module, *args, **kwargs):
            if not module.training:
                return original(module, *args, **kwargs)
            started = time.perf_counter()
            try:
                return original(module, *args, **kwargs)
            finally:
                self.seconds["forward (treino)"] += time.perf_counter() - started
                self.calls["forward (treino)"] += 1

        model_class.forward = timed
        self._undo.append(lambda: setattr(model_class, "forward", original))

    def rows(self, wall_s: float) -> list[tuple[str, float]]:
        """(part, seconds) for every part, then the Trainer's remainder and what is outside training."""
        train_s = self.seconds.get("total do Trainer.train", 0.0)
        inside = sum(self.seconds.get(part, 0.0) for part in PARTS)
        rows = [(part, self.seconds.get(part, 0.0)) for part in PARTS]
        rows.append(("resto do Trainer (laço, logs, callbacks)", max(0.0, train_s - inside)))
        rows.append(("fora do treino (dados, modelo, tabela)", max(0.0, wall_s - train_s)))
        return rows


def print_profile(rows: list[tuple[str, float]], wall_s: float, label: str = "profile") -> None:
    for part, seconds in rows:
        share = 100 * seconds / wall_s if wall_s else 0.0
        print(f"{label}: {part:<42} {seconds:6.2f} s  {share:5.1f}%")
    print(f"{label}: {'total (clique ao fim)':<42} {wall_s:6.2f} s")
