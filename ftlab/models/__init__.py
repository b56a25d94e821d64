"""Models for the course: the embedded "tiny" Llama, any Hugging Face causal LM, LoRA, costs.

Heavy libraries (torch, transformers, peft) load only when a function needs them.
"""

from ftlab.models.architecture import TINY_DIR, tiny_config
from ftlab.models.estimate import RunEstimate, estimate_run
from ftlab.models.generation import generate
from ftlab.models.loading import ModelNotFoundError, load_model, random_init_model
from ftlab.models.lora import LoraSettings, ParamCount, add_lora, count_parameters

__all__ = [
    "TINY_DIR", "LoraSettings", "ModelNotFoundError", "ParamCount", "RunEstimate", "add_lora",
    "count_parameters", "estimate_run", "generate", "load_model", "random_init_model", "tiny_config",
]
