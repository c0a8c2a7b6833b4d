"""The exam document: typed models for every item of the guided exam (design.md sections 1-10).

Conventions that hold for every finding:
- ``None`` means *not assessed*. It is the default of every item.
- An enum value ``normal`` (or ``False`` for a symptom or sign) means assessed and normal.
- A number is a measurement; ``0`` is a real zero, never "not assessed".
Motor findings (at rest, voluntary movement, sequelae and the scale items) are recorded per half of
the face in ``Exam.face``: the affected half for a unilateral palsy, both halves for a bilateral one.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    field_validator,
    model_validator,
)

from ..patient import Patient
from ..text import MAX_FREE_TEXT, MAX_SHORT_TEXT, clean_text, short_text
from .enums import (
    BlinkReflex,
    BranchFunction,
    Episode,
    EyeClosure,
    FaceSide,
    Grade,
    Hearing,
    LimbWeakness,
    NormalAbnormal,
    OnsetCourse,
    Otoscopy,
    Parotid,
    ReflexState,
    RestingCheek,
    RestingEye,
    RestingMouth,
    Segment,
    Severity,
    Side,
    SmileSymmetry,
    StapedialReflex,
    SurgerySite,
    Taste,
    Tone,
    Visit,
)

#: Version of the exam document layout written by this code (docs/exam-format.md).
FORMAT_VERSION = 2

T = TypeVar("T")

FreeText = Annotated[str, Field(max_length=MAX_FREE_TEXT), AfterValidator(clean_text)]
ShortText = Annotated[str, Field(max_length=MAX_SHORT_TEXT), AfterValidator(short_text)]


def _whole_number(value: object) -> object:
    """A float with no fraction (``3.0``) is the whole number it spells; anything else is left to the
    strict integer check, which refuses booleans, text and ``3.5`` instead of converting them."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


# Scores and yes/no findings are strict: a clinical record must never turn ``true`` into the score 1
# or ``"false"``/``0`` into "absent". Dates, datetimes and enums stay lax so JSON text still reads.
Whole = Annotated[int, Strict(), BeforeValidator(_whole_number)]
"""An integer: an int, or a float without fraction (3.0); never a bool, text or 3.5."""
Number = Annotated[float, Strict()]
"""A measurement: an int or a float; never a bool or text."""
Finding = Annotated[bool, Strict()] | None
"""A symptom or sign: True present, False absent, None not assessed (only JSON true/false/null)."""

FngsRegion = Annotated[Whole, Field(ge=1, le=6, description="FNGS 2.0 regional score 1 (normal) to 6 (no movement)")]
FngsSecondary = Annotated[Whole, Field(ge=0, le=3, description="FNGS 2.0 secondary movement 0 (none) to 3 (disfiguring)")]
SunnybrookExcursion = Annotated[Whole, Field(ge=1, le=5, description="Sunnybrook voluntary movement 1 (none) to 5 (complete)")]
SunnybrookSynkinesisScore = Annotated[Whole, Field(ge=0, le=3, description="Sunnybrook synkinesis 0 (none) to 3 (severe)")]
EfaceStatic = Annotated[Number, Field(ge=0, le=200, description="eFACE static item 0-200, 100 = balanced")]
EfacePercent = Annotated[Number, Field(ge=0, le=100, description="eFACE dynamic or synkinesis item 0-100, 100 = normal")]
YanagiharaScore = Annotated[Whole, Field(ge=0, le=4, description="Yanagihara item 0 (total paralysis) to 4 (normal)")]
Millimetres35 = Annotated[Number, Field(ge=0, le=35, description="millimetres of wetting at 5 minutes (0-35)")]


