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


GB = 2**30


def test_memory_warning_only_when_one_more_run_does_not_fit():
    from ftlab.environment import RUN_BYTES, memory_warning

    assert memory_warning(None, 1 * GB) is None  # no limit (a laptop)
    assert memory_warning(2 * GB, 2 * GB - RUN_BYTES) is None
    warning = memory_warning(2 * GB, int(1.8 * GB))
    assert "1.8 de 2.0 GB" in warning and "feche" in warning


def test_memory_read_from_binder_and_cgroup_files(monkeypatch, tmp_path):
    from ftlab import environment

    (tmp_path / "memory.max").write_text("2147483648\n")
    (tmp_path / "memory.current").write_text(f"{int(1.6 * GB)}\n")
    (tmp_path / "memory.stat").write_text(f"anon 1\ninactive_file {int(0.2 * GB)}\n")
    monkeypatch.setattr(environment, "CGROUP", str(tmp_path))
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    assert environment.memory_limit() == 2 * GB
    assert environment.memory_used() == int(1.6 * GB) - int(0.2 * GB)  # the page cache does not count
    monkeypatch.setenv("MEM_LIMIT", str(3 * GB))  # what BinderHub sets
    assert environment.memory_limit() == 3 * GB
    (tmp_path / "memory.max").write_text("max\n")
    monkeypatch.delenv("MEM_LIMIT")
    assert environment.memory_limit() is None


def test_report_shows_memory_and_warns_on_a_full_binder():
    env = Environment("Binder", "cpu", "x86", False, 2, 0, memory_limit=2 * GB, memory_used=int(1.7 * GB))
    lines = report(env).splitlines()
    assert "Memória: 1.7 de 2.0 GB em uso" in lines and lines[-1].startswith("Atenção")


@pytest.mark.parametrize("capability, emulated_ok, expected", [
    ((7, 5), True, False),  # Colab's T4: torch says bf16 is supported (emulated, no tensor cores)
    ((8, 0), True, True),  # A100
    ((9, 0), True, True),  # H100 (seen on an H200: "auto" trains in bf16)
])
def test_auto_precision_takes_bf16_only_on_gpus_that_have_it_natively(monkeypatch, capability, emulated_ok,
                                                                      expected):
    import torch

    from ftlab.train.precision import bf16_supported, resolve_precision

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: capability)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: emulated_ok)
    assert bf16_supported() is expected
    assert resolve_precision("auto") == ("bf16" if expected else "fp32")
