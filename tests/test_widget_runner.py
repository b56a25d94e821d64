"""ftlab.widgets.runner: the thread mode keeps the caller's context; the cell mode handles widget
messages while the job runs and keeps the rest for later. (In a browser: tests/ui and tests/platforms.)
"""

from __future__ import annotations

import contextvars
import threading

import pytest

from ftlab.widgets.runner import KernelPoller, PollingStop, SocketInbox, WidgetRunner, pick_mode, shell_inbox

PARENT = contextvars.ContextVar("PARENT")  # stands for ipykernel 7.0's parent-message variable


def test_thread_job_sees_the_callers_context():
    PARENT.set("clique em Treinar")
    seen = {}

    def job(name):
        seen[name] = (PARENT.get(), threading.current_thread() is threading.main_thread())

    runner = WidgetRunner(mode="thread")
    runner.start(job, "treino")
    runner.join(10)
    assert seen == {"treino": ("clique em Treinar", False)}
    assert not runner.running


def test_thread_runner_is_running_until_the_job_ends_and_stop_reaches_it():
    runner = WidgetRunner(mode="thread")
    release, stopped = threading.Event(), []
    runner.start(lambda: (release.wait(10), stopped.append(runner.stop.is_set())))
    assert runner.running
    runner.stop.set()
    release.set()
    runner.join(10)
    assert stopped == [True] and not runner.running


def test_cell_job_runs_here_and_counts_as_running():
    runner = WidgetRunner(mode="cell")
    seen = []
    runner.start(lambda: seen.append((runner.running, threading.current_thread() is threading.main_thread(),
                                      isinstance(runner.stop, PollingStop))))
    assert seen == [(True, True, True)] and not runner.running


@pytest.mark.parametrize("forced, pollable, mode", [
    ("", True, "cell"),  # ipykernel 6 or 7: train in the kernel's own thread
    ("", False, "thread"),  # a kernel this module cannot poll: the thread is the safe choice
    ("cell", False, "thread"),
    ("thread", True, "thread"),
])
def test_pick_mode(monkeypatch, forced, pollable, mode):
    monkeypatch.setenv("FTLAB_WIDGET_RUNNER", forced)
    kernel = FakeKernel() if pollable else object()
    assert pick_mode(kernel) == mode


def test_pick_mode_polls_an_ipykernel_7_kernel(monkeypatch):
    monkeypatch.delenv("FTLAB_WIDGET_RUNNER", raising=False)
    kernel = FakeKernel7()
    assert pick_mode(kernel) == "cell"
    assert isinstance(shell_inbox(kernel), SocketInbox)
    kernel.close()


class FakeStream:
    def flush(self, *args):
        pass


class FakeKernel:
    """The parts of an ipykernel 6 Kernel that KernelPoller touches, with real message framing."""

    def __init__(self):
        from jupyter_client.session import Session
        from tornado.queues import Queue

        self.session = Session(key=b"chave")
        self.msg_queue = Queue()
        self.shell_stream = FakeStream()
        self.handled = []
        self.shell_handlers = {"comm_msg": self.on_comm, "execute_request": self.on_execute}
        self._parent_ident = {"shell": b"celula"}
        self._parents = {"shell": {"header": {"msg_id": "celula"}}}
        self.parent_during = None

    def get_parent(self, channel="shell"):
        return self._parents[channel]

    def set_parent(self, ident, parent, channel="shell"):
        self._parent_ident[channel], self._parents[channel] = ident, parent

    def on_comm(self, stream, idents, message):
        self.handled.append(message["content"]["data"])
        self.parent_during = self.get_parent()["header"]["msg_id"]

    def on_execute(self, stream, idents, message):
        raise AssertionError("a cell must wait until the job ends")

    def arrive(self, msg_type: str, content: dict) -> str:
        """Queue a message as ipykernel 6 does (frames of zmq.Frame); returns its msg_id."""
        import zmq

        message = self.session.msg(msg_type, content)
        frames = [zmq.Frame(part) for part in self.session.serialize(message, ident=[b"cliente"])]
        self.msg_queue.put_nowait((len(self.handled), "dispatch_shell", (frames,)))
        return message["header"]["msg_id"]


