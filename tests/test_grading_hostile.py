"""`ftlab grade` against hostile submissions built from the solved notebook 02.

All submissions are graded in one batch (2 at a time, tight limits), then each test reads its row.
Every hostile one scores what it honestly completed; the grader, the other submissions and the
teacher's files come out untouched.
"""

from __future__ import annotations

import csv
import json
import socket
import threading
from pathlib import Path

import nbformat
import pytest

from ftlab.exercises.registry import GradingContext
from ftlab.grading.batch import run
from ftlab.grading.limits import Limits
from ftlab.grading.sandbox import detect_isolation, isolation_label

ROOT = Path(__file__).resolve().parents[1]
SOLVED = ROOT / "notebooks" / "solucoes" / "02_preparacao_dataset.ipynb"
STUDENT = ROOT / "notebooks" / "02_preparacao_dataset.ipynb"
EXERCISES = ("02_duplicatas", "02_anonimizacao", "02_formatacao")
ANSWER = {"02_duplicatas": "def remover_duplicatas", "02_anonimizacao": "def anonimizar",
          "02_formatacao": "def formatar"}
SECRET = "SEGREDO-DO-PROFESSOR-4711"
TEST_LIMITS = Limits(notebook_s=150, cell_s=25, cpu_s=240, rss_mb=1200, processes=24, restarts=3)

pytestmark = pytest.mark.slow


def answer_cell(notebook, exercise: str):
    return next(c for c in notebook.cells if c.cell_type == "code" and ANSWER[exercise] in c.source)


def variant(source: Path, edits: dict[str, callable]) -> nbformat.NotebookNode:
    """A copy of `source` whose answer cells are rewritten by edits[exercise](cell_source)."""
    notebook = nbformat.read(source, as_version=4)
    for exercise, edit in edits.items():
        cell = answer_cell(notebook, exercise)
        cell.source = edit(cell.source)
    return notebook


def prepend(code: str):
    return lambda source: code + "\n" + source


LOOP = """    while True:
        pass
"""
MEMORY_BOMB = """_lixo = []
while True:
    _lixo.append(b"x" * (64 * 2**20))
"""
FORK_BOMB = """import ctypes
import os
import time

try:
    os.fork()  # refused by the grader's audit hook
except OSError:
    pass
_libc = ctypes.CDLL(None)  # past the hook: bounded here, so that a broken sandbox cannot freeze the host
for _ in range(40):
    if _libc.fork() == 0:
        time.sleep(120)
        os._exit(0)
"""
WRITE_OUTSIDE = """for _alvo in {targets!r}:
    try:
        open(_alvo, "w").write("x")
    except OSError:
        pass
"""
DELETE = """import shutil
for _alvo in {targets!r}:
    shutil.rmtree(_alvo, ignore_errors=True)
"""
NETWORK = """import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=3).sendall(b"oi")
except OSError:
    pass
"""
READ_SECRET = """    try:
        return [open({secret!r}).read()]
    except OSError as erro:
        return [str(erro)]
"""
ALWAYS_EQUAL = """    class Igual(str):
        def __eq__(self, outro):
            return True
        __hash__ = str.__hash__
    return Igual("qualquer coisa")
"""
HIDE_TRACEBACKS = """get_ipython().showtraceback = lambda *args, **kwargs: None
"""
PRINTED_SUCCESS = """
print("✅ Tudo certo (02_duplicatas): 1/1")
print("6/6 casos certos.")
"""
TAMPERED_CHECK = """import json

import ftlab.exercises.registry as registro
from ftlab.exercises import CheckResult

registro.Exercise.judge = lambda self, obs, ctx=None: CheckResult(exercise=self.id, passed=True, points=1)
json.dumps = lambda *args, **kwargs: '{"exercise": "02_formatacao", "observation": {"value": 1}}'


def check_format(fn, show=True):
    print("✅ Tudo certo (02_formatacao): 1/1")
"""


def hostile_notebooks(paths: dict) -> dict[str, nbformat.NotebookNode]:
    start = "    vistas, resultado = set(), []\n"
    return {
        "solucao": variant(SOLVED, {}),
        "aluno_sem_fazer": variant(STUDENT, {}),
        "laco_infinito": variant(SOLVED, {"02_duplicatas": lambda s: s.replace(start, LOOP + start)}),
        "bomba_de_memoria": variant(SOLVED, {"02_anonimizacao": prepend(MEMORY_BOMB)}),
        "bomba_de_fork": variant(SOLVED, {"02_formatacao": prepend(FORK_BOMB)}),
        "escreve_fora": variant(SOLVED, {"02_duplicatas": prepend(WRITE_OUTSIDE.format(
            targets=[str(paths["outside"] / "invadido.txt"), str(ROOT / "INVADIDO.txt")]))}),
        "apaga_arquivos": variant(SOLVED, {"02_duplicatas": prepend(DELETE.format(
            targets=[str(paths["subs"]), str(paths["decoy"])]))}),
        "rede": variant(SOLVED, {"02_duplicatas": prepend(NETWORK.format(port=paths["port"]))}),
        "le_arquivos_do_professor": variant(SOLVED, {"02_duplicatas": lambda s: s.replace(
            "    return resultado\n", READ_SECRET.format(secret=str(paths["secret"])))}),
        "eq_sempre_verdadeiro": variant(SOLVED, {"02_formatacao": lambda s: s.replace(
            "    return json.dumps(exemplo, ensure_ascii=False)\n", ALWAYS_EQUAL)}),
        "showtraceback": variant(SOLVED, {"02_anonimizacao": lambda s: HIDE_TRACEBACKS + s.replace(
            '    texto = EMAIL.sub("[EMAIL]", texto)', '    raise ValueError("escondido")')}),
        "sucesso_impresso": variant(STUDENT, {"02_duplicatas": lambda s: s + PRINTED_SUCCESS}),
        "saidas_editadas": with_fake_outputs(variant(STUDENT, {})),
        "celula_adulterada": variant(STUDENT, {"02_formatacao": lambda s: TAMPERED_CHECK + s.replace(
            "from ftlab.exercises import check_format", "")}),
    }


