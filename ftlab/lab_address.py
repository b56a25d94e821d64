"""The course's address, printed once JupyterLab is up: the last thing `make lab` shows.

`make lab` starts JupyterLab with its log turned down to warnings and runs, beside it,

    python -m ftlab.lab_address PID

which waits for the server of process PID to write its runtime file (jpserver-PID.json, written when it
listens, with the port it really got) and prints a banner with the address. Nothing is printed when
that server stops first (the port was taken, a typo in LAB_ARGS): its own error is then the last line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

WAIT_S = 300  # a first start on a slow laptop builds JupyterLab's caches; give up after this


def runtime_file(pid: int) -> Path:
    """Where the Jupyter server of process `pid` writes its url, port and folder."""
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir()) / f"jpserver-{pid}.json"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def wait_for_url(pid: int, wait_s: float = WAIT_S, poll_s: float = 0.5) -> str | None:
    """The url of the server of process `pid` once it listens; None if it stops or `wait_s` passes."""
    path, deadline = runtime_file(pid), time.monotonic() + wait_s
    while time.monotonic() < deadline and alive(pid):
        try:
            return json.loads(path.read_text(encoding="utf-8"))["url"]
        except (OSError, ValueError, KeyError):  # not written yet, or half written
            time.sleep(poll_s)
    return None


def banner(url: str) -> str:
    """The lines a student reads last: where the course is and how to stop it (pt-BR)."""
    lines = ["O curso está no ar. Abra no navegador:", "", url.rstrip("/") + "/lab", "",
             "Para encerrar: Ctrl+C duas vezes nesta janela."]
    rule = "=" * (max(map(len, lines)) + 4)
    return "\n".join(["", rule, *(f"  {line}".rstrip() for line in lines), rule, ""])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    url = wait_for_url(int(argv[0]))
    if url is not None:
        print(banner(url), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
