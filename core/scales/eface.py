"""eFACE (Banks et al. 2015): 15 items, static/dynamic/synkinesis subscores and a total, 0-100.

Reference 3.1-3.3. The arithmetic is the one the eFACE authors' group implemented in its automated
eFACE (3.3, [CODE]): a static item x (0-200, 100 = balanced) scores 100 - |100 - x|, so a deviation
in either direction loses points; dynamic and synkinesis items (0-100) count as entered; each
subscore is the mean of its items and the total is the mean of all 15 item scores. The weighting of
the total in the paper itself is [UNVERIFIED] (3.3).

A subscore is given when all of its own items are assessed, even if another domain is incomplete;
``complete`` and ``total`` refer to all 15 items.

The regional composites (periocular, smile, midface-and-smile, lower-face-and-neck) are named in 3.3
but their item membership is not defined there, so they are not computed (a note says so) rather
than invented.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Final

from ..exam.models import FaceFindings
from ..explain import ScaleResult, ScoredItem, cite
from ._common import bilateral_comparison_note, side_name

SCALE: Final = "eFACE"
SOURCE: Final = cite("3.3", "Banks et al. 2015; arithmetic of the authors' automated eFACE code")

#: The 15 items (3.1): exam field -> (domain, label).
ITEMS: Final[dict[str, tuple[str, str]]] = {
    "static_brow": ("static", "Brow at rest"),
    "static_palpebral_fissure": ("static", "Palpebral fissure at rest"),
    "static_nasolabial_fold_depth": ("static", "Nasolabial fold depth at rest"),
    "static_oral_commissure": ("static", "Oral commissure at rest"),
    "dynamic_brow_elevation": ("dynamic", "Brow elevation"),
    "dynamic_gentle_eye_closure": ("dynamic", "Gentle eye closure"),
    "dynamic_full_eye_closure": ("dynamic", "Full (forceful) eye closure"),
    "dynamic_oral_commissure_smile": ("dynamic", "Oral commissure movement with smile"),
    "dynamic_nlf_depth_smile": ("dynamic", "Nasolabial fold depth with smile"),
    "dynamic_nlf_orientation_smile": ("dynamic", "Nasolabial fold orientation with smile"),
    "dynamic_lower_lip_eeee": ("dynamic", 'Lower lip movement ("EEEE")'),
    "synkinesis_ocular": ("synkinesis", "Ocular synkinesis"),
    "synkinesis_midfacial": ("synkinesis", "Midfacial synkinesis"),
    "synkinesis_mentalis": ("synkinesis", "Mentalis synkinesis"),
    "synkinesis_platysmal": ("synkinesis", "Platysmal synkinesis"),
}
DOMAINS: Final = ("static", "dynamic", "synkinesis")

#: The balanced (normal) value of a static item (3.2): a static item scores 100 - |BALANCE - x| (3.3).
STATIC_BALANCE: Final = 100.0

#: What the ends of each domain's slider mean, shown beside every item (3.2).
DOMAIN_ANCHORS: Final[dict[str, str]] = {
    "static": "100 = balanced",
    "dynamic": "0 = no movement, 100 = normal",
    "synkinesis": "100 = none",
}
#: Direction anchors the reference gives for single static items (3.2, [S2], Greene 2019); the other
#: static items have none in the reference.
STATIC_ITEM_ANCHORS: Final[dict[str, str]] = {
    "static_palpebral_fissure": "0 = wide, 200 = narrow",
}


def item_hint(field: str) -> str:
    """The anchors of one item, e.g. "100 = balanced; 0 = wide, 200 = narrow" (3.2)."""
    domain = ITEMS[field][0]
    extra = STATIC_ITEM_ANCHORS.get(field)
    return DOMAIN_ANCHORS[domain] + (f"; {extra}" if extra else "")

#: Interpretation anchor (3.3, [S1], Greene 2020): in the MEEI standard set a total below this
#: corresponded to complete flaccid palsy. Shown as a note only; it changes no number.
FLACCID_TOTAL_BELOW: Final = 60.0

REGIONAL_COMPOSITES_NOTE: Final = (
    "Regional composites (periocular, smile, midface-and-smile, lower-face-and-neck) are not computed: "
    "the reference names them but does not define which items they contain [3.3]."
)

RULE: Final = (
    "Static item score = 100 - |100 - x| (x on 0-200, 100 balanced); dynamic and synkinesis items as entered "
    "(0-100); static, dynamic and synkinesis subscores = mean of their items; total = mean of all 15 item scores."
)


class EfaceResult(ScaleResult):
    """eFACE for one half of the face: the three subscores and the total (each 0-100, 100 = normal)."""

    static: float | None = None
    dynamic: float | None = None
    synkinesis: float | None = None


def _exact(value: float) -> Fraction:
    """The entered number as the decimal it was typed as (shortest repr), so that means land exactly
    on the band limits: a total of exactly 60 must not read as 59.999... and fall "below 60"."""
    return Fraction(repr(float(value)))


def _item_exact(field: str, value: float) -> Fraction:
    domain = ITEMS[field][0]
    if domain == "static":
        return Fraction(100) - abs(_exact(STATIC_BALANCE) - _exact(value))
    return _exact(value)


def item_score(field: str, value: float) -> float:
    """The score of one item: static items fold around the balance point, the others count as entered."""
    return float(_item_exact(field, value))


def score_eface(findings: FaceFindings, side: str | None = None, *, bilateral: bool = False) -> EfaceResult:
    """Score eFACE for one half of the face; never raises on a valid ``FaceFindings``."""
    items: list[ScoredItem] = []
    missing: list[str] = []
    scores: dict[str, list[Fraction]] = {domain: [] for domain in DOMAINS}
    counts: dict[str, int] = {domain: 0 for domain in DOMAINS}

    for field, (domain, label) in ITEMS.items():
        value = getattr(findings.eface, field)
        counts[domain] += 1
        exact = None if value is None else _item_exact(field, value)
        items.append(ScoredItem(name=field, label=label, value=value, points=None if exact is None else float(exact)))
        if exact is None:
            missing.append(label)
        else:
            scores[domain].append(exact)

    subscores: dict[str, float] = {}
    for domain in DOMAINS:
        if len(scores[domain]) == counts[domain]:
            subscores[domain] = float(sum(scores[domain]) / counts[domain])

    complete = not missing
    total: float | None = None
    notes: list[str] = []
    if complete:
        every = [score for domain in DOMAINS for score in scores[domain]]
        exact_total = sum(every) / len(every)
        total = float(exact_total)
        if exact_total < _exact(FLACCID_TOTAL_BELOW):
            notes.append(
                f"Total below {FLACCID_TOTAL_BELOW:g}: in the MEEI standard set a total eFACE under "
                f"{FLACCID_TOTAL_BELOW:g} corresponded to complete flaccid palsy (interpretation only) [3.3, S1]."
            )
    notes.append(REGIONAL_COMPOSITES_NOTE)
    if bilateral:
        notes.append(bilateral_comparison_note(SCALE, "3.2"))

    return EfaceResult(
        scale=SCALE,
        side=side_name(side),
        complete=complete,
        missing=missing,
        items=items,
        subscores=subscores,
        total=total,
        rule=RULE,
        source=SOURCE,
        notes=notes,
        static=subscores.get("static"),
        dynamic=subscores.get("dynamic"),
        synkinesis=subscores.get("synkinesis"),
    )
