"""What the grader executes for one submission: its code cells, the parameters, the probes.

Stored outputs are dropped (everything is re-executed); the parameters the teacher chose are set
right after the student's parameters cell; a probe follows the last cell that binds each answer;
nothing after the last probe runs (it cannot change a grade). By default only the cells the answers
depend on run (names defined by one cell and used by another, followed backwards from the answer
cells): the long experiments of a notebook do not delay its grade. `all_cells=True` runs them all.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ftlab.exercises import EXERCISES, exercises_of
from ftlab.exercises.registry import Exercise, GradingContext
from ftlab.grading.probe import Probe, make_probe

NOTEBOOK_RE = re.compile(r"notebooks/(\d\d_[A-Za-z0-9_]+)\.ipynb")


class Unreadable(Exception):
    """The submission is not a notebook this grader can read."""


@dataclass
class Step:
    """One cell to execute: the student's (`index` in the submission), the parameters, or a probe."""

    source: str
    kind: str  # "student" | "parameters" | "probe"
    index: int = -1
    probe: Probe | None = None


@dataclass
class Plan:
    notebook: str  # course notebook stem, e.g. "02_preparacao_dataset"
    steps: list[Step] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    unanchored: list[Exercise] = field(default_factory=list)  # answer name never bound


def read_submission(path: Path):
    """The notebook, or Unreadable (not JSON, not a notebook, no code cells)."""
    try:
        notebook = nbformat.read(str(path), as_version=4)
    except Exception as err:  # noqa: BLE001 - any parse failure means "not a notebook"
        raise Unreadable(f"{type(err).__name__}: {str(err)[:200]}") from err
    if not any(cell.get("cell_type") == "code" for cell in notebook.get("cells", [])):
        raise Unreadable("nenhuma célula de código")
    return notebook


def binds(source: str, name: str) -> bool:
    """True when a cell defines `name` at top level (def, class or assignment)."""
    pattern = rf"^(?:def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*(?::[^=\n]*)?=(?!=)"
    return re.search(pattern, source, re.MULTILINE) is not None


def course_notebooks() -> list[str]:
    return sorted({exercise.notebook for exercise in EXERCISES.values()})


def detect_notebook(notebook) -> str | None:
    """Which course notebook this is: the one with most answers bound, else the Colab badge's name."""
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    scores = {stem: sum(any(binds(s, ex.answer) for s in sources) for ex in exercises_of(stem))
              for stem in course_notebooks()}
    best = max(scores, key=scores.get, default=None)
    if best and scores[best]:
        return best
    for cell in notebook.cells:
        match = NOTEBOOK_RE.search(cell.source)
        if match and match.group(1) in scores:
            return match.group(1)
    return None


def parameters_source(context: GradingContext) -> str:
    return (f"# parâmetros da correção\nBUDGET = {context.budget!r}\nSEED = {context.seed!r}\n"
            f"MODEL = {context.model!r}\n")


def parameters_index(cells: list) -> int:
    """The cell after which the grader's parameters go: the tagged one, else the one setting BUDGET."""
    for i, cell in enumerate(cells):
        if "parameters" in cell.metadata.get("tags", []) or binds(cell.source, "BUDGET"):
            return i
    return 0


def names(source: str) -> tuple[set[str], set[str]] | None:
    """(names a cell binds at top level, names it reads anywhere); None when it does not parse."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        tree = ast.parse(TransformerManager().transform_cell(source))
    except Exception:  # noqa: BLE001 - a cell that does not parse is kept, it will fail on its own
        return None
    bound, read = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    stored = top_level_targets(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if node in stored else read).add(node.id)
    return bound, read


def top_level_targets(tree: ast.Module) -> set:
    """Name nodes stored by top-level statements (assignments, for, with), not inside functions."""
    targets, stack = set(), list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            targets.add(node)
        stack.extend(ast.iter_child_nodes(node))
    return targets


def needed_cells(cells: list, anchors: set[int], always: set[int]) -> set[int]:
    """The anchor cells and, backwards, every cell binding a name a needed cell reads."""
    parsed = [names(cell.source) for cell in cells]
    keep = set(anchors) | always
    wanted = set().union(*(parsed[i][1] for i in keep if parsed[i]))
    for i in range(max(anchors, default=-1), -1, -1):
        if i in keep:
            continue
        if parsed[i] is None or parsed[i][0] & wanted:
            keep.add(i)
            wanted |= parsed[i][1] if parsed[i] else set()
    return keep


def make_plan(notebook, stem: str, context: GradingContext, results_dir: Path,
              all_cells: bool = False) -> Plan:
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    plan = Plan(stem, exercises=exercises_of(stem))
    anchors = {}
    for exercise in plan.exercises:
        bound = [i for i, cell in enumerate(cells) if binds(cell.source, exercise.answer)]
        if bound:
            anchors.setdefault(bound[-1], []).append(exercise)
        else:
            plan.unanchored.append(exercise)
    last = max(anchors, default=-1)
    after_parameters = parameters_index(cells)
    run = set(range(last + 1)) if all_cells else needed_cells(cells, set(anchors), {after_parameters})
    for i, cell in enumerate(cells[: last + 1]):
        if i not in run:
            continue
        plan.steps.append(Step(cell.source, "student", i))
        if i == after_parameters:
            plan.steps.append(Step(parameters_source(context), "parameters"))
        for exercise in anchors.get(i, []):
            probe = make_probe(exercise, results_dir)
            plan.steps.append(Step(probe.source, "probe", i, probe))
    return plan
