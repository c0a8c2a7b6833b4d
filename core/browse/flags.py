"""Red flags as the case list names them: a short name per flag for the column, the whole
wording and the findings behind it for the tooltip.

The list shows many exams at once, so a flag must fit a narrow column and still say which flag
it is: "red flags" alone sends the clinician into every exam to find out whether it is a stroke
pattern or a recurrence. The flags themselves (which exist, when they are present, their full
wording) are ``core.guidance.RED_FLAGS``; this table only abbreviates them, one entry per flag.

The summary column of the database holds only whether an exam has red flags; which ones is
read from the exam itself (parsed and assessed by ``core.assess``, as everywhere else), one exam
at a time and only for the exams the list shows.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..guidance import RedFlag

#: Short name of each red flag of clinical-reference 8.2 (key of ``core.guidance.RED_FLAGS`` ->
#: column text). Source of every flag: clinical-reference 8.2 ([S2]; single-branch palsy [S1]).
SHORT_NAMES: dict[str, str] = {
    "gradual": "Gradual or progressive",
    "sudden_with_neuro": "Stroke pattern",
    "no_improvement": "No recovery by 4 months",
    "recurrent_same_side": "Recurrent same side",
    "twitching": "Twitching",
    "other_cn_long_tract": "Other nerves or long tracts",
    "bilateral": "Bilateral",
    "branch_only": "Some branches only",
    "mass_pain": "Mass, skin cancer or pain",
    "otological": "Otological signs",
    "systemic": "Systemic signs",
    "trauma": "Trauma or surgery",
}
SOURCE = "clinical-reference 8.2"


@dataclass(frozen=True)
class FlagName:
    """One red flag of an exam: its key, short and full names, and the findings that raised it."""

    key: str
    short: str
    full: str
    findings: tuple[str, ...] = ()


def flag_names(flags: Iterable[RedFlag]) -> tuple[FlagName, ...]:
    """The assessment's red flags with their short names (a flag without one keeps its full name)."""
    return tuple(
        FlagName(flag.key, SHORT_NAMES.get(flag.key, flag.flag), flag.flag, tuple(flag.findings)) for flag in flags
    )


def short_text(names: Iterable[FlagName]) -> str:
    """``Stroke pattern, Bilateral``: what the column shows."""
    return ", ".join(name.short for name in names)


def full_text(names: Iterable[FlagName]) -> str:
    """Every flag in full with its findings, one per line (the column's tooltip)."""
    lines = [f"Red flags ({SOURCE}):"]
    for name in names:
        found = f" (found: {'; '.join(name.findings)})" if name.findings else ""
        lines.append(f"• {name.full}{found}")
    return "\n".join(lines)
