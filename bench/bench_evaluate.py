"""Evaluation speed: both tasks' test split, fast path vs slow path, measured in one run.

Fast: label scoring with the prompt's KV cache shared by the labels (ftlab.evaluate.score_labels)
and batched generation with the KV cache, grouped by token limit (generate_completions).
Slow: one forward pass per (prompt, label) pair (score_labels_separately) and one prompt at a time
(generate_one_at_a_time). Both write each answer up to its reference's length. Prints both times,
their ratio and the load average, and checks that both paths give the same predictions.
Target (2-core CPU, tiny model): fast <= 20 s and >= 3x faster than slow.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_evaluate.py [--rounds 1] [--n-test N] [--threads 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process): CPU time is less hurt by a shared machine."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started, time.process_time() - cpu


def test_inputs(tokenizer, n_test: int | None):
    """Classification prompts, answer prompts and each answer's token limit (its reference's length)."""
    from ftlab.data import load_task
    from ftlab.evaluate.generate import reference_lengths

    classification, answers = load_task("classificacao").test[:n_test], load_task("resposta").test[:n_test]
    limits = reference_lengths(tokenizer, [r["completion"] for r in answers])
    return [r["prompt"] for r in classification], [r["prompt"] for r in answers], limits


def fast(model, tokenizer, cls_prompts, answer_prompts, limits):
    from ftlab.data import LABELS
    from ftlab.evaluate import generate_completions, score_labels

    labels = score_labels(model, tokenizer, cls_prompts, LABELS)
    return labels, generate_completions(model, tokenizer, answer_prompts, batch_size=32, limits=limits)


def slow(model, tokenizer, cls_prompts, answer_prompts, limits):
    from ftlab.data import LABELS
    from ftlab.evaluate.generate import generate_one_at_a_time
    from ftlab.evaluate.scoring import score_labels_separately

    labels = score_labels_separately(model, tokenizer, cls_prompts, LABELS)
    return labels, generate_one_at_a_time(model, tokenizer, answer_prompts, limits)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="alternating fast/slow rounds")
    parser.add_argument("--n-test", type=int, default=None, help="first N test examples per task")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    from ftlab.models import load_model

    torch.set_num_threads(args.threads)
    model, tokenizer = load_model("tiny")
    inputs = test_inputs(tokenizer, args.n_test)
    print(f"tiny model, {len(inputs[0])} classification prompts x 6 labels, {len(inputs[1])} answers "
          f"({sum(inputs[2])} tokens at most), {args.threads} threads", flush=True)
    times = {"fast": [], "slow": [], "fast_cpu": [], "slow_cpu": []}
    for round_ in range(args.rounds):
        load_before = os.getloadavg()[0]
        fast_out, fast_s, fast_cpu = timed(fast, model, tokenizer, *inputs)
        slow_out, slow_s, slow_cpu = timed(slow, model, tokenizer, *inputs)
        figures = {"fast": fast_s, "slow": slow_s, "fast_cpu": fast_cpu, "slow_cpu": slow_cpu}
        for name, value in figures.items():
            times[name].append(value)
        same_labels = fast_out[0] == slow_out[0]
        same_texts = sum(a == b for a, b in zip(fast_out[1], slow_out[1], strict=True))
        print(f"round {round_ + 1}: fast {fast_s:.1f} s (CPU {fast_cpu:.1f} s), slow {slow_s:.1f} s "
              f"(CPU {slow_cpu:.1f} s), ratio {slow_s / fast_s:.2f}x (CPU {slow_cpu / fast_cpu:.2f}x); "
              f"same labels: {same_labels}; same answers: {same_texts}/{len(fast_out[1])}; "
              f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
    result = {name: statistics.median(values) for name, values in times.items()}
    result["ratio"] = result["slow"] / result["fast"]
    result["cpu_ratio"] = result["slow_cpu"] / result["fast_cpu"]
    print(f"median: fast {result['fast']:.1f} s (target <= 20 s), slow {result['slow']:.1f} s, "
          f"ratio {result['ratio']:.2f}x (target >= 3x); CPU ratio {result['cpu_ratio']:.2f}x")
    return result


if __name__ == "__main__":
    main()
