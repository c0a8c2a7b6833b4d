"""Suggested House-Brackmann grade per half of the face (design.md, "What the assessment shows").

Suggested grade = the FNGS 2.0 grade (reference 1.6.1, the published regional algorithm: HB itself
has no combination rule, 1.5), checked against the hard anchors of the 1985 grade definitions (1.2):

- complete eye closure means III or better; incomplete (or no) closure means IV or worse;
- no movement anywhere means VI;
- normal function everywhere means I;
- obvious, non-disfiguring synkinesis means at least III and disfiguring synkinesis at least IV
  "regardless of motor activity" (the additional rule of 1.2, single-sourced: tagged S1).

Two consistency checks follow from the same 1985 table and are reported only when violated:
VI is "no movement", so recorded movement means V or better; I is "normal function in all areas",
so any abnormal finding means II or worse.

The anchors read the FNGS 2.0 scores, every item that tells whether the eye closes (the table
``eye_closure.EYE_CLOSURE_READINGS``, shared with the eye-protection advice so the two never
disagree: eye closure, FNGS 2.0 eye, eFACE and Yanagihara eye closure, Sunnybrook gentle eye
closure, lagophthalmos; items that disagree are a stated conflict), rest and tone, the Sunnybrook
voluntary and synkinesis items, the branch territories, posed and spontaneous smile, contracture
and hemifacial spasm. "No movement anywhere" needs a whole-face measure showing no movement (FNGS
2.0 regions all 6, Sunnybrook voluntary all 1, or all five branch territories absent) and no
finding of movement elsewhere; eye closure and tone alone do not establish it, since they say
nothing about brow or mouth.

Each anchor that applies is listed as a reason. An anchor that disagrees with the FNGS 2.0 grade is a
conflict, reported with both grades; it is never resolved here: the suggestion stays the FNGS 2.0
grade and the clinician decides. When FNGS 2.0 is incomplete the anchors alone give the suggestion
only where they pin one grade (no movement anywhere gives VI; complete closure with obvious
synkinesis gives III); otherwise there is none.

The 1985 rest column (grades II-IV "normal symmetry and tone", V "asymmetry") is deliberately not an
anchor: FNGS 2.0 counts resting asymmetry at regional score 4 ("asymmetry at rest"), which sums to
grades II-IV, so the two texts disagree, and the design names only the anchors above.
"""
from __future__ import annotations

from typing import Final

from ..exam.enums import BranchFunction, EyeClosure, RestingCheek, RestingEye, RestingMouth, SmileSymmetry, Tone
from ..exam.models import FaceFindings
from ..explain import Record, ScaleResult, ScoredItem, cite
from ..eye_closure import (
    CLOSES,
    EFFORT_ONLY,
    EYE_CLOSURE_READINGS,
    EYE_CLOSURE_TEXT,
    GENTLE_CLOSED,
    OPEN,
    ClosureFinding,
    States,
    closes,
    closure_findings,
)
from ._common import join_labels, plain, side_name
from .fngs2 import REGION_FIELDS, REGION_LABELS, REGIONS, Fngs2Result, score_fngs2
from .sunnybrook import EXPRESSIONS as SUNNYBROOK_EXPRESSIONS

SCALE: Final = "House-Brackmann (suggested)"
SOURCE: Final = cite("1.2, 1.6.1", "House & Brackmann 1985 anchors; FNGS 2.0 regional grade")


# --- The grades (1985 wording, 1.2; measurement and percent function, 1.3) ---------------------


class HbGrade(Record):
    """The descriptors of one House-Brackmann grade, for the GUI help and the PDF."""

    grade: str
    label: str
    gross: str
    rest: str
    forehead: str
    eye: str
    mouth: str
    measurement: str
    function_range: str
    estimated_function_percent: int


