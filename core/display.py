"""How a computed number or a moment is written wherever it is shown (review page, timeline, CLI text, PDF).

One rule, so a score never reads 65.3333 in one place and 65.3 in another: whole values without
decimals, others to one decimal (the published scales are read to whole points; eFACE means and
measurements keep one decimal).
"""
from __future__ import annotations

import math
from datetime import datetime

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


def moment_text(value: datetime | str | None, empty: str = "") -> str:
    """A date and time to the minute in this computer's local time: a time with an offset (the
    store's UTC times, an imported file's) is converted, one without is already local (the
    wizard's). ISO text is read first. ``empty`` for None."""
    if value is None or value == "":
        return empty
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
