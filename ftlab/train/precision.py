"""Which number format a run trains in: bf16 autocast where the hardware has it, else fp32.

Taught in notebooks/05_desafios (compute cost).
"""

from __future__ import annotations


def bf16_supported() -> bool:
    """True when bf16 runs natively: an Ampere or newer GPU, or a CPU with bf16 matrix instructions."""
    import torch

    if torch.cuda.is_available():
        return cuda_bf16_native()
    if torch.backends.mps.is_available():
        return False
    return cpu_bf16_fast()


def cuda_bf16_native() -> bool:
    """True on GPUs with bf16 tensor cores (compute capability 8.0 and up: A100, L4, H100...).

    `torch.cuda.is_bf16_supported()` also says True on older GPUs such as Colab's free T4 (7.5): there
    bf16 has no tensor cores and is emulated, no faster than fp32 and with casts on top.
    """
    import torch

    major, _ = torch.cuda.get_device_capability()
    return major >= 8 and torch.cuda.is_bf16_supported()


def cpu_bf16_fast() -> bool:
    """True when the CPU runs bf16 matrix products natively (AVX512-BF16 or AMX)."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, name, lambda: False)() for name in checks)


def resolve_precision(precision: str) -> str:
    """Turn "auto" into "bf16" or "fp32"; "fp32" and "bf16" pass through unchanged."""
    if precision != "auto":
        return precision
    return "bf16" if bf16_supported() else "fp32"
