"""Train the byte-level BPE tokenizer of the tiny model with the `tokenizers` library."""

from __future__ import annotations

from collections.abc import Iterable

from ftlab.models.architecture import BOS_TOKEN, EOS_TOKEN, PAD_TOKEN, PRETRAIN_CONTEXT, SPECIAL_TOKENS


def train_bpe(texts: Iterable[str], vocab_size: int):
    """A byte-level BPE `tokenizers.Tokenizer` trained on `texts` (specials get ids 0, 1, 2)."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


def add_bos_processor(tokenizer) -> None:
    """Prepend BOS to every encoded text (as Llama tokenizers do)."""
    from tokenizers import processors

    bos_id = tokenizer.token_to_id(BOS_TOKEN)
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{BOS_TOKEN} $A", pair=f"{BOS_TOKEN} $A $B", special_tokens=[(BOS_TOKEN, bos_id)]
    )


def wrap_fast(tokenizer):
    """Wrap a trained `tokenizers.Tokenizer` as a transformers PreTrainedTokenizerFast."""
    from transformers import PreTrainedTokenizerFast

    add_bos_processor(tokenizer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=BOS_TOKEN,
        eos_token=EOS_TOKEN,
        pad_token=PAD_TOKEN,
        model_max_length=PRETRAIN_CONTEXT,
        padding_side="right",
    )
