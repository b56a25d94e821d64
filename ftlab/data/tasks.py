"""load_task: raw tickets -> validated -> cleaned -> formatted -> split, cached in memory.

Taught in notebooks/02_preparacao_dataset; used by every later notebook.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ftlab.data.clean import clean_tickets
from ftlab.data.formats import check_task, format_record
from ftlab.data.readers import load_records
from ftlab.data.report import Report
from ftlab.data.schema import RAW_TICKETS
from ftlab.data.split import split_records, subsample
from ftlab.errors import SettingsError

RAW_FILES = ("raw/chamados.jsonl", "raw/formulario_site.csv")


def data_dir() -> Path:
    """The repository's data/ folder (or $FTLAB_DATA): where the raw files and the data card live."""
    if os.environ.get("FTLAB_DATA"):
        return Path(os.environ["FTLAB_DATA"])
    return Path(__file__).resolve().parents[2] / "data"


@dataclass
class Splits:
    """train/val/test lists of {"prompt", "completion", ...} records of one task."""

    task: str  # "classificacao" or "resposta"
    train: list[dict]  # fine-tuning examples
    val: list[dict]  # watched during training (loss curves, early stopping)
    test: list[dict]  # held-out phrasings, only for the final evaluation
    report: Report = field(default_factory=Report)  # what cleaning changed to get here

    def to_datasets(self):
        """A datasets.DatasetDict with "train", "validation" and "test"."""
        from datasets import Dataset, DatasetDict

        return DatasetDict({name: Dataset.from_list(rows) for name, rows in
                            (("train", self.train), ("validation", self.val), ("test", self.test))})

    def subset(self, n_train: int | None = None, n_val: int | None = None, seed: int = 0) -> Splits:
        """A copy with `n_train` training and `n_val` validation examples (None = all), stratified, seeded.

        The one place a run takes fewer examples; the test split stays whole, so runs of different
        sizes are compared on the same questions. Subsets are nested as n grows (same seed).
        Taught in notebooks/03_treinamento (the lab's "exemplos de treino").
        """
        check_size("exemplos de treino", n_train, len(self.train))
        check_size("exemplos de validação", n_val, len(self.val))
        key = self.strata_key()
        return replace(self, train=subsample(self.train, n_train, seed, key),
                       val=subsample(self.val, n_val, seed, key))

    def strata_key(self) -> str | None:
        """The field subsets are stratified by: "label" (classification), "tema" (answers), else None."""
        for key in ("label", "tema"):
            if self.train and all(key in record for record in self.train):
                return key
        return None

    def sizes(self) -> dict:
        return {"train": len(self.train), "val": len(self.val), "test": len(self.test)}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={v}" for k, v in self.sizes().items())
        return f"Splits(task={self.task!r}, {sizes})"


def check_size(what: str, n: int | None, available: int) -> None:
    """A pt-BR SettingsError when `n` is not None and not a whole number in 1..available."""
    if n is None:
        return
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise SettingsError(f"Não dá para treinar com esses valores: {what} precisa ser um inteiro >= 1 "
                            f"(o conjunto não pode ficar vazio); veio {n!r}.")
    if n > available:
        raise SettingsError(f"Não dá para treinar com esses valores: há só {available} {what}; "
                            f"você pediu {n}.")


def load_raw_tickets(directory: Path | None = None) -> list[dict]:
    """Every raw ticket of data/raw/ (JSONL export + CSV web form), validated, with "_source" per record."""
    directory = Path(directory or data_dir())
    records = []
    for name in RAW_FILES:
        records += load_records(directory / name, schema=RAW_TICKETS, keep_source=True)
    return records


@lru_cache(maxsize=4)
def prepared_records(task: str, directory: str | None = None) -> tuple[tuple[dict, ...], Report]:
    """Cleaned, formatted records of `task` (cached: cleaning runs once per process)."""
    records, report = clean_tickets(load_raw_tickets(directory and Path(directory)), task)
    return tuple(format_record(r, task) for r in records), report


def load_task(task: str, *, seed: int = 0, n_train: int | None = None, directory=None) -> Splits:
    """The course's data for `task` ("classificacao" or "resposta"), split with `seed`.

    `n_train` keeps a stratified subset of the training split (`Splits.subset`; val and test stay
    whole). Taught in notebooks/02_preparacao_dataset.
    """
    check_task(task)
    records, report = prepared_records(task, str(directory) if directory else None)
    records = copy.deepcopy(list(records))
    key = "label" if task == "classificacao" else "tema"
    train, val, test = split_records(records, seed=seed, key=key)
    return Splits(task, train, val, test, report).subset(n_train, None, seed)
