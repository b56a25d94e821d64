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
import symtable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ftlab.exercises import EXERCISES, exercises_of
from ftlab.exercises.registry import Exercise, GradingContext
from ftlab.grading.probe import Probe, make_probe

NOTEBOOK_RE = re.compile(r"notebooks/(\d\d_[A-Za-z0-9_]+)\.ipynb")
CODE_MAGICS = ("time", "timeit", "capture", "prun")  # magics whose argument or body is Python code


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


@dataclass
class CellNames:
    """What one cell does to the notebook's globals, as far as the code shows."""

    bound: set[str] = field(default_factory=set)  # bound at top level (assignment, def, class, import)
    read: set[str] = field(default_factory=set)  # read at top level, or free in one of its functions
    writes: set[str] = field(default_factory=set)  # written from a nested scope (`global x`, walrus)
    star: bool = False  # `from m import *`: may bind any name


def names(source: str) -> CellNames | None:
    """The globals a cell binds and reads; None when it does not parse.

    Scopes follow Python's own rules (symtable): parameters, locals, comprehension variables and
    class attributes are not the notebook's globals. A function's free names are read when it is
    called; the cell that defines it counts them. Code run by a magic such as %%time counts too.
    """
    parsed = parse_cell(source)
    if parsed is None:
        return None
    table, tree = parsed
    symbols = table.get_symbols()
    cell = CellNames(bound={s.get_name() for s in symbols if s.is_assigned() or s.is_imported()},
                     read={s.get_name() for s in symbols if s.is_referenced()},
                     star=any(isinstance(node, ast.ImportFrom) and node.names[0].name == "*"
                              for node in tree.body))
    for child in table.get_children():
        nested_globals(child, cell)
    for code in magic_sources(tree):
        merge(cell, names(code) or CellNames())
    return cell


def parse_cell(source: str) -> tuple[symtable.SymbolTable, ast.Module] | None:
    """The cell's symbol table and tree, after IPython's own rewriting of magics; None if invalid."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        code = TransformerManager().transform_cell(source)
        return symtable.symtable(code, "<cell>", "exec"), ast.parse(code)
    except Exception:  # noqa: BLE001 - a cell that does not parse is kept, it will fail on its own
        return None


def nested_globals(table: symtable.SymbolTable, cell: CellNames) -> None:
    """Add the globals that a nested scope (function, lambda, class, comprehension) reads or writes."""
    for symbol in table.get_symbols():  # `global x` counts as a read too: `x += 1` needs an earlier x
        if symbol.is_global() and (symbol.is_referenced() or symbol.is_declared_global()):
            cell.read.add(symbol.get_name())
        if symbol.is_declared_global() and symbol.is_assigned():
            cell.writes.add(symbol.get_name())
    for child in table.get_children():
        nested_globals(child, cell)


def magic_sources(tree: ast.Module) -> list[str]:
    """The code that IPython magics such as `%%time` or `%time` run in the notebook's namespace."""
    return [node.args[-1].value for node in ast.walk(tree) if is_code_magic(node)]


def is_code_magic(node: ast.AST) -> bool:
    """`get_ipython().run_cell_magic("time", "", "...")` (or run_line_magic) of a CODE_MAGICS magic."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run_cell_magic", "run_line_magic") and len(node.args) >= 2
            and all(isinstance(arg, ast.Constant) for arg in node.args) and node.args[0].value in CODE_MAGICS)


def merge(cell: CellNames, inner: CellNames) -> None:
    cell.bound |= inner.bound
    cell.read |= inner.read
    cell.writes |= inner.writes
    cell.star |= inner.star


def may_bind(parsed: list[CellNames | None]) -> list[set[str] | None]:
    """Per cell, the globals it may bind: its own, plus what the functions it uses write when called.

    A function with `global x` writes x only when called, so the writes follow the names (forward,
    cell by cell): every name a cell binds carries the writes of the cell and of the names it reads.
    """
    carried: dict[str, set[str]] = {}  # name -> globals that calling (or using) it may write
    result = []
    for cell in parsed:
        if cell is None:
            result.append(None)
            continue
        writes = cell.writes.union(*(carried.get(name, set()) for name in cell.read))
        for name in cell.bound:
            carried[name] = writes
        result.append(cell.bound | writes)
    return result


def needed_cells(cells: list, anchors: set[int], always: set[int]) -> set[int]:
    """The anchor cells and, backwards, every cell that may bind a name a needed cell reads."""
    parsed = [names(cell.source) for cell in cells]
    binding = may_bind(parsed)
    keep = set(anchors) | always
    wanted = set().union(*(parsed[i].read for i in keep if parsed[i]))
    for i in range(max(anchors, default=-1), -1, -1):
        if i in keep:
            continue
        if parsed[i] is None or parsed[i].star or binding[i] & wanted:
            keep.add(i)
            wanted |= parsed[i].read if parsed[i] else set()
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