#: The six grades, 1985 wording paraphrased (1.2) with the 1985 measurement (of 8) and the percent
#: function (1.3; the percent is a descriptive label only, the grade remains a clinical gestalt).
HB_GRADES: Final[dict[str, HbGrade]] = {
    "I": HbGrade(
        grade="I", label="Normal", gross="Normal function in all areas", rest="Normal",
        forehead="Normal", eye="Normal", mouth="Normal",
        measurement="8/8", function_range="100%", estimated_function_percent=100,
    ),
    "II": HbGrade(
        grade="II", label="Mild dysfunction",
        gross="Slight weakness seen only on close inspection; very slight synkinesis may be present",
        rest="Normal symmetry and tone", forehead="Moderate to good function",
        eye="Complete closure with minimum effort", mouth="Slight asymmetry",
        measurement="7/8", function_range="76-99%", estimated_function_percent=80,
    ),
    "III": HbGrade(
        grade="III", label="Moderate dysfunction",
        gross=(
            "Obvious but not disfiguring difference between the two sides; noticeable but not severe "
            "synkinesis, contracture and/or hemifacial spasm"
        ),
        rest="Normal symmetry and tone", forehead="Slight to moderate movement",
        eye="Complete closure, but only with effort", mouth="Slightly weak with maximum effort",
        measurement="5/8-6/8", function_range="51-75%", estimated_function_percent=60,
    ),
    "IV": HbGrade(
        grade="IV", label="Moderately severe dysfunction",
        gross="Obvious weakness and/or disfiguring asymmetry", rest="Normal symmetry and tone",
        forehead="None", eye="Incomplete closure", mouth="Asymmetric with maximum effort",
        measurement="3/8-4/8", function_range="26-50%", estimated_function_percent=40,
    ),
    "V": HbGrade(
        grade="V", label="Severe dysfunction", gross="Only barely perceptible motion", rest="Asymmetry",
        forehead="None", eye="Incomplete closure", mouth="Slight movement only",
        measurement="1/8-2/8", function_range="1-25%", estimated_function_percent=20,
    ),
    "VI": HbGrade(
        grade="VI", label="Total paralysis", gross="No movement",
        rest="Not described in the 1985 wording (short-form tables add: loss of tone)",
        forehead="None", eye="None", mouth="None",
        measurement="0/8", function_range="0%", estimated_function_percent=0,
    ),
}
GRADES: Final = tuple(HB_GRADES)


# --- The hard anchors (1.2) ---------------------------------------------------------------------


class HardAnchor(Record):
    """One hard anchor: when it applies, the grade must lie between ``best`` and ``worst``."""

    key: str
    statement: str
    best: str
    worst: str
    source: str
    listed: bool = True
    """True: listed as a reason whenever it applies; False: a consistency check, shown only when violated."""


_S1_RULE = "1.2, additional rule S1"

#: The anchors and the grade range each allows (1.2). Which findings trigger them: the tables below.
HARD_ANCHORS: Final[dict[str, HardAnchor]] = {
    anchor.key: anchor
    for anchor in (
        HardAnchor(key="eye_closure_complete", statement="complete eye closure means grade III or better",
                   best="I", worst="III", source="1.2"),
        HardAnchor(key="eye_closure_incomplete", statement="incomplete eye closure means grade IV or worse",
                   best="IV", worst="VI", source="1.2"),
        HardAnchor(key="no_movement", statement="no movement anywhere means grade VI",
                   best="VI", worst="VI", source="1.2"),
        HardAnchor(key="normal_everywhere", statement="normal function in all areas means grade I",
                   best="I", worst="I", source="1.2"),
        HardAnchor(key="synkinesis_obvious",
                   statement="obvious, non-disfiguring synkinesis means grade III or worse regardless of motor activity",
                   best="III", worst="VI", source=_S1_RULE),
        HardAnchor(key="synkinesis_disfiguring",
                   statement="disfiguring synkinesis means grade IV or worse regardless of motor activity",
                   best="IV", worst="VI", source=_S1_RULE),
        HardAnchor(key="movement_present",
                   statement="recorded movement means grade V or better (grade VI is no movement)",
                   best="I", worst="V", source="1.2", listed=False),
        HardAnchor(key="not_normal",
                   statement="an abnormal finding means grade II or worse (grade I is normal function in all areas)",
                   best="II", worst="VI", source="1.2", listed=False),
    )
}

