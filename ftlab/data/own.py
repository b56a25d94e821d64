"""The student's own examples: the leading-space convention, cleaning with a report, and a seeded split.

    clean, report = clean_examples(examples, tokenizer=tokenizer)
    splits = split_examples(clean, seed=SEED, report=report)   # the same Splits the course uses

Cleaning reuses the course's steps (ftlab.data.text, pii, dedup, steps); every step says what it changed.
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ftlab.data.dedup import dedup_key, remove_exact_duplicates, remove_near_duplicates
from ftlab.data.errors import DataError
from ftlab.data.pii import anonymize
from ftlab.data.report import Report, Step
from ftlab.data.text import normalize_text

MIN_TO_SPLIT = 10  # fewer examples cannot give a training, a validation and a test set


def spaced(prompt: str, completion: str) -> tuple[str, str]:
    """The leading-space convention: the completion starts with one space unless the prompt ends a line.

    "Categoria:" + "iluminação" -> ("Categoria:", " iluminação"); "Categoria: " + "x" -> ("Categoria:", " x")
    (a trailing space in the prompt would be a token of its own the model never sees in running text);
    a prompt ending in a newline (chat templates) keeps the completion without leading spaces.
    """
    trimmed = prompt.rstrip(" \t")
    body = completion.strip(" \t")
    if not trimmed or trimmed.endswith("\n"):
        return trimmed, body
    return trimmed, " " + body


def normalize_lines(text: str) -> str:
    """normalize_text on each line, keeping the line breaks (prompts have one field per line)."""
    return "\n".join(normalize_text(line) if line.strip() else line for line in text.split("\n"))


def rebuild(example: dict, prompt: str, completion: str) -> dict:
    prompt, completion = spaced(prompt, completion)
    return {**example, "prompt": prompt, "completion": completion}


def normalize_examples(examples: list[dict]) -> tuple[list[dict], Step]:
    """Step: Unicode, invisible characters and repeated spaces, line by line."""
    out, changed, shown = [], 0, []
    for example in examples:
        new = rebuild(example, normalize_lines(example["prompt"]), normalize_text(example["completion"]))
        if "label" in new:
            new["label"] = normalize_text(new["label"])
        if new != example:
            changed += 1
            if len(shown) < 3:
                shown.append((example["prompt"][-60:], new["prompt"][-60:]))
        out.append(new)
    return out, Step(
        "espaços e Unicode padronizados", len(examples), len(out), changed, "exemplos alterados", shown
    )


def label_spellings(labels) -> dict[str, str]:
    """Every spelling -> the commonest spelling of the same label (ignoring case, accents, punctuation)."""
    groups = defaultdict(Counter)
    for label in labels:
        groups[dedup_key(label)][label] += 1
    return {spelling: counts.most_common(1)[0][0] for counts in groups.values() for spelling in counts}


def unify_labels(examples: list[dict]) -> tuple[list[dict], Step]:
    """Step: "Positivo", "POSITIVO " and "positivo" become one label (the most frequent spelling)."""
    canonical = label_spellings(e["label"] for e in examples if "label" in e)
    out, shown = [], []
    for example in examples:
        label = example.get("label")
        if label is None or canonical[label] == label:
            out.append(example)
            continue
        if (label, canonical[label]) not in shown and len(shown) < 5:
            shown.append((label, canonical[label]))
        out.append({**rebuild(example, example["prompt"], canonical[label]), "label": canonical[label]})
    changed = sum(a.get("label") != b.get("label") for a, b in zip(examples, out, strict=True))
    return out, Step(
        "rótulos unificados (maiúsculas/acentos)",
        len(examples),
        len(out),
        changed,
        "rótulos reescritos",
        shown,
    )


def anonymize_examples(examples: list[dict], classification: bool) -> tuple[list[dict], Step]:
    """Step: CPF, e-mail, phone numbers and names replaced by [CPF], [EMAIL], [TELEFONE], [NOME].

    Labels are left alone (a label is a category, not personal data)."""
    out, totals, shown = [], Counter(), []
    for example in examples:
        prompt, found = anonymize(example["prompt"])
        completion = example["completion"]
        if not classification:
            completion, more = anonymize(completion)
            found += more
        if found and len(shown) < 3:
            shown.append((example["prompt"][-60:], prompt[-60:]))
        totals += found
        out.append(rebuild(example, prompt, completion) if found else example)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(totals.items())) or "nenhum dado pessoal"
    return out, Step(
        f"dados pessoais anonimizados ({kinds})",
        len(examples),
        len(out),
        sum(totals.values()),
        "trechos substituídos",
        shown,
    )


def clean_examples(
    examples,
    *,
    tokenizer=None,
    max_tokens: int | None = None,
    anonymize_data: bool = True,
    near_threshold: float = 0.92,
):
    """(cleaned examples, Report): normalise, unify labels, anonymise, drop duplicates and over-long examples.

    With a tokenizer, examples longer than `max_tokens` (default: the model's context) are dropped whole
    instead of being cut during training. The input is not modified. Taught in notebooks/08_seu_projeto.
    """
    classification = getattr(examples, "kind", None) == "classificacao" or any("label" in e for e in examples)
    steps = [normalize_examples]
    if classification:
        steps.append(unify_labels)
    if anonymize_data:
        steps.append(lambda r: anonymize_examples(r, classification))
    steps += [
        lambda r: remove_exact_duplicates(r, "prompt", same="completion"),
        lambda r: remove_near_duplicates(r, "prompt", same="completion", threshold=near_threshold),
    ]
    if tokenizer is not None:
        from ftlab.data.quality import context_length

        limit = max_tokens or context_length(tokenizer)
        steps.append(lambda r: drop_too_long(r, tokenizer, limit))
    report, records = Report(), list(examples)
    for step in steps:
        records, account = step(records)
        report.append(account)
    return (examples.replaced(records) if hasattr(examples, "replaced") else records), report


def drop_too_long(records: list[dict], tokenizer, limit: int) -> tuple[list[dict], Step]:
    """Step: drop examples whose prompt + completion (+ special tokens) exceed `limit` tokens."""
    from ftlab.data.quality import pair_tokens

    sizes = [pair_tokens(tokenizer, r) for r in records]
    out = [r for r, size in zip(records, sizes, strict=True) if size <= limit]
    shown = [
        (r.get("_source"), f"{size} tokens (limite {limit})")
        for r, size in zip(records, sizes, strict=True)
        if size > limit
    ][:5]
    return out, Step("longos demais para o contexto do modelo", len(records), len(out), examples=shown)


def split_examples(
    examples,
    *,
    seed: int = 0,
    val_fraction: float = 0.15,
    test_fraction: float = 0.2,
    report: Report | None = None,
):
    """Seeded train/val/test split (stratified by label for classification), as the course's Splits.

    The Splits' task is the examples' kind: "classificacao" or "resposta". Taught in notebooks/08_seu_projeto.
    """
    from ftlab.data.split import split_records
    from ftlab.data.tasks import Splits

    records = [dict(e) for e in examples]
    if len(records) < MIN_TO_SPLIT:
        raise DataError(
            getattr(examples, "path", "dados"),
            None,
            None,
            f"só {len(records)} exemplos: são "
            f"precisos pelo menos {MIN_TO_SPLIT} para separar treino, validação e teste",
        )
    kind = getattr(examples, "kind", None) or (
        "classificacao" if all("label" in r for r in records) else "resposta"
    )
    key = "label" if kind == "classificacao" else None
    parts = split_records(records, seed=seed, val_fraction=val_fraction, test_fraction=test_fraction, key=key)
    if not all(parts):  # labels too rare to stratify: every share rounded down to zero
        parts = split_records(
            records, seed=seed, val_fraction=val_fraction, test_fraction=test_fraction, key=None
        )
    return Splits(kind, *parts, report if report is not None else Report())
