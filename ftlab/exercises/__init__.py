"""Exercise checks with immediate pt-BR feedback, one engine for the whole course.

Every check returns a `CheckResult` (passed, pt-BR lines, points). `EXERCISES` registers every
exercise (id -> Exercise) so that `ftlab grade` can re-run the checks of a submitted notebook.
"""

from ftlab.exercises.autoavaliacao import check_discursive, check_quiz
from ftlab.exercises.base import Case, judge_cases, observe_cases, run_cases
from ftlab.exercises.preparacao import CHECKS as PREPARACAO_CHECKS
from ftlab.exercises.preparacao import check_anonymize, check_format, check_remove_duplicates
from ftlab.exercises.registry import EXERCISES, Exercise, GradingContext, exercises_of, register
from ftlab.exercises.result import NOT_DONE, CheckResult
from ftlab.exercises.treinamento import EPOCHS as _EPOCHS  # noqa: F401 - registers notebook 03's exercises

CHECKS = {**PREPARACAO_CHECKS}  # the function exercises' checks; EXERCISES has every exercise

__all__ = ["CHECKS", "EXERCISES", "NOT_DONE", "Case", "CheckResult", "Exercise", "GradingContext",
           "check_anonymize", "check_discursive", "check_format", "check_quiz", "check_remove_duplicates",
           "exercises_of", "judge_cases", "observe_cases", "register", "run_cases"]
