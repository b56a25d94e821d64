"""Prompt engineering vs fine-tuning, measured on one test sample: the experiments of notebook 06.

Every method answers the same seeded, stratified sample of the classification test split: zero-shot
prompts, few-shot prompts with k demonstrations (random or most similar, drawn from the training split
only), a LoRA and a fully fine-tuned copy of the same base model, and a bag-of-words classifier.
Prompting runs are repeated over instruction wordings and random draws; their spread is the lesson's
"pode ser inconsistente", measured. One fully fine-tuned model serves every section (comparison,
consistency, cost, and the "all the data" point of the data-size curve).

Taught in notebooks/06_prompt_vs_fine_tuning.
"""

from __future__ import annotations

import copy
import itertools
import random
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from ftlab.experiments.budgets import pick_budget


@dataclass(frozen=True)
class Budget:
    """How big notebook 06 runs: "aula" (under 3 minutes on a 2-core CPU) or "ci" (seconds)."""

    n_test: int  # test messages every method answers (a seeded, stratified sample of the test split)
    ks: tuple[int, ...]  # demonstrations per few-shot prompt
    seeds: int  # random draws of demonstrations per wording (the "re-runs" of a random prompt)
    variants: int  # prompt wordings (instruction + layout), from ftlab.prompting.VARIANTS
    n_train: int | None  # training examples of the LoRA and full fine-tunes (None = the whole split)
    n_val: int  # validation examples behind each fine-tune's best checkpoint
    epochs: int  # epochs of the LoRA and full fine-tunes
    data_sizes: tuple[int, ...]  # training sizes of the data-size curve (the whole split is added)
    min_seen: int  # each curve run trains on at least this many examples (small sets repeat)
    n_generate: int  # test messages answered by free generation (invalid-answer rate)
    answer_n_train: int  # training answers of the company-voice fine-tune (cases 2 and 4)
    answer_epochs: int  # its epochs
    n_answer_test: int  # customer questions the voice/knowledge case answers
    max_new_tokens: int  # length of each generated answer


BUDGETS = {
    "aula": Budget(n_test=24, ks=(1, 2, 4, 8), seeds=3, variants=3, n_train=None, n_val=16, epochs=2,
                   data_sizes=(10, 25, 50, 100, 200), min_seen=128, n_generate=24,
                   answer_n_train=64, answer_epochs=2, n_answer_test=6, max_new_tokens=40),
    "ci": Budget(n_test=10, ks=(1, 2), seeds=2, variants=2, n_train=24, n_val=8, epochs=1, data_sizes=(10,),
                 min_seen=16, n_generate=4, answer_n_train=8, answer_epochs=1, n_answer_test=2,
                 max_new_tokens=8),
}
ZERO, RANDOM, SIMILAR = "zero-shot", "aleatorios", "semelhantes"
HOW_NAMES = {ZERO: "zero-shot", RANDOM: "few-shot aleatório", SIMILAR: "few-shot semelhante"}


def budget_for(name: str) -> Budget:
    """The Budget called `name`, with a pt-BR message for an unknown one."""
    return pick_budget(BUDGETS, name)


@dataclass
class Study:
    """What every section shares: the base model, the data, the test sample and the demo pool."""

    model_name: str
    model: object  # the base model (never trained: fine-tunes train deep copies)
    tokenizer: object
    splits: object  # classification train/val/test
    test: list[dict]  # the test sample every method answers
    val: list[dict]  # validation examples of every fine-tune
    selector: object  # ftlab.prompting.DemoSelector over the training split
    context: int  # tokens the model sees at once
    size: Budget
    seed: int
    labels: list[str] = field(default_factory=list)

    @property
    def gold(self) -> list[str]:
        return [r["label"] for r in self.test]


