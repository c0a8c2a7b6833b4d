"""Short texts the case browser shows for stored codes (sides, levels, statuses, dates).

Full segment names come from ``facialis.core.localize.SEGMENT_LABELS``; the short forms here only
fit a table column.
"""
from __future__ import annotations

from datetime import date, datetime

SHORT_SEGMENT: dict[str, str] = {
    "supranuclear": "Supranuclear",
    "pons": "Pons",
    "cpa": "CPA",
    "iac": "IAC",
    "labyrinthine": "Labyrinthine",
    "geniculate": "Geniculate",
    "tympanic": "Tympanic",
    "mastoid": "Mastoid",
    "stylomastoid": "Stylomastoid",
    "parotid": "Parotid",
    "branch": "Branch",
}
SIDES = {"right": "Right", "left": "Left", "bilateral": "Bilateral"}
STATUSES = {"draft": "Draft", "signed": "Signed", "superseded": "Superseded", "current": "Current"}


def side_text(side: str | None) -> str:
    return SIDES.get(side or "", side or "")


def level_text(level: str | None, *, full: bool = False) -> str:
    """One segment, or a range of candidates written ``first – last`` (``full``: every name)."""
    if not level:
        return ""
    parts = [p for p in level.split(",") if p]
    if full:
        from facialis.core.exam import Segment
        from facialis.core.localize import SEGMENT_LABELS  # the assessment's names: loaded when first asked

        return "; ".join(SEGMENT_LABELS.get(Segment(p), p) if p in SHORT_SEGMENT else p for p in parts)
    if len(parts) == 1:
        return SHORT_SEGMENT.get(parts[0], parts[0])
    return f"{SHORT_SEGMENT.get(parts[0], parts[0])} – {SHORT_SEGMENT.get(parts[-1], parts[-1])}"


def status_text(status: str, version_no: int = 1) -> str:
    text = STATUSES.get(status, status)
    return f"{text} (v{version_no})" if version_no > 1 else text


def exam_date_text(value: str | date | datetime | None) -> str:
    """``2026-10-06 16:00`` (or the date alone when no time is known)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if len(value) <= 10:
            return value
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def day_text(value: str | date | datetime | None) -> str:
    text = exam_date_text(value)
    return text[:10]
