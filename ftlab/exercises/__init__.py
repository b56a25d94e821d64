"""Exercise checks with immediate pt-BR feedback: one check function per exercise, returning a CheckResult.

`CHECKS` maps exercise ids to their checks, for a grader that runs them in batch.
"""

from ftlab.exercises.base import Case, CheckResult, run_cases
from ftlab.exercises.preparacao import CHECKS as PREPARACAO_CHECKS
from ftlab.exercises.preparacao import check_anonymize, check_format, check_remove_duplicates

CHECKS = {**PREPARACAO_CHECKS}

__all__ = ["CHECKS", "Case", "CheckResult", "check_anonymize", "check_format", "check_remove_duplicates",
           "run_cases"]
