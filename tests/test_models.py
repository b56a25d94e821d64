"""Tests of ftlab.models: the shipped tiny model, Hub/local loading, LoRA, counts, estimates."""

from __future__ import annotations

import re

import pytest

torch = pytest.importorskip("torch")

from ftlab.models import (  # noqa: E402
    TINY_DIR,
    LoraSettings,
    ModelNotFoundError,
    add_lora,
    count_parameters,
    estimate_run,
    generate,
    load_model,
    random_init_model,
    tiny_config,
)

PROMPT = "Para inserir uma tabela no documento,"
PT_WORDS = {"de", "o", "a", "que", "e", "do", "da", "para", "em", "um", "uma", "no", "na", "com", "os",
            "as", "se", "por", "é", "ou", "não", "dos", "das", "ao"}


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Every test runs as CI does: no Hugging Face Hub."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="module")
def tiny():
    return load_model("tiny")


def small_model(model_type: str):
    """A randomly initialised, very small model of a Llama-family architecture (no download)."""
    from transformers import AutoModelForCausalLM, LlamaConfig, Qwen2Config

    sizes = dict(vocab_size=128, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                 num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    config = {"llama": LlamaConfig, "qwen2": Qwen2Config}[model_type](**sizes)
    torch.manual_seed(0)
    return AutoModelForCausalLM.from_config(config)


def test_shipped_model_is_small_fp16_and_matches_tiny_config(tiny):
    model, tokenizer = tiny
    size_mb = sum(f.stat().st_size for f in TINY_DIR.iterdir() if f.is_file()) / 2**20
    assert size_mb < 25
    params = count_parameters(model).total
    assert 5_000_000 <= params <= 8_000_000
    expected = tiny_config(vocab_size=len(tokenizer))
    for field in ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                  "max_position_embeddings", "tie_word_embeddings"):
        assert getattr(model.config, field) == getattr(expected, field), field
    if torch.cuda.is_available():  # bf16 on a GPU that has it natively (ftlab.train.precision)
        assert model.dtype in (torch.bfloat16, torch.float32)
    else:
        assert model.dtype == torch.float32  # fp16 on disk, fp32 in memory on CPU


def test_tokenizer_has_special_tokens_and_512_context(tiny):
    _, tokenizer = tiny
    assert tokenizer.bos_token and tokenizer.eos_token and tokenizer.pad_token
    assert len({tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id}) == 3
    assert tokenizer.model_max_length == 512  # raised from 256 by the continued pre-training (issue 15)
    assert tokenizer.decode(tokenizer(PROMPT)["input_ids"], skip_special_tokens=True) == PROMPT


def test_greedy_generation_is_deterministic_portuguese_text(tiny):
    model, tokenizer = tiny
    first = generate(model, tokenizer, PROMPT, max_new_tokens=30)
    assert first == generate(model, tokenizer, PROMPT, max_new_tokens=30)
    words = re.findall(r"\w+", first.lower())
    assert len(words) >= 3
    assert PT_WORDS & set(words), first


def test_lora_freezes_base_weights_and_trains_under_two_percent(tiny):
    import copy

    model = add_lora(copy.deepcopy(tiny[0]), LoraSettings())
    counts = count_parameters(model)
    assert 0 < counts.fraction < 0.02
    for name, param in model.named_parameters():
        assert param.requires_grad == ("lora_" in name), name
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    ids = tiny[1](PROMPT, return_tensors="pt")["input_ids"]
    model.train()
    model(input_ids=ids, labels=ids).loss.backward()
    torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1).step()
    changed = {n for n, p in model.named_parameters() if not torch.equal(p, before[n])}
    assert changed and all("lora_" in n for n in changed)


@pytest.mark.parametrize("model_type", ["llama", "qwen2"])
def test_default_lora_targets_work_on_llama_family(model_type):
    model = add_lora(small_model(model_type))
    names = [n for n, _ in model.named_parameters() if "lora_" in n]
    assert any("q_proj" in n for n in names) and any("v_proj" in n for n in names)
    lora_params = sum(p.numel() for n, p in model.named_parameters() if "lora_" in n)
    assert count_parameters(model).trainable == lora_params


def test_load_model_with_lora_true(tiny):
    model, _ = load_model("tiny", lora=True)
    assert count_parameters(model).trainable < count_parameters(tiny[0]).total * 0.02


def test_local_folder_round_trips_through_load_model(tiny, tmp_path):
    model, tokenizer = tiny
    model.save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    reloaded, tokenizer2 = load_model(str(tmp_path))
    ids = tokenizer(PROMPT, return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert torch.allclose(model(input_ids=ids).logits, reloaded(input_ids=ids).logits)
    assert generate(reloaded, tokenizer2, PROMPT, 20) == generate(model, tokenizer, PROMPT, 20)


@pytest.mark.parametrize("name, fragment", [
    ("organizacao-que-nao-existe/modelo-inexistente", "tiny"),
    ("./pasta/que/nao/existe", "não existe"),
    ("/caminho/absoluto/sem/modelo", "não existe"),
])
def test_bad_names_raise_a_portuguese_error(name, fragment):
    with pytest.raises(ModelNotFoundError) as error:
        load_model(name)
    assert fragment in str(error.value) and name in str(error.value)


def test_random_init_model_has_same_shape_but_other_weights(tiny):
    model, tokenizer = tiny
    baseline, baseline_tokenizer = random_init_model(seed=0)
    assert count_parameters(baseline).total == count_parameters(model).total
    assert baseline_tokenizer.get_vocab() == tokenizer.get_vocab()
    first_weight = baseline.model.layers[0].self_attn.q_proj.weight
    assert not torch.equal(first_weight, model.model.layers[0].self_attn.q_proj.weight)


def test_estimate_is_positive_and_lora_needs_less_memory_on_the_same_model():
    full_model, _ = load_model("tiny")
    lora_model, _ = load_model("tiny", lora=True)  # the same tiny model, with adapters: like with like
    full = estimate_run(full_model, n_examples=100, epochs=2, batch_size=2, seq_len=32)
    lora = estimate_run(lora_model, n_examples=100, epochs=2, batch_size=2, seq_len=32)
    assert full.tokens == lora.tokens == 100 * 2 * 32 and full.seconds > 0 and full.tokens_per_second > 0
    assert lora.memory_mb < full.memory_mb
    assert "Estimativa" in str(full)


def test_unreachable_hub_gives_the_portuguese_error_without_retries(monkeypatch):
    import ftlab.models.loading as loading

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(loading, "hub_reachable", lambda timeout=3.0: False)
    with pytest.raises(ModelNotFoundError, match="tiny"):
        load_model("HuggingFaceTB/SmolLM2-135M-Instruct-nao-existe")


def test_adding_lora_shows_students_no_library_deprecation_warning():
    import warnings

    model, _ = load_model("tiny")
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # a pink box in the notebook (issue 11)
        add_lora(model)
