"""ftlab.evaluate: metrics against hand-computed values, scoring against the model's own loss."""

from __future__ import annotations

import math

import pytest
from test_train_helpers import small_model, synthetic_splits

from ftlab.data.formats import LABELS
from ftlab.evaluate import (
    classification_report,
    completion_logprobs,
    generate_completions,
    generation_scores,
    perplexity,
    score_labels,
)
from ftlab.evaluate.generate import generate_one_at_a_time
from ftlab.evaluate.label_scoring import label_logprobs
from ftlab.evaluate.scoring import label_completion, score_labels_separately
from ftlab.train import TrainConfig, fine_tune

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def splits():
    return synthetic_splits(n_train=192, n_val=16, n_test=48)


@pytest.fixture(scope="module")
def trained(tokenizer, splits):
    """A small model fine-tuned on the synthetic keyword -> label task."""
    model = small_model()
    config = TrainConfig(batch_size=16, epochs=6, lr=1e-2, precision="fp32")
    fine_tune(model, tokenizer, splits, config)
    return model.eval()


def test_classification_report_matches_hand_counts():
    y_true = ["a", "a", "a", "b", "b", "c"]
    y_pred = ["a", "a", "b", "b", "c", "c"]
    report = classification_report(y_true, y_pred)
    assert report["accuracy"] == pytest.approx(4 / 6)
    # precision a=2/2, b=1/2, c=1/2; recall a=2/3, b=1/2, c=1/1
    assert report["precision_macro"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert report["recall_macro"] == pytest.approx((2 / 3 + 0.5 + 1) / 3)
    f1 = [2 * p * r / (p + r) for p, r in ((1, 2 / 3), (0.5, 0.5), (0.5, 1))]
    assert report["f1_macro"] == pytest.approx(sum(f1) / 3)
    assert report["labels"] == ["a", "b", "c"]
    assert report["confusion_matrix"] == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]


def test_generation_scores_range_from_disjoint_to_identical():
    references = ["o técnico vai até a sua casa amanhã", "a fatura chega por e-mail todo mês"]
    assert generation_scores(references, references) == pytest.approx(
        {"bleu": 100.0, "chrf": 100.0, "rouge_l": 100.0, "n": 2})
    disjoint = generation_scores(["xyz qwk", "zzz"], references)
    assert disjoint["bleu"] < 1 and disjoint["chrf"] < 10 and disjoint["rouge_l"] == 0


def test_rouge_l_keeps_accented_words():
    same = generation_scores(["não está", "não"], ["não está", "não"])
    swapped = generation_scores(["não", "ação"], ["nao", "acao"])  # unaccented is another word
    assert same["rouge_l"] == 100 and swapped["rouge_l"] == 0


def test_generation_scores_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="2 previsões para 1 referências"):
        generation_scores(["a", "b"], ["a"])


def test_perplexity_is_exp_of_the_models_own_loss(tokenizer):
    import torch

    model, text = small_model().eval(), "preciso de ajuda com o boleto"
    words = tokenizer(text, add_special_tokens=False)["input_ids"]
    ids = [tokenizer.bos_token_id, *words, tokenizer.eos_token_id]
    with torch.no_grad():
        loss = model(torch.tensor([ids]), labels=torch.tensor([ids])).loss.item()
    assert perplexity(model, tokenizer, [text]) == pytest.approx(math.exp(loss), rel=1e-4)


def test_log_likelihoods_do_not_depend_on_batching(tokenizer, splits):
    model, records = small_model().eval(), splits.test[:10]
    prompts, completions = [r["prompt"] for r in records], [r["completion"] for r in records]
    one_by_one = completion_logprobs(model, tokenizer, prompts, completions, batch_size=1)
    batched = completion_logprobs(model, tokenizer, prompts, completions, batch_size=8)
    assert batched == pytest.approx(one_by_one, rel=1e-4)
    assert all(value < 0 for value in batched)


def test_scored_positions_only_give_the_log_likelihoods_of_the_full_logits(tokenizer, splits):
    import torch

    from ftlab.evaluate.scoring import full_logprobs, kept_logprobs
    from ftlab.train.collate import PadCollator, encode_records, pad_token_id

    model = small_model().eval()
    batch = PadCollator(pad_token_id(tokenizer))(encode_records(tokenizer, splits.test[:9], 128))
    labels = batch.pop("labels")
    with torch.no_grad():
        kept_sums, kept_counts = kept_logprobs(model, batch, labels)
        full_sums, full_counts = full_logprobs(model, batch, labels)
    assert kept_sums.tolist() == pytest.approx(full_sums.tolist(), rel=1e-5)
    assert kept_counts.tolist() == full_counts.tolist()


