import random

import pytest

from ftlab.environment import Environment, detect_place, report, setup


def test_setup_seeds_python_numpy_and_torch():
    import numpy as np
    import torch

    draws = []
    for _ in range(2):
        setup(seed=7, quiet=True)
        draws.append((random.random(), np.random.rand(), torch.rand(1).item()))
    assert draws[0] == draws[1]


def test_setup_prints_a_short_report_in_portuguese(capsys):
    env = setup(seed=3)
    out = capsys.readouterr().out
    assert env.seed == 3 and env.device in {"cpu", "cuda"}
    assert "semente: 3" in out and "Dispositivo:" in out
    assert len(out.strip().splitlines()) <= 4


@pytest.mark.parametrize(
    "variables, place",
    [({}, "local"), ({"BINDER_SERVICE_HOST": "x"}, "Binder"), ({"COLAB_RELEASE_TAG": "x"}, "Colab")],
)
def test_detect_place(monkeypatch, variables, place):
    for name in ("BINDER_SERVICE_HOST", "BINDER_REQUEST", "COLAB_RELEASE_TAG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert detect_place() == place


def test_report_names_gpu_and_bf16():
    env = Environment("Colab", "cuda", "Tesla T4", False, 2, 0)
    text = report(env)
    assert "GPU (Tesla T4)" in text and "bf16: não" in text and "Colab" in text