def test_poller_handles_widget_messages_now_and_defers_the_rest_in_order():
    kernel = FakeKernel()
    kernel.arrive("execute_request", {"code": "1 + 1"})
    click = kernel.arrive("comm_msg", {"comm_id": "parar", "data": {"event": "click"}})
    kernel.arrive("execute_request", {"code": "2 + 2"})
    poller = KernelPoller(kernel)
    poller.poll()
    assert kernel.handled == [{"event": "click"}]
    assert kernel.parent_during == click  # the handler's output belongs to the click
    assert kernel.get_parent()["header"]["msg_id"] == "celula"  # and the job's comes back to the job
    assert kernel.msg_queue.qsize() == 0 and len(poller.deferred) == 2
    poller.release()
    codes = []
    while kernel.msg_queue.qsize():
        _, frames = kernel.session.feed_identities(kernel.msg_queue.get_nowait()[2][0], copy=False)
        codes.append(kernel.session.deserialize(frames, copy=False)["content"]["code"])
    assert codes == ["1 + 1", "2 + 2"]


def test_polling_stop_polls_before_answering():
    kernel = FakeKernel()
    poller = KernelPoller(kernel)
    stop = PollingStop(poller)
    kernel.shell_handlers["comm_msg"] = lambda *args: stop.set()  # the "Parar" button's handler
    assert not stop.is_set()
    kernel.arrive("comm_msg", {"comm_id": "parar", "data": {"event": "click"}})
    poller.last = 0.0  # the next look is due
    assert stop.is_set()


class FakeKernel7(FakeKernel):
    """The parts of an ipykernel 7 Kernel that KernelPoller touches: the shell-channel thread forwards
    each message to the main thread on an inproc zmq pair, read by a stream whose callback dispatches it."""

    def __init__(self):
        import zmq
        from ipykernel.socket_pair import SocketPair

        super().__init__()
        del self.msg_queue  # not in ipykernel 7
        self.context = zmq.Context()
        self.pair = SocketPair(self.context, f"test-{id(self)}")
        self.shell_channel_thread = type("Thread", (), {})()
        self.shell_channel_thread.manager = type("Manager", (), {"_shell_channel_to_main": self.pair})()
        self.io_loop = type("Loop", (), {"add_callback": lambda _self, f, *args: f(*args)})()
        self.dispatched = []  # what the kernel's own dispatch received afterwards, in order
        self.pair.to_stream = type("Stream", (), {"_recv_callback": self.dispatched.append})()

    def arrive(self, msg_type: str, content: dict) -> str:
        message = self.session.msg(msg_type, content)
        self.pair.from_socket.send_multipart(self.session.serialize(message, ident=[b"cliente"]))
        return message["header"]["msg_id"]

    def close(self):
        self.pair.from_socket.close()
        self.pair.to_socket.close()
        self.context.term()


def test_poller_reads_ipykernel_7s_socket_and_gives_the_rest_back_to_its_stream_in_order():
    import time

    kernel = FakeKernel7()
    kernel.arrive("execute_request", {"code": "1 + 1"})
    kernel.arrive("comm_msg", {"comm_id": "parar", "data": {"event": "click"}})
    kernel.arrive("execute_request", {"code": "2 + 2"})
    poller = KernelPoller(kernel)
    for _ in range(50):  # inproc delivery is asynchronous
        poller.last = 0.0
        poller.poll()
        if len(poller.deferred) == 2:
            break
        time.sleep(0.01)
    assert kernel.handled == [{"event": "click"}]
    assert kernel.get_parent()["header"]["msg_id"] == "celula"
    poller.release()
    codes = []
    for frames in kernel.dispatched:
        _, parts = kernel.session.feed_identities(frames, copy=False)
        codes.append(kernel.session.deserialize(parts, copy=False)["content"]["code"])
    assert codes == ["1 + 1", "2 + 2"]
    kernel.close()
