"""How a panel runs a long job (a training) started by a button, so that the page keeps updating.

Two ways, picked by `WidgetRunner()` from where the kernel runs:

- "cell" (the default wherever the kernel can be polled: ipykernel 6, as Colab pins, and ipykernel 7):
  the job runs in the kernel's own thread, inside the button's handler, and every time it asks
  `stop.is_set()` the runner first handles the widget messages that arrived meanwhile (a "Parar"
  click). Other requests (a cell the student runs) wait until the job ends, as they would behind any
  running cell. This is what jupyter-ui-poll does for a running cell. It is needed on Colab, where
  widget updates sent from a background thread never reach the page (colabtools#3373), and it is
  faster: a training in a second thread gets a second OpenMP team, more busy threads than a 2-core
  laptop has cores (bench/README.md, "the training thread"; the lab in the browser, same run: median
  7.5 s in the kernel's thread, 8.7 s in a background thread).
- "thread" (a kernel this module cannot poll): the job runs in a background thread started inside a
  copy of the caller's `contextvars` context. ipykernel 7.0.x keeps the message being handled in a
  context variable, so a plain thread raised LookupError at the first widget update (ipywidgets#4001,
  fixed in ipykernel 7.1; Binder's image has 7.0.1); the copy works on any version.

`FTLAB_WIDGET_RUNNER=thread|cell` forces one. tests/ui drives "cell" in JupyterLab and Notebook 7
with ipykernel 7, tests/platforms in Notebook 6.5.7 with ipykernel 6; "thread" is covered by
tests/test_widget_runner.py and `python -m bench.bench_lab_browser --variants cell,thread`.

Usage (the training lab): `runner = WidgetRunner()`; `runner.start(job, *args)` from the click
handler; the job passes `runner.stop` to fine_tune; "Parar" calls `runner.stop.set()`;
`runner.running`, `runner.join(timeout)`. Taught in notebooks/03_treinamento (the lab).
"""

from __future__ import annotations

import contextvars
import os
import threading
import time
from functools import partial

POLL_INTERVAL = 0.1  # seconds between two looks at the kernel's incoming messages, at least
HANDLED_NOW = ("comm_msg",)  # widget messages (clicks, slider moves): handled during the job


