"""Sunnybrook Facial Grading System (Ross, Fradet & Nedzelski 1996), exactly as published.

Reference 2.1-2.4. Resting symmetry points x 5 (0-20, higher = worse); voluntary movement of five
expressions 1-5, sum x 4 (20-100, higher = better); synkinesis of the same five 0-3, plain sum
(0-15, higher = worse); composite = voluntary - resting - synkinesis.

The composite is never clamped: its arithmetic minimum is 20 - 20 - 15 = -15 although the published
range is 0-100 (2.4 implementation note). A negative composite is shown as computed, with a note,
so the printed number can always be re-added from the printed items.

Item ``points`` are the raw points written on the form (resting 0-2, voluntary 1-5, synkinesis 0-3);
the weights are applied to the sums, as on the published sheet.
"""
from __future__ import annotations

from typing import Final

from ..exam.enums import RestingCheek, RestingEye, RestingMouth
from ..exam.models import FaceFindings, SunnybrookExpressions
from ..explain import ScaleResult, ScoredItem, cite
from ._common import bilateral_comparison_note, plain, side_name

SCALE: Final = "Sunnybrook"
SOURCE: Final = cite("2.1-2.4", "Ross, Fradet & Nedzelski 1996")

#: Resting symmetry items and their points (2.1).
RESTING_LABELS: Final = {
    "eye": "Resting eye (palpebral fissure)",
    "cheek": "Resting cheek (nasolabial fold)",
    "mouth": "Resting mouth",
}
RESTING_POINTS: Final[dict[str, dict[object, int]]] = {
    "eye": {
        RestingEye.normal: 0,
        RestingEye.narrow: 1,
        RestingEye.wide: 1,
        RestingEye.eyelid_surgery: 1,
    },
    "cheek": {
        RestingCheek.normal: 0,
        RestingCheek.absent: 2,
        RestingCheek.less_pronounced: 1,
        RestingCheek.more_pronounced: 1,
    },
    "mouth": {
        RestingMouth.normal: 0,
        RestingMouth.corner_drooped: 1,
        RestingMouth.corner_pulled_up: 1,
    },
}

#: The five standard expressions (2.2), keyed as in ``SunnybrookExpressions``.
EXPRESSIONS: Final = {
    "brow_raise": "Forehead wrinkle (brow raise)",
    "gentle_eye_closure": "Gentle eye closure",
    "open_mouth_smile": "Open-mouth smile",
    "snarl": "Snarl (show upper teeth)",
    "lip_pucker": "Lip pucker",
}

#: Weights of the three sub-scores (2.1, 2.2, 2.3; "weights 5, 4, 1" in 2.4).
RESTING_WEIGHT: Final = 5
VOLUNTARY_WEIGHT: Final = 4
SYNKINESIS_WEIGHT: Final = 1
#: The published composite range (2.4); values outside it are shown, with a note, never clamped.
PUBLISHED_COMPOSITE_RANGE: Final = (0, 100)

RULE: Final = (
    f"Composite = voluntary movement (sum of 5 expressions 1-5, x {VOLUNTARY_WEIGHT}) - resting symmetry "
    f"(sum of eye, cheek and mouth points, x {RESTING_WEIGHT}) - synkinesis (sum of 5 expressions 0-3, "
    f"x {SYNKINESIS_WEIGHT}); published range {PUBLISHED_COMPOSITE_RANGE[0]}-{PUBLISHED_COMPOSITE_RANGE[1]}, "
    f"shown unclamped."
)


class SunnybrookResult(ScaleResult):
    """Sunnybrook for one half of the face: weighted sub-scores and the unclamped composite.

    A sub-score is given when its own items are all assessed; the composite (also ``total``) only
    when all 13 items are.
    """

    resting: int | None = None
    voluntary: int | None = None
    synkinesis: int | None = None
    composite: int | None = None


def score_sunnybrook(findings: FaceFindings, side: str | None = None, *, bilateral: bool = False) -> SunnybrookResult:
    """Score Sunnybrook for one half of the face; never raises on a valid ``FaceFindings``."""
    items: list[ScoredItem] = []
    missing: list[str] = []

    resting_points: list[int] = []
    for key, label in RESTING_LABELS.items():
        value = getattr(findings.rest, key)
        points = None if value is None else RESTING_POINTS[key][value]
        items.append(ScoredItem(name=f"rest_{key}", label=label, value=plain(value), points=points))
        if points is None:
            missing.append(label)
        else:
            resting_points.append(points)

    voluntary_points = _expressions(findings.sunnybrook.voluntary, "voluntary", "Voluntary", items, missing)
    synkinesis_points = _expressions(findings.sunnybrook.synkinesis, "synkinesis", "Synkinesis", items, missing)

    resting = sum(resting_points) * RESTING_WEIGHT if len(resting_points) == len(RESTING_LABELS) else None
    voluntary = sum(voluntary_points) * VOLUNTARY_WEIGHT if len(voluntary_points) == len(EXPRESSIONS) else None
    synkinesis = sum(synkinesis_points) * SYNKINESIS_WEIGHT if len(synkinesis_points) == len(EXPRESSIONS) else None

    subscores: dict[str, float] = {}
    for name, value in (("resting", resting), ("voluntary", voluntary), ("synkinesis", synkinesis)):
        if value is not None:
            subscores[name] = value

    notes: list[str] = []
    composite: int | None = None
    if voluntary is not None and resting is not None and synkinesis is not None:
        composite = voluntary - resting - synkinesis
        subscores["composite"] = composite
        if composite < PUBLISHED_COMPOSITE_RANGE[0]:
            notes.append(
                f"Composite {composite} is below the published {PUBLISHED_COMPOSITE_RANGE[0]}-"
                f"{PUBLISHED_COMPOSITE_RANGE[1]} range; shown unclamped [2.4]."
            )
    if bilateral:
        notes.append(bilateral_comparison_note(SCALE, "2"))

    return SunnybrookResult(
        scale=SCALE,
        side=side_name(side),
        complete=not missing,
        missing=missing,
        items=items,
        subscores=subscores,
        total=composite,
        rule=RULE,
        source=SOURCE,
        notes=notes,
        resting=resting,
        voluntary=voluntary,
        synkinesis=synkinesis,
        composite=composite,
    )


def _expressions(
    values: SunnybrookExpressions[int], prefix: str, heading: str, items: list[ScoredItem], missing: list[str]
) -> list[int]:
    """Add the five expression items of one part (voluntary or synkinesis); return the entered points."""
    points: list[int] = []
    for key, label in EXPRESSIONS.items():
        value = getattr(values, key)
        full_label = f"{heading}: {label}"
        items.append(ScoredItem(name=f"{prefix}_{key}", label=full_label, value=value, points=value))
        if value is None:
            missing.append(full_label)
        else:
            points.append(value)
    return points
