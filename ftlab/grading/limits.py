"""The limits a submission runs under: wall clock, CPU, memory, files, processes.

One frozen settings object, passed from the command line to the runner and to the kernel boot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; the defaults fit a course notebook run with BUDGET="ci"."""

    notebook_s: float = 600.0  # wall clock for a whole notebook, restarts included
    cell_s: float = 180.0  # wall clock for one cell (a training cell of notebook 03 on a busy CPU)
    cpu_s: int = 1200  # RLIMIT_CPU of the kernel process (seconds of CPU)
    rss_mb: int = 3000  # watchdog: resident memory of the kernel and its children together
    file_mb: int = 64  # RLIMIT_FSIZE: the largest file the kernel may write
    open_files: int = 512  # RLIMIT_NOFILE
    processes: int = 32  # watchdog: processes of the kernel's tree (a fork bomb is killed past this)
    tasks: int = 512  # RLIMIT_NPROC: processes and threads (per namespace where there are namespaces)
    tmp_mb: int = 256  # size of the private /tmp (namespaces only)
    restarts: int = 3  # fresh kernels after a fatal failure, per submission
    result_kb: int = 512  # the largest result file the grader reads

    def to_dict(self) -> dict:
        return asdict(self)
