"""Guidance: differential for the level, red flags, guideline actions with their windows, imaging, codes.

Why this shape: the clinician decides; the app lists what the findings support, with the reason
and the source for every line (design.md, "What the assessment shows"). The differential is
ordered by a transparent tally: each entity of reference section 7 (and 6.4 for bilateral palsy)
carries the clues that support or argue against it as data, and the entity must fit the level
found by :func:`facialis.core.localize.localize`. The Bell's palsy guideline statements (8.1) are
shown with their time windows only when Bell's palsy heads the differential; other causes get
their own work-up from the same tables.

Every rule, window, table and code lives once below with its reference section.
"""
from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal

from pydantic import Field, model_validator

from .exam.enums import FaceSide, Grade, OnsetCourse, Segment, Side, Visit
from .exam.models import Exam
from .explain import Record, cite
from .eye_closure import closes, closure_findings, does_not_close
from .localize import (
    SIGNS,
    TRUNK,
    Localization,
    Note,
    has_no_weakness,
    is_sequela_exam,
    palsy_extent,
    read_sign,
)

__all__ = [
    "Action",
    "ACTION_ORDER",
    "Code",
    "Codes",
    "DifferentialItem",
    "EncounterCodes",
    "Guidance",
    "ImagingSuggestion",
    "RedFlag",
    "CODES",
    "ENTITIES",
    "RED_FLAGS",
    "STATEMENTS",
    "action_rank",
    "guidance",
    "order_actions",
]

Extent = Literal["complete", "near_complete", "incomplete", "none"]

DISCLAIMER = Note(
    text="Decision support for clinicians: the clinician confirms every conclusion.",
    source="design.md (What the assessment shows)",
)


# ================================================================================================
# Result records
# ================================================================================================


class Code(Record):
    """One code with its verification tag from the reference (9)."""

    system: Literal["ICD-10-CM", "SNOMED CT"]
    code: str
    display: str
    tag: str = Field(description="verification tag of the reference: [CODE], [S2], [S1]")
    complete: bool = Field(default=True, description="False for a category that still needs a digit")
    note: str = ""
    source: str


class Codes(Record):
    icd10cm: list[Code] = Field(default_factory=list)
    snomed: list[Code] = Field(default_factory=list)


class DifferentialItem(Record):
    key: str
    name: str
    segments: list[str]
    fit: str = Field(description="how the entity fits the level found")
    codes: Codes
    supporting: list[str] = Field(default_factory=list)
    against: list[str] = Field(default_factory=list)
    source: str
    note: str = ""


class RedFlag(Record):
    key: str
    flag: str
    findings: list[str]
    source: str


WindowState = Literal["not_open_yet", "open", "closed"]


class Action(Record):
    """A guideline statement or work-up step, with its time window where one applies.

    Times are naive local datetimes, like the exam time. ``window_start`` is when the window opens
    (steroid: the start of the onset day; ENoG: the end of the onset day + 72 h) and ``due_by``
    when it closes (steroid: 72 h after the start of the onset day; ENoG: the end of day 14) or
    when the step falls due (reassessment: 3 months after onset).

    ``window_state`` says where the exam time stands: ``not_open_yet`` (ENoG on day 1-2),
    ``open`` or ``closed``; None where no window applies, it cannot be computed (no onset date)
    or the step was already done. ``window_open`` is kept for readers of the older shape and
    always follows ``window_state``: True when open, False only when closed, None otherwise.
    ``hours_left`` is counted from the exam date and time while the window is open (a screen can
    say "steroid window closes in 9 h"), 0 once it has closed, None otherwise.

    ``done`` marks a step the encounter records as already under way (steroid or antiviral
    started); ``done_on`` is its recorded start date. The reason says whether that was inside
    the window.
    """

    key: str
    statement: str | None = Field(default=None, description="row number of reference 8.1, when a guideline statement")
    text: str
    strength: str
    applies: bool = True
    reason: str = ""
    window_start: datetime | None = None
    due_by: datetime | None = None
    window_state: WindowState | None = None
    window_open: bool | None = Field(default=None, description="follows window_state: True open, False closed, None otherwise")
    hours_left: float | None = None
    done: bool = False
    done_on: date | None = None
    source: str

    @model_validator(mode="before")
    @classmethod
    def _window_open_follows_state(cls, data: Any) -> Any:
        """Derive ``window_open`` from ``window_state``; read an older record that has only ``window_open``.

        The older shape said False both before the window opened and after it closed; it left
        ``hours_left`` None in the first case and 0 in the second, which tells them apart.
        """
        if not isinstance(data, dict):
            return data
        data = dict(data)
        state = data.get("window_state")
        given = data.get("window_open")
        if "window_state" not in data:
            if given is True:
                state = "open"
            elif given is False:
                state = "closed" if data.get("hours_left") is not None else "not_open_yet"
            data["window_state"] = state
            given = None  # re-derived below
        expected = {"open": True, "closed": False}.get(state) if state is not None else None
        if given is not None and given is not expected:
            raise ValueError(f"window_open={given} contradicts window_state={state!r}")
        data["window_open"] = expected
        return data


class ImagingSuggestion(Record):
    key: str
    modality: str
    reason: str
    source: str


class EncounterCodes(Record):
    icd10cm: list[Code] = Field(default_factory=list)
    snomed: list[Code] = Field(default_factory=list)
    laterality: Code | None = None
    notes: list[Note] = Field(default_factory=list)


class Guidance(Record):
    differential: list[DifferentialItem] = Field(default_factory=list, description="most likely first")
    red_flags: list[RedFlag] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    imaging: list[ImagingSuggestion] = Field(default_factory=list)
    codes: EncounterCodes = Field(default_factory=EncounterCodes)
    electrodiagnostics: list[Note] = Field(default_factory=list)
    guideline_applies: bool = Field(default=False, description="the Bell's palsy guideline (8.1) applies")
    palsy_extent: Extent | None = None
    notes: list[Note] = Field(default_factory=list)


# ================================================================================================
# Codes (9.1 ICD-10-CM [CODE]; 9.2 SNOMED CT; 9.3 laterality)
# ================================================================================================


def _icd(code: str, display: str, note: str = "", complete: bool = True) -> Code:
    return Code(system="ICD-10-CM", code=code, display=display, tag="[CODE]", complete=complete, note=note, source=cite("9.1"))


def _sct(code: str, display: str, tag: str, note: str = "") -> Code:
    return Code(system="SNOMED CT", code=code, display=display, tag=tag, note=note, source=cite("9.2" if code not in _LATERALITY_IDS else "9.3"))


_LATERALITY_IDS = {"24028007", "7771000", "51440002"}

#: Every code the app emits, as the reference lists it. Only SNOMED IDs the reference verifies.
CODES: dict[str, Code] = {
    "G51.0": _icd("G51.0", "Bell's palsy", "no laterality digit: laterality is stored separately (9.3)"),
    "G51.1": _icd("G51.1", "Geniculate ganglionitis", "Excludes1: postherpetic geniculate ganglionitis (B02.21)"),
    "G51.2": _icd("G51.2", "Melkersson's syndrome"),
    "G51.8": _icd("G51.8", "Other disorders of facial nerve"),
    "G51.9": _icd("G51.9", "Disorder of facial nerve, unspecified"),
    "B02.21": _icd("B02.21", "Postherpetic geniculate ganglionitis", "used for Ramsay Hunt syndrome"),
    "A69.22": _icd("A69.22", "Other neurologic disorders in Lyme disease", "inclusion: cranial neuritis"),
    "G61.0": _icd("G61.0", "Guillain-Barre syndrome"),
    "D86.82": _icd("D86.82", "Multiple cranial nerve palsies in sarcoidosis", "D86.89: sarcoidosis of other sites"),
    "R29.810": _icd(
        "R29.810",
        "Facial weakness",
        "Excludes1: Bell's palsy (G51.0) and facial weakness following cerebrovascular disease (I69.-92); "
        "codes for the acute stroke itself are not in the reference",
    ),
    "I69.392": _icd("I69.392", "Facial weakness following cerebral infarction", "for weakness remaining as a sequela of infarction"),
    "S04.50XA": _icd("S04.50XA", "Injury of facial nerve, unspecified side", "7th character A as in the reference example"),
    "S04.51XA": _icd("S04.51XA", "Injury of facial nerve, right side", "7th character A as in the reference example"),
    "S04.52XA": _icd("S04.52XA", "Injury of facial nerve, left side", "7th character A as in the reference example"),
    "S04.50X-": _icd("S04.50X-", "Injury of facial nerve, unspecified side", "choose the 7th character (A/D/S) for this encounter", False),
    "S04.51X-": _icd("S04.51X-", "Injury of facial nerve, right side", "choose the 7th character (A/D/S) for this encounter", False),
    "S04.52X-": _icd("S04.52X-", "Injury of facial nerve, left side", "choose the 7th character (A/D/S) for this encounter", False),
    "P11.3": _icd("P11.3", "Birth injury to facial nerve"),
    "D33.3": _icd("D33.3", "Benign neoplasm of cranial nerves", "e.g. facial or vestibular schwannoma"),
    "C07": _icd("C07", "Malignant neoplasm of parotid gland"),
    "D11.0": _icd("D11.0", "Benign neoplasm of parotid gland"),
    "H71.9-": _icd("H71.9-", "Unspecified cholesteatoma", "coded by ear; the reference gives the category only, so add the ear digit", False),
    "H66.90": _icd("H66.90", "Otitis media, unspecified, unspecified ear", "use specific H65/H66 codes where possible"),
    "H60.2-": _icd("H60.2-", "Malignant (necrotising) otitis externa", "add the ear digit", False),
    "H70.0-": _icd("H70.0-", "Acute mastoiditis", "add the ear digit", False),
    "G35.-": _icd("G35.-", "Multiple sclerosis", "pick the leaf (G35.A-G35.D in the 2026 file)", False),
    "SCT:193093009": _sct("193093009", "Bell's palsy (disorder)", "[S2]"),
    "SCT:422426003": _sct("422426003", "Facial nerve disorder (disorder)", "[S1]"),
}

