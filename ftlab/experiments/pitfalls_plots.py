"""Figures of notebook 05: overfitting curves, the forgetting trade-off, replay and epochs.

Matplotlib without pyplot (ftlab.plots.new_figure), so the replay panel can draw from its thread.
Taught in notebooks/05_desafios.
"""

from __future__ import annotations

from ftlab import plots

METHOD_COLORS = {"completo": "tab:red", "completo + replay 25%": "tab:green", "LoRA": "tab:blue"}
GAIN_LABEL = "ganho no domínio (bits por byte a menos nas respostas)"
FORGET_LABEL = "esquecimento (bits por byte a mais no texto geral)"


def overfitting_figure(result):
    """Validation curves of every remedy overlaid (training curves faint), one color per remedy."""
    fig = plots.new_figure(10, 5)
    names = list(result.histories)
    ax = plots.plot_sweep(fig.add_subplot(1, 1, 1), [result.histories[n] for n in names], names,
                          title="Sobreajuste e remédios: curvas de validação (linhas finas: treino)")
    ax.set_yscale("log")  # the story is in the low end: where each validation curve stops falling
    return fig


def lr_text(lr: float) -> str:
    from ftlab.numbers import lr_text as text

    return text(lr)


def plot_tradeoff(ax, points, extra=()):
    """Domain gain (x) against forgetting (y), every run at the end of each epoch.

    One color per method; a thin line joins the epochs of one run (labelled with its lr at the end).
    `extra`: further rows (dicts with the same columns), drawn as black crosses (the panel's runs).
    """
    for method, color in METHOD_COLORS.items():
        rows = points[points["método"] == method]
        for index, (lr, run) in enumerate(rows.groupby("lr")):
            run = run.sort_values("época")
            ax.plot(run["ganho no domínio"], run["esquecimento"], marker="o", color=color, lw=1,
                    label=method if index == 0 else None)
            last = run.iloc[-1]
            ax.annotate(f"lr {lr_text(lr)}", (last["ganho no domínio"], last["esquecimento"]),
                        textcoords="offset points", xytext=(4, 4), fontsize=9, color=color)
    for row in extra:
        ax.plot([row["ganho no domínio"]], [row["esquecimento"]], marker="X", ms=9, color="black", ls="none")
        ax.annotate(row["método"], (row["ganho no domínio"], row["esquecimento"]), textcoords="offset points",
                    xytext=(6, -12), fontsize=10, fontweight="bold")
    ax.margins(x=0.16, y=0.12)  # room for the labels of the right-most and top-most points
    ax.axhline(0, color="gray", lw=0.8)
    ax.set_xlabel(GAIN_LABEL)
    ax.set_ylabel(FORGET_LABEL)
    ax.set_title("Quanto se aprende da tarefa nova vs quanto se esquece (um ponto por época)")
    ax.legend(fontsize=9, loc="upper left")
    return ax


def tradeoff_figure(result, extra=()):
    fig = plots.new_figure(9, 5)
    plot_tradeoff(fig.add_subplot(1, 1, 1), result.points, extra)
    return fig


def replay_figure(sweep):
    """Forgetting and domain gain by replay fraction (the runs at the same learning rate)."""
    fig = plots.new_figure(9, 4)
    ax = fig.add_subplot(1, 1, 1)
    labels = [f"{100 * f:g}%" for f in sweep["replay"]]
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], sweep["esquecimento"], width=0.4, color="tab:red", label="esquecimento")
    ax.bar([i + 0.2 for i in x], sweep["ganho no domínio"], width=0.4, color="tab:blue",
           label="ganho no domínio")
    for i, (forget, gain) in enumerate(zip(sweep["esquecimento"], sweep["ganho no domínio"], strict=True)):
        ax.annotate(f"{forget:.3f}", (i - 0.2, forget), ha="center", va="bottom", fontsize=8)
        ax.annotate(f"{gain:.3f}", (i + 0.2, gain), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(x), labels)
    ax.set_xlabel("fração de texto geral misturada ao treino (replay)")
    ax.set_ylabel("bits por byte")
    ax.set_title("Replay: o mesmo treino com mais ou menos texto geral misturado")
    ax.legend(fontsize=8)
    return fig


def epochs_figure(result):
    """Forgetting at the end of each epoch of the full fine-tuning runs, one line per learning rate."""
    epochs = result.curve("completo", every_epoch=True)
    fig = plots.new_figure(9, 4)
    ax = fig.add_subplot(1, 1, 1)
    for index, (lr, rows) in enumerate(epochs.groupby("lr")):
        color = plots.RUN_COLORS[index % len(plots.RUN_COLORS)]
        ax.plot(rows["época"], rows["esquecimento"], marker="o", color=color, label=f"lr {lr_text(lr)}")
    ax.set_xlabel("época")
    ax.set_ylabel(FORGET_LABEL)
    ax.set_title("Treino completo: o esquecimento cresce com as épocas e com a taxa de aprendizado")
    ax.legend(fontsize=8)
    return fig
