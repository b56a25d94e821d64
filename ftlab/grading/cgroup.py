"""A pids cgroup per kernel, where the grader may create one (root with cgroup v1 or v2).

RLIMIT_NPROC does not bind tasks owned by the host's root, even inside a user namespace, so a
grader run as root caps the number of tasks with the pids controller instead. The kernel command
joins the cgroup before anything else runs (see `join_prefix`); `close` kills what is left.
"""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path

ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


def pids_root() -> Path | None:
    """The writable hierarchy holding the pids controller, or None."""
    if os.geteuid() != 0:
        return None
    for root in ROOTS:
        has_pids = root.name == "pids" or "pids" in read(root / "cgroup.controllers").split()
        if (root / "cgroup.procs").exists() and has_pids and os.access(root, os.W_OK):
            return root
    return None


def read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


class PidsCgroup:
    """One cgroup with pids.max; `join_prefix` is the argv that moves the kernel command into it."""

    def __init__(self, root: Path, max_tasks: int):
        self.path = root / f"ftlab-grade-{uuid.uuid4().hex[:12]}"
        self.path.mkdir()
        (self.path / "pids.max").write_text(str(max_tasks))

    def join_prefix(self) -> list[str]:
        return ["sh", "-c", f'echo $$ > "{self.path}/cgroup.procs" && exec "$@"', "sh"]

    def kill_all(self) -> None:
        for pid in read(self.path / "cgroup.procs").split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        self.kill_all()
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except OSError:
                self.kill_all()
                import time

                time.sleep(0.1)
