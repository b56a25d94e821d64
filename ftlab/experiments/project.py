"""The student's own task, measured: prompt baselines first, then a fine-tune, on one test split.

Works on any `Splits` (ftlab.data.own.split_examples): classification ("classificacao": each label scored
by likelihood, accuracy) or generation ("resposta": greedy answers, chrF). Every score comes with a 95%
bootstrap interval, the fine-tune is compared with the best prompt by a paired bootstrap on the same
test examples, and the decision is a pt-BR paragraph written from those numbers and the measured costs.
Taught in notebooks/08_seu_projeto.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from ftlab.experiments.budgets import pick_budget


@dataclass(frozen=True)
class Budget:
    """How big notebook 08 runs: "aula" (under 3 minutes on a 2-core CPU) or "ci" (seconds)."""

    n_train: int | None  # training examples of the fine-tune (None = the whole training split)
    n_val: int | None  # validation examples behind its curve and best checkpoint
    n_test: int | None  # test examples every approach answers (None = the whole test split)
    epochs: int  # passes over the training examples
    shots: int  # demonstrations of the few-shot prompt (fewer when they do not fit the context)
    resamples: int  # bootstrap resamples behind each interval


MIN_TEST = 2  # a tiny test set still gets its (very wide) interval: the quality report warns about size
BUDGETS = {
    "aula": Budget(n_train=None, n_val=48, n_test=None, epochs=3, shots=4, resamples=1000),
    "ci": Budget(n_train=24, n_val=8, n_test=20, epochs=1, shots=2, resamples=200),
}


def budget_for(name: str) -> Budget:
    return pick_budget(BUDGETS, name)


@dataclass
class Approach:
    """One way to solve the task, measured on the test examples."""

    name: str  # "prompt zero-shot", "prompt few-shot (k=3)", "fine-tuning"
    prompts: list[str]  # what the model read for each test example
    predictions: list[str]  # its answers (labels, or generated text)
    score: object  # ftlab.evaluate.Interval of the task's metric
    tokens_per_request: float  # mean prompt length in the model's tokens
    seconds_per_request: float  # measured answering time per test example on this machine
    setup_seconds: float = 0.0  # one-off cost before the first answer (the training run)


def metric_of(kind: str):
    """(pt-BR metric name, metric(references, predictions) -> float) of the task kind."""
    if kind == "classificacao":
        return (
            "acurácia",
            lambda refs, preds: sum(r == p for r, p in zip(refs, preds, strict=True)) / len(refs),
        )

    def chrf(refs, preds):
        from ftlab.evaluate import generation_scores

        return generation_scores(preds, refs)["chrf"] / 100

    return "chrF", chrf


def test_examples(splits, size: Budget, seed: int = 0) -> list[dict]:
    """The test examples every approach answers: all of them, or a seeded sample of `size.n_test`."""
    test = list(splits.test)
    if size.n_test is None or size.n_test >= len(test):
        return test
    return random.Random(seed).sample(test, size.n_test)


def references(splits, test: list[dict]) -> list[str]:
    return [e["label"] if splits.task == "classificacao" else e["completion"].strip() for e in test]


def labels_of(splits) -> list[str]:
    """The labels a classifier may answer, most frequent in training first."""
    from collections import Counter

    return [label for label, _ in Counter(e["label"] for e in splits.train).most_common()]


def instruction(splits) -> str:
    """The zero-shot instruction: what to do and, for classification, the allowed answers."""
    if splits.task == "classificacao":
        return f"Classifique cada texto em uma destas categorias: {', '.join(labels_of(splits))}.\n\n"
    return "Responda ao pedido a seguir.\n\n"


def demonstrations(splits, k: int, seed: int) -> list[dict]:
    """k training examples (one per label in turn, for classification), seeded; never from the test split."""
    rng, pool = random.Random(seed), list(splits.train)
    if splits.task != "classificacao":
        return rng.sample(pool, min(k, len(pool)))
    by_label = {label: [e for e in pool if e["label"] == label] for label in labels_of(splits)}
    picked = []
    for label in list(by_label) * k:
        if len(picked) < k and by_label[label]:
            picked.append(by_label[label].pop(rng.randrange(len(by_label[label]))))
    return picked


def count_tokens(tokenizer, text: str) -> int:
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def fitting_shots(tokenizer, prefix: str, demos: list[dict], test: list[dict], context: int) -> list[dict]:
    """The most demonstrations (in order) that leave every test prompt and its answer inside the context."""
    longest = max(count_tokens(tokenizer, e["prompt"] + e["completion"]) for e in test)
    while demos:
        block = prefix + "".join(d["prompt"] + d["completion"] + "\n\n" for d in demos)
        if count_tokens(tokenizer, block) + longest + 2 <= context:
            return demos
        demos = demos[:-1]
    return demos


def prompt_sets(splits, tokenizer, test: list[dict], size: Budget, seed: int = 0) -> dict[str, list[str]]:
    """name -> the prompts of each approach that needs no training: zero-shot and few-shot."""
    from ftlab.data.quality import context_length
    from ftlab.prompting import check_pool

    prefix = instruction(splits)
    check_pool(splits.train, test)  # demonstrations come from training only (pt-BR error otherwise)
    demos = fitting_shots(
        tokenizer, prefix, demonstrations(splits, size.shots, seed), test, context_length(tokenizer)
    )
    block = prefix + "".join(d["prompt"] + d["completion"] + "\n\n" for d in demos)
    sets = {"prompt zero-shot": [prefix + e["prompt"] for e in test]}
    if demos:
        sets[f"prompt few-shot (k={len(demos)})"] = [block + e["prompt"] for e in test]
    return sets


def answer(model, tokenizer, splits, prompts: list[str], test: list[dict]) -> list[str]:
    """The model's answers: the likeliest label (classification) or a greedy completion (generation)."""
    from ftlab.evaluate import generate_completions, score_labels

    if splits.task == "classificacao":
        return score_labels(model, tokenizer, prompts, labels_of(splits))
    limit = max(count_tokens(tokenizer, e["completion"]) for e in test) + 4
    return [text.strip() for text in generate_completions(model, tokenizer, prompts, max_new_tokens=limit)]


