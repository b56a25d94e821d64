"""The Colab setup cell and its installer (ftlab/colab_setup.py), without Colab.

The real install, in an environment with Colab's pinned versions, is tests/platforms/test_colab.py.
"""

from __future__ import annotations

import os
import sys

import pytest

from ftlab import colab_setup
from ftlab.notebook_sync import colab_link, setup_cell_source

REPO = "https://github.com/ftlab-curso/ftlab"


def test_constraints_pin_every_installed_version_but_leave_ftlab_free():
    text = colab_setup.constraints_text({"ipykernel": "6.17.1", "torch": "2.8.0+cu126", "ftlab": "0.1.0",
                                         "odd": "not a version"})
    assert text.splitlines() == ["ipykernel==6.17.1", "torch==2.8.0+cu126"]


def test_installed_versions_use_pip_names():
    versions = colab_setup.installed_versions()
    assert versions["jupyter-client"]  # installed as jupyter_client, compared as pip does
    assert all(name == colab_setup.canonical(name) for name in versions)


def test_changed_versions_and_summary():
    before = {"ipykernel": "6.17.1", "ipython": "7.34.0", "ftlab": "0.0.1"}
    after = {"ipykernel": "7.4.0", "ipython": "7.34.0", "ftlab": "0.1.0", "peft": "0.13.0"}
    changed = colab_setup.changed_versions(before, after)
    assert changed == {"ipykernel": ("6.17.1", "7.4.0")}
    assert "ipykernel 6.17.1 -> 7.4.0" in colab_setup.summary(changed)
    assert "Reinicie" in colab_setup.summary(changed)
    assert "sem trocar" in colab_setup.summary({})


def test_make_importable_puts_the_course_on_sys_path_and_enters_notebooks(tmp_path, monkeypatch):
    (tmp_path / "pacote_de_teste_colab").mkdir()
    (tmp_path / "pacote_de_teste_colab" / "__init__.py").write_text("VALOR = 42\n")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(os.getcwd())
    for _ in range(2):  # re-runnable: the second call adds nothing
        colab_setup.make_importable(tmp_path)
    assert sys.path.count(str(tmp_path)) == 1
    assert os.getcwd() == str(tmp_path / "notebooks")
    import pacote_de_teste_colab

    assert pacote_de_teste_colab.VALOR == 42
    del sys.modules["pacote_de_teste_colab"]


def test_setup_cell_is_valid_ipython_and_guards_the_clone():
    from IPython.core.inputtransformer2 import TransformerManager

    source = setup_cell_source(REPO, folder="/content/ftlab")
    python = TransformerManager().transform_cell(source)
    compile(python, "setup", "exec")
    assert 'if not os.path.isdir("/content/ftlab")' in source
    assert f"git clone -q --depth 1 {REPO} /content/ftlab" in source
    assert 'runpy.run_path("/content/ftlab/ftlab/colab_setup.py"' in source
    assert "%pip" not in source  # pip runs inside colab_setup.py, with Colab's versions held


def test_setup_cell_does_nothing_off_colab(monkeypatch):
    from IPython.core.inputtransformer2 import TransformerManager

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    python = TransformerManager().transform_cell(setup_cell_source(REPO, folder="/nao/existe"))
    namespace = {"get_ipython": lambda: pytest.fail("the cell ran a shell command off Colab")}
    exec(compile(python, "setup", "exec"), namespace)


def test_colab_link_is_a_text_link():
    link = colab_link(REPO, "03_treinamento.ipynb")
    assert link == ("[Abrir no Colab](https://colab.research.google.com/github/ftlab-curso/ftlab/blob/main/"
                    "notebooks/03_treinamento.ipynb)")
    assert "![" not in link  # no image: renders offline too
