"""The TrainerCallback that links the transformers Trainer to ftlab's History, callbacks and stop button.

Taught in notebooks/03_treinamento. Imports transformers, so ftlab.train loads it lazily.
"""

from __future__ import annotations

import time

from transformers import TrainerCallback

from ftlab.train.best import BestWeights


def notify(callbacks, event: str, history) -> None:
    """Call `event(history)` on every ftlab callback that defines it."""
    for callback in callbacks:
        method = getattr(callback, event, None)
        if method is not None:
            method(history)


class HistoryBridge(TrainerCallback):
    """Fills the History, keeps the best weights, honours early stopping and the stop Event."""

    def __init__(self, history, callbacks=(), stop=None, patience=None, best=None):
        self.history = history  # the live History handed to every ftlab callback
        self.callbacks = list(callbacks)  # ftlab callbacks (on_start, on_train_loss, on_val_loss, on_end)
        self.stop = stop  # threading.Event set by a stop button, or None
        self.patience = patience  # evaluations without a new best before early stopping (None = off)
        self.best = best or BestWeights()  # best weights seen on the validation set
        self.evals_since_best = 0  # evaluations since the last new best
        self.started = None  # perf_counter at the start of this session
        self.offset = history.elapsed  # seconds already spent by the run being resumed

    def elapsed(self) -> float:
        return self.offset + time.perf_counter() - self.started

    def on_train_begin(self, args, state, control, **kwargs):
        self.started = time.perf_counter()
        self.history.total_steps = state.max_steps
        notify(self.callbacks, "on_start", self.history)

    def on_step_end(self, args, state, control, **kwargs):
        if self.stop is not None and self.stop.is_set():
            self._halt(control, "stop")
        elif state.global_step >= state.max_steps:
            control.should_evaluate = True  # the curve always ends with a validation point

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not logs or "loss" not in logs:
            return
        self.history.elapsed = self.elapsed()
        self.history.train.append(train_point(state, logs, self.history.elapsed))
        notify(self.callbacks, "on_train_loss", self.history)

    def on_evaluate(self, args, state, control, metrics=None, model=None, **kwargs):
        loss = float(metrics["eval_loss"])
        self.history.elapsed = self.elapsed()
        self.history.val.append({"step": state.global_step, "epoch": epoch_of(state), "loss": loss})
        self._track_best(model, loss, state.global_step, control)
        notify(self.callbacks, "on_val_loss", self.history)

    def _track_best(self, model, loss, step, control) -> None:
        if self.best.update(model, loss, step):
            self.evals_since_best = 0
            return
        self.evals_since_best += 1
        if self.patience is not None and self.evals_since_best >= self.patience:
            self._halt(control, "early_stopping")

    def _halt(self, control, reason: str) -> None:
        control.should_training_stop = True
        self.history.stopped = True
        self.history.stop_reason = self.history.stop_reason or reason


def epoch_of(state) -> float:
    """Epochs done so far, rounded for display."""
    return round(float(state.epoch or 0.0), 4)


def train_point(state, logs: dict, elapsed: float) -> dict:
    """One row of History.train from the Trainer's log of a step."""
    return {
        "step": state.global_step,
        "epoch": epoch_of(state),
        "loss": float(logs["loss"]),
        "lr": float(logs.get("learning_rate", 0.0)),
        "tokens": int(logs.get("num_input_tokens_seen", state.num_input_tokens_seen or 0)),
        "elapsed": round(elapsed, 4),
    }
