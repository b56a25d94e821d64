"""ftlab.train: encoding, config, History, and fine_tune's promises (curves, seeds, stop, best, resume)."""

from __future__ import annotations

import json
import math
import threading
import time

import pytest
from test_train_helpers import small_model, synthetic_splits

from ftlab.train import History, LoraSettings, SettingsError, TrainConfig, TrainingBusy, fine_tune, preset
from ftlab.train.collate import IGNORE_INDEX, PadCollator, encode_example, fit_examples, needed_length
from ftlab.train.trainer import eval_every, one_run_at_a_time

# A run small enough for a unit test: 64 examples (the synthetic splits), batch 8, 2 epochs = 16 steps.
SMALL = dict(batch_size=8, epochs=2, lr=3e-3, precision="fp32")


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def splits():
    return synthetic_splits()


def run(tokenizer, splits, callbacks=(), stop=None, **overrides):
    """fine_tune a fresh small model; returns (model, history)."""
    model = small_model()
    history = fine_tune(model, tokenizer, splits, TrainConfig(**{**SMALL, **overrides}), callbacks, stop)
    return model, history


def test_encoding_puts_the_loss_on_the_completion_only(tokenizer):
    example = encode_example(tokenizer, "Mensagem: sem sinal\nCategoria:", " conexão", max_length=64)
    prompt_len = example["labels"].count(IGNORE_INDEX)
    assert example["input_ids"][0] == tokenizer.bos_token_id
    assert example["input_ids"][-1] == tokenizer.eos_token_id
    assert example["labels"][prompt_len:] == example["input_ids"][prompt_len:]
    assert tokenizer.decode(example["input_ids"][prompt_len:-1]) == " conexão"


def test_a_long_prompt_loses_its_start_never_the_completion(tokenizer):
    example = encode_example(tokenizer, "palavra " * 100 + "fim\nCategoria:", " planos", max_length=32)
    assert len(example["input_ids"]) == 32
    assert example["input_ids"][0] == tokenizer.bos_token_id
    assert tokenizer.decode(example["input_ids"]).endswith("fim\nCategoria: planos<|eos|>")


def test_a_long_completion_keeps_its_end_and_is_counted_never_cut(tokenizer):
    prompt = tokenizer("Cliente: oi\nAtendente:", add_special_tokens=False)["input_ids"]
    long_answer = list(range(10, 70)) + [tokenizer.eos_token_id]  # 61 tokens, ends with eos
    pairs = [(prompt, long_answer), (prompt, [11, 12, tokenizer.eos_token_id]), (prompt * 20, [13, 2])]
    encoded = fit_examples(pairs, max_length=48)
    assert encoded.left_out == [0] and encoded.prompt_cut == [2]  # reported, not silently cut
    assert all(example["input_ids"][-1] in (tokenizer.eos_token_id, 2) for example in encoded.examples)
    assert needed_length(pairs[:2], context=256) == len(prompt) + len(long_answer)  # the longest example
    assert needed_length(pairs, context=256) == 256  # never beyond the model's context


def test_a_run_records_what_did_not_fit(tokenizer, splits):
    model = small_model()
    history = fine_tune(model, tokenizer, splits, TrainConfig(**{**SMALL, "epochs": 1, "max_length": 12}))
    data = history.data
    assert data["n_train"] + data["n_val"] + data["left_out"] == len(splits.train) + len(splits.val)
    assert data["prompt_cut"] > 0 and data["max_length"] == 12


def test_max_length_comes_from_the_data_when_not_set(tokenizer, splits):
    model = small_model()
    history = fine_tune(model, tokenizer, splits, TrainConfig(**{**SMALL, "epochs": 1}))
    longest = max(len(encode_example(tokenizer, r["prompt"], r["completion"], 10_000)["input_ids"])
                  for r in splits.train + splits.val)
    assert history.data["max_length"] == longest and history.data["prompt_cut"] == 0


