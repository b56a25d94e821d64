"""The lesson's opening claims, measured: the base model vs a fine-tuned specialist.

One short fine-tune on both tasks of the running example (message -> category, and message ->
answer in the company's voice), then the same test questions, never seen in training, go to the
base model and to the specialist. Three measures, one per claim of the lesson:

- performance: accuracy and macro F1 of the category (each label scored by likelihood);
- tone and style: how many answers open with the company's greeting, and chrF to the reference;
- new knowledge: how many of the company facts of the reference (prices, plans, deadlines) appear.

Taught in notebooks/01_o_que_e_fine_tuning.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace

# Company facts inside an answer: money, quantities with a unit, plan names, the app.
FACT_PATTERN = re.compile(
    r"R\$ ?\d+(?:,\d{2})?"
    r"|\d+(?:,\d+)?%"
    r"|\d+ ?(?:Mega|Giga|horas?|dias(?: úteis)?|meses|mês|minutos|anos?)\b"
    r"|Nuvem (?:300|600|Giga)"
    r"|app NuvemNet"
)


@dataclass(frozen=True)
class SpecialistBudget:
    """How big the experiment is: "aula" (one to two minutes on a laptop CPU) or "ci" (seconds)."""

    n_train: int  # training examples per task (the specialist sees both tasks, mixed)
    n_val: int  # validation examples per task (the loss curve of the fine-tune)
    n_test: int  # test questions per task, shared by both models
    epochs: int  # passes over the mixed training set
    max_new_tokens: int  # length of each generated answer


BUDGETS = {
    "aula": SpecialistBudget(n_train=320, n_val=24, n_test=48, epochs=4, max_new_tokens=64),
    "ci": SpecialistBudget(n_train=16, n_val=8, n_test=6, epochs=1, max_new_tokens=12),
}


@dataclass
class SpecialistComparison:
    """What base_vs_specialist measured."""

    table: object  # pandas DataFrame: one row per measure, columns "modelo base" and "especialista"
    examples: object  # pandas DataFrame: a few test questions answered by both models
    history: object  # the History of the specialist's fine-tune
    seconds: float  # wall time of the whole experiment


def first_sentence(text: str) -> str:
    """The text up to and including its first sentence end (the whole text when there is none)."""
    match = re.search(r"[.!?](?:\s|$)", text.strip())
    return text.strip()[: match.end()].strip() if match else text.strip()


def company_greeting(completions) -> str:
    """The company's usual opening: the most common first sentence of the training answers."""
    return Counter(first_sentence(text) for text in completions).most_common(1)[0][0]


def greeting_rate(predictions, greeting: str) -> float:
    """Fraction of answers that open with the company's greeting."""
    return sum(p.strip().startswith(greeting) for p in predictions) / max(1, len(predictions))


def company_facts(text: str) -> set[str]:
    """The company facts a text states (see FACT_PATTERN), normalised to lower case."""
    return {fact.lower().replace("r$ ", "r$") for fact in FACT_PATTERN.findall(text)}


def fact_recall(predictions, references) -> float:
    """Share of the references' company facts that the answers state, over every test question."""
    wanted = found = 0
    for prediction, reference in zip(predictions, references, strict=True):
        facts = company_facts(reference)
        wanted += len(facts)
        found += len(facts & company_facts(prediction))
    return found / wanted if wanted else 0.0


def mixed_splits(classification, answers, size: SpecialistBudget, seed: int):
    """Training and validation records of both tasks, shuffled together with `seed`."""
    rng = random.Random(seed)
    train = classification.train[: size.n_train] + answers.train[: size.n_train]
    val = classification.val[: size.n_val] + answers.val[: size.n_val]
    rng.shuffle(train)
    rng.shuffle(val)
    return SimpleNamespace(train=train, val=val)


def test_sample(splits, size: SpecialistBudget, seed: int) -> list[dict]:
    """A seeded sample of the test split (spread over every theme, not the first few)."""
    return random.Random(seed).sample(splits.test, min(size.n_test, len(splits.test)))


def one_line(texts) -> list[str]:
    """Generated completions cut at the first line break (the model may start a new turn)."""
    return [text.split("\n", 1)[0].strip() for text in texts]


def measure(model, tokenizer, cls_test, answer_test, greeting: str, size: SpecialistBudget) -> dict:
    """The five measures of one model on the shared test questions."""
    from ftlab.data import LABELS
    from ftlab.evaluate import classification_report, generate_completions, generation_scores, score_labels

    predicted = score_labels(model, tokenizer, [r["prompt"] for r in cls_test], list(LABELS))
    report = classification_report([r["label"] for r in cls_test], predicted)
    answers = one_line(generate_completions(model, tokenizer, [r["prompt"] for r in answer_test],
                                            size.max_new_tokens))
    references = [r["completion"].strip() for r in answer_test]
    scores = generation_scores(answers, references)
    return {
        "desempenho: acurácia da categoria": report["accuracy"],
        "desempenho: F1 macro da categoria": report["f1_macro"],
        "tom: respostas com a saudação da empresa": greeting_rate(answers, greeting),
        "tom: chrF com a resposta de referência (0-1)": scores["chrf"] / 100,
        "conhecimento: fatos da empresa citados": fact_recall(answers, references),
        "_answers": answers,
    }


def comparison_table(base: dict, tuned: dict):
    """One row per measure, one column per model."""
    import pandas as pd

    names = [name for name in base if not name.startswith("_")]
    return pd.DataFrame({"modelo base": [base[n] for n in names], "especialista": [tuned[n] for n in names]},
                        index=pd.Index(names, name="medida")).round(3)


def examples_table(answer_test, base: dict, tuned: dict, n: int = 3):
    """A few test questions with both models' answers and the reference, side by side."""
    import pandas as pd

    rows = [{"pergunta do cliente": r["prompt"].removeprefix("Cliente: ").removesuffix("\nAtendente:"),
             "modelo base": b, "especialista": t, "resposta de referência": r["completion"].strip()}
            for r, b, t in zip(answer_test[:n], base["_answers"], tuned["_answers"], strict=False)]
    return pd.DataFrame(rows)


def base_vs_specialist(model_name: str = "tiny", budget: str = "aula", seed: int = 0) -> SpecialistComparison:
    """Measure the base model, fine-tune a copy on both tasks, measure again, on the same test set.

    Taught in notebooks/01_o_que_e_fine_tuning.
    """
    from ftlab.data import load_task
    from ftlab.experiments.budgets import pick_budget
    from ftlab.experiments.training import fresh_model
    from ftlab.train import TrainConfig, fine_tune

    size, started = pick_budget(BUDGETS, budget), time.perf_counter()
    classification, answers = load_task("classificacao", seed=seed), load_task("resposta", seed=seed)
    cls_test, answer_test = test_sample(classification, size, seed), test_sample(answers, size, seed)
    greeting = company_greeting(r["completion"] for r in answers.train)
    model, tokenizer = fresh_model(model_name)
    base = measure(model, tokenizer, cls_test, answer_test, greeting, size)
    config = TrainConfig(epochs=size.epochs, n_train=None, n_val=None, seed=seed, max_length=160)
    history = fine_tune(model, tokenizer, mixed_splits(classification, answers, size, seed), config)
    tuned = measure(model, tokenizer, cls_test, answer_test, greeting, size)
    return SpecialistComparison(comparison_table(base, tuned), examples_table(answer_test, base, tuned),
                                history, time.perf_counter() - started)