def measure(
    name: str,
    model,
    tokenizer,
    splits,
    prompts: list[str],
    test: list[dict],
    size: Budget,
    seed: int = 0,
    setup_seconds: float = 0.0,
) -> Approach:
    """Answer the test prompts, time it, and score the answers with a bootstrap interval."""
    from ftlab.evaluate import bootstrap_ci

    start = time.perf_counter()
    predictions = answer(model, tokenizer, splits, prompts, test)
    seconds = (time.perf_counter() - start) / len(prompts)
    _, metric = metric_of(splits.task)
    score = bootstrap_ci(
        metric,
        references(splits, test),
        predictions,
        n_resamples=size.resamples,
        seed=seed,
        min_size=MIN_TEST,
    )
    tokens = sum(count_tokens(tokenizer, p) for p in prompts) / len(prompts)
    return Approach(name, prompts, predictions, score, tokens, seconds, setup_seconds)


def prompt_baselines(
    model, tokenizer, splits, test: list[dict], size: Budget, seed: int = 0
) -> list[Approach]:
    """Zero-shot and few-shot prompting of the base model on the test examples."""
    return [
        measure(name, model, tokenizer, splits, prompts, test, size, seed)
        for name, prompts in prompt_sets(splits, tokenizer, test, size, seed).items()
    ]


def training_config(size: Budget, seed: int = 0):
    """The fine-tune's settings: the course's default preset with this budget's epochs."""
    from ftlab.train import preset

    return preset(epochs=size.epochs, seed=seed)


def at_most(n: int | None, records: list) -> int | None:
    """n, or None (all) when the student's split holds n or fewer examples."""
    return None if n is None or n >= len(records) else n


def fine_tune_on(splits, size: Budget, model_name: str = "tiny", seed: int = 0, callbacks=()):
    """(fine-tuned model, tokenizer, History): a fresh copy of the base model trained on the splits."""
    from ftlab.experiments.training import fresh_model
    from ftlab.train import fine_tune

    model, tokenizer = fresh_model(model_name)
    data = splits.subset(
        n_train=at_most(size.n_train, splits.train), n_val=at_most(size.n_val, splits.val), seed=seed
    )
    history = fine_tune(model, tokenizer, data, training_config(size, seed), callbacks=callbacks)
    return model, tokenizer, history


def fine_tuned(model, tokenizer, splits, test: list[dict], history, size: Budget, seed: int = 0) -> Approach:
    """The fine-tuned model on the same test examples, its prompts as in training."""
    prompts = [e["prompt"] for e in test]
    return measure("fine-tuning", model, tokenizer, splits, prompts, test, size, seed, history.elapsed)


def best_prompt(approaches: list[Approach]) -> Approach:
    prompts = [a for a in approaches if a.setup_seconds == 0]
    return max(prompts, key=lambda a: a.score.estimate)


def compare(splits, test: list[dict], prompt: Approach, tuned: Approach, size: Budget, seed: int = 0):
    """Paired bootstrap of fine-tuning minus the prompt on the same test examples."""
    from ftlab.evaluate import paired_bootstrap

    _, metric = metric_of(splits.task)
    return paired_bootstrap(
        metric,
        references(splits, test),
        prompt.predictions,
        tuned.predictions,
        min_size=MIN_TEST,
        n_resamples=size.resamples,
        seed=seed,
    )


def results_table(splits, approaches: list[Approach]):
    """One row per approach: score with interval, tokens and time per request, one-off cost."""
    import pandas as pd

    name, _ = metric_of(splits.task)
    rows = [
        {
            "abordagem": a.name,
            name: round(a.score.estimate, 3),
            "intervalo de 95%": f"[{a.score.low:.3f}, {a.score.high:.3f}]",
            "tokens por pedido": round(a.tokens_per_request, 1),
            "ms por pedido": round(1000 * a.seconds_per_request, 1),
            "custo fixo (s de treino)": round(a.setup_seconds, 1),
        }
        for a in approaches
    ]
    return pd.DataFrame(rows).set_index("abordagem")


def plot_approaches(splits, approaches: list[Approach]):
    """Bars with their 95% intervals: the approaches side by side on the test split."""
    from ftlab.plots import new_figure

    name, _ = metric_of(splits.task)
    fig = new_figure(7, 3.5)
    ax = fig.add_subplot()
    values = [a.score.estimate for a in approaches]
    errors = [
        [v - a.score.low for v, a in zip(values, approaches, strict=True)],
        [a.score.high - v for v, a in zip(values, approaches, strict=True)],
    ]
    ax.bar(
        [a.name for a in approaches],
        values,
        yerr=errors,
        capsize=6,
        color=["#55a868" if a.setup_seconds else "#4c72b0" for a in approaches],
    )
    ax.set(
        ylabel=name,
        ylim=(0, 1),
        title=f"{name} no teste ({approaches[0].score.n} exemplos), intervalo de 95%",
    )
    return fig


def break_even(prompt: Approach, tuned: Approach) -> float | None:
    """Requests after which the fine-tune's training time is paid back by cheaper requests (None: never)."""
    saved = prompt.seconds_per_request - tuned.seconds_per_request
    return tuned.setup_seconds / saved if saved > 0 else None


def decision(splits, prompt: Approach, tuned: Approach, comparison, size: Budget) -> str:
    """The pt-BR decision, written from the measured numbers: prompt or fine-tune, and what it costs."""
    name, _ = metric_of(splits.task)
    d, n_train = comparison.difference, min(size.n_train or len(splits.train), len(splits.train))
    gap = (
        f"{tuned.name} {tuned.score.estimate:.3f} contra {prompt.score.estimate:.3f} do melhor prompt "
        f"({prompt.name}); diferença {d.estimate:+.3f} em {name}, "
        f"intervalo de 95% [{d.low:+.3f}, {d.high:+.3f}]"
    )
    cost = (
        f"O fine-tuning custou {tuned.setup_seconds:.0f} s de treino nesta máquina com {n_train} exemplos; "
        f"cada pedido usa {tuned.tokens_per_request:.0f} tokens, "
        f"contra {prompt.tokens_per_request:.0f} do prompt."
    )
    paid = break_even(prompt, tuned)
    if paid is not None:
        cost += f" O tempo de treino se paga depois de uns {paid:,.0f} pedidos.".replace(",", ".")
    if comparison.is_real and d.estimate > 0:
        verdict = (
            "Decisão: fine-tuning. A vantagem é maior que o ruído do teste, então vale o custo de treinar "
            "e de manter os dados atualizados."
        )
    elif comparison.is_real:
        verdict = (
            "Decisão: fique com o prompt. Ele foi melhor que o fine-tuning com esses dados; antes de "
            "treinar de novo, reveja a qualidade e a quantidade dos exemplos."
        )
    else:
        verdict = (
            "Decisão: por enquanto, prompt. A diferença está dentro do ruído do teste; o prompt é mais "
            "barato. Para decidir melhor, junte mais exemplos (treino e teste maiores) e meça de novo."
        )
    return f"{gap}. {cost} {verdict}"


def side_by_side(splits, test: list[dict], approaches: list[Approach], n: int = 6):
    """A few test examples: the input's end, the expected answer and each approach's answer."""
    import pandas as pd

    expected = references(splits, test)
    rows = []
    for i in range(min(n, len(test))):
        row = {"entrada (fim)": test[i]["prompt"][-90:].replace("\n", " / "), "esperado": expected[i]}
        row.update({a.name: a.predictions[i] for a in approaches})
        rows.append(row)
    return pd.DataFrame(rows)


def lab_for(splits, model_name: str = "tiny", seed: int = 0, n_val: int = 48):
    """The training lab of notebook 03 on the student's splits (validation capped at what they hold)."""
    from ftlab.widgets.lab import TrainingLab

    return TrainingLab(model_name=model_name, data=splits, seed=seed, n_val=at_most(n_val, splits.val))
