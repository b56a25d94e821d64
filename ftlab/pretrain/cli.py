"""Command line of the pre-training: `python -m ftlab.pretrain` or `ftlab pretrain`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ftlab.pretrain.config import PretrainConfig, with_test_sizes


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ftlab.pretrain",
                                     description="Pré-treina o modelo embutido 'tiny' do ftlab.")
    parser.add_argument("--run-dir", type=Path, default=Path("runs/pretrain"), help="checkpoints and logs")
    parser.add_argument("--export-dir", type=Path, default=None, help="export the fp16 model here")
    parser.add_argument("--heldout-path", type=Path, default=None, help="write held-out paragraphs here")
    parser.add_argument("--max-steps", type=int, default=None, help="optimisation steps")
    parser.add_argument("--batch-size", type=int, default=None, help="sequences per step")
    parser.add_argument("--lr", type=float, default=None, help="peak learning rate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (fast only with native bf16)")
    parser.add_argument("--resume", action="store_true", help="continue from run-dir/checkpoint.pt")
    parser.add_argument("--test-mode", action="store_true", help="tiny sizes, runs in seconds")
    return parser.parse_args(argv)


def config_from_args(args: argparse.Namespace) -> PretrainConfig:
    """The PretrainConfig that the command-line arguments describe."""
    config = PretrainConfig(run_dir=args.run_dir, export_dir=args.export_dir, heldout_path=args.heldout_path,
                            seed=args.seed, bf16=args.bf16)
    config = with_test_sizes(config) if args.test_mode else config
    names = ("max_steps", "batch_size", "lr")
    overrides = {k: getattr(args, k) for k in names if getattr(args, k) is not None}
    return replace(config, **overrides)


def main(argv=None) -> int:
    """Run the pre-training; returns the exit status (0)."""
    from ftlab.pretrain import run

    args = parse_args(argv)
    run(config_from_args(args), resume=args.resume)
    return 0
