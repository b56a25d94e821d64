"""Shared fixtures of the browser tests: a headless Chromium page (see tests/browser.py)."""

from __future__ import annotations

import pytest
from browser import chromium_page


@pytest.fixture
def page(tmp_path):
    """A 1280x720 page (a classroom projector); a test module may override it with another size."""
    with chromium_page(tmp_path / "chromium-profile") as page:
        yield page
