"""The architecture of ftlab's embedded "tiny" model: a small Llama.

Taught in notebooks/00_boas_vindas (the base model) and notebooks/05_desafios (compute cost).
"""

from __future__ import annotations

from pathlib import Path

TINY_DIR = Path(__file__).resolve().parent.parent / "assets" / "tiny"

# Special tokens of the tiny tokenizer; their ids are fixed (the first entries of the vocabulary).
PAD_TOKEN, BOS_TOKEN, EOS_TOKEN = "<|pad|>", "<|bos|>", "<|eos|>"
SPECIAL_TOKENS = (PAD_TOKEN, BOS_TOKEN, EOS_TOKEN)
PAD_ID, BOS_ID, EOS_ID = 0, 1, 2

TINY_VOCAB_SIZE = 8192  # byte-level BPE vocabulary (8k keeps the embedding table small)
TINY_CONTEXT = 512  # context length in tokens of the shipped model (raised by the continued pre-training)
PRETRAIN_CONTEXT = 256  # tokens per sequence of the first pre-training stage (python -m ftlab.pretrain)


def tiny_config(vocab_size: int = TINY_VOCAB_SIZE, **overrides):
    """The LlamaConfig of the shipped model (about 5M parameters); `overrides` for test sizes.

    Taught in notebooks/00_boas_vindas.
    """
    from transformers import LlamaConfig

    settings = dict(
        vocab_size=vocab_size,
        hidden_size=256,
        intermediate_size=688,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=TINY_CONTEXT,
        tie_word_embeddings=True,
        rms_norm_eps=1e-5,
        pad_token_id=PAD_ID,
        bos_token_id=BOS_ID,
        eos_token_id=EOS_ID,
    )
    settings.update(overrides)
    return LlamaConfig(**settings)
