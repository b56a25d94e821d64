"""The figures of notebook 06: accuracy per method with every run, the data-size curve, the cost lines.

Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations


def accuracy_figure(study, table, contenders):
    """Mean accuracy per method with its 95% interval; each prompting run drawn as a dot (the spread)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 0.45 * len(table) + 1.5))
    names = list(table.index)
    for y, name in enumerate(names):
        row = table.loc[name]
        ax.errorbar(row["acurácia"], y, xerr=[[row["acurácia"] - row["IC 95% baixo"]],
                                              [row["IC 95% alto"] - row["acurácia"]]],
                    fmt="o", color="tab:blue" if y < len(names) - 2 else "tab:green", capsize=3)
    runs, label = {c.name: c.runs for c in contenders}, "uma execução (formulação × sorteio)"
    for y, name in enumerate(names):
        xs = [r.accuracy(study.gold) for r in runs.get(name, [])]
        if xs:
            ax.scatter(xs, [y + 0.2] * len(xs), s=12, color="tab:orange", alpha=0.7, label=label)
            label = None
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("acurácia nas mesmas mensagens de teste (barra: IC 95%)")
    if any(runs.values()):
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def data_curve_figure(curve, prompt_name: str, prompt_interval, break_even: int | None):
    """Fine-tuning accuracy per training size against the best prompt's band, break-even marked."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    sizes = list(curve.index)
    ax.plot(sizes, curve["acurácia"], "o-", color="tab:green", label="fine-tuning completo")
    ax.fill_between(sizes, curve["IC 95% baixo"], curve["IC 95% alto"], color="tab:green", alpha=0.15)
    ax.axhline(prompt_interval.estimate, color="tab:blue", ls="--", label=f"melhor prompt ({prompt_name})")
    ax.axhspan(prompt_interval.low, prompt_interval.high, color="tab:blue", alpha=0.1)
    if break_even is not None:
        ax.axvline(break_even, color="tab:red", ls=":", label=f"empate: {break_even} exemplos")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_ylim(0, 1)
    ax.set_xlabel("exemplos de treino (escala log)")
    ax.set_ylabel("acurácia no teste")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def cost_figure(contenders, crossings: dict, max_requests: int = 1_000_000):
    """Total machine time vs number of requests, training included; where the lines cross."""
    import matplotlib.pyplot as plt
    import numpy as np

    from ftlab.experiments.prompt_vs_finetune import machine_seconds

    requests = np.logspace(0, np.log10(max_requests), 200)
    fig, ax = plt.subplots(figsize=(7, 4))
    for contender in contenders:
        ax.plot(requests, [machine_seconds(contender, n) for n in requests], label=contender.name)
    for name, n in crossings.items():
        if n is not None and 1 <= n <= max_requests:
            ax.axvline(n, color="gray", ls=":")
            ax.annotate(f"{name}: {n:,.0f}".replace(",", "."), (n, ax.get_ylim()[0]), rotation=90, fontsize=8,
                        va="bottom", ha="right")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("pedidos atendidos")
    ax.set_ylabel("tempo de máquina total (s), treino incluído")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
