"""The 16 clinical vignettes of clinical-reference section 11, built as Exam objects.

Each builder returns a fresh Exam with the findings the vignette gives; items the vignette does
not mention stay None (not assessed). Dates are fixed in the past so results are reproducible.
``VIGNETTES`` maps the vignette id to its builder.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Callable

from facialis.core.exam import Exam

#: Exam time used by every vignette unless it says otherwise.
EXAM_AT = datetime(2026, 3, 2, 10, 0)


def born(age: int, at: datetime = EXAM_AT) -> date:
    """A birth date giving ``age`` whole years at ``at``."""
    return date(at.year - age, 1, 1)


def fngs(brow: int, eye: int, nlf: int, oral: int) -> dict[str, int]:
    return {"fngs_brow": brow, "fngs_eye": eye, "fngs_nlf": nlf, "fngs_oral": oral}


def make_exam(
    *,
    vid: str,
    age: int | None,
    side: str,
    onset_days: int | None = 0,
    at: datetime = EXAM_AT,
    course: str | None = "within_72h",
    encounter: dict[str, Any] | None = None,
    history: dict[str, Any] | None = None,
    face: dict[str, dict[str, Any]] | None = None,
    topognostic: dict[str, Any] | None = None,
    associated: dict[str, Any] | None = None,
    electro: dict[str, Any] | None = None,
) -> Exam:
    """Assemble an Exam from plain dicts (the same shape as the exam file)."""
    enc: dict[str, Any] = {"exam_datetime": at, "visit": "initial", "affected_side": side, "episode": "first"}
    if onset_days is not None:
        enc["onset_date"] = (at - timedelta(days=onset_days)).date()
    if course is not None:
        enc["onset_course"] = course
    enc.update(encounter or {})
    return Exam.model_validate(
        {
            "uid": f"builder-{vid}",
            "patient": {
                "mrn": vid.upper(),
                "family_name": f"Vignette {vid}",
                "birth_date": born(age, at) if age is not None else None,
            },
            "encounter": enc,
            "history": history or {},
            "face": face or {},
            "topognostic": topognostic or {},
            "associated": associated or {},
            "electro": electro or {},
        }
    )


def per_side(right: Any = None, left: Any = None) -> dict[str, Any]:
    return {"right": right, "left": left}


NORMAL_REST = {"eye": "normal", "cheek": "normal", "mouth": "normal"}
NO_SEQUELAE = {"fngs_secondary": 0}


def v1() -> Exam:
    """Supranuclear: sudden lower-face weakness, forehead spared, dissociation, same-side arm drift, aphasia."""
    return make_exam(
        vid="v1", age=67, side="right", onset_days=0, at=datetime(2026, 3, 2, 12, 0),
        history={"limb_weakness_or_speech_disturbance": True, "otalgia": False},
        face={"right": {
            "rest": NORMAL_REST,
            "voluntary": {**fngs(1, 1, 2, 2), "eye_closure": "complete_minimal_effort",
                          "posed_smile": "weak", "spontaneous_smile": "symmetric"},
            "sequelae": NO_SEQUELAE,
        }},
        associated={"limb_weakness": "same_side_as_face", "speech_or_language_deficit": True,
                    "corneal_reflex": "normal", "abduction": "normal", "hearing": "normal"},
    )


def v2() -> Exam:
    """Pons (Millard-Gubler): total left palsy, left abduction deficit, right hemiparesis."""
    return make_exam(
        vid="v2", age=59, side="left", onset_days=0,
        history={"hypertension": True, "diplopia": True, "limb_weakness_or_speech_disturbance": True},
        face={"left": {
            "rest": {"eye": "wide", "cheek": "absent", "mouth": "corner_drooped", "tone": "absent"},
            "voluntary": {**fngs(6, 6, 6, 6), "eye_closure": "none"},
            "sequelae": NO_SEQUELAE,
        }},
        associated={"abduction": "abnormal", "limb_weakness": "opposite_side", "hearing": "normal"},
    )


def v3() -> Exam:
    """CPA: 9 months progressive; CN VIII, CN V and cerebellar signs; tears and taste reduced."""
    return make_exam(
        vid="v3", age=52, side="right", onset_days=270, course="progressive",
        encounter={"worsening_after_3_weeks": True},
        history={"tinnitus": True, "hearing_loss": True, "facial_numbness": True, "vertigo": True},
        face={"right": {"rest": NORMAL_REST, "voluntary": {**fngs(3, 3, 3, 3), "eye_closure": "complete_maximal_effort"},
                        "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(4, 15), "stapedial_reflex": per_side("not_assessable"),
                     "taste": per_side("reduced", "normal")},
        associated={"hearing": "sensorineural_loss", "corneal_reflex": "reduced", "facial_sensation": "abnormal",
                    "cerebellar_signs": True, "vestibular": "abnormal", "limb_weakness": "none"},
    )


def v4() -> Exam:
    """IAC: 4 months mild weakness, SNHL and tinnitus, CN V intact; Schirmer 40% of the other side."""
    return make_exam(
        vid="v4", age=45, side="left", onset_days=120, course="progressive",
        encounter={"worsening_after_3_weeks": True},
        history={"tinnitus": True, "hearing_loss": True},
        face={"left": {"rest": NORMAL_REST, "voluntary": {**fngs(2, 2, 2, 2), "eye_closure": "complete_minimal_effort"},
                       "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(20, 8)},
        associated={"hearing": "sensorineural_loss", "corneal_reflex": "normal", "facial_sensation": "normal",
                    "cerebellar_signs": False, "limb_weakness": "none"},
    )


def v5(at: datetime = datetime(2026, 3, 3, 16, 0), age: int = 34) -> Exam:
    """Bell's palsy, seen 40 h after the start of the onset day; suprageniculate tests, no CN VIII."""
    return make_exam(
        vid="v5", age=age, side="left", onset_days=1, at=at,
        history={"otalgia": True, "otalgia_severity": "mild", "hyperacusis": True, "taste_change": True,
                 "tinnitus": False, "hearing_loss": False, "vertigo": False, "ear_vesicles_or_rash": False,
                 "otorrhoea": False, "fever": False, "head_trauma": False, "recent_surgery": False,
                 "twitching_before_onset": False, "limb_weakness_or_speech_disturbance": False},
        face={"left": {"rest": NORMAL_REST,
                       "voluntary": {**fngs(6, 4, 4, 4), "eye_closure": "incomplete", "bell_phenomenon": True},
                       "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(20, 9), "stapedial_reflex": per_side("present", "absent"),
                     "taste": per_side("normal", "reduced")},
        associated={"hearing": "normal", "vestibular": "normal", "otoscopy": "normal", "corneal_reflex": "normal",
                    "facial_sensation": "normal", "abduction": "normal", "limb_weakness": "none",
                    "cerebellar_signs": False, "parotid": "normal"},
    )


def v6() -> Exam:
    """Ramsay Hunt: vesicles, severe otalgia, vertigo, SNHL; HB V."""
    return make_exam(
        vid="v6", age=71, side="right", onset_days=1,
        history={"otalgia": True, "otalgia_severity": "severe", "ear_vesicles_or_rash": True, "vertigo": True,
                 "hearing_loss": True},
        face={"right": {"rest": {"eye": "wide", "cheek": "less_pronounced", "mouth": "corner_drooped"},
                        "voluntary": {**fngs(6, 5, 5, 5), "eye_closure": "incomplete"}, "sequelae": NO_SEQUELAE}},
        associated={"otoscopy": "vesicles", "hearing": "sensorineural_loss", "vestibular": "abnormal"},
    )


def v7() -> Exam:
    """Cholesteatoma: chronic foul otorrhoea, conductive loss; tears normal, taste reduced, SR not assessable."""
    return make_exam(
        vid="v7", age=28, side="left", onset_days=21, course="progressive",
        history={"otorrhoea": True, "hearing_loss": True},
        face={"left": {"rest": NORMAL_REST, "voluntary": {**fngs(6, 4, 4, 4), "eye_closure": "incomplete"},
                       "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(15, 16), "stapedial_reflex": per_side(None, "not_assessable"),
                     "taste": per_side("normal", "reduced")},
        associated={"otoscopy": "chronic_otitis_or_cholesteatoma", "hearing": "conductive_loss"},
    )


def v8() -> Exam:
    """Acute otitis media in a 6-year-old; tears normal, taste reduced, SR not tested."""
    return make_exam(
        vid="v8", age=6, side="right", onset_days=1,
        history={"fever": True, "otalgia": True, "otalgia_severity": "moderate"},
        face={"right": {"rest": NORMAL_REST, "voluntary": {**fngs(3, 3, 3, 3), "eye_closure": "complete_maximal_effort"},
                        "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(14, 15), "taste": per_side("reduced", "normal")},
        associated={"otoscopy": "acute_otitis_media"},
    )


def v9() -> Exam:
    """Immediately after a canal-wall-down mastoidectomy: total palsy; SR present, taste absent, tears normal."""
    return make_exam(
        vid="v9", age=45, side="right", onset_days=0,
        history={"recent_surgery": True, "recent_surgery_sites": ["ear"]},
        face={"right": {"rest": {"tone": "absent", "mouth": "corner_drooped"},
                        "voluntary": {**fngs(6, 6, 6, 6), "eye_closure": "none"}, "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(16, 16), "stapedial_reflex": per_side("present", "present"),
                     "taste": per_side("absent", "normal")},
    )


def v10() -> Exam:
    """Necrotising otitis externa: 78, diabetes, severe otalgia, otorrhoea, canal granulation; all tests normal."""
    return make_exam(
        vid="v10", age=78, side="left", onset_days=3, course="unknown",
        history={"diabetes": True, "otalgia": True, "otalgia_severity": "severe", "otorrhoea": True},
        face={"left": {"rest": NORMAL_REST, "voluntary": {**fngs(6, 4, 4, 4), "eye_closure": "incomplete"},
                       "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("present", "present"),
                     "taste": per_side("normal", "normal")},
        associated={"otoscopy": "canal_granulation"},
    )


def v11() -> Exam:
    """Parotid malignancy: 5 months progressive, painful pre-auricular mass, level II node; all tests normal."""
    return make_exam(
        vid="v11", age=60, side="right", onset_days=150, course="progressive",
        encounter={"worsening_after_3_weeks": True},
        history={"parotid_swelling": True, "otalgia": True, "otalgia_severity": "moderate"},
        face={"right": {"rest": NORMAL_REST, "voluntary": {**fngs(3, 3, 3, 3), "eye_closure": "complete_maximal_effort"},
                        "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(15, 15), "stapedial_reflex": per_side("present", "present"),
                     "taste": per_side("normal", "normal")},
        associated={"parotid": "mass", "neck_nodes": True},
    )


def v12() -> Exam:
    """Marginal mandibular branch injury 3 weeks after submandibular gland excision."""
    return make_exam(
        vid="v12", age=50, side="left", onset_days=21, course="unknown",
        history={"recent_surgery": True, "recent_surgery_sites": ["neck"]},
        face={"left": {"rest": NORMAL_REST,
                       "voluntary": {**fngs(1, 1, 1, 2), "eye_closure": "complete_minimal_effort",
                                     "posed_smile": "symmetric", "spontaneous_smile": "symmetric",
                                     "branches": {"temporal": "normal", "zygomatic": "normal", "buccal": "normal",
                                                  "marginal_mandibular": "absent"}},
                       "sequelae": NO_SEQUELAE}},
        associated={"limb_weakness": "none", "speech_or_language_deficit": False},
    )


def v13() -> Exam:
    """Bilateral palsy in a hiker: erythema migrans, headache, joint pains; right III, left IV."""
    return make_exam(
        vid="v13", age=41, side="bilateral", onset_days=6,
        history={"tick_exposure": True, "systemic_symptoms": True, "fever": False},
        face={
            "right": {"rest": NORMAL_REST, "voluntary": {**fngs(3, 3, 3, 3), "eye_closure": "complete_maximal_effort"},
                      "sequelae": NO_SEQUELAE},
            "left": {"rest": NORMAL_REST, "voluntary": {**fngs(6, 4, 4, 4), "eye_closure": "incomplete"},
                     "sequelae": NO_SEQUELAE},
        },
        associated={"limb_weakness": "none"},
    )


def v14() -> Exam:
    """Geniculate tumour: third ipsilateral episode, twitching, worsening over 5 weeks; suprageniculate tests."""
    return make_exam(
        vid="v14", age=47, side="right", onset_days=35, course="progressive",
        encounter={"worsening_after_3_weeks": True, "episode": "recurrent_same_side"},
        history={"twitching_before_onset": True, "tinnitus": False, "hearing_loss": False, "vertigo": False},
        face={"right": {"rest": NORMAL_REST, "voluntary": {**fngs(6, 4, 4, 4), "eye_closure": "incomplete"},
                        "sequelae": NO_SEQUELAE}},
        topognostic={"schirmer_mm": per_side(6, 20), "stapedial_reflex": per_side("absent"),
                     "taste": per_side("reduced", "normal")},
        associated={"hearing": "normal", "vestibular": "normal", "corneal_reflex": "normal"},
    )


def v15() -> Exam:
    """Transverse temporal bone fracture: occipital blow, immediate complete palsy, hemotympanum, SNHL, vertigo."""
    return make_exam(
        vid="v15", age=24, side="right", onset_days=0, at=datetime(2026, 3, 2, 23, 0),
        history={"head_trauma": True, "hearing_loss": True, "vertigo": True},
        face={"right": {"rest": {"tone": "absent", "mouth": "corner_drooped"},
                        "voluntary": {**fngs(6, 6, 6, 6), "eye_closure": "none"}, "sequelae": NO_SEQUELAE}},
        associated={"otoscopy": "hemotympanum", "hearing": "sensorineural_loss", "vestibular": "abnormal"},
    )


def v16a() -> Exam:
    """Recovered: 3 months after a Bell's palsy graded IV, now normal with no synkinesis."""
    return make_exam(
        vid="v16a", age=34, side="left", onset_days=92, encounter={"visit": "follow_up"},
        face={"left": {"rest": NORMAL_REST, "voluntary": {**fngs(1, 1, 1, 1), "eye_closure": "complete_minimal_effort"},
                       "sequelae": NO_SEQUELAE}},
    )


def v16b() -> Exam:
    """Sequela: 9 months after a complete Bell's palsy; obvious oral-ocular synkinesis, crocodile tears."""
    return make_exam(
        vid="v16b", age=39, side="right", onset_days=273, encounter={"visit": "follow_up"},
        face={"right": {"rest": NORMAL_REST,
                        "voluntary": {**fngs(2, 2, 2, 2), "eye_closure": "complete_minimal_effort"},
                        "sequelae": {"fngs_secondary": 2, "crocodile_tears": True},
                        "sunnybrook": {"synkinesis": {"open_mouth_smile": 2, "lip_pucker": 2}}}},
    )


VIGNETTES: dict[str, Callable[[], Exam]] = {
    "v01": v1, "v02": v2, "v03": v3, "v04": v4, "v05": v5, "v06": v6, "v07": v7, "v08": v8,
    "v09": v9, "v10": v10, "v11": v11, "v12": v12, "v13": v13, "v14": v14, "v15": v15,
    "v16a": v16a, "v16b": v16b,
}
