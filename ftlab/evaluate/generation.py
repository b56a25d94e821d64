"""Generation metrics with intervals: BLEU (with sacrebleu's signature), chrF, ROUGE-1/2/L, and
perplexity vs bits per byte.

BLEU and chrF are corpus metrics: they pool n-gram counts over all answers before dividing. Their
bootstrap therefore resamples each answer's counts and pools again (the same numbers as sacrebleu on
the resampled corpus, much faster). ROUGE is a mean of per-answer F-measures.
Taught in notebooks/04_avaliacao.
"""

from __future__ import annotations

import math

from ftlab.evaluate.bootstrap import EvaluationError, bootstrap_ci, mean

ROUGE_TYPES = {"ROUGE-1": "rouge1", "ROUGE-2": "rouge2", "ROUGE-L": "rougeL"}


def check_texts(predictions, references) -> tuple[list[str], list[str]]:
    predictions, references = list(predictions), list(references)
    if len(predictions) != len(references):
        raise EvaluationError(f"{len(predictions)} previsões para {len(references)} referências: "
                              "cada resposta precisa da sua referência, na mesma ordem")
    if not predictions:
        raise EvaluationError("lista vazia: não há respostas para avaliar")
    return predictions, references


def corpus_metric(name: str):
    """A sacrebleu metric object: "bleu" or "chrf" (default settings, the ones its signature names)."""
    from sacrebleu.metrics import BLEU, CHRF

    return {"bleu": BLEU, "chrf": CHRF}[name]()


def sentence_stats(metric, predictions, references):
    """Per answer, the n-gram statistics the corpus score sums (numpy rows)."""
    import numpy as np

    return list(np.asarray(metric._extract_corpus_statistics(predictions, [references]), dtype=float))


def pooled_score(metric, stats) -> float:
    """The corpus score from per-answer statistics (sum, then sacrebleu's formula)."""
    import numpy as np

    total = np.sum(stats, axis=0)
    if metric.__class__.__name__ == "BLEU":
        total = total.astype(int)
    return float(metric._compute_score_from_stats(total.tolist()).score)


def rouge_scores(predictions, references) -> dict[str, list[float]]:
    """Per-answer ROUGE-1/2/L F-measures, 0..100, on lower-cased words with accents kept."""
    from rouge_score import rouge_scorer

    from ftlab.evaluate.metrics import WordTokenizer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES.values()), tokenizer=WordTokenizer())
    scores = [scorer.score(r, p) for p, r in zip(predictions, references, strict=True)]
    return {name: [100 * s[key].fmeasure for s in scores] for name, key in ROUGE_TYPES.items()}


def bleu_signature(predictions, references) -> str:
    """sacrebleu's signature of the BLEU settings used here (report it with every BLEU)."""
    metric = corpus_metric("bleu")
    metric.corpus_score(predictions, [references])
    return str(metric.get_signature())


def generation_metrics(predictions, references) -> dict:
    """BLEU, chrF, ROUGE-1/2/L (0..100) of the answers against their references, and the BLEU signature."""
    predictions, references = check_texts(predictions, references)
    result = {"BLEU": float(corpus_metric("bleu").corpus_score(predictions, [references]).score),
              "chrF": float(corpus_metric("chrf").corpus_score(predictions, [references]).score)}
    result.update({name: mean(values) for name, values in rouge_scores(predictions, references).items()})
    result["assinatura BLEU"] = bleu_signature(predictions, references)
    return result


def generation_intervals(predictions, references, *, n_resamples: int = 1000, seed: int = 0):
    """A table (pandas) of BLEU, chrF and ROUGE-1/2/L with their 95% bootstrap intervals.

    Taught in notebooks/04_avaliacao.
    """
    import pandas as pd

    predictions, references = check_texts(predictions, references)
    columns = {}
    for name in ("bleu", "chrf"):
        metric = corpus_metric(name)
        columns["BLEU" if name == "bleu" else "chrF"] = (lambda s, m=metric: pooled_score(m, s),
                                                         sentence_stats(metric, predictions, references))
    columns.update({name: (mean, values) for name, values in rouge_scores(predictions, references).items()})
    rows = []
    for name, (metric, values) in columns.items():
        interval = bootstrap_ci(metric, values, n_resamples=n_resamples, seed=seed)
        rows.append({"métrica": name, "valor": interval.estimate, "IC 95% de": interval.low,
                     "IC 95% até": interval.high, "largura": interval.width})
    return pd.DataFrame(rows).set_index("métrica").round(2)


def sentence_bleu(prediction: str, reference: str) -> float:
    """BLEU of one answer against its reference (smoothed, as sacrebleu's sentence_bleu)."""
    import sacrebleu

    return float(sacrebleu.sentence_bleu(prediction, [reference]).score)


def text_bytes(texts) -> int:
    """UTF-8 bytes of the texts: the unit that does not depend on any tokenizer."""
    return sum(len(text.encode("utf-8")) for text in texts)


def likelihood_summary(nats: float, tokens: int, n_bytes: int) -> dict:
    """Perplexity per token and bits per byte from a total negative log-likelihood (natural log)."""
    return {"perplexidade (por token)": math.exp(nats / tokens),
            "bits por byte": nats / math.log(2) / n_bytes, "tokens": tokens, "bytes": n_bytes,
            "bytes por token": n_bytes / tokens}


def model_likelihood(model, tokenizer, prompts, completions, batch_size: int = 16,
                     max_length: int = 256) -> dict:
    """Perplexity and bits per byte of the reference completions after their prompts (eos included).

    Taught in notebooks/04_avaliacao.
    """
    from ftlab.evaluate.scoring import pair_stats

    prompts, completions = check_texts(prompts, completions)
    stats = pair_stats(model, tokenizer, list(zip(prompts, completions, strict=True)), batch_size, max_length)
    nats, tokens = -sum(total for total, _ in stats), sum(count for _, count in stats)
    return likelihood_summary(nats, int(tokens), text_bytes(completions))
