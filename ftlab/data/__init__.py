"""ftlab.data: the running example's data, from raw support tickets to train/val/test splits.

Load JSONL/CSV with validation, clean (whitespace/Unicode, spelling, personal data, duplicates),
format into prompt/completion, split with a seed, describe with statistics. Never writes over its input.
Taught in notebooks/02_preparacao_dataset.
"""

from ftlab.data.clean import clean_tickets
from ftlab.data.dedup import remove_exact_duplicates, remove_near_duplicates
from ftlab.data.errors import DataError
from ftlab.data.formats import LABELS, TASKS, TEMPLATES, canonical_label, format_record
from ftlab.data.general import load_general_text
from ftlab.data.pii import anonymize
from ftlab.data.readers import load_records
from ftlab.data.report import Report, Step
from ftlab.data.schema import PROMPT_COMPLETION, RAW_TICKETS, Field
from ftlab.data.split import split_records, subsample
from ftlab.data.stats import describe, label_balance, length_table, token_counter
from ftlab.data.tasks import Splits, data_dir, load_raw_tickets, load_task
from ftlab.data.text import fix_spelling, normalize_text

__all__ = [
    "LABELS", "PROMPT_COMPLETION", "RAW_TICKETS", "TASKS", "TEMPLATES", "DataError", "Field", "Report",
    "Splits", "Step", "anonymize", "canonical_label", "clean_tickets", "data_dir", "describe", "fix_spelling",
    "label_balance", "length_table", "token_counter",
    "format_record", "load_general_text", "load_raw_tickets", "load_records", "load_task",
    "normalize_text", "remove_exact_duplicates", "remove_near_duplicates", "split_records", "subsample",
]
