"""ftlab.train.completion_loss: logits only where the loss scores, the same loss as the full projection."""

from __future__ import annotations

import pytest
from test_train_helpers import small_model, synthetic_records

from ftlab.train.collate import IGNORE_INDEX, PadCollator, encode_records, pad_token_id
from ftlab.train.completion_loss import completion_loss, scored_positions, takes_logits_mask

pytestmark = pytest.mark.usefixtures("one_thread")


def transformers_slices_by_mask() -> bool:
    """True where this transformers has `slice_logits_to_keep`, which takes a boolean mask (5.24 here;
    5.17 on the GPU machine has none, and fine_tune then scores the full projection). Asked of the
    library, not of the model's module as takes_logits_mask does, so that the tests below still check it."""
    from transformers import modeling_utils

    return hasattr(modeling_utils, "slice_logits_to_keep")


needs_the_mask = pytest.mark.skipif(not transformers_slices_by_mask(), reason="no logits mask here")


def batch_of(tokenizer, n: int = 6) -> dict:
    examples = encode_records(tokenizer, synthetic_records(n, 4), 128)
    return PadCollator(pad_token_id(tokenizer), mark_scored=True)(examples)


def test_scored_positions_are_the_ones_before_each_label():
    import torch

    labels = torch.tensor([[IGNORE_INDEX, IGNORE_INDEX, 5, 6, IGNORE_INDEX],
                           [IGNORE_INDEX, 7, 8, 9, 2]])
    expected = torch.tensor([[False, True, True, False, False],
                             [True, True, True, True, False]])
    assert torch.equal(scored_positions(labels), expected)


def test_the_collator_marks_one_position_per_completion_token(tokenizer):
    import torch

    batch = batch_of(tokenizer)
    assert batch["logits_to_keep"].dtype == torch.bool  # a mask, not positions (see slice_logits_to_keep)
    assert int(batch["logits_to_keep"].sum()) == int((batch["labels"] != IGNORE_INDEX).sum())


@needs_the_mask
def test_a_llama_and_its_lora_version_take_the_mask():
    from ftlab.models import LoraSettings, add_lora

    model = small_model()
    assert takes_logits_mask(model)
    assert takes_logits_mask(add_lora(model, LoraSettings(r=4, alpha=8)))


def test_a_model_without_the_helper_is_left_to_its_own_loss():
    class OldStyleModel:  # its module does not import transformers' slice_logits_to_keep
        pass

    assert not takes_logits_mask(OldStyleModel())


@needs_the_mask
def test_the_kept_logits_give_the_loss_of_the_full_projection(tokenizer):
    import torch

    model, batch = small_model().eval(), batch_of(tokenizer)
    labels = batch.pop("labels")
    mask = batch.pop("logits_to_keep")
    with torch.no_grad():
        full = model(**batch, labels=labels)
        kept = model(**batch, logits_to_keep=mask)
    assert kept.logits.shape == (int(mask.sum()), full.logits.shape[-1])  # only the scored rows
    assert completion_loss(kept, labels).item() == pytest.approx(full.loss.item(), rel=1e-5)
    count = int((labels != IGNORE_INDEX).sum())
    summed = completion_loss(kept, labels, num_items_in_batch=torch.tensor(1)).item()
    assert summed == pytest.approx(full.loss.item() * count, rel=1e-5)  # a sum when the Trainer counts
