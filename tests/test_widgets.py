"""TrainingLab orchestration, driven in-process (no browser): buttons, thread, stop, table, messages.

`run_training` is replaced by a scripted trainer that follows fine_tune's contract (callbacks,
stop Event, History), so these tests check the panel, fast; tests/test_widgets_training.py runs
the panel on a real fine_tune.
"""

import threading
import time

import pytest

from ftlab.data import Splits
from ftlab.experiments import training
from ftlab.train import LoraSettings, preset
from ftlab.train.history import History
from ftlab.widgets import TrainingLab
from ftlab.widgets.live import LiveUpdates, format_eta, progress_text
from ftlab.widgets.runs import runs_frame, runs_html

STEPS = 40  # steps of a scripted run
STEP_SECONDS = 0.02  # so that a scripted run lasts under a second


def scripted_training(config, *, splits=None, callbacks=(), stop=None, **_):
    """fine_tune's contract without a model: losses fall, val points every 4 steps."""
    data = {"n_train": len(splits.train), "n_val": len(splits.val)} if splits is not None else {}
    history = History(config=config.to_dict(), data=data, total_steps=STEPS)
    call(callbacks, "on_start", history)
    for step in range(1, STEPS + 1):
        if stop is not None and stop.is_set():
            history.stopped, history.stop_reason = True, "stop"
            break
        time.sleep(STEP_SECONDS)
        history.elapsed += STEP_SECONDS
        epoch = step / 10
        history.train.append({"step": step, "epoch": epoch, "loss": 3 / step ** 0.3, "lr": config.lr,
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


def fake_splits(n_train=64, n_val=16):
    record = {"prompt": "p", "completion": " c", "label": "conexão"}
    return Splits("classificacao", [dict(record, id=i) for i in range(n_train)],
                  [dict(record, id=i) for i in range(n_val)], [])


@pytest.fixture
def lab(monkeypatch):
    monkeypatch.setattr(training, "base_model", lambda model_name="tiny": (None, None))
    monkeypatch.setattr(training, "run_training", scripted_training)
    lab = TrainingLab(seed=0, data=fake_splits())
    lab.redraw_interval, lab.redraw_share = 0.05, 0.9  # a scripted run lasts under a second
    return lab


def test_controls_start_at_the_preset(lab):
    config, n_train = lab.settings()
    assert config == preset(seed=0)
    assert n_train == 64 and lab.controls["n_train"].options[-1] == ("todos (64)", 64)
    assert bytes(lab.plot.value).startswith(b"\x89PNG")  # an empty plot is shown before any run


def test_sliders_offer_round_values_written_one_way(lab):
    labels = [label for label, _ in lab.controls["lr"].options]
    assert labels[:4] == ["1e-5", "2e-5", "5e-5", "1e-4"] and labels[-1] == "1e-1"
    lab.controls["lr"].value = 5e-4
    lab.on_train()
    history = lab.wait(timeout=60)
    assert "5e-4" in lab.table.value and "lr=5e-4" in training_label(history)


def training_label(history):
    from ftlab.plots import history_label

    return history_label(history)


def test_lora_moves_the_step_size_and_says_why(lab):
    lab.controls["lora"].value = True
    config, _ = lab.settings()
    assert config.lora == LoraSettings() and config.lr == preset("lora").lr
    assert "LoRA" in lab.message.value and not lab.controls["lora_r"].disabled
    lab.controls["lora_r"].value = 4
    assert lab.settings()[0].lora.r == 4
    lab.controls["lora"].value = False
    assert lab.settings()[0] == preset(seed=0)


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


@pytest.mark.parametrize("n_train, n_val, words",
                         [(0, None, "vazio"), (999, None, "só 64 exemplos de treino"), (8, 0, "validação")])
def test_bad_sizes_get_a_ptbr_message_not_a_run(lab, n_train, n_val, words):
    lab.settings = lambda: (preset(seed=0), n_train)
    lab.n_val = n_val
    assert lab.on_train() is False
    assert words in lab.message.value and not lab.running and lab.runs == []


def test_a_bad_config_gets_a_ptbr_message_not_a_run(lab):
    lab.config = preset()
    lab.config.weight_decay = -1.0  # a student editing the object by hand skips the dataclass check...
    assert lab.on_train() is False  # ...replace() validates it again
    assert "weight_decay" in lab.message.value and lab.runs == []


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
    assert list(frame["lr"]) == ["1e-4", "1e-2"]
    assert list(frame.index) == [1, 2]


def test_runs_frame_reports_best_final_and_time():
    history = scripted_training(preset(lora=LoraSettings(r=4)), splits=fake_splits())
    row = runs_frame([history]).iloc[0]
    assert row["época do melhor"] == pytest.approx(2.0) and row["melhor val loss"] == pytest.approx(2.0)
    assert row["val loss final"] == pytest.approx(2.4)
    assert row["LoRA"] == "r=4" and row["situação"] == "completo"
    assert "Nenhum treino" in runs_html([])


def diverged_history() -> History:
    """A run whose validation loss blew up to 8x its start (lr far too large)."""
    history = History(config=preset(lr=1e-1).to_dict(), data={"n_train": 128}, total_steps=4, elapsed=1.0)
    history.train = [{"epoch": 0.5, "loss": 3.0, "step": 2}, {"epoch": 1.0, "loss": 9.0, "step": 4}]
    history.val = [{"epoch": 0.0, "loss": 3.0, "step": 0}, {"epoch": 1.0, "loss": 24.0, "step": 4}]
    return history


def test_a_diverged_run_is_named_in_the_table_and_the_message():
    from ftlab.widgets.lab import finished_text

    diverged = diverged_history()
    assert runs_frame([diverged]).iloc[0]["situação"] == "divergiu"
    assert "divergiu" in finished_text(diverged) and "taxa de aprendizado menor" in finished_text(diverged)
    learned = scripted_training(preset(), splits=fake_splits())
    assert "divergiu" not in finished_text(learned)


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
