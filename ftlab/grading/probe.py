"""The cell the grader injects after a student's answer: observe it, write plain JSON, nothing else.

The probe carries its own copy of the observation code (no ftlab import that the submission could
have patched), takes the cases as a JSON literal, and writes one file whose random name only this
cell knows, opened with O_EXCL. The grader reads and deletes the file before the next student cell
runs, and judges the observation in its own process.
"""

from __future__ import annotations

import inspect
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from ftlab.exercises import plain
from ftlab.exercises.registry import Exercise

PROBE_TEMPLATE = '''\
def _ftlab_probe(_ns=globals()):
    import json as _json
    import os as _os

{helpers}
    _name, _cases = {name!r}, _json.loads({cases!r})
    if _name not in _ns:
        _observation = {{"missing": True}}
    elif _cases is None:
        try:
            _observation = {{"value": to_plain(_ns[_name])}}
        except Exception as _err:
            _observation = {{"error": str(_err)[:300]}}
    else:
        _observation = {{"outputs": [observe_call(_ns[_name], tuple(_args)) for _args in _cases]}}
    _data = _json.dumps({{"exercise": {exercise!r}, "nonce": {nonce!r}, "observation": _observation}})
    _fd = _os.open({path!r}, _os.O_WRONLY | _os.O_CREAT | _os.O_EXCL, 0o600)
    with _os.fdopen(_fd, "w", encoding="utf-8") as _file:
        _file.write(_data)


_ftlab_probe()
del _ftlab_probe
'''


def helpers_source() -> str:
    """to_plain and observe_call, indented into the probe function."""
    source = inspect.getsource(plain.to_plain) + "\n" + inspect.getsource(plain.observe_call)
    return "\n".join("    " + line if line else "" for line in source.splitlines())


@dataclass(frozen=True)
class Probe:
    """One injected cell and the one-time file it answers through."""

    exercise: Exercise
    path: Path
    nonce: str
    source: str


def make_probe(exercise: Exercise, results_dir: Path) -> Probe:
    nonce = secrets.token_hex(16)
    path = results_dir / f"r-{secrets.token_hex(16)}.json"
    cases = [list(case.args) for case in exercise.cases] if exercise.kind == "function" else None
    source = PROBE_TEMPLATE.format(helpers=helpers_source(), name=exercise.answer, cases=json.dumps(cases),
                                   exercise=exercise.id, nonce=nonce, path=str(path))
    return Probe(exercise, path, nonce, source)


def read_observation(probe: Probe, max_bytes: int) -> dict | None:
    """The observation the probe wrote, or None when it is missing, too big or not ours. Deletes it."""
    try:
        if not probe.path.is_file() or probe.path.is_symlink() or probe.path.stat().st_size > max_bytes:
            return None
        data = json.loads(probe.path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        probe.path.unlink(missing_ok=True)
    valid = isinstance(data, dict) and data.get("exercise") == probe.exercise.id
    valid = valid and data.get("nonce") == probe.nonce and isinstance(data.get("observation"), dict)
    return data["observation"] if valid else None
