"""Words the wizard shows for choices: short button texts, anchors and the references behind them.

Scale anchors come from the scale modules (facialis.core.scales), the one place each table lives;
only plain wording of the exam's own choices (sides, courses, reflex states) is written here.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from facialis.core.scales import fngs2, house_brackmann, sunnybrook, yanagihara
from facialis.core.settings import YanagiharaVariant


@dataclass(frozen=True)
class Option:
    """One choice: the JSON value stored, the text on the button, the key that picks it, and the
    anchor (full descriptor) with its source for the tooltip and the line under the buttons."""

    value: Any
    text: str
    key: str = ""
    anchor: str = ""
    source: str = ""


YES_NO = (Option(True, "Yes", "Y"), Option(False, "No", "N"))
PRESENT_ABSENT = (Option(True, "Present", "P"), Option(False, "Absent", "A"))

#: Button texts for enum values where "value with spaces" does not read well.
_TEXT: dict[str, str] = {
    "within_72h": "Maximal within 72 h",
    "progressive": "Progressive over >72 h",
    "follow_up": "Follow-up",
    "recurrent_same_side": "Recurrent, same side",
    "recurrent_other_side": "Recurrent, other side",
    "eyelid_surgery": "Eyelid surgery done",
    "corner_pulled_up": "Corner pulled up/out",
    "complete_minimal_effort": "Complete, minimal effort",
    "complete_maximal_effort": "Complete only with maximal effort",
    "not_assessable": "Not assessable",
    "sensorineural_loss": "Sensorineural loss",
    "conductive_loss": "Conductive loss",
    "mixed_loss": "Mixed loss",
    "acute_otitis_media": "Acute otitis media",
    "chronic_otitis_or_cholesteatoma": "Chronic otitis / cholesteatoma",
    "canal_granulation": "Canal granulation",
    "other_abnormal": "Other abnormality",
    "same_side_as_face": "Same side as face",
    "opposite_side": "Opposite side",
    "skull_base": "Skull base",
    "marginal_mandibular": "Marginal mandibular",
    "less_pronounced": "Less pronounced",
    "more_pronounced": "More pronounced",
    "corner_drooped": "Corner drooped",
    "none": "None",
}

#: Keys that pick a choice where the first letter would clash within one field.
_KEYS: dict[str, str] = {
    "recurrent_same_side": "S",
    "recurrent_other_side": "O",
    "complete_maximal_effort": "M",
    "more_pronounced": "M",
    "less_pronounced": "L",
    "corner_pulled_up": "P",
    "mixed_loss": "M",
    "conductive_loss": "C",
    "other_abnormal": "O",
    "canal_granulation": "G",
    "chronic_otitis_or_cholesteatoma": "C",
    "opposite_side": "O",
    "same_side_as_face": "S",
    "bilateral": "B",
}


def text_for(value: Any) -> str:
    """The button text of an enum value."""
    raw = value.value if isinstance(value, Enum) else str(value)
    return _TEXT.get(raw, raw.replace("_", " ").capitalize())


def enum_options(enum: type[Enum], anchors: dict[str, str] | None = None, source: str = "") -> tuple[Option, ...]:
    """Options for every member of ``enum`` in declaration order, each with a unique key letter."""
    used: set[str] = set()
    options = []
    for member in enum:  # type: ignore[var-annotated]
        text = text_for(member)
        key = _KEYS.get(member.value, "")
        if not key or key in used:
            key = next((c.upper() for c in text if c.isalpha() and c.upper() not in used), "")
        used.add(key)
        anchor = (anchors or {}).get(member.value, "")
        options.append(Option(member.value, text, key, anchor, source if anchor else ""))
    return tuple(options)


# --- scale anchors (from the scale modules) -----------------------------------------------------


def fngs_region_options(region: str) -> tuple[Option, ...]:
    """FNGS 2.0 regional scores 1-6 with the anchor of each (reference 1.6.1)."""
    return tuple(
        Option(score, f"{score}  {fngs2.region_anchor(region, score)}", str(score),
               fngs2.region_anchor(region, score), fngs2.SOURCE)
        for score in range(fngs2.REGION_MIN, fngs2.REGION_MAX + 1)
    )


def fngs_secondary_options() -> tuple[Option, ...]:
    """FNGS 2.0 secondary movement 0-3 with anchors (reference 1.6.1)."""
    return tuple(
        Option(score, f"{score}  {fngs2.secondary_anchor(score)}", str(score), fngs2.secondary_anchor(score),
               fngs2.SOURCE)
        for score in range(fngs2.SECONDARY_MIN, fngs2.SECONDARY_MAX + 1)
    )


def hb_options() -> tuple[Option, ...]:
    """House-Brackmann grades I-VI with the 1985 descriptors (reference 1.2)."""
    options = []
    for number, (grade, info) in enumerate(house_brackmann.HB_GRADES.items(), start=1):
        anchor = (
            f"{info.label}. Gross: {info.gross}. At rest: {info.rest}. Forehead: {info.forehead}. "
            f"Eye: {info.eye}. Mouth: {info.mouth}."
        )
        options.append(Option(grade, grade, str(number), anchor, "clinical-reference 1.2 (House & Brackmann 1985)"))
    return tuple(options)


def sunnybrook_resting_anchors(item: str) -> dict[str, str]:
    """Points of each Sunnybrook resting option, shown as its anchor (reference 2.1)."""
    return {
        getattr(value, "value", value): f"Sunnybrook resting {item}: {points} point{'s' if points != 1 else ''}"
        for value, points in sunnybrook.RESTING_POINTS[item].items()
    }


#: Sunnybrook voluntary excursion anchors (reference 2.2). The scale module has no table of these
#: words, so they are kept here, once, with their source.
SUNNYBROOK_VOLUNTARY: dict[int, str] = {
    1: "Cannot start movement",
    2: "Starts slight movement",
    3: "Movement started, mild excursion",
    4: "Movement almost complete",
    5: "Movement complete",
}
#: Sunnybrook synkinesis anchors (reference 2.3).
SUNNYBROOK_SYNKINESIS: dict[int, str] = {
    0: "None",
    1: "Mild",
    2: "Moderate: obvious, not disfiguring",
    3: "Severe: disfiguring, gross mass movement",
}
SUNNYBROOK_SOURCE = "clinical-reference 2.2-2.3 (Ross, Fradet & Nedzelski 1996)"
#: Button texts: the anchor in a word or two (the full anchor is in the tooltip and under the row).
SUNNYBROOK_VOLUNTARY_SHORT: dict[int, str] = {
    1: "cannot start", 2: "slight", 3: "mild excursion", 4: "almost complete", 5: "complete",
}
SUNNYBROOK_SYNKINESIS_SHORT: dict[int, str] = {0: "none", 1: "mild", 2: "moderate", 3: "severe"}


def scored_options(anchors: dict[int, str], source: str, short: dict[int, str] | None = None) -> tuple[Option, ...]:
    """Numbered options; the button shows the number and, when given, the short anchor."""
    return tuple(
        Option(score, f"{score} {short[score]}" if short else str(score), str(score), text, source)
        for score, text in anchors.items()
    )


def yanagihara_options(variant: YanagiharaVariant) -> tuple[Option, ...]:
    """Yanagihara item levels of the configured variant (reference 4), 4 = normal first."""
    levels = yanagihara.LEVELS[variant]
    return tuple(
        Option(score, f"{score} {text}", str(score), text.capitalize(), yanagihara.SOURCE)
        for score, text in sorted(levels.items(), reverse=True)
    )