#: What the eye-closure items (the shared table ``eye_closure.EYE_CLOSURE_READINGS``) allow -> anchor
#: (1.2: "the key clinical boundary is eye closure: III closes, IV does not"). An eye that does not
#: close gently, with closure on effort not tested, fits III ("complete closure, but only with
#: effort") as well as IV, so it decides no anchor.
CLOSURE_ANCHOR: Final[dict[States, str]] = {
    GENTLE_CLOSED: "eye_closure_complete",
    EFFORT_ONLY: "eye_closure_complete",
    CLOSES: "eye_closure_complete",
    OPEN: "eye_closure_incomplete",
}
#: The order in which the eye-closure items are read, said in a conflict.
CLOSURE_ORDER_TEXT: Final = "eye closure, FNGS 2.0 eye, items tested with effort, then gentle-closure items"

#: Synkinesis level on the 0-3 scales (FNGS 2.0 secondary movement, 1.6.1; Sunnybrook synkinesis, 2.3:
#: 2 = "obvious but not disfiguring", 3 = "disfiguring") -> anchor.
SYNKINESIS_ANCHOR: Final[dict[int, str]] = {2: "synkinesis_obvious", 3: "synkinesis_disfiguring"}

#: Values meaning "no movement" in the whole-face measures: FNGS 2.0 regional 6 "no movement" (1.6.1),
#: Sunnybrook voluntary 1 "cannot start movement" (2.2), a branch territory "absent" (5.2). No movement
#: anywhere is established when one of these measures is complete and shows no movement everywhere.
FNGS_NO_MOVEMENT: Final = 6
SUNNYBROOK_NO_MOVEMENT: Final = 1
BRANCH_NO_MOVEMENT: Final = BranchFunction.absent

#: Values meaning "normal": FNGS 2.0 regional 1 and secondary 0 (1.6.1), Sunnybrook voluntary 5
#: "complete" and synkinesis 0 (2.2, 2.3), the normal resting items and tone (2.1).
FNGS_NORMAL: Final = 1
FNGS_SECONDARY_NORMAL: Final = 0
SUNNYBROOK_VOLUNTARY_NORMAL: Final = 5
SUNNYBROOK_SYNKINESIS_NORMAL: Final = 0
REST_NORMAL: Final = {
    "eye": RestingEye.normal,
    "cheek": RestingCheek.normal,
    "mouth": RestingMouth.normal,
    "tone": Tone.normal,
}
REST_LABELS: Final = {"eye": "resting eye", "cheek": "resting cheek", "mouth": "resting mouth", "tone": "tone"}

#: Regional discordance flag: FNGS 2.0 regional scores spanning at least this many points (e.g.
#: forehead 5 with mouth 2). [CONVENTION] threshold: 1.5 (Reitzen 2009) shows that a single grade
#: tracks the regions unequally when they differ and asks the app to flag discordance without giving
#: a threshold; 3 points on the 1-6 regional scale is half its range (1.6.2 uses "2 grades or more"
#: on the coarser HB scale).
DISCORDANCE_SPAN: Final = 3

#: Localisation patterns and the caveat each carries (1.5), with whether HB applies as such.
PATTERNS: Final = ("central", "peripheral", "branch", "indeterminate")
PATTERN_CAVEATS: Final[dict[str, tuple[str, bool]]] = {
    "central": (
        "HB was designed for peripheral (trunk) lesions; not applicable as such to central palsy [1.5].",
        False,
    ),
    "branch": ("HB not validated for single-branch lesions [1.5].", True),
}
BILATERAL_NOTE: Final = (
    "Bilateral palsy: graded per side. HB describes the difference between the two sides, and here the "
    "other side is not normal, so symmetric weakness can be under-graded; check blink force, eye closure "
    "and lip seal directly [1.2, 6.4]."
)

