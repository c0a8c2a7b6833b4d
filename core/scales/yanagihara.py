"""Yanagihara 40-point system (Yanagihara 1977): ten regional items 0-4, total 0-40 (40 = normal).

Reference 4. The item list is the Cochrane/1977 one (blink, and one combined lower-lip/cheek line).
Two item scorings are in circulation (reference 4): five levels 0-4 (Cochrane table) or three levels
0/2/4 (Japanese practice); the variant is a setting (``Settings.yanagihara_variant``). Under the
three-level variant an entered 1 or 3 is not a valid level: it is listed as invalid and the total is
withheld, never rounded to a neighbouring level.

The published conversion to House-Brackmann (Satoh 2000) could not be read and is [UNVERIFIED]
(reference 4), so it is deliberately not implemented.
"""
from __future__ import annotations

from typing import Final

from ..exam.models import FaceFindings
from ..explain import ScaleResult, ScoredItem, cite
from ..settings import Settings, YanagiharaVariant
from ._common import join_labels, side_name

SCALE: Final = "Yanagihara"
SOURCE: Final = cite("4", "Yanagihara 1977, Cochrane item list")

#: The ten items (4, Cochrane/1977 list), keyed as in ``YanagiharaItems``.
ITEMS: Final = {
    "at_rest": "At rest (symmetry)",
    "wrinkle_forehead": "Wrinkle forehead",
    "blink": "Blink",
    "gentle_eye_closure": "Gentle eye closure",
    "tight_eye_closure": "Tight eye closure",
    "wink": "Closure of the involved eye only (wink)",
    "wrinkle_nose": "Wrinkle nose",
    "whistle": "Whistle (pucker)",
    "grin": "Grin (show teeth)",
    "depress_lower_lip": "Depress lower lip / blow out cheek",
}

#: The levels each variant accepts, with their meaning (4: five-level per the Cochrane table [S1];
#: three-level per the IEEE paper [S1]).
LEVELS: Final[dict[YanagiharaVariant, dict[int, str]]] = {
    YanagiharaVariant.five_level: {4: "normal", 3: "slight", 2: "moderate", 1: "severe", 0: "total paralysis"},
    YanagiharaVariant.three_level: {4: "normal", 2: "partial", 0: "total paralysis"},
}

#: Interpretation bands of the total (4, [S1] IEEE paper): (lowest, highest, meaning). Notes only.
INTERPRETATION: Final[tuple[tuple[int, int, str], ...]] = (
    (36, 40, "36-40 is quoted as normal"),
    (0, 8, "0-8 is quoted as total palsy"),
)

#: The variant used when the caller gives none: the settings default.
DEFAULT_VARIANT: Final[YanagiharaVariant] = Settings.model_fields["yanagihara_variant"].default

_VARIANT_NAMES: Final = {
    YanagiharaVariant.five_level: "five-level (0-4)",
    YanagiharaVariant.three_level: "three-level (0, 2, 4)",
}


class YanagiharaResult(ScaleResult):
    """Yanagihara for one half of the face: the total 0-40 and any item invalid for the variant."""

    variant: YanagiharaVariant
    invalid: list[str] = []
    total: int | None = None


def score_yanagihara(
    findings: FaceFindings,
    side: str | None = None,
    *,
    variant: YanagiharaVariant | str = DEFAULT_VARIANT,
) -> YanagiharaResult:
    """Score Yanagihara for one half of the face; never raises on a valid ``FaceFindings``.

    ``variant`` may be the enum or its string value (an unknown string is a programming error and
    raises ``ValueError``).
    """
    variant = YanagiharaVariant(variant)
    levels = LEVELS[variant]
    items: list[ScoredItem] = []
    missing: list[str] = []
    invalid: list[str] = []
    points: list[int] = []
    for key, label in ITEMS.items():
        value = getattr(findings.yanagihara, key)
        valid = value is not None and value in levels
        items.append(ScoredItem(name=key, label=label, value=value, points=value if valid else None))
        if value is None:
            missing.append(label)
        elif not valid:
            allowed = ", ".join(str(level) for level in sorted(levels))
            invalid.append(
                f"{label}: {value} is not a level of the {_VARIANT_NAMES[variant]} variant (allowed: {allowed})"
            )
        else:
            points.append(value)

    complete = not missing and not invalid
    total = sum(points) if complete else None
    notes: list[str] = []
    if invalid:
        wrong = [f"{item.label} ({item.value})" for item in items if item.value is not None and item.points is None]
        notes.append(
            f"No total: {join_labels(wrong)} entered with a level the {_VARIANT_NAMES[variant]} variant does "
            f"not have; re-enter each as one of {', '.join(str(level) for level in sorted(levels))} [4]."
        )
    if total is not None:
        for low, high, meaning in INTERPRETATION:
            if low <= total <= high:
                notes.append(f"Total {total}: {meaning} (interpretation only) [4, S1].")

    rule = (
        f"Total = sum of the 10 item scores, {_VARIANT_NAMES[variant]} per item "
        f"({', '.join(f'{level} {meaning}' for level, meaning in levels.items())}); range 0-40, 40 = normal."
    )
    return YanagiharaResult(
        scale=SCALE,
        side=side_name(side),
        complete=complete,
        missing=missing,
        items=items,
        subscores={},
        total=total,
        rule=rule,
        source=SOURCE,
        notes=notes,
        variant=variant,
        invalid=invalid,
    )
