"""Loss curves and comparison charts, as pure matplotlib functions (no widgets, no pyplot state).

Every function draws on an `Axes` it is given, so the same code serves a notebook cell, the live
training lab (which renders to PNG while it trains) and the unit tests.
A "history" here is anything shaped like `ftlab.train.History`: `.train` and `.val` lists of dicts
with "epoch" and "loss", and a `.config` dict.

Taught in notebooks/03_treinamento (live curves, overfitting) and notebooks/01_o_que_e_fine_tuning.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import numpy as np

TRAIN_COLOR = "tab:blue"  # training loss, in every figure of the course
VAL_COLOR = "tab:orange"  # validation loss
OVERFIT_COLOR = "tab:red"  # shaded stretch where validation rises while training falls
FADED_ALPHA = 0.7  # opacity of earlier runs drawn under the current one (visible on a projector)
DIVERGE_COLOR = "tab:purple"  # shaded stretch where the loss blows up (a step far too large)
DIVERGE_FACTOR = 1.5  # validation above 1.5x the untrained model's loss: the run diverged
# Earlier runs; never purple, the divergence shading's colour.
RUN_COLORS = ("tab:green", "tab:brown", "tab:pink", "tab:olive", "tab:cyan", "tab:gray", "black")


def new_figure(width: float = 8.0, height: float = 4.0, dpi: int = 80):
    """A pyplot-free figure with its own Agg canvas: safe to draw from a training thread."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.13, top=0.9)
    FigureCanvasAgg(fig)
    return fig


def figure_png(fig) -> bytes:
    """PNG bytes of a figure (what the lab's `ipywidgets.Image` shows); fixed margins, one draw."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def show(fig) -> None:
    """Display a figure in the notebook as a PNG (works without pyplot or an inline backend)."""
    from IPython.display import Image, display

    display(Image(figure_png(fig)))


def curve(points: Sequence[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, losses) of a list of logged points, in logging order."""
    epochs = np.array([float(p["epoch"]) for p in points], dtype=float)
    losses = np.array([float(p["loss"]) for p in points], dtype=float)
    return epochs, losses


def best_point(history) -> dict | None:
    """The validation point with the lowest loss (the first one on ties), or None before any."""
    if not history.val:
        return None
    return min(history.val, key=lambda point: float(point["loss"]))


def smoothed(values: np.ndarray, window: int) -> np.ndarray:
    """Centred moving average that keeps the length (the ends use the points that exist)."""
    if window <= 1 or len(values) < 2:
        return values.astype(float)
    kernel = np.ones(window)
    total = np.convolve(values, kernel, mode="same")
    count = np.convolve(np.ones_like(values, dtype=float), kernel, mode="same")
    return total / count


