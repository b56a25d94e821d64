"""Fixtures shared by the tests of ftlab.train and ftlab.evaluate (small model, synthetic data)."""

from __future__ import annotations

import pytest
from test_train_helpers import single_thread, small_tokenizer


@pytest.fixture(scope="module")
def one_thread():
    """One torch thread for the module: small models train faster so, and a busy CPU hurts less."""
    import torch

    previous = single_thread()
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="module")
def tokenizer():
    """A BPE tokenizer trained on the synthetic task (no Hub)."""
    return small_tokenizer()