def open_study(model_name: str = "tiny", budget: str = "aula", seed: int = 0) -> Study:
    """Load the base model and the data, draw the test sample.

    Taught in notebooks/06_prompt_vs_fine_tuning.
    """
    from ftlab.data import LABELS, subsample
    from ftlab.experiments.training import base_model, task_splits
    from ftlab.prompting import DemoSelector, context_size

    size = budget_for(budget)
    model, tokenizer = base_model(model_name)
    splits = task_splits("classificacao", seed)
    test = subsample(splits.test, size.n_test, seed)
    val, selector = subsample(splits.val, size.n_val, seed), DemoSelector(splits.train, splits.test)
    return Study(model_name, model, tokenizer, splits, test, val, selector, context_size(model, tokenizer),
                 size, seed, list(LABELS))


# ---------------------------------------------------------------- prompting


@dataclass
class PromptRun:
    """One prompting configuration answering the whole test sample."""

    how: str  # ZERO, RANDOM or SIMILAR
    k: int  # demonstrations per prompt
    variant: str  # name of the prompt wording
    seed: int  # draw of the random demonstrations (0 for deterministic methods)
    answers: list  # label per test message; None where the prompt did not fit the context
    tokens: list[int]  # prompt tokens per test message
    seconds: float  # wall time to answer the messages whose prompt fit
    demo_ids: list = field(default_factory=list)  # ids of the demonstrations used (leak checks)

    def accuracy(self, gold) -> float:
        return sum(a == g for a, g in zip(self.answers, gold, strict=True)) / len(gold)

    @property
    def fit_rate(self) -> float:
        return sum(a is not None for a in self.answers) / len(self.answers)

    @property
    def seconds_per_request(self) -> float:
        return self.seconds / max(1, sum(a is not None for a in self.answers))


def prompt_configs(size: Budget):
    """(how, k, variant, seed) of every prompting run: zero-shot, then random and similar per k."""
    from ftlab.prompting import VARIANTS

    variants = list(VARIANTS)[: size.variants]
    configs = [(ZERO, 0, v, 0) for v in variants]
    for k in size.ks:
        configs += [(RANDOM, k, v, s) for v in variants for s in range(size.seeds)]
        configs += [(SIMILAR, k, v, 0) for v in variants]
    return configs


def build_prompts(study: Study, how: str, k: int, variant: str, seed: int):
    """(prompts, demo ids) of one configuration over the test sample."""
    from ftlab.prompting import VARIANTS, build_prompt, message_of

    rng = random.Random(f"{study.seed}-{seed}-{k}")
    prompts, demo_ids = [], []
    for record in study.test:
        message = message_of(record)
        demos = study.selector.choose(message, k, how, rng) if k else []
        demo_ids += [d.get("id") for d in demos]
        prompts.append(build_prompt(message, demos, study.labels, VARIANTS[variant], study.tokenizer))
    return prompts, demo_ids


def answer_fitting(study: Study, prompts: list[str], tokens: list[int]):
    """(label or None per prompt, seconds): prompts that do not fit the context get no answer."""
    from ftlab.prompting import scored_labels

    fitting = [i for i, n in enumerate(tokens) if n + ANSWER_ROOM <= study.context]
    started = time.perf_counter()
    scored = scored_labels(study.model, study.tokenizer, [prompts[i] for i in fitting], study.labels)
    answers = [None] * len(prompts)
    for i, label in zip(fitting, scored, strict=True):
        answers[i] = label
    return answers, time.perf_counter() - started


ANSWER_ROOM = 4  # tokens kept free after the prompt for the category


def run_prompt(study: Study, how: str, k: int, variant: str, seed: int) -> PromptRun:
    """Build, fit-check and score one prompting configuration on the test sample."""
    from ftlab.prompting import count_tokens

    prompts, demo_ids = build_prompts(study, how, k, variant, seed)
    tokens = [count_tokens(study.tokenizer, p) for p in prompts]
    answers, seconds = answer_fitting(study, prompts, tokens)
    return PromptRun(how, k, variant, seed, answers, tokens, seconds, demo_ids)


def prompt_grid(study: Study) -> list[PromptRun]:
    """Every prompting run of the budget. Taught in notebooks/06_prompt_vs_fine_tuning."""
    return [run_prompt(study, *config) for config in prompt_configs(study.size)]


def cell_interval(study: Study, runs: list[PromptRun]):
    """Bootstrap interval (over test messages) of the accuracy averaged over `runs`."""
    from ftlab.evaluate import bootstrap_ci
    from ftlab.evaluate.bootstrap import mean

    per_message = [sum(r.answers[i] == g for r in runs) / len(runs) for i, g in enumerate(study.gold)]
    return bootstrap_ci(mean, per_message, seed=study.seed, min_size=min(10, len(per_message)))


def variant_spread(study: Study, runs: list[PromptRun]) -> float:
    """Largest minus smallest accuracy among the wordings (each averaged over its seeds)."""
    by_variant = {}
    for run in runs:
        by_variant.setdefault(run.variant, []).append(run.accuracy(study.gold))
    means = [sum(v) / len(v) for v in by_variant.values()]
    return max(means) - min(means)


def cells(runs: list[PromptRun]) -> dict:
    """(how, k) -> its runs, in the grid's order."""
    grouped = {}
    for run in runs:
        grouped.setdefault((run.how, run.k), []).append(run)
    return grouped


def method_name(how: str, k: int) -> str:
    return HOW_NAMES[how] + (f", k={k}" if k else "")


def prompt_table(study: Study, runs: list[PromptRun]):
    """One row per (method, k): mean accuracy, interval, spread across runs and wordings, size, speed."""
    import pandas as pd

    rows = []
    for (how, k), group in cells(runs).items():
        accuracies = [r.accuracy(study.gold) for r in group]
        interval = cell_interval(study, group)
        rows.append({"método": method_name(how, k), "execuções": len(group),
                     "acurácia média": interval.estimate, "IC 95% baixo": interval.low,
                     "IC 95% alto": interval.high, "pior execução": min(accuracies),
                     "melhor execução": max(accuracies),
                     "diferença entre formulações": variant_spread(study, group),
                     "cabe no contexto": sum(r.fit_rate for r in group) / len(group),
                     "tokens por pedido": sum(sum(r.tokens) / len(r.tokens) for r in group) / len(group),
                     "s por pedido": seconds_per_request(group)})
    return pd.DataFrame(rows).set_index("método").round(3)


def seconds_per_request(runs) -> float:
    """Median seconds per answered request over `runs` (nan when nothing fit)."""
    import statistics

    values = [r.seconds_per_request for r in runs if r.fit_rate > 0]
    return statistics.median(values) if values else float("nan")


def best_prompt(study: Study, runs: list[PromptRun]) -> tuple[str, int]:
    """(how, k) of the best-scoring prompting method whose prompts all fit."""
    scored = {key: sum(r.accuracy(study.gold) for r in g) / len(g) for key, g in cells(runs).items()
              if all(r.fit_rate == 1 for r in g)}
    return max(scored, key=scored.get)


# ---------------------------------------------------------------- fine-tuning


@dataclass
class Tuned:
    """A fine-tuned copy of the base model and what it cost."""

    name: str
    model: object
    train_seconds: float
    n_train: int
    history: object


EVAL_POINTS = 10  # validation passes per fine-tune: the fewest a curve needs (each costs time here)


def training_config(lora: bool, epochs: int, seed: int):
    """The TrainConfig of every fine-tune of this notebook (one place, so an API change is one edit)."""
    from ftlab.train.presets import preset

    return preset("lora" if lora else "padrao", epochs=epochs, seed=seed, eval_points=EVAL_POINTS)


def fine_tune_copy(study: Study, name: str, train: list[dict], epochs: int, lora: bool = False,
                   val: list[dict] | None = None) -> Tuned:
    """Fine-tune a deep copy of the base model on `train`, timing it."""
    from ftlab.train import fine_tune

    model = copy.deepcopy(study.model)
    config = training_config(lora, epochs, study.seed)
    started = time.perf_counter()
    history = fine_tune(model, study.tokenizer, SimpleNamespace(train=train, val=val or study.val), config)
    return Tuned(name, model, time.perf_counter() - started, len(train), history)


