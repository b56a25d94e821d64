"""Lab latency: from "Treinar" to the finished curve, with the lab's default settings.

Drives the TrainingLab object in-process (its button handler, then wait), as a student's click
would, and prints the figures. Target: a default run finishes in 15 s or less on a 2-core CPU.

    HF_HUB_OFFLINE=1 .venv/bin/python -m bench.bench_lab [--repeat 2] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import time


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


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs to time (the first one loads the model)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's choice)")
    args = parser.parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    from ftlab.widgets import TrainingLab

    started = time.perf_counter()
    lab = TrainingLab()
    print(f"lab: panel built in {time.perf_counter() - started:.2f} s; settings {lab.settings()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    rows = [timed_click(lab) for _ in range(args.repeat)]
    for index, row in enumerate(rows, 1):
        print(f"lab: run {index}: " + ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                                                for k, v in row.items()))
    verdict = "OK" if max(r["click_to_end_s"] for r in rows) <= 15 else "ACIMA da meta"
    print(f"lab: slowest click-to-finished-curve {max(r['click_to_end_s'] for r in rows):.1f} s "
          f"(target <= 15 s): {verdict}")
    return rows


if __name__ == "__main__":
    main()
