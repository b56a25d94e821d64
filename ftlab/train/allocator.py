"""Keep freed memory in the process between training steps instead of handing it back to the OS.

glibc's malloc gives blocks above its mmap threshold (it grows by itself up to 32 MiB) fresh pages
from the kernel, and trims free memory at the top of the heap above twice that threshold. A training
step frees and allocates the same multi-MB tensors every time (the tied embedding's 8192 x 256
gradient is 8 MiB), so each step touches new pages: a page fault and a zeroing per 4 KiB. Measured on
the lab's default run (bench/README.md): 2,500-4,700 faults and 10-16 ms of kernel time per step of
about 140 ms; with the thresholds below, 0-250 faults and about 1 ms. Peak memory is unchanged; the
process keeps up to TRIM_THRESHOLD of free heap instead of returning it.
"""

from __future__ import annotations

import ctypes
import platform
import sys

M_TRIM_THRESHOLD = -1  # mallopt parameters, from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20  # glibc's own ceiling for the threshold it adjusts by itself
TRIM_THRESHOLD = 64 << 20  # free heap the process may keep

_applied: bool | None = None


def keep_freed_memory() -> bool:
    """Set glibc's malloc thresholds once per process; True where they are in effect (Linux with glibc).

    Elsewhere (macOS, Windows, musl) it does nothing and returns False.
    """
    global _applied
    if _applied is None:
        _applied = set_thresholds()
    return _applied


def set_thresholds() -> bool:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