def fine_tune_both(study: Study) -> dict:
    """The full and the LoRA fine-tune on the budget's training examples. Taught in notebooks/06."""
    from ftlab.data import subsample

    train, epochs = subsample(study.splits.train, study.size.n_train, study.seed), study.size.epochs
    return {"fine-tuning completo": fine_tune_copy(study, "fine-tuning completo", train, epochs),
            "LoRA": fine_tune_copy(study, "LoRA", train, epochs, lora=True)}


@dataclass
class TunedAnswers:
    """A fine-tuned model's answers to the test sample, and how long answering took."""

    answers: list[str]
    tokens: list[int]
    seconds: float


def answer_tuned(study: Study, model, prefix: str = "") -> TunedAnswers:
    """Score the test sample with the prompt format the model was trained on (after `prefix`)."""
    from ftlab.prompting import count_tokens, scored_labels

    prompts = [prefix + r["prompt"] for r in study.test]
    started = time.perf_counter()
    answers = scored_labels(model, study.tokenizer, prompts, study.labels)
    tokens = [count_tokens(study.tokenizer, p) for p in prompts]
    return TunedAnswers(answers, tokens, time.perf_counter() - started)


def accuracy_interval(study: Study, answers):
    """Accuracy on the test sample with its bootstrap interval (ftlab.evaluate)."""
    from ftlab.evaluate import bootstrap_ci

    def accuracy(gold, predicted):
        return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)

    return bootstrap_ci(accuracy, study.gold, list(answers), seed=study.seed, min_size=min(10, len(answers)))


# ---------------------------------------------------------------- the comparison


@dataclass
class Contender:
    """One row of the comparison: a method's answers, its size per request and its costs."""

    name: str
    answers: list  # per test message (None = no answer)
    tokens_per_request: float
    seconds_per_request: float
    train_seconds: float = 0.0
    runs: list = field(default_factory=list)  # prompting: the runs behind the row


def prompt_contender(study: Study, runs: list[PromptRun], how: str, k: int) -> Contender:
    """A prompting method as a contender: the answers of its first run, costs over all its runs."""
    group = cells(runs)[(how, k)]
    tokens = sum(sum(r.tokens) / len(r.tokens) for r in group) / len(group)
    return Contender(method_name(how, k), group[0].answers, tokens, seconds_per_request(group), 0.0, group)


def tuned_contender(name: str, tuned: Tuned, answered: TunedAnswers) -> Contender:
    n = len(answered.answers)
    return Contender(name, answered.answers, sum(answered.tokens) / n, answered.seconds / n,
                     tuned.train_seconds)


def comparison_table(study: Study, contenders: list[Contender]):
    """Accuracy with its interval, spread over runs, tokens and seconds per request, training time."""
    import pandas as pd

    rows = []
    for c in contenders:
        if c.runs:
            interval = cell_interval(study, c.runs)
            accuracies = [r.accuracy(study.gold) for r in c.runs]
        else:
            interval = accuracy_interval(study, c.answers)
            accuracies = [interval.estimate]
        rows.append({"método": c.name, "acurácia": interval.estimate, "IC 95% baixo": interval.low,
                     "IC 95% alto": interval.high, "pior–melhor execução": max(accuracies) - min(accuracies),
                     "tokens por pedido": c.tokens_per_request, "s por pedido": c.seconds_per_request,
                     "treino (s)": c.train_seconds})
    return pd.DataFrame(rows).set_index("método").round(3)


# ---------------------------------------------------------------- free generation


def free_generation(study: Study, configs) -> object:
    """Invalid-answer rate and accuracy of free generation vs label scoring, per (name, prompts, model)."""
    import pandas as pd

    from ftlab.evaluate.classification import invalid_rate
    from ftlab.prompting import generated_labels

    n = study.size.n_generate
    gold, rows = study.gold[:n], []
    for name, model, prompts, scored in configs:
        generated = generated_labels(model, study.tokenizer, prompts[:n], study.labels)
        rows.append({"método": name,
                     "respostas inválidas (geração livre)": invalid_rate(generated, study.labels),
                     "acurácia (geração livre)": accuracy_of(gold, generated),
                     "acurácia (pontuando rótulos)": accuracy_of(gold, scored[:n])})
    return pd.DataFrame(rows).set_index("método").round(3)


