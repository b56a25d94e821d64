"""TrainingLab orchestration, driven in-process (no browser): buttons, thread, stop, table, messages.

`run_training` is replaced by a scripted trainer that follows fine_tune's contract (callbacks,
stop Event, History), so these tests check the panel, fast; tests/test_widgets_training.py runs
the panel on a real fine_tune.
"""

import threading
import time
from types import SimpleNamespace

import pytest

from ftlab.experiments import training
from ftlab.train.history import History
from ftlab.widgets import TrainingLab
from ftlab.widgets.live import LiveUpdates, format_eta, progress_text
from ftlab.widgets.runs import runs_frame, runs_html

STEPS = 40  # steps of a scripted run
STEP_SECONDS = 0.02  # so that a scripted run lasts under a second


def scripted_training(settings, *, callbacks=(), stop=None, **_):
    """fine_tune's contract without a model: losses fall, val points every 4 steps."""
    history = History(config=dict(settings), total_steps=STEPS)
    call(callbacks, "on_start", history)
    for step in range(1, STEPS + 1):
        if stop is not None and stop.is_set():
            history.stopped, history.stop_reason = True, "stop"
            break
        time.sleep(STEP_SECONDS)
        history.elapsed += STEP_SECONDS
        epoch = step / 10
        history.train.append({"step": step, "epoch": epoch, "loss": 3 / step ** 0.3, "lr": settings["lr"],
                              "tokens": 100 * step, "elapsed": history.elapsed})
        call(callbacks, "on_train_loss", history)
        if step % 4 == 0:
            history.val.append({"step": step, "epoch": epoch, "loss": 2 + (epoch - 2) ** 2 / 10})
            call(callbacks, "on_val_loss", history)
    call(callbacks, "on_end", history)
    return history


def call(callbacks, name, history):
    for callback in callbacks:
        getattr(callback, name)(history)


@pytest.fixture
def lab(monkeypatch):
    splits = SimpleNamespace(train=[{"prompt": "p", "completion": " c"}] * 64, val=[], test=[])
    monkeypatch.setattr(training, "task_splits", lambda task, seed=0: splits)
    monkeypatch.setattr(training, "run_training", scripted_training)
    lab = TrainingLab(seed=0)
    lab.redraw_interval, lab.redraw_share = 0.05, 0.9  # a scripted run lasts under a second
    return lab


def test_controls_start_at_train_config_defaults(lab):
    defaults = training.default_settings()
    settings = lab.settings()
    assert settings["lr"] == pytest.approx(defaults["lr"])
    assert settings["epochs"] == defaults["epochs"] and settings["seed"] == 0
    assert lab.controls["n_train"].max == 64
    assert bytes(lab.plot.value).startswith(b"\x89PNG")  # an empty plot is shown before any run


def test_a_run_draws_live_and_lands_in_the_table(lab):
    assert lab.on_train() is True
    history = lab.wait(timeout=60)
    assert history is not None and not history.stopped
    assert lab.live.redraws >= 3  # start, at least one validation point, end
    assert lab.progress.value == pytest.approx(1.0)
    assert "100%" in lab.status.value
    assert "concluído" in lab.message.value and "completo" in lab.table.value
    assert lab.status.value.startswith("100% · passo 40/40 · concluído em")
    assert not lab.train_button.disabled and lab.stop_button.disabled


def test_second_click_does_not_start_a_second_run(lab):
    assert lab.on_train() is True
    assert lab.on_train() is False
    assert "andamento" in lab.message.value
    lab.wait(timeout=60)
    assert len(lab.runs) == 1


def test_stop_ends_the_run_and_it_lands_in_the_table(lab):
    lab.on_train()
    time.sleep(0.2)
    lab.on_stop()
    history = lab.wait(timeout=60)
    assert history.stopped and len(history.train) < STEPS
    assert "interrompido" in lab.table.value and "interrompido" in lab.message.value
    assert "interrompido em" in lab.status.value and "faltam" not in lab.status.value


@pytest.mark.parametrize(
    "field, value, words",
    [("lr", 0.0, "maior que zero"), ("n_train", 0, "vazio")],
)
def test_bad_values_get_a_ptbr_message_not_a_run(lab, field, value, words):
    lab.controls[field].value = value
    if field == "lr":  # the log slider cannot reach 0: a student can still pass it in code
        lab.settings = lambda: {**training.default_settings(), "lr": 0.0, "seed": 0}
    assert lab.on_train() is False
    assert words in lab.message.value and not lab.running and lab.runs == []