#: SNOMED CT laterality qualifiers (9.3).
LATERALITY: dict[Side, Code] = {
    Side.right: _sct("24028007", "Right", "[S2]"),
    Side.left: _sct("7771000", "Left", "[S2]"),
    Side.bilateral: _sct("51440002", "Right and left", "[S2]"),
}

#: Facial nerve injury by side (9.1: S04.51- right, S04.52- left, S04.50- unspecified side).
INJURY_CODES: dict[str | None, tuple[str, str]] = {
    "right": ("S04.51XA", "S04.51X-"),
    "left": ("S04.52XA", "S04.52X-"),
    None: ("S04.50XA", "S04.50X-"),
}


# ================================================================================================
# The differential (7; 6.4 for bilateral palsy)
# ================================================================================================

SUPRA = (Segment.supranuclear,)
PONS = (Segment.pons,)
CPA_IAC = (Segment.cpa, Segment.iac)
LAB_GEN = (Segment.labyrinthine, Segment.geniculate)
TYMP_MAST = (Segment.tympanic, Segment.mastoid)
#: Inflammatory lesions involve long stretches of the nerve and Schirmer misses most suprageniculate
#: lesions (5.5 caveats 1 and 3), so they stay in the list when the tests point lower.
LONG_STRETCH = (Segment.iac, Segment.tympanic, Segment.mastoid)


@dataclass(frozen=True)
class Entity:
    """One cause of facial palsy with the clues that move it up or down the list.

    ``clues`` maps a sign of :data:`facialis.core.localize.SIGNS` (or a guidance-only sign,
    ``branch_pattern``) to a weight: positive supports, negative argues against. ``prior`` is
    non-zero only where the reference states how common the entity is. ``requires_any`` names the
    signs without which the entity cannot be (a fracture needs trauma): the entity is left out
    when all of them were assessed as absent, and kept when one was not asked.
    """

    key: str
    name: str
    segments: tuple[Segment, ...]
    source: str
    clues: dict[str, int] = field(default_factory=dict)
    prior: int = 0
    possible: tuple[Segment, ...] = ()
    any_level: bool = False
    bilateral: bool = False
    bilateral_only: bool = False
    sequela: bool = False
    codes: tuple[str, ...] = ()
    injury_code: bool = False
    actions: tuple[str, ...] = ()
    imaging: tuple[str, ...] = ()
    explains: tuple[str, ...] = ()
    red_flags_against: bool = False
    enog_near_complete: bool = False
    requires_any: tuple[str, ...] = ()
    note: str = ""


#: Score added when the level found is one of the entity's typical segments (7) [CONVENTION].
FIT_TYPICAL = 2
#: Score taken off Bell's palsy for every red flag present (8.2: red flags argue against it) [CONVENTION].
RED_FLAG_PENALTY = 2

_STROKE_CLUES = {
    "onset_acute": 3,
    "limb_same_side": 2,
    "speech": 2,
    "limb_or_speech_history": 1,
    "hypertension": 1,
    "diabetes": 1,
    "onset_gradual": -3,
}

