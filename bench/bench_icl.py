"""In-context learning of the tiny model on the course's classification test split (issue 15 bars).

Run: HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_icl.py [--model DIR | --snapshot runs/icl/snapshot_N.pt]
Prints, for three prompt formats (instruction wording + demonstration layout; the third uses words
the pre-training episodes never use), the accuracy of label scoring by likelihood
(ftlab.evaluate.score_labels) with:
- zero-shot: a pt-BR instruction listing the six categories;
- 4 random training examples as demonstrations (after the instruction);
- the 4 training examples most similar to the test message (TF-IDF cosine, most similar last);
and the held-out perplexities (corpus validation split, data/general/heldout.jsonl), as in the card.
Bars: zero-shot >= 0.30, random-4 >= 0.35, similar-4 >= 0.55; perplexities within 10% of today's.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARS = {"zero-shot": 0.30, "random-4": 0.35, "similar-4": 0.55}
BASE_PPL = {"val": 67.21, "heldout": 123.55}  # the tiny model shipped before issue 15 (MODEL_CARD)


# (name, instruction, demonstration/query layout, separator between demonstrations)
FORMATS = (
    ("mensagem/categoria",
     "Classifique a mensagem do cliente em uma das categorias: {opts}.\n\n",
     "Mensagem: {text}\nCategoria:", "\n\n"),
    ("texto/classe",
     "Categorias possíveis: {opts}.\n",
     "Texto: {text}\nClasse:", "\n"),
    ("pedido/tipo (redação fora do pré-treino)",
     "Qual é o tipo de pedido do cliente? Responda com uma destas opções: {opts}.\n\n",
     "Pedido do cliente: {text}\nTipo de pedido:", "\n\n"),
)


def message(record: dict) -> str:
    """The customer message of a classification record (the prompt without its template)."""
    return record["prompt"].removeprefix("Mensagem: ").removesuffix("\nCategoria:")


def build_prompt(fmt, labels, text: str, demos: list[dict]) -> str:
    """Instruction + demonstrations (label after each) + the query, ending where the label goes."""
    _, instruction, layout, sep = fmt
    parts = [instruction.format(opts=", ".join(labels))]
    for demo in demos:
        parts.append(layout.format(text=message(demo)) + f" {demo['label']}" + sep)
    parts.append(layout.format(text=text))
    return "".join(parts)


def similar_demos(train: list[dict], test: list[dict], k: int) -> list[list[dict]]:
    """For each test record, the k most similar training records by TF-IDF cosine, most similar last."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True)
    train_m = vectorizer.fit_transform([message(r) for r in train])
    sims = (vectorizer.transform([message(r) for r in test]) @ train_m.T).toarray()
    return [[train[j] for j in row.argsort()[-k:]] for row in sims]


def random_demos(train: list[dict], n_test: int, k: int, seed: int = 0) -> list[list[dict]]:
    rng = random.Random(seed)
    return [rng.sample(train, k) for _ in range(n_test)]


def cached_score_labels(model, tokenizer, prompts, labels) -> list[str]:
    """score_labels computed with one forward pass per prompt (its KV cache shared by the labels).

    Same encoding and the same sum of log-probabilities (label tokens and EOS) as
    ftlab.evaluate.score_labels, about six times less work; checked equal with --check.
    """
    import torch

    from ftlab.evaluate.scoring import label_completion
    from ftlab.train.collate import encode_completion, encode_prompt

    completions = [encode_completion(tokenizer, label_completion(label)) for label in labels]
    width = max(len(c) for c in completions)
    ids = torch.tensor([c + [tokenizer.pad_token_id] * (width - len(c)) for c in completions])
    mask = torch.tensor([[1.0] * len(c) + [0.0] * (width - len(c)) for c in completions])
    picked = []
    model.eval()
    with torch.no_grad():
        for prompt in prompts:
            first = model(input_ids=torch.tensor([encode_prompt(tokenizer, prompt)]), use_cache=True)
            cache = first.past_key_values
            cache.batch_repeat_interleave(len(labels))
            rest = model(input_ids=ids, past_key_values=cache).logits  # right padding: never attended
            logits = torch.cat([first.logits[:, -1:].expand(len(labels), 1, -1), rest[:, :-1]], dim=1)
            logprobs = torch.log_softmax(logits.float(), dim=-1).gather(-1, ids.unsqueeze(-1)).squeeze(-1)
            totals = (logprobs * mask).sum(dim=1).tolist()
            picked.append(labels[max(range(len(labels)), key=totals.__getitem__)])
    return picked


