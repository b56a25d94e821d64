"""One sandboxed kernel for one submission: started by nbclient, watched, killed for good.

A `Slot` is the submission's own folder (the only writable place for its kernel): `home/`, `tmp/`,
`work/` (the working directory), `run/` (connection file, sockets, probe results).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from ftlab.grading.cgroup import PidsCgroup, pids_root
from ftlab.grading.limits import Limits
from ftlab.grading.sandbox import clean_env, kernel_argv
from ftlab.grading.watchdog import Watchdog, kill_tree

SPEC_NAME = "ftlab-grade"


@dataclass
class Slot:
    root: Path

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def run(self) -> Path:
        return self.root / "run"

    def create(self) -> Slot:
        for folder in (self.home, self.work, self.run, self.root / "tmp"):
            folder.mkdir(parents=True, exist_ok=True)
        return self


@dataclass
class Outcome:
    """How one cell went: "ok", "erro" (the cell raised), or fatal: "tempo_esgotado", "memoria"..."""

    status: str
    seconds: float

    @property
    def fatal(self) -> bool:
        return self.status not in ("ok", "erro")


def write_spec(slot: Slot, level: str, limits: Limits, masks: list[Path], keeps: list[Path],
               prefix: list[str]) -> Path:
    """A kernelspec folder whose argv is the sandboxed boot; returns the folder holding it."""
    policy = slot.run / "policy.json"
    hidden = [str(m) for m in masks if not any(k == m or m in k.parents for k in keeps)]
    policy.write_text(json.dumps({"limits": limits.to_dict(), "level": level, "work": str(slot.root),
                                  "hidden": hidden}), encoding="utf-8")
    spec_dir = slot.run / "kernels" / SPEC_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    argv = prefix + kernel_argv(level, slot.root, policy, masks, keeps, limits.tmp_mb)
    spec = {"argv": argv, "display_name": "ftlab grading", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return spec_dir.parent


class SandboxKernel:
    """Start, run cells with limits, stop. A new instance is a fresh kernel."""

    def __init__(self, slot: Slot, level: str, limits: Limits, masks: list[Path], keeps: list[Path]):
        self.slot, self.level, self.limits = slot, level, limits
        self.notebook = nbformat.v4.new_notebook()
        root = pids_root()
        self.cgroup = PidsCgroup(root, limits.tasks) if root else None
        prefix = self.cgroup.join_prefix() if self.cgroup else []
        spec_root = write_spec(slot, level, limits, masks, keeps, prefix)
        for stale in slot.run.glob("k-*"):
            stale.unlink(missing_ok=True)
        self.km = AsyncKernelManager(kernel_name=SPEC_NAME, kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[str(spec_root)], ensure_native_kernel=False), transport="ipc",
            ip=str(slot.run / "k"), connection_file=str(slot.run / "connection.json"))
        self.client = NotebookClient(self.notebook, km=self.km, timeout=int(limits.cell_s), allow_errors=True,
                                     interrupt_on_timeout=False, shell_timeout_interval=1,
                                     iopub_timeout=2, startup_timeout=120, record_timing=False)
        self.watchdog: Watchdog | None = None
        self.log = None

    def start(self) -> float:
        started = time.perf_counter()
        self.log = open(self.slot.root / "kernel.log", "ab")  # noqa: SIM115 - closed in stop()
        self.client.start_new_kernel(env=clean_env(self.slot.home, self.slot.root), cwd=str(self.slot.work),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.client.start_new_kernel_client()
        pid = self.km.provisioner.process.pid
        self.watchdog = Watchdog(pid, self.limits.rss_mb, self.limits.processes)
        self.watchdog.start()
        return time.perf_counter() - started

    def run(self, source: str, timeout: float) -> Outcome:
        """Execute one cell within `timeout` seconds."""
        cell = nbformat.v4.new_code_cell(source)
        self.notebook.cells.append(cell)
        self.client.timeout = max(1, int(timeout))
        started = time.perf_counter()
        try:
            self.client.execute_cell(cell, len(self.notebook.cells) - 1)
            status = "erro" if any(out.get("output_type") == "error" for out in cell.outputs) else "ok"
        except CellTimeoutError:
            status = "tempo_esgotado"
        except DeadKernelError:
            status = "kernel_morreu"
        except Exception as err:  # noqa: BLE001 - a broken channel is a dead kernel for the grade
            status = "kernel_morreu" if not self.alive() else f"falha_do_corretor:{type(err).__name__}"
        if self.watchdog:
            self.watchdog.inspect()  # a cell that ends over a limit is charged, not the next one
        if self.watchdog and self.watchdog.tripped:
            status = self.watchdog.tripped
        elif status == "kernel_morreu" and self.cpu_exhausted():
            status = "cpu"
        return Outcome(status, time.perf_counter() - started)

    def alive(self) -> bool:
        process = self.process()
        return process is not None and process.poll() is None

    def process(self):
        """The Popen of the kernel command (setpriv/unshare/python), or None before start."""
        return getattr(self.km.provisioner, "process", None) if self.km.provisioner else None

    def cpu_exhausted(self) -> bool:
        process = self.process()
        return process is not None and process.poll() is not None and process.returncode in (-24, 128 + 24)

    def stop(self) -> None:
        """Kill the kernel and everything it started; never raises."""
        if self.watchdog:
            self.watchdog.stop()
        process = self.process()
        if process is not None:
            kill_tree(process.pid)
        try:
            self.client._cleanup_kernel()
        except Exception:  # noqa: BLE001 - the kernel may already be gone
            pass
        if self.log is not None:
            self.log.close()
        if self.cgroup is not None:
            self.cgroup.close()


def remove_slot(slot: Slot) -> None:
    shutil.rmtree(slot.root, ignore_errors=True)