@pytest.mark.parametrize("side", ["right", "left"])
def test_padding_is_dynamic_and_masked(side):
    batch = PadCollator(pad_id=0, side=side)([{"input_ids": [5, 6, 7], "labels": [-100, 6, 7]},
                                              {"input_ids": [8], "labels": [8]}])
    assert batch["input_ids"].shape == (2, 3)  # padded to the longest in the batch, not max_length
    short = {"right": [8, 0, 0], "left": [0, 0, 8]}[side]
    assert batch["input_ids"][1].tolist() == short
    assert batch["attention_mask"][1].tolist() == [int(t != 0) for t in short]
    assert batch["labels"][1].tolist() == [8 if t else IGNORE_INDEX for t in short]


@pytest.mark.parametrize("changes, words", [
    ({"lr": 0}, "maior que zero"), ({"lr": -1e-3}, "maior que zero"), ({"lr": "5e-4"}, "número"),
    ({"lr": 5.0}, "grande demais"), ({"epochs": 0}, "épocas"), ({"epochs": 2.5}, "épocas"),
    ({"batch_size": 0}, "lote"), ({"precision": "fp8"}, "precision"), ({"eval_points": 5}, "eval_points"),
    ({"warmup_ratio": 1.5}, "warmup_ratio"), ({"lr_scheduler": "step"}, "lr_scheduler"),
    ({"replay": 1.0}, "replay"), ({"max_length": 4}, "max_length"),
    ({"lora": LoraSettings(r=0)}, "rank"), ({"lora": LoraSettings(dropout=1.0)}, "dropout"),
    ({"lora": LoraSettings(target_modules=())}, "módulo"), ({"lora": True}, "LoraSettings"),
])
def test_config_rejects_impossible_values_in_portuguese(changes, words):
    with pytest.raises(SettingsError, match=f"Não dá para treinar com esses valores: .*{words}"):
        TrainConfig(**changes)


def test_presets_are_changed_with_replace_and_validated_again():
    from dataclasses import replace

    lora = preset("lora", epochs=5)
    assert lora.lora == LoraSettings() and lora.epochs == 5 and lora.lr > preset().lr
    with pytest.raises(SettingsError, match="épocas"):
        replace(lora, epochs=0)
    with pytest.raises(SettingsError, match="Preset desconhecido"):
        preset("turbo")


def test_a_config_round_trips_through_its_dict():
    config = preset("lora", lora=LoraSettings(r=4, alpha=8, dropout=0.1, target_modules=("q_proj",)))
    assert TrainConfig(**config.to_dict()) == config


def test_the_config_shows_every_field_with_what_it_does():
    frame = TrainConfig().to_frame()
    assert list(frame.index) == list(TrainConfig.__dataclass_fields__)
    assert frame["para que serve"].str.len().min() > 10 and frame.loc["lr", "valor"] == "0.001"


def test_a_second_run_in_the_same_kernel_is_refused_in_portuguese(tokenizer, splits):
    with one_run_at_a_time(), pytest.raises(TrainingBusy, match="Já há um treino em andamento"):
        fine_tune(small_model(), tokenizer, splits, TrainConfig(**SMALL))
    _, history = run(tokenizer, splits, epochs=1)  # the lock is free again afterwards
    assert history.val


def test_full_fine_tuning_keeps_fp32_master_weights(tokenizer, splits):
    import torch

    model = small_model().to(torch.bfloat16)
    fine_tune(model, tokenizer, splits, TrainConfig(**{**SMALL, "epochs": 1}))
    assert {p.dtype for p in model.parameters()} == {torch.float32}


@pytest.mark.parametrize("n_train, batch_size, epochs", [(256, 16, 3), (64, 8, 2), (1000, 16, 30), (99, 7, 1),
                                                      (32, 8, 2)])
def test_every_run_draws_at_least_ten_validation_points(n_train, batch_size, epochs):
    config = TrainConfig(batch_size=batch_size, epochs=epochs)
    total = math.ceil(n_train / batch_size) * epochs
    points = 1 + total // eval_every(n_train, config)  # step 0, then every eval_every steps
    assert points >= 10 if total >= 9 else points == total + 1  # a shorter run is validated at every step


