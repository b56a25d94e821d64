"""The whole cleaning pipeline for the support tickets, step by step, with a report of each step.

Taught in notebooks/02_preparacao_dataset (Limpeza e Formatação).
"""

from __future__ import annotations

from functools import lru_cache

from ftlab.data.dedup import remove_exact_duplicates, remove_near_duplicates
from ftlab.data.formats import TEMPLATES, check_task
from ftlab.data.pii import anonymize_fields
from ftlab.data.report import Report
from ftlab.data.steps import drop_empty, drop_inconsistent_labels, drop_long, drop_truncated, normalize_labels
from ftlab.data.text import fix_spelling_fields, normalize_fields

TEXT_FIELDS = ("mensagem", "resposta")
# Message + expected output, in tokens of the embedded model's tokenizer: a longer ticket is a pasted
# router log or a whole e-mail thread, and would not fit the context the tiny model was pre-trained with.
MAX_EXAMPLE_TOKENS = 256


@lru_cache(maxsize=1)
def tiny_token_count():
    """text -> number of tokens of the embedded model's tokenizer (the `tokenizers` library only: fast)."""
    from tokenizers import Tokenizer

    from ftlab.data.stats import token_counter
    from ftlab.models.architecture import TINY_DIR

    return token_counter(Tokenizer.from_file(str(TINY_DIR / "tokenizer.json")))


def task_steps(task: str, max_length: int, measure):
    """The ordered steps (functions records -> (records, Step)) that prepare tickets for `task`."""
    check_task(task)
    needed = TEMPLATES[task].fields
    steps = [lambda r: normalize_fields(r, TEXT_FIELDS), lambda r: drop_empty(r, needed)]
    if task == "classificacao":
        steps += [normalize_labels, drop_inconsistent_labels]
    else:
        steps.append(lambda r: drop_truncated(r, "resposta"))
    return steps + [
        lambda r: fix_spelling_fields(r, TEXT_FIELDS),
        lambda r: anonymize_fields(r, TEXT_FIELDS),
        lambda r: drop_long(r, needed[:1] + needed[-1:], max_length, measure, unit="tokens"),
        lambda r: remove_exact_duplicates(r, "mensagem", same=needed[-1]),
        lambda r: remove_near_duplicates(r, "mensagem", same=needed[-1]),
    ]


def clean_tickets(records: list[dict], task: str, max_length: int = MAX_EXAMPLE_TOKENS, measure=None):
    """Run every cleaning step for `task`; returns (clean records, Report). The input list is not modified.

    Lengths are counted by `measure` (default: the embedded model's tokens) against `max_length`.
    """
    measure, report = measure or tiny_token_count(), Report()
    for step in task_steps(task, max_length, measure):
        records, account = step(records)
        report.append(account)
    return records, report