def train_loss_at(history, epochs: np.ndarray) -> np.ndarray:
    """Smoothed training loss read off at the given epochs (the validation points)."""
    train_epochs, train_losses = curve(history.train)
    window = max(1, len(train_losses) // max(1, len(history.val)))
    return np.interp(epochs, train_epochs, smoothed(train_losses, window))


def divergence_start(history, factor: float = DIVERGE_FACTOR) -> float | None:
    """The epoch where a run diverges, or None: a loss that is not a number, or validation above
    `factor` times its starting value (worse than the untrained model: the step is far too large).

    Divergence is not overfitting: there the training loss keeps falling while validation slowly
    rises; here both blow up. Taught in notebooks/03_treinamento.
    """
    if not history.val:
        return None
    start = float(history.val[0]["loss"])
    for point in history.val[1:]:
        loss = float(point["loss"])
        if not np.isfinite(loss) or loss > factor * start:
            return float(point["epoch"])
    train = [float(p["loss"]) for p in history.train]
    if any(not np.isfinite(loss) for loss in train):
        return float(next(p["epoch"] for p in history.train if not np.isfinite(float(p["loss"]))))
    return None


def overfitting_spans(history, min_rise: float = 0.01) -> list[tuple[float, float]]:
    """The stretch (as a list of 0 or 1 epoch intervals) where validation rises while training falls.

    It starts at the lowest validation loss and ends at the last validation point, and is kept only
    when validation rose by at least `min_rise` (relative to its minimum) since then while the
    (smoothed) training loss fell: bumps before the minimum are noise, since validation improved
    after them. A run that diverges (divergence_start) has no overfitting span. Live, the span
    appears as soon as validation turns up and vanishes if it reaches a new minimum.
    Taught in notebooks/03_treinamento and notebooks/05_desafios.
    """
    if len(history.val) < 2 or len(history.train) < 2 or divergence_start(history) is not None:
        return []
    val_epochs, val_losses = curve(history.val)
    val_losses = np.where(np.isnan(val_losses), np.inf, val_losses)  # a diverged point is never the best
    best, last = int(np.argmin(val_losses)), len(val_losses) - 1
    if best == last or not np.isfinite(val_losses[best]):
        return []
    train_losses = train_loss_at(history, val_epochs[[best, last]])
    rose = val_losses[last] - val_losses[best] >= min_rise * max(float(val_losses[best]), 1e-8)
    fell = bool(train_losses[1] < train_losses[0])
    return [(float(val_epochs[best]), float(val_epochs[last]))] if rose and fell else []


def lora_rank(config: dict):
    """The LoRA rank of a run's config dict, None when it trained every weight."""
    lora = config.get("lora")
    return lora.get("r") if isinstance(lora, dict) else None


def run_label(config: dict, data: dict | None = None) -> str:
    """Short legend text with a run's settings, e.g. "lr=3e-4, 5 épocas, n=200, LoRA r=8, lote 8"."""
    from ftlab.numbers import lr_text

    parts = [f"lr={lr_text(config.get('lr', 0))}", f"{config.get('epochs', '?')} épocas"]
    if (data or {}).get("n_train") is not None:
        parts.append(f"n={data['n_train']}")
    if lora_rank(config) is not None:
        parts.append(f"LoRA r={lora_rank(config)}")
    if config.get("batch_size") is not None:
        parts.append(f"lote {config['batch_size']}")
    return ", ".join(parts)


def history_label(history) -> str:
    """run_label of a History: its settings and how many examples it trained on."""
    return run_label(history.config, getattr(history, "data", None))


def plot_history(ax, history, *, label: str | None = None, faded: bool = False, color: str | None = None):
    """Train and validation loss against epochs, best validation point, overfitting shaded.

    `faded=True` draws an earlier run: one thin translucent validation line in `color`, labelled
    with its settings, without markers or shading. Taught in notebooks/03_treinamento.
    """
    if faded:
        return plot_faded(ax, history, label or history_label(history), color or "tab:gray")
    prefix = f"{label}: " if label else ""
    if history.train:
        ax.plot(*curve(history.train), color=color or TRAIN_COLOR, alpha=0.6, lw=1.2,
                label=f"{prefix}treino")
    if history.val:
        ax.plot(*curve(history.val), color=color or VAL_COLOR, marker="o", ms=3, lw=2,
                label=f"{prefix}validação")
    mark_best(ax, history, color=color)
    shade_overfitting(ax, history)
    shade_divergence(ax, history)
    style_axes(ax)
    return ax


def plot_faded(ax, history, label: str, color: str):
    """An earlier run under the current one: its validation curve only, translucent."""
    if history.val:
        ax.plot(*curve(history.val), color=color, alpha=FADED_ALPHA, lw=2, ls="--", label=label)
    return ax


def mark_best(ax, history, color: str | None = None) -> None:
    """A star on the lowest validation loss, with its value."""
    best = best_point(history)
    if best is None:
        return
    epoch, loss = float(best["epoch"]), float(best["loss"])
    ax.plot([epoch], [loss], marker="*", ms=14, color=color or "gold", mec="black", ls="none",
            label=f"mínimo da validação ({loss:.3f}, época {epoch:.1f})", zorder=5)


def shade_overfitting(ax, history) -> None:
    """Shade the overfitting span, if any (one legend entry)."""
    for start, end in overfitting_spans(history):  # at most one span
        ax.axvspan(start, end, color=OVERFIT_COLOR, alpha=0.12,
                   label="sobreajuste (validação sobe, treino cai)")


def shade_divergence(ax, history) -> None:
    """Shade the stretch after a run diverged, if it did (one legend entry)."""
    start = divergence_start(history)
    if start is not None and history.val:
        end = max(float(history.val[-1]["epoch"]), start)
        ax.axvspan(start, end if end > start else start + 0.05, color=DIVERGE_COLOR, alpha=0.15,
                   label="divergência (passo grande demais)")


def style_axes(ax, title: str | None = None) -> None:
    """Axis names in pt-BR and a legend that stays readable."""
    ax.set_xlabel("época")
    ax.set_ylabel("loss (entropia cruzada)")
    if title:
        ax.set_title(title)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=8, loc="upper right")


