"""The course's GPU path (Colab with a GPU), for a machine with CUDA: the lab's default run three times
in each precision, then notebook 01's experiment with the student budget. Prints times and results.

Not part of `make bench` (no GPU there). On the device machine of a session that has one:
    HF_HUB_OFFLINE=1 PYTHONPATH=. python3 bench/gpu_course.py
The GPU image has no ipywidgets, so the lab's run size is spelled out here: LAB_N_TRAIN and
LAB_N_VAL of ftlab/widgets/lab.py.
"""

from __future__ import annotations

import json
import time

LAB_N_TRAIN, LAB_N_VAL = 128, 32


def lab_runs(splits, precision: str, repeat: int = 3) -> None:
    from ftlab.models import load_model
    from ftlab.train import fine_tune, preset

    for _ in range(repeat):
        model, tokenizer = load_model("tiny")
        started = time.perf_counter()
        history = fine_tune(model, tokenizer, splits, preset(precision=precision))
        parameter = next(model.parameters())
        print("lab", json.dumps({
            "precision": precision, "wall_s": round(time.perf_counter() - started, 2),
            "loop_s": round(history.elapsed, 2), "device": str(parameter.device),
            "dtype": str(parameter.dtype),
            "first_val": round(history.val[0]["loss"], 4), "best_val": round(history.best()["loss"], 4),
            "steps": history.total_steps, "val_points": len(history.val)}), flush=True)


def main() -> None:
    import torch
    import transformers

    import ftlab
    from ftlab.data import load_task
    from ftlab.experiments.specialist import base_vs_specialist
    from ftlab.train.precision import resolve_precision
    from ftlab.train.trainer_args import optimizer_name

    print("torch", torch.__version__, "transformers", transformers.__version__, flush=True)
    ftlab.setup(seed=0)
    print("precision auto ->", resolve_precision("auto"), "| optimizer", optimizer_name(), flush=True)
    splits = load_task("classificacao", seed=0).subset(LAB_N_TRAIN, LAB_N_VAL, 0)
    for precision in ("auto", "fp32"):
        lab_runs(splits, precision)
    result = base_vs_specialist("tiny", budget="aula", seed=0)
    print(f"notebook 01's experiment: {result.seconds:.1f} s", flush=True)
    print(result.table.to_string(), flush=True)


if __name__ == "__main__":
    main()