def test_history_best_frame_and_json_round_trip(tmp_path):
    history = History(config={"lr": 0.1}, total_steps=4, elapsed=2.0)
    history.train = [{"step": s, "epoch": s / 4, "loss": 3.0 - s / 2, "lr": 0.1, "tokens": 10 * s,
                      "elapsed": s / 2} for s in (1, 2)]
    history.val = [{"step": 0, "epoch": 0.0, "loss": 3.0}, {"step": 2, "epoch": 0.5, "loss": 2.5}]
    assert history.best() == {"step": 2, "epoch": 0.5, "loss": 2.5}
    assert history.progress() == 0.5 and history.eta_seconds() == pytest.approx(2.0)
    frame = history.to_frame()
    assert list(frame.columns) == ["step", "epoch", "train_loss", "val_loss", "lr", "tokens", "elapsed"]
    assert frame["step"].tolist() == [0, 1, 2] and frame["val_loss"].notna().tolist() == [True, False, True]
    loaded = History.load(history.save(tmp_path / "runs" / "h.json"))
    assert loaded == history


def test_history_load_names_the_file_and_line_of_bad_json(tmp_path):
    path = tmp_path / "h.json"
    path.write_text('{"config": {},\n "train": [oops]}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"h\.json.*linha 2"):
        History.load(path)
    path.write_text(json.dumps({"config": {}, "trian": []}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"h\.json.*campo.*trian"):
        History.load(path)


class Recorder:
    """An ftlab callback that counts its events and checks it always sees the live History."""

    def __init__(self):
        self.events = []

    def on_start(self, history):
        self.events.append(("start", history.total_steps))

    def on_train_loss(self, history):
        self.events.append(("train", len(history.train)))

    def on_val_loss(self, history):
        self.events.append(("val", len(history.val)))

    def on_end(self, history):
        self.events.append(("end", len(history.train)))


def test_fine_tune_records_curves_and_calls_back(tokenizer, splits):
    recorder = Recorder()
    _, history = run(tokenizer, splits, callbacks=[recorder])
    assert history.total_steps == 16 and [p["step"] for p in history.train] == list(range(1, 17))
    assert len(history.val) >= 10 and history.val[0]["step"] == 0 and history.val[-1]["step"] == 16
    assert history.train[-1]["loss"] < history.train[0]["loss"] - 1  # it learns
    tokens = [p["tokens"] for p in history.train]
    assert all(b > a for a, b in zip(tokens, tokens[1:], strict=False))
    assert max(p["lr"] for p in history.train) == pytest.approx(3e-3)
    assert recorder.events[0] == ("start", 16) and recorder.events[-1] == ("end", 16)
    assert sum(e[0] == "train" for e in recorder.events) == 16
    assert sum(e[0] == "val" for e in recorder.events) == len(history.val)
    assert not history.stopped and history.config["lr"] == 3e-3


def completion_loss(model, tokenizer, records) -> float:
    """Mean cross-entropy over completion tokens, computed by hand (one example at a time)."""
    import torch

    total, count = 0.0, 0
    with torch.no_grad():
        for r in records:
            example = encode_example(tokenizer, r["prompt"], r["completion"], 128)
            logits = model(torch.tensor([example["input_ids"]], device=model.device)).logits[0, :-1]
            targets = torch.tensor(example["labels"][1:], device=model.device)
            keep = targets != IGNORE_INDEX
            total += torch.nn.functional.cross_entropy(logits[keep], targets[keep], reduction="sum").item()
            count += int(keep.sum())
    return total / count


def test_validation_loss_counts_completion_tokens_only(tokenizer, splits):
    model = small_model()
    expected = completion_loss(model.eval(), tokenizer, splits.val)
    history = fine_tune(model, tokenizer, splits, TrainConfig(**{**SMALL, "epochs": 1}))
    assert history.val[0]["loss"] == pytest.approx(expected, rel=1e-4)


def test_the_same_seed_gives_the_same_curve(tokenizer, splits):
    _, first = run(tokenizer, splits)
    _, second = run(tokenizer, splits)
    _, other = run(tokenizer, splits, seed=1)
    assert [p["loss"] for p in first.train] == [p["loss"] for p in second.train]
    assert [p["loss"] for p in first.val] == [p["loss"] for p in second.val]
    assert [p["loss"] for p in first.train] != [p["loss"] for p in other.train]


def test_the_best_validation_weights_are_restored(tokenizer, splits):
    model, history = run(tokenizer, splits, lr=1.0)  # far too high: the weights are wrecked after step 1
    assert history.best()["step"] < history.val[-1]["step"]
    assert history.val[-1]["loss"] > history.best()["loss"] + 1
    restored = completion_loss(model.eval(), tokenizer, splits.val)
    assert restored == pytest.approx(history.best()["loss"], rel=1e-4)


def test_early_stopping_ends_a_run_that_stopped_improving(tokenizer, splits):
    _, history = run(tokenizer, splits, lr=1.0, early_stopping_patience=2)
    assert history.stopped and history.stop_reason == "early_stopping"
    assert history.train[-1]["step"] < history.total_steps
    after_best = [p for p in history.val if p["step"] > history.best()["step"]]
    assert len(after_best) == 2


class StopAtStep:
    """Sets the stop Event once the run has logged `step`."""

    def __init__(self, event, step):
        self.event, self.step = event, step

    def on_train_loss(self, history):
        if history.train[-1]["step"] >= self.step:
            self.event.set()


def test_a_stop_request_ends_the_run_at_the_next_step(tokenizer, splits):
    event = threading.Event()
    _, history = run(tokenizer, splits, callbacks=[StopAtStep(event, 5)], stop=event)
    assert history.stopped and history.stop_reason == "stop"
    assert history.train[-1]["step"] == 6 and history.best() is not None


def test_a_stop_request_is_honoured_within_a_second(tokenizer):
    event, started = threading.Event(), {}
    threading.Timer(1.0, lambda: (started.setdefault("t", time.perf_counter()), event.set())).start()
    many = synthetic_splits(n_train=512, n_val=16)
    _, history = run(tokenizer, many, stop=event, epochs=30)
    assert history.stopped and time.perf_counter() - started["t"] < 1.0


def test_resume_continues_exactly_where_the_run_stopped(tokenizer, splits, tmp_path):
    _, whole = run(tokenizer, splits)
    event = threading.Event()
    _, first = run(tokenizer, splits, callbacks=[StopAtStep(event, 7)], stop=event, output_dir=str(tmp_path))
    assert first.checkpoint and (tmp_path / "history.json").exists()
    model, resumed = run(tokenizer, splits, resume_from=first.checkpoint)
    assert [p["step"] for p in resumed.train] == list(range(1, 17))
    assert [p["loss"] for p in resumed.train] == pytest.approx([p["loss"] for p in whole.train], rel=1e-5)
    assert [p["loss"] for p in resumed.val] == pytest.approx([p["loss"] for p in whole.val], rel=1e-5)
    assert resumed.best() == pytest.approx(whole.best())


def test_lora_trains_the_adapter_and_leaves_the_base_weights(tokenizer, splits):
    import torch

    model = small_model()
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    history = fine_tune(model, tokenizer, splits, TrainConfig(**SMALL, lora=LoraSettings(r=4, alpha=8)))
    assert history.val[-1]["loss"] < history.val[0]["loss"]
    adapters = [p for n, p in model.named_parameters() if "lora_B" in n]  # LoRA was injected in place
    assert adapters and all(p.abs().sum() > 0 for p in adapters)
    base = {n.replace(".base_layer", ""): p for n, p in model.named_parameters() if "lora_" not in n}
    assert all(torch.equal(base[name].cpu(), value.cpu()) for name, value in before.items())
