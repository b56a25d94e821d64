"""The lab's table of runs: one row per finished (or stopped) run, built from its History.

Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

from ftlab.numbers import lr_text
from ftlab.plots import divergence_start, lora_rank

COLUMNS = ["lr", "épocas", "exemplos", "lote", "LoRA", "melhor val loss", "época do melhor",
           "val loss final", "tempo (s)", "situação"]


# Readable cells in every front end (the table is plain HTML inside an ipywidgets.HTML).
TABLE_STYLE = ("<style>.ftlab-runs {border-collapse: collapse} .ftlab-runs th, .ftlab-runs td "
               "{padding: 2px 10px; text-align: right; white-space: nowrap; "
               "border-bottom: 1px solid #ddd}</style>")


def lora_text(config: dict) -> str:
    """'r=8' when the run trained LoRA adapters, 'não' when it trained every weight."""
    rank = lora_rank(config)
    return "não" if rank is None else f"r={rank}"


def run_row(history) -> dict:
    """The table row of one run: its settings, best and final validation loss, time, outcome."""
    config, best = history.config, history.best()
    final = history.val[-1]["loss"] if history.val else None
    return {
        "lr": lr_text(config.get("lr", 0)),
        "épocas": config.get("epochs"),
        "exemplos": history.data.get("n_train", "-"),
        "lote": config.get("batch_size"),
        "LoRA": lora_text(config),
        "melhor val loss": round(best["loss"], 4) if best else None,
        "época do melhor": round(best["epoch"], 2) if best else None,
        "val loss final": round(final, 4) if final is not None else None,
        "tempo (s)": round(history.elapsed, 1),
        "situação": outcome(history),
    }


def outcome(history) -> str:
    """How a run ended, in one word: stopped by the student, diverged (the step was far too large) or
    completed."""
    if history.stopped:
        return "interrompido"
    return "divergiu" if divergence_start(history) is not None else "completo"


def runs_frame(histories):
    """A pandas DataFrame with one row per run, numbered from 1 in the order they ran."""
    import pandas as pd

    frame = pd.DataFrame([run_row(history) for history in histories], columns=COLUMNS)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="treino")
    return frame


def runs_html(histories) -> str:
    """The table as HTML for an `ipywidgets.HTML` (a hint while there is no run yet)."""
    if not histories:
        return "<i>Nenhum treino ainda: ajuste os controles e clique em <b>Treinar</b>.</i>"
    return TABLE_STYLE + runs_frame(histories).to_html(na_rep="-", border=0, classes="ftlab-runs")