def plot_runs(ax, histories: Sequence, current=None, *, max_faded: int = 6, title: str | None = None):
    """Earlier runs faded (settings in the legend) under the current run drawn in full.

    Taught in notebooks/03_treinamento (the lab and the learning-rate sweep).
    """
    earlier = list(histories)[-max_faded:]
    for index, history in enumerate(earlier):
        plot_faded(ax, history, history_label(history), RUN_COLORS[index % len(RUN_COLORS)])
    if current is not None:
        plot_history(ax, current)
    style_axes(ax, title)
    return ax


def plot_sweep(ax, histories: Sequence, labels: Sequence[str] | None = None, *, title: str | None = None):
    """Several complete runs side by side (e.g. a learning-rate sweep): one color per run,
    training loss thin, validation loss with markers. Taught in notebooks/03_treinamento.
    """
    labels = labels or [history_label(history) for history in histories]
    for index, (history, label) in enumerate(zip(histories, labels, strict=True)):
        color = RUN_COLORS[index % len(RUN_COLORS)]
        if history.train:
            ax.plot(*curve(history.train), color=color, alpha=0.35, lw=1)
        if history.val:
            ax.plot(*curve(history.val), color=color, marker="o", ms=3, lw=2, label=label)
    style_axes(ax, title)
    return ax


def history_figure(history, earlier: Sequence = (), title: str | None = None):
    """A ready figure of one run over earlier ones (what the lab renders to PNG)."""
    fig = new_figure(10, 4)
    fig.subplots_adjust(right=0.66)  # the legend sits beside the curves, never over them
    ax = fig.add_subplot(1, 1, 1)
    plot_runs(ax, earlier, history, title=title)
    if ax.get_legend() is not None:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    planned = [run.config.get("epochs") for run in [*earlier, history] if run is not None and run.config]
    if any(planned):
        ax.set_xlim(0, max(float(epochs) for epochs in planned if epochs))  # the whole run from the start
    return fig


def plot_comparison(ax, names: Sequence[str], base: Sequence[float], tuned: Sequence[float],
                    *, ylabel: str = "pontuação", title: str | None = None):
    """Grouped bars: base model vs fine-tuned specialist, one group per measure, values printed.

    Taught in notebooks/01_o_que_e_fine_tuning.
    """
    x = np.arange(len(names))
    width = 0.38
    for offset, values, label, color in ((-width / 2, base, "modelo base", "tab:gray"),
                                         (width / 2, tuned, "especialista (fine-tuned)", "tab:green")):
        bars = ax.bar(x + offset, values, width, label=label, color=color)
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_xticks(x, [textwrap.fill(name, 22) for name in names])  # long measure names on 2-3 lines
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax
