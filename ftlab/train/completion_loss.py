"""Loss on completion tokens only, with the vocabulary projection computed only where it is scored.

The output layer (hidden size x vocabulary) is the largest matrix product of a small model: in the tiny
model it is 40% of the work per token. A completion-only loss needs its logits only at the positions
that predict a completion token, so the collator marks those positions (`logits_to_keep`, a boolean
mask) and the model projects just them. Models that cannot take such a mask get the full logits and
the usual loss. Taught in notebooks/03_treinamento.
"""

from __future__ import annotations

import sys

from ftlab.train.labels import IGNORE_INDEX, scored_positions, scored_targets

__all__ = ["IGNORE_INDEX", "completion_loss", "scored_positions", "scored_targets", "takes_logits_mask"]


def takes_logits_mask(model) -> bool:
    """True when the model projects only the positions of a boolean `logits_to_keep` mask.

    transformers' `slice_logits_to_keep` (5.x) accepts a 2D boolean mask; a model module that imports
    it uses it in forward. Earlier versions slice with an int or index tensor only.
    """
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    module = sys.modules.get(type(base).__module__)
    return getattr(module, "slice_logits_to_keep", None) is not None


def completion_loss(outputs, labels, num_items_in_batch=None):
    """Cross-entropy of the kept logits (one row per scored position) against their next tokens.

    Summed and divided by `num_items_in_batch` when the Trainer gives it (training), else averaged,
    as transformers' own causal-LM loss does.
    """
    import torch

    targets = scored_targets(labels).to(outputs.logits.device)
    logits = outputs.logits.float().reshape(-1, outputs.logits.shape[-1])
    total = torch.nn.functional.cross_entropy(logits, targets, reduction="sum")
    count = num_items_in_batch if num_items_in_batch is not None else targets.numel()
    if torch.is_tensor(count):
        count = count.to(total.device)
    return total / count