def current_kernel():
    """The running ipykernel Kernel, or None outside a kernel (a script, a test)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return getattr(shell, "kernel", None)


def shell_inbox(kernel):
    """Where the pending shell messages of this kernel wait while its thread is busy, or None."""
    if all(hasattr(kernel, name) for name in ("shell_stream", "msg_queue", "session", "shell_handlers")):
        return QueueInbox(kernel)
    manager = getattr(getattr(kernel, "shell_channel_thread", None), "manager", None)
    pair = getattr(manager, "_shell_channel_to_main", None)
    if pair is not None and hasattr(kernel, "session") and hasattr(kernel, "shell_handlers"):
        return SocketInbox(kernel, pair)
    return None


def can_poll(kernel) -> bool:
    """True for a kernel whose pending shell messages this module knows how to reach (ipykernel 6, 7)."""
    return shell_inbox(kernel) is not None


def pick_mode(kernel=None) -> str:
    """ "cell" with a kernel that can be polled (unless "thread" is forced), else "thread"."""
    kernel = kernel if kernel is not None else current_kernel()
    wanted = os.environ.get("FTLAB_WIDGET_RUNNER") or "cell"
    return "cell" if wanted == "cell" and kernel is not None and can_poll(kernel) else "thread"


class QueueInbox:
    """ipykernel 6: the shell socket's stream fills a tornado queue that the kernel's loop empties."""

    def __init__(self, kernel):
        self.kernel = kernel

    def take(self) -> list:
        """Every entry waiting now, in arrival order."""
        from tornado.queues import QueueEmpty

        self.kernel.shell_stream.flush()  # moves what arrived on the socket into msg_queue
        entries = []
        while True:
            try:
                entries.append(self.kernel.msg_queue.get_nowait())
            except QueueEmpty:
                return entries

    @staticmethod
    def frames(entry) -> list:
        _index, _dispatch, args = entry
        return args[0]

    def give_back(self, entries: list) -> None:
        for entry in entries:
            self.kernel.msg_queue.put_nowait(entry)


class SocketInbox:
    """ipykernel 7: a shell-channel thread forwards each message to the main thread on an inproc socket.

    Messages are read from that socket in the main thread (its only reader, as the kernel's own
    stream); those given back go to the stream's own callback, in order, once the loop is free.
    """

    def __init__(self, kernel, pair):
        self.kernel = kernel
        self.pair = pair

    def take(self) -> list:
        import zmq

        entries = []
        while True:
            try:
                entries.append(self.pair.to_socket.recv_multipart(zmq.NOBLOCK, copy=False))
            except zmq.Again:
                return entries

    @staticmethod
    def frames(entry) -> list:
        return entry

    def give_back(self, entries: list) -> None:
        stream = getattr(self.pair, "to_stream", None)
        callback = getattr(stream, "_recv_callback", None) or partial(self.kernel.shell_main, None)
        for entry in entries:
            self.kernel.io_loop.add_callback(callback, entry)


class KernelPoller:
    """Handles the widget messages waiting in a kernel (ipykernel 6 or 7) while the kernel's thread is busy.

    Everything else that arrives is put aside and handed back to the kernel by `release()`, in its
    order, to run once the job is over.
    """

    def __init__(self, kernel, inbox=None):
        self.kernel = kernel
        self.inbox = inbox or shell_inbox(kernel)
        self.deferred: list = []  # inbox entries that are not widget messages, in arrival order
        self.last = 0.0  # time.monotonic() of the last poll

    def poll(self) -> None:
        """Handle the widget messages that arrived (at most every POLL_INTERVAL seconds)."""
        if time.monotonic() - self.last < POLL_INTERVAL:
            return
        self.last = time.monotonic()
        for entry in self.inbox.take():
            message = self._decode(entry, content=False)  # a peek: the kernel may still dispatch it
            if message is not None and message[1]["header"]["msg_type"] in HANDLED_NOW:
                self._handle(*self._decode(entry, content=True))
            else:
                self.deferred.append(entry)

    def _decode(self, entry, content: bool):
        """(identities, message) of a waiting shell message; None if it is not one.

        Only `content=True` records the message's signature as seen (jupyter_client refuses a signature
        seen twice), so a peek leaves the message fit for the kernel's own dispatch later.
        """
        try:
            idents, frames = self.kernel.session.feed_identities(self.inbox.frames(entry), copy=False)
            return idents, self.kernel.session.deserialize(frames, content=content, copy=False)
        except Exception:  # noqa: BLE001 - whatever it is, the kernel's own dispatch will deal with it
            return None

    def _handle(self, idents, message) -> None:
        """Run the widget handler with the message as parent, then give the job its parent back."""
        kernel = self.kernel
        parent, parent_ident = kernel.get_parent("shell"), kernel._parent_ident["shell"]
        handler = kernel.shell_handlers[message["header"]["msg_type"]]
        try:
            kernel.set_parent(idents, message, channel="shell")
            handler(kernel.shell_stream, idents, message)
        except Exception:  # noqa: BLE001 - as the kernel does: log, never break the running job
            kernel.log.exception("widget message failed during a job")
        finally:
            kernel.set_parent(parent_ident, parent, channel="shell")

    def release(self) -> None:
        """Hand the put-aside requests back to the kernel, first in first out."""
        self.inbox.give_back(self.deferred)
        self.deferred = []


class PollingStop(threading.Event):
    """The stop flag of a "cell" job: asking it handles pending widget messages first."""

    def __init__(self, poller: KernelPoller | None = None):
        super().__init__()
        self.poller = poller

    def is_set(self) -> bool:
        if self.poller is not None:
            self.poller.poll()
        return super().is_set()


class WidgetRunner:
    """Runs one job at a time for a panel, in the way that updates reach the page (see module doc)."""

    def __init__(self, mode: str | None = None):
        self.kernel = current_kernel()
        self.mode = mode or pick_mode(self.kernel)
        self.stop = threading.Event()  # set by "Parar"; the job passes it to fine_tune
        self._thread: threading.Thread | None = None
        self._inline = False  # True while a "cell" job runs

    @property
    def running(self) -> bool:
        """True while a job runs."""
        return self._inline or (self._thread is not None and self._thread.is_alive())

    def start(self, job, *args) -> None:
        """Run `job(*args)`: in a thread that sees the caller's context, or right here ("cell")."""
        if self.mode == "cell":
            self._run_inline(job, *args)
            return
        self.stop = threading.Event()
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(job, *args), daemon=True)
        self._thread.start()

    def _run_inline(self, job, *args) -> None:
        poller = KernelPoller(self.kernel) if self.kernel is not None and can_poll(self.kernel) else None
        self.stop = PollingStop(poller)
        self._inline = True
        try:
            job(*args)
        finally:
            self._inline = False
            if poller is not None:
                poller.release()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a thread job to end (a "cell" job has ended when start() returns)."""
        if self._thread is not None:
            self._thread.join(timeout)
