"""How a submission's kernel is started: clean environment, namespaces where the machine allows.

Levels, strongest first (the CSV's `isolamento` column says which one graded each submission):
- "namespaces": unprivileged user, mount, PID and network namespaces (`unshare`): no network at
  all, the whole file system read-only except the submission's own folder, a private size-limited
  /tmp, the grader's files (home, submissions, outputs, solved notebooks) hidden behind empty
  mounts, and every process of the submission killed with the kernel;
- "rede": user and network namespaces only (mounts refused): no network, files unprotected;
- "audit": no namespaces at all: a Python audit hook in the kernel refuses sockets, and writes or
  deletions outside the submission's folder (a policy aid: code that calls C directly gets past it).
Every level adds the kernel's rlimits (ftlab.grading.boot) and the grader's memory watchdog.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--kill-child",
           "--mount-proc"]
FRESH = (Path("/tmp"), Path("/dev/shm"))  # replaced by empty private mounts in the namespaces
# The kernel gets SIGKILL when the grader dies, whatever the reason (setpriv is util-linux, like unshare).
DIE_WITH_GRADER = ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []


def probe(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.lru_cache(maxsize=1)
def detect_isolation() -> str:
    """The strongest level this machine allows (tried once per process)."""
    if sys.platform != "linux" or not shutil.which("unshare") or os.environ.get("FTLAB_GRADE_NO_NAMESPACES"):
        return "audit"
    if probe([*UNSHARE, "sh", "-c", "mount -o remount,bind,ro / && mount -t tmpfs tmpfs /tmp"]):
        return "namespaces"
    if probe(["unshare", "--user", "--map-root-user", "--net", "true"]):
        return "rede"
    return "audit"


def isolation_label(level: str) -> str:
    """What the CSV records: the level, plus the pids cgroup and the process guard where present."""
    from ftlab.grading.cgroup import pids_root

    return level + ("+cgroup-pids" if pids_root() else "") + "+audit-processos"


def clean_env(home: Path, work: Path) -> dict:
    """The kernel's whole environment: nothing inherited but PATH's system part."""
    bin_dir = str(Path(sys.executable).parent)
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(work / "tmp"),
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false", "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "HF_HOME": str(home / ".cache" / "huggingface"), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "FTLAB_GRADING": "1",
        "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def under(path: Path, parent: Path) -> bool:
    return path == parent or parent in path.parents


def mask_line(path: Path) -> str:
    """An empty mount over a folder, /dev/null over a file."""
    if path.is_dir():
        return f"mount -t tmpfs -o size=1m,mode=755 tmpfs {shlex.quote(str(path))}"
    return f"mount --bind /dev/null {shlex.quote(str(path))}"


def mount_script(work: Path, masks: list[Path], keeps: list[Path], tmp_mb: int) -> str:
    """Shell run inside the namespaces before the kernel: read-only system, private /tmp, masks."""
    keeps = list(dict.fromkeys(p.resolve() for p in keeps))
    # A course installed under /tmp (a clone in /tmp, CI) is bound back into the private /tmp: then
    # the masks below it must be applied again too.
    fresh_keeps = [k for k in keeps if any(under(k, t) for t in FRESH)]
    masks = [m for m in dict.fromkeys(p.resolve() for p in masks)
             if m.exists() and not under(work, m)
             and (not any(under(m, t) for t in FRESH) or any(under(m, k) for k in fresh_keeps))]
    keeps = [k for k in keeps if any(under(k, m) for m in masks) or k in fresh_keeps]
    inner = [m for m in masks if any(under(m, k) for k in keeps)]  # hidden again after the keeps
    outer = [m for m in masks if m not in inner and not any(m != o and under(m, o) for o in masks)]
    q = shlex.quote
    lines = ["set -e", f"cd {q(str(work))}",
             "awk '{print $5}' /proc/self/mountinfo | sort -u | while read -r mp; do",
             '  case "$mp" in /proc*|/dev*|/sys*) continue;; esac',
             '  mount -o remount,bind,ro "$mp" 2>/dev/null || true', "done"]
    lines += [f"exec {3 + i}<{q(str(k))}" for i, k in enumerate(keeps)]
    lines += [f"mount -t tmpfs -o size={tmp_mb}m,mode=1777 tmpfs /tmp",
              "mount -t tmpfs -o size=16m,mode=1777 tmpfs /dev/shm"]
    lines += [mask_line(m) for m in outer]
    for i, keep in enumerate(keeps):
        lines += [f"mkdir -p {q(str(keep))}",
                  f"mount --no-canonicalize --bind /proc/self/fd/{3 + i} {q(str(keep))}", f"exec {3 + i}<&-"]
    lines += [mask_line(m) for m in inner]
    lines += [f"mkdir -p {q(str(work))}", f"mount --no-canonicalize --bind . {q(str(work))}",
              f"mount -o remount,bind,rw {q(str(work))}"]
    lines += [f"mount -o remount,bind,ro {q(str(m))}" for m in outer + inner if m.is_dir()]
    lines += [f"cd {q(str(work))}", 'exec "$@"']
    return "\n".join(lines) + "\n"


def kernel_argv(level: str, work: Path, policy: Path, masks: list[Path], keeps: list[Path],
                tmp_mb: int) -> list[str]:
    """The kernelspec argv: the boot module, wrapped in unshare for the namespace levels."""
    boot = [sys.executable, "-s", "-m", "ftlab.grading.boot", str(policy), "-f", "{connection_file}"]
    if level == "namespaces":
        script = work / "run" / "montagens.sh"
        script.write_text(mount_script(work, masks, keeps, tmp_mb), encoding="utf-8")
        return [*DIE_WITH_GRADER, *UNSHARE, "sh", str(script), *boot]
    if level == "rede":
        return [*DIE_WITH_GRADER, "unshare", "--user", "--map-root-user", "--net", "--fork", "--kill-child",
                *boot]
    return [*DIE_WITH_GRADER, *boot]
