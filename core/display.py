"""How a computed number is written wherever it is shown (review page, timeline, CLI text, PDF).

One rule, so a score never reads 65.3333 in one place and 65.3 in another: whole values without
decimals, others to one decimal (the published scales are read to whole points; eFACE means and
measurements keep one decimal).
"""
from __future__ import annotations

import math

#: Decimals shown for a value that is not whole.
DECIMALS = 1


def number_text(value: float | int, digits: int = DECIMALS) -> str:
    """``18`` -> "18", ``65.3333`` -> "65.3", ``0.0`` -> "0"; infinities and NaN -> "not available"."""
    as_float = float(value)
    if not math.isfinite(as_float):
        return "not available"
    if as_float.is_integer():
        return f"{as_float:.0f}"
    text = f"{as_float:.{digits}f}"
    return "0" if float(text) == 0 else text
