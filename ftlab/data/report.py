"""What each cleaning step changed: every step returns its records and a Step that says so in pt-BR.

Taught in notebooks/02_preparacao_dataset (Limpeza: never clean blind, count what changed).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Step:
    """The account of one cleaning step."""

    name: str  # pt-BR name of the step, e.g. "duplicatas exatas"
    before: int  # records going in
    after: int  # records coming out
    changed: int = 0  # records modified in place (for steps that edit instead of drop)
    unit: str = "registros alterados"  # pt-BR noun for `changed`, e.g. "erros corrigidos"
    examples: list = field(default_factory=list)  # a few (before, after) or (source, reason) pairs

    @property
    def removed(self) -> int:
        return self.before - self.after

    def __str__(self) -> str:
        if self.removed:
            return f"{self.name}: {self.removed} removidos ({self.before} -> {self.after})"
        return f"{self.name}: {self.changed} {self.unit}"


class Report(list):
    """The ordered Steps of a pipeline; prints as one line per step."""

    def __str__(self) -> str:
        return "\n".join(f"- {step}" for step in self)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"etapa": s.name, "antes": s.before, "depois": s.after,
                              "removidos": s.removed, "alterados": s.changed} for s in self])
