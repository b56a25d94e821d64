"""Lab latency in-process: from "Treinar" to the finished curve, with the lab's default settings.

Drives the TrainingLab object in the benchmark's own process (its button handler, then wait), as a
student's click would, and prints each click, the median with its spread and the load average.
`--profile` splits every run into forward, backward, optimizer, clipping, validation, collation,
redraw and the Trainer's own work (bench/profile_run.py). What the student waits for in a browser
is measured by bench/bench_lab_browser.py. Target (issue 12): median 10 s or less in the browser.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_lab [--repeat 5] [--threads 1] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time

from bench.profile_run import RunProfile, print_profile


def timed_click(lab) -> dict:
    """Click "Treinar", wait for the run; seconds to the first curve point and to the end."""
    started = time.perf_counter()
    first_point = []
    lab.on_train()
    while lab.running and not first_point:
        if lab.live is not None and lab.live.redraws >= 2:
            first_point.append(time.perf_counter() - started)
        time.sleep(0.05)
    history = lab.wait()
    return {
        "click_to_end_s": time.perf_counter() - started,
        "click_to_second_redraw_s": first_point[0] if first_point else float("nan"),
        "train_elapsed_s": history.elapsed,
        "steps": history.total_steps,
        "val_points": len(history.val),
        "redraws": lab.live.redraws,
        "redraw_s": lab.live.total_draw_seconds,
        "best_val_loss": history.best()["loss"],
    }


def profiled_click(lab) -> dict:
    with RunProfile() as profile:
        row = timed_click(lab)
    row["profile"] = profile.rows(row["click_to_end_s"])
    return row


def spread(values: list[float]) -> str:
    """'median 9.8 s (8.9-11.2, n=5)'."""
    return f"mediana {statistics.median(values):.1f} s ({min(values):.1f}-{max(values):.1f}, n={len(values)})"


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="clicks to time")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    parser.add_argument("--profile", action="store_true", help="split each run into its parts")
    args = parser.parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    from ftlab.widgets import TrainingLab

    started = time.perf_counter()
    lab = TrainingLab()
    print(f"lab: panel built in {time.perf_counter() - started:.2f} s; settings {lab.settings()}; "
          f"load average {os.getloadavg()[0]:.2f}")
    click = profiled_click if args.profile else timed_click
    rows = []
    for index in range(1, args.repeat + 1):
        rows.append(click(lab))
        row = rows[-1]
        print(f"lab: run {index}: " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                                for k, v in row.items() if k != "profile"), flush=True)
        with contextlib.suppress(KeyError):
            print_profile(row["profile"], row["click_to_end_s"], f"lab: run {index}")
    ends = [r["click_to_end_s"] for r in rows]
    firsts = [r["click_to_second_redraw_s"] for r in rows]
    print(f"lab: clique ao fim da curva: {spread(ends)}; segundo desenho da curva: {spread(firsts)}; "
          f"load average {os.getloadavg()[0]:.2f} (em processo, sem navegador; meta no navegador <= 10 s)")
    return rows


if __name__ == "__main__":
    main()
