"""Notebook 04's experiment: a specialist fine-tuned on both tasks, evaluated with error bars, then
one turn of the iterative cycle (add data for the weakest category, retrain, compare, paired).

The notebook calls these steps one by one and shows what each returns; the steps reuse the course's
data layer, training and notebook 01's helpers. Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from types import SimpleNamespace

from ftlab.evaluate.classification import parse_label

CLASS_TOKENS = 4  # tokens a model may write for a category (" instalação" + eos fits)


@dataclass(frozen=True)
class StudyBudget:
    """How big notebook 04's runs are: "aula" (about two minutes on a 2-core CPU) or "ci" (seconds)."""

    n_train: int  # training examples per task of the first specialist (stratified subset)
    n_val: int  # validation examples per task (the fine-tune's loss curve)
    epochs: int  # passes over the mixed training set
    n_test_classes: int | None  # classification test examples (None = the whole test split)
    n_test_answers: int  # answer test examples generated and scored
    max_new_tokens: int  # cap on each answer's length (otherwise its reference's length)
    n_extra: int  # examples of the weakest category added in the iterative cycle
    panel_items: int  # customer messages in the human evaluation panel
    resamples: int  # bootstrap resamples per interval


BUDGETS = {
    "aula": StudyBudget(n_train=160, n_val=24, epochs=3, n_test_classes=None, n_test_answers=96,
                        max_new_tokens=80, n_extra=60, panel_items=8, resamples=1000),
    # "ci" only checks that everything runs, also with a 135M model on a 2-core CPU (make test-smollm2);
    # every bootstrap interval needs at least 10 test examples.
    "ci": StudyBudget(n_train=12, n_val=4, epochs=1, n_test_classes=20, n_test_answers=10,
                      max_new_tokens=12, n_extra=6, panel_items=3, resamples=200),
}


def pick(name: str) -> StudyBudget:
    from ftlab.experiments.budgets import pick_budget

    return pick_budget(BUDGETS, name)


@dataclass
class StudyData:
    """The records notebook 04 trains and evaluates on."""

    classification: object  # Splits of the classification task (all of it)
    answers: object  # Splits of the answer task
    cls_train: list  # classification examples the specialist trains on
    answer_train: list  # answer examples the specialist trains on
    val: list  # validation examples of both tasks, mixed
    cls_test: list  # classification test examples (phrasings never seen in training)
    answer_test: list  # answer test examples


def sample(records: list, n: int | None, seed: int) -> list:
    """A seeded sample of `n` records (all, in order, when n is None or larger)."""
    if n is None or n >= len(records):
        return list(records)
    return random.Random(seed).sample(records, n)


def load_study(budget: StudyBudget, seed: int = 0) -> StudyData:
    """Both tasks' splits and the subsets this budget trains and tests on."""
    from ftlab.data import load_task
    from ftlab.data.split import subsample

    classification, answers = load_task("classificacao", seed=seed), load_task("resposta", seed=seed)
    cls_train = subsample(classification.train, budget.n_train, seed, "label")
    answer_train = subsample(answers.train, budget.n_train, seed, "tema")
    val = subsample(classification.val, budget.n_val, seed, "label") + \
        subsample(answers.val, budget.n_val, seed, "tema")
    return StudyData(classification, answers, cls_train, answer_train, val,
                     sample(classification.test, budget.n_test_classes, seed),
                     sample(answers.test, budget.n_test_answers, seed))


def train_config(epochs: int, seed: int):
    """The one TrainConfig of notebook 04 (every example of the given lists, fp32 on CPU)."""
    from ftlab.train import preset

    return preset(epochs=epochs, seed=seed, max_length=160)


def train_specialist(model_name: str, cls_train: list, answer_train: list, val: list, budget: StudyBudget,
                     seed: int = 0):
    """(model, tokenizer, history): a fresh copy of the base model fine-tuned on both tasks, mixed."""
    from ftlab.experiments.training import fresh_model
    from ftlab.train import fine_tune

    model, tokenizer = fresh_model(model_name)
    train = list(cls_train) + list(answer_train)
    random.Random(seed).shuffle(train)
    history = fine_tune(model, tokenizer, SimpleNamespace(train=train, val=list(val)),
                        train_config(budget.epochs, seed))
    return model, tokenizer, history


def classify(model, tokenizer, records: list) -> tuple[list, list[str]]:
    """(label or None, raw answer) for each record: the category the model writes, read as a label."""
    from ftlab.data import LABELS
    from ftlab.evaluate import generate_completions

    raw = generate_completions(model, tokenizer, [r["prompt"] for r in records], CLASS_TOKENS, batch_size=32)
    return [parse_label(text, LABELS) for text in raw], raw


def answer(model, tokenizer, records: list, budget: StudyBudget) -> list[str]:
    """Each answer up to its reference's length (capped by the budget), cut at the first line break."""
    from ftlab.evaluate import generate_completions
    from ftlab.evaluate.generate import reference_lengths
    from ftlab.experiments.specialist import one_line

    limits = [min(n, budget.max_new_tokens) for n in reference_lengths(tokenizer, references(records))]
    return one_line(generate_completions(model, tokenizer, [r["prompt"] for r in records], batch_size=32,
                                         limits=limits))


