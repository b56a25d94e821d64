"""Root pytest configuration: which notebooks nbval checks.

Notebooks are committed without outputs, except cells marked `# NBVAL_CHECK_OUTPUT`, whose output is
deterministic (seeded, CPU) and compared by `pytest --nbval-lax`. A notebook with no marked cell has
nothing for nbval to compare, so it is left to the papermill test (tests/test_notebooks.py), which
executes every notebook with its CI parameters.
"""

from pathlib import Path

CHECKED_MARK = "# NBVAL_CHECK_OUTPUT"


def pytest_ignore_collect(collection_path: Path, config):
    if collection_path.suffix == ".ipynb":
        return CHECKED_MARK not in collection_path.read_text(encoding="utf-8")
    return None
