"""The one settings object of a fine-tuning run, with its pt-BR validation.

Every run of the course is a `TrainConfig`: the lab, the budgets of the experiments and the graded
checks build theirs from a named preset (ftlab.train.presets) with `dataclasses.replace`, and every
value is validated here, once. How many examples a run sees is a property of the data it is given
(`Splits.subset`), not of the config. Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from ftlab.errors import SettingsError
from ftlab.models.lora import LoraSettings

PRECISIONS = ("auto", "fp32", "bf16")
SCHEDULERS = ("constant", "linear", "cosine")

# Field -> what it does, in pt-BR: the readable display of a config (notebook 03 shows it).
FIELD_HELP = {
    "lr": "taxa de aprendizado: o tamanho de cada passo do otimizador (AdamW)",
    "epochs": "épocas: quantas vezes o treino passa por todos os exemplos",
    "batch_size": "exemplos por passo do otimizador (lote)",
    "weight_decay": "decaimento dos pesos: regulariza, puxa os pesos para perto de zero",
    "warmup_ratio": "fração dos passos em que a taxa sobe aos poucos desde 0 (aquecimento)",
    "lr_scheduler": "como a taxa muda depois do aquecimento: constante, linear ou cosseno",
    "max_grad_norm": "corte do gradiente: um lote ruim não estraga os pesos",
    "lora": "LoRA: treina só adaptadores pequenos (None = treina todos os pesos)",
    "replay": "fração de texto geral misturada ao treino (contra o esquecimento)",
    "eval_points": "quantos pontos de validação a curva terá (pelo menos 10)",
    "early_stopping_patience": "para após tantas validações sem melhora (None = desligado)",
    "seed": "semente: o mesmo treino duas vezes dá a mesma curva",
    "precision": "formato dos números: auto, fp32 ou bf16",
    "max_length": "tokens por exemplo (None = o necessário para os dados, até o contexto do modelo)",
    "output_dir": "pasta do checkpoint e do histórico (None = só na memória)",
    "resume_from": "checkpoint de um treino anterior para continuar",
}


@dataclass
class TrainConfig:
    """Hyperparameters of one run; the defaults train in about 10 s on a 2-core CPU (bench/README.md).

    Build variants with `dataclasses.replace(config, lr=...)` or `ftlab.train.presets.preset(...)`.
    Taught in notebooks/03_treinamento.
    """

    lr: float = 1e-3  # AdamW step size; the lab offers 1e-5 (barely moves) .. 1e-1 (diverges)
    epochs: int = 3  # full passes over the training set; many more on few examples = overfitting
    batch_size: int = 8  # examples per optimizer step; small batches keep a stop request under 1 s
    weight_decay: float = 0.0  # AdamW weight decay; a mild regulariser against overfitting
    warmup_ratio: float = 0.05  # fraction of the steps with a linear lr warm-up from 0
    lr_scheduler: str = "constant"  # after warm-up: "constant" (epochs only add passes), "linear", "cosine"
    max_grad_norm: float = 1.0  # gradient clipping; keeps one bad batch from wrecking the weights
    lora: LoraSettings | None = None  # train LoRA adapters with these settings (None = every weight)
    replay: float = 0.0  # share of general pt-BR text mixed into training (0 = none), against forgetting
    eval_points: int = 10  # validation points over the run (curves need at least 10; each one costs a pass)
    early_stopping_patience: int | None = None  # stop after this many evals without a new best (None = off)
    seed: int = 0  # seeds data order, LoRA init and dropout: the same run twice gives the same curve
    precision: str = "auto"  # "auto" (bf16 autocast where fast), "fp32" or "bf16"
    max_length: int | None = None  # tokens per example; None = the longest example, up to the model's context
    output_dir: str | None = None  # folder for the last checkpoint and history.json (None = keep in memory)
    resume_from: str | None = None  # checkpoint folder of an earlier run to continue from (see output_dir)

    def __post_init__(self):
        if isinstance(self.lora, dict):  # a config read back from a saved History
            self.lora = LoraSettings(**{**self.lora, "target_modules": tuple(self.lora["target_modules"])})
        problems = config_problems(self)
        if problems:
            raise SettingsError("Não dá para treinar com esses valores: " + "; ".join(problems) + ".")

    def to_dict(self) -> dict:
        """Plain dict of the fields (what History stores; LoRA settings as a nested dict or None)."""
        return asdict(self)

    def to_frame(self):
        """One row per field: value and what it does (pt-BR). Taught in notebooks/03_treinamento."""
        import pandas as pd

        rows = [{"campo": f.name, "valor": display_value(getattr(self, f.name)),
                 "para que serve": FIELD_HELP[f.name]} for f in fields(self)]
        return pd.DataFrame(rows).set_index("campo")

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()


def display_value(value) -> str:
    """A field's value as a student reads it (LoRA settings in one short line)."""
    if isinstance(value, LoraSettings):
        modules = ", ".join(value.target_modules)
        return f"r={value.r}, alpha={value.alpha}, dropout={value.dropout}, módulos={modules}"
    return "None" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def config_problems(config: TrainConfig) -> list[str]:
    """Every field whose value cannot make a run, described in pt-BR (empty when all is fine)."""
    c = config
    checks = [
        (is_number(c.lr) and c.lr > 0, f"a taxa de aprendizado (lr) precisa ser um número maior que zero; "
                                        f"veio {c.lr!r}"),
        (not is_number(c.lr) or c.lr <= 1,
         f"a taxa de aprendizado (lr) {c.lr!r} é grande demais; use no máximo 1"),
        (whole(c.epochs) and c.epochs >= 1,
         f"o número de épocas precisa ser um inteiro >= 1; veio {c.epochs!r}"),
        (whole(c.batch_size) and c.batch_size >= 1,
         f"o tamanho do lote precisa ser um inteiro >= 1; veio {c.batch_size!r}"),
        (is_number(c.weight_decay) and c.weight_decay >= 0,
         f"weight_decay precisa ser >= 0; veio {c.weight_decay!r}"),
        (is_number(c.warmup_ratio) and 0 <= c.warmup_ratio < 1,
         f"warmup_ratio precisa estar entre 0 e 1; veio {c.warmup_ratio!r}"),
        (c.lr_scheduler in SCHEDULERS,
         f"lr_scheduler precisa ser um de {SCHEDULERS}; veio {c.lr_scheduler!r}"),
        (is_number(c.replay) and 0 <= c.replay < 1, f"replay precisa estar entre 0 e 1; veio {c.replay!r}"),
        (whole(c.eval_points) and c.eval_points >= 10,
         f"eval_points precisa ser pelo menos 10; veio {c.eval_points!r}"),
        (c.early_stopping_patience is None
         or (whole(c.early_stopping_patience) and c.early_stopping_patience >= 1),
         f"early_stopping_patience precisa ser None ou >= 1; veio {c.early_stopping_patience!r}"),
        (c.precision in PRECISIONS, f"precision precisa ser um de {PRECISIONS}; veio {c.precision!r}"),
        (c.max_length is None or (whole(c.max_length) and c.max_length >= 8),
         f"max_length precisa ser None ou pelo menos 8; veio {c.max_length!r}"),
        (c.lora is None or isinstance(c.lora, LoraSettings),
         f"lora precisa ser None ou um LoraSettings(...); veio {c.lora!r}"),
    ]
    problems = [message for ok, message in checks if not ok]
    return problems + (lora_problems(c.lora) if isinstance(c.lora, LoraSettings) else [])


def lora_problems(lora: LoraSettings) -> list[str]:
    """What is wrong with LoRA settings, in pt-BR."""
    checks = [
        (whole(lora.r) and lora.r >= 1, f"o posto (rank) do LoRA precisa ser pelo menos 1; veio {lora.r!r}"),
        (is_number(lora.alpha) and lora.alpha > 0,
         f"o alpha do LoRA precisa ser maior que zero; veio {lora.alpha!r}"),
        (is_number(lora.dropout) and 0 <= lora.dropout < 1,
         f"o dropout do LoRA precisa estar entre 0 e 1; veio {lora.dropout!r}"),
        (bool(lora.target_modules), "o LoRA precisa de pelo menos um módulo-alvo (target_modules)"),
    ]
    return [message for ok, message in checks if not ok]
