"""Exercise checks with immediate pt-BR feedback, one engine for the whole course.

Every check returns a `CheckResult` (passed, pt-BR lines, points). `EXERCISES` registers every
exercise (id -> Exercise) so that `ftlab grade` can re-run the checks of a submitted notebook.
"""

from ftlab.exercises.autoavaliacao import check_discursive, check_quiz
from ftlab.exercises.avaliacao import CHECKS as AVALIACAO_CHECKS
from ftlab.exercises.avaliacao import check_f1_macro, check_verdict
from ftlab.exercises.base import Case, judge_cases, observe_cases, run_cases
from ftlab.exercises.desafios import CHECKS as DESAFIOS_CHECKS
from ftlab.exercises.desafios import check_early_stopping, check_full_memory
from ftlab.exercises.preparacao import CHECKS as PREPARACAO_CHECKS
from ftlab.exercises.preparacao import check_anonymize, check_format, check_remove_duplicates
from ftlab.exercises.prompt_vs_ft import CHECKS as PROMPT_VS_FT_CHECKS
from ftlab.exercises.prompt_vs_ft import check_break_even, check_prompt
from ftlab.exercises.registry import EXERCISES, Exercise, GradingContext, exercises_of, register
from ftlab.exercises.result import NOT_DONE, CheckResult
from ftlab.exercises.treinamento import EPOCHS as _EPOCHS  # noqa: F401 - registers notebook 03's exercises

# The function exercises' checks; EXERCISES has every exercise.
CHECKS = {**PREPARACAO_CHECKS, **AVALIACAO_CHECKS, **DESAFIOS_CHECKS, **PROMPT_VS_FT_CHECKS}

__all__ = ["CHECKS", "EXERCISES", "NOT_DONE", "Case", "CheckResult", "Exercise", "GradingContext",
           "check_anonymize", "check_break_even", "check_discursive", "check_early_stopping",
           "check_f1_macro", "check_format", "check_full_memory", "check_prompt", "check_quiz",
           "check_remove_duplicates", "check_verdict", "exercises_of", "judge_cases", "observe_cases",
           "register", "run_cases"]
