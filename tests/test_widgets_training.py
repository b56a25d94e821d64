"""TrainingLab and the notebook-03 experiments on a real fine_tune (a small Llama built here).

The base model is a 2-layer Llama with a BPE tokenizer trained in the fixture on the course's data,
so these tests need neither the shipped model nor the Hub, and run in seconds.
"""

import time

import pytest

from ftlab.experiments import training, training_checks
from ftlab.train import preset
from ftlab.widgets import TrainingLab

pytestmark = pytest.mark.slow

SMALL = dict(config=preset(epochs=3, lr=2e-3), n_train=32, n_val=16)  # a lab run that takes seconds


@pytest.fixture(scope="module")
def small_model():
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from ftlab.data import load_task

    texts = [r["prompt"] + r["completion"] for r in load_task("classificacao").train]
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=400, special_tokens=["<pad>", "<s>", "</s>",
                                                                                         "<unk>"]))
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, pad_token="<pad>", bos_token="<s>",
                                        eos_token="</s>", unk_token="<unk>")
    import torch

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128,
                         num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=256, pad_token_id=0, bos_token_id=1, eos_token_id=2,
                         tie_word_embeddings=True)
    return LlamaForCausalLM(config), tokenizer


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread: these runs are tiny, and on a shared CPU two threads can be 10x slower."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture
def patched(monkeypatch, small_model):
    monkeypatch.setattr(training, "base_model", lambda model_name="tiny": small_model)
    return small_model


def test_lab_run_on_a_real_model_draws_ten_val_points_and_fills_the_table(patched):
    lab = TrainingLab(seed=0, **SMALL)
    assert lab.on_train() is True
    history = lab.wait(timeout=120)
    assert history is not None and not history.stopped, lab.message.value
    assert len(history.val) >= 10 and history.val[-1]["loss"] < history.val[0]["loss"]
    assert lab.live.redraws >= 2 and "completo" in lab.table.value
    assert history.data["n_train"] == 32 and history.data["n_val"] == 16
    assert history.config["lr"] == pytest.approx(2e-3)


def test_same_settings_twice_give_the_same_curve_from_untouched_weights(patched):
    model, _ = patched
    before = [p.detach().clone() for p in model.parameters()]
    lab = TrainingLab(seed=0, **SMALL)
    for _ in range(2):
        lab.on_train()
        lab.wait(timeout=120)
    first, second = ([point["loss"] for point in run.val] for run in lab.runs)
    assert first == pytest.approx(second, abs=1e-6)
    assert all((b == p).all() for b, p in zip(before, model.parameters(), strict=True))  # base untouched


def test_stop_request_ends_a_real_run_and_keeps_it(patched):
    lab = TrainingLab(seed=0, **{**SMALL, "n_train": 64}, epochs=30)
    lab.on_train()
    deadline = time.monotonic() + 60
    while (lab.live.history is None or len(lab.live.history.train) < 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    lab.on_stop()
    history = lab.wait(timeout=30)
    assert history.stopped and history.train[-1]["step"] < history.total_steps
    assert "interrompido" in lab.table.value


def test_lr_check_on_real_runs_passes_the_default_and_fails_a_tiny_rate(patched, monkeypatch):
    budget = training.Budget(n_train=32, n_val=16, sweep_epochs=2, memorise_n_train=16, memorise_epochs=4)
    monkeypatch.setitem(training.BUDGETS, "ci", budget)
    training_checks.reference_run.cache_clear()
    good = training_checks.check_lr_choice(preset().lr, budget="ci")
    tiny = training_checks.check_lr_choice(1e-5, budget="ci")
    assert good.passed, good.message
    assert not tiny.passed and "pequena demais" in tiny.message


def test_epochs_check_reads_the_curve(patched):
    history = training.memorisation_run(budget="ci")
    best = history.best()
    assert training_checks.check_epochs_choice(best["epoch"], history).passed
    assert not training_checks.check_epochs_choice(None, history).passed
