"""ReplayPanel: pick a replay fraction, fine-tune, and see where the run lands on the forgetting plot.

A slider chooses how much general Portuguese is mixed into the company-answers training set; "Treinar"
runs the same fine-tune as notebook 05's forgetting experiment with that fraction (a fresh copy of
the base model, same seed), measures general and domain bits per byte, and adds the run as a black
cross over the experiment's curves and as a row of the table. Training goes through a WidgetRunner
(the kernel's own thread, polled for widget events), so the page stays responsive.

Core ipywidgets only (7.7 on Colab and 8.x). Taught in notebooks/05_desafios.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ftlab import plots
from ftlab.experiments import pitfalls, pitfalls_plots
from ftlab.widgets.runner import WidgetRunner

FRACTIONS = (0.0, 0.01, 0.05, 0.1, 0.25, 0.5)  # slider stops (share of the mixed training set)
COLUMNS = ("método", "replay", "ganho no domínio", "esquecimento", "geral", "domínio")
# inline (a widget's HTML gets no notebook table style): columns kept apart, readable on a projector
CELL_STYLE = "padding: 2px 14px; text-align: right; border-bottom: 1px solid #ddd"


def fraction_options() -> list[tuple[str, float]]:
    return [(f"{100 * f:g}%", f) for f in FRACTIONS]


def rows_html(rows: list[dict]) -> str:
    """The panel's runs as a small HTML table (numbers with 3 decimals, replay in %)."""
    if not rows:
        return "<i>Nenhum treino ainda: escolha a fração e clique em Treinar.</i>"
    head = "".join(f"<th style='{CELL_STYLE}'>{html.escape(c)}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td style='{CELL_STYLE}'>{cell(row, c)}</td>" for c in COLUMNS)
                   + "</tr>" for row in rows)
    return f"<table style='border-collapse: collapse'><tr>{head}</tr>{body}</table>"


def cell(row: dict, column: str) -> str:
    value = row[column]
    if column == "replay":
        return f"{100 * value:g}%"
    return f"{value:.3f}" if isinstance(value, float) else html.escape(str(value))


class ReplayPanel:
    """Slider + button over `result` (a pitfalls.ForgettingResult): each click adds one replay run.

    Taught in notebooks/05_desafios.
    """

    def __init__(self, result, *, budget: str = "aula", seed: int = 0, model_name: str = "tiny"):
        self.result, self.budget, self.seed, self.model_name = result, budget, seed, model_name
        self.rows: list[dict] = []  # one per finished run, oldest first
        self._runner = WidgetRunner()
        self.slider = w.SelectionSlider(options=fraction_options(), value=0.05, description="replay",
                                        continuous_update=False)
        self.train_button = w.Button(description="Treinar", icon="play", button_style="success")
        self.message = w.HTML()
        self.plot = w.Image(format="png", layout=w.Layout(max_width="760px"))
        self.table = w.HTML(rows_html(self.rows))
        self.train_button.on_click(self.on_train)
        self.panel = w.VBox([w.HBox([self.slider, self.train_button]), self.message, self.plot, self.table])
        self.draw()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.panel)

    @property
    def running(self) -> bool:
        return self._runner.running

    def on_train(self, _button=None) -> bool:
        """Start a run with the slider's fraction; False (and a message) while one is running."""
        if self.running:
            self.say("Já há um treino em andamento: espere ele terminar.")
            return False
        fraction = self.slider.value
        self.train_button.disabled = self.slider.disabled = True
        self.say(f"Treinando com {100 * fraction:g}% de texto geral misturado...")
        self._runner.start(self._run, fraction)
        return True

    def _run(self, fraction: float) -> None:
        settings = dict(budget=self.budget, seed=self.seed, model_name=self.model_name)
        try:
            row = pitfalls.replay_run(fraction, base=self.result.base, stop=self._runner.stop, **settings)
            self.rows.append(row)
            self.table.value = rows_html(self.rows)
            self.draw()
            self.say(f"Pronto: replay {100 * fraction:g}% esqueceu {row['esquecimento']:.3f} bits por byte "
                     f"e ganhou {row['ganho no domínio']:.3f} no domínio.")
        except Exception as error:  # noqa: BLE001 - the student sees a sentence, not a traceback
            self.say(f"O treino falhou: {type(error).__name__}: {error}")
        finally:
            self.train_button.disabled = self.slider.disabled = False

    def wait(self, timeout: float | None = None) -> dict | None:
        """Block until the current run ends; return its row (None if there is none)."""
        self._runner.join(timeout)
        return self.rows[-1] if self.rows else None

    def say(self, text: str) -> None:
        self.message.value = html.escape(text)

    def draw(self) -> None:
        fig = pitfalls_plots.tradeoff_figure(self.result, self.rows)
        self.plot.value = plots.figure_png(fig)
