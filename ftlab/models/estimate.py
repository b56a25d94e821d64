"""Estimate the memory and time of a fine-tuning run before it starts, for the tiny model and real sizes.

Memory of a training run = weights + gradients + optimizer states (AdamW keeps two numbers per
trained parameter) + activations (what the forward pass keeps for the backward pass). The formulas
below are estimates: frameworks add buffers, fragmentation and a CUDA context (~0.5-1 GB) on top;
`measure_step_memory` counts the real tensors of one training step of a model, to check the formulas.

Assumptions of the three recipes (per parameter, bytes):
- full: fp32 weights (4) + fp32 gradients (4) + AdamW fp32 states (8) = 16, the transformers Trainer's
  mixed-precision default;
- lora: the frozen base in bf16 (2); the adapters train in fp32 (4 + 4 + 8 per adapter parameter);
- qlora: the base's linear layers in 4-bit NF4 with double quantisation (~0.52 bytes), embeddings and
  norms in bf16; adapters as in lora.
Activations in bf16 (2 bytes per value), with a fused attention
(scores not stored): per token and layer ~ 9 hidden + 2 kv + 4 intermediate values (counted on the
tiny model with `measure_step_memory`), plus the logits (bf16 output and the fp32 copy the loss
keeps: 6 bytes per vocabulary entry per token; the logits' gradient adds a short-lived peak).

Taught in notebooks/05_desafios (compute cost: full fine-tuning vs LoRA vs QLoRA).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ftlab.models.lora import count_parameters
from ftlab.numbers import pt_int as pt_number

GIB = 2**30
ADAMW_STATE_BYTES = 8  # two fp32 moments per trained parameter
NF4_BYTES = 0.516  # 4 bits + double-quantised absmax (8 bits / 64 values + fp32 / 16,384 values)
METHODS = ("full", "lora", "qlora")
METHOD_NAMES = {"full": "completo", "lora": "LoRA", "qlora": "QLoRA (4 bits)"}

# GPU memory in GiB as the driver reports it (nvidia-smi), and peak dense bf16/fp16 tensor TFLOP/s.
GPUS = {
    "T4 16 GB (Colab grátis)": (15.0, 65),
    "A100 40 GB": (40.0, 312),
    "A100 80 GB": (80.0, 312),
    "H100 80 GB": (79.6, 989),
}
CUDA_OVERHEAD_GIB = 1.0  # CUDA context and allocator slack left out of the formulas
MFU = 0.35  # share of the peak FLOP/s a fine-tuning run typically reaches (an assumption)


@dataclass(frozen=True)
class ModelShape:
    """The sizes of a Llama-family decoder that decide its parameter count and its activations."""

    name: str  # the public model this shape describes
    hidden: int  # hidden_size
    layers: int  # num_hidden_layers
    heads: int  # num_attention_heads
    kv_heads: int  # num_key_value_heads (grouped-query attention when < heads)
    intermediate: int  # intermediate_size of the SwiGLU MLP
    vocab: int  # vocab_size
    tied: bool = True  # input and output embeddings shared
    qkv_bias: bool = False  # Qwen2 has biases on q, k and v

    @property
    def kv_dim(self) -> int:
        return self.kv_heads * self.hidden // self.heads

    def linear_params_per_layer(self) -> int:
        """q, k, v, o and the three MLP matrices of one block (biases included)."""
        h, kv = self.hidden, self.kv_dim
        attention = 2 * h * h + 2 * h * kv + (h + 2 * kv if self.qkv_bias else 0)
        return attention + 3 * h * self.intermediate

    def params(self) -> int:
        """All parameters: embeddings (twice when untied), blocks with their two norms, final norm."""
        embeddings = self.vocab * self.hidden * (1 if self.tied else 2)
        return embeddings + self.layers * (self.linear_params_per_layer() + 2 * self.hidden) + self.hidden

    def lora_params(self, r: int, targets=("q_proj", "v_proj")) -> int:
        """Parameters of rank-r adapters (A: in x r, B: r x out) on `targets` of every layer."""
        h, kv, i = self.hidden, self.kv_dim, self.intermediate
        shapes = {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
                  "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}
        return self.layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)


# Real models the lesson talks about (sizes from their published config.json files).
REAL_MODELS = {
    "135M": ModelShape("SmolLM2-135M", 576, 30, 9, 3, 1536, 49152),
    "0.5B": ModelShape("Qwen2.5-0.5B", 896, 24, 14, 2, 4864, 151936, qkv_bias=True),
    "1.5B": ModelShape("Qwen2.5-1.5B", 1536, 28, 12, 2, 8960, 151936, qkv_bias=True),
    "7B": ModelShape("Qwen2.5-7B", 3584, 28, 28, 4, 18944, 152064, tied=False, qkv_bias=True),
}


def shape_of(model, name: str = "") -> ModelShape:
    """The ModelShape of a loaded Llama-family model (its config)."""
    c = getattr(model, "config", model)
    return ModelShape(name or getattr(c, "_name_or_path", "") or "modelo", c.hidden_size, c.num_hidden_layers,
                      c.num_attention_heads, getattr(c, "num_key_value_heads", None) or c.num_attention_heads,
                      c.intermediate_size, c.vocab_size, bool(getattr(c, "tie_word_embeddings", True)))


def activation_bytes(shape: ModelShape, tokens: int, value_bytes: float = 2,
                     checkpointing: bool = False) -> float:
    """Values the forward pass keeps for the backward pass, for `tokens` tokens (an estimate).

    With gradient checkpointing only each layer's input is kept, and one layer's activations are
    recomputed at a time during the backward pass.
    """
    per_layer = 9 * shape.hidden + 2 * shape.kv_dim + 4 * shape.intermediate
    kept = shape.layers * shape.hidden + per_layer if checkpointing else shape.layers * per_layer
    logit_bytes = value_bytes + (4 if value_bytes < 4 else 0)  # the loss keeps an fp32 copy of bf16 logits
    return tokens * (kept * value_bytes + shape.vocab * logit_bytes)


def weight_bytes(shape: ModelShape, method: str, base_bytes: float | None = None) -> float:
    """Bytes of the base weights under `method` (`base_bytes` overrides the per-parameter size)."""
    total = shape.params()
    if method == "full":
        return total * (base_bytes or 4)
    if method == "lora":
        return total * (base_bytes or 2)
    linear = shape.layers * shape.linear_params_per_layer()
    return linear * NF4_BYTES + (total - linear) * 2


def memory_breakdown(shape: ModelShape, method: str = "full", *, lora_r: int = 8, batch_size: int = 4,
                     seq_len: int = 512, base_bytes: float | None = None, value_bytes: float = 2,
                     checkpointing: bool = False) -> dict:
    """Bytes of weights, gradients, optimizer states and activations of one training run (estimates).

    Taught in notebooks/05_desafios.
    """
    if method not in METHODS:
        raise ValueError(f"método desconhecido: {method!r}; use um de {METHODS}")
    trained = shape.params() if method == "full" else shape.lora_params(lora_r)
    adapters = 0 if method == "full" else 4 * trained  # fp32 adapter weights on top of the base
    return {
        "pesos": weight_bytes(shape, method, base_bytes) + adapters,
        "gradientes": 4 * trained,
        "otimizador": ADAMW_STATE_BYTES * trained,
        "ativações": activation_bytes(shape, batch_size * seq_len, value_bytes, checkpointing),
    }


def fitting_gpus(total_bytes: float) -> list[str]:
    """The GPUs of GPUS whose memory holds `total_bytes` plus the CUDA overhead."""
    return [name for name, (gib, _) in GPUS.items() if total_bytes / GIB + CUDA_OVERHEAD_GIB <= gib]


def hours_per_billion_tokens(shape: ModelShape, method: str, tflops: float) -> float:
    """Training hours for 1e9 tokens: 6 FLOPs per parameter and token (4 when the base is frozen)."""
    flops_per_token = (6 if method == "full" else 4) * shape.params()
    return 1e9 * flops_per_token / (tflops * 1e12 * MFU) / 3600


def memory_table(models: dict | None = None, *, lora_r: int = 8, batch_size: int = 4, seq_len: int = 512,
                 checkpointing: bool = True):
    """One row per (model, method): GiB of each part, the total, and which GPUs it fits (estimates).

    Gradient checkpointing is on by default, as in the usual Colab recipes for LoRA and QLoRA.

    Taught in notebooks/05_desafios.
    """
    import pandas as pd

    rows = []
    for size, shape in (models or REAL_MODELS).items():
        for method in METHODS:
            parts = memory_breakdown(shape, method, lora_r=lora_r, batch_size=batch_size, seq_len=seq_len,
                                     checkpointing=checkpointing)
            total = sum(parts.values())
            rows.append({"modelo": f"{size} ({shape.name})", "método": METHOD_NAMES[method],
                         **{f"{k} (GiB)": v / GIB for k, v in parts.items()}, "total (GiB)": total / GIB,
                         "cabe em": ", ".join(fitting_gpus(total)) or "nenhuma destas"})
    return pd.DataFrame(rows).set_index(["modelo", "método"]).round(2)


def tensor_bytes(tensors) -> int:
    """Bytes of distinct tensors (a storage shared by several views is counted once)."""
    seen = {}
    for t in tensors:
        seen[(t.data_ptr(), t.numel(), t.dtype)] = t.numel() * t.element_size()
    return sum(seen.values())


def measure_step_memory(model, batch_size: int = 4, seq_len: int = 128, seed: int = 0) -> dict:
    """Bytes of the real tensors of one AdamW step on random ids: the cross-check of memory_breakdown.

    Activations are the tensors autograd saves for the backward pass (counted by a saved-tensors
    hook; the weights it also saves are counted once, as weights), not the allocator's peak.
    Gradients and optimizer state are cleared afterwards, but the step does change the weights:
    call it on a copy. Taught in notebooks/05_desafios.
    """
    import torch

    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=1e-9)
    ids = torch.randint(0, model.config.vocab_size, (batch_size, seq_len),
                        generator=torch.Generator().manual_seed(seed)).to(model.device)
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(lambda t: saved.append(t) or t, lambda t: t):
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    optimizer.step()
    weights = {p.data_ptr() for p in model.parameters()}
    parts = {
        "pesos": tensor_bytes(model.parameters()),
        "gradientes": tensor_bytes(p.grad for p in trained if p.grad is not None),
        "otimizador": tensor_bytes(v for s in optimizer.state.values() for v in s.values()
                                   if torch.is_tensor(v) and v.dim() > 0),
        "ativações": tensor_bytes(t for t in saved if torch.is_tensor(t) and t.data_ptr() not in weights),
    }
    optimizer.zero_grad(set_to_none=True)
    return parts


@dataclass(frozen=True)
class RunEstimate:
    """What a run is expected to cost (a rough guide, not a promise)."""

    tokens: int  # tokens processed in the whole run (examples x epochs x seq_len)
    memory_mb: float  # weights + gradients + AdamW states + activations, in MiB
    seconds: float  # expected wall time, from a timed training step on this machine
    tokens_per_second: float  # measured throughput of the timed step

    def __str__(self) -> str:
        speed = pt_number(self.tokens_per_second)
        return (f"Estimativa: {pt_number(self.tokens)} tokens, cerca de {pt_number(self.memory_mb)} MB de "
                f"memória e {pt_number(self.seconds)} s de treino ({speed} tokens/s)")


def memory_mb(model, batch_size: int, seq_len: int) -> float:
    """fp32 weights (4 B/param) + gradients and AdamW states (12 B/trained param) + fp32 activations."""
    params = count_parameters(model)
    activations = activation_bytes(shape_of(model), batch_size * seq_len, value_bytes=4)
    return (4 * params.total + 12 * params.trainable + activations) / 2**20


def timed_step_seconds(model, batch_size: int, seq_len: int, repeats: int = 2) -> float:
    """Seconds of one forward+backward on random ids (gradients are cleared afterwards)."""
    import torch

    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, model.config.vocab_size, (batch_size, seq_len), generator=generator)
    ids = ids.to(model.device)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        model(input_ids=ids, labels=ids).loss.backward()
        best = min(best, time.perf_counter() - started)
    model.zero_grad(set_to_none=True)
    return best


def estimate_run(model, n_examples: int, epochs: float = 1, batch_size: int = 8,
                 seq_len: int = 128) -> RunEstimate:
    """Memory and time of fine-tuning `model` on `n_examples` for `epochs` (times one real step).

    Taught in notebooks/05_desafios.
    """
    step = timed_step_seconds(model, batch_size, seq_len)
    tokens = int(n_examples * epochs * seq_len)
    speed = batch_size * seq_len / step
    return RunEstimate(tokens, memory_mb(model, batch_size, seq_len), tokens / speed, speed)


def time_table(models: dict | None = None, tokens: float = 1e8):
    """Hours to train on `tokens` tokens, per (model, method) and GPU (estimates at MFU of the peak).

    Taught in notebooks/05_desafios.
    """
    import pandas as pd

    rows = []
    for size, shape in (models or REAL_MODELS).items():
        for method in ("full", "lora"):
            rows.append({"modelo": f"{size} ({shape.name})", "método": METHOD_NAMES[method],
                         **{gpu: hours_per_billion_tokens(shape, method, tflops) * tokens / 1e9
                            for gpu, (_, tflops) in GPUS.items()}})
    return pd.DataFrame(rows).set_index(["modelo", "método"]).round(2)
