"""Numbers as a Brazilian student reads them: one formatting of each kind for the whole course.

Taught everywhere a table or a sentence shows a measured number.
"""

from __future__ import annotations

import math


def pt_int(value: float) -> str:
    """A whole number with pt-BR digit grouping: 1234567 -> '1.234.567'."""
    return f"{round(value):,}".replace(",", ".")


def pt_decimal(value: float, digits: int = 2) -> str:
    """A decimal with a comma: 0.7134 -> '0,71' (digits after the comma)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def pt_plain(value: float) -> str:
    """A setting as it was written, with a comma: 0.002 -> '0,002', 0.1 -> '0,1' (no fixed digits)."""
    return f"{value:g}".replace(".", ",")


def pt_percent(fraction: float, digits: int = 0) -> str:
    """A share as a percentage: 0.0643 -> '6%' (digits=0) or '6,4%' (digits=1)."""
    return pt_decimal(100 * fraction, digits) + "%"


def lr_text(lr: float) -> str:
    """A learning rate, written one way in sliders, tables and legends: 0.0005 -> '5e-4'."""
    mantissa, exponent = f"{float(lr):.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"
