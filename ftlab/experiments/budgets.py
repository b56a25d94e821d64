"""Choosing an experiment's size by name ("aula" for the class, "ci" for the tests).

Taught in every notebook's parameters cell (BUDGET).
"""

from __future__ import annotations

from ftlab.errors import SettingsError

__all__ = ["SettingsError", "pick_budget"]


def pick_budget(budgets: dict, name: str):
    """The entry of `budgets` called `name`, with a pt-BR message for an unknown one."""
    if name not in budgets:
        raise SettingsError(f"BUDGET desconhecido: {name!r}. Use um de: {', '.join(budgets)}.")
    return budgets[name]