class Model(BaseModel):
    """Base of every exam model: unknown keys are refused so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)


class PerSide(Model, Generic[T]):
    """A test done on both sides, each value optional (None = not assessed on that side)."""

    right: T | None = None
    left: T | None = None

    def of(self, side: FaceSide) -> T | None:
        return self.right if side is FaceSide.right else self.left


# --- 1. Encounter ---------------------------------------------------------------------------


class Treatment(Model):
    """Treatment already started before this exam (reference 8.1)."""

    steroid: Finding = None
    steroid_date: date | None = None
    antiviral: Finding = None
    antiviral_date: date | None = None


class Encounter(Model):
    exam_datetime: datetime = Field(default_factory=lambda: datetime.now().replace(second=0, microsecond=0))
    examiner: ShortText = ""
    visit: Visit | None = None
    affected_side: Side | None = None
    onset_date: date | None = None
    onset_course: OnsetCourse | None = None
    worsening_after_3_weeks: Finding = None
    episode: Episode | None = None
    treatment: Treatment = Field(default_factory=Treatment)

    @field_validator("exam_datetime")
    @classmethod
    def _local_wall_time(cls, value: datetime) -> datetime:
        """The exam time is the clinic's wall-clock time without an offset (every window of the
        guidance counts from it, on the same calendar as the onset date).

        A time written with its clinic's offset (``16:00+10:00``) keeps that clock: the onset and
        treatment dates of the same file are days of that clinic, so moving only the exam time to
        this computer's zone would shift the day since onset and the hours left in a window, or
        refuse the file as "onset after the exam". A time in UTC (``...Z``, ``+00:00``), as a
        system that stores UTC writes it, names no clinic: it is read in this computer's zone.
        """
        offset = value.utcoffset() if value.tzinfo is not None else None
        if offset is None or offset != timedelta(0):
            return value.replace(tzinfo=None)
        return value.astimezone().replace(tzinfo=None)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Encounter":
        exam_day = self.exam_datetime.date()
        if self.exam_datetime > datetime.now() + timedelta(days=1):
            raise ValueError(
                f"exam_datetime: the exam date {exam_day.isoformat()} is in the future"
            )
        if self.onset_date is not None and self.onset_date > exam_day:
            raise ValueError(
                f"onset_date: the onset {self.onset_date.isoformat()} is after the exam date "
                f"{exam_day.isoformat()}"
            )
        for name in ("steroid_date", "antiviral_date"):
            value = getattr(self.treatment, name)
            if value is not None and value > exam_day:
                raise ValueError(
                    f"treatment.{name}: {value.isoformat()} is after the exam date {exam_day.isoformat()}"
                )
        return self


# --- 2. History -----------------------------------------------------------------------------


class History(Model):
    """Symptoms and background (design.md section 2); each True, False or None (not asked)."""

    otalgia: Finding = None
    otalgia_severity: Severity | None = None
    hyperacusis: Finding = None
    taste_change: Finding = None
    dry_eye_or_tearing_change: Finding = None
    tinnitus: Finding = None
    hearing_loss: Finding = None
    vertigo: Finding = None
    facial_numbness: Finding = None
    diplopia: Finding = None
    limb_weakness_or_speech_disturbance: Finding = None
    twitching_before_onset: Finding = None
    ear_vesicles_or_rash: Finding = None
    otorrhoea: Finding = None
    fever: Finding = None
    systemic_symptoms: Finding = Field(
        default=None, description="rash elsewhere, arthralgia, lymphadenopathy or weight loss (8.2)"
    )
    tick_exposure: Finding = Field(default=None, description="tick bite, erythema migrans or endemic area")
    head_trauma: Finding = None
    recent_surgery: Finding = None
    recent_surgery_sites: list[SurgerySite] = Field(default_factory=list)
    parotid_swelling: Finding = None
    skin_cancer_history: Finding = None
    diabetes: Finding = None
    hypertension: Finding = None
    pregnancy: Finding = None
    immunosuppression: Finding = None


# --- 3-6. Motor findings per half of the face --------------------------------------------------


class AtRest(Model):
    """Resting symmetry: the Sunnybrook resting items (2.1) and tone."""

    eye: RestingEye | None = None
    cheek: RestingCheek | None = None
    mouth: RestingMouth | None = None
    tone: Tone | None = None


class BranchTerritories(Model):
    """Which peripheral branch territories move (5.2), for branch-only lesions."""

    temporal: BranchFunction | None = None
    zygomatic: BranchFunction | None = None
    buccal: BranchFunction | None = None
    marginal_mandibular: BranchFunction | None = None
    cervical: BranchFunction | None = None


class Voluntary(Model):
    """Voluntary movement: FNGS 2.0 regional scores (1.6.1), eye closure, smiles (6.2), branches."""

    fngs_brow: FngsRegion | None = None
    fngs_eye: FngsRegion | None = None
    fngs_nlf: FngsRegion | None = None
    fngs_oral: FngsRegion | None = None
    eye_closure: EyeClosure | None = None
    lagophthalmos_mm: Annotated[Number, Field(ge=0, le=20)] | None = None
    bell_phenomenon: Finding = None
    posed_smile: SmileSymmetry | None = None
    spontaneous_smile: SmileSymmetry | None = None
    branches: BranchTerritories = Field(default_factory=BranchTerritories)


class Sequelae(Model):
    """Synkinesis and other sequelae (design.md section 5)."""

    fngs_secondary: FngsSecondary | None = None
    contracture: Finding = None
    hemifacial_spasm: Finding = None
    crocodile_tears: Finding = None


class SunnybrookExpressions(Model, Generic[T]):
    """The five standard Sunnybrook expressions (2.2)."""

    brow_raise: T | None = None
    gentle_eye_closure: T | None = None
    open_mouth_smile: T | None = None
    snarl: T | None = None
    lip_pucker: T | None = None


class SunnybrookItems(Model):
    """Sunnybrook voluntary (1-5) and synkinesis (0-3) items; resting items live in ``AtRest``."""

    voluntary: SunnybrookExpressions[SunnybrookExcursion] = Field(default_factory=SunnybrookExpressions)
    synkinesis: SunnybrookExpressions[SunnybrookSynkinesisScore] = Field(default_factory=SunnybrookExpressions)


class EfaceItems(Model):
    """The 15 eFACE items (3.1): static 0-200 (100 balanced), dynamic and synkinesis 0-100."""

    static_brow: EfaceStatic | None = None
    static_palpebral_fissure: EfaceStatic | None = None
    static_nasolabial_fold_depth: EfaceStatic | None = None
    static_oral_commissure: EfaceStatic | None = None
    dynamic_brow_elevation: EfacePercent | None = None
    dynamic_gentle_eye_closure: EfacePercent | None = None
    dynamic_full_eye_closure: EfacePercent | None = None
    dynamic_oral_commissure_smile: EfacePercent | None = None
    dynamic_nlf_depth_smile: EfacePercent | None = None
    dynamic_nlf_orientation_smile: EfacePercent | None = None
    dynamic_lower_lip_eeee: EfacePercent | None = None
    synkinesis_ocular: EfacePercent | None = None
    synkinesis_midfacial: EfacePercent | None = None
    synkinesis_mentalis: EfacePercent | None = None
    synkinesis_platysmal: EfacePercent | None = None


class YanagiharaItems(Model):
    """The ten Yanagihara items, Cochrane/1977 list (reference 4)."""

    at_rest: YanagiharaScore | None = None
    wrinkle_forehead: YanagiharaScore | None = None
    blink: YanagiharaScore | None = None
    gentle_eye_closure: YanagiharaScore | None = None
    tight_eye_closure: YanagiharaScore | None = None
    wink: YanagiharaScore | None = None
    wrinkle_nose: YanagiharaScore | None = None
    whistle: YanagiharaScore | None = None
    grin: YanagiharaScore | None = None
    depress_lower_lip: YanagiharaScore | None = None


class FaceFindings(Model):
    """Everything recorded for one half of the face (pages 3-6)."""

    rest: AtRest = Field(default_factory=AtRest)
    voluntary: Voluntary = Field(default_factory=Voluntary)
    sequelae: Sequelae = Field(default_factory=Sequelae)
    sunnybrook: SunnybrookItems = Field(default_factory=SunnybrookItems)
    eface: EfaceItems = Field(default_factory=EfaceItems)
    yanagihara: YanagiharaItems = Field(default_factory=YanagiharaItems)


# --- 7. Topognostic tests -----------------------------------------------------------------------


class Topognostic(Model):
    """Topognostic tests (5.3), each per side; None = not done on that side."""

    schirmer_mm: PerSide[Millimetres35] = Field(default_factory=PerSide)
    stapedial_reflex: PerSide[StapedialReflex] = Field(default_factory=PerSide)
    taste: PerSide[Taste] = Field(default_factory=PerSide)
    electrogustometry_ua: PerSide[Annotated[Number, Field(ge=0, le=1000)]] = Field(
        default_factory=PerSide, description="electrogustometry threshold in microampere"
    )
    submandibular_flow_ml_min: PerSide[Annotated[Number, Field(ge=0, le=20)]] = Field(
        default_factory=PerSide, description="stimulated submandibular salivary flow in ml/min"
    )


# --- 8. Associated findings ---------------------------------------------------------------------


class Associated(Model):
    """Other cranial nerves, ear, parotid and neck, long tracts (6.3), on the affected side."""

    corneal_reflex: ReflexState | None = None
    facial_sensation: NormalAbnormal | None = None
    abduction: NormalAbnormal | None = Field(default=None, description="CN VI abduction on the side of the palsy")
    horizontal_gaze_palsy: Finding = None
    hearing: Hearing | None = None
    vestibular: NormalAbnormal | None = Field(default=None, description="vertigo, nystagmus, imbalance")
    lower_cranial_nerves: NormalAbnormal | None = Field(default=None, description="CN IX-XII")
    otoscopy: Otoscopy | None = None
    otoscopy_note: FreeText = ""
    parotid: Parotid | None = None
    neck_nodes: Finding = None
    limb_weakness: LimbWeakness | None = None
    speech_or_language_deficit: Finding = None
    cerebellar_signs: Finding = None
    other_note: FreeText = ""


# --- 9. Electrodiagnostics and imaging ----------------------------------------------------------


class Electro(Model):
    """Electrodiagnostics (8.4) and imaging reports as text (8.3)."""

    enog_degeneration_percent: Annotated[Number, Field(ge=0, le=100)] | None = None
    enog_day: Annotated[Whole, Field(ge=0, le=3650)] | None = Field(
        default=None, description="day after onset on which ENoG was measured"
    )
    emg_voluntary_mups: Finding = None
    emg_fibrillations: Finding = None
    emg_reinnervation: Finding = None
    blink_reflex: BlinkReflex | None = None
    mri: FreeText = ""
    ct: FreeText = ""


# --- 10. Review and sign -------------------------------------------------------------------------


class Review(Model):
    """The clinician's conclusions. The final grade is theirs; the app only suggests."""

    final_hb: PerSide[Grade] = Field(default_factory=PerSide)
    final_hb_reason: FreeText = Field(default="", description="why the final grade differs from the suggestion")
    final_level: Segment | None = Field(default=None, description="the level the clinician settles on, if any")
    diagnosis: ShortText = ""
    impression: FreeText = ""
    plan: FreeText = ""
    signed_by: ShortText | None = None
    signed_at: datetime | None = None