ENTITIES: tuple[Entity, ...] = (
    # --- Supranuclear (7, first row) ---
    Entity(
        "ischaemic_stroke", "Acute ischaemic stroke", SUPRA, cite("7", "supranuclear"), clues=_STROKE_CLUES,
        codes=("R29.810",), actions=("stroke_pathway",), imaging=("emergency_brain",),
        explains=("sudden_with_neuro", "other_cn_long_tract"),
    ),
    Entity(
        "haemorrhagic_stroke", "Haemorrhagic stroke", SUPRA, cite("7", "supranuclear"), clues=_STROKE_CLUES,
        codes=("R29.810",), actions=("stroke_pathway",), imaging=("emergency_brain",),
        explains=("sudden_with_neuro", "other_cn_long_tract"),
    ),
    Entity(
        "supranuclear_tumour", "Brain tumour (supranuclear)", SUPRA, cite("7", "supranuclear"),
        clues={"onset_gradual": 3, "onset_acute": -2}, codes=("R29.810",), imaging=("mri_brain",), explains=("gradual",),
    ),
    Entity(
        "demyelination", "Demyelination (multiple sclerosis)", (Segment.supranuclear, Segment.pons),
        cite("7", "supranuclear and pons"), codes=("G35.-",), imaging=("mri_brain",),
    ),
    Entity(
        "supranuclear_trauma", "Traumatic brain injury (supranuclear)", SUPRA, cite("7", "supranuclear"),
        clues={"head_trauma": 4}, codes=("R29.810",), imaging=("emergency_brain",), explains=("trauma",),
        requires_any=("head_trauma",),
    ),
    Entity(
        "pseudobulbar", "Multi-infarct / pseudobulbar state (bilateral central diplegia)", SUPRA, cite("6.4", "[S1]"),
        bilateral=True, bilateral_only=True, imaging=("mri_brain",), explains=("bilateral",),
    ),
    Entity(
        "motor_neuron_disease", "Motor neuron disease (bilateral central diplegia)", SUPRA, cite("6.4", "[S1]"),
        bilateral=True, bilateral_only=True, explains=("bilateral",),
    ),
    # --- Pons (7) ---
    Entity(
        "pontine_infarction", "Pontine infarction (paramedian basilar branches)", PONS, cite("7", "pons"),
        clues={"onset_acute": 3, "limb_opposite": 2, "cn6": 1, "gaze_palsy": 1, "hypertension": 1, "diabetes": 1, "onset_gradual": -3},
        codes=("R29.810",), actions=("stroke_pathway",), imaging=("emergency_brain",),
        explains=("sudden_with_neuro", "other_cn_long_tract"),
    ),
    Entity(
        "brainstem_vascular_malformation", "Vascular malformation of the brainstem (cavernoma, AVM)", PONS, cite("7", "pons"),
        clues={"onset_acute": 1}, imaging=("mri_brain",), explains=("other_cn_long_tract",),
    ),
    Entity(
        "brainstem_tumour", "Brainstem tumour (glioma, metastasis; brainstem glioma in children)", PONS, cite("7", "pons"),
        clues={"onset_gradual": 3, "child": 1, "onset_acute": -2}, imaging=("mri_brain",), explains=("gradual", "other_cn_long_tract"),
    ),
    Entity(
        "rhombencephalitis", "Rhombencephalitis (e.g. Listeria) [UNVERIFIED]", PONS, cite("7", "pons [UNVERIFIED]"),
        clues={"fever": 2}, imaging=("mri_brain",), explains=("systemic", "other_cn_long_tract"),
    ),
    Entity(
        "brainstem_lesion_bilateral", "Brainstem lesion (pontine tegmentum)", PONS, cite("6.4"),
        bilateral=True, bilateral_only=True, imaging=("mri_brain",), explains=("bilateral", "other_cn_long_tract"),
    ),
    # --- CPA / IAC (7) ---
    Entity(
        "vestibular_schwannoma", "Vestibular schwannoma", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"onset_gradual": 3, "cn8": 2, "cn5": 1, "cerebellar": 1, "onset_acute": -2},
        codes=("D33.3",), actions=("audiogram",), imaging=("mri_whole_course",),
        explains=("gradual", "other_cn_long_tract", "otological"),
    ),
    Entity(
        "facial_schwannoma", "Facial nerve schwannoma (CPA/IAC)", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"onset_gradual": 3, "twitching": 2, "recurrent_same_side": 2, "onset_acute": -2},
        codes=("D33.3",), imaging=("mri_whole_course",), explains=("gradual", "twitching", "recurrent_same_side"),
    ),
    Entity(
        "meningioma", "Meningioma", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"onset_gradual": 3, "cn5": 1, "onset_acute": -2}, imaging=("mri_whole_course",),
        explains=("gradual", "other_cn_long_tract"), note="no ICD-10-CM code for meningioma in the reference",
    ),
    Entity(
        "cpa_vascular", "Vascular lesion at the CPA/IAC (AICA loop, aneurysm, haemangioma)", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"twitching": 1}, imaging=("mri_whole_course",), explains=("twitching",),
    ),
    Entity(
        "epidermoid", "Epidermoid", (Segment.cpa,), cite("7", "CPA/IAC"),
        clues={"onset_gradual": 2}, imaging=("mri_whole_course",), explains=("gradual",),
    ),
    Entity(
        "cpa_metastasis", "Metastasis (CPA/IAC)", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"onset_gradual": 2}, imaging=("mri_whole_course",), explains=("gradual",),
    ),
    Entity(
        "cpa_inflammation", "Inflammation at the CPA/IAC (meningitis, sarcoidosis, Lyme)", CPA_IAC, cite("7", "CPA/IAC"),
        clues={"fever": 2, "systemic": 1}, imaging=("mri_whole_course",), explains=("systemic",),
    ),
    Entity(
        "cpa_trauma_surgery", "Trauma or surgery at the CPA/IAC (e.g. vestibular schwannoma surgery)", CPA_IAC,
        cite("7", "CPA/IAC; iatrogenic"), clues={"surgery_skull_base": 6, "head_trauma": 2}, injury_code=True,
        explains=("trauma",),
        requires_any=("surgery_skull_base", "head_trauma"),
    ),
    # --- Labyrinthine / geniculate (7) ---
    Entity(
        "bells_palsy", "Bell's palsy", LAB_GEN, cite("7", "Bell's palsy: most common acute peripheral cause"),
        clues={"onset_acute": 3, "onset_gradual": -4, "vesicles": -4}, prior=3, possible=LONG_STRETCH,
        codes=("G51.0", "SCT:193093009"), red_flags_against=True,
        note="a diagnosis of exclusion: onset within 72 h and no red flags (7, 8.2)",
    ),
    Entity(
        "ramsay_hunt", "Ramsay Hunt syndrome (herpes zoster oticus)", (Segment.labyrinthine, Segment.geniculate),
        cite("7", "Ramsay Hunt: second most common peripheral cause"),
        clues={
            "vesicles": 6, "vesicles_absent": -2, "otalgia": 1, "severe_pain": 1, "cn8": 1, "onset_acute": 1,
            "onset_gradual": -3,
        },
        prior=2, possible=LONG_STRETCH, codes=("B02.21",), actions=("rhs_treatment", "audiology"),
        explains=("otological", "other_cn_long_tract", "mass_pain"), enog_near_complete=True,
        note="zoster sine herpete (no vesicles) exists; vesicles can follow the palsy",
    ),
    Entity(
        "geniculate_tumour", "Facial nerve schwannoma or haemangioma of the geniculate ganglion", LAB_GEN,
        cite("7", "labyrinthine/geniculate"),
        clues={"onset_gradual": 3, "twitching": 3, "recurrent_same_side": 3, "onset_acute": -2},
        codes=("D33.3",), imaging=("mri_whole_course", "hrct"), explains=("gradual", "twitching", "recurrent_same_side"),
        note="D33.3 codes a schwannoma; no code for haemangioma in the reference",
    ),
    Entity(
        "transverse_fracture", "Transverse temporal bone fracture (otic capsule violating)", LAB_GEN,
        cite("7", "temporal bone fracture; typical site [UNVERIFIED]"),
        clues={"head_trauma": 5, "sn_hearing_loss": 2, "vertigo": 1, "hemotympanum": 1, "conductive_loss": -1},
        possible=TYMP_MAST, injury_code=True, actions=("fracture_decompression",), imaging=("hrct",),
        explains=("trauma", "otological", "other_cn_long_tract"),
        note="facial palsy in about 50% of transverse fractures; immediate complete palsy is the unfavourable pattern",
        requires_any=("head_trauma",),
    ),
    # --- Tympanic / mastoid (7) ---
    Entity(
        "longitudinal_fracture", "Longitudinal temporal bone fracture", TYMP_MAST, cite("7", "temporal bone fracture"),
        clues={"head_trauma": 5, "conductive_loss": 2, "otoscopy_other": 1, "sn_hearing_loss": -1},
        # no prior: "about 80%" is its share of temporal bone fractures, not of facial palsies (7)
        possible=LAB_GEN, injury_code=True, actions=("fracture_decompression",), imaging=("hrct",),
        explains=("trauma", "otological"), note="about 80% of fractures; facial palsy in about 20%",
        requires_any=("head_trauma",),
    ),
    Entity(
        "acute_otitis_media", "Acute otitis media with facial palsy", (Segment.tympanic,), cite("7", "otitis media"),
        clues={"aom_otoscopy": 5, "fever": 1, "otalgia": 1, "child": 2, "otorrhoea": 1},
        possible=(Segment.mastoid,), codes=("H66.90",), actions=("ent_aom",), explains=("otological", "systemic"),
        note="especially children; dehiscent tympanic segment",
        requires_any=("aom_otoscopy",),
    ),
    Entity(
        "chronic_otitis_media", "Chronic otitis media", TYMP_MAST, cite("7", "otitis media"),
        clues={"cholesteatoma_otoscopy": 3, "otorrhoea": 2, "conductive_loss": 1},
        codes=("H66.90",), actions=("urgent_ent",), imaging=("hrct",), explains=("otological",),
    ),
    Entity(
        "cholesteatoma", "Cholesteatoma (chronic otitis media)", TYMP_MAST, cite("7", "otitis media"),
        clues={"cholesteatoma_otoscopy": 5, "otorrhoea": 2, "conductive_loss": 1},
        codes=("H71.9-",), actions=("urgent_ent",), imaging=("hrct",), explains=("otological", "gradual"),
        note="erosion of the Fallopian canal; guarded prognosis, urgent surgical assessment",
    ),
    Entity(
        "mastoiditis", "Mastoiditis", (Segment.mastoid,), cite("7, 6.3"),
        clues={"aom_otoscopy": 2, "fever": 1, "otalgia": 1, "otorrhoea": 1}, possible=(Segment.tympanic,),
        codes=("H70.0-",), actions=("urgent_ent",), imaging=("hrct",), explains=("otological", "systemic"),
    ),
    Entity(
        "paraganglioma", "Paraganglioma (glomus tympanicum/jugulare)", TYMP_MAST, cite("7", "tympanic/mastoid"),
        clues={"otoscopy_other": 3, "onset_gradual": 2, "conductive_loss": 1, "lower_cn": 1},
        imaging=("hrct", "mri_whole_course"), explains=("gradual", "otological", "other_cn_long_tract"),
        note="pulsatile tinnitus, red retrotympanic mass",
    ),
    Entity(
        "temporal_bone_tumour", "Intrinsic temporal bone tumour (e.g. fibrous dysplasia, metastasis, histiocytosis) [examples UNVERIFIED]",
        TYMP_MAST, cite("7", "tympanic/mastoid"), clues={"onset_gradual": 2}, imaging=("hrct", "mri_whole_course"),
        explains=("gradual",),
    ),
    Entity(
        "iatrogenic_ear", "Iatrogenic surgical injury (ear or mastoid surgery)", TYMP_MAST, cite("7", "iatrogenic"),
        clues={"surgery_ear": 6}, possible=LAB_GEN, injury_code=True, actions=("surgical_review",), imaging=("hrct",),
        explains=("trauma",), note="immediate complete palsy after a procedure near the nerve implies possible transection",
        requires_any=("surgery_ear",),
    ),
    Entity(
        "necrotising_otitis_externa",
        "Necrotising (malignant) otitis externa / skull base osteomyelitis (inflammatory disease of the skull base)",
        (Segment.mastoid, Segment.stylomastoid), cite("7, 6.3", "mastoid / skull base"),
        clues={"canal_granulation": 4, "diabetes": 2, "elderly": 1, "severe_pain": 2, "otorrhoea": 1, "immunosuppression": 1},
        codes=("H60.2-",), actions=("urgent_ent",), imaging=("hrct", "mri_whole_course"),
        explains=("otological", "mass_pain", "systemic"),
    ),
    # --- Stylomastoid foramen / extratemporal (7) ---
    Entity(
        "benign_parotid_tumour", "Benign parotid tumour (rarely causes palsy)", (Segment.stylomastoid, Segment.parotid),
        cite("7", "extratemporal"), clues={"parotid_mass": 3, "onset_gradual": 1, "mass_pain": -1, "neck_nodes": -1},
        prior=-1, codes=("D11.0",), actions=("tissue_diagnosis",), imaging=("mri_parotid",), explains=("gradual", "mass_pain"),
    ),
    Entity(
        "parotid_malignancy", "Parotid malignancy (e.g. adenoid cystic or mucoepidermoid carcinoma)",
        (Segment.stylomastoid, Segment.parotid, Segment.branch), cite("7", "extratemporal; tumour red flag"),
        clues={"parotid_mass": 4, "onset_gradual": 2, "mass_pain": 2, "severe_pain": 1, "neck_nodes": 2, "twitching": 1},
        codes=("C07",), actions=("tissue_diagnosis",), imaging=("mri_parotid",),
        explains=("gradual", "mass_pain", "branch_only", "twitching"),
        note="58% of neoplastic palsies are extratemporal, 99% of them malignant",
    ),
    Entity(
        "sarcoma", "Sarcoma (extratemporal)", (Segment.stylomastoid, Segment.parotid), cite("7", "extratemporal"),
        clues={"parotid_mass": 2, "onset_gradual": 1}, actions=("tissue_diagnosis",), imaging=("mri_parotid",),
        explains=("gradual", "mass_pain"),
    ),
    Entity(
        "perineural_skin_cancer", "Perineural spread of skin cancer", (Segment.stylomastoid, Segment.parotid, Segment.branch),
        cite("7", "extratemporal"), clues={"skin_cancer": 5, "onset_gradual": 2}, imaging=("mri_whole_course",),
        explains=("gradual", "mass_pain", "branch_only"),
    ),
    Entity(
        "parotitis", "Inflammation (parotitis, parotid abscess)", (Segment.parotid, Segment.branch), cite("7", "extratemporal"),
        clues={"parotid_swelling": 3, "fever": 2, "mass_pain": 1, "onset_gradual": -2}, explains=("mass_pain", "systemic"),
    ),
    Entity(
        "extratemporal_trauma", "Trauma (facial laceration, blunt injury)", (Segment.stylomastoid, Segment.parotid, Segment.branch),
        cite("7", "extratemporal"), clues={"head_trauma": 3}, injury_code=True, explains=("trauma", "branch_only"),
        requires_any=("head_trauma",),
    ),
    Entity(
        "iatrogenic_extratemporal",
        "Iatrogenic surgical injury (parotidectomy, facelift, TMJ, neck or submandibular surgery)",
        (Segment.parotid, Segment.branch), cite("7", "iatrogenic"),
        clues={"surgery_parotid": 6, "surgery_facial": 6, "surgery_neck": 6, "branch_pattern": 1},
        injury_code=True, explains=("trauma", "branch_only"),
        note="submandibular and neck surgery put the marginal mandibular branch at risk",
        requires_any=("surgery_parotid", "surgery_facial", "surgery_neck"),
    ),
    # --- Multiple or variable levels (7, last row) and bilateral causes (6.4) ---
    Entity(
        "lyme", "Lyme neuroborreliosis", TRUNK, cite("7, 6.4", "Lyme disease"), any_level=True, bilateral=True,
        clues={"tick": 5, "systemic": 2, "bilateral": 2, "fever": 1}, codes=("A69.22",), actions=("lyme_serology",),
        explains=("bilateral", "systemic"),
    ),
    Entity(
        "sarcoidosis", "Sarcoidosis (incl. Heerfordt uveoparotid fever)", TRUNK, cite("7, 6.4"), any_level=True, bilateral=True,
        clues={"bilateral": 2, "parotid_swelling": 1, "systemic": 1, "fever": 1}, codes=("D86.82",),
        explains=("bilateral", "systemic"),
    ),
    Entity(
        "guillain_barre", "Guillain-Barre syndrome (AIDP, Miller Fisher, facial diplegia with paraesthesias)", TRUNK,
        cite("7, 6.4"), any_level=True, bilateral=True, clues={"bilateral": 2, "limb_bilateral": 3, "limb_any": 1},
        codes=("G61.0",), explains=("bilateral", "other_cn_long_tract"),
    ),
    Entity(
        "hiv", "HIV infection", TRUNK, cite("7, 6.4"), any_level=True, bilateral=True,
        clues={"immunosuppression": 2, "systemic": 1, "bilateral": 1}, explains=("bilateral", "systemic"),
    ),
    Entity(
        "leukaemia_lymphoma", "Leukaemia/lymphoma or carcinomatous meningitis", TRUNK, cite("7, 6.4"), any_level=True,
        bilateral=True, clues={"systemic": 1, "bilateral": 1, "onset_gradual": 1}, imaging=("mri_whole_course",),
        explains=("bilateral", "systemic"),
    ),
    Entity(
        "diabetic_neuropathy", "Diabetes-associated cranial neuropathy [UNVERIFIED]", TRUNK, cite("7", "[UNVERIFIED]"),
        any_level=True, clues={"diabetes": 2},
    ),
    Entity(
        "birth_injury", "Birth injury (forceps)", TRUNK, cite("7"), any_level=True, clues={"infant": 5}, codes=("P11.3",),
        explains=("trauma",),
        requires_any=("infant",),
    ),
    Entity(
        "melkersson_rosenthal", "Melkersson-Rosenthal syndrome (recurrent)", TRUNK, cite("6.4, 9.1"), any_level=True,
        bilateral=True, clues={"recurrent": 3}, codes=("G51.2",), explains=("recurrent_same_side", "bilateral"),
    ),
    Entity(
        "syphilis", "Syphilis", TRUNK, cite("6.4"), any_level=True, bilateral=True, bilateral_only=True,
        clues={"systemic": 1}, explains=("bilateral", "systemic"),
    ),
    Entity(
        "tb_meningitis", "Tuberculous meningitis", TRUNK, cite("6.4"), any_level=True, bilateral=True, bilateral_only=True,
        clues={"fever": 1, "systemic": 1}, explains=("bilateral", "systemic"),
    ),
    Entity(
        "leprosy", "Leprosy", TRUNK, cite("6.4"), any_level=True, bilateral=True, bilateral_only=True,
        clues={"systemic": 1}, explains=("bilateral",),
    ),
    Entity(
        "bilateral_fractures", "Bilateral temporal bone fractures", TRUNK, cite("6.4"), any_level=True, bilateral=True,
        bilateral_only=True, clues={"head_trauma": 5}, injury_code=True, imaging=("hrct",), explains=("bilateral", "trauma"),
        requires_any=("head_trauma",),
    ),
    Entity(
        "moebius", "Moebius syndrome (congenital)", TRUNK, cite("6.4"), any_level=True, bilateral=True, bilateral_only=True,
        clues={"infant": 3, "child": 1}, explains=("bilateral",),
    ),
    Entity(
        "myasthenia_gravis", "Myasthenia gravis (neuromuscular junction mimic)", (), cite("6.4", "mimic"),
        bilateral=True, bilateral_only=True, explains=("bilateral",),
    ),
    Entity(
        "botulism", "Botulism (neuromuscular junction mimic)", (), cite("6.4", "mimic"),
        bilateral=True, bilateral_only=True, explains=("bilateral",),
    ),
    Entity(
        "myopathy", "Myopathies (muscle mimic)", (), cite("6.4", "mimic"), bilateral=True, bilateral_only=True,
        explains=("bilateral",),
    ),
    Entity(
        "bilateral_bells", "Bilateral Bell's palsy", LAB_GEN, cite("6.4", "sources disagree on how common"),
        bilateral=True, bilateral_only=True, clues={"onset_acute": 1, "systemic": -1, "tick": -1},
        codes=("G51.0", "SCT:193093009"), note="a diagnosis of exclusion: treat bilateral palsy as systemic until proven otherwise",
    ),
    # --- Sequela (7: 16% left with synkinesis, contracture or crocodile tears; 11 V16b) ---
    Entity(
        "post_paralytic_synkinesis", "Post-paralytic synkinesis after a peripheral palsy (e.g. Bell's palsy)", (),
        cite("7, 11", "Bell's palsy natural history; V16b"), sequela=True,
        note="no code for post-paralytic synkinesis in the reference; G51.8 (other disorders of facial nerve) may fit - check",
    ),
)

