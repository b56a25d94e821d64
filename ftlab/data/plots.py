"""Figures of the data: how labels are written and how long the texts are.

Taught in notebooks/02_preparacao_dataset.
"""

from __future__ import annotations

from collections import Counter


def plot_labels(records: list[dict], key: str = "categoria", ax=None, title: str = "Categorias"):
    """Horizontal bars: how many records carry each distinct label spelling."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 4))[1]
    counts = Counter(repr(r.get(key)) for r in records).most_common()
    ax.barh([k for k, _ in counts][::-1], [n for _, n in counts][::-1], color="#4c72b0")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylim(-0.6, len(counts) - 0.4)
    ax.set(title=title, xlabel="registros")
    return ax


def plot_lengths(lengths, ax=None, title: str = "Tamanho das mensagens", unit: str = "caracteres",
                 limit: int | None = None):
    """Histogram of lengths (log-scaled counts, so rare giants stay visible), with an optional limit line."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 4))[1]
    ax.hist(list(lengths), bins=40, color="#55a868", log=True)
    if limit:
        ax.axvline(limit, color="#c44e52", linestyle="--", label=f"limite: {limit} {unit}")
        ax.legend()
    ax.set(title=title, xlabel=unit, ylabel="registros (escala log)")
    return ax


def plot_raw_overview(records: list[dict], field: str = "mensagem"):
    """Two panels for the raw data: label spellings and message lengths."""
    import matplotlib.pyplot as plt

    spellings = len({repr(r.get("categoria")) for r in records})
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, max(4.5, 0.25 * spellings)),
                                      gridspec_kw={"width_ratios": [1, 1.2]})  # every spelling readable
    plot_labels(records, ax=left, title="Categorias como foram digitadas")
    plot_lengths([len(r.get(field) or "") for r in records], ax=right)
    fig.tight_layout()
    return fig
