"""How a panel runs a long job (a training) started by a button, so that the page keeps updating.

Two ways, picked by `WidgetRunner()` from where the kernel runs:

- "thread" (JupyterLab, Notebook, VS Code, Binder): the job runs in a background thread started
  inside a copy of the caller's `contextvars` context. ipykernel 7.0.x keeps the message being
  handled in a context variable, so a plain thread raised LookupError at the first widget update
  (ipywidgets#4001, fixed in ipykernel 7.1; Binder's image has 7.0.1); the copy works on any version.
- "cell" (Colab): widget updates sent from a background thread never reach Colab's page
  (colabtools#3373), so the job runs in the kernel's own thread, inside the button's handler, and
  every time it asks `stop.is_set()` the runner first handles the widget messages that arrived
  meanwhile (a "Parar" click). Other requests (a cell the student runs) wait until the job ends, as
  they would behind any running cell. This is what jupyter-ui-poll does for a running cell; here it
  is done for ipykernel 6 (what Colab pins), and falls back to "thread" where the kernel differs.

`FTLAB_WIDGET_RUNNER=thread|cell` forces one (the tests drive "cell" in Notebook 6.5.7).

Usage (the training lab): `runner = WidgetRunner()`; `runner.start(job, *args)` from the click
handler; the job passes `runner.stop` to fine_tune; "Parar" calls `runner.stop.set()`;
`runner.running`, `runner.join(timeout)`. Taught in notebooks/03_treinamento (the lab).
"""

from __future__ import annotations

import contextvars
import os
import threading
import time

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


def can_poll(kernel) -> bool:
    """True for a kernel whose pending shell messages this module knows how to reach (ipykernel 6)."""
    return all(hasattr(kernel, name) for name in ("shell_stream", "msg_queue", "session", "shell_handlers"))


def on_colab() -> bool:
    from ftlab.environment import detect_place

    return detect_place() == "Colab"


def pick_mode(kernel=None) -> str:
    """ "cell" on Colab (or when forced) with a kernel that can be polled, else "thread"."""
    kernel = kernel if kernel is not None else current_kernel()
    wanted = os.environ.get("FTLAB_WIDGET_RUNNER") or ("cell" if on_colab() else "thread")
    return "cell" if wanted == "cell" and kernel is not None and can_poll(kernel) else "thread"


class KernelPoller:
    """Handles the widget messages waiting in an ipykernel 6 kernel while the kernel's thread is busy.

    Everything else that arrives is put aside and handed back to the kernel's queue by `release()`,
    in its order, to run once the job is over.
    """

    def __init__(self, kernel):
        self.kernel = kernel
        self.deferred: list = []  # queue entries that are not widget messages, in arrival order
        self.last = 0.0  # time.monotonic() of the last poll

    def poll(self) -> None:
        """Handle the widget messages that arrived (at most every POLL_INTERVAL seconds)."""
        if time.monotonic() - self.last < POLL_INTERVAL:
            return
        self.last = time.monotonic()
        self.kernel.shell_stream.flush()  # moves what arrived on the socket into msg_queue
        for entry in self._drain():
            message = self._decode(entry, content=False)  # a peek: the kernel may still dispatch it
            if message is not None and message[1]["header"]["msg_type"] in HANDLED_NOW:
                self._handle(*self._decode(entry, content=True))
            else:
                self.deferred.append(entry)

    def _drain(self) -> list:
        from tornado.queues import QueueEmpty

        entries = []
        while True:
            try:
                entries.append(self.kernel.msg_queue.get_nowait())
            except QueueEmpty:
                return entries

    def _decode(self, entry, content: bool):
        """(identities, message) of a queued shell message; None if it is not one.

        Only `content=True` records the message's signature as seen (jupyter_client refuses a signature
        seen twice), so a peek leaves the message fit for the kernel's own dispatch later.
        """
        _index, _dispatch, args = entry
        try:
            idents, frames = self.kernel.session.feed_identities(args[0], copy=False)
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
        for entry in self.deferred:
            self.kernel.msg_queue.put_nowait(entry)
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