_ENTITY_BY_KEY = {e.key: e for e in ENTITIES}


# ================================================================================================
# Red flags (8.2)
# ================================================================================================


@dataclass(frozen=True)
class RedFlagRule:
    """Present when every ``requires`` sign and at least one ``any_of`` sign is present."""

    key: str
    flag: str
    any_of: tuple[str, ...]
    requires: tuple[str, ...] = ()
    source: str = cite("8.2")


RED_FLAGS: tuple[RedFlagRule, ...] = (
    RedFlagRule("gradual", "Gradual onset over weeks to months, or continued worsening beyond 3 weeks", ("onset_gradual",)),
    RedFlagRule(
        "sudden_with_neuro",
        "Sudden onset at maximum with other neurological signs (stroke pattern)",
        ("limb_any", "speech", "limb_or_speech_history", "cn6", "gaze_palsy", "cerebellar"),
        requires=("onset_acute",),
    ),
    RedFlagRule(
        "no_improvement",
        "No improvement at all by about 4 months",
        ("no_movement_4_months",),
    ),
    RedFlagRule("recurrent_same_side", "Recurrent palsy on the same side (tumour in about 30% of ipsilateral recurrences)", ("recurrent_same_side",)),
    RedFlagRule("twitching", "Facial twitching or spasm preceding or accompanying the weakness", ("twitching",)),
    RedFlagRule(
        "other_cn_long_tract",
        "Other cranial neuropathies (V, VI, VIII, IX-XII), long-tract or cerebellar signs",
        ("cn5", "cn6", "gaze_palsy", "cn8", "lower_cn", "limb_any", "cerebellar"),
    ),
    RedFlagRule("bilateral", "Bilateral simultaneous palsy", ("bilateral",)),
    RedFlagRule("branch_only", "Involvement of only some branches", ("branch_pattern",), source=cite("8.2", "[S1]")),
    RedFlagRule(
        "mass_pain",
        "Parotid or neck mass, history of skin cancer, severe persistent pain",
        ("parotid_swelling", "neck_nodes", "skin_cancer", "severe_pain", "mass_pain"),
    ),
    RedFlagRule(
        "otological",
        "Otological signs: otorrhoea, cholesteatoma, hearing loss, vertigo, vesicles",
        ("otorrhoea", "otoscopy_abnormal", "hearing_loss", "vertigo", "vesicles"),
    ),
    RedFlagRule("systemic", "Systemic signs (rash, fever, arthralgia, lymphadenopathy, weight loss), immunosuppression", ("systemic", "fever", "immunosuppression")),
    RedFlagRule("trauma", "Trauma (including recent surgery near the nerve)", ("head_trauma", "recent_surgery")),
)

