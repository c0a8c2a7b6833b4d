"""The shared vocabulary of the exam (design.md, "Shared vocabulary"): every choice as an Enum.

Enum values are the strings written to the exam file, the database and the CLI output; never
rename one without a file-format upgrade step (core/exam/fileformat.py).
"""
from __future__ import annotations

from enum import Enum


class StrEnum(str, Enum):
    """A string enum whose str() is its value (so f-strings and JSON agree)."""

    def __str__(self) -> str:
        return self.value


class Side(StrEnum):
    right = "right"
    left = "left"
    bilateral = "bilateral"


class FaceSide(StrEnum):
    """One half of the face: motor findings are recorded per half."""

    right = "right"
    left = "left"


class Grade(StrEnum):
    """House-Brackmann / FNGS 2.0 grades as roman numerals (reference 1.2)."""

    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"
    VI = "VI"

    @property
    def number(self) -> int:
        return _GRADE_NUMBERS[self.value]

    @classmethod
    def from_number(cls, number: int) -> "Grade":
        return cls(_ROMAN[number - 1])


_ROMAN = ("I", "II", "III", "IV", "V", "VI")
_GRADE_NUMBERS = {roman: index + 1 for index, roman in enumerate(_ROMAN)}


class Segment(StrEnum):
    """Segments of the facial nerve, proximal to distal (reference 5.1)."""

    supranuclear = "supranuclear"
    pons = "pons"
    cpa = "cpa"
    iac = "iac"
    labyrinthine = "labyrinthine"
    geniculate = "geniculate"
    tympanic = "tympanic"
    mastoid = "mastoid"
    stylomastoid = "stylomastoid"
    parotid = "parotid"
    branch = "branch"

    @property
    def order(self) -> int:
        return _SEGMENT_ORDER[self]


_SEGMENT_ORDER = {segment: index for index, segment in enumerate(Segment)}


class Branch(StrEnum):
    """Peripheral branches of the facial nerve (reference 5.2)."""

    temporal = "temporal"
    zygomatic = "zygomatic"
    buccal = "buccal"
    marginal_mandibular = "marginal_mandibular"
    cervical = "cervical"


class Visit(StrEnum):
    initial = "initial"
    follow_up = "follow_up"


class OnsetCourse(StrEnum):
    """How the weakness developed (reference 7: Bell's palsy peaks within 72 h; 8.2 red flag)."""

    within_72h = "within_72h"
    progressive = "progressive"
    unknown = "unknown"


class Episode(StrEnum):
    first = "first"
    recurrent_same_side = "recurrent_same_side"
    recurrent_other_side = "recurrent_other_side"


class Severity(StrEnum):
    mild = "mild"
    moderate = "moderate"
    severe = "severe"


class SurgerySite(StrEnum):
    ear = "ear"
    skull_base = "skull_base"
    parotid = "parotid"
    neck = "neck"
    facial = "facial"


class Tone(StrEnum):
    normal = "normal"
    reduced = "reduced"
    absent = "absent"


class RestingEye(StrEnum):
    """Sunnybrook resting eye (palpebral fissure), reference 2.1."""

    normal = "normal"
    narrow = "narrow"
    wide = "wide"
    eyelid_surgery = "eyelid_surgery"


class RestingCheek(StrEnum):
    """Sunnybrook resting cheek (nasolabial fold), reference 2.1."""

    normal = "normal"
    absent = "absent"
    less_pronounced = "less_pronounced"
    more_pronounced = "more_pronounced"


class RestingMouth(StrEnum):
    """Sunnybrook resting mouth, reference 2.1."""

    normal = "normal"
    corner_drooped = "corner_drooped"
    corner_pulled_up = "corner_pulled_up"


class EyeClosure(StrEnum):
    """Eye closure, the key House-Brackmann III/IV boundary (reference 1.2)."""

    complete_minimal_effort = "complete_minimal_effort"
    complete_maximal_effort = "complete_maximal_effort"
    incomplete = "incomplete"
    none = "none"


class SmileSymmetry(StrEnum):
    """Posed or spontaneous smile compared with the other side (reference 6.2)."""

    symmetric = "symmetric"
    weak = "weak"


class BranchFunction(StrEnum):
    normal = "normal"
    weak = "weak"
    absent = "absent"


class StapedialReflex(StrEnum):
    """Acoustic (stapedial) reflex, probe on the affected side (reference 5.3)."""

    present = "present"
    reduced = "reduced"
    absent = "absent"
    not_assessable = "not_assessable"


class Taste(StrEnum):
    """Taste of the anterior two thirds of the tongue (reference 5.3)."""

    normal = "normal"
    reduced = "reduced"
    absent = "absent"


class ReflexState(StrEnum):
    normal = "normal"
    reduced = "reduced"
    absent = "absent"


class NormalAbnormal(StrEnum):
    normal = "normal"
    abnormal = "abnormal"


class Hearing(StrEnum):
    normal = "normal"
    sensorineural_loss = "sensorineural_loss"
    conductive_loss = "conductive_loss"
    mixed_loss = "mixed_loss"


class Otoscopy(StrEnum):
    """Otoscopy on the affected side (reference 6.3)."""

    normal = "normal"
    vesicles = "vesicles"
    acute_otitis_media = "acute_otitis_media"
    chronic_otitis_or_cholesteatoma = "chronic_otitis_or_cholesteatoma"
    hemotympanum = "hemotympanum"
    canal_granulation = "canal_granulation"
    effusion = "effusion"
    other_abnormal = "other_abnormal"


class Parotid(StrEnum):
    normal = "normal"
    swelling = "swelling"
    mass = "mass"


class LimbWeakness(StrEnum):
    """Limb weakness relative to the side of the facial weakness (reference 6.1, 6.3)."""

    none = "none"
    same_side_as_face = "same_side_as_face"
    opposite_side = "opposite_side"
    bilateral = "bilateral"


class BlinkReflex(StrEnum):
    normal = "normal"
    delayed = "delayed"
    absent = "absent"


class ExamStatus(StrEnum):
    draft = "draft"
    signed = "signed"
