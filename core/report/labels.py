"""Words for values: what the report prints for enums, findings, grades and missing data.

``None`` is printed as "not assessed" everywhere, so a reader can tell an item nobody examined
from an item found normal and from a measured zero (design.md, "What the guided exam asks").
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from ..display import moment_text, number_text

NOT_ASSESSED = "not assessed"

# Labels where turning underscores into spaces does not read well.
_ENUM_LABELS: dict[str, str] = {
    "within_72h": "maximal within 72 h",
    "progressive": "progressive over more than 72 h",
    "follow_up": "follow-up",
    "recurrent_same_side": "recurrent, same side",
    "recurrent_other_side": "recurrent, other side",
    "eyelid_surgery": "eyelid surgery done",
    "corner_pulled_up": "corner pulled up/out",
    "complete_minimal_effort": "complete with minimal effort",
    "complete_maximal_effort": "complete only with maximal effort",
    "not_assessable": "not assessable",
    "sensorineural_loss": "sensorineural hearing loss",
    "conductive_loss": "conductive hearing loss",
    "mixed_loss": "mixed hearing loss",
    "acute_otitis_media": "acute otitis media",
    "chronic_otitis_or_cholesteatoma": "chronic otitis or cholesteatoma",
    "canal_granulation": "granulation in the ear canal",
    "other_abnormal": "other abnormality",
    "same_side_as_face": "same side as the facial weakness",
    "opposite_side": "opposite side to the facial weakness",
    "skull_base": "skull base",
    "marginal_mandibular": "marginal mandibular",
}

SEGMENT_LABELS: dict[str, str] = {
    "supranuclear": "Supranuclear",
    "pons": "Pons (nuclear/fascicular)",
    "cpa": "Cerebellopontine angle (cisternal)",
    "iac": "Internal auditory canal (meatal)",
    "labyrinthine": "Labyrinthine segment",
    "geniculate": "Geniculate ganglion",
    "tympanic": "Tympanic segment",
    "mastoid": "Mastoid segment",
    "stylomastoid": "Stylomastoid foramen",
    "parotid": "Parotid (extratemporal)",
    "branch": "Peripheral branch",
}

SIDE_LABELS = {"right": "Right", "left": "Left", "bilateral": "Bilateral"}


def enum_label(value: object) -> str:
    """A readable label for an enum member or its string value."""
    if value is None:
        return NOT_ASSESSED
    raw = value.value if isinstance(value, Enum) else str(value)
    return _ENUM_LABELS.get(raw, raw.replace("_", " "))


def finding(value: bool | None, *, yes: str = "present", no: str = "absent") -> str:
    """A symptom or sign: present / absent / not assessed."""
    if value is None:
        return NOT_ASSESSED
    return yes if value else no


def number(value: float | int | None, unit: str = "", *, digits: int = 1) -> str:
    """A measurement; 0 prints as 0, None as "not assessed"."""
    if value is None:
        return NOT_ASSESSED
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return f"{value} {unit}".rstrip()
    return f"{number_text(as_float, digits)} {unit}".rstrip()


def day(value: date | datetime | None) -> str:
    """ISO date (unambiguous across locales)."""
    if value is None:
        return NOT_ASSESSED
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def moment(value: datetime | None) -> str:
    """ISO date and time to the minute, in local time (the store signs in UTC)."""
    return moment_text(value, NOT_ASSESSED)


def side(value: object) -> str:
    if value is None:
        return NOT_ASSESSED
    raw = value.value if isinstance(value, Enum) else str(value)
    return SIDE_LABELS.get(raw, raw)


def segment(value: object) -> str:
    raw = value.value if isinstance(value, Enum) else str(value)
    return SEGMENT_LABELS.get(raw, raw.replace("_", " "))
