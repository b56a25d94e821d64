"""Prompt engineering on the course's classification task: zero-/few-shot prompts and their answers.

Instruction wordings and demonstration formats (wordings), prompt building with the tokenizer's chat
template when it has one (build), demonstrations chosen at random or as the most similar training
examples, never from the test split (demos), the prompt's size against the model's context (context),
and two ways to read an answer: free generation or scoring each label by likelihood (answers).

Taught in notebooks/06_prompt_vs_fine_tuning. Importing this package is cheap: torch, transformers and
scikit-learn load when a function needs them.
"""

from ftlab.prompting.answers import generated_labels, labels_from_texts, scored_labels
from ftlab.prompting.build import VARIANTS, PromptStyle, build_prompt, instruction_text, message_of, uses_chat
from ftlab.prompting.context import ContextFit, PromptTooLongError, check_fit, context_size, count_tokens
from ftlab.prompting.demos import DemoLeakError, DemoSelector, SimilarityIndex, check_pool
from ftlab.prompting.wordings import FORMATS, INSTRUCTIONS, DemoFormat

__all__ = [
    "FORMATS", "INSTRUCTIONS", "VARIANTS", "ContextFit", "DemoFormat", "DemoSelector", "PromptStyle",
    "PromptTooLongError", "SimilarityIndex", "DemoLeakError", "build_prompt", "check_fit", "check_pool",
    "context_size", "count_tokens", "generated_labels", "instruction_text", "labels_from_texts", "message_of",
    "scored_labels", "uses_chat",
]