RULE: Final = (
    "Suggested grade = the FNGS 2.0 grade (1.6.1), checked against the hard 1985 anchors (1.2): complete eye "
    "closure III or better, incomplete IV or worse; no movement anywhere VI; normal everywhere I; obvious "
    "synkinesis at least III, disfiguring at least IV (S1). Eye closure is read from every item that tells "
    "it (eye closure, FNGS 2.0 eye, eFACE, Yanagihara, Sunnybrook, lagophthalmos). A disagreement is "
    "reported as a conflict, never resolved. Without a complete FNGS 2.0 the anchors alone suggest a grade "
    "only where they pin one."
)


class HouseBrackmannResult(ScaleResult):
    """The suggested HB grade for one half of the face, with its reasons, conflicts and caveats.

    ``grade`` equals ``suggested``. ``anchor_grades`` lists the grades every applicable anchor allows
    (all six when none applies, none when the anchors contradict each other). ``complete`` and
    ``missing`` refer to the FNGS 2.0 items the suggestion is computed from.
    """

    suggested: str | None = None
    fngs_grade: str | None = None
    fngs_total: int | None = None
    reasons: list[str] = []
    conflicts: list[str] = []
    caveats: list[str] = []
    applicable: bool = True
    regional_discordance: bool = False
    anchor_grades: list[str] = []
    pattern: str | None = None


class _Applied(Record):
    anchor: HardAnchor
    evidence: str


def _number(grade: str) -> int:
    return GRADES.index(grade) + 1


def _range_text(best: str, worst: str) -> str:
    if best == worst:
        return f"grade {best}"
    if worst == GRADES[-1]:
        return f"grade {best} or worse"
    if best == GRADES[0]:
        return f"grade {worst} or better"
    return f"grade {best}-{worst}"


def _allows(anchor: HardAnchor, grade: str) -> bool:
    return _number(anchor.best) <= _number(grade) <= _number(anchor.worst)


def _branches(findings: FaceFindings) -> dict[str, BranchFunction | None]:
    branches = findings.voluntary.branches
    return {name: getattr(branches, name) for name in type(branches).model_fields}


def _no_movement_sets(findings: FaceFindings) -> list[str]:
    """The complete whole-face measures that show no movement anywhere."""
    sets: list[str] = []
    fngs = [getattr(findings.voluntary, REGION_FIELDS[region]) for region in REGIONS]
    if all(score == FNGS_NO_MOVEMENT for score in fngs):
        sets.append(f"FNGS 2.0 regions all {FNGS_NO_MOVEMENT}, no movement")
    voluntary = [getattr(findings.sunnybrook.voluntary, key) for key in SUNNYBROOK_EXPRESSIONS]
    if all(value == SUNNYBROOK_NO_MOVEMENT for value in voluntary):
        sets.append(f"Sunnybrook voluntary movement all {SUNNYBROOK_NO_MOVEMENT}, cannot start movement")
    if all(value is BRANCH_NO_MOVEMENT for value in _branches(findings).values()):
        sets.append("all five branch territories absent")
    return sets


#: Eye-closure items that ``_movement`` already reads as a region or a Sunnybrook expression.
_COUNTED_ABOVE: Final = frozenset({"fngs_eye", "sunnybrook_voluntary_gentle_eye_closure"})


def _movement(findings: FaceFindings) -> list[str]:
    """Findings that show some movement somewhere."""
    seen: list[str] = []
    for region in REGIONS:
        score = getattr(findings.voluntary, REGION_FIELDS[region])
        if score is not None and score < FNGS_NO_MOVEMENT:
            seen.append(f"FNGS {REGION_LABELS[region].lower()} {score}")
    for key, label in SUNNYBROOK_EXPRESSIONS.items():
        value = getattr(findings.sunnybrook.voluntary, key)
        if value is not None and value > SUNNYBROOK_NO_MOVEMENT:
            seen.append(f"Sunnybrook {label.lower()} {value}")
    # An eye that closes completely moves, on any item that shows it (the eye-closure table, 1.2);
    # the FNGS eye score and Sunnybrook gentle eye closure are counted above, and once is enough.
    seen += [found.text for found in closure_findings(findings)
             if found.reading.name not in _COUNTED_ABOVE and closes(found.states)]
    for name, value in _branches(findings).items():
        if value is not None and value is not BRANCH_NO_MOVEMENT:
            seen.append(f"{name.replace('_', ' ')} branch {value.value}")
    return seen


