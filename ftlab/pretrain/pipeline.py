"""The whole pre-training path: corpus -> split -> tokenizer -> blocks -> model -> train -> export."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ftlab.pretrain.config import PretrainConfig
from ftlab.pretrain.corpus import LICENCES, Document, build_documents
from ftlab.pretrain.data import encode_documents, to_blocks
from ftlab.pretrain.splits import CorpusSplits, split_documents, write_heldout


@dataclass
class Prepared:
    """Everything the training loop needs, plus the statistics the model card reports."""

    tokenizer: object  # transformers PreTrainedTokenizerFast
    train_blocks: object  # LongTensor [n, context]
    val_blocks: object  # LongTensor [n, context]
    corpus_stats: dict  # per source and per split: documents, characters, tokens


RUN_FILES = ("tokenizer", "log.jsonl", "STOP", "checkpoint.pt", "checkpoint.tmp", "best.pt")


def start_clean(run_dir: Path) -> None:
    """A new (not resumed) run owns its folder: no earlier tokenizer, log, STOP file or checkpoint."""
    import shutil

    for name in RUN_FILES:
        path = run_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def seed_everything(seed: int, threads: int) -> None:
    """Seed python, numpy and torch (ftlab.environment's one seeding); fix the number of CPU threads."""
    import torch

    from ftlab.environment import seed_everything as seed_all

    seed_all(seed)
    torch.set_num_threads(threads)


def load_or_train_tokenizer(config: PretrainConfig, train_docs: list[Document]):
    """The run's tokenizer: reloaded from run_dir when resuming, else trained on the train documents."""
    from transformers import PreTrainedTokenizerFast

    from ftlab.pretrain.tokenizer import train_bpe, wrap_fast

    path = config.run_dir / "tokenizer"
    if (path / "tokenizer.json").exists():
        return PreTrainedTokenizerFast.from_pretrained(path)
    tokenizer = wrap_fast(train_bpe((d.text for d in train_docs), config.vocab_size))
    tokenizer.save_pretrained(path)
    return tokenizer


def split_stats(name: str, docs: list[Document], n_tokens: int) -> dict:
    """Documents, characters and tokens of one split, with per-source counts."""
    by_source = Counter(d.source for d in docs)
    chars = Counter()
    for d in docs:
        chars[d.source] += len(d.text)
    return {"split": name, "documents": len(docs), "characters": sum(chars.values()), "tokens": n_tokens,
            "by_source": {s: {"documents": by_source[s], "characters": chars[s]} for s in sorted(by_source)}}


def corpus_stats(splits: CorpusSplits, train_tokens: int, val_tokens: int) -> dict:
    """Statistics of the corpus for the model card."""
    sources = sorted({d.source for d in splits.train + splits.val} | {r["source"] for r in splits.heldout})
    return {
        "sources": {s: LICENCES[s] for s in sources},
        "train": split_stats("train", splits.train, train_tokens),
        "val": split_stats("val", splits.val, val_tokens),
        "heldout_paragraphs": len(splits.heldout),
    }


def prepare(config: PretrainConfig) -> Prepared:
    """Build the corpus, split it, write the held-out paragraphs, train the tokenizer, make blocks."""
    config.run_dir.mkdir(parents=True, exist_ok=True)
    docs = build_documents(config.max_docs)
    splits = split_documents(docs, config.seed, config.val_fraction, config.heldout_paragraphs)
    if config.heldout_path is not None:
        write_heldout(splits.heldout, config.heldout_path)
    tokenizer = load_or_train_tokenizer(config, splits.train)
    train_stream = encode_documents(tokenizer, splits.train)
    val_stream = encode_documents(tokenizer, splits.val)
    stats = corpus_stats(splits, len(train_stream), len(val_stream))
    train_blocks, val_blocks = to_blocks(train_stream, config.context), to_blocks(val_stream, config.context)
    return Prepared(tokenizer, train_blocks, val_blocks, stats)


def build_model(config: PretrainConfig, tokenizer):
    """A seeded, randomly initialised tiny Llama sized for this tokenizer."""
    import torch
    from transformers import LlamaForCausalLM

    from ftlab.models.architecture import tiny_config

    torch.manual_seed(config.seed)
    sizes = {"max_position_embeddings": config.context, **config.model_overrides}  # stage 1: 256 tokens
    model_config = tiny_config(vocab_size=len(tokenizer), **sizes)
    return LlamaForCausalLM(model_config)


def write_json(path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
