"""TrainingLab: sliders, "Treinar"/"Parar", a live loss plot, progress with ETA and a table of runs.

Plain ipywidgets (no front-end extension), so it works in JupyterLab, the classic Notebook,
VS Code and Colab. Training runs through a WidgetRunner (ftlab/widgets/runner.py): in the kernel's
own thread while widget events are handled (or, with a kernel it cannot poll, in a background
thread); either way the plot updates and "Parar" is honoured while the run is going. The plot is an
`ipywidgets.Image` whose PNG bytes are replaced during the run, which every front end redraws
without extra set-up.
Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import html
from dataclasses import replace

import ipywidgets as w

from ftlab import plots
from ftlab.experiments import training
from ftlab.numbers import lr_text
from ftlab.widgets.live import LiveUpdates, progress_text
from ftlab.widgets.runner import WidgetRunner
from ftlab.widgets.runs import runs_html

WIDE = {"description_width": "140px"}  # room for the pt-BR labels
ROW = {"width": "470px"}  # sliders long enough to aim with the mouse; two columns fit a projector
NARROW = {"width": "290px"}  # the second column (lote, LoRA, rank): 470 + 290 px fit beside the file browser
CHOICES = (1, 2, 4, 8, 16, 32)  # batch sizes and LoRA ranks offered
LR_CHOICES = tuple(m * 10.0**k for k in range(-5, -1) for m in (1, 2, 5)) + (1e-1,)  # round values only
TRAIN_SIZES = (8, 16, 32, 64, 128, 256, 512)  # training set sizes offered (plus "all")
LAB_N_TRAIN = 128  # the lab's default run: ~10 s on a 2-core CPU (bench/README.md)
LAB_N_VAL = 32  # validation examples behind each point of the lab's curve, the same ones every pass
# (48 until 2026-11-26: the default run took 1.22x as long, bench/README.md "third pass")


def nearest(options, value):
    """The option closest to `value` (sliders offer round values only)."""
    return min(options, key=lambda option: abs(option - value))


def size_options(max_train: int) -> list[tuple[str, int]]:
    """(label, n) pairs of the training sizes up to `max_train`, the last one being every example."""
    sizes = [n for n in TRAIN_SIZES if n < max_train]
    return [(str(n), n) for n in sizes] + [(f"todos ({max_train})", max_train)]


def lab_controls(values: dict, max_train: int) -> dict:
    """The setting widgets, keyed by name, starting at `values`; sliders offer values, nothing is typed."""
    sizes = size_options(max_train)
    return {
        "lr": w.SelectionSlider(options=[(lr_text(v), v) for v in LR_CHOICES],
                                value=nearest(LR_CHOICES, values["lr"]), description="taxa de aprendizado",
                                style=WIDE, layout=ROW),
        "epochs": w.SelectionSlider(options=list(range(1, 31)), value=min(30, max(1, values["epochs"])),
                                    description="épocas", style=WIDE, layout=ROW),
        "n_train": w.SelectionSlider(options=sizes, description="exemplos de treino", style=WIDE, layout=ROW,
                                     value=nearest([n for _, n in sizes], values["n_train"] or max_train)),
        "batch_size": w.Dropdown(options=CHOICES, value=values["batch_size"], description="tamanho do lote",
                                 style=WIDE, layout=NARROW),
        "lora": w.Checkbox(value=bool(values["lora"]), description="usar LoRA", style=WIDE,
                           layout=NARROW),
        "lora_r": w.Dropdown(options=CHOICES, value=values["lora_r"], description="rank do LoRA",
                             disabled=not values["lora"], style=WIDE, layout=NARROW),
    }


def start_values(config, n_train: int, start: dict) -> dict:
    """The controls' starting values: the config's, the lab's size, then what the caller asked for."""
    lora = config.lora
    values = {"lr": config.lr, "epochs": config.epochs, "n_train": n_train, "batch_size": config.batch_size,
              "lora": lora is not None, "lora_r": lora.r if lora else 8}
    unknown = sorted(set(start) - set(values))
    if unknown:
        raise TypeError(f"TrainingLab: controle desconhecido {unknown[0]!r}; use um de {sorted(values)}")
    return {**values, **start}


def message_html(text: str, kind: str = "info") -> str:
    """A coloured one-paragraph message (kind: info, ok, aviso, erro)."""
    color = {"info": "#333", "ok": "#1a7f37", "aviso": "#b54708", "erro": "#b42318"}[kind]
    return f'<p style="color:{color}; margin:4px 0">{html.escape(text)}</p>'


def finished_text(history) -> str:
    """What the lab says when a run ends: how it ended and its best validation point."""
    best = history.best()
    outcome = "interrompido a seu pedido" if history.stopped else "concluído"
    if best is None:
        return f"Treino {outcome} em {history.elapsed:.1f} s, antes do primeiro ponto de validação."
    text = (f"Treino {outcome} em {history.elapsed:.1f} s. Menor loss de validação: "
            f"{best['loss']:.3f} na época {best['epoch']:.2f}.")
    if plots.divergence_start(history) is not None:
        text += (" A loss disparou (faixa roxa no gráfico): o passo é grande demais e o treino divergiu. "
                 "Tente uma taxa de aprendizado menor.")
    return text