@pytest.mark.parametrize(
    "change, words",
    [
        ({"lr": 0}, "maior que zero"),
        ({"lr": -1e-3}, "maior que zero"),
        ({"lr": 5.0}, "grande demais"),
        ({"epochs": 0}, "épocas"),
        ({"n_train": 0}, "vazio"),
        ({"n_train": 999}, "só 64 exemplos"),
        ({"batch_size": 0}, "lote"),
        ({"lora": True, "lora_r": 0}, "rank"),
    ],
)
def test_check_settings_names_the_problem_in_ptbr(change, words):
    settings = {"lr": 1e-3, "epochs": 2, "n_train": 32, "batch_size": 8, "lora": False, "lora_r": 8, **change}
    with pytest.raises(training.SettingsError, match=words):
        training.check_settings(settings, n_available=64)


def test_check_settings_accepts_good_values():
    training.check_settings({"lr": 1e-3, "epochs": 2, "n_train": None, "batch_size": 8}, n_available=64)


def test_a_failing_run_shows_a_sentence_and_frees_the_buttons(lab, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("memória insuficiente")

    monkeypatch.setattr(training, "run_training", broken)
    lab.on_train()
    lab.wait(timeout=60)
    assert "O treino falhou" in lab.message.value and "memória insuficiente" in lab.message.value
    assert not lab.train_button.disabled


def test_earlier_runs_stay_in_the_table_in_order(lab):
    for lr in (1e-4, 1e-2):
        lab.controls["lr"].value = lr
        lab.on_train()
        lab.wait(timeout=60)
    frame = runs_frame(lab.runs)
    assert list(frame["lr"]) == ["1.0e-04", "1.0e-02"]
    assert list(frame.index) == [1, 2]


def test_runs_frame_reports_best_final_and_time():
    history = scripted_training({"lr": 1e-3, "epochs": 4, "n_train": 64, "batch_size": 8, "lora": True,
                                 "lora_r": 4})
    row = runs_frame([history]).iloc[0]
    assert row["época do melhor"] == pytest.approx(2.0) and row["melhor val loss"] == pytest.approx(2.0)
    assert row["val loss final"] == pytest.approx(2.4)
    assert row["LoRA"] == "r=4" and row["situação"] == "completo"
    assert "Nenhum treino" in runs_html([])


def test_live_updates_keep_drawing_to_their_share_of_time():
    def slow_draw(history):
        time.sleep(0.05)

    live = LiveUpdates(slow_draw, lambda history: None, min_interval=0, max_share=0.1)
    history = History(total_steps=10)
    live.on_start(history)
    started = time.monotonic()
    while time.monotonic() - started < 1.0:
        live.on_val_loss(history)
        time.sleep(0.01)
    assert 2 <= live.redraws <= 4  # about 0.1 s of drawing in 1 s, not one redraw per point


def test_live_updates_throttle_redraws():
    drawn = []
    live = LiveUpdates(drawn.append, lambda history: None, min_interval=10)
    history = History(total_steps=10)
    live.on_start(history)
    for _ in range(5):
        live.on_val_loss(history)
        live.on_train_loss(history)
    live.on_end(history)
    assert live.redraws == 2 == len(drawn)  # start and end only: everything else within 10 s


def test_progress_text_and_eta():
    assert format_eta(None).startswith("calculando")
    assert format_eta(12.2) == "faltam ~12 s" and format_eta(300) == "faltam ~5 min"
    history = History(total_steps=10, elapsed=2.0,
                      train=[{"step": 5, "epoch": 0.5, "loss": 1.0, "lr": 1e-3, "tokens": 1, "elapsed": 2.0}])
    assert progress_text(history) == "50% · passo 5/10 · faltam ~2 s"


def test_panel_is_responsive_while_training(lab):
    """The handler returns at once: the run lives in another thread."""
    started = time.perf_counter()
    lab.on_train()
    assert time.perf_counter() - started < 0.5 and lab.running
    assert any(t is lab._runner._thread for t in threading.enumerate())
    lab.wait(timeout=60)
