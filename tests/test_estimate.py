"""Memory arithmetic of ftlab.models.estimate: parameter counts of real models and the tiny cross-check."""

from __future__ import annotations

import copy

import pytest

from ftlab.models.estimate import (
    GIB,
    REAL_MODELS,
    fitting_gpus,
    hours_per_billion_tokens,
    memory_breakdown,
    memory_table,
    shape_of,
)

# Published parameter counts (millions): SmolLM2-135M and the Qwen2.5 base models.
PUBLISHED = {"135M": 134.5, "0.5B": 494.0, "1.5B": 1543.7, "7B": 7615.6}


@pytest.mark.parametrize("size", PUBLISHED)
def test_shapes_give_the_published_parameter_counts(size):
    assert REAL_MODELS[size].params() / 1e6 == pytest.approx(PUBLISHED[size], rel=0.002)


@pytest.mark.parametrize("size", REAL_MODELS)
def test_lora_and_qlora_need_less_memory_than_full(size):
    shape = REAL_MODELS[size]
    totals = {m: sum(memory_breakdown(shape, m).values()) for m in ("full", "lora", "qlora")}
    assert totals["qlora"] < totals["lora"] < totals["full"]
    full, lora = memory_breakdown(shape, "full"), memory_breakdown(shape, "lora")
    assert full["otimizador"] == 8 * shape.params() and lora["otimizador"] < full["otimizador"] / 100


def test_full_fine_tuning_costs_sixteen_bytes_per_parameter_before_activations():
    shape = REAL_MODELS["7B"]
    parts = memory_breakdown(shape, "full")
    assert parts["pesos"] + parts["gradientes"] + parts["otimizador"] == 16 * shape.params()


def test_which_gpu_fits():
    assert fitting_gpus(10 * GIB)[0].startswith("T4")
    assert not any(g.startswith("T4") for g in fitting_gpus(20 * GIB))
    assert fitting_gpus(200 * GIB) == []
    table = memory_table()
    assert table.loc[("7B (Qwen2.5-7B)", "completo"), "cabe em"] == "nenhuma destas"
    assert "T4" in table.loc[("7B (Qwen2.5-7B)", "QLoRA (4 bits)"), "cabe em"]


def test_frozen_base_trains_faster_per_token():
    shape = REAL_MODELS["1.5B"]
    assert hours_per_billion_tokens(shape, "lora", 312) < hours_per_billion_tokens(shape, "full", 312)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="método"):
        memory_breakdown(REAL_MODELS["135M"], "prefix")


@pytest.mark.parametrize("overrides", [
    {},  # the tiny model's own shape
    dict(hidden_size=96, intermediate_size=240, num_hidden_layers=2, num_attention_heads=6,
         num_key_value_heads=2, vocab_size=3000),  # grouped-query attention, another vocabulary
])
def test_formulas_match_the_tensors_of_a_real_step(overrides):
    """The cross-check: counted tensors of one AdamW step vs the formulas (fp32 on the CPU)."""
    import torch
    from transformers import LlamaForCausalLM

    from ftlab.models import add_lora, tiny_config
    from ftlab.models.estimate import measure_step_memory

    torch.manual_seed(0)
    model = LlamaForCausalLM(tiny_config(**overrides))
    shape = shape_of(model)
    assert shape.params() == sum(p.numel() for p in model.parameters())
    for method, prepared in (("full", copy.deepcopy(model)), ("lora", add_lora(copy.deepcopy(model)))):
        measured = measure_step_memory(prepared, batch_size=2, seq_len=32)
        formula = memory_breakdown(shape, method, batch_size=2, seq_len=32, base_bytes=4, value_bytes=4)
        for part in ("pesos", "gradientes", "otimizador"):
            assert measured[part] == formula[part], (method, part)
        assert measured["ativações"] == pytest.approx(formula["ativações"], rel=0.25), method
