"""FNGS 2.0 (Facial Nerve Grading System 2.0, Vrabec et al. 2009): regional scores to a grade I-VI.

Reference 1.6.1. Four regions (brow, eye, nasolabial fold, oral) are each scored 1 (normal) to
6 (no movement); a secondary-movement score 0-3 is added; the total maps to a grade I-VI. The
regional anchors, the secondary-movement wording and the intermediate cut-points are tagged
[UNVERIFIED] in the reference (only the 4-24 range, I = 4 and VI = 24 were confirmed), so each lives
once in a table below and a correction is a one-line change.

Completeness (a decision, documented here because the reference is silent): the total and the
grade need all five items. When secondary movement is not assessed the result gives no total and
no grade, but exposes ``regional_sum`` and the grades the missing item still allows
(``possible_grades``). Why strict rather than assuming "no synkinesis":

- not assessed is not zero: synkinesis appears months after onset, exactly at the follow-up visits
  where it moves the grade (regional sum 9 is grade II with secondary 0 but III with secondary 1);
- recording 0 costs the clinician one click ("mark rest of page normal"), while a silent 0 would
  print a grade that nobody checked;
- the House-Brackmann suggestion still gets a grade from the hard anchors where they decide
  (no movement anywhere means VI), and ``possible_grades`` shows when the missing score cannot
  change the grade.
"""
from __future__ import annotations

from typing import Final

from ..exam.models import FaceFindings
from ..explain import ScaleResult, ScoredItem, cite
from ._common import join_labels, side_name

SCALE: Final = "FNGS 2.0"
SOURCE: Final = cite("1.6.1", "Vrabec et al. 2009, Table 1; anchors and intermediate cut-points unverified")

#: The four regions, in the order of the form (reference 1.6.1).
REGIONS: Final = ("brow", "eye", "nlf", "oral")
REGION_LABELS: Final = {"brow": "Brow", "eye": "Eye", "nlf": "Nasolabial fold", "oral": "Oral"}
#: Where each region's score is kept in the exam (``FaceFindings.voluntary``).
REGION_FIELDS: Final = {"brow": "fngs_brow", "eye": "fngs_eye", "nlf": "fngs_nlf", "oral": "fngs_oral"}
SECONDARY_LABEL: Final = "Secondary movement (synkinesis)"

#: Regional anchors, one row per score as in the reference table (1.6.1, Vrabec 2009 Table 1,
#: [UNVERIFIED] wording, paraphrased).
REGION_ANCHORS: Final[dict[int, dict[str, str]]] = {
    1: {"brow": "Normal", "eye": "Normal", "nlf": "Normal", "oral": "Normal"},
    2: {
        "brow": "Slight weakness, >75% of normal",
        "eye": "Slight weakness, >75% of normal; complete closure with mild effort",
        "nlf": "Slight weakness, >75% of normal",
        "oral": "Slight weakness, >75% of normal",
    },
    3: {
        "brow": "Obvious weakness, >50% of normal; resting symmetry",
        "eye": "Obvious weakness, >50% of normal; complete closure with maximal effort",
        "nlf": "Obvious weakness, >50% of normal; resting symmetry",
        "oral": "Obvious weakness, >50% of normal; resting symmetry",
    },
    4: {
        "brow": "Asymmetry at rest; <50% of normal",
        "eye": "<50% of normal; cannot close completely",
        "nlf": "Asymmetry at rest; <50% of normal",
        "oral": "Asymmetry at rest; <50% of normal",
    },
    5: {"brow": "Trace movement", "eye": "Trace movement", "nlf": "Trace movement", "oral": "Trace movement"},
    6: {"brow": "No movement", "eye": "No movement", "nlf": "No movement", "oral": "No movement"},
}

#: Secondary movement anchors (1.6.1, [UNVERIFIED] wording).
SECONDARY_ANCHORS: Final[dict[int, str]] = {
    0: "None",
    1: "Slight synkinesis; minimal contracture",
    2: "Obvious synkinesis; mild to moderate contracture",
    3: "Disfiguring synkinesis; severe contracture",
}

#: Total (regional sum + secondary) to grade: (lowest total, highest total, grade) (1.6.1; the end
#: points I = 4 and VI = 24 are confirmed, the intermediate cut-points are [UNVERIFIED]). Totals 25-27
#: occur only with secondary movement; the reference leaves them unverified and they are graded VI
#: here, with a note on the result.
TOTAL_TO_GRADE: Final[tuple[tuple[int, int, str], ...]] = (
    (4, 4, "I"),
    (5, 9, "II"),
    (10, 14, "III"),
    (15, 19, "IV"),
    (20, 23, "V"),
    (24, 27, "VI"),
)
#: Highest total whose grading the reference confirms (1.6.1: "grade VI = 24").
VERIFIED_MAX_TOTAL: Final = 24

REGION_MIN, REGION_MAX = min(REGION_ANCHORS), max(REGION_ANCHORS)
SECONDARY_MIN, SECONDARY_MAX = min(SECONDARY_ANCHORS), max(SECONDARY_ANCHORS)
MIN_TOTAL: Final = TOTAL_TO_GRADE[0][0]
MAX_TOTAL: Final = TOTAL_TO_GRADE[-1][1]


class Fngs2Result(ScaleResult):
    """FNGS 2.0 for one half of the face: the regional scores, the total and the grade.

    ``total`` and ``grade`` are None unless all five items were assessed; ``regional_sum`` is given
    as soon as the four regions are; ``possible_grades`` lists the grades the entered items still
    allow (one grade when complete, I-VI when nothing was entered).
    """

    regions: dict[str, int | None]
    secondary: int | None = None
    regional_sum: int | None = None
    total: int | None = None
    possible_grades: list[str]
    anchors: dict[str, str] = {}


