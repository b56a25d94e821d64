"""A thread in the grader that kills a submission's kernel when it takes too much memory or forks.

Resident memory (RSS) of the kernel and all its children together is polled every few hundredths
of a second; an address-space limit would be simpler but breaks torch, which reserves far more
virtual memory than it uses.
"""

from __future__ import annotations

import threading

import psutil


def process_tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def kill_tree(pid: int) -> None:
    """SIGKILL the process and every descendant, children first."""
    for process in reversed(process_tree(pid)):
        try:
            process.kill()
        except psutil.Error:
            pass


def memory_of(process: psutil.Process, shared: bool) -> int:
    """RSS; PSS when the tree has several processes (forked copies share their pages)."""
    try:
        return process.memory_full_info().pss if shared else process.memory_info().rss
    except (psutil.Error, AttributeError):
        try:
            return process.memory_info().rss
        except psutil.Error:
            return 0


def tree_rss(processes: list[psutil.Process]) -> int:
    return sum(memory_of(process, len(processes) > 3) for process in processes)


class Watchdog(threading.Thread):
    """Kills the tree rooted at `pid` past `rss_mb` or `processes`; `tripped` says why."""

    def __init__(self, pid: int, rss_mb: int, processes: int, every_s: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.rss_limit, self.process_limit = pid, rss_mb * 2**20, processes
        self.every_s, self.tripped, self.peak_rss = every_s, "", 0
        self.stopped, self.lock = threading.Event(), threading.Lock()

    def run(self) -> None:
        while not self.stopped.wait(self.every_s):
            if not self.inspect():
                return

    def inspect(self) -> bool:
        """One measurement; kills the tree past a limit. False once the tree is gone or killed."""
        with self.lock:
            if self.tripped:
                return False
            processes = process_tree(self.pid)
            if not processes:
                return False
            rss = tree_rss(processes) if len(processes) <= self.process_limit else 0
            self.peak_rss = max(self.peak_rss, rss)
            if len(processes) > self.process_limit or rss > self.rss_limit:
                self.tripped = "processos" if len(processes) > self.process_limit else "memoria"
                kill_tree(self.pid)
                return False
            return True

    def stop(self) -> None:
        self.stopped.set()
