"""Benchmark of the shipped tiny model: load time and greedy generation time (prints figures).

Run: HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_model.py
Bars from the issue: load < 2 s, 50 greedy tokens < 1 s on a 2-core CPU.
"""

from __future__ import annotations

import statistics
import time


def timed(fn, repeats: int) -> list[float]:
    """Wall seconds of `repeats` calls of fn()."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def generate_exactly(model, tokenizer, prompt: str, n_tokens: int) -> int:
    """Greedy generation of exactly `n_tokens` new tokens (EOS ignored); returns the count."""
    import torch

    ids = tokenizer(prompt, return_tensors="pt")
    with torch.no_grad():
        out = model.generate(**ids, do_sample=False, max_new_tokens=n_tokens, min_new_tokens=n_tokens,
                             pad_token_id=tokenizer.pad_token_id)
    return out.shape[1] - ids["input_ids"].shape[1]


def cold_process_seconds() -> float:
    """Wall seconds of a fresh Python process that imports ftlab and loads the tiny model."""
    import subprocess
    import sys

    code = "from ftlab.models import load_model; load_model('tiny')"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def import_model_code() -> None:
    """Import the transformers modules a first load pulls in lazily (Llama model, tokenizer)."""
    import transformers.models.llama.modeling_llama  # noqa: F401
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerFast  # noqa: F401


def main(repeats: int = 5) -> dict:
    import torch
    import transformers  # noqa: F401  (library import excluded from the load time)

    from ftlab.models import generate, load_model

    torch.set_num_threads(2)
    imports = timed(import_model_code, 1)[0]
    load = timed(lambda: load_model("tiny"), repeats)
    model, tokenizer = load_model("tiny")
    prompt = "Para inserir uma tabela no documento,"
    generate_exactly(model, tokenizer, prompt, 5)  # warm-up
    gen = timed(lambda: generate_exactly(model, tokenizer, prompt, 50), repeats)
    figures = {"import_llama_code_s": imports, "load_first_s": load[0],
               "load_median_s": statistics.median(load),
               "generate_50_median_s": statistics.median(gen), "generate_50_max_s": max(gen),
               "cold_process_with_imports_s": cold_process_seconds()}
    for name, value in figures.items():
        print(f"{name:22s} {value:.3f}")
    print("amostra:", prompt + generate(model, tokenizer, prompt, 50))
    return figures


if __name__ == "__main__":
    main()
