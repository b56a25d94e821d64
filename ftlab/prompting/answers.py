"""Reading the model's answer: free generation (with invalid answers) or scoring each label.

Free generation is what a user of a chat model sees: the model writes something, and it may not be one
of the categories ("invalid", counted by ftlab.evaluate.classification.invalid_rate). Label scoring
asks the model how likely each valid category is after the prompt and takes the likeliest, so every
answer is valid (ftlab.evaluate.score_labels). Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations


def labels_from_texts(texts, labels) -> list[str | None]:
    """The label each generated text names (its first word, ftlab.evaluate's parse_label), else None.

    Leading blank lines are skipped: a model that starts its answer on a new line still answers.
    """
    from ftlab.evaluate.classification import parse_label

    return [parse_label(text.strip().split("\n", 1)[0], labels) for text in texts]


def generated_labels(model, tokenizer, prompts, labels, max_new_tokens: int = 6) -> list[str | None]:
    """Greedy free-generation answers, each read as a label or None (an invalid answer)."""
    from ftlab.evaluate import generate_completions

    texts = generate_completions(model, tokenizer, list(prompts), max_new_tokens=max_new_tokens)
    return labels_from_texts(texts, labels)


def scored_labels(model, tokenizer, prompts, labels, max_length: int | None = None) -> list[str]:
    """The likeliest valid label after each prompt (ftlab.evaluate's label scoring)."""
    from ftlab.evaluate import score_labels

    prompts = list(prompts)
    if max_length is None:
        from ftlab.prompting.context import count_tokens

        max_length = max([count_tokens(tokenizer, p) for p in prompts] or [0]) + 16
    return score_labels(model, tokenizer, prompts, list(labels), max_length=max_length)
