"""fine_tune: one supervised fine-tuning run on the transformers Trainer, recorded in a History.

Taught in notebooks/03_treinamento (the training lab) and notebooks/05_desafios (full vs LoRA).
"""

from __future__ import annotations

import contextlib
import math
import shutil
import threading
from pathlib import Path

from ftlab.errors import SettingsError
from ftlab.train.config import TrainConfig
from ftlab.train.history import History

_ONE_RUN = threading.Lock()  # one training at a time per kernel (a second one would reseed the first)


class TrainingBusy(SettingsError):
    """A run was started while another one is training in the same kernel."""


@contextlib.contextmanager
def one_run_at_a_time():
    """Hold the kernel-wide training lock for the block; TrainingBusy (pt-BR) when it is taken."""
    if not _ONE_RUN.acquire(blocking=False):
        raise TrainingBusy("Já há um treino em andamento neste kernel (no laboratório ou em outra célula): "
                           "espere ele terminar, ou clique em Parar, e rode de novo.")
    try:
        yield
    finally:
        _ONE_RUN.release()


def fine_tune(
    model, tokenizer, splits, config: TrainConfig | None = None, callbacks=(), stop=None
) -> History:
    """Fine-tune `model` in place on every example of splits.train, validating on all of splits.val.

    The loss counts completion tokens only; the best validation weights are put back at the end.
    Take fewer examples with `splits.subset(n_train, n_val, seed)` before calling.
    `callbacks` are objects with any of on_start/on_train_loss/on_val_loss/on_end(history);
    `stop` is a threading.Event that ends the run within about a second. One run at a time per
    kernel: a second call while one trains raises TrainingBusy. Taught in notebooks/03_treinamento.
    """
    config = config or TrainConfig()
    with one_run_at_a_time():
        return train_locked(model, tokenizer, splits, config, callbacks, stop)


def train_locked(model, tokenizer, splits, config: TrainConfig, callbacks, stop) -> History:
    from ftlab.train.best import BestWeights
    from ftlab.train.bridge import HistoryBridge, notify
    from ftlab.train.quiet import quiet_transformers

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
    """Seed everything, keep fp32 weights for full fine-tuning, add LoRA adapters when asked."""
    from ftlab.environment import seed_everything

    seed_everything(config.seed)
    if config.lora is None:
        return fp32_master_weights(model)
    if hasattr(model, "peft_config"):
        return model
    from ftlab.models import add_lora

    return add_lora(model, config.lora)


def fp32_master_weights(model):
    """Trained weights in fp32: bf16/fp16 weights would round small updates (lr 1e-5) to nothing.

    Models loaded in bf16 for a GPU are turned to fp32 here; the Trainer's bf16 autocast still runs
    the matrix products in bf16, so speed is kept and only the master copy is exact.
    """
    import torch

    low = (torch.bfloat16, torch.float16)
    if any(p.requires_grad and p.dtype in low for p in model.parameters()):
        model.float()
    return model


def start_history(config: TrainConfig) -> History:
    """A fresh History, or the one saved in the checkpoint being resumed."""
    if config.resume_from and (Path(config.resume_from) / "history.json").exists():
        history = History.load(Path(config.resume_from) / "history.json")
        history.config, history.stopped, history.stop_reason = config.to_dict(), False, None
        return history
    return History(config=config.to_dict())


def by_length(examples: list[dict]) -> list[dict]:
    """Examples shortest first: validation batches then pad little (the loss does not depend on order)."""
    return sorted(examples, key=lambda example: len(example["input_ids"]))


def eval_every(n_train: int, config: TrainConfig) -> int:
    """Steps between evaluations so that a run draws at least config.eval_points validation points."""
    total = math.ceil(n_train / config.batch_size) * config.epochs
    return max(1, total // (config.eval_points - 1))


def encode_splits(model, tokenizer, splits, config: TrainConfig):
    """(train, val) Encoded sets; max_length from the config, else from the data and the model's context."""
    from ftlab.train.collate import fit_examples, model_context, needed_length, token_pairs

    train_records = list(splits.train)
    if config.replay:
        from ftlab.train.replay import mix_replay

        train_records = mix_replay(train_records, config.replay, config.seed)
    train_pairs, val_pairs = token_pairs(tokenizer, train_records), token_pairs(tokenizer, list(splits.val))
    max_length = config.max_length or needed_length(train_pairs + val_pairs, model_context(model))
    return fit_examples(train_pairs, max_length), fit_examples(val_pairs, max_length)


def data_summary(train, val) -> dict:
    """What History.data records: sizes and what did not fit (train and validation together)."""
    return {"n_train": len(train.examples), "n_val": len(val.examples), "max_length": train.max_length,
            "prompt_cut": len(train.prompt_cut) + len(val.prompt_cut),
            "left_out": len(train.left_out) + len(val.left_out)}


def build_trainer(model, tokenizer, splits, config: TrainConfig, bridge):
    """A transformers Trainer over the encoded splits: batches of similar length (ftlab.train.batches),
    dynamic padding and ftlab's bridge."""
    from transformers import PrinterCallback

    from ftlab.train.batches import pooled_trainer_class
    from ftlab.train.collate import PadCollator, pad_token_id
    from ftlab.train.completion_loss import completion_loss, takes_logits_mask
    from ftlab.train.trainer_args import training_arguments

    train, val = encode_splits(model, tokenizer, splits, config)
    if not train.examples or not val.examples:
        raise SettingsError("Não dá para treinar: nenhum exemplo de treino ou de validação coube em "
                            f"{train.max_length} tokens (aumente max_length ou encurte as respostas).")
    bridge.history.data = data_summary(train, val)
    args = training_arguments(config, eval_every(len(train.examples), config))
    masked = takes_logits_mask(model)  # project only the scored positions onto the vocabulary
    trainer = pooled_trainer_class()(
        model=model, args=args, train_dataset=train.examples, eval_dataset=by_length(val.examples),
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
