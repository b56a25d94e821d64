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
    memory_limit: int | None = None  # bytes this container may use (Binder: about 2 GB), None if unlimited
    memory_used: int | None = None  # bytes in use now by the whole container (every open kernel)


def detect_place() -> str:
    """Colab, Binder or local: decides defaults such as how much the notebooks train."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "Colab"
    if "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ:
        return "Binder"
    return "local"


# What one more notebook run needs on top of what is in use: a kernel with torch, transformers and the
# tiny model loaded, plus a training's activations and optimizer state (measured: tests/test_environment.py).
RUN_BYTES = 700 * 2**20
CGROUP = "/sys/fs/cgroup"
UNLIMITED = 2**60  # cgroup v1 writes a huge number for "no limit"


def read_int(path: str) -> int | None:
    """The integer in a one-line file (cgroup values), None if missing or not a number ("max")."""
    try:
        with open(path, encoding="ascii") as handle:
            return int(handle.read().strip())
    except (OSError, ValueError):
        return None


def memory_limit() -> int | None:
    """The container's memory limit in bytes: Binder's MEM_LIMIT, else the cgroup's; None if unlimited."""
    limit = os.environ.get("MEM_LIMIT", "")
    if limit.isdigit() and int(limit) > 0:
        return int(limit)
    for path in (f"{CGROUP}/memory.max", f"{CGROUP}/memory/memory.limit_in_bytes"):
        value = read_int(path)
        if value is not None and value < UNLIMITED:
            return value
    return None


def memory_used() -> int | None:
    """Bytes in use by the whole container (all its kernels), from the cgroup; None where unknown.

    Like `docker stats`, the reclaimable page cache (inactive_file) is not counted.
    """
    for usage, stat, cache in ((f"{CGROUP}/memory.current", f"{CGROUP}/memory.stat", "inactive_file"),
                               (f"{CGROUP}/memory/memory.usage_in_bytes", f"{CGROUP}/memory/memory.stat",
                                "total_inactive_file")):
        value = read_int(usage)
        if value is not None:
            return max(0, value - stat_value(stat, cache))
    return None


def stat_value(path: str, key: str) -> int:
    """One counter of a cgroup memory.stat file (0 if missing)."""
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value)
    except (OSError, ValueError):
        pass
    return 0


def memory_warning(limit: int | None, used: int | None, needed: int = RUN_BYTES) -> str | None:
    """A pt-BR warning when what is left under the limit cannot hold one more run, else None."""
    if limit is None or used is None or limit - used >= needed:
        return None
    gb = 2**30
    return (f"Atenção: memória quase cheia ({used / gb:.1f} de {limit / gb:.1f} GB em uso). Cada notebook "
            "aberto é um kernel com o torch carregado: feche os que não está usando (File > Close and Shut "
            "Down Notebook) antes de treinar, senão o kernel pode morrer no meio do treino.")


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

    from ftlab.train.precision import bf16_supported

    if torch.cuda.is_available():
        return "cuda", torch.cuda.get_device_name(0), bf16_supported()
    return "cpu", cpu_name(), bf16_supported()


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


def apply_table_defaults() -> None:
    """Tables show "R$ 89,90 ... R$ 119,90" as text: no "$...$" read as a formula by MathJax."""
    import pandas as pd

    pd.set_option("display.html.use_mathjax", False)


def report(env: Environment) -> str:
    """The few pt-BR lines a student reads at the top of every notebook."""
    accel = "GPU" if env.device == "cuda" else "CPU"
    bf16 = "sim" if env.bf16 else "não"
    lines = [
        f"ftlab pronto | ambiente: {env.place} | semente: {env.seed}",
        f"Dispositivo: {accel} ({env.device_name}) | bf16: {bf16} | threads: {env.threads}",
    ]
    if env.memory_limit is not None and env.memory_used is not None:
        lines.append(f"Memória: {env.memory_used / 2**30:.1f} de {env.memory_limit / 2**30:.1f} GB em uso")
    warning = memory_warning(env.memory_limit, env.memory_used)
    return "\n".join(lines + ([warning] if warning else []))


def setup(seed: int = 0, quiet: bool = False) -> Environment:
    """Seed everything, detect the device and the place, set plot defaults, print a short report."""
    import torch

    seed_everything(seed)
    apply_plot_defaults()
    apply_table_defaults()
    device, device_name, bf16 = describe_device()
    env = Environment(detect_place(), device, device_name, bf16, torch.get_num_threads(), seed,
                      memory_limit(), memory_used())
    if not quiet:
        print(report(env))
    return env
