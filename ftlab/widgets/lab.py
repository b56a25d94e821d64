"""TrainingLab: sliders, "Treinar"/"Parar", a live loss plot, progress with ETA and a table of runs.

Plain ipywidgets (no front-end extension), so it works in JupyterLab, the classic Notebook,
VS Code and Colab. Training runs through a WidgetRunner (ftlab/widgets/runner.py): in a background
thread, or on Colab in the kernel's own thread while widget events are handled; either way the panel
stays responsive and "Parar" is honoured while the run is going. The plot is an `ipywidgets.Image`
whose PNG bytes are replaced during the run, which every front end redraws without extra set-up.
Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ftlab import plots
from ftlab.experiments import training
from ftlab.widgets.live import LiveUpdates, progress_text
from ftlab.widgets.runner import WidgetRunner
from ftlab.widgets.runs import runs_html

WIDE = {"description_width": "150px"}  # room for the pt-BR labels
ROW = {"width": "560px"}  # sliders long enough to aim with the mouse
CHOICES = (1, 2, 4, 8, 16, 32)  # batch sizes and LoRA ranks offered


def lab_controls(values: dict, max_train: int) -> dict:
    """The setting widgets, keyed by TrainConfig field name, starting at `values`."""
    return {
        "lr": w.FloatLogSlider(value=values["lr"], base=10, min=-5, max=-1, step=0.25, readout_format=".0e",
                               description="taxa de aprendizado", style=WIDE, layout=ROW),
        "epochs": w.IntSlider(value=values["epochs"], min=1, max=30, description="épocas", style=WIDE,
                              layout=ROW),
        "n_train": w.IntSlider(value=min(values["n_train"] or max_train, max_train), min=0, max=max_train,
                               step=8, description="exemplos de treino", style=WIDE, layout=ROW),
        "batch_size": w.Dropdown(options=CHOICES, value=values["batch_size"], description="tamanho do lote",
                                 style=WIDE),
        "lora": w.Checkbox(value=bool(values["lora"]), description="LoRA (treina só adaptadores)", style=WIDE,
                             layout=ROW),
        "lora_r": w.Dropdown(options=CHOICES, value=values["lora_r"], description="rank do LoRA",
                             disabled=not values["lora"], style=WIDE),
    }


def message_html(text: str, kind: str = "info") -> str:
    """A coloured one-paragraph message (kind: info, ok, erro)."""
    color = {"info": "#333", "ok": "#1a7f37", "erro": "#b42318"}[kind]
    return f'<p style="color:{color}; margin:4px 0">{html.escape(text)}</p>'


def finished_text(history) -> str:
    """What the lab says when a run ends: how it ended and its best validation point."""
    best = history.best()
    outcome = "interrompido a seu pedido" if history.stopped else "concluído"
    if best is None:
        return f"Treino {outcome} em {history.elapsed:.1f} s, antes do primeiro ponto de validação."
    return (f"Treino {outcome} em {history.elapsed:.1f} s. Menor loss de validação: "
            f"{best['loss']:.3f} na época {best['epoch']:.2f}.")


class TrainingLab:
    """The training lab panel. Display it (last line of a cell) and use the controls.

    `settings` set the controls' starting values (lr, epochs, n_train, batch_size, lora, lora_r);
    `fixed` passes TrainConfig fields that have no control (e.g. {"n_val": 32, "precision": "fp32"}).

    `lab.on_train()` / `lab.on_stop()` are what the buttons call; `lab.wait()` blocks until the
    current run ends (for scripts and tests). Finished runs are kept in `lab.runs` (Histories).
    Taught in notebooks/03_treinamento.
    """

    redraw_interval = 1.0  # seconds between plot redraws at least (a redraw costs ~0.2 s of CPU)
    redraw_share = 0.1  # most of a run's time that redrawing may take

    def __init__(self, model_name: str = "tiny", task: str = "classificacao", seed: int = 0,
                 fixed: dict | None = None, **settings):
        self.model_name, self.task, self.seed = model_name, task, seed
        self.fixed = dict(fixed or {})  # TrainConfig fields without a control (e.g. n_val, precision)
        self.runs: list = []  # History of every finished run, oldest first
        self.live: LiveUpdates | None = None  # callback of the current (or last) run
        self._runner = WidgetRunner()  # a thread, or the kernel's thread on Colab (runner.py)
        training.base_model(model_name)  # load it now, so that the first click starts training at once
        self.controls = lab_controls({**training.default_settings(), **settings}, self._max_train())
        self._build_widgets()
        self.draw(None)

    def _max_train(self) -> int:
        return len(training.task_splits(self.task, self.seed).train)

    def _build_widgets(self) -> None:
        self.train_button = w.Button(description="Treinar", icon="play", button_style="success")
        self.stop_button = w.Button(description="Parar", icon="stop", button_style="danger", disabled=True)
        self.progress = w.FloatProgress(value=0, min=0, max=1, description="progresso", style=WIDE)
        self.status = w.Label(value="")
        self.message = w.HTML(value="")
        self.plot = w.Image(format="png", layout=w.Layout(max_width="820px"))
        self.table = w.HTML(value=runs_html(self.runs))
        self.train_button.on_click(self.on_train)
        self.stop_button.on_click(self.on_stop)
        self.controls["lora"].observe(self._toggle_rank, names="value")
        self.panel = self._layout()

    def _layout(self):
        settings = w.VBox(list(self.controls.values()))
        buttons = w.HBox([self.train_button, self.stop_button])
        return w.VBox([settings, buttons, w.HBox([self.progress, self.status]), self.message,
                       self.plot, w.HTML("<b>Treinos desta sessão</b>"), self.table])

    def _toggle_rank(self, change) -> None:
        self.controls["lora_r"].disabled = not change["new"]

    def _ipython_display_(self):
        from IPython.display import display

        display(self.panel)

    @property
    def running(self) -> bool:
        """True while a run is training."""
        return self._runner.running

    def settings(self) -> dict:
        """The values of the controls, as TrainConfig fields."""
        values = {name: control.value for name, control in self.controls.items()}
        return {**values, "lr": float(values["lr"]), "seed": self.seed}

    def on_train(self, _button=None) -> bool:
        """Start a run with the current settings in the background; False (and a message) if not."""
        if self.running:
            self.say("Já há um treino em andamento: espere ele terminar ou clique em Parar.", "erro")
            return False
        settings = self.settings()
        try:
            training.check_settings(settings, n_available=self.controls["n_train"].max)
        except training.SettingsError as error:
            self.say(str(error), "erro")
            return False
        self._start(settings)
        return True

    def _start(self, settings: dict) -> None:
        self.live = LiveUpdates(self.draw, self.report, self.redraw_interval, self.redraw_share)
        self._set_busy(True)
        self.say("Treinando... acompanhe as curvas abaixo.")
        self._runner.start(self._run, settings)

    def _run(self, settings: dict) -> None:
        try:
            history = training.run_training(settings, model_name=self.model_name, task=self.task,
                                            callbacks=[self.live], stop=self._runner.stop, **self.fixed)
            self.runs.append(history)
            self.status.value = progress_text(history, finished=True)
            self.say(finished_text(history), "ok")
            self.table.value = runs_html(self.runs)  # the plot was redrawn at the run's end (LiveUpdates)
        except training.SettingsError as error:
            self.say(str(error), "erro")
        except Exception as error:  # noqa: BLE001 - the student sees a sentence, not a traceback
            self.say(f"O treino falhou: {type(error).__name__}: {error}", "erro")
        finally:
            self._set_busy(False)

    def on_stop(self, _button=None) -> None:
        """Ask the current run to stop (it keeps its best checkpoint and lands in the table)."""
        if self.running:
            self._runner.stop.set()
            self.say("Parando o treino...")

    def wait(self, timeout: float | None = None):
        """Block until the current run ends; return the last History (None if there is none)."""
        self._runner.join(timeout)
        return self.runs[-1] if self.runs else None

    def _set_busy(self, busy: bool) -> None:
        self.train_button.disabled = busy
        self.stop_button.disabled = not busy
        for control in self.controls.values():
            control.disabled = busy
        self.controls["lora_r"].disabled = busy or not self.controls["lora"].value

    def say(self, text: str, kind: str = "info") -> None:
        """Show a pt-BR message under the buttons."""
        self.message.value = message_html(text, kind)

    def report(self, history) -> None:
        """Progress bar and its text line, from the live History."""
        self.progress.value = history.progress()
        self.status.value = progress_text(history)

    def draw(self, history) -> None:
        """Render the current run over the earlier ones into the plot widget."""
        earlier = [run for run in self.runs if run is not history]
        title = "Clique em Treinar para começar" if history is None else "Loss ao longo do treino"
        fig = plots.history_figure(history, earlier, title=title)
        self.plot.value = plots.figure_png(fig)
