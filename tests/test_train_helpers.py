"""Shared test helpers for ftlab.train / ftlab.evaluate: a small Llama, a BPE tokenizer, synthetic data.

Nothing here needs the shipped model or the course data, so these tests run anywhere, offline.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

from ftlab.data.formats import LABELS

# One keyword per label: a model that learns the task maps the keyword to its label.
KEYWORDS = dict(zip(LABELS, ("sinal", "boleto", "pacote", "técnico", "encerrar", "parabéns"), strict=True))
FILLER = ("o meu a internet hoje ontem de novo por favor preciso ajuda com isso na casa "
          "desde cedo quero saber sobre e também muito obrigado").split()


def synthetic_records(n: int, seed: int) -> list[dict]:
    """Classification-style records: filler words around the label's keyword."""
    rng, records = random.Random(seed), []
    for _ in range(n):
        label = rng.choice(LABELS)
        words = [rng.choice(FILLER) for _ in range(rng.randint(4, 12))]
        words.insert(rng.randint(0, len(words)), KEYWORDS[label])
        records.append({"prompt": f"Mensagem: {' '.join(words)}\nCategoria:", "completion": f" {label}",
                        "label": label})
    return records


def single_thread():
    """Run torch on one thread for the block; returns the previous count (restore it afterwards).

    Small models train as fast on one thread, and stay fast when other jobs share the cores.
    """
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    return previous


def synthetic_splits(n_train=64, n_val=16, n_test=24) -> SimpleNamespace:
    return SimpleNamespace(train=synthetic_records(n_train, 1), val=synthetic_records(n_val, 2),
                           test=synthetic_records(n_test, 3))


def small_tokenizer():
    """A byte-level BPE tokenizer (vocab 384) with pad/bos/eos, trained on synthetic text."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=384, special_tokens=["<|pad|>", "<|bos|>", "<|eos|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    core.train_from_iterator([r["prompt"] + r["completion"] for r in synthetic_records(300, 9)], trainer)
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<|pad|>", bos_token="<|bos|>",
                                   eos_token="<|eos|>")


def small_model(vocab_size=384, seed=0):
    """A 2-layer Llama of width 64 at a seeded random init."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=vocab_size, hidden_size=64, intermediate_size=172, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=256,
                         tie_word_embeddings=True, pad_token_id=0, bos_token_id=1, eos_token_id=2)
    return LlamaForCausalLM(config)
