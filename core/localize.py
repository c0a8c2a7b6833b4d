"""Lesion level: where along the facial nerve the findings are consistent with a lesion.

Why this shape: clinicians trust a level only when they can see what supports it and what argues
against it (design.md), and the reference asks for "consistent with ..." plus a list of candidate
segments, never a single certain answer (clinical-reference 5.5). So the result carries the
candidate segments, the evidence for and against each level, contradictions, caveats and a
confidence that drops whenever a test is missing or not assessable.

Order of reasoning (clinical-reference 5.4, convention rules):
1. Motor pattern and associated signs first: pontine signs, the central pattern (forehead spared
   with other central signs), branch-only weakness. They take precedence over the autonomic and
   taste tests when the two conflict; the conflict is reported, never hidden.
2. For a whole-hemiface (peripheral) palsy the topognostic tests exclude levels. Each level of the
   nerve predicts, for each function, "abnormal" or "normal" from where that function's branch
   leaves the trunk (5.2). A definite result excludes every level that predicts the opposite; an
   unknown result excludes nothing, so the range widens.
3. Associated signs by level (6.3, end of 5.4) then narrow what is left.

Every rule below lives once in a module-level table with its source.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Literal

from pydantic import Field

from .exam.enums import (
    Branch,
    BranchFunction,
    Episode,
    EyeClosure,
    FaceSide,
    Hearing,
    LimbWeakness,
    NormalAbnormal,
    OnsetCourse,
    Otoscopy,
    Parotid,
    ReflexState,
    Segment,
    Severity,
    Side,
    SmileSymmetry,
    StapedialReflex,
    SurgerySite,
    Taste,
    Visit,
)
from .exam.models import Exam, FaceFindings
from .eye_closure import OPEN, closure_findings
from .scales.sunnybrook import EXPRESSIONS as SUNNYBROOK_LABELS
from .explain import Record, cite
from .scales._common import join_labels
from .settings import Settings

__all__ = [
    "Confidence",
    "Evidence",
    "FunctionResult",
    "Localization",
    "LevelStatus",
    "Note",
    "Pattern",
    "SEGMENT_LABELS",
    "SIGNS",
    "TRUNK",
    "TestReading",
    "is_sequela_exam",
    "has_no_weakness",
    "localize",
    "palsy_extent",
    "read_sign",
    "station_predicts",
    "LESION_STATIONS",
    "FUNCTIONS",
]

Pattern = Literal["central", "peripheral", "branch", "indeterminate"]
Direction = Literal["supports", "argues_against"]
Confidence = Literal["moderate", "low"]
LevelStatus = Literal["consistent", "indeterminate", "not_applicable"]
Outcome = Literal["abnormal", "normal", "unknown", "conflicting"]
ReadingResult = Literal["abnormal", "normal", "not_done", "not_assessable", "uninterpretable"]

SOURCE = cite("5.4, 5.5, 6", "topodiagnosis and central versus peripheral patterns")


# ================================================================================================
# Result records
# ================================================================================================


class Note(Record):
    """A caveat, a contradiction or an explanation, with where it comes from."""

    text: str
    source: str


class Evidence(Record):
    """One finding that supports or argues against one level (5.4, 6)."""

    level: str = Field(description="the level or group of segments the finding speaks to")
    segments: list[str] = Field(default_factory=list, description="segment ids of that level")
    finding: str
    direction: Direction
    source: str
    observed: str = Field(
        default="", description="the finding alone, without what the level predicts (same as finding when it has no prediction)"
    )


class TestReading(Record):
    """One topognostic test as read for the affected side, with the rule that decided it."""

    test: str
    value: str
    result: ReadingResult
    rule: str
    source: str


class FunctionResult(Record):
    """A function whose branch leaves the trunk at a known level (5.2), from its tests."""

    function: str
    label: str
    leaves_at: str
    result: Outcome
    readings: list[TestReading] = Field(default_factory=list)
    source: str


class Localization(Record):
    """Where the findings place the lesion; for a bilateral palsy also per side (``sides``).

    ``pattern`` is the motor pattern (6.1): a pontine (nuclear) lesion gives a peripheral,
    lower-motor-neuron pattern and is reported as pattern "peripheral" with segments ["pons"].
    ``level_status`` is "indeterminate" when findings contradict each other (segments may then be
    empty; see ``closest_fit`` and ``explanations``) and "not_applicable" for an exam without
    weakness or one that records only the sequelae of an old palsy.
    """

    side: str | None = None
    pattern: Pattern
    level: str = Field(description='readable "consistent with ..." phrase')
    level_status: LevelStatus
    segments: list[str] = Field(default_factory=list, description="candidate segments, proximal to distal")
    sublevels: list[str] = Field(
        default_factory=list, description="candidate positions along the trunk (the mastoid appears twice: above and below the chorda)"
    )
    tests_range: list[str] = Field(
        default_factory=list, description="segments consistent with the topognostic tests alone, before associated signs"
    )
    branches: list[str] = Field(default_factory=list, description="affected branches for a branch-only pattern")
    functions: list[FunctionResult] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    contradictions: list[Note] = Field(default_factory=list)
    closest_fit: list[str] = Field(
        default_factory=list, description="when tests contradict each other: segments with the fewest discordant tests"
    )
    explanations: list[Note] = Field(default_factory=list, description="possible explanations when indeterminate (5.5)")
    caveats: list[Note] = Field(default_factory=list)
    confidence: Confidence
    confidence_reasons: list[str] = Field(default_factory=list)
    sides: dict[str, "Localization"] = Field(default_factory=dict)
    source: str = SOURCE


# ================================================================================================
# Data tables
# ================================================================================================

#: Readable names of the segments (5.1).
SEGMENT_LABELS: dict[Segment, str] = {
    Segment.supranuclear: "supranuclear (cortex, corticobulbar tract)",
    Segment.pons: "nuclear/fascicular (pons)",
    Segment.cpa: "cisternal segment (cerebellopontine angle)",
    Segment.iac: "meatal segment (internal auditory canal)",
    Segment.labyrinthine: "labyrinthine segment",
    Segment.geniculate: "geniculate ganglion",
    Segment.tympanic: "tympanic segment",
    Segment.mastoid: "mastoid segment",
    Segment.stylomastoid: "stylomastoid foramen",
    Segment.parotid: "extratemporal (intraparotid) trunk",
    Segment.branch: "peripheral branch",
}

#: Peripheral trunk segments from the brainstem exit to the parotid (5.1).
TRUNK: tuple[Segment, ...] = (
    Segment.cpa,
    Segment.iac,
    Segment.labyrinthine,
    Segment.geniculate,
    Segment.tympanic,
    Segment.mastoid,
    Segment.stylomastoid,
    Segment.parotid,
)


@dataclass(frozen=True)
class Function:
    key: str
    label: str
    nerve: str
    source: str


#: Functions tested topognostically, and the branch that carries each (5.2).
FUNCTIONS: dict[str, Function] = {
    "lacrimation": Function(
        "lacrimation", "lacrimation", "greater petrosal nerve", cite("5.2", "leaves at the geniculate ganglion")
    ),
    "stapedius": Function(
        "stapedius", "stapedial reflex", "nerve to stapedius", cite("5.2", "leaves the upper mastoid segment")
    ),
    "chorda": Function(
        "chorda",
        "taste / salivation",
        "chorda tympani",
        cite("5.2", "leaves the lower mastoid segment"),
    ),
}


@dataclass(frozen=True)
class Station:
    """A point along the trunk: a possible lesion position or the exit of a branch (5.1, 5.2)."""

    key: str
    segment: Segment | None
    label: str
    exits: tuple[str, ...] = ()


#: The course of the trunk, proximal to distal, with the branch exits (5.1, 5.2). A lesion abolishes
#: the functions whose branch leaves at or distal to it and spares those leaving proximal to it (5.4).
#: The mastoid segment holds two lesion positions, above and below the chorda tympani.
NERVE_COURSE: tuple[Station, ...] = (
    Station("cpa", Segment.cpa, "cerebellopontine angle"),
    Station("iac", Segment.iac, "internal auditory canal"),
    Station("labyrinthine", Segment.labyrinthine, "labyrinthine segment"),
    Station("geniculate", Segment.geniculate, "geniculate ganglion", exits=("lacrimation",)),
    Station("tympanic", Segment.tympanic, "tympanic segment"),
    Station("stapedius_exit", None, "nerve to stapedius (upper mastoid, below the second genu)", exits=("stapedius",)),
    Station("mastoid_above_chorda", Segment.mastoid, "mastoid segment between the nerve to stapedius and the chorda"),
    Station("chorda_exit", None, "chorda tympani (about 5-6 mm above the stylomastoid foramen)", exits=("chorda",)),
    Station("mastoid_below_chorda", Segment.mastoid, "lowest mastoid segment, distal to the chorda"),
    Station("stylomastoid", Segment.stylomastoid, "stylomastoid foramen"),
    Station("parotid", Segment.parotid, "intraparotid trunk"),
)

LESION_STATIONS: tuple[Station, ...] = tuple(s for s in NERVE_COURSE if s.segment is not None)
_STATION_INDEX = {s.key: i for i, s in enumerate(NERVE_COURSE)}
_EXIT_INDEX = {f: i for i, s in enumerate(NERVE_COURSE) for f in s.exits}


def station_predicts(station_key: str, function: str) -> bool:
    """True when a lesion at this station abolishes the function (its branch leaves at or distal, 5.4)."""
    return _EXIT_INDEX[function] >= _STATION_INDEX[station_key]


#: Names of the rows of the decision table (5.4), keyed by the predictions (lacrimation, stapedius,
#: chorda) abnormal. The rows themselves are derived from NERVE_COURSE.
DECISION_ROWS: dict[tuple[bool, bool, bool], tuple[str, str]] = {
    (True, True, True): ("suprageniculate", "at or proximal to the geniculate ganglion (suprageniculate)"),
    (False, True, True): ("tympanic", "between the geniculate ganglion and the nerve to stapedius (tympanic segment)"),
    (False, False, True): (
        "mastoid above the chorda",
        "between the nerve to stapedius and the chorda tympani (upper/mid mastoid segment)",
    ),
    (False, False, False): (
        "distal to the chorda",
        "distal to the chorda tympani (lowest mastoid segment, stylomastoid foramen or extratemporal)",
    ),
}
_FUNCTION_ORDER = ("lacrimation", "stapedius", "chorda")

# --- Topognostic test thresholds (5.3). Schirmer thresholds are settings (settings.py). ----------

#: Stapedial reflex values that count as abnormal: absent, or reduced (< half the other side) (5.3).
STAPEDIAL_ABNORMAL = frozenset({StapedialReflex.absent, StapedialReflex.reduced})
#: Findings on the probe side that make an absent/reduced stapedial reflex uninterpretable (5.3, 5.5 #6).
STAPEDIAL_UNINTERPRETABLE_HEARING = frozenset({Hearing.conductive_loss, Hearing.mixed_loss})
STAPEDIAL_UNINTERPRETABLE_OTOSCOPY = frozenset(
    {Otoscopy.effusion, Otoscopy.acute_otitis_media, Otoscopy.chronic_otitis_or_cholesteatoma, Otoscopy.hemotympanum}
)
#: Taste test values that count as abnormal (5.3).
TASTE_ABNORMAL = frozenset({Taste.reduced, Taste.absent})
#: Electrogustometry: thresholds differing by more than 25% are abnormal; no response at 300 uA is
#: complete chorda loss; above about 100 uA the trigeminal nerve may be stimulated (5.3, [S1]).
EGM_DIFFERENCE_FRACTION = 0.25
EGM_NO_RESPONSE_UA = 300.0
EGM_TRIGEMINAL_UA = 100.0
#: Submandibular flow reduced by 25% or more versus the normal side is abnormal (5.3).
SALIVARY_REDUCTION_FRACTION = 0.25

# --- Motor pattern (6.1, 6.2, 5.2) -----------------------------------------------------------

#: FNGS 2.0 regional score (1 normal ... 6 no movement, 1.6.1) at or below which the brow counts as
#: spared, provided it is also better than the lower face. [CONVENTION]
FOREHEAD_SPARED_MAX_SCORE = 2
#: A brow that is not normal counts as relatively spared only when the lower face is at least this many
#: FNGS 2.0 steps weaker: a slightly weak brow beside a moderately weak lower face is the even weakness of
#: a partial peripheral palsy, not sparing (6.1, "relatively spared"). [CONVENTION]
FOREHEAD_SPARING_MARGIN = 2
#: Highest FNGS 2.0 eye score that fits a supranuclear palsy: eye closure "usually preserved or mildly
#: weak" (6.1); 4 and above mean the eye cannot close completely (1.6.1). [CONVENTION]
CENTRAL_EYE_MAX_SCORE = 3
#: Fallback region scores when FNGS 2.0 is not recorded. [CONVENTION: approximate anchor matching of
#: Sunnybrook voluntary 1-5 (2.2) and branch function to the FNGS 2.0 scale (1.6.1)]
SUNNYBROOK_TO_FNGS: dict[int, int] = {5: 1, 4: 2, 3: 3, 2: 5, 1: 6}
BRANCH_TO_FNGS: dict[BranchFunction, int] = {BranchFunction.normal: 1, BranchFunction.weak: 3, BranchFunction.absent: 6}
EYE_CLOSURE_TO_FNGS: dict[EyeClosure, int] = {EyeClosure.incomplete: 4, EyeClosure.none: 6}
#: FNGS 2.0 steps by which a region's FNGS score and its Sunnybrook item (through SUNNYBROOK_TO_FNGS)
#: must differ to be reported as a contradiction: the pattern reads the FNGS score, so a Sunnybrook
#: item saying otherwise is shown, never silently outvoted. [CONVENTION: one step is the matching's own
#: imprecision]
REGION_DISAGREEMENT_STEPS = 2
#: The four branches to the muscles of expression; the cervical branch alone never makes a pattern (5.2).
EXPRESSION_BRANCHES: tuple[Branch, ...] = (Branch.temporal, Branch.zygomatic, Branch.buccal, Branch.marginal_mandibular)

# --- Sequela exams (design decision, see is_sequela_exam) --------------------------------------

#: Days after onset from which synkinesis, contracture or crocodile tears are read as a sequela of
#: an old palsy rather than an acute lesion to localise: 3 months, the guideline's reassessment point
#: (8.1 statement 12). [CONVENTION]
SEQUELA_MIN_DAYS = 90
#: Sunnybrook synkinesis item score from which synkinesis counts as present (2.3: 0 = none).
SYNKINESIS_MIN_SCORE = 1


# ================================================================================================
# Signs: every history and examination fact the rules use, tri-state (True / False / None)
# ================================================================================================


def _lenient_or(*values: bool | None) -> bool | None:
    """True if any is True; False if at least one was assessed and none is True; else None."""
    if any(v is True for v in values):
        return True
    if any(v is False for v in values):
        return False
    return None


def _is(value: object, wanted: object | frozenset | tuple) -> bool | None:
    """Whether an enum finding equals (or is one of) ``wanted``; None when not assessed."""
    if value is None:
        return None
    if isinstance(wanted, (frozenset, set, tuple)):
        return value in wanted
    return value == wanted


def _surgery(site: SurgerySite) -> Callable[[Exam], bool | None]:
    def read(exam: Exam) -> bool | None:
        h = exam.history
        if h.recent_surgery is None:
            return True if site in h.recent_surgery_sites else None
        return bool(h.recent_surgery) and site in h.recent_surgery_sites

    return read


def _cn8(exam: Exam) -> bool | None:
    """CN VIII signs: sensorineural hearing loss, tinnitus, vertigo/vestibular signs (5.4, 6.3)."""
    a, h = exam.associated, exam.history
    positive = (
        _is(a.hearing, (Hearing.sensorineural_loss, Hearing.mixed_loss)) is True
        or a.vestibular is NormalAbnormal.abnormal
        or h.tinnitus is True
        or h.vertigo is True
        or (h.hearing_loss is True and a.hearing is None)
    )
    if positive:
        return True
    if a.hearing is not None:  # hearing examined and no positive sign
        return False
    return None


def _cn5(exam: Exam) -> bool | None:
    """CN V signs: reduced corneal reflex, facial numbness (6.3)."""
    a = exam.associated
    return _lenient_or(
        _is(a.corneal_reflex, (ReflexState.reduced, ReflexState.absent)),
        _is(a.facial_sensation, NormalAbnormal.abnormal),
        exam.history.facial_numbness,
    )


def _otoscopy(value: Otoscopy) -> Callable[[Exam], bool | None]:
    return lambda exam: _is(exam.associated.otoscopy, value)


def _age_below(years: int) -> Callable[[Exam], bool | None]:
    return lambda exam: None if exam.age_years is None else exam.age_years < years


def _twitching(exam: Exam) -> bool | None:
    spasm = [exam.findings(s).sequelae.hemifacial_spasm for s in exam.graded_sides()]
    if is_sequela_exam(exam):  # post-paralytic spasm is a sequela, not the 8.2 warning sign
        spasm = []
    return _lenient_or(exam.history.twitching_before_onset, *spasm)


def _parotid_mass(exam: Exam) -> bool | None:
    return _lenient_or(_is(exam.associated.parotid, Parotid.mass), exam.history.parotid_swelling)


def _parotid_any(exam: Exam) -> bool | None:
    return _lenient_or(_is(exam.associated.parotid, (Parotid.mass, Parotid.swelling)), exam.history.parotid_swelling)


def _mass_with_pain(exam: Exam) -> bool | None:
    mass = _parotid_any(exam)
    if mass is None:
        return None
    return mass and exam.history.otalgia is True


def _gradual(exam: Exam) -> bool | None:
    """The 8.2 red flag "gradual onset over weeks to months, or continued worsening beyond 3 weeks".

    The exam records the course as maximal within 72 h or progressive (over more than 72 h), and
    separately whether the weakness was still worsening after 3 weeks. Bell's palsy may worsen for
    up to 3 weeks (7), so a progressive course alone is not the red flag: only worsening beyond
    3 weeks says the onset spread over weeks to months. A progressive course that stopped within
    3 weeks is not; one whose later course is not recorded is unknown (guidance asks for it).
    """
    e = exam.encounter
    if e.worsening_after_3_weeks is True:
        return True
    if e.onset_course is OnsetCourse.within_72h or e.worsening_after_3_weeks is False:
        return False
    return None


@dataclass(frozen=True)
class Sign:
    """A named fact read from the exam; every rule below refers to signs by key."""

    label: str
    read: Callable[[Exam], bool | None]


#: Every sign the localisation and guidance rules use (design.md exam outline; 6.3; 7; 8.2).
SIGNS: dict[str, Sign] = {
    "onset_acute": Sign(
        "onset maximal within 72 h",
        lambda e: _is(e.encounter.onset_course, OnsetCourse.within_72h) if e.encounter.onset_course is not OnsetCourse.unknown else None,
    ),
    "onset_gradual": Sign("still worsening after 3 weeks (gradual onset over weeks to months)", _gradual),
    "recurrent_same_side": Sign(
        "recurrent palsy on the same side", lambda e: _is(e.encounter.episode, Episode.recurrent_same_side)
    ),
    "recurrent": Sign(
        "recurrent palsy",
        lambda e: _is(e.encounter.episode, (Episode.recurrent_same_side, Episode.recurrent_other_side)),
    ),
    "twitching": Sign("facial twitching or spasm", _twitching),
    "vesicles": Sign(
        "vesicles at the ear",
        lambda e: _lenient_or(_is(e.associated.otoscopy, Otoscopy.vesicles), e.history.ear_vesicles_or_rash),
    ),
    "otalgia": Sign("otalgia or retro-auricular pain", lambda e: e.history.otalgia),
    "severe_pain": Sign(
        "severe pain",
        lambda e: False if e.history.otalgia is False else _is(e.history.otalgia_severity, Severity.severe),
    ),
    "hyperacusis": Sign("hyperacusis", lambda e: e.history.hyperacusis),
    "taste_change": Sign("taste change (symptom)", lambda e: e.history.taste_change),
    "dry_eye": Sign("dry eye or tearing change (symptom)", lambda e: e.history.dry_eye_or_tearing_change),
    "cn8": Sign("CN VIII signs (sensorineural hearing loss, tinnitus, vertigo)", _cn8),
    "sn_hearing_loss": Sign(
        "sensorineural hearing loss",
        lambda e: _is(e.associated.hearing, (Hearing.sensorineural_loss, Hearing.mixed_loss)),
    ),
    "conductive_loss": Sign(
        "conductive hearing loss", lambda e: _is(e.associated.hearing, (Hearing.conductive_loss, Hearing.mixed_loss))
    ),
    "hearing_loss": Sign(
        "hearing loss",
        lambda e: _lenient_or(
            None if e.associated.hearing is None else e.associated.hearing is not Hearing.normal, e.history.hearing_loss
        ),
    ),
    "vertigo": Sign(
        "vertigo or vestibular signs",
        lambda e: _lenient_or(_is(e.associated.vestibular, NormalAbnormal.abnormal), e.history.vertigo),
    ),
    "cn5": Sign("CN V signs (reduced corneal reflex, facial numbness)", _cn5),
    "cn6": Sign("abducens (CN VI) palsy on the side of the facial palsy", lambda e: _is(e.associated.abduction, NormalAbnormal.abnormal)),
    "gaze_palsy": Sign("horizontal gaze palsy", lambda e: e.associated.horizontal_gaze_palsy),
    "lower_cn": Sign("lower cranial nerve (IX-XII) signs", lambda e: _is(e.associated.lower_cranial_nerves, NormalAbnormal.abnormal)),
    "cerebellar": Sign("cerebellar signs", lambda e: e.associated.cerebellar_signs),
    "limb_same_side": Sign(
        "limb weakness on the same side as the facial weakness",
        lambda e: _is(e.associated.limb_weakness, LimbWeakness.same_side_as_face),
    ),
    "limb_opposite": Sign(
        "limb weakness on the side opposite the facial palsy (contralateral hemiparesis)",
        lambda e: _is(e.associated.limb_weakness, LimbWeakness.opposite_side),
    ),
    "limb_bilateral": Sign("weakness of the limbs on both sides", lambda e: _is(e.associated.limb_weakness, LimbWeakness.bilateral)),
    "limb_any": Sign(
        "limb weakness",
        lambda e: None if e.associated.limb_weakness is None else e.associated.limb_weakness is not LimbWeakness.none,
    ),
    "speech": Sign("speech or language deficit", lambda e: e.associated.speech_or_language_deficit),
    "limb_or_speech_history": Sign(
        "limb weakness or speech disturbance (history)", lambda e: e.history.limb_weakness_or_speech_disturbance
    ),
    "diplopia": Sign("diplopia", lambda e: e.history.diplopia),
    "otorrhoea": Sign("otorrhoea", lambda e: e.history.otorrhoea),
    "otoscopy_abnormal": Sign(
        "abnormal otoscopy",
        lambda e: None if e.associated.otoscopy is None else e.associated.otoscopy is not Otoscopy.normal,
    ),
    "aom_otoscopy": Sign("acute otitis media on otoscopy", _otoscopy(Otoscopy.acute_otitis_media)),
    "cholesteatoma_otoscopy": Sign(
        "chronic otitis or cholesteatoma on otoscopy", _otoscopy(Otoscopy.chronic_otitis_or_cholesteatoma)
    ),
    "hemotympanum": Sign("hemotympanum", _otoscopy(Otoscopy.hemotympanum)),
    "canal_granulation": Sign("granulation tissue in the ear canal", _otoscopy(Otoscopy.canal_granulation)),
    "otoscopy_other": Sign("other abnormal otoscopy (e.g. retrotympanic mass)", _otoscopy(Otoscopy.other_abnormal)),
    "fever": Sign("fever", lambda e: e.history.fever),
    "systemic": Sign(
        "systemic symptoms (rash elsewhere, arthralgia, lymphadenopathy, weight loss)", lambda e: e.history.systemic_symptoms
    ),
    "tick": Sign("tick bite, erythema migrans or endemic area", lambda e: e.history.tick_exposure),
    "immunosuppression": Sign("immunosuppression", lambda e: e.history.immunosuppression),
    "diabetes": Sign("diabetes", lambda e: e.history.diabetes),
    "hypertension": Sign("hypertension", lambda e: e.history.hypertension),
    "pregnancy": Sign("pregnancy", lambda e: e.history.pregnancy),
    "head_trauma": Sign("head trauma", lambda e: e.history.head_trauma),
    "surgery_ear": Sign("recent ear surgery", _surgery(SurgerySite.ear)),
    "surgery_skull_base": Sign("recent skull base surgery", _surgery(SurgerySite.skull_base)),
    "surgery_parotid": Sign("recent parotid surgery", _surgery(SurgerySite.parotid)),
    "surgery_neck": Sign("recent neck or submandibular surgery", _surgery(SurgerySite.neck)),
    "surgery_facial": Sign("recent facial surgery", _surgery(SurgerySite.facial)),
    "recent_surgery": Sign("recent surgery near the nerve", lambda e: e.history.recent_surgery),
    "parotid_mass": Sign("parotid mass", _parotid_mass),
    "parotid_swelling": Sign("parotid swelling or mass", _parotid_any),
    "mass_pain": Sign("pain with a parotid swelling or mass", _mass_with_pain),
    "neck_nodes": Sign("neck nodes", lambda e: e.associated.neck_nodes),
    "skin_cancer": Sign("history of skin cancer", lambda e: e.history.skin_cancer_history),
    "bilateral": Sign(
        "bilateral palsy",
        lambda e: None if e.encounter.affected_side is None else e.encounter.affected_side is Side.bilateral,
    ),
    "infant": Sign("infant (under 1 year)", _age_below(1)),
    "child": Sign("child (under 18 years)", _age_below(18)),
    "elderly": Sign("elderly (65 years or older)", lambda e: None if e.age_years is None else e.age_years >= 65),
    "follow_up": Sign("follow-up visit", lambda e: _is(e.encounter.visit, Visit.follow_up)),
}


def read_sign(exam: Exam, key: str) -> bool | None:
    """The value of one sign of :data:`SIGNS` for this exam."""
    return SIGNS[key].read(exam)


# ================================================================================================
# Motor picture of one half of the face
# ================================================================================================

_REGIONS = ("brow", "eye", "nlf", "oral")
_REGION_LABELS = {"brow": "brow", "eye": "eye", "nlf": "nasolabial fold", "oral": "mouth"}
#: Where each region is read from when FNGS 2.0 is not recorded (Sunnybrook expression, branch) [CONVENTION].
_REGION_FALLBACK: dict[str, tuple[str, Branch]] = {
    "brow": ("brow_raise", Branch.temporal),
    "eye": ("gentle_eye_closure", Branch.zygomatic),
    "nlf": ("snarl", Branch.buccal),
    "oral": ("open_mouth_smile", Branch.buccal),
}


@dataclass(frozen=True)
class Motor:
    """The motor findings of one half of the face, reduced to what localisation needs."""

    scores: dict[str, int]  # region -> 1 (normal) .. 6 (no movement), FNGS 2.0 scale
    branches_affected: tuple[Branch, ...]
    branches_normal: tuple[Branch, ...]
    volitional_dissociation: bool
    emotional_dissociation: bool
    #: An item tested with effort shows the eye does not close (the eye-closure table, 1.2): not the
    #: eye of a central palsy, whatever the brow (6.1).
    eye_closure_incomplete: bool = False

    @property
    def recorded(self) -> bool:
        return bool(self.scores) or bool(self.branches_affected) or bool(self.branches_normal)

    @property
    def lower(self) -> int | None:
        values = [self.scores[r] for r in ("nlf", "oral") if r in self.scores]
        return max(values) if values else None

    @property
    def forehead_spared(self) -> bool:
        """The upper-motor-neuron picture of 6.1: the brow normal or nearly so and clearly better than
        the lower face, and the eye closing (preserved or mildly weak). A slightly weak brow beside a
        slightly weaker lower face, or an eye that cannot close, is a peripheral palsy."""
        if self.scores.get("eye", 1) > CENTRAL_EYE_MAX_SCORE or self.eye_closure_incomplete:
            return False
        brow, lower = self.scores.get("brow"), self.lower
        if brow is not None and lower is not None:
            margin = 1 if brow == 1 else FOREHEAD_SPARING_MARGIN
            return brow <= FOREHEAD_SPARED_MAX_SCORE and lower - brow >= margin
        return Branch.temporal in self.branches_normal and any(
            b in self.branches_affected for b in EXPRESSION_BRANCHES if b is not Branch.temporal
        )

    @property
    def normal_so_far(self) -> bool:
        """Something recorded, all of it normal, and a region still not recorded: no weakness found
        yet, which is not a peripheral pattern (a normal brow alone is also central sparing, 6.1)."""
        return (
            self.recorded
            and all(v == 1 for v in self.scores.values())
            and not self.branches_affected
            and not all(r in self.scores for r in _REGIONS)
        )

    @property
    def no_weakness(self) -> bool:
        """Every region recorded and normal, and no branch weak. A region not assessed is unknown,
        never normal: a normal brow alone is also the forehead sparing of a central palsy (6.1)."""
        return (
            all(r in self.scores for r in _REGIONS)
            and all(v == 1 for v in self.scores.values())
            and not self.branches_affected
        )

    def describe(self) -> str:
        parts = [f"{_REGION_LABELS[r]} {self.scores[r]}" for r in _REGIONS if r in self.scores]
        return "FNGS 2.0 regions: " + ", ".join(parts) if parts else "regional scores not recorded"


def _motor(findings: FaceFindings) -> Motor:
    v = findings.voluntary
    scores: dict[str, int] = {}
    for region in _REGIONS:
        fngs = getattr(v, f"fngs_{region}")
        if fngs is not None:
            scores[region] = fngs
            continue
        expression, branch = _REGION_FALLBACK[region]
        sb = getattr(findings.sunnybrook.voluntary, expression)
        branch_value = getattr(v.branches, branch.value)
        if sb is not None:
            scores[region] = SUNNYBROOK_TO_FNGS[sb]
        elif branch_value is not None:
            scores[region] = BRANCH_TO_FNGS[branch_value]
        elif region == "eye" and v.eye_closure in EYE_CLOSURE_TO_FNGS:
            scores[region] = EYE_CLOSURE_TO_FNGS[v.eye_closure]
    affected = tuple(b for b in Branch if getattr(v.branches, b.value) in (BranchFunction.weak, BranchFunction.absent))
    normal = tuple(b for b in Branch if getattr(v.branches, b.value) is BranchFunction.normal)
    posed, spont = v.posed_smile, v.spontaneous_smile
    return Motor(
        scores=scores,
        branches_affected=affected,
        branches_normal=normal,
        volitional_dissociation=posed is SmileSymmetry.weak and spont is SmileSymmetry.symmetric,
        emotional_dissociation=posed is SmileSymmetry.symmetric and spont is SmileSymmetry.weak,
        eye_closure_incomplete=any(found.states == OPEN for found in closure_findings(findings)),
    )


def _regional_disagreements(findings: FaceFindings) -> dict[str, Note]:
    """Regions whose FNGS 2.0 score and Sunnybrook item tell different stories (e.g. FNGS brow 1,
    normal, beside Sunnybrook brow raise 1, cannot start movement), by region label. The FNGS score
    is the one the pattern uses (1.6.1); the disagreement is stated so the clinician can correct an
    entry."""
    notes: dict[str, Note] = {}
    for region in _REGIONS:
        if region == "eye":  # FNGS grades closure with effort, Sunnybrook gentle closure: the
            continue  # eye-closure table compares them (core.eye_closure; HB states their conflicts)
        fngs = getattr(findings.voluntary, f"fngs_{region}")
        expression, _branch = _REGION_FALLBACK[region]
        sunnybrook = getattr(findings.sunnybrook.voluntary, expression)
        if fngs is None or sunnybrook is None:
            continue
        matched = SUNNYBROOK_TO_FNGS[sunnybrook]
        if abs(fngs - matched) >= REGION_DISAGREEMENT_STEPS:
            notes[_REGION_LABELS[region]] = Note(
                text=f"{_REGION_LABELS[region].capitalize()}: FNGS 2.0 {fngs} and Sunnybrook {SUNNYBROOK_LABELS[expression].lower()} "
                f"{sunnybrook} (about FNGS {matched}) disagree; the pattern uses the FNGS 2.0 score.",
                source=cite("1.6.1, 2.2"),
            )
    return notes


def _branch_pattern(motor: Motor) -> tuple[Branch, ...]:
    """Affected branches when only some territories are weak (5.2, 5.4 last row); () otherwise."""
    main_affected = [b for b in motor.branches_affected if b in EXPRESSION_BRANCHES]
    main_normal = [b for b in motor.branches_normal if b in EXPRESSION_BRANCHES]
    if main_affected and main_normal:
        return tuple(motor.branches_affected)
    s = motor.scores
    if not motor.branches_affected and all(r in s for r in _REGIONS):
        # Forehead-only weakness: a temporal (frontal) branch pattern (5.2) [CONVENTION].
        if s["brow"] >= 3 and s["eye"] == 1 and s["nlf"] == 1 and s["oral"] == 1:
            return (Branch.temporal,)
    return ()


def has_no_weakness(exam: Exam) -> bool:
    """True when motor findings were recorded and show no weakness on any graded side."""
    sides = exam.graded_sides()
    return bool(sides) and all(_motor(exam.findings(s)).no_weakness for s in sides)


def _sequelae_present(findings: FaceFindings) -> list[str]:
    s, sb = findings.sequelae, findings.sunnybrook.synkinesis
    found = []
    if s.fngs_secondary is not None and s.fngs_secondary >= 1:
        found.append(f"FNGS 2.0 secondary movement {s.fngs_secondary}")
    if any((getattr(sb, k) or 0) >= SYNKINESIS_MIN_SCORE for k in type(sb).model_fields):
        found.append("Sunnybrook synkinesis")
    if s.contracture:
        found.append("contracture")
    if s.crocodile_tears:
        found.append("crocodile tears")
    return found


def is_sequela_exam(exam: Exam) -> bool:
    """True when the exam records the sequelae of an old palsy rather than an acute lesion.

    Recognised as: synkinesis, contracture or crocodile tears recorded, and at least
    SEQUELA_MIN_DAYS since onset (or, when the onset date is unknown, a follow-up visit).
    Why: localisation and the acute guideline windows do not apply to post-paralytic sequelae
    (reference 11, V16b: "level not applicable"). Not when the weakness went on worsening beyond
    3 weeks (the 8.2 red flag, ``_gradual``): that is an active lesion (tumour red flag in 7) whose
    level and work-up matter, with or without synkinesis. A progressive course that stopped within
    3 weeks, or whose later course is not recorded (follow-ups do not carry it), is Bell's palsy's
    own course (7) and does not keep an old palsy's sequelae from being read as such.
    """
    if not any(_sequelae_present(exam.findings(s)) for s in exam.graded_sides()):
        return False
    if _gradual(exam) is True:
        return False
    days = exam.days_since_onset
    if days is not None:
        return days >= SEQUELA_MIN_DAYS
    return exam.encounter.visit is Visit.follow_up


def palsy_extent(exam: Exam, side: FaceSide) -> Literal["complete", "near_complete", "incomplete", "none"] | None:
    """Complete = no movement in any region (HB VI, FNGS all 6); near-complete = trace at most (HB V).

    "none" = no weakness recorded; None = not enough regions recorded to tell.
    """
    motor = _motor(exam.findings(side))
    scores = motor.scores
    if motor.no_weakness:
        return "none"
    if any(v < 5 for v in scores.values()):
        return "incomplete"
    if len(scores) == len(_REGIONS):
        return "complete" if all(v == 6 for v in scores.values()) else "near_complete"
    return None


# ================================================================================================
# Topognostic tests
# ================================================================================================


def _fmt(value: float) -> str:
    return f"{value:g}"


def _exact(value: float) -> Fraction:
    """A measurement as the decimal it was entered as, so a value exactly at a threshold of 5.3
    (e.g. 0.45 ml/min against 0.6, a 25% reduction) is compared exactly, not after binary rounding."""
    return Fraction(repr(float(value)))


def _percent(a: float, b: float, threshold: int) -> str:
    """``a`` as a percentage of ``b``, rounded, but never rounded across ``threshold``: 49.7% of the
    other side is shown as 49.7, not 50, beside the rule "abnormal when < 50%"."""
    ratio = _exact(a) * 100 / _exact(b)
    shown = a / b * 100  # for display only; infinite for an absurdly small other side
    if not math.isfinite(shown):
        return f"{shown:g}"
    for digits in (0, 1, 2):
        text = f"{shown:.{digits}f}"
        if (Fraction(text) < threshold) == (ratio < threshold):
            return text
    return f"{shown:.3f}"


def _schirmer(exam: Exam, side: FaceSide, settings: Settings, bilateral: bool) -> TestReading:
    src = cite("5.3", "Schirmer")
    t = exam.topognostic.schirmer_mm
    a, b = t.of(side), t.of(exam.other_side(side))
    if a is None:
        return TestReading(test="Schirmer", value="not done", result="not_done", rule="", source=src)
    if b is None:
        return TestReading(
            test="Schirmer",
            value=f"{_fmt(a)} mm; other side not measured",
            result="not_assessable",
            rule="needs both eyes to compare",
            source=src,
        )
    value = f"{_fmt(a)} mm vs {_fmt(b)} mm on the other side"
    if bilateral:
        return TestReading(
            test="Schirmer",
            value=value,
            result="uninterpretable",
            rule="bilateral palsy: no normal side to compare with (6.4)",
            source=src,
        )
    pct, total_min = settings.schirmer_threshold_percent, settings.schirmer_total_min_mm
    rule = f"abnormal when < {pct}% of the other side (setting) or both eyes together < {total_min} mm"
    if b > 0:
        value += f" ({_percent(a, b, pct)}%)"
    low_ratio = b > 0 and _exact(a) * 100 < _exact(b) * pct
    if low_ratio or _exact(a) + _exact(b) < total_min:
        return TestReading(test="Schirmer", value=value, result="abnormal", rule=rule, source=src)
    return TestReading(test="Schirmer", value=value, result="normal", rule=rule, source=src)


def _stapedial(exam: Exam, side: FaceSide) -> TestReading:
    src = cite("5.3", "stapedial reflex")
    value = exam.topognostic.stapedial_reflex.of(side)
    rule = "absent, or less than half the other side (reduced), is abnormal"
    if value is None:
        return TestReading(test="stapedial reflex", value="not done", result="not_done", rule="", source=src)
    if value is StapedialReflex.not_assessable:
        return TestReading(test="stapedial reflex", value="not assessable", result="not_assessable", rule=rule, source=src)
    if value in STAPEDIAL_ABNORMAL:
        hearing, otoscopy = exam.associated.hearing, exam.associated.otoscopy
        if hearing in STAPEDIAL_UNINTERPRETABLE_HEARING or otoscopy in STAPEDIAL_UNINTERPRETABLE_OTOSCOPY:
            return TestReading(
                test="stapedial reflex",
                value=value.value,
                result="uninterpretable",
                rule="conductive loss or middle-ear disease on the probe side makes an absent reflex uninterpretable",
                source=cite("5.5", "caveat 6"),
            )
        return TestReading(test="stapedial reflex", value=value.value, result="abnormal", rule=rule, source=src)
    return TestReading(test="stapedial reflex", value=value.value, result="normal", rule=rule, source=src)


def _taste(exam: Exam, side: FaceSide) -> TestReading:
    src = cite("5.3", "taste")
    value = exam.topognostic.taste.of(side)
    if value is None:
        return TestReading(test="taste", value="not done", result="not_done", rule="", source=src)
    result: ReadingResult = "abnormal" if value in TASTE_ABNORMAL else "normal"
    return TestReading(test="taste", value=value.value, result=result, rule="reduced or absent is abnormal", source=src)


def _egm(exam: Exam, side: FaceSide, bilateral: bool) -> TestReading | None:
    src = cite("5.3", "electrogustometry")
    t = exam.topognostic.electrogustometry_ua
    a, b = t.of(side), t.of(exam.other_side(side))
    if a is None:
        return None
    rule = (
        f"abnormal when > {EGM_DIFFERENCE_FRACTION:.0%} above the other side or no response at "
        f"{_fmt(EGM_NO_RESPONSE_UA)} uA"
    )
    if a >= EGM_NO_RESPONSE_UA:
        return TestReading(
            test="electrogustometry", value=f"no response at {_fmt(a)} uA", result="abnormal", rule=rule, source=src
        )
    if b is None or bilateral:
        return TestReading(
            test="electrogustometry",
            value=f"{_fmt(a)} uA",
            result="not_assessable",
            rule="needs the other side to compare" + (" (bilateral palsy)" if bilateral else ""),
            source=src,
        )
    value = f"{_fmt(a)} uA vs {_fmt(b)} uA on the other side"
    abnormal = b > 0 and _exact(a) > _exact(b) * (1 + _exact(EGM_DIFFERENCE_FRACTION))
    if not abnormal and a > EGM_TRIGEMINAL_UA:
        # A response above about 100 uA may come from the trigeminal nerve, not from taste fibres
        # (5.3): a raised threshold still reads abnormal, but a "normal" one cannot show intact taste.
        return TestReading(
            test="electrogustometry",
            value=value,
            result="uninterpretable",
            rule=f"above {_fmt(EGM_TRIGEMINAL_UA)} uA the trigeminal nerve may respond, so a threshold within "
            f"{EGM_DIFFERENCE_FRACTION:.0%} of the other side does not show intact taste",
            source=src,
        )
    return TestReading(
        test="electrogustometry", value=value, result="abnormal" if abnormal else "normal", rule=rule, source=src
    )


def _salivary(exam: Exam, side: FaceSide, bilateral: bool) -> TestReading | None:
    src = cite("5.3", "submandibular flow")
    t = exam.topognostic.submandibular_flow_ml_min
    a, b = t.of(side), t.of(exam.other_side(side))
    if a is None:
        return None
    rule = f"reduced by {SALIVARY_REDUCTION_FRACTION:.0%} or more versus the other side is abnormal"
    if b is None or b <= 0 or bilateral:
        return TestReading(
            test="submandibular flow",
            value=f"{_fmt(a)} ml/min",
            result="not_assessable",
            rule="needs a normal other side to compare",
            source=src,
        )
    abnormal = _exact(a) <= _exact(b) * (1 - _exact(SALIVARY_REDUCTION_FRACTION))
    return TestReading(
        test="submandibular flow",
        value=f"{_fmt(a)} vs {_fmt(b)} ml/min",
        result="abnormal" if abnormal else "normal",
        rule=rule,
        source=src,
    )


def _combine(readings: list[TestReading]) -> Outcome:
    definite = {r.result for r in readings if r.result in ("abnormal", "normal")}
    if len(definite) == 2:
        return "conflicting"
    if definite:
        return definite.pop()  # type: ignore[return-value]
    return "unknown"


def _functions(exam: Exam, side: FaceSide, settings: Settings, bilateral: bool) -> list[FunctionResult]:
    chorda = [_taste(exam, side)]
    chorda += [r for r in (_egm(exam, side, bilateral), _salivary(exam, side, bilateral)) if r is not None]
    readings = {
        "lacrimation": [_schirmer(exam, side, settings, bilateral)],
        "stapedius": [_stapedial(exam, side)],
        "chorda": chorda,
    }
    out = []
    for key in _FUNCTION_ORDER:
        f = FUNCTIONS[key]
        out.append(
            FunctionResult(
                function=key,
                label=f.label,
                leaves_at=f"{f.nerve}",
                result=_combine(readings[key]),
                readings=readings[key],
                source=f.source,
            )
        )
    return out


def _function_phrase(f: FunctionResult) -> str:
    shown = [r for r in f.readings if r.result != "not_done"]
    detail = "; ".join(r.value if r.test == f.label else f"{r.test} {r.value}" for r in shown) if shown else "not done"
    return f"{f.label} {f.result} ({detail})"


# ================================================================================================
# Narrowing by associated signs (6.3, end of 5.4)
# ================================================================================================


@dataclass(frozen=True)
class NarrowRule:
    """When the signs hold, the lesion is probably at ``target``.

    ``overrides_tests``: when the target lies outside the range the tests allow, the sign still
    wins (5.4 convention: associated signs take precedence over the autonomic and taste tests) and
    the conflict is reported. Off for CN VIII signs alone, which are too common (e.g. age-related
    hearing loss) to overrule the tests [CONVENTION].
    """

    key: str
    target: tuple[Segment, ...]
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    false_of: tuple[str, ...] = ()  # signs that must have been assessed as absent
    none_of: tuple[str, ...] = ()  # signs that must not be present (absent or not assessed)
    finding: str = ""
    source: str = ""
    overrides_tests: bool = True

    def matches(self, exam: Exam) -> bool:
        if not all(read_sign(exam, k) is True for k in self.all_of):
            return False
        if self.any_of and not any(read_sign(exam, k) is True for k in self.any_of):
            return False
        if not all(read_sign(exam, k) is False for k in self.false_of):
            return False
        return not any(read_sign(exam, k) is True for k in self.none_of)


_SUPRAGENICULATE = (Segment.cpa, Segment.iac, Segment.labyrinthine, Segment.geniculate)

#: Positive site signs, in priority order: the first rule that matches and leaves at least one of
#: the remaining candidates narrows the range to its target (6.3, 5.4 end, 7). Vesicles come first
#: because CN VIII may be involved in Ramsay Hunt by spread (5.4), so vesicles + CN VIII = geniculate.
NARROW_RULES: tuple[NarrowRule, ...] = (
    NarrowRule(
        "ramsay_hunt",
        (Segment.geniculate,),
        any_of=("vesicles",),
        finding="vesicles at the ear (Ramsay Hunt pattern; CN VIII may be involved by spread)",
        source=cite("5.4, 6.3"),
    ),
    NarrowRule(
        "transverse_fracture",
        (Segment.labyrinthine, Segment.geniculate),
        all_of=("head_trauma",),
        any_of=("sn_hearing_loss", "vertigo"),
        finding="head trauma with sensorineural loss or vertigo (transverse, otic-capsule-violating fracture: perigeniculate/labyrinthine) [typical site UNVERIFIED]",
        source=cite("7", "temporal bone fracture; 11 V15"),
    ),
    NarrowRule(
        "temporal_bone_trauma",
        (Segment.labyrinthine, Segment.geniculate, Segment.tympanic, Segment.mastoid),
        all_of=("head_trauma",),
        finding="head trauma (temporal bone fracture: intratemporal course)",
        source=cite("7"),
    ),
    NarrowRule(
        "parotid_mass",
        (Segment.parotid,),
        any_of=("parotid_mass", "parotid_swelling"),
        finding="parotid swelling or mass (extratemporal)",
        source=cite("6.3", "extratemporal"),
    ),
    NarrowRule(
        "surgery_extratemporal",
        (Segment.parotid,),
        any_of=("surgery_parotid", "surgery_facial", "surgery_neck"),
        finding="recent parotid, facial or neck surgery (extratemporal)",
        source=cite("6.3, 7", "iatrogenic"),
    ),
    NarrowRule(
        "surgery_ear",
        (Segment.tympanic, Segment.mastoid),
        any_of=("surgery_ear",),
        finding="recent ear or mastoid surgery",
        source=cite("7", "iatrogenic"),
    ),
    NarrowRule(
        "surgery_skull_base",
        _SUPRAGENICULATE,
        any_of=("surgery_skull_base",),
        finding="recent skull base (CPA/IAC) surgery",
        source=cite("7", "iatrogenic"),
    ),
    NarrowRule(
        "skull_base",
        (Segment.mastoid, Segment.stylomastoid),
        any_of=("canal_granulation",),
        finding="granulation tissue in the ear canal (necrotising otitis externa: mastoid/skull base)",
        source=cite("6.3", "mastoid / skull base"),
    ),
    NarrowRule(
        "acute_otitis_media",
        (Segment.tympanic,),
        any_of=("aom_otoscopy",),
        finding="acute otitis media (dehiscent tympanic segment)",
        source=cite("6.3, 7", "otitis media"),
    ),
    NarrowRule(
        "middle_ear",
        (Segment.tympanic, Segment.mastoid),
        any_of=("cholesteatoma_otoscopy", "hemotympanum"),
        finding="chronic otitis/cholesteatoma or hemotympanum (middle ear)",
        source=cite("6.3", "middle ear"),
    ),
    NarrowRule(
        "cpa",
        (Segment.cpa,),
        all_of=("cn8",),
        any_of=("cn5", "cerebellar"),
        finding="CN VIII signs with CN V or cerebellar signs",
        source=cite("5.4, 6.3", "CPA"),
    ),
    NarrowRule(
        "iac",
        (Segment.iac,),
        all_of=("cn8",),
        false_of=("cn5",),
        none_of=("cerebellar",),
        finding="CN VIII signs with CN V intact and no cerebellar signs",
        source=cite("5.4, 6.3", "IAC"),
        overrides_tests=False,
    ),
    NarrowRule(
        "cpa_or_iac",
        (Segment.cpa, Segment.iac),
        all_of=("cn8",),
        finding="CN VIII signs (CN V not assessed)",
        source=cite("5.4, 6.3"),
        overrides_tests=False,
    ),
)


@dataclass(frozen=True)
class ExcludeRule:
    """A sign assessed as absent argues against ``excluded`` segments (5.4 end)."""

    key: str
    sign: str
    excluded: tuple[Segment, ...]
    finding: str
    source: str


EXCLUDE_RULES: tuple[ExcludeRule, ...] = (
    ExcludeRule(
        "no_cn8",
        "cn8",
        (Segment.cpa, Segment.iac),
        "no CN VIII signs (hearing examined)",
        cite("5.4", "labyrinthine/geniculate: no CN VIII signs"),
    ),
)


# ================================================================================================
# Caveats and explanations (5.5, 6.1, 6.4)
# ================================================================================================

CAVEATS: dict[str, Note] = {
    "not_discrete": Note(
        text="Lesions are often not discrete: inflammatory lesions such as Bell's palsy involve long stretches of nerve and partial lesions affect fibre groups unequally.",
        source=cite("5.5", "caveat 1"),
    ),
    "poor_agreement": Note(
        text="Topognostic and electrophysiological localisation agree poorly (kappa 0.011 in one series).",
        source=cite("5.5", "caveat 2"),
    ),
    "schirmer": Note(
        text="Schirmer is the least reliable test (30-40% sensitivity in proven suprageniculate lesions).",
        source=cite("5.5", "caveat 3"),
    ),
    "chorda_low": Note(
        text="The chorda tympani occasionally leaves below the stylomastoid foramen, so lost taste does not always mean an intratemporal lesion.",
        source=cite("5.5", "caveat 4"),
    ),
    "egm": Note(
        text="Electrogustometry can be falsely abnormal in acute Bell's palsy, thresholds rise with age, and above about 100 uA the trigeminal nerve may be stimulated.",
        source=cite("5.5", "caveat 5; 5.3"),
    ),
    "stapedial": Note(
        text="Conductive hearing loss or a middle-ear effusion makes the stapedial reflex uninterpretable.",
        source=cite("5.5", "caveat 6"),
    ),
    "limited_use": Note(
        text="Topodiagnosis has very limited proven clinical usefulness today; imaging and electrodiagnostics have replaced it for decisions.",
        source=cite("5.5", "caveat 7"),
    ),
    "forehead": Note(
        text="Forehead sparing is not absolute: a partial peripheral lesion can spare the frontal branch, and a pontine lesion gives a full peripheral-type palsy.",
        source=cite("6.1", "caveat"),
    ),
    "bilateral": Note(
        text="Bilateral palsy: a systemic cause until proven otherwise; symmetric weakness is easy to miss, and side-to-side tests (Schirmer, electrogustometry, salivary flow) have no normal side to compare with.",
        source=cite("6.4"),
    ),
    "pons_tests": Note(
        text="Topognostic results in pontine lesions are not established (tears and taste usually normal, stapedial reflex variable): they neither confirm nor exclude the pons.",
        source=cite("5.4, 13", "item 8; [UNVERIFIED]"),
    ),
    "pons_unexamined": Note(
        text="Abduction, gaze and limb strength were not examined: a pontine lesion (which gives a peripheral-type palsy) is not excluded.",
        source=cite("6.1, 6.3"),
    ),
    "side_unknown": Note(
        text="The affected side is not recorded, so the tests cannot be read against the other side.",
        source=cite("5.3"),
    ),
    "motor_unknown": Note(
        text="No motor findings are recorded: the range given assumes a whole-hemiface (peripheral) palsy.",
        source=cite("5.4"),
    ),
    "motor_normal_so_far": Note(
        text="Every facial region recorded is normal and the others are not recorded yet: a normal forehead "
        "is also the sparing of a central palsy, so the pattern is not judged; the range given assumes a "
        "whole-hemiface (peripheral) palsy.",
        source=cite("6.1"),
    ),
    "consistent_with": Note(
        text="The level is 'consistent with', never certain; the clinician confirms it.",
        source=cite("5.5", "recommendation"),
    ),
}


def _widened(functions: list[FunctionResult]) -> Note | None:
    missing = []
    for f in functions:
        if f.result in ("unknown", "conflicting"):
            states = {r.result for r in f.readings}
            why = (
                "results disagree"
                if f.result == "conflicting"
                else "not assessable"
                if "not_assessable" in states
                else "uninterpretable"
                if "uninterpretable" in states
                else "not done"
            )
            missing.append(f"{f.label} ({why})")
    if not missing:
        return None
    return Note(
        text="Treated as unknown, so the range of levels is wider: " + "; ".join(missing) + ".",
        source=cite("5.4", "handling of incomplete inputs [CONVENTION]"),
    )


# ================================================================================================
# Localisation of one side
# ================================================================================================


@dataclass
class _Build:
    """Mutable scratch for one side; frozen into a Localization at the end."""

    side: FaceSide | None
    pattern: Pattern = "indeterminate"
    level: str = ""
    status: LevelStatus = "consistent"
    segments: list[Segment] = field(default_factory=list)
    sublevels: list[str] = field(default_factory=list)
    tests_range: list[Segment] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    functions: list[FunctionResult] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    contradictions: list[Note] = field(default_factory=list)
    closest_fit: list[Segment] = field(default_factory=list)
    explanations: list[Note] = field(default_factory=list)
    caveats: list[Note] = field(default_factory=list)
    low_reasons: list[str] = field(default_factory=list)

    def support(
        self, level: str, segments: list[Segment] | tuple[Segment, ...], finding: str, source: str, observed: str = ""
    ) -> None:
        self._add(level, segments, finding, "supports", source, observed)

    def against(
        self, level: str, segments: list[Segment] | tuple[Segment, ...], finding: str, source: str, observed: str = ""
    ) -> None:
        self._add(level, segments, finding, "argues_against", source, observed)

    def _add(
        self, level: str, segments: list[Segment] | tuple[Segment, ...], finding: str, direction: Direction, source: str,
        observed: str,
    ) -> None:
        self.evidence.append(Evidence(
            level=level, segments=[s.value for s in segments], finding=finding, direction=direction, source=source,
            observed=observed or finding,
        ))

    def caveat(self, key: str) -> None:
        note = CAVEATS[key]
        if note not in self.caveats:
            self.caveats.append(note)

    def freeze(self) -> Localization:
        confidence: Confidence = "low" if self.low_reasons else "moderate"
        return Localization(
            side=self.side.value if self.side else None,
            pattern=self.pattern,
            level=self.level,
            level_status=self.status,
            segments=[s.value for s in _ordered(self.segments)],
            sublevels=self.sublevels,
            tests_range=[s.value for s in _ordered(self.tests_range)],
            branches=self.branches,
            functions=self.functions,
            evidence=self.evidence,
            contradictions=self.contradictions,
            closest_fit=[s.value for s in _ordered(self.closest_fit)],
            explanations=self.explanations,
            caveats=self.caveats,
            confidence=confidence,
            confidence_reasons=self.low_reasons or ["findings fit one pattern and no test is missing"],
        )


def _ordered(segments: list[Segment] | tuple[Segment, ...]) -> list[Segment]:
    return sorted(set(segments), key=lambda s: s.order)


def _names(segments: list[Segment] | tuple[Segment, ...], conjunction: str = "or") -> str:
    labels = [SEGMENT_LABELS[s] for s in _ordered(segments)]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {conjunction} " + labels[-1]


_CENTRAL_SIGNS: tuple[tuple[str, str], ...] = (
    ("limb_same_side", cite("6.1, 6.3")),
    ("speech", cite("6.1, 6.3")),
    ("limb_or_speech_history", cite("6.1, 6.3")),
)
_PONTINE_SIGNS: tuple[tuple[str, str], ...] = (
    ("cn6", cite("6.3", "Millard-Gubler")),
    ("gaze_palsy", cite("6.3", "Foville")),
    ("limb_opposite", cite("6.3", "contralateral hemiparesis")),
)


def _central_signs(exam: Exam, motor: Motor) -> list[tuple[str, str]]:
    found = []
    if motor.volitional_dissociation:
        found.append(("posed smile weak but spontaneous smile symmetric (volitional paresis)", cite("6.2")))
    if motor.emotional_dissociation:
        found.append(("posed smile symmetric but spontaneous smile weak (emotional paresis)", cite("6.2")))
    for key, source in _CENTRAL_SIGNS:
        if read_sign(exam, key):
            found.append((SIGNS[key].label, source))
    return found


def _pontine_signs(exam: Exam) -> list[tuple[str, str, str]]:
    return [(key, SIGNS[key].label, source) for key, source in _PONTINE_SIGNS if read_sign(exam, key)]


def _test_contradictions_for(b: _Build, functions: list[FunctionResult], level: str, why: str) -> None:
    """Record abnormal tests that a level predicting normal tests cannot explain (motor precedence, 5.4)."""
    abnormal = [f for f in functions if f.result == "abnormal"]
    for f in abnormal:
        b.contradictions.append(
            Note(
                text=f"{_function_phrase(f)} does not fit a {level} lesion (tests are normal there); {why}",
                source=cite("5.4", "motor pattern and associated signs take precedence [CONVENTION]"),
            )
        )
    if abnormal:
        b.low_reasons.append("topognostic tests conflict with the motor pattern")
        b.caveat("not_discrete")


def _localize_side(exam: Exam, side: FaceSide | None, settings: Settings, bilateral: bool) -> Localization:
    b = _Build(side=side)
    if side is None:
        b.level = "indeterminate: the affected side is not recorded"
        b.status = "indeterminate"
        b.caveat("side_unknown")
        b.low_reasons.append("affected side not recorded")
        return b.freeze()

    findings = exam.findings(side)
    motor = _motor(findings)
    disagreements = _regional_disagreements(findings)
    b.contradictions += disagreements.values()
    if disagreements:  # the pattern rests on entries that another entry contradicts: never "fits one pattern"
        b.low_reasons.append("FNGS 2.0 and Sunnybrook disagree on the " + join_labels(disagreements))
    b.functions = _functions(exam, side, settings, bilateral)

    # --- Not applicable: sequelae of an old palsy, or no weakness at all --------------------------
    if is_sequela_exam(exam):
        found = _sequelae_present(findings)
        b.pattern = "peripheral"
        b.status = "not_applicable"
        b.level = "not applicable: sequelae of a past peripheral palsy (" + ", ".join(found) + ")"
        b.support(
            "peripheral (lower motor neuron)",
            [],
            "post-paralytic " + ", ".join(found) + f", {exam.days_since_onset or 'many'} days after onset",
            cite("7", "Bell's palsy natural history: synkinesis, contracture, crocodile tears"),
        )
        b.low_reasons.append("sequela exam: the original level cannot be read from current findings")
        return b.freeze()
    if motor.no_weakness and (motor.emotional_dissociation or motor.volitional_dissociation):
        # Posed and spontaneous smiles differ although the regional scores are normal: 6.2 asks for
        # a central-pattern hint, so this is not "no weakness".
        _smile_dissociation(b, exam, motor)
        return b.freeze()
    if motor.no_weakness:
        b.pattern = "indeterminate"
        b.status = "not_applicable"
        b.level = "not applicable: no facial weakness on this exam"
        b.low_reasons.append("no weakness to localise")
        return b.freeze()

    pontine = _pontine_signs(exam)
    central = _central_signs(exam, motor)
    branch = _branch_pattern(motor)
    if motor.forehead_spared:
        b.support(SEGMENT_LABELS[Segment.supranuclear], [Segment.supranuclear], f"forehead relatively spared ({motor.describe()})", cite("6.1"))
    elif motor.scores.get("brow", 1) >= 2 and not branch:
        b.support("peripheral (lower motor neuron)", [], f"forehead involved ({motor.describe()})", cite("6.1"))
        b.against(SEGMENT_LABELS[Segment.supranuclear], [Segment.supranuclear], "forehead involved", cite("6.1"))

    if pontine and not motor.forehead_spared:
        _pons(b, exam, pontine)
    elif motor.forehead_spared and (central or pontine):
        _central(b, exam, central, motor, pontine)
    elif branch:
        _branch(b, branch, motor)
    elif motor.forehead_spared:
        _central(b, exam, central, motor, pontine)
    elif central and motor.recorded:
        _mixed(b, exam, central, settings, motor)
    else:
        _peripheral(b, exam)
        if not motor.recorded:
            b.pattern = "indeterminate"
            b.level = "motor pattern not recorded; " + b.level
            b.caveat("motor_unknown")
            b.low_reasons.append("motor findings not recorded")
        elif motor.normal_so_far:
            missing = ", ".join(_REGION_LABELS[r] for r in _REGIONS if r not in motor.scores)
            b.pattern = "indeterminate"
            b.level = f"motor pattern not judged: the regions recorded are normal (not recorded: {missing}); " + b.level
            b.caveat("motor_normal_so_far")
            b.low_reasons.append(f"no weakness recorded so far (not recorded: {missing})")
    return b.freeze()


def _smile_dissociation(b: _Build, exam: Exam, motor: Motor) -> None:
    """Posed and spontaneous smiles differ with normal regional scores: a central-pattern hint (6.2).

    Emotional (mimic) paresis leaves posed movement normal, so the regional scores, which grade
    posed movement, can all be normal. The hint names the supranuclear level with low confidence.
    """
    b.pattern = "central"
    b.segments = [Segment.supranuclear]
    for label, source in _central_signs(exam, motor):
        b.support(SEGMENT_LABELS[Segment.supranuclear], [Segment.supranuclear], label, source)
    if motor.emotional_dissociation:
        kind = "emotional (mimic) facial paresis: posed smile symmetric, spontaneous smile weak"
        b.explanations.append(
            Note(
                text="Emotional facial paresis is reported with thalamic, striatocapsular, insular and medial frontal lesions (lesion list unverified).",
                source=cite("6.2", "[UNVERIFIED] lesion list"),
            )
        )
    else:
        kind = "volitional facial paresis: posed smile weak, spontaneous smile symmetric"
        b.contradictions.append(
            Note(
                text="The posed smile is recorded as weak, but the regional scores of voluntary movement are all normal.",
                source=cite("6.2, 1.6.1"),
            )
        )
    b.level = (
        f"central pattern hint: {kind}, with no weakness on the regional scores; "
        "consistent with a supranuclear (upper motor neuron) lesion"
    )
    b.low_reasons.append("the difference between posed and spontaneous smile is the only sign of weakness")
    b.caveat("consistent_with")


def _pons(b: _Build, exam: Exam, pontine: list[tuple[str, str, str]]) -> None:
    b.pattern = "peripheral"
    keys = {k for k, _, _ in pontine}
    for _, label, source in pontine:
        b.support(SEGMENT_LABELS[Segment.pons], [Segment.pons], label, source)
    if keys == {"cn6"} and read_sign(exam, "cn8") and (read_sign(exam, "cn5") or read_sign(exam, "cerebellar")):
        b.segments = [Segment.pons, Segment.cpa]
        b.support(SEGMENT_LABELS[Segment.cpa], [Segment.cpa], "CN VIII with CN V/cerebellar signs (CN VI is a late CPA sign)", cite("5.4, 6.3"))
        b.level = "consistent with a pontine (nuclear/fascicular) or cerebellopontine angle lesion"
        b.low_reasons.append("CN VI palsy with CPA signs: pons and CPA both possible")
    else:
        b.segments = [Segment.pons]
        name = (
            " (Millard-Gubler pattern)"
            if {"cn6", "limb_opposite"} <= keys
            else " (Foville pattern)"
            if {"gaze_palsy", "limb_opposite"} <= keys
            else ""
        )
        b.level = f"consistent with a nuclear/fascicular lesion in the pons{name}: whole-hemiface palsy with brainstem signs"
    b.caveat("pons_tests")
    b.caveat("consistent_with")


def _central(
    b: _Build, exam: Exam, central: list[tuple[str, str]], motor: Motor, pontine: list[tuple[str, str, str]]
) -> None:
    b.pattern = "central"
    b.segments = [Segment.supranuclear]
    for label, source in central:
        b.support(SEGMENT_LABELS[Segment.supranuclear], [Segment.supranuclear], label, source)
    if pontine:
        # Brainstem signs beside a forehead-sparing weakness: the pons row of 5.4 expects the whole
        # hemiface, but associated signs take precedence (5.4), so the pons stays a candidate, said so.
        b.segments = [Segment.supranuclear, Segment.pons]
        for _, label, source in pontine:
            b.support(SEGMENT_LABELS[Segment.pons], [Segment.pons], label, source)
        b.contradictions.append(
            Note(
                text="Brainstem signs (" + ", ".join(label for _, label, _ in pontine) + ") with a forehead-sparing "
                "weakness: a pontine lesion usually weakens the whole hemiface; one above the facial nucleus "
                "(corticobulbar fibres) or a partial one may not.",
                source=cite("5.4, 6.3"),
            )
        )
        b.low_reasons.append("brainstem signs with a central-pattern face")
    if read_sign(exam, "limb_opposite"):
        b.against(
            SEGMENT_LABELS[Segment.supranuclear],
            [Segment.supranuclear],
            "limb weakness on the side opposite the face (a supranuclear lesion weakens face and limbs on the same side)",
            cite("6.1"),
        )
        b.contradictions.append(
            Note(text="Limb weakness is on the side opposite the facial weakness.", source=cite("6.1, 6.3"))
        )
        b.low_reasons.append("limb weakness on the opposite side")
    if pontine:
        b.level = "consistent with a supranuclear or pontine lesion: forehead relatively spared, with brainstem signs"
    elif central:
        b.level = "consistent with a supranuclear (upper motor neuron) lesion: forehead relatively spared with other central signs"
    else:
        b.level = "consistent with a supranuclear lesion (forehead relatively spared); no other central sign recorded"
        b.low_reasons.append("forehead sparing is the only central sign")
        b.explanations.append(
            Note(
                text="A partial peripheral lesion sparing the frontal branch, or a lesion of the lower branches; record the branch territories and the posed and spontaneous smiles.",
                source=cite("6.1, 5.2"),
            )
        )
    _test_contradictions_for(b, b.functions, "supranuclear", "the motor pattern is kept")
    b.caveat("forehead")
    b.caveat("consistent_with")


def _branch(b: _Build, branch: tuple[Branch, ...], motor: Motor) -> None:
    b.pattern = "branch"
    names = [x.value.replace("_", " ") for x in branch]
    b.branches = [x.value for x in branch]
    normal = [x.value.replace("_", " ") for x in motor.branches_normal]
    finding = "only some branch territories weak: " + ", ".join(names)
    if normal:
        finding += "; normal: " + ", ".join(normal)
    main = [x for x in branch if x in EXPRESSION_BRANCHES]
    if len(main) >= 2:
        # Several branches but not all: a division of the nerve inside the parotid or several
        # branches (5.1 parotid: upper and lower divisions; 5.4 last row) [CONVENTION].
        b.segments = [Segment.parotid, Segment.branch]
        b.level = "consistent with an intraparotid division or peripheral branch lesion: " + ", ".join(names) + " branches"
    else:
        b.segments = [Segment.branch]
        b.level = "consistent with a peripheral branch lesion: " + ", ".join(names) + " branch"
    b.support(SEGMENT_LABELS[Segment.branch], b.segments, finding, cite("5.2, 5.4"))
    b.against(
        SEGMENT_LABELS[Segment.supranuclear],
        [Segment.supranuclear],
        "weakness confined to branch territories, without central signs",
        cite("5.2, 6.1"),
    )
    _test_contradictions_for(b, b.functions, "branch", "the branch pattern is kept (5.5 caveat 4: the chorda can leave low)")
    if any(f.result == "abnormal" and f.function == "chorda" for f in b.functions):
        b.caveat("chorda_low")
    b.caveat("forehead")
    b.caveat("consistent_with")


def _not_spared_because(motor: Motor) -> str:
    """Why the face does not show forehead sparing, in the words of 6.1, without calling an item
    that was not assessed normal or abnormal."""
    if motor.scores.get("eye", 1) > CENTRAL_EYE_MAX_SCORE or motor.eye_closure_incomplete:
        return "the eye cannot close completely"
    if motor.scores.get("brow", 1) >= 2:
        return "the forehead involved"
    missing = [_REGION_LABELS[r] for r in _REGIONS if r not in motor.scores]
    if missing:
        return "forehead sparing not judged (not recorded: " + ", ".join(missing) + ")"
    return "the lower face no weaker than the forehead"


def _mixed(b: _Build, exam: Exam, central: list[tuple[str, str]], settings: Settings, motor: Motor) -> None:
    """Central signs with a face that does not show forehead sparing (or where it cannot be judged
    yet) and no brainstem signs: not forced either way."""
    _peripheral(b, exam)
    for label, source in central:
        b.support(SEGMENT_LABELS[Segment.supranuclear], [Segment.supranuclear], label, source)
    b.pattern = "indeterminate"
    b.status = "indeterminate"
    if Segment.supranuclear not in b.segments and not any(f.result == "abnormal" for f in b.functions):
        b.segments = [Segment.supranuclear, *b.segments]
    why = _not_spared_because(motor)
    b.level = f"indeterminate: central signs with {why}; " + b.level
    b.contradictions.append(
        Note(text="Central signs (" + "; ".join(l for l, _ in central) + f") with {why}.", source=cite("6.1"))
    )
    b.explanations.append(
        Note(
            text="Forehead sparing in central palsy is relative; a pontine lesion gives a peripheral-type palsy; or two separate lesions.",
            source=cite("6.1"),
        )
    )
    b.low_reasons.append("central signs with a peripheral motor pattern")
    b.caveat("forehead")


def _row_name(station: Station) -> tuple[str, str]:
    key = tuple(station_predicts(station.key, f) for f in _FUNCTION_ORDER)
    return DECISION_ROWS[key]  # type: ignore[index]


def _peripheral(b: _Build, exam: Exam) -> None:
    b.pattern = "peripheral"
    functions = b.functions
    definite = {f.function: f.result == "abnormal" for f in functions if f.result in ("abnormal", "normal")}

    # Evidence per decision-table row and definite function (5.4).
    rows: dict[str, tuple[str, list[Segment], Station]] = {}
    for st in LESION_STATIONS:
        name, desc = _row_name(st)
        entry = rows.setdefault(name, (desc, [], st))
        entry[1].append(st.segment)  # type: ignore[arg-type]
    for name, (desc, segs, st) in rows.items():
        for f in functions:
            if f.function not in definite:
                continue
            predicted = station_predicts(st.key, f.function)
            observed = _function_phrase(f)
            text = f"{observed}; a lesion {desc} predicts it {'abnormal' if predicted else 'normal'}"
            if predicted == definite[f.function]:
                b.support(name, segs, text, cite("5.4"), observed)
            else:
                b.against(name, segs, text, cite("5.4"), observed)
    # Symptoms: weak evidence that excludes nothing (5.3: hyperacusis is the stapedius correlate).
    for sign_key, function in (("hyperacusis", "stapedius"), ("taste_change", "chorda"), ("dry_eye", "lacrimation")):
        if read_sign(exam, sign_key) and function not in definite:
            segs = [st.segment for st in LESION_STATIONS if station_predicts(st.key, function)]
            b.support(
                f"{FUNCTIONS[function].nerve} or proximal",
                segs,  # type: ignore[arg-type]
                f"{SIGNS[sign_key].label} (symptom only; excludes nothing)",
                cite("5.2, 5.3"),
            )

    consistent = [st for st in LESION_STATIONS if all(station_predicts(st.key, f) == v for f, v in definite.items())]
    if definite:
        for key in ("not_discrete", "poor_agreement", "limited_use"):
            b.caveat(key)
    if "lacrimation" in definite:
        b.caveat("schirmer")
    if definite.get("chorda"):
        b.caveat("chorda_low")
    chorda = next(f for f in functions if f.function == "chorda")
    if any(r.test == "electrogustometry" and r.result != "not_done" for r in chorda.readings):
        b.caveat("egm")
    stapedius = next(f for f in functions if f.function == "stapedius")
    if stapedius.readings[0].result in ("not_assessable", "uninterpretable"):
        b.caveat("stapedial")
    widened = _widened(functions)
    if widened:
        b.caveats.append(widened)
        b.low_reasons.append("one or more topognostic tests unknown or not assessable")
    for f in functions:
        if f.result == "conflicting":
            b.contradictions.append(
                Note(
                    text=f"Tests of the {FUNCTIONS[f.function].nerve} disagree ({_function_phrase(f)}); treated as unknown.",
                    source=cite("5.3", "chemical taste tests may disagree with EGM"),
                )
            )
    if not any(read_sign(exam, k) is not None for k in ("cn6", "gaze_palsy", "limb_any")):
        b.caveat("pons_unexamined")

    if not consistent:
        _contradictory(b, exam, definite)
        return

    b.sublevels = [st.key for st in consistent]
    tests_range = _ordered([st.segment for st in consistent])  # type: ignore[misc]
    b.tests_range = tests_range
    candidates = list(tests_range)
    row_descs = []
    for st in consistent:
        desc = _row_name(st)[1]
        if desc not in row_descs:
            row_descs.append(desc)
    if definite:
        level = "consistent with a lesion " + " or ".join(row_descs)
    else:
        level = "consistent with a peripheral (infranuclear) lesion; the tests do not place it"

    # Associated signs narrow the range (6.3); the first positive site sign that fits wins.
    overridden = False
    for rule in NARROW_RULES:
        if not rule.matches(exam):
            continue
        kept = [s for s in candidates if s in rule.target]
        if not kept and not rule.overrides_tests:
            continue
        if not kept:
            # Associated signs take precedence over the tests (5.4 convention): say so loudly.
            kept = list(rule.target)
            overridden = True
            b.contradictions.append(
                Note(
                    text=f"{rule.finding[0].upper()}{rule.finding[1:]} points to the {_names(kept)}, outside the range "
                    f"the topognostic tests allow ({_names(candidates)}); the associated sign is given precedence.",
                    source=cite("5.4", "associated signs take precedence [CONVENTION]"),
                )
            )
            b.explanations.extend(CAVEATS[k] for k in ("not_discrete", "poor_agreement", "schirmer", "chorda_low"))
            b.low_reasons.append("associated signs and topognostic tests disagree")
        removed = [s for s in candidates if s not in kept]
        b.support(_names(kept), kept, rule.finding, rule.source)
        if removed:
            b.against(_names(removed), removed, rule.finding, rule.source)
        candidates = kept
        break
    narrowed = candidates != tests_range
    excluded_by: list[str] = []
    for rule in EXCLUDE_RULES:
        if read_sign(exam, rule.sign) is False:
            hit = [s for s in candidates if s in rule.excluded]
            kept = [s for s in candidates if s not in rule.excluded]
            if hit and kept:
                b.against(_names(hit), hit, rule.finding, rule.source)
                b.support(_names(kept), kept, rule.finding, rule.source)
                candidates = kept
                excluded_by.append(f"{rule.finding}: argues against the {_names(hit, 'and')}")
    if overridden:
        level = f"consistent by associated signs with the {_names(candidates)}; the tests alone point {', '.join(row_descs)} (conflict reported)"
        b.sublevels = [st.key for st in LESION_STATIONS if st.segment in candidates]
    elif narrowed or (excluded_by and len(candidates) <= 2):
        level += "; associated signs favour the " + _names(candidates)
    elif excluded_by:
        level += "; " + "; ".join(excluded_by)
    b.segments = candidates
    b.level = level
    if not definite:
        b.low_reasons.append("no topognostic test available")
    b.caveat("consistent_with")


def _contradictory(b: _Build, exam: Exam, definite: dict[str, bool]) -> None:
    """No level fits every definite test: report it, give the closest fit, force nothing (5.4)."""
    b.status = "indeterminate"
    b.segments = []
    observed = ", ".join(f"{FUNCTIONS[f].label} {'abnormal' if v else 'normal'}" for f, v in definite.items())
    b.level = f"indeterminate: the topognostic results fit no single level ({observed})"
    b.contradictions.append(Note(text=f"No level of the nerve explains {observed} together.", source=cite("5.4")))
    misfits: dict[str, list[str]] = {}
    for st in LESION_STATIONS:
        misfits[st.key] = [f for f, v in definite.items() if station_predicts(st.key, f) != v]
    fewest = min(len(v) for v in misfits.values())
    best = [st for st in LESION_STATIONS if len(misfits[st.key]) == fewest]
    b.closest_fit = _ordered([st.segment for st in best])  # type: ignore[misc]
    discordant = sorted({f for st in best for f in misfits[st.key]}, key=_FUNCTION_ORDER.index)
    b.explanations.append(CAVEATS["not_discrete"])
    b.explanations.append(CAVEATS["poor_agreement"])
    specific = {"lacrimation": "schirmer", "stapedius": "stapedial", "chorda": "chorda_low"}
    for f in discordant:
        b.explanations.append(CAVEATS[specific[f]])
        if f == "chorda":
            b.explanations.append(CAVEATS["egm"])
    b.explanations.append(
        Note(
            text=f"Closest fit: {_names(b.closest_fit)}, if the {', '.join(FUNCTIONS[f].label for f in discordant)} result is set aside.",
            source=cite("5.4", "[CONVENTION]"),
        )
    )
    b.low_reasons.append("topognostic results contradict each other")


# ================================================================================================
# Entry point
# ================================================================================================


def _affected_sides(exam: Exam) -> list[FaceSide] | None:
    side = exam.encounter.affected_side
    if side is Side.bilateral:
        return [FaceSide.right, FaceSide.left]
    if side is not None:
        return [FaceSide(side.value)]
    recorded = exam.recorded_sides()
    if len(recorded) == 1:
        return recorded
    if len(recorded) == 2:
        return recorded
    return None


def localize(exam: Exam, settings: Settings | None = None) -> Localization:
    """Localise the lesion from the motor pattern, topognostic tests and associated signs.

    Unilateral: one result. Bilateral: ``sides`` holds each half; the top level combines them
    (pattern shared or indeterminate, segments the union) with the 6.4 caveat.
    """
    settings = settings or Settings()
    sides = _affected_sides(exam)
    if not sides:
        return _localize_side(exam, None, settings, bilateral=False)
    if len(sides) == 1:
        return _localize_side(exam, sides[0], settings, bilateral=False)
    per_side = {s.value: _localize_side(exam, s, settings, bilateral=True) for s in sides}
    return _combine_sides(per_side)


def _union(lists: list[list[str]]) -> list[str]:
    return [s.value for s in _ordered([Segment(x) for lst in lists for x in lst])]


def _combine_sides(per_side: dict[str, Localization]) -> Localization:
    results = list(per_side.values())
    patterns = {r.pattern for r in results if r.level_status != "not_applicable"} or {r.pattern for r in results}
    pattern: Pattern = patterns.pop() if len(patterns) == 1 else "indeterminate"
    statuses = {r.level_status for r in results}
    status: LevelStatus = (
        "not_applicable"
        if statuses == {"not_applicable"}
        else "indeterminate"
        if "indeterminate" in statuses
        else "consistent"
    )
    kind = {"central": "bilateral central (upper motor neuron) facial weakness", "peripheral": "bilateral peripheral facial palsy (facial diplegia)"}.get(
        pattern, "bilateral facial weakness"
    )
    level = kind + ": " + "; ".join(f"{side}: {r.level}" for side, r in per_side.items())

    def merged(attr: str) -> list:
        out: list = []
        for r in results:
            for item in getattr(r, attr):
                if item not in out:
                    out.append(item)
        return out

    evidence = [
        e.model_copy(update={"finding": f"{side}: {e.finding}", "observed": f"{side}: {e.observed}"})
        for side, r in per_side.items()
        for e in r.evidence
    ]
    caveats = merged("caveats")
    if CAVEATS["bilateral"] not in caveats:
        caveats.insert(0, CAVEATS["bilateral"])
    reasons = ["bilateral palsy: side-to-side tests have no normal side"] + [
        f"{side}: {reason}" for side, r in per_side.items() if r.confidence == "low" for reason in r.confidence_reasons
    ]
    return Localization(
        side=Side.bilateral.value,
        pattern=pattern,
        level=level,
        level_status=status,
        segments=_union([r.segments for r in results]),
        sublevels=[st.key for st in LESION_STATIONS if any(st.key in r.sublevels for r in results)],
        tests_range=_union([r.tests_range for r in results]),
        branches=merged("branches"),
        functions=[],
        evidence=evidence,
        contradictions=[
            n.model_copy(update={"text": f"{side}: {n.text}"}) for side, r in per_side.items() for n in r.contradictions
        ],
        closest_fit=_union([r.closest_fit for r in results]),
        explanations=merged("explanations"),
        caveats=caveats,
        confidence="low",
        confidence_reasons=reasons,
        sides=per_side,
    )
