"""Which tokens a completion-only loss scores: the label convention shared by training and scoring.

Taught in notebooks/03_treinamento (the loss counts the answer, not the question).
"""

from __future__ import annotations

IGNORE_INDEX = -100  # label value that the loss skips (prompt tokens and padding)


def scored_positions(labels):
    """Boolean mask of the positions whose next token is a label (the shift of a causal LM)."""
    import torch

    targets = labels[:, 1:] != IGNORE_INDEX
    return torch.cat([targets, torch.zeros_like(targets[:, :1])], dim=1)


def scored_targets(labels):
    """The tokens the scored positions predict, in the order of the True values of scored_positions."""
    following = labels[:, 1:]
    return following[following != IGNORE_INDEX]
