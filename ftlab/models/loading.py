"""Load a causal LM and its tokenizer: the embedded "tiny" model, a local folder or a Hub id.

Taught in notebooks/00_boas_vindas and notebooks/01_o_que_e_fine_tuning.
"""

from __future__ import annotations

import os
from pathlib import Path

from ftlab.models.architecture import TINY_DIR


class ModelNotFoundError(OSError):
    """A model name that is neither "tiny", an existing folder, nor a reachable Hub id."""


def looks_like_path(name: str) -> bool:
    """True for names that can only be a folder (./x, /x, ~/x, a/b/c, x\\y), not a Hub id."""
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name


def hub_offline() -> bool:
    """True when the Hugging Face Hub must not be contacted (HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE)."""
    return any(os.environ.get(var, "").lower() in ("1", "true", "yes", "on")
               for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_reachable(timeout: float = 3.0) -> bool:
    """True when the Hub's host answers a TCP connection within `timeout` seconds.

    Checked once before a Hub download, so a machine without internet gets one clear error at once
    instead of a minute of HTTP retries.
    """
    import socket
    from urllib.parse import urlparse

    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    try:
        socket.create_connection((url.hostname, url.port or 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def resolve_source(name: str) -> str:
    """The folder or Hub id that `name` stands for; raises ModelNotFoundError (pt-BR) for a bad folder."""
    if name == "tiny":
        if not (TINY_DIR / "config.json").exists():
            raise ModelNotFoundError(
                f"O modelo embutido 'tiny' não foi encontrado em {TINY_DIR}. "
                "Gere-o com: python -m ftlab.pretrain --export-dir ftlab/assets/tiny")
        return str(TINY_DIR)
    path = Path(name).expanduser()
    if path.is_dir():
        return str(path)
    if looks_like_path(name) or path.exists():
        raise ModelNotFoundError(
            f"A pasta do modelo '{name}' não existe (ou não é uma pasta). "
            "Use MODEL = \"tiny\" ou o caminho de uma pasta salva com save_pretrained.")
    return name


def unavailable_message(name: str, reason: Exception) -> str:
    """The pt-BR message for a Hub id that could not be loaded."""
    where = "o Hugging Face Hub não está acessível (sem internet ou modo offline)"
    return (f"Não foi possível carregar o modelo '{name}': {where} e ele não está no cache local. "
            f"Use MODEL = \"tiny\" (o modelo embutido, funciona offline) ou o caminho de uma pasta local. "
            f"(detalhe: {type(reason).__name__})")


def default_dtype():
    """fp32 on CPU (fp16 matmuls are slow there); bf16 on a GPU that supports it, else fp32."""
    import torch

    from ftlab.train.precision import bf16_supported

    if torch.cuda.is_available() and bf16_supported():
        return torch.bfloat16
    return torch.float32


def accepts_dtype() -> bool:
    """True where from_pretrained/from_config take `dtype=` (transformers 4.56+), not only `torch_dtype=`."""
    import transformers
    from packaging.version import Version

    return Version(transformers.__version__).release >= (4, 56)


def dtype_argument(dtype) -> dict:
    """The keyword that sets the weights' dtype on this transformers: {"dtype": ...} or {"torch_dtype": ...}.

    The declared minimum (4.46) only knows `torch_dtype`; 5.x warns about it. Every load goes through this.
    """
    return {"dtype" if accepts_dtype() else "torch_dtype": dtype}


def from_pretrained(source: str, name: str, dtype):
    """AutoModelForCausalLM + AutoTokenizer from `source`; Hub failures become one pt-BR error."""
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # a "Loading weights" bar on every load is noise in a notebook
    local_only = Path(source).is_dir() or hub_offline() or not hub_reachable()
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=local_only)
        model = AutoModelForCausalLM.from_pretrained(source, local_files_only=local_only,
                                                     **dtype_argument(dtype))
    except (OSError, ValueError) as error:
        if Path(source).is_dir():
            raise
        raise ModelNotFoundError(unavailable_message(name, error)) from None
    return model, tokenizer


def ensure_pad_token(model, tokenizer) -> None:
    """Give tokenizers without a pad token (many Hub models) the EOS token as padding."""
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if model.config.pad_token_id is None:
        model.config.pad_token_id = tokenizer.pad_token_id


def load_model(name: str = "tiny", lora=None, dtype=None):
    """Load (model, tokenizer): "tiny" (embedded, offline), a local folder, or a Hugging Face id.

    `lora`: None for the plain model, True for the default LoraSettings, or a LoraSettings.
    `dtype`: torch dtype; None picks fp32 on CPU. Taught in notebooks/00_boas_vindas.
    """
    source = resolve_source(name)
    model, tokenizer = from_pretrained(source, name, dtype or default_dtype())
    ensure_pad_token(model, tokenizer)
    model.eval()
    if lora:
        from ftlab.models.lora import LoraSettings, add_lora

        model = add_lora(model, LoraSettings() if lora is True else lora)
    return model, tokenizer


def random_init_model(seed: int = 0):
    """(model, tokenizer): the tiny architecture and tokenizer with random weights (a baseline).

    Taught in notebooks/00_boas_vindas (what pre-training buys).
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    source = resolve_source("tiny")
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(source),
                                             **dtype_argument(torch.float32))
    model.eval()
    return model, AutoTokenizer.from_pretrained(source)