def _abnormal(findings: FaceFindings) -> list[str]:
    """Findings that are not normal (any of them rules out grade I)."""
    seen: list[str] = []
    for region in REGIONS:
        score = getattr(findings.voluntary, REGION_FIELDS[region])
        if score is not None and score != FNGS_NORMAL:
            seen.append(f"FNGS {REGION_LABELS[region].lower()} {score}")
    secondary = findings.sequelae.fngs_secondary
    if secondary is not None and secondary != FNGS_SECONDARY_NORMAL:
        seen.append(f"FNGS secondary movement {secondary}")
    for key, normal in REST_NORMAL.items():
        value = getattr(findings.rest, key)
        if value is not None and value is not normal:
            seen.append(f"{REST_LABELS[key]} {value.value.replace('_', ' ')}")
    closure = findings.voluntary.eye_closure
    if closure is not None and closure is not EyeClosure.complete_minimal_effort:
        seen.append(f"eye closure {EYE_CLOSURE_TEXT[closure]}")
    for key, label in SUNNYBROOK_EXPRESSIONS.items():
        value = getattr(findings.sunnybrook.voluntary, key)
        if value is not None and value != SUNNYBROOK_VOLUNTARY_NORMAL:
            seen.append(f"Sunnybrook {label.lower()} {value}")
        value = getattr(findings.sunnybrook.synkinesis, key)
        if value is not None and value != SUNNYBROOK_SYNKINESIS_NORMAL:
            seen.append(f"Sunnybrook synkinesis with {label.lower()} {value}")
    for name, value in _branches(findings).items():
        if value is not None and value is not BranchFunction.normal:
            seen.append(f"{name.replace('_', ' ')} branch {value.value}")
    for name in ("posed_smile", "spontaneous_smile"):
        if getattr(findings.voluntary, name) is SmileSymmetry.weak:
            seen.append(f"{name.replace('_', ' ')} weak")
    if findings.sequelae.contracture:
        seen.append("contracture")
    if findings.sequelae.hemifacial_spasm:
        seen.append("hemifacial spasm")
    return seen


def _normal_set(findings: FaceFindings) -> tuple[bool, list[str]]:
    """Whether the items that define "normal everywhere" are all normal, and which are not assessed."""
    values: dict[str, object] = {
        f"FNGS {REGION_LABELS[region].lower()}": getattr(findings.voluntary, REGION_FIELDS[region])
        for region in REGIONS
    }
    expected: dict[str, object] = {label: FNGS_NORMAL for label in values}
    values["FNGS secondary movement"] = findings.sequelae.fngs_secondary
    expected["FNGS secondary movement"] = FNGS_SECONDARY_NORMAL
    for key, normal in REST_NORMAL.items():
        values[REST_LABELS[key]] = getattr(findings.rest, key)
        expected[REST_LABELS[key]] = normal
    unassessed = [label for label, value in values.items() if value is None]
    all_normal = all(values[label] == expected[label] for label in values if values[label] is not None)
    return all_normal and not unassessed, unassessed


def _synkinesis(findings: FaceFindings) -> tuple[int, list[str]]:
    """The highest synkinesis level on the 0-3 scales, with the findings at that level."""
    levels: list[tuple[int, str]] = []
    secondary = findings.sequelae.fngs_secondary
    if secondary is not None:
        levels.append((secondary, f"FNGS secondary movement {secondary}"))
    for key, label in SUNNYBROOK_EXPRESSIONS.items():
        value = getattr(findings.sunnybrook.synkinesis, key)
        if value is not None:
            levels.append((value, f"Sunnybrook synkinesis with {label.lower()} {value}"))
    if not levels:
        return 0, []
    top = max(level for level, _ in levels)
    return top, [text for level, text in levels if level == top]


