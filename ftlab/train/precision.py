"""Which number format a run trains in: bf16 autocast where the hardware has it, else fp32.

Taught in notebooks/05_desafios (compute cost).
"""

from __future__ import annotations


def bf16_supported() -> bool:
    """True when bf16 autocast is available: a bf16-capable GPU, or a CPU (torch's CPU autocast)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    if torch.backends.mps.is_available():
        return False
    return cpu_bf16_fast()


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