def accuracy_of(gold, answers) -> float:
    return sum(g == a for g, a in zip(gold, answers, strict=True)) / len(gold)


def generation_configs(study: Study, runs: list[PromptRun], tuned: dict, answered: dict):
    """(name, model, prompts, scored answers) for zero-shot, the best prompt and the full fine-tune."""
    best = best_prompt(study, runs)
    configs = []
    for how, k in dict.fromkeys([(ZERO, 0), best]):
        run = cells(runs)[(how, k)][0]
        prompts, _ = build_prompts(study, how, k, run.variant, run.seed)
        configs.append((method_name(how, k), study.model, prompts, run.answers))
    full = tuned["fine-tuning completo"]
    configs.append((full.name, full.model, [r["prompt"] for r in study.test], answered[full.name].answers))
    return configs


# ---------------------------------------------------------------- consistency


def agreement(answer_lists) -> float:
    """Mean over messages of the share of pairs of answer lists that give the same answer."""
    pairs = list(itertools.combinations(answer_lists, 2))
    if not pairs:
        return float("nan")
    n = len(answer_lists[0])
    return sum(sum(a[i] == b[i] for a, b in pairs) / len(pairs) for i in range(n)) / n


def prompt_agreements(runs: list[PromptRun]) -> dict:
    """(how, k) -> (agreement across wordings, agreement across re-runs with other demonstrations)."""
    result = {}
    for key, group in cells(runs).items():
        if not any(r.fit_rate for r in group):  # no prompt fit: no answers to agree on
            result[key] = (float("nan"), float("nan"))
            continue
        by_seed, by_variant = {}, {}
        for run in group:
            by_seed.setdefault(run.seed, []).append(run.answers)
            by_variant.setdefault(run.variant, []).append(run.answers)
        wordings = mean_of([agreement(lists) for lists in by_seed.values()])
        reruns = mean_of([agreement(lists) for lists in by_variant.values() if len(lists) > 1])
        result[key] = (wordings, reruns)
    return result


def mean_of(values) -> float:
    values = [v for v in values if v == v]  # drop nan
    return sum(values) / len(values) if values else float("nan")


def tuned_agreement(study: Study, model) -> float:
    """Agreement of a fine-tuned model's answers when the paraphrased instructions precede its prompt."""
    from ftlab.prompting import VARIANTS, instruction_text

    prefixes = [""] + [instruction_text(style, study.labels) + "\n\n"
                       for style in list(VARIANTS.values())[: study.size.variants]]
    return agreement([answer_tuned(study, model, prefix).answers for prefix in prefixes])


def consistency_table(study: Study, runs: list[PromptRun], tuned: dict):
    """How often each method gives the same answer when the instruction is reworded or the run repeated."""
    import pandas as pd

    rows = [{"método": method_name(how, k), "concordância entre formulações": w,
             "concordância entre repetições": r} for (how, k), (w, r) in prompt_agreements(runs).items()]
    for name, t in tuned.items():
        rows.append({"método": name, "concordância entre formulações": tuned_agreement(study, t.model),
                     "concordância entre repetições": float("nan")})
    return pd.DataFrame(rows).set_index("método").round(3)


# ---------------------------------------------------------------- cost


def machine_seconds(contender: Contender, requests: int) -> float:
    """Machine time to serve `requests`, training included."""
    return contender.train_seconds + requests * contender.seconds_per_request


def cost_table(contenders: list[Contender], volumes=(1_000, 10_000, 100_000, 1_000_000)):
    """Machine seconds per 1,000 requests, with the training amortised over each total volume."""
    import pandas as pd

    rows = {c.name: {f"{v:,} pedidos".replace(",", "."): 1000 * machine_seconds(c, v) / v for v in volumes}
            for c in contenders}
    return pd.DataFrame(rows).T.round(2)