def _some(findings: list[str], shown: int = 4) -> str:
    """A short list of findings: the first few, then how many more."""
    if len(findings) <= shown:
        return join_labels(findings)
    return f"{', '.join(findings[:shown])} and {len(findings) - shown} more"


def _allowed(applied: list[_Applied]) -> list[str]:
    return [grade for grade in GRADES if all(_allows(item.anchor, grade) for item in applied)]


class _EyeReading(Record):
    """What the eye-closure items give the III/IV anchor: the anchor (or None), and what to say."""

    applied: _Applied | None = None
    conflict: str | None = None
    note: str | None = None


def _sections(found: list[ClosureFinding]) -> str:
    return ", ".join(dict.fromkeys(item.reading.section for item in found))


def _eye_reading(findings: FaceFindings) -> _EyeReading:
    """The III/IV anchor from every item of the shared eye-closure table (the same items guidance
    reads for eye protection). Items that agree are combined; items that disagree are a conflict, and
    the anchor then follows the first of them in table order (eye closure, then FNGS 2.0 eye, ...)."""
    found = closure_findings(findings)
    if not found:
        recorded = [r.entered(r.value(findings)) for r in EYE_CLOSURE_READINGS if r.value(findings) is not None]
        told = f": {join_labels(recorded)} does not tell whether the eye closes" if recorded else ""
        return _EyeReading(note=f"Eye closure not assessed{told}; the III/IV eye-closure anchor was not checked [1.2].")
    common: States = frozenset.intersection(*(item.states for item in found))
    conflict: str | None = None
    states = common or found[0].states
    key = CLOSURE_ANCHOR.get(states)
    if not common:
        first = found[0]
        against = [item for item in found[1:] if not item.states & first.states] or found[1:]
        agree = [item for item in found if item not in against]
        follows = "" if key else ", which does not decide it, so the anchor is not applied"
        conflict = (
            f"The eye-closure items disagree: {join_labels(item.text for item in agree)} "
            f"[{_sections(agree)}], but {join_labels(item.text for item in against)} [{_sections(against)}]. "
            f"The III/IV anchor follows {first.text}{follows} (order: {CLOSURE_ORDER_TEXT}) [1.2]. "
            "Check them; the clinician decides."
        )
    if key is None:
        note = None if conflict else (
            f"Eye closure with effort not recorded: {join_labels(item.text for item in found)} "
            f"[{_sections(found)}]. That fits grade III (complete closure, but only with effort) as well as "
            "grade IV, so the III/IV anchor was not checked [1.2]."
        )
        return _EyeReading(conflict=conflict, note=note)
    support = [item for item in found if CLOSURE_ANCHOR.get(item.states) == key]
    if not common:
        support = [found[0]] + [item for item in support if item is not found[0]]
    note = None
    if findings.voluntary.eye_closure is None:
        read = join_labels(item.reading.entered(item.value) for item in support)
        note = f"Eye closure not recorded: read from the {read} for the III/IV anchor [{_sections(support)}, 1.2]."
    applied = _Applied(anchor=HARD_ANCHORS[key], evidence="; ".join(item.text for item in support))
    return _EyeReading(applied=applied, conflict=conflict, note=note)


def _applied_anchors(findings: FaceFindings, eye: _EyeReading) -> list[_Applied]:
    applied: list[_Applied] = []
    if eye.applied is not None:
        applied.append(eye.applied)
    movement = _movement(findings)
    no_movement = _no_movement_sets(findings)
    if no_movement and not movement:
        applied.append(_Applied(anchor=HARD_ANCHORS["no_movement"], evidence=join_labels(no_movement)))
    abnormal = _abnormal(findings)
    normal, _ = _normal_set(findings)
    if normal and not abnormal:
        applied.append(_Applied(
            anchor=HARD_ANCHORS["normal_everywhere"],
            evidence="FNGS 2.0 regions all 1, secondary movement 0, rest and tone normal",
        ))
    level, evidence = _synkinesis(findings)
    if level in SYNKINESIS_ANCHOR:
        applied.append(_Applied(anchor=HARD_ANCHORS[SYNKINESIS_ANCHOR[level]], evidence=join_labels(evidence)))
    if movement:
        applied.append(_Applied(anchor=HARD_ANCHORS["movement_present"], evidence=_some(movement)))
    if abnormal:
        applied.append(_Applied(anchor=HARD_ANCHORS["not_normal"], evidence=_some(abnormal)))
    return applied