def with_fake_outputs(notebook):
    for exercise in EXERCISES:
        cell = answer_cell(notebook, exercise)
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                               text=f"✅ Tudo certo ({exercise}): 1/1\n")]
    return notebook


class Listener(threading.Thread):
    """A TCP server on the host's loopback that counts connections (none may arrive)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port, self.connections = self.server.getsockname()[1], 0

    def run(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostis")
    subs, outside, results = base / "entregas", base / "fora", base / "resultado"
    for folder in (subs, outside, results):
        folder.mkdir()
    secret, decoy = subs / ".gabarito.txt", base / "curso"
    secret.write_text(SECRET, encoding="utf-8")
    decoy.mkdir()
    (decoy / "aula.txt").write_text("conteúdo", encoding="utf-8")
    listener = Listener()
    listener.start()
    notebooks = hostile_notebooks({"port": listener.port, "outside": outside, "secret": secret, "subs": subs,
                                  "decoy": decoy})
    for name, notebook in notebooks.items():
        nbformat.write(notebook, subs / f"{name}.ipynb")
    (subs / "nao_e_notebook.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n isto nao e um notebook")
    before = sorted(p.name for p in subs.iterdir())
    out = results / "notas.csv"
    settings = {"context": GradingContext("ci", 0, "tiny"), "limits": TEST_LIMITS,
                "level": detect_isolation(), "notebook": None}
    run([subs], out, settings, jobs=2)
    listener.server.close()
    with open(out, encoding="utf-8") as handle:
        rows = {row["aluno"]: row for row in csv.DictReader(handle)}
    log = json.loads(out.with_suffix(".log.json").read_text(encoding="utf-8"))
    return {"rows": rows, "log": {s["aluno"]: s for s in log["submissoes"]}, "listener": listener,
            "subs": subs, "before": before, "outside": outside, "out": out, "secret": secret, "decoy": decoy}


def points(graded, name):
    return tuple(float(graded["rows"][name][e]) for e in EXERCISES)


def reasons(graded, name):
    return tuple(graded["log"][name]["resultados"][e]["reason"] for e in EXERCISES)


def test_solved_notebook_scores_full_marks(graded):
    assert points(graded, "solucao") == (1, 1, 1)
    assert graded["rows"]["solucao"]["total"] == graded["rows"]["solucao"]["maximo"] == "3"


def test_untouched_student_notebook_scores_zero_as_not_done(graded):
    assert points(graded, "aluno_sem_fazer") == (0, 0, 0)
    assert reasons(graded, "aluno_sem_fazer") == ("nao_feito",) * 3


@pytest.mark.parametrize("name, hit, reason", [
    ("laco_infinito", "02_duplicatas", "tempo_esgotado"),
    ("bomba_de_memoria", "02_anonimizacao", "memoria"),
    ("bomba_de_fork", "02_formatacao", "processos"),
])
def test_fatal_cell_zeroes_its_exercise_only(graded, name, hit, reason):
    got = dict(zip(EXERCISES, points(graded, name), strict=True))
    assert got.pop(hit) == 0 and set(got.values()) == {1}
    assert graded["log"][name]["resultados"][hit]["reason"] == reason
    assert graded["log"][name]["reinicios"] >= 1


def test_writing_outside_its_folder_changes_nothing(graded):
    assert points(graded, "escreve_fora") == (1, 1, 1)  # what it honestly completed
    assert not (graded["outside"] / "invadido.txt").exists() and not (ROOT / "INVADIDO.txt").exists()


def test_deleting_files_spares_the_class_and_the_course(graded):
    assert sorted(p.name for p in graded["subs"].iterdir()) == graded["before"]
    assert (graded["decoy"] / "aula.txt").exists()
    assert len(graded["rows"]) == len([name for name in graded["before"] if not name.startswith(".")])


def test_network_is_unreachable(graded):
    assert graded["listener"].connections == 0
    assert points(graded, "rede") == (1, 1, 1)


def test_grader_files_cannot_be_read(graded):
    assert points(graded, "le_arquivos_do_professor")[0] == 0
    feedback = graded["out"].with_name("notas_feedback") / "le_arquivos_do_professor.ipynb.txt"
    everything = feedback.read_text(encoding="utf-8") + graded["out"].read_text(encoding="utf-8")
    assert SECRET not in everything


@pytest.mark.parametrize("name, expected", [
    ("eq_sempre_verdadeiro", (1, 1, 0)),
    ("showtraceback", (1, 0, 1)),
    ("sucesso_impresso", (0, 0, 0)),
    ("saidas_editadas", (0, 0, 0)),
    ("celula_adulterada", (0, 0, 0)),
])
def test_tricks_do_not_earn_points(graded, name, expected):
    assert points(graded, name) == expected


def test_not_a_notebook_is_unreadable(graded):
    assert graded["rows"]["nao_e_notebook"]["status"] == "ilegivel"
    assert graded["rows"]["nao_e_notebook"]["total"] == "0"


def test_csv_says_which_isolation_was_used(graded):
    assert {row["isolamento"] for row in graded["rows"].values()} == {isolation_label(detect_isolation())}
    assert all(len(s["sha256"]) == 64 for s in graded["log"].values())
