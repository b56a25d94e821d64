"""glibc's malloc thresholds: the lab's default run with ftlab's (ftlab/train/allocator.py) vs glibc's own.

Each run is a fresh process (what malloc does depends on the heap's history), alternating the two
settings; each trains the lab's default run (tiny model, classification, TrainConfig defaults) and
reports its wall time, the training loop's time, and the page faults and kernel CPU time per
training step. Prints medians with their spread and the load average.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_allocator [--rounds 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

SETTINGS = ("ftlab", "glibc")


def one_run(setting: str) -> dict:
    """Child process: the default run, timed; prints a JSON line."""
    import resource
    import time

    import ftlab.train.allocator as allocator

    if setting == "glibc":
        allocator._applied = False  # fine_tune then leaves glibc's thresholds alone
    from ftlab.data import load_task
    from ftlab.models import load_model
    from ftlab.train import fine_tune, preset
    from ftlab.widgets.lab import LAB_N_TRAIN, LAB_N_VAL

    model, tokenizer = load_model("tiny")
    splits = load_task("classificacao", seed=0).subset(LAB_N_TRAIN, LAB_N_VAL, 0)
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    history = fine_tune(model, tokenizer, splits, preset())
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    steps = history.total_steps
    return {"wall_s": wall, "loop_s": history.elapsed,
            "faults_per_step": (after.ru_minflt - before.ru_minflt) / steps,
            "kernel_ms_per_step": 1000 * (after.ru_stime - before.ru_stime) / steps,
            "val_loss": history.val[-1]["loss"] if history.val else float("nan")}


def spread(values: list[float], digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="runs per setting, alternating")
    parser.add_argument("--child", choices=SETTINGS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(one_run(args.child)))
        return {}
    runs = {setting: [] for setting in SETTINGS}
    for round_index in range(args.rounds):
        for setting in SETTINGS if round_index % 2 == 0 else SETTINGS[::-1]:
            done = subprocess.run([sys.executable, "-m", "bench.bench_allocator", "--child", setting],
                                  capture_output=True, text=True, check=True)
            runs[setting].append(json.loads(done.stdout.strip().splitlines()[-1]))
    for setting, results in runs.items():
        column = {key: [r[key] for r in results] for key in results[0]}
        print(f"{setting:>5}: run {spread(column['wall_s'])} s, training loop {spread(column['loop_s'])} s, "
              f"{spread(column['faults_per_step'], 0)} page faults and "
              f"{spread(column['kernel_ms_per_step'], 1)} ms of kernel time per step; "
              f"final val loss {spread(column['val_loss'], 4)}")
    loop = {setting: statistics.median(r["loop_s"] for r in results) for setting, results in runs.items()}
    ratio = loop["glibc"] / loop["ftlab"]
    print(f"training loop, glibc / ftlab: {ratio:.3f}x; n={args.rounds} each; load average {os.getloadavg()}")
    return runs


if __name__ == "__main__":
    main()
