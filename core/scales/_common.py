"""Small helpers shared by the scale modules (no clinical content lives here)."""
from __future__ import annotations

from enum import Enum
from typing import Any, Iterable


def side_name(side: Any) -> str | None:
    """The side as a plain string (``FaceSide.right`` and ``"right"`` both give ``"right"``)."""
    if side is None:
        return None
    if isinstance(side, Enum):
        return str(side.value)
    return str(side)


def plain(value: Any) -> Any:
    """An entered value as shown in a result: enum members become their string value."""
    if isinstance(value, Enum):
        return value.value
    return value


def join_labels(labels: Iterable[str]) -> str:
    """``a, b and c`` for lists shown to clinicians."""
    labels = list(labels)
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def bilateral_comparison_note(scale: str, sections: str) -> str:
    """Why a side-to-side comparison scale is uncertain in bilateral palsy (design.md, page 4)."""
    return (
        f"Bilateral palsy: {scale} compares the affected side with a normal other side; here neither "
        f"side is normal, so the score assumes a normal side and can understate symmetric weakness "
        f"[{sections}, 6.4]."
    )
