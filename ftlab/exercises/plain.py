"""Strict conversion of a student's answer to plain JSON data, before anything compares it.

An answer object could define `__eq__` to always return True, or subclass `str` to lie about its
value. Only exact built-in types pass (numpy scalars are unwrapped with `.item()`), so every
comparison afterwards runs on the course's own objects. Taught in every notebook with exercises.

`to_plain` and `observe_call` are self-contained on purpose: the grader copies their source into
the kernel it grades (ftlab.grading.probe), so nothing the submission patched in ftlab is used.
"""


def to_plain(value, depth=0):
    """value as None/bool/int/float/str/list/dict of those; TypeError for anything else."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if depth > 20:
        raise TypeError("estrutura aninhada demais")
    if kind.__module__ == "numpy" and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        return to_plain(value.item(), depth + 1)
    if kind in (list, tuple):
        return [to_plain(item, depth + 1) for item in value]
    if kind in (set, frozenset):
        return sorted((to_plain(item, depth + 1) for item in value), key=repr)
    if kind is dict:
        plain = {}
        for key, item in value.items():
            if type(key) not in (str, int):
                raise TypeError(f"chave do tipo {type(key).__name__} não é aceita")
            plain[str(key)] = to_plain(item, depth + 1)
        return plain
    raise TypeError(f"o tipo {kind.__name__} não é aceito como resposta")


def observe_call(fn, args):
    """{"value": plain} | {"error": "Type: msg"} | {"invalid": why} | {"not_done": True} for fn(*args)."""
    import copy

    try:
        got = fn(*copy.deepcopy(args))
    except NotImplementedError:
        return {"not_done": True}
    except Exception as err:  # noqa: BLE001 - the student's bug, reported instead of a traceback
        return {"error": f"{type(err).__name__}: {err}"[:300]}
    try:
        return {"value": to_plain(got)}
    except Exception as err:  # noqa: BLE001 - an object that is not plain data, whatever it raises
        return {"invalid": str(err)[:300]}