def references(records: list) -> list[str]:
    return [r["completion"].strip() for r in records]


def truth(records: list) -> list[str]:
    return [r["label"] for r in records]


def question(record: dict) -> str:
    """The customer's message inside an answer-task prompt."""
    return record["prompt"].removeprefix("Cliente: ").removesuffix("\nAtendente:")


def planted_leak(train: list, test: list) -> list:
    """The test set with three training prompts slipped in (one copied, one with a word changed): a demo."""
    changed = dict(train[1], prompt=train[1]["prompt"].replace("\nCategoria:", " Obrigado.\nCategoria:"))
    return list(test) + [train[0], changed, dict(train[2])]


def extra_examples(data: StudyData, category: str, n: int, seed: int = 0) -> list:
    """Up to `n` training examples of `category` that the specialist has not seen (the cycle's new data)."""
    used = {r["prompt"] for r in data.cls_train}
    pool = [r for r in data.classification.train if r["label"] == category and r["prompt"] not in used]
    return sample(pool, n, seed)


def class_f1(category: str):
    """A metric(y_true, y_pred) -> F1 of one category, for paired_bootstrap."""
    from ftlab.evaluate.classification import per_class

    def metric(y_true, y_pred):
        rows = per_class(y_true, y_pred, [category])
        return rows[0]["f1"]

    return metric


def panel_items(records: list, base_answers: list, tuned_answers: list) -> list[dict]:
    """The human panel's items: the customer's message and both systems' answers."""
    return [{"pergunta": question(r), "base": b, "ajustado": t}
            for r, b, t in zip(records, base_answers, tuned_answers, strict=True)]


def simulated_raters(items: list[dict], records: list, seed: int = 0) -> dict:
    """Three rules that answer the panel from code (papermill, or to see the summary work):

    - "simulado-referência": prefers the answer closer to the reference (sentence chrF), tie within
      5 points, "both bad" when both are far from it;
    - "simulado-comprimento": prefers the longer answer (a length bias);
    - "simulado-esquerda": picks the left answer 3 times in 4, else decides like the first (position bias).
    """
    import sacrebleu

    reference = {item["pergunta"]: ref for item, ref in zip(items, references(records), strict=True)}

    def by_reference(q, left, right):
        a, b = (sacrebleu.sentence_chrf(text, [reference[q]]).score for text in (left, right))
        if max(a, b) < 15:
            return "ambas ruins"
        return "empate" if abs(a - b) < 5 else "esquerda" if a > b else "direita"

    def by_length(q, left, right):
        return "esquerda" if len(left) > len(right) else "direita" if len(right) > len(left) else "empate"

    rng = random.Random(seed)

    def by_position(q, left, right):
        return "esquerda" if rng.random() < 0.75 else by_reference(q, left, right)

    return {"simulado-referência": by_reference, "simulado-comprimento": by_length,
            "simulado-esquerda": by_position}


PARAPHRASE = ("Olá! Obrigada por falar com a NuvemNet. São três opções de fibra: o Nuvem 300 sai a R$ 89,90 "
              "mensais, o Nuvem 600 a R$ 119,90 e o Nuvem Giga a R$ 169,90, sempre com instalação sem custo "
              "e Wi-Fi junto. Estamos sempre por aqui!")
WRONG_PRICES = {"R$ 89,90": "R$ 59,90", "R$ 119,90": "R$ 99,90", "R$ 169,90": "R$ 139,90",
                "gratuita": "cobrada"}


def plans_reference(data: StudyData) -> str:
    """The company's answer listing every plan and price (the "conhecer_planos" theme)."""
    return next(r["completion"].strip() for r in data.answers.train if r.get("tema") == "conhecer_planos")


def wrong_copy(reference: str) -> str:
    """The reference with every price changed: most words copied, every fact wrong."""
    for right, wrong in WRONG_PRICES.items():
        reference = reference.replace(right, wrong)
    return reference


def limits_table(reference: str):
    """BLEU, chrF and fact precision of a correct paraphrase and of a wrong copy (pandas)."""
    import pandas as pd

    from ftlab.evaluate.company import fact_scores
    from ftlab.evaluate.generation import sentence_bleu

    candidates = {"paráfrase correta": PARAPHRASE, "cópia com preços errados": wrong_copy(reference)}
    import sacrebleu

    rows = {}
    for name, text in candidates.items():
        rows[name] = {"BLEU": sentence_bleu(text, reference),
                      "chrF": sacrebleu.sentence_chrf(text, [reference]).score,
                      "fatos: precisão": fact_scores([text], [reference])["precisão"],
                      "fatos: revocação": fact_scores([text], [reference])["revocação"]}
    return pd.DataFrame(rows).T.round(3)