def _items(findings: FaceFindings, fngs: Fngs2Result) -> list[ScoredItem]:
    """Every item the suggestion reads: the FNGS 2.0 scores it is computed from and the items the
    anchors check (eye closure from the shared table, rest and tone, Sunnybrook voluntary and
    synkinesis, branch territories, smiles, contracture and spasm); None when not assessed."""
    items = list(fngs.items)

    def add(name: str, label: str, value: object) -> None:
        if all(item.name != name for item in items):
            items.append(ScoredItem(name=name, label=label, value=plain(value)))

    for reading in EYE_CLOSURE_READINGS:
        add(reading.name, reading.label, reading.value(findings))
    for key in REST_NORMAL:
        add(f"rest_{key}", REST_LABELS[key].capitalize(), getattr(findings.rest, key))
    for part, prefix in (("voluntary", "Sunnybrook"), ("synkinesis", "Sunnybrook synkinesis with")):
        for key, label in SUNNYBROOK_EXPRESSIONS.items():
            shown = label if part == "voluntary" else label.lower()
            add(f"sunnybrook_{part}_{key}", f"{prefix} {shown}", getattr(getattr(findings.sunnybrook, part), key))
    for name, value in _branches(findings).items():
        add(f"branch_{name}", f"{name.replace('_', ' ').capitalize()} branch", value)
    for name in ("posed_smile", "spontaneous_smile"):
        add(name, name.replace("_", " ").capitalize(), getattr(findings.voluntary, name))
    for name in ("contracture", "hemifacial_spasm"):
        add(name, name.replace("_", " ").capitalize(), getattr(findings.sequelae, name))
    return items


def _cite(anchor: HardAnchor) -> str:
    return f"[{anchor.source}]"


def _pattern_name(pattern: object) -> str | None:
    if pattern is None:
        return None
    name = str(getattr(pattern, "value", pattern))
    if name not in PATTERNS:
        raise ValueError(f"unknown pattern {name!r}; expected one of {', '.join(PATTERNS)} or None")
    return name