def icl_scores(model, tokenizer, subset: int | None = None, formats=FORMATS, fast: bool = True) -> dict:
    """{condition: {format name: accuracy}} on the classification test split."""
    from ftlab.data import load_task
    from ftlab.data.formats import LABELS
    from ftlab.evaluate.scoring import score_labels

    splits = load_task("classificacao")
    test = splits.test[:subset] if subset else splits.test
    gold = [r["label"] for r in test]
    demos = {"zero-shot": [[] for _ in test], "random-4": random_demos(splits.train, len(test), 4),
             "similar-4": similar_demos(splits.train, test, 4)}
    scores = {}
    for condition, per_test in demos.items():
        scores[condition] = {}
        for fmt in formats:
            prompts = [build_prompt(fmt, LABELS, message(r), d) for r, d in zip(test, per_test, strict=True)]
            predicted = (cached_score_labels(model, tokenizer, prompts, LABELS) if fast else
                         score_labels(model, tokenizer, prompts, LABELS, batch_size=16, max_length=512))
            scores[condition][fmt[0]] = sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold)
    return scores


def majority_of_similar(k: int = 4) -> float:
    """Accuracy of the majority label of the k most similar training examples (no model)."""
    from collections import Counter

    from ftlab.data import load_task

    splits = load_task("classificacao")
    demos = similar_demos(splits.train, splits.test, k)
    right = sum(Counter(d["label"] for d in reversed(ds)).most_common(1)[0][0] == r["label"]
                for ds, r in zip(demos, splits.test, strict=True))
    return right / len(splits.test)


def perplexities(model, tokenizer) -> dict:
    """Validation-split and held-out perplexities, measured as the model card does (256-token blocks)."""
    from ftlab.pretrain.continued import lm_perplexities

    figures = lm_perplexities(model, tokenizer)
    return {"val": figures["val"], "heldout": figures["heldout"]}


def check_fast_scorer(model, tokenizer, n: int = 24) -> None:
    """Assert that cached_score_labels picks what score_labels picks (n prompts per condition)."""
    from ftlab.data import load_task
    from ftlab.data.formats import LABELS
    from ftlab.evaluate.scoring import score_labels

    splits = load_task("classificacao")
    test = splits.test[:n]
    for demos in ([[] for _ in test], similar_demos(splits.train, test, 4)):
        prompts = [build_prompt(FORMATS[0], LABELS, message(r), d) for r, d in zip(test, demos, strict=True)]
        slow = score_labels(model, tokenizer, prompts, LABELS, batch_size=8, max_length=512)
        assert cached_score_labels(model, tokenizer, prompts, LABELS) == slow
    print(f"cached scorer == score_labels on {2 * n} prompts")


def curve(run_dir: Path, subset: int | None, every: int = 200) -> list[dict]:
    """In-context scores along a continued pre-training run: the starting model (step 0) and every
    `every`-th snapshot, with the tokens seen. Each point is cached in run_dir/curve/, so a second call
    scores only the new snapshots (step 0 must be scored before the new model replaces the tiny one)."""
    from ftlab.models import load_model
    from ftlab.pretrain.continued import load_snapshot, read_log

    tokens = {r["step"]: r["tokens"] for r in read_log(run_dir) if r["kind"] == "train"}
    cache = run_dir / "curve"
    cache.mkdir(exist_ok=True)
    steps = {0: None} | {int(p.stem.split("_")[-1]): p for p in sorted(run_dir.glob("snapshot_*.pt"))}
    points = []
    for step, path in sorted(steps.items()):
        if step % every and path is not None and step != max(steps):
            continue
        cached = cache / f"{step:05d}_{subset}.json"
        if not cached.exists():
            model, tokenizer = load_model("tiny") if path is None else load_snapshot(path)
            scores = icl_scores(model, tokenizer, subset)
            point = {"step": step, "tokens": tokens.get(step, 0), "scores": scores}
            cached.write_text(json.dumps(point, ensure_ascii=False) + "\n")
        points.append(json.loads(cached.read_text()))
        print(json.dumps(points[-1], ensure_ascii=False), flush=True)
    return points


