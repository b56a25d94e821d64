"""`make lab` ends with the course's address (ftlab.lab_address), not under Jupyter's log."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ftlab import lab_address


def test_banner_shows_the_lab_address_and_how_to_stop():
    text = lab_address.banner("http://127.0.0.1:8890/")
    assert "\n  http://127.0.0.1:8890/lab\n" in text
    assert "Ctrl+C" in text
    rules = [line for line in text.splitlines() if line.startswith("=")]
    assert len(rules) == 2 and all(len(rule) >= max(map(len, text.splitlines())) for rule in rules)


def test_address_is_read_from_the_servers_own_runtime_file(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    server = os.getpid()  # a process that is alive: stands for the Jupyter server
    (tmp_path / f"jpserver-{server}.json").write_text(json.dumps({"url": "http://127.0.0.1:8891/"}))
    assert lab_address.wait_for_url(server, wait_s=5) == "http://127.0.0.1:8891/"


def test_nothing_is_printed_when_the_server_stops_before_listening(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True)  # a process that is gone
    environment = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "ftlab.lab_address", ended.stdout.strip()],
                            capture_output=True, text=True, env=environment, timeout=60)
    assert (result.returncode, result.stdout) == (0, "")
