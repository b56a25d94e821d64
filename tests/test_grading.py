"""ftlab.grading: the plan, the probes, the audit hook, the reports, and small graded batches."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from ftlab.exercises import EXERCISES, exercises_of
from ftlab.exercises.registry import GradingContext
from ftlab.grading import sandbox
from ftlab.grading.audit import make_hook
from ftlab.grading.batch import run, submission_files
from ftlab.grading.limits import Limits
from ftlab.grading.plan import binds, detect_notebook, make_plan, names, needed_cells
from ftlab.grading.probe import make_probe, read_observation
from ftlab.grading.report import feedback_text, totals
from ftlab.grading.sandbox import detect_isolation, mount_script

ROOT = Path(__file__).resolve().parents[1]
SOLVED = ROOT / "notebooks" / "solucoes"
LIMITS = Limits(notebook_s=120, cell_s=60, cpu_s=240, rss_mb=1500)


@pytest.mark.parametrize("source, name, expected", [
    ("def remover_duplicatas(m):\n    pass", "remover_duplicatas", True),
    ("MINHA_LR = 3e-4  # comentário", "MINHA_LR", True),
    ("MINHA_LR: float = 1e-3", "MINHA_LR", True),
    ("if MINHA_LR == 3:\n    pass", "MINHA_LR", False),
    ("print(MINHA_LR)", "MINHA_LR", False),
    ("    MINHA_LR = 1", "MINHA_LR", False),
])
def test_binds_finds_top_level_definitions_only(source, name, expected):
    assert binds(source, name) is expected


def test_names_handles_magics_and_functions():
    source = "%matplotlib inline\nimport re as regex\nx = 1\ndef f(a):\n    y = a + z\n    return y"
    cell = names(source)
    assert cell.bound == {"regex", "x", "f"} and "z" in cell.read and not {"a", "y"} & cell.read


def cell(source):
    return nbformat.v4.new_code_cell(source)


def test_needed_cells_follow_names_backwards():
    cells = [cell("import pandas as pd"), cell("slow = train_for_an_hour()"), cell("import re"),
             cell("def f(x):\n    return re.sub('a', 'b', x)"), cell("g = slow + 1")]
    assert needed_cells(cells, {3}, set()) == {2, 3}


SCOPES = {  # name -> (cells, the cells the last one needs): only globals a scope really reads count
    "local shadows a global": (["a = treinar()", "def f(x):\n    a = x + 1\n    return a"], {1}),
    "parameters shadow globals": (["a, p, t = treinar()",
                                   "def f(a, *p, t=1, **kw):\n    return a, p, t"], {1}),
    "free name in a function": (["a = treinar()", "def f(x):\n    return x + a"], {0, 1}),
    "default value read at def": (["a = treinar()", "def f(x=a):\n    return x"], {0, 1}),
    "lambda argument": (["t = treinar()", "f = lambda t: t + 1"], {1}),
    "comprehension variable": (["t = treinar()", "m = [t * 2 for t in range(3)]"], {1}),
    "comprehension reads a global": (["k = treinar()", "m = {t: t * k for t in range(3)}"], {0, 1}),
    "comprehension binds nothing": (["m = [t for t in range(3)]", "r = t"], {1}),
    "walrus in a comprehension binds": (["m = [(t := x) for x in range(3)]", "r = t"], {0, 1}),
    "nested functions": (["a = treinar()", "b = treinar()",
                          "def f():\n    a = 1\n    def g():\n        nonlocal a\n        a += 1\n"
                          "        return a + b\n    return g()"], {1, 2}),
    "class attributes are not globals": (["a = treinar()", "b = treinar()",
                                          "class C:\n    a = 1\n    c = a + 1\n    def m(self):\n"
                                          "        return b"], {1, 2}),
    "a method does not see class attributes": (["a = treinar()", "class C:\n    a = 1\n"
                                                "    def m(self):\n        return a"], {0, 1}),
    "global x in a function writes x when called": (["def f():\n    global x\n    x = treinar()", "f()",
                                                      "r = x"], {0, 1, 2}),
    "the write follows the callers": (["def f():\n    global x\n    x = treinar()", "g = lambda: f()",
                                       "g()", "r = x"], {0, 1, 2, 3}),
    "a global counter needs its first value": (["contador = 0",
                                                "def f():\n    global contador\n    contador += 1",
                                                "resposta = f()"], {0, 1, 2}),
    "a local x is no write": (["x = 0", "def f():\n    x = treinar()", "f()", "r = x"], {0, 3}),
    "code inside %%time": (["%%time\nlento = treinar()", "r = lento"], {0, 1}),
    "star import may bind anything": (["from ftlab import *", "r = load_model()"], {0, 1}),
}


@pytest.mark.parametrize("case", SCOPES)
def test_needed_cells_read_only_the_free_names_of_scopes(case):
    sources, expected = SCOPES[case]
    cells = [cell(source) for source in sources]
    assert needed_cells(cells, {len(cells) - 1}, set()) == expected


def test_global_statement_in_a_function_is_a_write():
    written = names("def f(n):\n    global x, contador\n    x = n\n    contador += 1")
    assert written.bound == {"f"} and written.writes == {"x", "contador"}
    assert written.read == {"x", "contador"}  # `contador += 1` needs the earlier cell that binds it


def test_locals_named_like_earlier_globals_do_not_pull_in_the_training(tmp_path):
    """Issue 17: notebook 04 binds `p`, `t` and `a` at top level (after the training); a student's
    f1_macro with locals of those names must still run only the parameters and the answers."""
    notebook = nbformat.read(SOLVED / "04_avaliacao.ipynb", as_version=4)
    answer = next(c for c in notebook.cells if c.cell_type == "code" and binds(c.source, "f1_macro"))
    answer.source = answer.source.replace(
        "    return sum(notas) / len(notas)",
        "    a = [p for p in notas]\n    t = len(a)\n    return sum(a) / t if t else 0.0")
    assert "t = len(a)" in answer.source
    plan = make_plan(notebook, "04_avaliacao", GradingContext(), tmp_path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    ran = {code[s.index].id for s in plan.steps if s.kind == "student"}
    parameters = next(c.id for c in code if "parameters" in c.metadata.get("tags", []))
    assert ran == answer_cell_ids(notebook, "04_avaliacao") | {parameters}


def test_plan_for_the_solved_notebook_02_skips_the_experiments(tmp_path):
    notebook = nbformat.read(SOLVED / "02_preparacao_dataset.ipynb", as_version=4)
    assert detect_notebook(notebook) == "02_preparacao_dataset"
    plan = make_plan(notebook, "02_preparacao_dataset", GradingContext(), tmp_path)
    sources = "\n".join(step.source for step in plan.steps)
    assert [s.probe.exercise.id for s in plan.steps if s.probe] == ["02_duplicatas", "02_anonimizacao",
                                                                     "02_formatacao"]
    assert "quality_vs_quantity" not in sources and "remove_near_duplicates" not in sources
    assert "BUDGET = 'ci'" in sources and not plan.unanchored
    full = make_plan(notebook, "02_preparacao_dataset", GradingContext(), tmp_path, all_cells=True)
    assert "remove_near_duplicates" in "\n".join(step.source for step in full.steps)


def run_probe(probe, namespace: dict):
    exec(compile(probe.source, "<probe>", "exec"), namespace)


def test_probe_writes_plain_outputs_that_the_grader_judges(tmp_path):
    exercise = EXERCISES["02_duplicatas"]
    probe = make_probe(exercise, tmp_path)
    run_probe(probe, {"remover_duplicatas": lambda messages: list(dict.fromkeys(messages))})
    observation = read_observation(probe, 10_000)
    assert not probe.path.exists()  # read once, then gone
    result = exercise.judge(observation)
    assert 0 < result.points < 1 and not result.passed


def test_probe_of_a_missing_answer_and_of_a_value(tmp_path):
    probe = make_probe(EXERCISES["02_formatacao"], tmp_path)
    run_probe(probe, {})
    assert read_observation(probe, 10_000) == {"missing": True}
    probe = make_probe(EXERCISES["07_quiz"], tmp_path)
    run_probe(probe, {"MINHAS_RESPOSTAS": {1: "c", 2: None}})
    assert read_observation(probe, 10_000) == {"value": {"1": "c", "2": None}}


@pytest.mark.parametrize("content", [
    '{"exercise": "02_formatacao", "nonce": "wrong", "observation": {"value": 1}}',
    "not json", '["a list"]', "x" * 20_000,
])
def test_forged_or_oversized_results_are_rejected(tmp_path, content):
    probe = make_probe(EXERCISES["02_formatacao"], tmp_path)
    probe.path.write_text(content, encoding="utf-8")
    assert read_observation(probe, 10_000) is None and not probe.path.exists()


def test_probe_names_are_one_time(tmp_path):
    first, second = (make_probe(EXERCISES["02_formatacao"], tmp_path) for _ in range(2))
    assert first.path != second.path and first.nonce != second.nonce


@pytest.mark.parametrize("event, args", [
    ("socket.connect", (type("S", (), {"family": 2})(), ("1.1.1.1", 80))),
    ("open", ("/etc/escrito", "w", 0)),
    ("open", ("/segredos/gabarito.txt", "r", 0)),
    ("os.remove", ("/etc/hosts", -1)),
    ("shutil.rmtree", ("/home", None)),
    ("subprocess.Popen", ("sh", ["sh"], None, None)),
    ("os.fork", ()),
])
def test_audit_hook_refuses(event, args):
    hook = make_hook("/trabalho", ("/segredos",), block_network=True, guard_files=True)
    with pytest.raises(PermissionError, match="bloqueado"):
        hook(event, args)


@pytest.mark.parametrize("event, args", [
    ("open", ("/trabalho/notas.txt", "w", 0)),
    ("open", ("/etc/hostname", "r", 0)),
    ("open", ("/dev/null", "w", 0)),
    ("os.remove", ("/trabalho/x", -1)),
])
def test_audit_hook_allows_the_submission_own_folder(event, args):
    make_hook("/trabalho", ("/segredos",), block_network=True, guard_files=True)(event, args)


def test_namespace_hook_refuses_processes_only():
    hook = make_hook("/trabalho", (), block_network=False, guard_files=False)
    hook("open", ("/etc/escrito", "w", 0))
    with pytest.raises(PermissionError):
        hook("os.fork", ())


def test_mount_script_hides_grader_files_and_keeps_python(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "FRESH", ())  # tmp_path lies under /tmp, which is private anyway
    home, venv, secret, work = (tmp_path / n for n in ("home", "home/venv", "home/venv/solucoes", "slot"))
    for folder in (venv, secret, work):
        folder.mkdir(parents=True)
    script = mount_script(work, [home, secret], [venv], 64)
    lines = script.splitlines()
    hide_home = next(i for i, line in enumerate(lines) if line.endswith(f"tmpfs {home}"))
    keep_venv = next(i for i, line in enumerate(lines) if line.endswith(f"--bind /proc/self/fd/3 {venv}"))
    hide_secret = next(i for i, line in enumerate(lines) if line.endswith(f"tmpfs {secret}"))
    assert hide_home < keep_venv < hide_secret and "remount,bind,ro" in script


def test_submission_files_skip_hidden(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / ".segredo").write_text("x")
    assert [p.name for p in submission_files([tmp_path])] == ["a.ipynb"]


def test_feedback_of_an_unreadable_file():
    text = feedback_text({"arquivo": "x.pdf", "status": "ilegivel", "resultados": {}})
    assert "não é um notebook" in text and "Nota: 0" in text


@pytest.fixture(scope="module")
def graded_07(tmp_path_factory):
    """The solved and the untouched notebook 07, graded at the strongest level."""
    base = tmp_path_factory.mktemp("nb07")
    subs = base / "entregas"
    subs.mkdir()
    (subs / "professor.ipynb").write_bytes((SOLVED / "07_autoavaliacao.ipynb").read_bytes())
    (subs / "aluno.ipynb").write_bytes((ROOT / "notebooks" / "07_autoavaliacao.ipynb").read_bytes())
    out = base / "notas.csv"
    reports = run([subs], out, {"context": GradingContext(), "limits": LIMITS, "level": detect_isolation()},
                  jobs=2)
    with open(out, encoding="utf-8") as handle:
        rows = {row["aluno"]: row for row in csv.DictReader(handle)}
    return {"rows": rows, "reports": {r["aluno"]: r for r in reports}, "out": out}


@pytest.mark.slow
def test_solved_07_scores_full_marks_and_its_text_goes_to_the_csv(graded_07):
    row = graded_07["rows"]["professor"]
    assert row["07_quiz"] == "4" and row["total"] == row["maximo"] == "4"
    assert "early stopping" in row["07_discursiva (texto)"]
    assert "07_discursiva" not in [k for k in row if k == "07_discursiva"]  # text column only, no points
    feedback = (graded_07["out"].with_name("notas_feedback") / "professor.ipynb.txt").read_text("utf-8")
    assert "Nota: 4 de 4" in feedback and "ideias-chave" in feedback


@pytest.mark.slow
def test_untouched_07_scores_zero_as_not_done(graded_07):
    report = graded_07["reports"]["aluno"]
    assert totals(report) == (0, 4)
    assert {r["reason"] for r in report["resultados"].values()} == {"nao_feito"}
    log = json.loads(graded_07["out"].with_suffix(".log.json").read_text("utf-8"))
    assert log["isolamento"] == detect_isolation() and log["limites"]["cell_s"] == LIMITS.cell_s


@pytest.mark.slow
def test_audit_fallback_blocks_network_and_writes(tmp_path):
    """Forced to the weakest level, a submission still cannot write outside or reach the network."""
    solved = nbformat.read(SOLVED / "07_autoavaliacao.ipynb", as_version=4)
    target = tmp_path / "invadido.txt"
    answers = next(c for c in solved.cells if c.cell_type == "code" and binds(c.source, "MINHAS_RESPOSTAS"))
    answers.source = (f"import socket, urllib.request\ntry:\n    open({str(target)!r}, 'w').write('x')\n"
                      "except OSError as e:\n    print(e)\ntry:\n"
                      "    socket.create_connection(('127.0.0.1', 9), timeout=2)\nexcept OSError as e:\n"
                      "    print(e)\n" + answers.source)
    subs = tmp_path / "entregas"
    subs.mkdir()
    nbformat.write(solved, subs / "fraco.ipynb")
    reports = run([subs], tmp_path / "notas.csv", {"context": GradingContext(), "limits": LIMITS,
                                                   "level": "audit"}, jobs=1)
    assert not target.exists()
    assert totals(reports[0]) == (4, 4) and reports[0]["isolamento"].startswith("audit")


def test_notebook_03_entries_read_values_and_convert_results():
    from types import SimpleNamespace

    from ftlab.exercises.treinamento import as_result

    assert EXERCISES["03_lr"].answer == "MINHA_LR" and EXERCISES["03_epocas"].kind == "value"
    assert not EXERCISES["03_lr"].judge({"value": None}, GradingContext()).done  # no training for None
    legacy = as_result("03_lr", SimpleNamespace(passed=True, message="Boa escolha!"))
    assert legacy.passed and legacy.points == 1 and legacy.lines == ["Boa escolha!"]


# Notebooks whose checks compute, without training.
COMPUTED = ("04_avaliacao", "05_desafios", "06_prompt_vs_fine_tuning")
WITH_EXERCISES = ("02_preparacao_dataset", "03_treinamento", *COMPUTED)  # every notebook with a solved copy


def answer_cell_ids(notebook, stem: str) -> set[str]:
    exercises = exercises_of(stem)
    return {c.id for c in notebook.cells if c.cell_type == "code" and any(binds(c.source, e.answer)
                                                                         for e in exercises)}


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_solved_copy_is_the_student_notebook_with_answers(stem):
    """Only the title and the answer cells differ, so the teacher's copy follows the lesson's edits."""
    student = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    solved = nbformat.read(SOLVED / f"{stem}.ipynb", as_version=4)
    answers = answer_cell_ids(solved, stem)
    assert [c.id for c in solved.cells] == [c.id for c in student.cells]
    assert len(answers) == len(exercises_of(stem)) >= 1
    assert "SOLUÇÃO DO PROFESSOR" in solved.cells[0].source
    changed = {s.id for s, t in zip(solved.cells[1:], student.cells[1:], strict=True) if s.source != t.source}
    assert changed == answers


@pytest.mark.parametrize("stem", COMPUTED)
def test_plan_runs_only_the_parameters_and_the_answers(stem, tmp_path):
    notebook = nbformat.read(SOLVED / f"{stem}.ipynb", as_version=4)
    assert detect_notebook(notebook) == stem
    plan = make_plan(notebook, stem, GradingContext(), tmp_path)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    ran = {code[s.index].id for s in plan.steps if s.kind == "student"}
    parameters = next(c.id for c in code if "parameters" in c.metadata.get("tags", []))
    assert ran == answer_cell_ids(notebook, stem) | {parameters} and not plan.unanchored


@pytest.fixture(scope="module")
def graded_computed(tmp_path_factory):
    """The solved and the untouched notebooks 04, 05 and 06, graded in one batch."""
    subs = tmp_path_factory.mktemp("nb04a06") / "entregas"
    subs.mkdir()
    for stem in COMPUTED:
        (subs / f"professor_{stem[:2]}.ipynb").write_bytes((SOLVED / f"{stem}.ipynb").read_bytes())
        (subs / f"aluno_{stem[:2]}.ipynb").write_bytes((ROOT / "notebooks" / f"{stem}.ipynb").read_bytes())
    reports = run([subs], subs.parent / "notas.csv", {"context": GradingContext(), "limits": LIMITS,
                                                      "level": detect_isolation()}, jobs=2)
    return {r["aluno"]: r for r in reports}


@pytest.mark.slow
@pytest.mark.parametrize("stem", COMPUTED)
def test_solved_04_to_06_score_full_marks(graded_computed, stem):
    report = graded_computed[f"professor_{stem[:2]}"]
    maximum = float(len(exercises_of(stem)))
    assert totals(report) == (maximum, maximum), report["resultados"]
    assert set(report["resultados"]) == {e.id for e in exercises_of(stem)}


@pytest.mark.slow
@pytest.mark.parametrize("stem", COMPUTED)
def test_untouched_04_to_06_score_zero_as_not_done(graded_computed, stem):
    report = graded_computed[f"aluno_{stem[:2]}"]
    assert totals(report) == (0, len(exercises_of(stem)))
    assert {r["reason"] for r in report["resultados"].values()} == {"nao_feito"}