# --- The exam ---------------------------------------------------------------------------------


class Exam(Model):
    """One examination of one patient: the document the wizard edits and the store keeps."""

    format_version: Annotated[int, Strict()] = FORMAT_VERSION
    uid: str = Field(default_factory=lambda: uuid.uuid4().hex, description="stable identity across export/import")
    patient: Patient
    encounter: Encounter = Field(default_factory=Encounter)
    history: History = Field(default_factory=History)
    face: dict[FaceSide, FaceFindings] = Field(default_factory=dict)
    topognostic: Topognostic = Field(default_factory=Topognostic)
    associated: Associated = Field(default_factory=Associated)
    electro: Electro = Field(default_factory=Electro)
    review: Review = Field(default_factory=Review)
    carried_over: list[str] = Field(
        default_factory=list,
        description="dotted paths of items carried over from the previous exam of a follow-up",
    )

    @field_validator("format_version")
    @classmethod
    def _current_format(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(
                f"format version {value} is not {FORMAT_VERSION}; read files with load_exam(), which upgrades them"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Exam":
        side = self.encounter.affected_side
        if side is not None and side is not Side.bilateral:
            extra = [s for s in self.face if s.value != side.value]
            if extra:
                raise ValueError(
                    f"face.{extra[0].value}: findings are recorded for the {extra[0].value} side but the "
                    f"affected side is {side.value}; record both sides only for a bilateral palsy"
                )
        birth = self.patient.birth_date
        if birth is not None and birth > self.encounter.exam_datetime.date():
            raise ValueError("patient.birth_date: the date of birth is after the exam date")
        if birth is not None and self.encounter.onset_date is not None and self.encounter.onset_date < birth:
            raise ValueError("encounter.onset_date: the onset is before the date of birth")
        return self

    # --- derived facts used by every part of the assessment ---

    @property
    def exam_date(self) -> date:
        return self.encounter.exam_datetime.date()

    @property
    def age_years(self) -> int | None:
        """Age at the exam, from the date of birth and the exam date (design.md section 2)."""
        return self.patient.age_on(self.exam_date)

    @property
    def days_since_onset(self) -> int | None:
        if self.encounter.onset_date is None:
            return None
        return (self.exam_date - self.encounter.onset_date).days

    def recorded_sides(self) -> list[FaceSide]:
        """The halves of the face that carry motor findings, right before left."""
        return [side for side in (FaceSide.right, FaceSide.left) if side in self.face]

    def graded_sides(self) -> list[FaceSide]:
        """The halves to grade: the affected one(s) by the encounter, else whatever was recorded."""
        side = self.encounter.affected_side
        if side is Side.bilateral:
            return [FaceSide.right, FaceSide.left]
        if side is not None:
            return [FaceSide(side.value)]
        return self.recorded_sides()

    def findings(self, side: FaceSide) -> FaceFindings:
        """The motor findings of one half; an empty (all not assessed) record when none were entered."""
        return self.face.get(side) or FaceFindings()

    def other_side(self, side: FaceSide) -> FaceSide:
        return FaceSide.left if side is FaceSide.right else FaceSide.right