def test_score_labels_classifies_a_learned_task(trained, tokenizer, splits):
    prompts, truth = [r["prompt"] for r in splits.test], [r["label"] for r in splits.test]
    predicted = score_labels(trained, tokenizer, prompts, LABELS, batch_size=7)
    assert classification_report(truth, predicted)["accuracy"] >= 0.8  # chance is 1/6
    untrained = score_labels(small_model().eval(), tokenizer, prompts, LABELS)
    assert classification_report(truth, untrained)["accuracy"] < 0.5
    assert score_labels(trained, tokenizer, [], LABELS) == []


def test_batched_generation_matches_one_prompt_at_a_time(trained, tokenizer, splits):
    prompts = [r["prompt"] for r in splits.test[:6]]
    batched = generate_completions(trained, tokenizer, prompts, max_new_tokens=8, batch_size=6)
    alone = [generate_completions(trained, tokenizer, [p], max_new_tokens=8)[0] for p in prompts]
    assert batched == alone
    labels = [r["label"] for r in splits.test[:6]]
    assert sum(text.strip() == label for text, label in zip(batched, labels, strict=True)) >= 4


def test_kv_cached_label_scores_equal_one_pass_per_label(trained, tokenizer, splits):
    prompts = [r["prompt"] for r in splits.test[:12]]
    rows = label_logprobs(trained, tokenizer, prompts, LABELS, batch_size=5)
    pairs = [(p, label_completion(label)) for p in prompts for label in LABELS]
    separate = completion_logprobs(trained, tokenizer, *zip(*pairs, strict=True))
    assert [v for row in rows for v in row] == pytest.approx(separate, rel=1e-4, abs=1e-4)
    for model in (trained, small_model().eval()):
        all_prompts = [r["prompt"] for r in splits.test]
        assert score_labels(model, tokenizer, all_prompts, LABELS, batch_size=7) == \
            score_labels_separately(model, tokenizer, all_prompts, LABELS, batch_size=7)


def test_kv_cached_scoring_trims_long_prompts_once_for_every_label(trained, tokenizer, splits):
    """A long prompt keeps bos and its end, cut to fit the longest label: the same context for all."""
    import torch

    from ftlab.evaluate.label_scoring import trimmed_prompt
    from ftlab.evaluate.scoring import token_logprobs
    from ftlab.train.collate import PadCollator, encode_completion, encode_prompt, join_pair, pad_token_id

    prompts = [("palavra " * 60) + r["prompt"] for r in splits.test[:6]]
    cached = label_logprobs(trained, tokenizer, prompts, LABELS, max_length=24)
    options = [encode_completion(tokenizer, label_completion(label)) for label in LABELS]
    keep = 24 - max(len(option) for option in options)
    features = [join_pair(trimmed_prompt(encode_prompt(tokenizer, p), keep), option, 10_000)
                for p in prompts for option in options]
    assert all(len(f["input_ids"]) <= 24 for f in features)
    with torch.no_grad():
        sums, _ = token_logprobs(trained, PadCollator(pad_token_id(tokenizer))(features))
    assert [v for row in cached for v in row] == pytest.approx(sums.tolist(), rel=1e-4, abs=1e-4)


def test_generation_limits_are_per_prompt_and_batching_changes_nothing(trained, tokenizer, splits):
    prompts = [r["prompt"] for r in splits.test[:9]]
    limits = [1, 5, 2, 8, 3, 1, 6, 4, 2]
    batched = generate_completions(trained, tokenizer, prompts, batch_size=4, limits=limits)
    assert batched == generate_one_at_a_time(trained, tokenizer, prompts, limits)
    for text, limit in zip(batched, limits, strict=True):
        assert len(tokenizer(text, add_special_tokens=False)["input_ids"]) <= limit
    with pytest.raises(ValueError, match="2 limites para 9 prompts"):
        generate_completions(trained, tokenizer, prompts, limits=[1, 2])


def test_perplexity_of_a_text_longer_than_max_length_scores_its_start(tokenizer):
    import torch

    model, text = small_model().eval(), "o plano Nuvem 600 custa R$ 119,90 por mês. " * 20
    words = tokenizer(text, add_special_tokens=False)["input_ids"]
    ids = [tokenizer.bos_token_id, *words][:32]
    assert len(words) > 32
    with torch.no_grad():
        loss = model(torch.tensor([ids]), labels=torch.tensor([ids])).loss.item()
    assert perplexity(model, tokenizer, [text], max_length=32) == pytest.approx(math.exp(loss), rel=1e-4)
