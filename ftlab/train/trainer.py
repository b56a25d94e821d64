"""fine_tune: one supervised fine-tuning run on the transformers Trainer, recorded in a History.

Taught in notebooks/03_treinamento (the training lab) and notebooks/05_desafios (full vs LoRA).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

from ftlab.train.config import TrainConfig
from ftlab.train.history import History


def fine_tune(
    model, tokenizer, splits, config: TrainConfig | None = None, callbacks=(), stop=None
) -> History:
    """Fine-tune `model` in place on splits.train, validating on splits.val; returns the History.

    The loss counts completion tokens only; the best validation weights are put back at the end.
    `callbacks` are objects with any of on_start/on_train_loss/on_val_loss/on_end(history);
    `stop` is a threading.Event that ends the run within about a second.
    Taught in notebooks/03_treinamento.
    """
    from ftlab.train.best import BestWeights
    from ftlab.train.bridge import HistoryBridge, notify
    from ftlab.train.quiet import quiet_transformers

    config = config or TrainConfig()
    model = prepare_model(model, config)
    history = start_history(config)
    best = BestWeights.load(config.resume_from) if config.resume_from else BestWeights()
    bridge = HistoryBridge(history, callbacks, stop, config.early_stopping_patience, best)
    trainer = build_trainer(model, tokenizer, splits, config, bridge)
    with quiet_transformers():
        trainer.train(resume_from_checkpoint=config.resume_from)
        finish(trainer, bridge, config)
    notify(bridge.callbacks, "on_end", history)
    return history


def prepare_model(model, config: TrainConfig):
    """Seed everything, then add LoRA adapters when the config asks for them."""
    from transformers import set_seed

    set_seed(config.seed)
    if not config.lora or hasattr(model, "peft_config"):
        return model
    from ftlab.models import LoraSettings, add_lora

    return add_lora(model, LoraSettings(r=config.lora_r, alpha=config.lora_alpha))


def start_history(config: TrainConfig) -> History:
    """A fresh History, or the one saved in the checkpoint being resumed."""
    if config.resume_from and (Path(config.resume_from) / "history.json").exists():
        history = History.load(Path(config.resume_from) / "history.json")
        history.config, history.stopped, history.stop_reason = config.to_dict(), False, None
        return history
    return History(config=config.to_dict())


def take(records, n: int | None) -> list:
    """The first n records (all when n is None): nested subsets as n grows."""
    records = list(records)
    return records if n is None else records[:n]


def by_length(examples: list[dict]) -> list[dict]:
    """Examples shortest first: validation batches then pad little (the loss does not depend on order)."""
    return sorted(examples, key=lambda example: len(example["input_ids"]))


def eval_every(n_train: int, config: TrainConfig) -> int:
    """Steps between evaluations so that a run draws at least config.eval_points validation points."""
    total = math.ceil(n_train / config.batch_size) * config.epochs
    return max(1, total // (config.eval_points - 1))


def build_trainer(model, tokenizer, splits, config: TrainConfig, bridge):
    """A transformers Trainer over the encoded splits, with dynamic padding and ftlab's bridge."""
    from transformers import PrinterCallback, Trainer

    from ftlab.train.collate import PadCollator, encode_records, pad_token_id
    from ftlab.train.completion_loss import completion_loss, takes_logits_mask
    from ftlab.train.trainer_args import training_arguments

    train = encode_records(tokenizer, take(splits.train, config.n_train), config.max_length)
    val = by_length(encode_records(tokenizer, take(splits.val, config.n_val), config.max_length))
    args = training_arguments(config, eval_every(len(train), config))
    masked = takes_logits_mask(model)  # project only the scored positions onto the vocabulary
    trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=val,
                      data_collator=PadCollator(pad_token_id(tokenizer), mark_scored=masked),
                      compute_loss_func=completion_loss if masked else None, callbacks=[bridge])
    trainer.remove_callback(PrinterCallback)
    return trainer


def finish(trainer, bridge, config: TrainConfig) -> None:
    """Save the last state when asked, then put the best validation weights back into the model."""
    history = bridge.history
    history.elapsed = bridge.elapsed()
    if config.output_dir:
        history.checkpoint = save_checkpoint(trainer, history, bridge.best)
        history.save(Path(config.output_dir) / "history.json")
    else:  # the Trainer's scratch folder (see trainer_args) holds nothing worth keeping
        shutil.rmtree(trainer.args.output_dir, ignore_errors=True)
    bridge.best.restore(trainer.model)


def save_checkpoint(trainer, history: History, best=None) -> str:
    """Write the last weights, optimizer, scheduler, RNG states, History and best weights; return the folder.

    Pass the folder as TrainConfig.resume_from to continue the run. Taught in notebooks/03_treinamento.
    """
    trainer._save_checkpoint(trainer.model, trial=None)
    folder = Path(trainer.args.output_dir) / f"checkpoint-{trainer.state.global_step}"
    history.checkpoint = str(folder)
    history.save(folder / "history.json")
    if best is not None:
        best.save(folder)
    return str(folder)
