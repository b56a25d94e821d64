"""Reproducible pre-training of ftlab's embedded "tiny" model (`python -m ftlab.pretrain`).

Taught in notebooks/00_boas_vindas (where the base model comes from).
"""

from __future__ import annotations

from ftlab.pretrain.config import PretrainConfig, with_test_sizes

__all__ = ["PretrainConfig", "main", "run", "with_test_sizes"]


def main(argv=None) -> int:
    """The command line (`ftlab pretrain ARGS`, `python -m ftlab.pretrain ARGS`); returns 0."""
    from ftlab.pretrain.cli import main as cli_main

    return cli_main(argv)


def run(config: PretrainConfig, resume: bool = False) -> dict:
    """Pre-train, then evaluate, export and write the report; returns the report dict.

    With `resume`, training continues from run_dir/checkpoint.pt (a finished run goes straight to
    the evaluation and export).
    """
    from ftlab.pretrain.loop import train
    from ftlab.pretrain.pipeline import build_model, prepare, seed_everything, start_clean, write_json

    seed_everything(config.seed, config.threads)
    if not resume:
        start_clean(config.run_dir)
    write_json(config.run_dir / "config.json", config.to_dict())
    prepared = prepare(config)
    model = build_model(config, prepared.tokenizer)
    state = train(model, prepared.train_blocks, prepared.val_blocks, config, resume=resume)
    from ftlab.pretrain.report import finish

    return finish(model, prepared, state, config)