def card_figures(run_dir: Path, snapshot: Path, before: Path, subset: int, every: int) -> dict:
    """Everything the model card's in-context section shows: before/after on the whole test split,
    the curve over the run's snapshots (first `subset` test examples), the bars and the kNN baseline."""
    from ftlab.data import load_task
    from ftlab.pretrain.continued import load_snapshot

    model, tokenizer = load_snapshot(snapshot)
    after = {"model": str(snapshot), "scores": icl_scores(model, tokenizer)}
    return {"before": json.loads(before.read_text()), "after": after, "bars": BARS,
            "formats": [f[0] for f in FORMATS], "test_examples": len(load_task("classificacao").test),
            "majority_similar4": round(majority_of_similar(4), 3), "curve_test_examples": subset,
            "curve": curve(run_dir, subset, every)}


def load(args):
    from ftlab.models import load_model

    if args.snapshot:
        from ftlab.pretrain.continued import load_snapshot

        return load_snapshot(Path(args.snapshot))
    return load_model(args.model)


def main(argv=None) -> dict:
    import torch

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="tiny", help="model name or folder (default: the shipped tiny)")
    parser.add_argument("--snapshot", default=None, help="a runs/icl/snapshot_*.pt (continued pre-training)")
    parser.add_argument("--subset", type=int, default=None, help="first N test examples only (quick curve)")
    parser.add_argument("--no-ppl", action="store_true", help="skip the perplexities")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--slow", action="store_true", help="score with ftlab.evaluate.score_labels itself")
    parser.add_argument("--check", action="store_true", help="check the cached scorer against score_labels")
    parser.add_argument("--curve", type=Path, default=None, help="score the snapshots of this run dir")
    parser.add_argument("--every", type=int, default=200, help="curve: every N-th step's snapshot")
    parser.add_argument("--card", type=Path, default=None,
                        help="run dir: figures for the model card (with --snapshot, --before, --json)")
    parser.add_argument("--before", type=Path, default=Path("runs/bench/base.json"),
                        help="--json output of this bench on the model before the continued pre-training")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.card:
        figures = card_figures(args.card, Path(args.snapshot), args.before, args.subset or 96, args.every)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        return figures
    if args.curve:
        points = curve(args.curve, args.subset or 96, args.every)
        if args.json:
            args.json.write_text(json.dumps(points, indent=2, ensure_ascii=False) + "\n")
        return {"curve": points}
    model, tokenizer = load(args)
    if args.check:
        check_fast_scorer(model, tokenizer)
    started = time.perf_counter()
    result = {"model": args.snapshot or args.model,
              "scores": icl_scores(model, tokenizer, args.subset, fast=not args.slow)}
    result["icl_seconds"] = round(time.perf_counter() - started, 1)
    if not args.no_ppl:
        result["perplexity"] = perplexities(model, tokenizer)
    print(f"model: {result['model']}  (test examples: {args.subset or 'all'}; {result['icl_seconds']} s)")
    for condition, per_format in result["scores"].items():
        values = list(per_format.values())
        cells = "  ".join(f"{name.split(' ')[0]} {acc:.3f}" for name, acc in per_format.items())
        verdict = "met" if min(values) >= BARS[condition] else "not met"
        mean = sum(values) / len(values)
        print(f"{condition:10s} {cells}  mean {mean:.3f}  bar {BARS[condition]:.2f}: {verdict}")
    if "perplexity" in result:
        for name, value in result["perplexity"].items():
            ratio = value / BASE_PPL[name]
            print(f"perplexity {name}: {value:.2f} (before: {BASE_PPL[name]}, {ratio:.3f}x; bar <= 1.10x: "
                  f"{'met' if ratio <= 1.10 else 'not met'})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
