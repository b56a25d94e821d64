"""The lesson's opening claims, measured: the base model vs a fine-tuned specialist.

One short fine-tune on both tasks of the running example (message -> category, and message ->
answer in the company's voice), then the same test questions, never seen in training, go to the
base model and to the specialist. Measures, one group per claim of the lesson:

- performance: accuracy and macro F1 of the category (each label scored by likelihood);
- tone and style: how many answers carry the company's signature, its full opening sentence and its
  closing line (found in the training answers, ftlab.evaluate.company), and chrF to the reference;
- new knowledge: F1 of the company facts stated (plan, price, deadline) against the reference's.

Taught in notebooks/01_o_que_e_fine_tuning.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from types import SimpleNamespace


@dataclass(frozen=True)
class SpecialistBudget:
    """How big the experiment is: "aula" (the class; time in bench/README.md) or "ci" (seconds)."""

    n_train: int  # training examples per task (the specialist sees both tasks, mixed)
    n_val: int  # validation examples per task (the loss curve of the fine-tune)
    n_test: int  # test questions per task, shared by both models
    epochs: int  # passes over the mixed training set
    max_new_tokens: int  # most tokens of an answer (each gets its reference's length, up to this)


BUDGETS = {
    "aula": SpecialistBudget(n_train=320, n_val=24, n_test=48, epochs=4, max_new_tokens=128),
    # tests/test_specialist.py: big enough for the lesson's claims to show, small enough for CI
    "teste": SpecialistBudget(n_train=96, n_val=8, n_test=24, epochs=3, max_new_tokens=128),
    "ci": SpecialistBudget(n_train=16, n_val=8, n_test=6, epochs=1, max_new_tokens=12),
}


@dataclass
class SpecialistComparison:
    """What base_vs_specialist measured."""

    table: object  # pandas DataFrame: one row per measure, columns "modelo base" and "especialista"
    examples: object  # pandas DataFrame: a few test questions answered by both models
    history: object  # the History of the specialist's fine-tune
    seconds: float  # wall time of the whole experiment
    voice: object  # the company's opening and closing (a CompanyVoice): what "tom" measures


def mixed_splits(classification, answers, size: SpecialistBudget, seed: int):
    """Stratified subsets of both tasks' training and validation records, shuffled together with `seed`."""
    rng = random.Random(seed)
    parts = [splits.subset(size.n_train, size.n_val, seed) for splits in (classification, answers)]
    train = [record for part in parts for record in part.train]
    val = [record for part in parts for record in part.val]
    rng.shuffle(train)
    rng.shuffle(val)
    return SimpleNamespace(train=train, val=val)


def test_sample(splits, size: SpecialistBudget, seed: int) -> list[dict]:
    """A seeded sample of the test split (spread over every theme, not the first few)."""
    return random.Random(seed).sample(splits.test, min(size.n_test, len(splits.test)))


def one_line(texts) -> list[str]:
    """Generated completions cut at the first line break (the model may start a new turn)."""
    return [text.split("\n", 1)[0].strip() for text in texts]


def measure(model, tokenizer, cls_test, answer_test, voice, size: SpecialistBudget) -> dict:
    """The measures of one model on the shared test questions."""
    from ftlab.data import LABELS
    from ftlab.evaluate import classification_report, generate_completions, generation_scores, score_labels
    from ftlab.evaluate.company import fact_scores, voice_scores
    from ftlab.evaluate.generate import reference_lengths

    predicted = score_labels(model, tokenizer, [r["prompt"] for r in cls_test], list(LABELS))
    report = classification_report([r["label"] for r in cls_test], predicted)
    references = [r["completion"].strip() for r in answer_test]
    limits = [min(size.max_new_tokens, n) for n in reference_lengths(tokenizer, references)]
    prompts = [r["prompt"] for r in answer_test]
    answers = one_line(generate_completions(model, tokenizer, prompts, limits=limits))
    return {
        "desempenho: acurácia da categoria": report["accuracy"],
        "desempenho: F1 macro da categoria": report["f1_macro"],
        "tom: respostas com a abertura e o fechamento da empresa": voice_scores(answers, voice)[
            "voz (abertura e fechamento)"],
        "tom: chrF com a resposta de referência (0-1)": generation_scores(answers, references)["chrf"] / 100,
        "conhecimento: fatos da empresa certos (F1)": fact_scores(answers, references)["f1"],
        "_answers": answers,
    }


def comparison_table(base: dict, tuned: dict):
    """One row per measure, one column per model."""
    import pandas as pd

    names = [name for name in base if not name.startswith("_")]
    return pd.DataFrame({"modelo base": [base[n] for n in names], "especialista": [tuned[n] for n in names]},
                        index=pd.Index(names, name="medida")).round(3)


def question(prompt: str) -> str:
    """The customer's message inside an answer-task prompt."""
    return prompt.removeprefix("Cliente: ").removesuffix("\nAtendente:")


def showcase_indices(answer_test, n: int = 3) -> list[int]:
    """Which test questions to show side by side: n of them, in sample order, the first one whose
    reference states a price always among them (prices are what the notebook asks students to read)."""
    from ftlab.evaluate.company import extract_facts

    priced = [i for i, record in enumerate(answer_test)
              if any(kind == "preço" for kind, _ in extract_facts(record["completion"]))]
    chosen = priced[:1] + [i for i in range(len(answer_test)) if i not in priced[:1]]
    return sorted(chosen[:n])


def examples_table(answer_test, base: dict, tuned: dict, n: int = 3):
    """A few test questions with both models' answers and the reference, side by side."""
    import pandas as pd

    rows = [{"pergunta do cliente": question(answer_test[i]["prompt"]),
             "modelo base": base["_answers"][i], "especialista": tuned["_answers"][i],
             "resposta de referência": answer_test[i]["completion"].strip()}
            for i in showcase_indices(answer_test, n)]
    return pd.DataFrame(rows)


def base_vs_specialist(model_name: str = "tiny", budget: str = "aula", seed: int = 0) -> SpecialistComparison:
    """Measure the base model, fine-tune a copy on both tasks, measure again, on the same test set.

    Taught in notebooks/01_o_que_e_fine_tuning.
    """
    from ftlab.data import load_task
    from ftlab.evaluate.company import company_voice
    from ftlab.experiments.budgets import pick_budget
    from ftlab.experiments.training import fresh_model
    from ftlab.train import fine_tune, preset

    size, started = pick_budget(BUDGETS, budget), time.perf_counter()
    classification, answers = load_task("classificacao", seed=seed), load_task("resposta", seed=seed)
    cls_test, answer_test = test_sample(classification, size, seed), test_sample(answers, size, seed)
    voice = company_voice(r["completion"] for r in answers.train)
    model, tokenizer = fresh_model(model_name)
    base = measure(model, tokenizer, cls_test, answer_test, voice, size)
    config = preset(epochs=size.epochs, seed=seed)
    history = fine_tune(model, tokenizer, mixed_splits(classification, answers, size, seed), config)
    tuned = measure(model, tokenizer, cls_test, answer_test, voice, size)
    return SpecialistComparison(comparison_table(base, tuned), examples_table(answer_test, base, tuned),
                                history, time.perf_counter() - started, voice)
