"""A fine_tune callback that keeps a plot and a progress bar up to date while a run trains.

It only decides *when* to redraw (at a validation point when `min_interval` seconds have passed
since the last redraw, between them every 2 x `min_interval`; always at start and end; and never
so often that drawing takes more than about a tenth of the run) and *what* to report; drawing is
left to the functions it is given.
Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import time

REPORT_INTERVAL = 0.4  # seconds between two progress-line updates (each one is re-rendered by the browser)
FIRST_CURVE_FACTOR = 0.5  # the first curve comes half a min_interval after the empty plot (issue 12: < 2 s)


def format_eta(seconds: float | None) -> str:
    """'faltam ~12 s' / 'faltam ~2 min' / 'calculando...' for the progress line."""
    if seconds is None:
        return "calculando o tempo restante..."
    if seconds < 90:
        return f"faltam ~{seconds:.0f} s"
    return f"faltam ~{seconds / 60:.0f} min"


def progress_text(history, finished: bool = False) -> str:
    """One line: percentage, steps and time left (or how the run ended, once it has)."""
    done = history.progress()
    step = history.train[-1]["step"] if history.train else 0
    if finished:
        ending = "interrompido" if history.stopped else "concluído"
        return f"{100 * done:.0f}% · passo {step}/{history.total_steps} · {ending} em {history.elapsed:.1f} s"
    return f"{100 * done:.0f}% · passo {step}/{history.total_steps} · {format_eta(history.eta_seconds())}"


class LiveUpdates:
    """Callback for `fine_tune`: redraws through `draw(history)`, reports through `report(history)`."""

    def __init__(self, draw, report, min_interval: float = 1.0, max_share: float = 0.1):
        self.draw = draw  # called with the live History when the plot should change
        self.report = report  # called with the live History at most every REPORT_INTERVAL s, and at the end
        self.min_interval = min_interval  # seconds between two redraws at least (drawing costs ~0.2 s of CPU)
        self.max_share = max_share  # most of the run's time that drawing may take (0.1 = a tenth)
        self.redraws = 0  # how many times the plot was redrawn in this run
        self.last_draw = 0.0  # time.monotonic() of the last redraw
        self.history = None  # the live History of the run, once it started
        self.draw_seconds = 0.0  # how long the last redraw took (sets the spacing, see max_share)
        self.total_draw_seconds = 0.0  # time spent redrawing in this run (bench/bench_lab.py prints it)
        self.last_report = 0.0  # time.monotonic() of the last progress report

    def redraw(self, history) -> None:
        started = time.monotonic()
        self.draw(history)
        self.redraws += 1
        self.last_draw = time.monotonic()
        self.draw_seconds = self.last_draw - started
        self.total_draw_seconds += self.draw_seconds

    def due(self, factor: float = 1.0) -> bool:
        """Whether a redraw is due: spaced by min_interval, and drawing keeps to its share of time."""
        wait = max(factor * self.min_interval, self.draw_seconds * (1 / self.max_share - 1))
        return time.monotonic() - self.last_draw >= wait

    def on_start(self, history) -> None:
        self.history = history
        self.report(history)
        self.redraw(history)

    def on_train_loss(self, history) -> None:
        if time.monotonic() - self.last_report >= REPORT_INTERVAL:
            self.last_report = time.monotonic()
            self.report(history)
        if self.due(factor=FIRST_CURVE_FACTOR if self.redraws < 2 else 2):
            self.redraw(history)

    def on_val_loss(self, history) -> None:
        if self.due():
            self.redraw(history)

    def on_end(self, history) -> None:
        self.report(history)
        self.redraw(history)