#: About 4 months without any movement (8.2: "no improvement at all by ~4 months").
NO_IMPROVEMENT_DAYS = 120
_GUIDANCE_SIGN_LABELS = {
    "branch_pattern": "only some branch territories weak",
    # The triad of Ramsay Hunt is palsy, otalgia and vesicles; zoster sine herpete exists and vesicles
    # can follow the palsy (7), so vesicles looked for and absent argue against it without ruling it out
    # [CONVENTION: weight -2, enough that severe otalgia alone does not put it above Bell's palsy].
    "vesicles_absent": "no vesicles at the ear (looked for)",
    "no_movement_4_months": "still no movement 4 months or more after onset",
}


# ================================================================================================
# Guideline statements (8.1) and their windows
# ================================================================================================


@dataclass(frozen=True)
class Statement:
    number: str
    text: str
    strength: str


#: AAO-HNS Bell's palsy guideline (Baugh 2013), rows numbered as in the reference (8.1).
STATEMENTS: dict[str, Statement] = {
    "1": Statement("1", "Use history and examination to exclude identifiable causes of acute unilateral facial paresis", "Strong recommendation"),
    "2": Statement("2", "Do not obtain routine laboratory tests in new-onset Bell's palsy", "Recommendation (against)"),
    "3": Statement("3", "Do not routinely image new-onset Bell's palsy", "Recommendation (against)"),
    "4": Statement("4", "Prescribe oral steroids within 72 h of onset (age 16 and older)", "Strong recommendation"),
    "5": Statement("5", "Do not prescribe oral antivirals alone", "Strong recommendation (against)"),
    "6": Statement("6", "An antiviral plus a steroid within 72 h of onset may be offered", "Option"),
    "7": Statement("7", "Implement eye protection when eye closure is impaired", "Strong recommendation"),
    "8a": Statement("8a", "Do not perform electrodiagnostic testing with incomplete paralysis", "Recommendation (against)"),
    "8b": Statement("8b", "Electrodiagnostic testing may be offered with complete paralysis", "Option"),
    "9": Statement("9", "Surgical decompression", "No recommendation"),
    "10": Statement("10", "Acupuncture", "No recommendation"),
    "11": Statement("11", "Physical therapy", "No recommendation"),
    "12": Statement(
        "12",
        "Reassess or refer to a facial nerve specialist for new or worsening neurological findings or ocular symptoms at any time, or incomplete recovery 3 months after onset",
        "Recommendation",
    ),
}

#: Steroid window and age limit (8.1 statement 4 and scope).
STEROID_WINDOW = timedelta(hours=72)
STEROID_MIN_AGE = 16
#: ENoG is useful from day 3 (not before 72 h) to about day 14 after onset of complete palsy (8.4).
ENOG_FIRST = timedelta(hours=72)
ENOG_LAST_DAY = 14
#: > 90% degeneration within 14 days with no voluntary motor units = poor-prognosis group (8.4).
ENOG_DEGENERATION_THRESHOLD = 90.0
#: Reassess or refer when recovery is incomplete 3 months after onset (8.1 statement 12).
REASSESS_MONTHS = 3

#: The order of the actions on every screen (PDF, wizard, CLI), first matching group first
#: [CONVENTION: the reference gives no order]. Urgent steps (strength "Urgent": stroke pathway,
#: urgent ENT, immediate surgical review; 6.3, 7) come first, then steps with a time window open
#: now or still to open (steroid and antiviral, 8.1 statements 4 and 6; ENoG, 8.4), then the rest.
#: Within a group the order is the order found: guideline statements by number, then the work-up.
ACTION_ORDER: tuple[tuple[str, Callable[[Action], bool]], ...] = (
    ("urgent", lambda a: a.applies and a.strength == "Urgent"),
    ("time_critical", lambda a: a.applies and not a.done and a.window_state in ("open", "not_open_yet")),
)


def action_rank(action: Action) -> int:
    """Index of the first group of :data:`ACTION_ORDER` the action belongs to; the rest come last."""
    return next((i for i, (_, test) in enumerate(ACTION_ORDER) if test(action)), len(ACTION_ORDER))


def order_actions(actions: list[Action]) -> list[Action]:
    """Actions by :data:`ACTION_ORDER`; a stable sort keeps the order found within a group."""
    return sorted(actions, key=action_rank)


@dataclass(frozen=True)
class Step:
    text: str
    strength: str
    source: str


#: Cause-specific work-up named by the reference for each entity (7, 8.3, 8.4, 11).
CAUSE_ACTIONS: dict[str, Step] = {
    "stroke_pathway": Step(
        "Stroke pathway now: emergency brain imaging and stroke team; this is not Bell's palsy",
        "Urgent",
        cite("6.3, 7, 8.2", "sudden onset with other neurological signs"),
    ),
    "audiogram": Step("Audiogram", "Work-up", cite("6.3, 11", "CN VIII signs; V3")),
    "audiology": Step("Audiology (hearing and vestibular assessment)", "Work-up", cite("11", "V6")),
    "rhs_treatment": Step(
        "The Bell's palsy guideline does not apply as such; a steroid plus an antiviral is commonly used; prognosis is worse than in Bell's palsy",
        "Information",
        cite("7", "Ramsay Hunt syndrome"),
    ),
    "urgent_ent": Step(
        "Urgent ENT assessment (facial palsy with chronic ear disease needs urgent surgical assessment)",
        "Urgent",
        cite("7", "otitis media"),
    ),
    "ent_aom": Step(
        "ENT review: myringotomy/antibiotics per the local pathway [UNVERIFIED management detail]",
        "Work-up",
        cite("11", "V8"),
    ),
    "surgical_review": Step(
        "Immediate surgical review; exploration considered (immediate complete palsy after surgery near the nerve implies possible transection) [UNVERIFIED management detail]",
        "Urgent",
        cite("7, 11", "iatrogenic; V9"),
    ),
    "lyme_serology": Step(
        "Lyme serology: justified here even though routine laboratory tests are not recommended in typical Bell's palsy",
        "Work-up",
        cite("7, 8.1", "Lyme disease"),
    ),
    "tissue_diagnosis": Step("Tissue diagnosis via the head-and-neck team", "Work-up", cite("8.3, 11", "V11 [pathway UNVERIFIED]")),
    "fracture_decompression": Step(
        "Immediate complete palsy after trauma is the unfavourable pattern: ENoG between day 3 and 14; exploration/decompression considered if degeneration exceeds 90%",
        "Work-up",
        cite("7, 8.4", "temporal bone fracture; 11 V15"),
    ),
    "systemic_workup": Step(
        "Bilateral palsy: look for a systemic cause (Lyme disease, Guillain-Barre syndrome, sarcoidosis, HIV and the other causes of 6.4)",
        "Work-up",
        cite("6.4"),
    ),
}


# ================================================================================================
# Imaging (8.3)
# ================================================================================================

IMAGING: dict[str, tuple[str, str]] = {
    "emergency_brain": ("Emergency brain imaging (MRI) on the stroke pathway", cite("6.3, 8.3")),
    "mri_brain": ("MRI of the brain with gadolinium", cite("8.3")),
    "mri_whole_course": (
        "MRI with gadolinium of the brain and internal auditory canals, covering the whole course of the nerve from the brainstem through the temporal bone to the parotid",
        cite("8.3", "ACR Appropriateness Criteria, cranial neuropathy"),
    ),
    "hrct": ("High-resolution CT of the temporal bone (no contrast)", cite("8.3")),
    "mri_parotid": (
        "MRI of the parotid region (with ultrasound/FNA per the head-and-neck pathway) [pathway UNVERIFIED]",
        cite("8.3"),
    ),
    "none_routine": ("No routine imaging in typical Bell's palsy", cite("8.1, 8.3", "statement 3")),
}


# ================================================================================================
# Helpers
# ================================================================================================


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _instant(moment: datetime) -> datetime:
    """A wall-clock time as an instant. The exam time and the onset date are local wall-clock times
    (no time zone is recorded), read in the computer's time zone, so that "72 h" is 72 hours of
    elapsed time even across a daylight-saving change, when a calendar day has 23 or 25 hours."""
    if moment.tzinfo is not None:
        return moment
    try:
        return moment.astimezone()
    except (OverflowError, OSError, ValueError):  # outside the platform's time range: wall-clock hours
        return moment.replace(tzinfo=timezone.utc)


def _elapsed(earlier: datetime, later: datetime) -> timedelta:
    """Real time from ``earlier`` to ``later`` (negative when ``later`` comes first)."""
    return _instant(later) - _instant(earlier)


def _after(start: datetime, delta: timedelta) -> datetime:
    """The local wall-clock time when ``delta`` of real time has passed since ``start``."""
    moment = _instant(start) + delta
    try:
        return moment.astimezone().replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return moment.replace(tzinfo=None)


def _hours_left(delta: timedelta) -> float:
    """Hours left, rounded down to 0.1 h so a screen never promises more time than there is."""
    return math.floor(delta.total_seconds() / 360) / 10


