"""Install ftlab on Colab without changing any package Colab already has, and import it at once.

Every notebook's setup cell runs this file with `runpy.run_path` on Colab only, before ftlab can be
imported, so it uses the standard library alone. What it does, re-runnable:

1. pins every installed distribution to its installed version (a pip constraints file), so that pip
   adds what Colab lacks and replaces nothing: Colab's kernel stack (ipykernel 6.17.1, ipython 7.34,
   notebook 6.5.7, ipywidgets 7.7.1, jupyter_client 7.4.9), torch and transformers stay as they are,
   and no restart is needed;
2. `pip install -e` the course folder (a later session after a restart finds it through the .pth file);
3. puts the course folder on `sys.path` now: an editable install is read only when Python starts, so
   without this `import ftlab` would fail until a restart;
4. changes the working directory to the course's notebooks/.

Tested offline in a Colab-like environment by tests/platforms/test_colab.py.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Plain public versions (1.2.3, 2.8.0+cu126, 1.0rc1, 0.1.post2): anything else is not pinned, since
# pip would refuse the whole constraints file for one odd line.
VERSION_RE = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9.]+)?$", re.IGNORECASE)
QUIET_PREFIXES = ("Requirement already satisfied", "Obtaining file", "Looking in", "Checking if build")


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): `Jupyter_Client` -> `jupyter-client`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """{name: version} of every installed distribution (the first one on sys.path wins, as for import)."""
    versions: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            versions.setdefault(canonical(name), dist.version)
    return versions


def constraints_text(versions: dict[str, str], leave_free=("ftlab",)) -> str:
    """A pip constraints file holding every distribution at its version (ftlab itself left free)."""
    lines = [f"{name}=={version}" for name, version in sorted(versions.items())
             if name not in leave_free and VERSION_RE.match(version)]
    return "\n".join(lines) + "\n"


def changed_versions(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """{name: (old, new)} for every distribution of `before` whose version changed or that went away."""
    return {name: (old, after.get(name)) for name, old in before.items()
            if name != "ftlab" and after.get(name) != old}


def pip_install(root: Path, constraints: Path) -> int:
    """`pip install -e root -c constraints`, printing pip's lines except the many 'already satisfied'."""
    command = [sys.executable, "-m", "pip", "install", "--progress-bar", "off", "-e", str(root),
               "-c", str(constraints)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if not line.startswith(QUIET_PREFIXES):
            print(line, end="", flush=True)
    return process.wait()


def make_importable(root: Path) -> None:
    """Let this very session `import ftlab` from `root` (no restart), and work from its notebooks/."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    notebooks = root / "notebooks"
    if notebooks.is_dir():
        os.chdir(notebooks)


def install(root: Path = ROOT) -> dict[str, tuple[str, str | None]]:
    """Steps 1-4 above; returns what pip changed anyway (empty when Colab's versions were all kept)."""
    before = installed_versions()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="colab-constraints-", delete=False) as file:
        file.write(constraints_text(before))
    try:
        status = pip_install(root, Path(file.name))
    finally:
        os.unlink(file.name)
    if status != 0:
        raise RuntimeError(f"A instalação do ftlab falhou (pip terminou com o código {status}); veja as "
                           "mensagens acima.")
    make_importable(root)
    changed = changed_versions(before, installed_versions())
    print(summary(changed))
    return changed


def summary(changed: dict[str, tuple[str, str | None]]) -> str:
    """The pt-BR closing line: all kept, or which versions pip changed and that a restart is needed."""
    if not changed:
        return "ftlab pronto: instalado sem trocar nenhuma versão do Colab (não precisa reiniciar)."
    listed = ", ".join(f"{name} {old} -> {new or 'removido'}" for name, (old, new) in sorted(changed.items()))
    return (f"Atenção: o pip trocou versões já instaladas ({listed}). Reinicie a sessão "
            "(Ambiente de execução > Reiniciar sessão) e rode as células de novo.")


if __name__ == "__main__":
    install()