def region_anchor(region: str, score: int) -> str:
    """The anchor text of one regional score, for the GUI and the PDF (1.6.1)."""
    if region not in REGION_LABELS:
        raise ValueError(f"unknown FNGS 2.0 region {region!r}; expected one of {', '.join(REGIONS)}")
    if score not in REGION_ANCHORS:
        raise ValueError(f"FNGS 2.0 regional score must be {REGION_MIN}-{REGION_MAX}, not {score!r}")
    return REGION_ANCHORS[score][region]


def secondary_anchor(score: int) -> str:
    """The anchor text of one secondary-movement score (1.6.1)."""
    if score not in SECONDARY_ANCHORS:
        raise ValueError(f"FNGS 2.0 secondary movement must be {SECONDARY_MIN}-{SECONDARY_MAX}, not {score!r}")
    return SECONDARY_ANCHORS[score]


def grade_for_total(total: int) -> str:
    """The grade (roman numeral) of an FNGS 2.0 total, from ``TOTAL_TO_GRADE``."""
    for low, high, grade in TOTAL_TO_GRADE:
        if low <= total <= high:
            return grade
    raise ValueError(f"FNGS 2.0 total must be {MIN_TOTAL}-{MAX_TOTAL}, not {total!r}")


def _rule_text() -> str:
    def band(low: int, high: int, grade: str) -> str:
        if low == high:
            return f"{grade} = {low}"
        if high == MAX_TOTAL:
            return f"{grade} = {low} or more"
        return f"{grade} = {low}-{high}"

    bands = ", ".join(band(low, high, grade) for low, high, grade in TOTAL_TO_GRADE)
    return (
        f"Total = brow + eye + nasolabial fold + oral ({REGION_MIN}-{REGION_MAX} each) + secondary movement "
        f"({SECONDARY_MIN}-{SECONDARY_MAX}); grade by total: {bands}."
    )


RULE: Final = _rule_text()


def _grade_span(low_total: int, high_total: int) -> list[str]:
    grades: list[str] = []
    for low, high, grade in TOTAL_TO_GRADE:
        if low <= high_total and high >= low_total:
            grades.append(grade)
    return grades


def score_fngs2(findings: FaceFindings, side: str | None = None) -> Fngs2Result:
    """Score FNGS 2.0 for one half of the face; never raises on a valid ``FaceFindings``."""
    voluntary = findings.voluntary
    regions: dict[str, int | None] = {region: getattr(voluntary, REGION_FIELDS[region]) for region in REGIONS}
    secondary = findings.sequelae.fngs_secondary

    items = [
        ScoredItem(name=REGION_FIELDS[region], label=REGION_LABELS[region], value=score, points=score)
        for region, score in regions.items()
    ]
    items.append(ScoredItem(name="fngs_secondary", label=SECONDARY_LABEL, value=secondary, points=secondary))
    anchors = {region: region_anchor(region, score) for region, score in regions.items() if score is not None}
    if secondary is not None:
        anchors["secondary"] = secondary_anchor(secondary)

    missing = [REGION_LABELS[region] for region, score in regions.items() if score is None]
    if secondary is None:
        missing.append(SECONDARY_LABEL)

    entered = [score for score in regions.values() if score is not None]
    regional_sum = sum(entered) if len(entered) == len(REGIONS) else None
    missing_regions = len(REGIONS) - len(entered)
    low_total = sum(entered) + REGION_MIN * missing_regions + (secondary if secondary is not None else SECONDARY_MIN)
    high_total = sum(entered) + REGION_MAX * missing_regions + (secondary if secondary is not None else SECONDARY_MAX)
    possible = _grade_span(low_total, high_total)

    subscores: dict[str, float] = {}
    if regional_sum is not None:
        subscores["regional_sum"] = regional_sum
    if secondary is not None:
        subscores["secondary"] = secondary

    notes: list[str] = []
    complete = not missing
    total: int | None = None
    grade: str | None = None
    if regional_sum is not None and secondary is not None:
        total = regional_sum + secondary
        grade = grade_for_total(total)
        if total > VERIFIED_MAX_TOTAL:
            notes.append(
                f"Total {total} is above {VERIFIED_MAX_TOTAL}, possible only with secondary movement; graded "
                f"{grade} here, but the reference leaves the grading of totals above {VERIFIED_MAX_TOTAL} "
                f"unverified [1.6.1]."
            )
    else:
        span = possible[0] if len(possible) == 1 else f"{possible[0]} to {possible[-1]}"
        if regional_sum is not None:
            notes.append(
                f"Secondary movement not assessed: regional sum {regional_sum}; with secondary movement "
                f"{SECONDARY_MIN}-{SECONDARY_MAX} the total would be {low_total}-{high_total} (grade {span}). "
                f"No total or grade until it is assessed."
            )
        else:
            notes.append(
                f"Not assessed: {join_labels(missing)}. No total or grade; the entered scores allow grade {span}."
            )

    return Fngs2Result(
        scale=SCALE,
        side=side_name(side),
        complete=complete,
        missing=missing,
        items=items,
        subscores=subscores,
        total=total,
        grade=grade,
        rule=RULE,
        source=SOURCE,
        notes=notes,
        regions=regions,
        secondary=secondary,
        regional_sum=regional_sum,
        possible_grades=possible,
        anchors=anchors,
    )
