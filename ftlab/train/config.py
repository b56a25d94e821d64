"""The one dataclass that holds every hyperparameter of a fine-tuning run.

Taught in notebooks/03_treinamento (the training lab shows it as one commented block).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

PRECISIONS = ("auto", "fp32", "bf16")
SCHEDULERS = ("constant", "linear", "cosine")


@dataclass
class TrainConfig:
    """Hyperparameters of one run; the defaults train in about 10 s on a 2-core CPU (bench/README.md).

    Taught in notebooks/03_treinamento.
    """

    lr: float = 1e-3  # AdamW step size; the lab's slider spans 1e-5 (barely moves) .. 1e-1 (diverges)
    epochs: int = 3  # full passes over the training set; many more on few examples = overfitting
    batch_size: int = 8  # examples per optimizer step; small batches keep a stop request under 1 s
    n_train: int | None = 128  # training examples from splits.train (None = all); few = quick, overfits
    n_val: int | None = 64  # validation examples for the val_loss curve (None = all; fewer = faster)
    weight_decay: float = 0.0  # AdamW weight decay; a mild regulariser against overfitting
    warmup_ratio: float = 0.05  # fraction of the steps with a linear lr warm-up from 0
    lr_scheduler: str = "constant"  # after warm-up: "constant" (epochs only add passes), "linear", "cosine"
    max_grad_norm: float = 1.0  # gradient clipping; keeps one bad batch from wrecking the weights
    lora: bool = False  # train small LoRA adapters instead of every weight of the model
    lora_r: int = 8  # LoRA rank: size of the low-rank update
    lora_alpha: int = 16  # LoRA scale numerator (update scaled by alpha / r)
    eval_points: int = 12  # validation points spread over the run (the curves need at least 10)
    early_stopping_patience: int | None = None  # stop after this many evals without a new best (None = off)
    seed: int = 0  # seeds data order, LoRA init and dropout: the same run twice gives the same curve
    precision: str = "auto"  # "auto" (bf16 autocast where supported), "fp32" or "bf16"
    max_length: int = 128  # tokens per example (prompt + completion); longer prompts are cut on the left
    output_dir: str | None = None  # folder for the last checkpoint and history.json (None = keep in memory)
    resume_from: str | None = None  # checkpoint folder of an earlier run to continue from (see output_dir)

    def __post_init__(self):
        problems = config_problems(self)
        if problems:
            raise ValueError("TrainConfig inválido: " + "; ".join(problems))

    def to_dict(self) -> dict:
        """Plain dict of the fields (what History stores)."""
        return asdict(self)


def config_problems(config: TrainConfig) -> list[str]:
    """Every field whose value cannot make a run, described in pt-BR."""
    checks = [
        (config.lr > 0, f"lr deve ser positivo (recebido {config.lr})"),
        (config.epochs >= 1, f"epochs deve ser pelo menos 1 (recebido {config.epochs})"),
        (config.batch_size >= 1, f"batch_size deve ser pelo menos 1 (recebido {config.batch_size})"),
        (config.n_train is None or config.n_train >= 1, f"n_train deve ser >= 1 ou None ({config.n_train})"),
        (config.n_val is None or config.n_val >= 1, f"n_val deve ser >= 1 ou None ({config.n_val})"),
        (0 <= config.warmup_ratio < 1, f"warmup_ratio deve estar em [0, 1) ({config.warmup_ratio})"),
        (config.eval_points >= 10, f"eval_points deve ser pelo menos 10 ({config.eval_points})"),
        (config.lr_scheduler in SCHEDULERS,
         f"lr_scheduler deve ser um de {SCHEDULERS} ({config.lr_scheduler!r})"),
        (config.precision in PRECISIONS, f"precision deve ser um de {PRECISIONS} ({config.precision!r})"),
        (config.max_length >= 8, f"max_length deve ser pelo menos 8 ({config.max_length})"),
    ]
    return [message for ok, message in checks if not ok]
