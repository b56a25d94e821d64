"""Silence transformers' progress bars and warnings while ftlab saves or resumes a checkpoint.

The notebook shows ftlab's own plots and messages; library chatter would bury them.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def quiet_transformers():
    """Within the block: transformers logs errors only and shows no progress bars."""
    from transformers.utils import logging

    verbosity, bars = logging.get_verbosity(), logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(verbosity)
        if bars:
            logging.enable_progress_bar()