class TrainingLab:
    """The training lab panel. Display it (last line of a cell) and use the controls.

    `data` is the Splits to train on (default: the course `task`'s); `config` the TrainConfig the
    controls start from and change (default: the "padrao" preset); `n_val` the validation examples
    behind the curve; other keywords set a control's starting value (lr, epochs, n_train,
    batch_size, lora, lora_r). `lab.on_train()` / `lab.on_stop()` are what the buttons call;
    `lab.wait()` blocks until the current run ends (for scripts and tests). Finished runs are kept in
    `lab.runs` (Histories). Taught in notebooks/03_treinamento.
    """

    redraw_interval = 1.0  # seconds between plot redraws at least (a redraw costs ~0.2 s of CPU)
    redraw_share = 0.1  # most of a run's time that redrawing may take

    def __init__(self, model_name: str = "tiny", task: str = "classificacao", seed: int = 0, data=None,
                 config=None, n_val: int | None = LAB_N_VAL, **start):
        from ftlab.train import preset

        self.model_name, self.task, self.seed, self.n_val = model_name, task, seed, n_val
        self.data = data if data is not None else training.task_splits(task, seed)  # the Splits trained on
        self.config = config or preset(seed=seed)  # what the controls start from and change
        self.runs: list = []  # History of every finished run, oldest first
        self.live: LiveUpdates | None = None  # callback of the current (or last) run
        self._runner = WidgetRunner()  # the kernel's own thread, polled for "Parar" (runner.py)
        training.base_model(model_name)  # load it now, so that the first click starts training at once
        values = start_values(self.config, min(LAB_N_TRAIN, len(self.data.train)), start)
        self.controls = lab_controls(values, len(self.data.train))
        self._build_widgets()
        self.draw(None)

    def _build_widgets(self) -> None:
        self.train_button = w.Button(description="Treinar", icon="play", button_style="success")
        self.stop_button = w.Button(description="Parar", icon="stop", button_style="danger", disabled=True)
        self.progress = w.FloatProgress(value=0, min=0, max=1, description="progresso", style=WIDE)
        self.status = w.Label(value="")
        self.message = w.HTML(value="")
        self.plot = w.Image(format="png", layout=w.Layout(max_width="800px", width="100%"))
        self.table = w.HTML(value=runs_html(self.runs), layout=w.Layout(overflow_x="auto", max_width="100%"))
        self.train_button.on_click(self.on_train)
        self.stop_button.on_click(self.on_stop)
        self.controls["lora"].observe(self._toggle_rank, names="value")
        self.panel = self._layout()

    def _layout(self):
        """Two columns of controls, one row of buttons and progress: controls, plot and table fit a
        1280x720 projector screen together."""
        sliders = w.VBox([self.controls[name] for name in ("lr", "epochs", "n_train")])
        choices = w.VBox([self.controls[name] for name in ("batch_size", "lora", "lora_r")])
        actions = w.HBox([self.train_button, self.stop_button, self.progress, self.status])
        return w.VBox([w.HBox([sliders, choices], layout=w.Layout(flex_flow="row wrap")), actions,
                       self.message, self.plot, w.HTML("<b>Treinos desta sessão</b>"), self.table])

    def _toggle_rank(self, change) -> None:
        """LoRA on/off: enable its rank and move the step size to the preset that suits it."""
        from ftlab.train import PRESETS

        self.controls["lora_r"].disabled = not change["new"]
        lr = PRESETS["lora" if change["new"] else "padrao"].lr
        self.controls["lr"].value = nearest(LR_CHOICES, lr)
        why = ("LoRA treina poucos pesos que começam em zero: com o passo do ajuste completo eles quase não "
               f"saem do lugar, então a taxa foi para {lr_text(lr)}." if change["new"] else
               f"Ajuste completo: a taxa voltou para {lr_text(lr)}, o passo que serve para todos os pesos.")
        self.say(why)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.panel)

    @property
    def running(self) -> bool:
        """True while a run is training."""
        return self._runner.running

    def settings(self):
        """(TrainConfig, n_train) that the controls describe now; SettingsError (pt-BR) if they cannot run."""
        from ftlab.models import LoraSettings

        values = {name: control.value for name, control in self.controls.items()}
        lora = replace(self.config.lora or LoraSettings(), r=values["lora_r"]) if values["lora"] else None
        config = replace(self.config, lr=float(values["lr"]), epochs=values["epochs"],
                         batch_size=values["batch_size"], lora=lora, seed=self.seed)
        return config, values["n_train"]

    def on_train(self, _button=None) -> bool:
        """Start a run with the current settings in the background; False (and a message) if not."""
        if self.running:
            self.say("Já há um treino em andamento: espere ele terminar ou clique em Parar.", "erro")
            return False
        try:
            config, n_train = self.settings()
            data = self.data.subset(n_train, self._n_val(), self.seed)
        except training.SettingsError as error:
            self.say(str(error), "erro")
            return False
        self._start(config, data)
        return True

    def _n_val(self) -> int | None:
        """The lab's validation size, or every validation example when there are fewer."""
        if isinstance(self.n_val, int) and self.n_val >= len(self.data.val):
            return None
        return self.n_val

    def _start(self, config, data) -> None:
        self.live = LiveUpdates(self.draw, self.report, self.redraw_interval, self.redraw_share)
        self._set_busy(True)
        self.say("Treinando... acompanhe as curvas abaixo.")
        self._runner.start(self._run, config, data)

    def _run(self, config, data) -> None:
        try:
            history = training.run_training(config, model_name=self.model_name, splits=data,
                                            callbacks=[self.live], stop=self._runner.stop)
            self.runs.append(history)
            self.status.value = progress_text(history, finished=True)
            self.say(finished_text(history), "aviso" if plots.divergence_start(history) is not None else "ok")
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
