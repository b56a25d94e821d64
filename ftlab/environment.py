"""Where the course runs: seeds, device report and plot defaults, in one call.

Taught in notebooks/00_boas_vindas (every notebook starts with `ftlab.setup()`).
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Environment:
    """What `setup()` found: printed for the student, returned for code that adapts to it."""

    place: str  # "Colab", "Binder" or "local"
    device: str  # "cuda" or "cpu"
    device_name: str  # GPU model or CPU description
    bf16: bool  # whether bf16 autocast is supported on `device`
    threads: int  # torch intra-op threads
    seed: int


def detect_place() -> str:
    """Colab, Binder or local: decides defaults such as how much the notebooks train."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "Colab"
    if "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ:
        return "Binder"
    return "local"


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch so the same run twice draws the same curve on CPU."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def describe_device() -> tuple[str, str, bool]:
    """(device, human-readable name, bf16 support) of the best accelerator available."""
    import torch

    if torch.cuda.is_available():
        return "cuda", torch.cuda.get_device_name(0), torch.cuda.is_bf16_supported()
    return "cpu", cpu_name(), cpu_supports_bf16()


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo where there is one, else the platform's word."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


def cpu_supports_bf16() -> bool:
    """True where the CPU has native bf16 instructions (AVX512-BF16 or AMX), so autocast pays off."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            flags = cpuinfo.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def apply_plot_defaults() -> None:
    """Readable figures on a laptop and on the projector."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 11,
        }
    )


def report(env: Environment) -> str:
    """The few pt-BR lines a student reads at the top of every notebook."""
    accel = "GPU" if env.device == "cuda" else "CPU"
    bf16 = "sim" if env.bf16 else "não"
    return "\n".join(
        [
            f"ftlab pronto | ambiente: {env.place} | semente: {env.seed}",
            f"Dispositivo: {accel} ({env.device_name}) | bf16: {bf16} | threads: {env.threads}",
        ]
    )


def setup(seed: int = 0, quiet: bool = False) -> Environment:
    """Seed everything, detect the device and the place, set plot defaults, print a short report."""
    import torch

    seed_everything(seed)
    apply_plot_defaults()
    device, device_name, bf16 = describe_device()
    env = Environment(detect_place(), device, device_name, bf16, torch.get_num_threads(), seed)
    if not quiet:
        print(report(env))
    return env