def break_even_requests(prompt: Contender, tuned: Contender) -> float | None:
    """Requests after which the fine-tuned model has cost less machine time in total (None: never)."""
    saving = prompt.seconds_per_request - tuned.seconds_per_request
    if saving <= 0:
        return None
    return (tuned.train_seconds - prompt.train_seconds) / saving


# ---------------------------------------------------------------- how much data


def curve_epochs(n: int, size: Budget) -> int:
    """Epochs for a run on n examples: at least one, and enough to see size.min_seen examples."""
    return max(size.epochs, -(-size.min_seen // n))


def data_curve(study: Study, full: Tuned, full_answers: TunedAnswers):
    """Accuracy of full fine-tuning per training size; the whole split reuses `full`."""
    import pandas as pd

    from ftlab.data import subsample

    rows = []
    for n in [n for n in study.size.data_sizes if n < full.n_train]:
        train = subsample(study.splits.train, n, study.seed)
        tuned = fine_tune_copy(study, f"{n} exemplos", train, curve_epochs(n, study.size))
        rows.append(curve_row(study, tuned, answer_tuned(study, tuned.model).answers))
        del tuned
    rows.append(curve_row(study, full, full_answers.answers))
    return pd.DataFrame(rows).set_index("exemplos de treino")


def curve_row(study: Study, tuned: Tuned, answers) -> dict:
    interval = accuracy_interval(study, answers)
    return {"exemplos de treino": tuned.n_train, "acurácia": round(interval.estimate, 3),
            "IC 95% baixo": round(interval.low, 3), "IC 95% alto": round(interval.high, 3),
            "treino (s)": round(tuned.train_seconds, 1)}


def break_even_size(curve, prompt_accuracy: float) -> int | None:
    """The smallest training size whose fine-tune matches or beats `prompt_accuracy` (None: none does)."""
    reached = curve.index[curve["acurácia"] >= prompt_accuracy]
    return int(reached.min()) if len(reached) else None


# ---------------------------------------------------------------- the findings behind the lesson's table


def collect_findings(study: Study, runs, best: tuple, full: Contender, tuned: dict, paired, consistency,
                     curve, break_even: int | None, crossings: dict, bow, voice):
    """Gather the run's numbers into ftlab.experiments.prompt_vs_finetune_summary.Findings."""
    from ftlab.experiments.prompt_vs_finetune_summary import Findings

    group = cells(runs)[best]
    accuracies = [r.accuracy(study.gold) for r in group]
    interval = accuracy_interval(study, full.answers)
    wordings = prompt_agreements(runs)[best][0]
    voice_rows = voice.table["fatos da referência citados (revocação)"]
    return Findings(
        prompt_name=method_name(*best), prompt_accuracy=sum(accuracies) / len(accuracies),
        prompt_worst=min(accuracies), prompt_best=max(accuracies), prompt_agreement=wordings,
        prompt_tokens=sum(sum(r.tokens) / len(r.tokens) for r in group) / len(group),
        prompt_seconds=seconds_per_request(group), prompt_k=best[1],
        tuned_accuracy=interval.estimate, tuned_low=interval.low, tuned_high=interval.high,
        tuned_agreement=float(consistency.loc[full.name, "concordância entre formulações"]),
        tuned_tokens=full.tokens_per_request,
        tuned_seconds=full.seconds_per_request, train_seconds=full.train_seconds,
        n_train=tuned[full.name].n_train, comparison=paired, break_even_size=break_even,
        break_even_requests=crossings.get(full.name),
        bag_of_words_accuracy=accuracy_of(study.gold, bow.answers),
        facts_prompt=float(voice_rows.get("prompt: persona + fatos colados", float("nan"))),
        facts_tuned=float(voice_rows.iloc[-1]), facts_tokens=voice.facts_tokens, context=study.context)