def _fmt_dt(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _ago(delta: timedelta) -> str:
    """A readable elapsed time: hours up to two days, then days."""
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h".replace(".0 h", " h") if hours < 48 else f"{int(hours // 24)} days"


#: Extent of the palsy by HB grade (1.2): VI "total paralysis, no movement" is complete, V "only
#: barely perceptible motion" near-complete (trace at most, as ``localize.palsy_extent``), II-IV
#: incomplete, I no weakness.
HB_EXTENT: dict[Grade, Extent] = {
    Grade.I: "none", Grade.II: "incomplete", Grade.III: "incomplete", Grade.IV: "incomplete",
    Grade.V: "near_complete", Grade.VI: "complete",
}
#: Worst first: the extent of an exam is the worst over its graded sides.
EXTENT_ORDER: tuple[Extent, ...] = ("complete", "near_complete", "incomplete", "none")


def _extent(exam: Exam, hb_grades: dict[str, str | None] | None, complete_palsy: bool | None) -> Extent | None:
    """Worst extent over the graded sides, each side from its own evidence: its HB grade when it has
    one, else its own regions (``localize.palsy_extent``), so a complete palsy of a side left without
    an HB suggestion still counts in a bilateral palsy (6.4: graded per side). The caller's flag
    overrides: True is complete, False is never complete."""
    if complete_palsy is True:
        return "complete"
    grades = hb_grades or {}
    found: list[Extent | None] = []
    sides = [side.value for side in exam.graded_sides()]
    for side in sides + [side for side in grades if side not in sides]:
        grade = grades.get(side)
        if grade is not None and grade in HB_EXTENT:
            found.append(HB_EXTENT[Grade(grade)])
        elif side in sides:
            found.append(palsy_extent(exam, FaceSide(side)))
    extent = next((candidate for candidate in EXTENT_ORDER if candidate in found), None)
    if complete_palsy is False and extent == "complete":
        extent = "incomplete"
    return extent


def _guideline_scope_note(exam: Exam, localization: Localization, top: Entity) -> str:
    """Why the Bell's palsy guideline (8.1) is not applied: a leading diagnosis other than Bell's
    palsy, a bilateral palsy, or a motor pattern not (yet) peripheral; never "the leading diagnosis
    here is Bell's palsy" as the reason Bell's guidance is withheld."""
    if top.key != "bells_palsy":
        return f"The Bell's palsy guideline (8.1) applies to Bell's palsy only; the leading diagnosis here is {top.name}."
    if exam.encounter.affected_side is Side.bilateral:
        return "The Bell's palsy guideline (8.1) is not applied to a bilateral palsy, which is rarely Bell's palsy (8.2)."
    if localization.pattern in (None, "indeterminate"):
        return (
            "The Bell's palsy guideline (8.1) is not applied yet: the recorded findings do not establish a "
            "peripheral palsy (record the four facial regions)."
        )
    return (
        "The Bell's palsy guideline (8.1) applies to a peripheral palsy of the whole hemiface; the pattern here is "
        f"{localization.pattern}."
    )


def _eye_closure_impaired(exam: Exam) -> bool | None:
    """Impaired closure on any graded side by any item of ``eye_closure.EYE_CLOSURE_READINGS`` (shared with
    the HB III/IV anchor); False when the items recorded all show complete closure; None when none tells."""
    answers: list[bool] = []
    for side in exam.graded_sides():
        for finding in closure_findings(exam.findings(side)):
            if does_not_close(finding.states):
                answers.append(True)
            elif closes(finding.states):
                answers.append(False)
    if any(answers):
        return True
    return False if answers else None


def _signs(exam: Exam, loc: Localization, extent: Extent | None) -> dict[str, bool | None]:
    """Every sign of localize.SIGNS plus the guidance-only ones, read once."""
    values = {key: read_sign(exam, key) for key in SIGNS}
    values["branch_pattern"] = loc.pattern == "branch"
    values["vesicles_absent"] = None if values["vesicles"] is None else not values["vesicles"]
    days = exam.days_since_onset
    values["no_movement_4_months"] = (
        None if days is None or extent is None else days >= NO_IMPROVEMENT_DAYS and extent == "complete"
    )
    return values


def _label(key: str) -> str:
    return SIGNS[key].label if key in SIGNS else _GUIDANCE_SIGN_LABELS[key]


# ================================================================================================
# Red flags
# ================================================================================================


def _red_flags(signs: dict[str, bool | None]) -> list[RedFlag]:
    out = []
    for rule in RED_FLAGS:
        if not all(signs.get(k) is True for k in rule.requires):
            continue
        present = [k for k in rule.any_of if signs.get(k) is True]
        if present:
            out.append(
                RedFlag(
                    key=rule.key,
                    flag=rule.flag,
                    findings=[_label(k) for k in rule.requires + tuple(present)],
                    source=rule.source,
                )
            )
    return out


# ================================================================================================
# Differential
# ================================================================================================


def _resolve_codes(entity: Entity, exam: Exam) -> Codes:
    icd: list[Code] = []
    sct: list[Code] = []
    for key in entity.codes:
        code = CODES[key]
        (sct if code.system == "SNOMED CT" else icd).append(code)
    if entity.injury_code:
        side = exam.encounter.affected_side
        sides: list[str | None] = (
            ["right", "left"] if side is Side.bilateral else [side.value] if side is not None else [None]
        )
        initial = exam.encounter.visit is Visit.initial
        for s in sides:
            full, category = INJURY_CODES[s]
            icd.append(CODES[full if initial else category])
    return Codes(icd10cm=icd, snomed=sct)


def _level_segments(loc: Localization) -> set[Segment]:
    segs = loc.segments or loc.closest_fit
    if not segs and loc.pattern in ("peripheral", "indeterminate"):
        return set(TRUNK)
    return {Segment(s) for s in segs}


def _differential(
    exam: Exam, loc: Localization, signs: dict[str, bool | None], flags: list[RedFlag], sequela: bool
) -> list[DifferentialItem]:
    if sequela:
        return [_item(e, exam, "sequela of a past palsy", [], []) for e in ENTITIES if e.sequela]
    if loc.level_status == "not_applicable":
        return []
    bilateral = exam.encounter.affected_side is Side.bilateral
    level = _level_segments(loc)
    scored: list[tuple[int, int, DifferentialItem]] = []
    for index, e in enumerate(ENTITIES):
        if e.sequela:
            continue
        if e.requires_any and all(signs.get(k) is False for k in e.requires_any):
            continue
        if bilateral:
            if not e.bilateral:
                continue
            central_entity = Segment.supranuclear in e.segments
            if (loc.pattern == "central") != central_entity:
                continue
            fit, bonus = "cause of bilateral palsy (6.4)", 0
        else:
            if e.bilateral_only:
                continue
            typical = level & set(e.segments)
            if e.any_level and level & set(TRUNK):
                fit, bonus = "involves variable levels", 0
            elif typical:
                fit, bonus = "typical at the level found", FIT_TYPICAL
            elif level & set(e.possible):
                fit, bonus = "possible at the level found", 0
            else:
                continue
        score = e.prior + bonus
        supporting: list[str] = []
        against: list[str] = []
        for key, weight in e.clues.items():
            if signs.get(key) is True:
                score += weight
                (supporting if weight > 0 else against).append(_label(key))
        if e.red_flags_against and flags:
            score -= RED_FLAG_PENALTY * len(flags)
            against += [f"red flag: {f.flag}" for f in flags]
        scored.append((score, index, _item(e, exam, fit, supporting, against)))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [item for _, _, item in scored]


def _item(e: Entity, exam: Exam, fit: str, supporting: list[str], against: list[str]) -> DifferentialItem:
    return DifferentialItem(
        key=e.key,
        name=e.name,
        segments=[s.value for s in e.segments],
        fit=fit,
        codes=_resolve_codes(e, exam),
        supporting=supporting,
        against=against,
        source=e.source,
        note=e.note,
    )


# ================================================================================================
# Actions
# ================================================================================================


def _statement(number: str, **kwargs: object) -> Action:
    s = STATEMENTS[number]
    return Action(
        key=f"guideline_{number}",
        statement=s.number,
        text=s.text,
        strength=s.strength,
        source=cite("8.1", f"statement {s.number}"),
        **kwargs,  # type: ignore[arg-type]
    )


def _onset_start(exam: Exam) -> datetime | None:
    onset = exam.encounter.onset_date
    return datetime.combine(onset, time.min) if onset is not None else None


def _steroid_window(exam: Exam) -> dict[str, object]:
    """The 72-hour window, counted from the start of the onset day (no onset time is recorded).

    The earliest possible onset makes the deadline the earliest possible one: cautious for a
    window that closes (8.1 statement 4) [CONVENTION].
    """
    start = _onset_start(exam)
    if start is None:
        return {"reason": "onset date not recorded: the 72-hour window cannot be computed"}
    due = _after(start, STEROID_WINDOW)
    now = exam.encounter.exam_datetime
    basis = "counted from the start of the onset day, as no onset time is recorded"
    if _elapsed(now, due) > timedelta(0):
        left = _hours_left(_elapsed(now, due))
        return {
            "window_start": start,
            "due_by": due,
            "window_state": "open",
            "hours_left": left,
            "reason": f"window closes {_fmt_dt(due)} ({basis}); {left:g} h left at the exam time",
        }
    return {
        "window_start": start,
        "due_by": due,
        "window_state": "closed",
        "hours_left": 0.0,
        "reason": f"window closed {_fmt_dt(due)}, {_ago(_elapsed(due, now))} before the exam ({basis})",
    }


def _started_within_window(onset: date | None, started: date | None) -> str:
    """Whether a treatment started on ``started`` began within 72 h of an onset on ``onset``.

    Only dates are recorded, so the answer is certain when every time on the start day is less
    than 72 h after every time on the onset day (started by the second day after onset), or at
    least 72 h after it (from the fourth day on); on the third day it cannot be told. Hours are
    real elapsed hours, so a daylight-saving change (a 25-hour day) can move a day into "cannot
    be told".
    """
    if started is None:
        return "started; start date not recorded"
    if onset is None:
        return f"started {started.isoformat()}; onset date not recorded, so the 72-hour window cannot be checked"
    days = (started - onset).days
    # Any time of the start day minus any time of the onset day lies between the end of the onset
    # day to the start of the start day and the start of the onset day to the end of the start day.
    def midnight(day: date) -> datetime:
        return datetime.combine(day, time.min)

    shortest = _elapsed(midnight(onset + timedelta(days=1)), midnight(started))
    longest = _elapsed(midnight(onset), midnight(started + timedelta(days=1)))
    if days < 0:
        return f"started {started.isoformat()}, before the recorded onset {onset.isoformat()}: check the dates"
    if longest <= STEROID_WINDOW:
        return f"started {started.isoformat()}, within the 72-hour window from onset ({onset.isoformat()})"
    if shortest >= STEROID_WINDOW:
        return f"started {started.isoformat()}, after the 72-hour window from onset ({onset.isoformat()}) had closed"
    return (
        f"started {started.isoformat()}, day {days} after onset ({onset.isoformat()}): with no onset or start "
        "time recorded it cannot be told whether that was within 72 h of onset"
    )


def _already_started(exam: Exam, what: str, started: date | None, prefix: str = "") -> dict[str, object]:
    """The window fields of a treatment the encounter records as started: no deadline, no alarm."""
    return {
        "done": True,
        "done_on": started,
        "reason": f"{prefix}{what} already {_started_within_window(exam.encounter.onset_date, started)}",
    }


def _enog_opens(start: datetime) -> datetime:
    """The end of the onset day + 72 h: at least 72 h after any time of the onset day (8.4)."""
    return _after(start + timedelta(days=1), ENOG_FIRST)


def _enog_window(exam: Exam) -> dict[str, object]:
    start = _onset_start(exam)
    if start is None:
        return {"reason": "onset date not recorded: the day 3-14 window cannot be computed"}
    opens = _enog_opens(start)
    due = datetime.combine(start.date() + timedelta(days=ENOG_LAST_DAY), time(23, 59))
    # Day 14 ends at the start of day 15: an exam time with seconds (23:59:30) is still day 14.
    ends = datetime.combine(start.date() + timedelta(days=ENOG_LAST_DAY + 1), time.min)
    now = exam.encounter.exam_datetime
    basis = (
        "72 h after the end of the onset day: at least 72 h after onset whatever its time, as no onset time is "
        "recorded; not before 72 h, degeneration must reach the stimulation site"
    )
    if _elapsed(opens, now) < timedelta(0):
        return {
            "window_start": opens,
            "due_by": due,
            "window_state": "not_open_yet",
            "hours_left": None,
            "reason": f"opens {_fmt_dt(opens)} ({basis}) and closes {_fmt_dt(due)} (day {ENOG_LAST_DAY})",
        }
    if _elapsed(now, ends) > timedelta(0):
        left = _hours_left(max(_elapsed(now, due), timedelta(0)))
        return {
            "window_start": opens,
            "due_by": due,
            "window_state": "open",
            "hours_left": left,
            "reason": f"window open from {_fmt_dt(opens)} ({basis}) until {_fmt_dt(due)} (day {ENOG_LAST_DAY}); {left:g} h left",
        }
    return {
        "window_start": opens,
        "due_by": due,
        "window_state": "closed",
        "hours_left": 0.0,
        "reason": f"window closed {_fmt_dt(due)} (day {ENOG_LAST_DAY})",
    }


def _cause_action(key: str) -> Action:
    step = CAUSE_ACTIONS[key]
    return Action(key=key, text=step.text, strength=step.strength, source=step.source)


def _enog_action(exam: Exam, extent: Extent | None, near_complete_ok: bool) -> Action | None:
    """ENoG from day 3 to 14 for complete palsy (8.1 8b, 8.4); near-complete only where the reference says so."""
    if extent == "complete":
        reason_prefix = "complete palsy"
    elif extent == "near_complete" and near_complete_ok:
        reason_prefix = "near-complete palsy (offered for complete/near-complete palsy in Ramsay Hunt syndrome, 11 V6)"
    else:
        return None
    window = _enog_window(exam)
    window["reason"] = f"{reason_prefix}; {window['reason']}"
    return Action(
        key="enog",
        text="Electroneurography (ENoG) between day 3 and day 14 after onset",
        strength="Option",
        source=cite("8.1, 8.4", "statement 8b; ENoG timing"),
        **window,  # type: ignore[arg-type]
    )


def _actions(
    exam: Exam,
    loc: Localization,
    top: Entity | None,
    flags: list[RedFlag],
    extent: Extent | None,
    sequela: bool,
    guideline: bool,
) -> tuple[list[Action], list[Note]]:
    actions: list[Action] = []
    notes: list[Note] = []
    age = exam.age_years
    impaired = _eye_closure_impaired(exam)
    recovered = loc.level_status == "not_applicable" and not sequela and has_no_weakness(exam)

    if guideline:
        actions.append(_statement("1"))
        for number, what in (("2", "laboratory tests"), ("3", "imaging")):
            if flags:
                actions.append(
                    _statement(number, applies=False, reason=f"red flags present: {what} as the work-up below suggests (8.2, 8.3)")
                )
            else:
                actions.append(_statement(number, reason="typical Bell's palsy without red flags"))
        window = _steroid_window(exam)
        if age is not None and age < STEROID_MIN_AGE:
            actions.append(
                _statement("4", applies=False, reason=f"age {age}: the steroid statement covers patients aged {STEROID_MIN_AGE} and older")
            )
            actions.append(_statement("5"))
            actions.append(_statement("6", applies=False, reason="goes with the steroid statement, which does not cover this age"))
        else:
            age_note = f"age unknown: the statement covers {STEROID_MIN_AGE} and older; " if age is None else ""
            treatment = exam.encounter.treatment
            if treatment.steroid:
                actions.append(_statement("4", **_already_started(exam, "steroid", treatment.steroid_date, age_note)))
            else:
                actions.append(_statement("4", **{**window, "reason": age_note + str(window["reason"])}))
            actions.append(_statement("5", reason="an antiviral is only ever given together with a steroid"))
            if treatment.antiviral:
                actions.append(_statement("6", **_already_started(exam, "antiviral", treatment.antiviral_date, "only together with the steroid; ")))
            else:
                actions.append(_statement("6", **{**window, "reason": "only together with the steroid; " + str(window["reason"])}))
    if impaired:
        actions.append(
            _statement(
                "7",
                reason="eye closure is impaired"
                + ("" if guideline else "; stated in the Bell's palsy guideline, and impaired closure needs protection whatever the cause"),
            )
        )
    elif impaired is None and loc.level_status != "not_applicable":
        notes.append(Note(text="Eye closure not recorded (or the items recorded do not tell whether the eye closes): eye protection (statement 7) cannot be assessed.", source=cite("8.1", "statement 7")))

    peripheral_course = loc.pattern in ("peripheral", "indeterminate") and "pons" not in loc.segments and not sequela and not recovered
    if guideline:
        if extent == "complete":
            enog = _enog_action(exam, extent, near_complete_ok=False)
            if enog:
                actions.append(enog.model_copy(update={"key": "guideline_8b", "statement": "8b", "text": STATEMENTS["8b"].text + " (ENoG day 3 to 14)"}))
        elif extent in ("incomplete", "near_complete"):
            actions.append(_statement("8a", reason="paralysis is incomplete"))
        else:
            notes.append(Note(text="Completeness of the palsy not recorded: electrodiagnostic statements 8a/8b cannot be applied.", source=cite("8.1")))
        notes.append(
            Note(
                text="Surgical decompression, acupuncture and physical therapy: no recommendation in the guideline (statements 9-11).",
                source=cite("8.1", "statements 9-11"),
            )
        )
    elif peripheral_course and top is not None:
        enog = _enog_action(exam, extent, near_complete_ok=top.enog_near_complete)
        if enog:
            actions.append(enog)

    if guideline or recovered:
        actions.append(_reassessment(exam, recovered))

    if top is not None:
        for key in top.actions:
            actions.append(_cause_action(key))
    if exam.encounter.affected_side is Side.bilateral and loc.pattern != "central":
        actions.append(_cause_action("systemic_workup"))
    if sequela:
        notes.append(
            Note(
                text="Sequela exam: the acute guideline windows (steroid, electrodiagnostics) no longer apply.",
                source=cite("8.1, 11", "V16b"),
            )
        )
    if age is not None and age < STEROID_MIN_AGE and not guideline and loc.pattern != "central":
        notes.append(
            Note(
                text=f"Age {age}: the guideline's steroid statement is limited to age {STEROID_MIN_AGE} and older.",
                source=cite("8.1", "scope"),
            )
        )
    return order_actions(actions), notes


def _reassessment(exam: Exam, recovered: bool) -> Action:
    onset = exam.encounter.onset_date
    if recovered:
        return _statement("12", applies=False, reason="complete recovery on this exam: no referral trigger")
    if onset is None:
        return _statement("12", reason="onset date not recorded: reassess 3 months after onset if recovery is incomplete; at any time for new neurological findings or eye symptoms")
    due = datetime.combine(_add_months(onset, REASSESS_MONTHS), time.min)
    if _elapsed(due, exam.encounter.exam_datetime) >= timedelta(0):
        reason = f"3 months after onset ({due.date().isoformat()}) and recovery is incomplete: reassess or refer to a facial nerve specialist"
    else:
        reason = f"reassess by {due.date().isoformat()} (3 months after onset) if recovery is incomplete; at any time for new neurological findings or eye symptoms"
    return _statement("12", due_by=due, reason=reason)


# ================================================================================================
# Imaging
# ================================================================================================


def _imaging(
    loc: Localization, top: Entity | None, flags: list[RedFlag], guideline: bool, sequela: bool, gradual: bool
) -> list[ImagingSuggestion]:
    out: list[ImagingSuggestion] = []

    def add(key: str, reason: str) -> None:
        if any(i.key == key for i in out):
            return
        modality, source = IMAGING[key]
        out.append(ImagingSuggestion(key=key, modality=modality, reason=reason, source=source))

    if sequela or loc.level_status == "not_applicable":
        return out
    if (loc.pattern == "central" or "pons" in loc.segments) and not gradual:
        add("emergency_brain", "central or pontine pattern of acute or unknown onset (6.3): stroke pathway")
    if top is not None:
        for key in top.imaging:
            add(key, f"work-up of {top.name}")
    unexplained = [f for f in flags if top is None or f.key not in top.explains]
    if unexplained and not any(i.key in ("emergency_brain", "mri_whole_course", "mri_brain") for i in out):
        add("mri_whole_course", "red flags not accounted for by the leading diagnosis: " + "; ".join(f.flag for f in unexplained))
    if guideline and not flags and not out:
        add("none_routine", "typical Bell's palsy without red flags")
    return out


# ================================================================================================
# Codes for the encounter and electrodiagnostics
# ================================================================================================


def _encounter_codes(exam: Exam, loc: Localization, top: DifferentialItem | None, sequela: bool) -> EncounterCodes:
    side = exam.encounter.affected_side
    laterality = LATERALITY.get(side) if side is not None else None
    notes = [Note(text="Laterality is recorded as a separate SNOMED CT qualifier.", source=cite("9.3"))]
    if top is None:
        if sequela:
            notes.append(Note(text="No code for post-paralytic sequelae in the reference.", source=cite("9")))
        return EncounterCodes(laterality=laterality, notes=notes)
    icd = list(top.codes.icd10cm)
    sct = list(top.codes.snomed)
    if not sct and loc.pattern in ("peripheral", "branch") and "pons" not in loc.segments and top.key != "post_paralytic_synkinesis":
        sct.append(CODES["SCT:422426003"])
        notes.append(Note(text="No SNOMED CT concept verified for the leading diagnosis; the general facial nerve disorder concept is given.", source=cite("9.2")))
    if not icd:
        notes.append(Note(text=f"No ICD-10-CM code for {top.name} in the reference.", source=cite("9.1")))
    if any(not c.complete for c in icd):
        notes.append(Note(text="A category code needs its final digit before it is billable.", source=cite("9.1")))
    return EncounterCodes(icd10cm=icd, snomed=sct, laterality=laterality, notes=notes)


def _electro(exam: Exam) -> list[Note]:
    """Reading of recorded electrodiagnostics against the 8.4 thresholds."""
    e = exam.electro
    out: list[Note] = []
    src = cite("8.4")
    if e.enog_degeneration_percent is not None:
        pct, day = e.enog_degeneration_percent, e.enog_day
        if day == 3:
            # the same rule as the window (_enog_window): with no onset time recorded, only day 4 is
            # surely 72 h after onset; degeneration not yet at the stimulation site reads too low (8.4)
            out.append(Note(
                text="ENoG on day 3: less than 72 h may have passed since onset (no onset time is recorded), so "
                     "the degeneration may still be underestimated; a low value is worth repeating from day 4.",
                source=src,
            ))
        if day is not None and day < 3:
            out.append(Note(text=f"ENoG on day {day}: before day 3 the result is not valid (degeneration has not reached the stimulation site).", source=src))
        elif day is not None and day > ENOG_LAST_DAY:
            out.append(Note(text=f"ENoG on day {day}: outside the day 3-14 decision window.", source=src))
        elif pct > ENOG_DEGENERATION_THRESHOLD:
            # The criterion is "within 14 days" (8.4): said only when the day was recorded.
            when = (
                f"within {ENOG_LAST_DAY} days"
                if day is not None
                else f"(day of measurement not recorded; the criterion needs it within {ENOG_LAST_DAY} days of onset)"
            )
            if e.emg_voluntary_mups is False:
                out.append(
                    Note(
                        text=f"ENoG {pct:g}% degeneration {when} and no voluntary motor units: poor-prognosis group; surgical decompression may be discussed (the guideline makes no recommendation).",
                        source=cite("8.4, 8.1", "Gantz 1999; statement 9"),
                    )
                )
            elif e.emg_voluntary_mups is True:
                out.append(Note(text=f"ENoG {pct:g}% degeneration but voluntary motor units present: continuity preserved (favourable, 'deblocking').", source=src))
            else:
                out.append(Note(text=f"ENoG {pct:g}% degeneration {when}: needle EMG for voluntary motor units completes the poor-prognosis criterion.", source=src))
        elif pct == ENOG_DEGENERATION_THRESHOLD:
            out.append(
                Note(
                    text=f"ENoG {pct:g}% degeneration: at the {ENOG_DEGENERATION_THRESHOLD:g}% threshold. The reference gives a prognosis for more than {ENOG_DEGENERATION_THRESHOLD:g}% (poor-prognosis group) and for not reaching it (all recovered to HB I-II in the Gantz series), none for exactly {ENOG_DEGENERATION_THRESHOLD:g}%: no prognosis is suggested (serial ENoG within the day 3-14 window is common).",
                    source=cite("8.4", "Gantz 1999; serial testing common"),
                )
            )
        else:
            out.append(Note(text=f"ENoG {pct:g}% degeneration: below the {ENOG_DEGENERATION_THRESHOLD:g}% threshold (in the Gantz series all patients not reaching {ENOG_DEGENERATION_THRESHOLD:g}% recovered to HB I-II).", source=src))
    if e.emg_fibrillations:
        out.append(Note(text="Fibrillations / positive sharp waves: denervation (from about day 10-18).", source=src))
    if e.emg_reinnervation:
        out.append(Note(text="Polyphasic reinnervation potentials: active reinnervation, often before visible movement.", source=src))
    return out


# ================================================================================================
# Entry point
# ================================================================================================


def guidance(
    exam: Exam,
    localization: Localization,
    *,
    hb_grades: dict[str, str | None] | None = None,
    complete_palsy: bool | None = None,
) -> Guidance:
    """Differential, red flags, guideline actions with windows, imaging and codes for one exam.

    ``hb_grades`` (side -> roman numeral) and ``complete_palsy`` let the caller pass what the
    grading found; without them completeness comes from the FNGS 2.0 regions (all 6 = complete).
    """
    sequela = is_sequela_exam(exam)
    extent = _extent(exam, hb_grades, complete_palsy)
    signs = _signs(exam, localization, extent)
    flags = _red_flags(signs) if not (localization.level_status == "not_applicable" and not sequela) else []
    differential = _differential(exam, localization, signs, flags, sequela)
    top_item = differential[0] if differential else None
    top = _ENTITY_BY_KEY[top_item.key] if top_item else None
    guideline = (
        top is not None
        and top.key == "bells_palsy"
        and localization.pattern == "peripheral"
        and exam.encounter.affected_side is not Side.bilateral
    )
    actions, notes = _actions(exam, localization, top, flags, extent, sequela, guideline)
    if top is not None and not guideline and not sequela and localization.pattern != "central":
        notes.append(Note(text=_guideline_scope_note(exam, localization, top), source=cite("8.1", "scope")))
    if guideline and flags:
        notes.append(Note(text="Red flags are present: they argue against Bell's palsy; look for another cause.", source=cite("8.2")))
    if exam.encounter.onset_course is OnsetCourse.progressive and signs.get("onset_gradual") is None:
        notes.append(
            Note(
                text="Progressive course over more than 72 h: record whether the weakness was still worsening after 3 weeks. "
                "Bell's palsy may worsen for up to 3 weeks; gradual onset over weeks to months, or continued worsening "
                "beyond 3 weeks, is a red flag.",
                source=cite("7, 8.2", "Bell's palsy course; red flags"),
            )
        )
    if signs.get("onset_gradual") or signs.get("twitching"):
        notes.append(
            Note(
                text="Tumour warning: in 221 neoplastic facial palsies every patient had gradual-onset weakness or twitching.",
                source=cite("7", "tumour red flag [S1]"),
            )
        )
    notes.append(DISCLAIMER)
    return Guidance(
        differential=differential,
        red_flags=flags,
        actions=actions,
        imaging=_imaging(localization, top, flags, guideline, sequela, gradual=signs.get("onset_gradual") is True),
        codes=_encounter_codes(exam, localization, top_item, sequela),
        electrodiagnostics=_electro(exam),
        guideline_applies=guideline,
        palsy_extent=extent,
        notes=notes,
    )
