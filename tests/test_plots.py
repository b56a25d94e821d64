"""ftlab.plots: overfitting detection, best point, figures that render (no display needed)."""

from types import SimpleNamespace

import numpy as np
import pytest

from ftlab import plots


def make_history(val_losses, train_losses=None, config=None):
    """A History-shaped object: val points at epochs 1..n, train points 4x as dense."""
    n = len(val_losses)
    if train_losses is None:
        train_losses = np.linspace(3.0, 1.0, 4 * n)
    train_epochs = np.linspace(0.25, n, len(train_losses))
    return SimpleNamespace(
        train=[{"step": i, "epoch": float(e), "loss": float(v)}
               for i, (e, v) in enumerate(zip(train_epochs, train_losses, strict=True))],
        val=[{"step": 4 * (i + 1), "epoch": float(i + 1), "loss": float(v)}
             for i, v in enumerate(val_losses)],
        config=config or {"lr": 3e-4, "epochs": n, "lora": {"r": 8}, "batch_size": 8},
        data={"n_train": 100},
    )


U_SHAPE = [2.5, 2.0, 1.7, 1.6, 1.65, 1.8, 2.0]


@pytest.mark.parametrize(
    "val_losses, train_losses, expected",
    [
        (U_SHAPE, None, [(4.0, 7.0)]),  # classic overfitting: after the minimum
        ([2.5, 2.0, 1.8, 1.7, 1.6, 1.55], None, []),  # still learning
        ([2.0, 2.5, 3.0, 4.0], np.linspace(2.0, 5.0, 16), []),  # divergence: both rise
        ([2.0, 1.9, 1.9005, 1.8], None, []),  # a rise below the noise threshold
        ([2.0, 1.5, 1.8, 1.4, 1.3, 1.6, 1.9], None, [(5.0, 7.0)]),  # an earlier bump is not shaded
        ([2.0, 1.5, 1.8, 1.6, 1.7, 1.65], None, [(2.0, 6.0)]),  # past the minimum, even with dips
        ([2.0, 1.5, float("nan"), float("nan")], [*np.linspace(3, 1, 8), *[float("nan")] * 8], []),  # NaN
    ],
    ids=["u-shape", "learning", "diverging", "noise", "bump-before-minimum", "dips-after-minimum",
         "diverged-to-nan"],
)
def test_overfitting_spans(val_losses, train_losses, expected):
    history = make_history(val_losses, train_losses)
    spans = plots.overfitting_spans(history)
    assert [pytest.approx(span) for span in spans] == expected


def test_too_few_points_have_no_span():
    assert plots.overfitting_spans(make_history([2.0])) == []
    assert plots.overfitting_spans(SimpleNamespace(train=[], val=[], config={})) == []


def test_best_point_is_the_minimum_validation_loss():
    best = plots.best_point(make_history(U_SHAPE))
    assert best["epoch"] == 4.0 and best["loss"] == pytest.approx(1.6)
    assert plots.best_point(SimpleNamespace(train=[], val=[], config={})) is None


def test_smoothed_keeps_length_and_constant():
    values = np.array([1.0, 1.0, 1.0, 1.0])
    assert plots.smoothed(values, 3) == pytest.approx(values)
    assert len(plots.smoothed(np.arange(10.0), 4)) == 10


def test_run_label_names_the_settings():
    label = plots.run_label({"lr": 3e-4, "epochs": 5, "lora": {"r": 8, "alpha": 16}, "batch_size": 8},
                            {"n_train": 200})
    assert label == "lr=3e-4, 5 épocas, n=200, LoRA r=8, lote 8"
    assert "LoRA" not in plots.run_label({"lr": 1e-3, "epochs": 2, "lora": None})


def test_plot_history_marks_best_and_shades_overfitting():
    fig = plots.new_figure()
    ax = fig.add_subplot(1, 1, 1)
    plots.plot_history(ax, make_history(U_SHAPE))
    labels = ax.get_legend_handles_labels()[1]
    assert "treino" in labels and "validação" in labels
    assert any(label.startswith("mínimo da validação (1.600, época 4.0)") for label in labels)
    assert any(label.startswith("sobreajuste") for label in labels)
    assert len(ax.patches) == 1  # the shaded span


def test_plot_runs_fades_earlier_runs_with_their_settings():
    earlier = [make_history([2.0, 1.8], config={"lr": lr, "epochs": 2}) for lr in (1e-5, 1e-2)]
    fig = plots.new_figure()
    ax = fig.add_subplot(1, 1, 1)
    plots.plot_runs(ax, earlier, make_history(U_SHAPE))
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["lr=1e-5, 2 épocas, n=100"].get_alpha() == plots.FADED_ALPHA
    assert lines["lr=1e-2, 2 épocas, n=100"].get_alpha() == plots.FADED_ALPHA
    assert lines["validação"].get_alpha() is None


def test_history_figure_renders_png_even_while_empty():
    empty = SimpleNamespace(train=[], val=[], config={})
    for history in (empty, make_history(U_SHAPE)):
        png = plots.figure_png(plots.history_figure(history, [make_history([2.0, 1.9])]))
        assert png.startswith(b"\x89PNG")


def test_plot_sweep_and_comparison_draw_one_entry_per_series():
    fig = plots.new_figure()
    ax1, ax2 = fig.subplots(1, 2)
    plots.plot_sweep(ax1, [make_history([2.0, 1.5]), make_history([2.0, 2.5])], ["baixa", "alta"])
    assert ax1.get_legend_handles_labels()[1] == ["baixa", "alta"]
    plots.plot_comparison(ax2, ["acurácia", "tom"], [0.2, 0.0], [0.8, 0.9])
    assert len(ax2.patches) == 4


@pytest.mark.parametrize("case, val_losses, train_losses, diverged", [
    # The case: 8 examples, lr 1e-1: validation jumps to 23 while training barely moves.
    ("jump", [4.8, 23.0, 14.0, 11.0, 9.5, 9.0, 8.8], np.linspace(4.9, 4.6, 28), True),
    ("not a number", [4.8, 6.0, float("nan"), float("nan")], np.linspace(4.9, 4.6, 16), True),
    ("overfitting", U_SHAPE, None, False),  # train keeps falling, validation rises slowly
    ("learning", [2.5, 2.0, 1.7, 1.5, 1.4], None, False),
])
def test_divergence_is_told_apart_from_overfitting(case, val_losses, train_losses, diverged):
    history = make_history(val_losses, train_losses)
    assert (plots.divergence_start(history) is not None) is diverged, case
    if diverged:
        assert plots.overfitting_spans(history) == [], case  # a blow-up is never called overfitting
    fig = plots.new_figure()
    ax = fig.add_subplot(1, 1, 1)
    plots.plot_history(ax, history)
    labels = " ".join(ax.get_legend_handles_labels()[1])
    assert ("divergência" in labels) is diverged and ("sobreajuste" in labels) is (case == "overfitting")


def test_lab_figure_keeps_the_legend_beside_the_curves():
    runs = [make_history([2.0, 1.8], config={"lr": lr, "epochs": 2}) for lr in (1e-5, 1e-4, 1e-3, 1e-2)]
    fig = plots.history_figure(make_history(U_SHAPE), runs)
    legend = fig.axes[0].get_legend()
    box = legend.get_window_extent(fig.canvas.get_renderer())
    assert box.x0 >= fig.axes[0].get_window_extent().x1  # outside the plotting area, on the right
