"""A Python audit hook in the grading kernel: no new processes anywhere; more where namespaces lack.

At every level it refuses new processes (fork bombs, and children that would run without the
hook). Without namespaces it also refuses network sockets, writes and deletions outside the
submission's folder, and reads of the grader's own files. Audit hooks cannot be removed once
installed, but they are a policy aid, not a sandbox (PEP 578): code that reaches C directly
(ctypes) gets past them, which is why the CSV records the level each submission was graded with.
"""

from __future__ import annotations

import os
import socket
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
CHANGES = {"os.remove", "os.rmdir", "os.rename", "os.replace", "os.truncate", "os.chmod", "os.chown",
           "os.link", "os.symlink", "os.mkdir", "os.utime", "shutil.rmtree", "shutil.move"}
LISTINGS = {"os.listdir", "os.scandir", "os.chdir", "glob.glob"}
PROCESSES = {"os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
             "subprocess.Popen", "pty.spawn"}
NETWORK = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"}
ALLOWED_DEVICES = ("/dev/null", "/dev/urandom", "/dev/random", "/dev/shm", "/dev/tty")


def as_path(value) -> str | None:
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    return os.path.realpath(value) if isinstance(value, str) else None


def inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def writes(mode, flags) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & WRITE_FLAGS)


def refuse(what: str):
    raise PermissionError(f"bloqueado pela correção automática: {what}")


def make_hook(work: str, hidden: tuple[str, ...], block_network: bool, guard_files: bool):
    writable = (work, *ALLOWED_DEVICES)

    def hook(event: str, args: tuple) -> None:
        if event in PROCESSES:
            refuse("criar processos")
        if not guard_files:
            return
        if event == "open":
            path = as_path(args[0])
            if path is None:
                return
            if inside(path, hidden):
                refuse(f"ler {path}")
            if writes(args[1], args[2]) and not inside(path, writable):
                refuse(f"escrever em {path}")
        elif event in CHANGES:
            for value in args[:2]:
                path = as_path(value)
                if path is not None and not inside(path, (work,)):
                    refuse(f"{event} em {path}")
        elif event in LISTINGS:
            path = as_path(args[0]) if args and args[0] is not None else None
            if path is not None and inside(path, hidden):
                refuse(f"listar {path}")
        elif block_network and event in NETWORK and getattr(args[0], "family", None) != socket.AF_UNIX:
            refuse("acessar a rede")

    return hook


def install(work: str, hidden: list[str], block_network: bool, guard_files: bool = True) -> None:
    """Install the hook for the rest of this interpreter's life."""
    sys.addaudithook(make_hook(os.path.realpath(work), tuple(os.path.realpath(h) for h in hidden),
                               block_network, guard_files))
