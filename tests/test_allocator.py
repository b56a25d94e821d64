"""ftlab.train.allocator: training steps reuse freed memory instead of faulting in new pages."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys

import pytest

import ftlab.train.allocator as allocator

# A short fine_tune of the tiny model in a fresh process (the heap's history decides what glibc does),
# printing the page faults of each training step; argv[1] == "glibc" keeps glibc's own thresholds.
CHILD = """
import json, resource, sys
import ftlab.train.allocator as allocator
from ftlab.data import load_task
from ftlab.models import load_model
from ftlab.train import fine_tune, preset

if sys.argv[1] == "glibc":
    allocator._applied = False
faults = []

class CountFaults:
    def on_train_loss(self, history):
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt)

model, tokenizer = load_model("tiny")
splits = load_task("classificacao", seed=0).subset(48, 8, 0)
fine_tune(model, tokenizer, splits, preset(epochs=2, precision="fp32"), callbacks=[CountFaults()])
print(json.dumps([after - before for before, after in zip(faults, faults[1:])]))
"""


def faults_per_step(thresholds: str) -> list[int]:
    cpu_only = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}  # on a GPU machine the steps would run there
    done = subprocess.run([sys.executable, "-c", CHILD, thresholds], capture_output=True, text=True,
                          timeout=300, check=True, env=cpu_only)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds are glibc's")
def test_training_steps_fault_in_almost_no_new_pages():
    """The tiny model's training steps on the CPU (after the first three): thousands of page faults per
    step with glibc's own thresholds (its 8 MiB embedding gradient comes back as fresh pages), a handful
    with ftlab's."""
    ftlab_steps, glibc_steps = faults_per_step("ftlab"), faults_per_step("glibc")
    assert statistics.mean(ftlab_steps[3:]) < 100, ftlab_steps
    assert statistics.mean(glibc_steps[3:]) > 500, glibc_steps  # the measure sees what it should


def test_elsewhere_nothing_is_changed(monkeypatch):
    monkeypatch.setattr(platform, "libc_ver", lambda: ("", ""))
    assert allocator.set_thresholds() is False