def score_house_brackmann(
    findings: FaceFindings,
    *,
    side: str | None,
    pattern: str | None = None,
    bilateral: bool = False,
) -> HouseBrackmannResult:
    """Suggest the HB grade of one half of the face; never raises on a valid ``FaceFindings``.

    ``pattern`` is the localisation pattern ("central", "peripheral", "branch", "indeterminate" or
    None); an unknown pattern is a programming error and raises ``ValueError``.
    """
    pattern_name = _pattern_name(pattern)
    fngs: Fngs2Result = score_fngs2(findings, side)
    eye = _eye_reading(findings)
    applied = _applied_anchors(findings, eye)

    allowed = _allowed(applied)
    reasons: list[str] = []
    conflicts: list[str] = []
    notes: list[str] = []
    suggested: str | None = None

    if fngs.grade is not None:
        suggested = fngs.grade
        parts = " + ".join(f"{REGION_LABELS[r].lower()} {fngs.regions[r]}" for r in REGIONS)
        reasons.append(
            f"FNGS 2.0 grade {fngs.grade} (total {fngs.total} = {parts} + secondary movement {fngs.secondary}) [1.6.1]."
        )
        for item in applied:
            anchor = item.anchor
            if _allows(anchor, fngs.grade):
                if anchor.listed:
                    reasons.append(f"Agrees with the anchor: {anchor.statement} ({item.evidence}) {_cite(anchor)}.")
            else:
                reasons.append(f"Disagrees with the anchor: {anchor.statement} ({item.evidence}); see conflicts.")
                conflicts.append(
                    f"FNGS 2.0 gives grade {fngs.grade}, but {anchor.statement} ({item.evidence}) "
                    f"{_cite(anchor)}: the anchor allows {_range_text(anchor.best, anchor.worst)}. The suggestion "
                    f"stays {fngs.grade}; the clinician decides."
                )
    else:
        regions_missing = [REGION_LABELS[r] for r in REGIONS if fngs.regions[r] is None]
        head = "FNGS 2.0 regional scores incomplete" if regions_missing else "FNGS 2.0 incomplete"
        span = fngs.possible_grades
        span_text = span[0] if len(span) == 1 else f"{span[0]} to {span[-1]}"
        reasons.append(
            f"{head}: missing {join_labels(fngs.missing).lower()}; the entered scores allow grade {span_text} [1.6.1]."
        )
        # consistency checks are shown only when they narrow what the listed anchors allow
        listed = [item for item in applied if item.anchor.listed]
        shown = applied if allowed != _allowed(listed) else listed
        for item in shown:
            reasons.append(f"Anchor: {item.anchor.statement} ({item.evidence}) {_cite(item.anchor)}.")
        if len(allowed) == 1:
            suggested = allowed[0]
            reasons.append(f"Suggested from the 1985 anchors alone: grade {suggested}.")
        elif not allowed:
            conflicts.append(
                "The anchors disagree with each other: "
                + "; ".join(f"{item.anchor.statement} ({item.evidence}) {_cite(item.anchor)}" for item in shown)
                + ". No grade is suggested; the clinician decides."
            )
        else:
            reasons.append(
                f"No grade suggested: the anchors alone allow {_range_text(allowed[0], allowed[-1])}."
                if len(allowed) < len(GRADES)
                else "No grade suggested: no anchor decides without the FNGS 2.0 scores."
            )

    if eye.note:
        notes.append(eye.note)
    if eye.conflict:
        conflicts.append(eye.conflict)
    normal, unassessed = _normal_set(findings)
    if suggested == "I" and not normal and unassessed:
        notes.append(
            f"Grade I not confirmed by the normal-everywhere anchor: not assessed {join_labels(unassessed)} [1.2]."
        )
    if findings.sequelae.contracture or findings.sequelae.hemifacial_spasm:
        notes.append(
            "Contracture or hemifacial spasm recorded: the synkinesis rule (1.2, S1) also covers them, but their "
            "severity is not recorded, so it is applied through the synkinesis scores only."
        )

    caveats: list[str] = []
    applicable = True
    if pattern_name in PATTERN_CAVEATS:
        caveat, applicable = PATTERN_CAVEATS[pattern_name]
        caveats.append(caveat)
    entered = {r: s for r, s in fngs.regions.items() if s is not None}
    discordance = len(entered) >= 2 and max(entered.values()) - min(entered.values()) >= DISCORDANCE_SPAN
    if discordance:
        high, low = max(entered.values()), min(entered.values())
        worst = join_labels(REGION_LABELS[r].lower() for r, s in entered.items() if s == high)
        best = join_labels(REGION_LABELS[r].lower() for r, s in entered.items() if s == low)
        caveats.append(
            f"Regional discordance: FNGS 2.0 regional scores range from {low} ({best}) to {high} ({worst}); "
            f"a single grade summarises this poorly, read the regional scores [1.5]."
        )
    if bilateral:
        notes.append(BILATERAL_NOTE)

    return HouseBrackmannResult(
        scale=SCALE,
        side=side_name(side),
        complete=fngs.complete,
        missing=fngs.missing,
        items=_items(findings, fngs),
        subscores={"fngs_total": fngs.total} if fngs.total is not None else {},
        total=None,
        grade=suggested,
        rule=RULE,
        source=SOURCE,
        notes=notes,
        suggested=suggested,
        fngs_grade=fngs.grade,
        fngs_total=fngs.total,
        reasons=reasons,
        conflicts=conflicts,
        caveats=caveats,
        applicable=applicable,
        regional_discordance=discordance,
        anchor_grades=allowed,
        pattern=pattern_name,
    )
