"""Guidance: differential, red flags, guideline actions with windows, imaging and codes (reference 6.4-9, 11)."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from facialis.core.exam import Exam, load_exam
from facialis.core.exam.enums import (
    Hearing,
    LimbWeakness,
    NormalAbnormal,
    Otoscopy,
    Parotid,
    ReflexState,
    StapedialReflex,
    Taste,
)
from facialis.core.guidance import CODES, ENTITIES, RED_FLAGS, STATEMENTS, Guidance, action_rank, guidance
from facialis.core.localize import localize
from facialis.core.vignettes import VIGNETTE_DIR

from .vignette_builders import VIGNETTES, fngs, make_exam, v5

VIGNETTE_FILES = VIGNETTE_DIR


def run(exam: Exam, **kw) -> Guidance:
    return guidance(exam, localize(exam), **kw)


def action(g: Guidance, key: str):
    found = [a for a in g.actions if a.key == key]
    return found[0] if found else None


# --- Expected per vignette (reference section 11) ------------------------------------------------
# top: acceptable keys for the first item of the differential; flags: red flags that must be
# present (None = no red flags at all); actions / imaging: keys that must be present and apply.
EXPECTED: dict[str, dict] = {
    "v01": {"top": {"ischaemic_stroke"}, "flags": {"sudden_with_neuro"}, "actions": {"stroke_pathway"},
            "imaging": {"emergency_brain"}, "guideline": False},
    "v02": {"top": {"pontine_infarction"}, "flags": {"sudden_with_neuro", "other_cn_long_tract"},
            "actions": {"stroke_pathway", "guideline_7"}, "imaging": {"emergency_brain"}},
    "v03": {"top": {"vestibular_schwannoma"}, "flags": {"gradual", "other_cn_long_tract"},
            "actions": {"audiogram"}, "imaging": {"mri_whole_course"}},
    "v04": {"top": {"vestibular_schwannoma", "facial_schwannoma"}, "flags": {"gradual"}, "imaging": {"mri_whole_course"}},
    "v05": {"top": {"bells_palsy"}, "flags": None, "guideline": True,
            "actions": {"guideline_4", "guideline_5", "guideline_6", "guideline_7", "guideline_8a", "guideline_12",
                        "guideline_2", "guideline_3"},
            "imaging": {"none_routine"}},
    "v06": {"top": {"ramsay_hunt"}, "flags": {"otological"}, "actions": {"rhs_treatment", "audiology", "enog", "guideline_7"}},
    "v07": {"top": {"cholesteatoma"}, "flags": {"otological"}, "actions": {"urgent_ent"}, "imaging": {"hrct"}},
    "v08": {"top": {"acute_otitis_media"}, "flags": {"otological", "systemic"}, "actions": {"ent_aom"}},
    "v09": {"top": {"iatrogenic_ear"}, "flags": {"trauma"}, "actions": {"surgical_review"}, "imaging": {"hrct"}},
    "v10": {"top": {"necrotising_otitis_externa"}, "flags": {"otological", "mass_pain"}, "actions": {"urgent_ent"},
            "imaging": {"hrct", "mri_whole_course"}},
    "v11": {"top": {"parotid_malignancy"}, "flags": {"gradual", "mass_pain"}, "actions": {"tissue_diagnosis"},
            "imaging": {"mri_parotid"}},
    "v12": {"top": {"iatrogenic_extratemporal"}, "flags": {"branch_only"}},
    "v13": {"top": {"lyme"}, "flags": {"bilateral", "systemic"}, "actions": {"lyme_serology", "systemic_workup"}},
    "v14": {"top": {"geniculate_tumour"}, "flags": {"recurrent_same_side", "twitching", "gradual"},
            "imaging": {"mri_whole_course", "hrct"}},
    "v15": {"top": {"transverse_fracture"}, "flags": {"trauma"}, "actions": {"enog", "fracture_decompression"},
            "imaging": {"hrct"}},
    "v16a": {"top": set(), "flags": None},
    "v16b": {"top": {"post_paralytic_synkinesis"}, "flags": None},
}


def _check(vid: str, g: Guidance) -> None:
    exp = EXPECTED[vid]
    if exp["top"]:
        assert g.differential and g.differential[0].key in exp["top"], [d.key for d in g.differential[:4]]
    else:
        assert g.differential == []
    flags = {f.key for f in g.red_flags}
    if exp["flags"] is None:
        assert flags == set(), flags
    else:
        assert exp["flags"] <= flags, flags
    applying = {a.key for a in g.actions if a.applies}
    assert exp.get("actions", set()) <= applying, applying
    assert exp.get("imaging", set()) <= {i.key for i in g.imaging}
    if "guideline" in exp:
        assert g.guideline_applies is exp["guideline"]


@pytest.mark.parametrize("vid", sorted(VIGNETTES))
def test_vignette_builders(vid: str) -> None:
    _check(vid, run(VIGNETTES[vid]()))


@pytest.mark.parametrize("path", sorted(VIGNETTE_FILES.glob("*.facialis.json")), ids=lambda p: p.name.split(".")[0])
def test_vignette_files(path: Path) -> None:
    _check(path.name.split(".")[0], run(load_exam(path)))


def test_every_item_names_its_source_and_round_trips() -> None:
    for build in VIGNETTES.values():
        g = run(build())
        items = [*g.differential, *g.red_flags, *g.actions, *g.imaging, *g.notes, *g.codes.notes, *g.electrodiagnostics]
        assert all(i.source for i in items)
        assert Guidance.model_validate_json(g.model_dump_json()) == g


# --- Specific vignette details ----------------------------------------------------------------


def test_v1_central_pattern_gets_no_bells_statements() -> None:
    g = run(VIGNETTES["v01"]())
    assert not any(a.statement for a in g.actions)
    assert g.codes.icd10cm[0].code == "R29.810"


def test_v5_bells_palsy_decision_support() -> None:
    g = run(VIGNETTES["v05"]())
    steroid = action(g, "guideline_4")
    assert steroid.applies and steroid.window_open is True
    assert steroid.due_by == datetime(2026, 3, 5, 0, 0)  # onset day 2026-03-02 + 72 h
    assert steroid.hours_left == 32.0  # seen 40 h after the start of the onset day
    assert "start of the onset day" in steroid.reason
    assert steroid.strength == "Strong recommendation"
    assert action(g, "guideline_5").strength.startswith("Strong recommendation (against)")
    assert action(g, "guideline_6").strength == "Option"
    assert action(g, "guideline_8a").applies and action(g, "guideline_8b") is None
    reassess = action(g, "guideline_12")
    assert reassess.due_by == datetime(2026, 6, 2, 0, 0)
    assert [c.code for c in g.codes.icd10cm] == ["G51.0"]
    assert [c.code for c in g.codes.snomed] == ["193093009"]
    assert g.codes.laterality.code == "7771000"


def test_v6_ramsay_hunt_guideline_does_not_apply() -> None:
    g = run(VIGNETTES["v06"]())
    assert not g.guideline_applies
    assert not any(a.statement == "4" for a in g.actions)
    assert any("does not apply" in a.text for a in g.actions)
    enog = action(g, "enog")
    # Day 1 (onset 2026-03-01): not open yet; opens 72 h after the end of the onset day (8.4: not before 72 h).
    assert enog.window_start == datetime(2026, 3, 5, 0, 0)
    assert enog.window_state == "not_open_yet" and enog.window_open is None and enog.hours_left is None
    assert "opens 2026-03-05 00:00" in enog.reason and "closed" not in enog.reason

def _v5_with(**history: object) -> Exam:
    data = v5().model_dump()
    data["history"].update(history)
    return Exam.model_validate(data)


def test_severe_otalgia_with_vesicles_looked_for_and_absent_keeps_bells_palsy_and_its_steroid_window() -> None:
    """Severe pain is a red flag (8.2) but common in Bell's palsy; without vesicles Ramsay Hunt stays below."""
    g = run(_v5_with(otalgia_severity="severe"))
    assert g.differential[0].key == "bells_palsy"
    assert g.guideline_applies
    assert action(g, "guideline_4").window_open is True  # the 72-hour steroid window is still shown
    assert g.red_flags and any("red flag" in n.text.lower() for n in g.notes)
    rhs = next(d for d in g.differential if d.key == "ramsay_hunt")
    assert "no vesicles at the ear (looked for)" in rhs.against


def test_severe_otalgia_with_vesicles_not_looked_for_puts_ramsay_hunt_first() -> None:
    """Zoster sine herpete exists (7): with vesicles not assessed, severe otalgia leads to Ramsay Hunt."""
    data = _v5_with(otalgia_severity="severe", ear_vesicles_or_rash=None).model_dump()
    data["associated"]["otoscopy"] = None
    g = run(Exam.model_validate(data))
    assert g.differential[0].key == "ramsay_hunt"
    assert "no vesicles at the ear (looked for)" not in g.differential[0].against



def test_v8_steroid_statement_does_not_apply_to_a_child() -> None:
    g = run(VIGNETTES["v08"]())
    assert not any(a.statement == "4" and a.applies for a in g.actions)
    assert any("16" in n.text and "steroid" in n.text for n in g.notes)


def test_v13_codes_bilateral_lyme() -> None:
    g = run(VIGNETTES["v13"]())
    assert [c.code for c in g.codes.icd10cm] == ["A69.22"]
    assert g.codes.laterality.code == "51440002"
    assert "guideline_2" not in {a.key for a in g.actions}  # "no routine labs" is for typical Bell's palsy


def test_v16a_recovered_has_no_referral_trigger() -> None:
    g = run(VIGNETTES["v16a"]())
    reassess = action(g, "guideline_12")
    assert reassess is not None and not reassess.applies


def test_codes_use_only_what_the_reference_supports() -> None:
    snomed = {c.code for c in CODES.values() if c.system == "SNOMED CT"}
    assert snomed == {"193093009", "422426003"}
    assert not CODES["H71.9-"].complete  # cholesteatoma "by ear": the reference gives no digits
    g = run(VIGNETTES["v07"]())
    assert [c.code for c in g.codes.icd10cm] == ["H71.9-"]
    assert run(VIGNETTES["v15"]()).codes.icd10cm[0].code == "S04.51XA"
    assert run(VIGNETTES["v12"]()).codes.icd10cm[0].code == "S04.52XA"


def test_injury_code_needs_a_seventh_character_at_follow_up() -> None:
    exam = make_exam(
        vid="t", age=40, side="left", onset_days=30, encounter={"visit": "follow_up"},
        history={"recent_surgery": True, "recent_surgery_sites": ["parotid"]},
        face={"left": {"voluntary": fngs(4, 4, 4, 4)}},
    )
    g = run(exam)
    assert g.differential[0].key == "iatrogenic_extratemporal"
    assert g.codes.icd10cm[0].code == "S04.52X-" and not g.codes.icd10cm[0].complete


# --- Steroid window (8.1 statement 4) -------------------------------------------------------------


def test_steroid_window_on_the_onset_day() -> None:
    exam = make_exam(
        vid="t", age=40, side="left", onset_days=0, at=datetime(2026, 3, 2, 9, 0),
        face={"left": {"voluntary": {**fngs(5, 4, 4, 4), "eye_closure": "incomplete"}}},
        associated={"hearing": "normal"},
    )
    g = run(exam)
    steroid = action(g, "guideline_4")
    assert g.guideline_applies
    assert steroid.window_start == datetime(2026, 3, 2, 0, 0)
    assert steroid.due_by == datetime(2026, 3, 5, 0, 0)
    assert steroid.window_state == "open" and steroid.window_open and steroid.hours_left == 63.0


def test_steroid_window_closes_after_72_hours() -> None:
    exam = make_exam(
        vid="t", age=40, side="left", onset_days=3, at=datetime(2026, 3, 5, 0, 30),
        face={"left": {"voluntary": {**fngs(5, 4, 4, 4), "eye_closure": "incomplete"}}},
        associated={"hearing": "normal"},
    )
    g = run(exam)
    steroid = action(g, "guideline_4")
    assert g.guideline_applies
    assert steroid.window_state == "closed" and steroid.window_open is False and steroid.hours_left == 0.0
    assert steroid.due_by == datetime(2026, 3, 5, 0, 0)
    assert "closed" in steroid.reason


def test_steroid_statement_not_for_age_15() -> None:
    g = run(v5(age=15))
    assert g.guideline_applies
    steroid = action(g, "guideline_4")
    assert steroid.applies is False and "16" in steroid.reason
    assert action(g, "guideline_6").applies is False
    assert action(g, "guideline_5").applies  # never an antiviral alone
    assert action(run(v5(age=16)), "guideline_4").applies


def test_steroid_already_started_is_said() -> None:
    exam = v5()
    exam = exam.model_copy(update={"encounter": exam.encounter.model_copy(
        update={"treatment": exam.encounter.treatment.model_copy(update={"steroid": True})})})
    assert "already started" in action(run(exam), "guideline_4").reason


# --- Electrodiagnostics only for complete palsy (8.1 statement 8, 8.4) ----------------------------


def _bells(extent_fngs: tuple[int, int, int, int], days: int = 5) -> Exam:
    return make_exam(
        vid="t", age=40, side="right", onset_days=days,
        face={"right": {"voluntary": {**fngs(*extent_fngs), "eye_closure": "none" if extent_fngs[1] == 6 else "incomplete"}}},
        associated={"hearing": "normal", "otoscopy": "normal"},
    )


def test_enog_offered_for_complete_palsy_within_day_3_to_14() -> None:
    g = run(_bells((6, 6, 6, 6), days=5))
    enog = action(g, "guideline_8b")
    assert enog is not None and enog.applies and enog.strength == "Option"
    assert enog.window_start == datetime(2026, 3, 1, 0, 0)  # onset 2026-02-25: 72 h after the end of the onset day
    assert enog.due_by == datetime(2026, 3, 11, 23, 59)  # end of day 14
    assert enog.window_state == "open" and enog.window_open is True and enog.hours_left > 0
    assert action(g, "guideline_8a") is None


def test_enog_not_for_incomplete_palsy() -> None:
    g = run(_bells((5, 4, 4, 4)))
    assert action(g, "guideline_8b") is None
    against = action(g, "guideline_8a")
    assert against.applies and "against" in against.strength


def test_enog_complete_palsy_from_hb_grade_or_flag() -> None:
    exam = _bells((5, 4, 4, 4))
    assert action(run(exam, hb_grades={"right": "VI"}), "guideline_8b") is not None
    assert action(run(exam, complete_palsy=True), "guideline_8b") is not None
    assert action(run(_bells((6, 6, 6, 6)), complete_palsy=False), "guideline_8b") is None


def _bilateral_lyme(left_voluntary: dict, left_sunnybrook: dict | None = None) -> Exam:
    """A bilateral palsy (6.4) on day 6: right side fully scored, grade III; the left as given."""
    return make_exam(
        vid="t", age=41, side="bilateral", onset_days=6,
        history={"tick_exposure": True, "systemic_symptoms": True},
        face={
            "right": {"voluntary": {**fngs(3, 3, 3, 3), "eye_closure": "complete_maximal_effort"},
                      "sequelae": {"fngs_secondary": 0}},
            "left": {"voluntary": left_voluntary, "sunnybrook": {"voluntary": left_sunnybrook or {}}},
        },
    )


def test_bilateral_complete_palsy_of_a_side_without_hb_grade_counts() -> None:
    """Each side of a bilateral palsy is its own (6.4): the left side shows no movement in any region
    (FNGS brow and eye 6, Sunnybrook snarl, smile and pucker 1) but, with the FNGS 2.0 mouth regions not
    scored, has no HB suggestion. The right side's grade III must not hide the left's complete palsy,
    which calls for ENoG between day 3 and 14 (8.1 statement 8b, 8.4)."""
    exam = _bilateral_lyme({"fngs_brow": 6, "fngs_eye": 6, "eye_closure": "none"},
                           {"snarl": 1, "open_mouth_smile": 1, "lip_pucker": 1})
    g = run(exam, hb_grades={"right": "III", "left": None})
    assert g.palsy_extent == "complete"
    enog = action(g, "enog")
    assert enog is not None and enog.applies and enog.window_state == "open"


def test_bilateral_extent_is_the_worse_side_by_its_own_evidence() -> None:
    """The worse of the two sides, each read from its HB grade when it has one, else its regions."""
    near = _bilateral_lyme({"fngs_brow": 6, "fngs_eye": 5}, {"snarl": 2, "open_mouth_smile": 1, "lip_pucker": 1})
    assert run(near, hb_grades={"right": "III", "left": None}).palsy_extent == "near_complete"
    assert run(near, hb_grades={"right": "VI", "left": None}).palsy_extent == "complete"
    unknown = _bilateral_lyme({"fngs_brow": 6})
    assert run(unknown, hb_grades={"right": "III", "left": None}).palsy_extent == "incomplete"
    complete = _bilateral_lyme({"fngs_brow": 6, "fngs_eye": 6}, {"snarl": 1, "open_mouth_smile": 1})
    assert run(complete, hb_grades={"right": "III", "left": None}, complete_palsy=False).palsy_extent == "incomplete"


def test_enog_window_closed_after_day_14() -> None:
    enog = action(run(_bells((6, 6, 6, 6), days=20)), "guideline_8b")
    assert enog.window_state == "closed" and enog.window_open is False and enog.hours_left == 0.0


def test_enog_over_90_percent_without_motor_units_is_the_poor_prognosis_group() -> None:
    exam = _bells((6, 6, 6, 6), days=8)
    exam = exam.model_copy(update={"electro": exam.electro.model_copy(
        update={"enog_degeneration_percent": 95, "enog_day": 7, "emg_voluntary_mups": False})})
    g = run(exam)
    assert any("poor-prognosis" in n.text for n in g.electrodiagnostics)


# --- Reassessment and red flags over time (8.1 statement 12, 8.2) ---------------------------------


def test_incomplete_recovery_at_3_months_triggers_referral() -> None:
    exam = make_exam(
        vid="t", age=40, side="right", onset_days=100, encounter={"visit": "follow_up"},
        face={"right": {"voluntary": fngs(3, 3, 3, 3)}}, associated={"hearing": "normal"},
    )
    g = run(exam)
    reassess = action(g, "guideline_12")
    assert reassess.applies and "refer" in reassess.reason


def test_no_movement_at_4_months_is_a_red_flag() -> None:
    exam = make_exam(
        vid="t", age=40, side="right", onset_days=130, encounter={"visit": "follow_up"},
        face={"right": {"voluntary": {**fngs(6, 6, 6, 6), "eye_closure": "none"}}}, associated={"hearing": "normal"},
    )
    g = run(exam)
    assert "no_improvement" in {f.key for f in g.red_flags}
    assert g.differential[0].key != "bells_palsy" or any("red flag" in a for a in g.differential[0].against)


def test_red_flags_name_their_findings_and_source() -> None:
    g = run(VIGNETTES["v11"]())
    mass = next(f for f in g.red_flags if f.key == "mass_pain")
    assert "parotid mass" in " ".join(mass.findings) or "parotid swelling or mass" in mass.findings
    assert all(f.source.startswith("clinical-reference 8.2") for f in g.red_flags)


def test_typical_bells_without_red_flags_gets_no_routine_imaging_or_labs() -> None:
    g = run(VIGNETTES["v05"]())
    assert action(g, "guideline_2").applies and action(g, "guideline_3").applies
    assert [i.key for i in g.imaging] == ["none_routine"]


def test_bells_with_a_red_flag_loses_the_no_routine_imaging_statement() -> None:
    exam = v5()
    exam = exam.model_copy(update={"history": exam.history.model_copy(update={"immunosuppression": True})})
    g = run(exam)
    assert g.guideline_applies  # still the leading diagnosis, but the red flag is said and acted on
    assert action(g, "guideline_3").applies is False
    assert any(i.key == "mri_whole_course" for i in g.imaging)
    assert any("argue against Bell's palsy" in n.text for n in g.notes)


# --- The tables cover the reference ----------------------------------------------------------

#: Every entity of section 7 (table and key-entity notes) and 6.4, as the reference names them.
REFERENCE_ENTITIES = [
    # 7, supranuclear
    "ischaemic stroke", "haemorrhagic stroke", "brain tumour", "demyelination", "traumatic brain injury",
    # 7, pons
    "pontine infarction", "cavernoma", "avm", "glioma", "multiple sclerosis", "rhombencephalitis",
    # 7, CPA / IAC
    "vestibular schwannoma", "facial nerve schwannoma", "meningioma", "aica loop", "aneurysm", "epidermoid",
    "metastasis", "meningitis", "vestibular schwannoma surgery",
    # 7, labyrinthine / geniculate
    "bell's palsy", "ramsay hunt", "haemangioma of the geniculate", "temporal bone fracture",
    # 7, tympanic / mastoid
    "acute otitis media", "chronic otitis media", "cholesteatoma", "mastoiditis", "paraganglioma",
    "fibrous dysplasia", "histiocytosis", "ear or mastoid surgery", "necrotising", "skull base",
    # 7, extratemporal
    "benign parotid tumour", "adenoid cystic", "mucoepidermoid", "sarcoma", "perineural spread of skin cancer",
    "parotitis", "abscess", "laceration", "parotidectomy", "facelift", "tmj", "submandibular",
    # 7, multiple or variable levels
    "lyme", "sarcoidosis", "guillain-barre", "hiv", "leukaemia", "diabetes", "birth injury",
    # 7, key entities
    "transverse temporal bone fracture", "longitudinal temporal bone fracture",
    # 6.4, bilateral
    "miller fisher", "heerfordt", "syphilis", "tuberculous meningitis", "lymphoma", "carcinomatous meningitis",
    "leprosy", "bilateral temporal bone fractures", "pontine tegmentum", "moebius", "melkersson-rosenthal",
    "myasthenia gravis", "botulism", "myopathies", "pseudobulbar", "motor neuron disease", "bilateral bell's palsy",
]


def test_every_entity_of_the_reference_is_in_the_differential_table() -> None:
    names = " | ".join(e.name.lower() for e in ENTITIES)
    missing = [n for n in REFERENCE_ENTITIES if n not in names]
    assert missing == []


def test_entity_clues_refer_to_known_signs_and_codes() -> None:
    from facialis.core.guidance import CAUSE_ACTIONS, IMAGING, _GUIDANCE_SIGN_LABELS
    from facialis.core.localize import SIGNS

    known = set(SIGNS) | set(_GUIDANCE_SIGN_LABELS)
    flag_keys = {r.key for r in RED_FLAGS}
    for e in ENTITIES:
        assert set(e.clues) <= known, e.key
        assert set(e.codes) <= set(CODES), e.key
        assert set(e.actions) <= set(CAUSE_ACTIONS), e.key
        assert set(e.imaging) <= set(IMAGING), e.key
        assert set(e.explains) <= flag_keys, e.key
    for r in RED_FLAGS:
        assert set(r.any_of) | set(r.requires) <= known, r.key
    assert len({e.key for e in ENTITIES}) == len(ENTITIES)


def test_guideline_statements_numbered_as_the_reference() -> None:
    assert list(STATEMENTS) == ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "9", "10", "11", "12"]


# --- Robustness: any combination of findings gives a result -------------------------------------

def _maybe(values):
    return st.one_of(st.none(), st.sampled_from(values))


_bool = st.one_of(st.none(), st.booleans())


@st.composite
def random_exams(draw) -> Exam:
    side = draw(st.sampled_from(["right", "left", "bilateral"]))
    region = st.one_of(st.none(), st.integers(1, 6))
    halves = ["right", "left"] if side == "bilateral" else [side]
    face = {
        h: {"voluntary": {"fngs_brow": draw(region), "fngs_eye": draw(region), "fngs_nlf": draw(region),
                          "fngs_oral": draw(region), "posed_smile": draw(_maybe(["symmetric", "weak"])),
                          "spontaneous_smile": draw(_maybe(["symmetric", "weak"]))},
            "sequelae": {"fngs_secondary": draw(st.one_of(st.none(), st.integers(0, 3)))}}
        for h in halves
    }
    history = {k: draw(_bool) for k in (
        "otalgia", "hearing_loss", "vertigo", "tinnitus", "ear_vesicles_or_rash", "otorrhoea", "fever", "systemic_symptoms",
        "tick_exposure", "head_trauma", "parotid_swelling", "skin_cancer_history", "diabetes", "immunosuppression",
        "twitching_before_onset", "limb_weakness_or_speech_disturbance", "facial_numbness")}
    if draw(st.booleans()):
        history["recent_surgery"] = True
        history["recent_surgery_sites"] = draw(st.lists(st.sampled_from(["ear", "skull_base", "parotid", "neck", "facial"]), max_size=2))
    associated = {
        "hearing": draw(_maybe([h.value for h in Hearing])),
        "otoscopy": draw(_maybe([o.value for o in Otoscopy])),
        "parotid": draw(_maybe([p.value for p in Parotid])),
        "limb_weakness": draw(_maybe([x.value for x in LimbWeakness])),
        "corneal_reflex": draw(_maybe([x.value for x in ReflexState])),
        "abduction": draw(_maybe([x.value for x in NormalAbnormal])),
        "cerebellar_signs": draw(_bool),
    }
    mm = st.one_of(st.none(), st.floats(0, 35, allow_nan=False))
    topognostic = {
        "schirmer_mm": {"right": draw(mm), "left": draw(mm)},
        "stapedial_reflex": {"right": draw(_maybe([x.value for x in StapedialReflex])), "left": None},
        "taste": {"right": draw(_maybe([x.value for x in Taste])), "left": draw(_maybe([x.value for x in Taste]))},
    }
    return make_exam(
        vid="r", age=draw(st.one_of(st.none(), st.integers(2, 99))), side=side,
        onset_days=draw(st.one_of(st.none(), st.integers(0, 400))),
        course=draw(_maybe(["within_72h", "progressive", "unknown"])),
        encounter={"visit": draw(st.sampled_from(["initial", "follow_up"])),
                   "episode": draw(st.sampled_from(["first", "recurrent_same_side", "recurrent_other_side"]))},
        history=history, face=face, topognostic=topognostic, associated=associated,
    )


@hyp_settings(max_examples=200, deadline=None)
@given(random_exams())
def test_any_exam_gives_a_consistent_assessment(exam: Exam) -> None:
    loc = localize(exam)
    g = guidance(exam, loc)
    assert Guidance.model_validate_json(g.model_dump_json()) == g
    keys = [d.key for d in g.differential]
    assert len(keys) == len(set(keys))
    if g.guideline_applies:
        assert keys[0] == "bells_palsy" and exam.encounter.affected_side.value != "bilateral"
    for a in g.actions:
        if a.window_open:
            assert a.hours_left is not None and a.hours_left >= 0
        # window_open follows window_state; a window that has not opened is never "closed"
        assert a.window_open is {"open": True, "closed": False}.get(a.window_state or "")
        if a.window_state == "not_open_yet":
            assert a.window_start is not None and a.window_start > exam.encounter.exam_datetime
        if a.window_state == "closed":
            assert a.due_by is not None and a.due_by <= exam.encounter.exam_datetime
        if a.window_state == "open":
            assert a.window_start is not None and a.window_start <= exam.encounter.exam_datetime
        if a.key in ("enog", "guideline_8b") and a.window_start is not None and exam.encounter.onset_date is not None:
            # at least 72 h after any time of the onset day (8.4)
            assert a.window_start - datetime.combine(exam.encounter.onset_date, datetime.min.time()) >= timedelta(hours=96)
    ranks = [action_rank(a) for a in g.actions]
    assert ranks == sorted(ranks)  # urgent, then time-critical, then the rest


# --- Window states, treatment already started, ENoG opening, order (review fixes) ---------------


def test_enog_window_before_day_3_is_not_open_yet_rather_than_closed() -> None:
    """A window that has not opened is not a closed one (8.4: ENoG from day 3)."""
    g = run(_bells((6, 6, 6, 6), days=1))
    enog = action(g, "guideline_8b")
    assert enog.window_state == "not_open_yet"
    assert enog.window_open is not False and enog.hours_left is None
    assert enog.window_start > datetime(2026, 3, 2, 10, 0) and enog.due_by > enog.window_start


def test_enog_opens_at_least_72_hours_after_any_time_of_the_onset_day() -> None:
    """V15: injury late in the evening; 8.4 'not before 72 h' must hold whatever the onset time."""
    g = run(VIGNETTES["v15"]())  # onset 2026-03-02 (day 0), seen at 23:00 that day
    enog = action(g, "enog")
    latest_onset = datetime(2026, 3, 2, 23, 59, 59)
    assert enog.window_start == datetime(2026, 3, 6, 0, 0)
    assert enog.window_start - latest_onset >= timedelta(hours=72)
    assert "at least 72 h after onset" in enog.reason
    assert enog.window_state == "not_open_yet"


def _steroid_started(started: str | None, onset_days: int = 5, antiviral: str | None = None) -> Exam:
    treatment: dict[str, object] = {"steroid": True, "steroid_date": started}
    if antiviral:
        treatment.update({"antiviral": True, "antiviral_date": antiviral})
    return make_exam(
        vid="t", age=40, side="left", onset_days=onset_days,  # exam 2026-03-02 10:00
        encounter={"treatment": treatment},
        face={"left": {"voluntary": {**fngs(5, 4, 4, 4), "eye_closure": "incomplete"}}},
        associated={"hearing": "normal"},
    )


def test_steroid_started_after_the_exam_window_is_not_an_alarm() -> None:
    """Exam after 72 h, steroid started on day 1: said as started within the window, no 'window closed'."""
    g = run(_steroid_started("2026-02-26"))  # onset 2026-02-25
    steroid = action(g, "guideline_4")
    assert steroid.applies and steroid.done and steroid.done_on.isoformat() == "2026-02-26"
    assert steroid.window_state is None and steroid.window_open is None and steroid.hours_left is None
    assert "started 2026-02-26" in steroid.reason and "within the 72-hour window" in steroid.reason
    assert "window closed" not in steroid.reason


def test_steroid_started_after_the_72_hours_says_so() -> None:
    steroid = action(run(_steroid_started("2026-03-01")), "guideline_4")  # day 4 after onset 2026-02-25
    assert steroid.done and "after the 72-hour window" in steroid.reason


def test_steroid_started_on_day_3_cannot_be_placed_without_times() -> None:
    steroid = action(run(_steroid_started("2026-02-28")), "guideline_4")  # day 3
    assert steroid.done and "cannot be told" in steroid.reason


def test_steroid_started_without_a_date_says_so() -> None:
    steroid = action(run(_steroid_started(None)), "guideline_4")
    assert steroid.done and steroid.done_on is None and "start date not recorded" in steroid.reason


def test_antiviral_started_with_the_steroid_is_said_too() -> None:
    g = run(_steroid_started("2026-02-26", antiviral="2026-02-26"))
    combo = action(g, "guideline_6")
    assert combo.done and combo.window_open is None and "antiviral already started" in combo.reason


def test_older_records_with_only_window_open_read_back() -> None:
    """The older shape said False before the window opened (hours_left None) and after it closed (0)."""
    from facialis.core.guidance import Action

    base = {"key": "enog", "text": "ENoG", "strength": "Option", "source": "x"}
    assert Action.model_validate({**base, "window_open": False, "hours_left": None}).window_state == "not_open_yet"
    assert Action.model_validate({**base, "window_open": False, "hours_left": 0.0}).window_state == "closed"
    assert Action.model_validate({**base, "window_open": True, "hours_left": 3.0}).window_state == "open"
    not_yet = Action.model_validate({**base, "window_open": False, "hours_left": None})
    assert not_yet.window_open is None
    with pytest.raises(ValueError):
        Action(**base, window_state="open", window_open=False)


def test_enog_of_exactly_90_percent_is_at_the_threshold_without_a_prognosis() -> None:
    """8.4: '>90%' is the poor-prognosis group and 'not reaching 90%' recovered; 90% itself is neither."""
    exam = _bells((6, 6, 6, 6), days=8)
    exam = exam.model_copy(update={"electro": exam.electro.model_copy(
        update={"enog_degeneration_percent": 90, "enog_day": 7, "emg_voluntary_mups": False})})
    notes = [n.text for n in run(exam).electrodiagnostics]
    assert len(notes) == 1
    assert "at the 90% threshold" in notes[0] and "no prognosis" in notes[0]
    assert "below" not in notes[0] and "poor-prognosis group;" not in notes[0]
    exam89 = exam.model_copy(update={"electro": exam.electro.model_copy(update={"enog_degeneration_percent": 89})})
    assert "below the 90% threshold" in run(exam89).electrodiagnostics[0].text


def test_urgent_actions_come_first() -> None:
    """V02: the stroke pathway before eye protection; V09: immediate surgical review before ENoG."""
    v2_keys = [a.key for a in run(VIGNETTES["v02"]()).actions]
    assert v2_keys.index("stroke_pathway") < v2_keys.index("guideline_7")
    v9_keys = [a.key for a in run(VIGNETTES["v09"]()).actions]
    assert v9_keys[0] == "surgical_review" and "enog" in v9_keys


def test_open_windows_come_before_routine_statements() -> None:
    keys = [a.key for a in run(VIGNETTES["v05"]()).actions]
    assert keys[:2] == ["guideline_4", "guideline_6"]  # steroid window open: time-critical
    assert keys[2:] == sorted(keys[2:], key=lambda k: list(STATEMENTS).index(k.split("_")[1]))  # stable otherwise


# --- Gradual onset red flag (8.2) ---------------------------------------------------------------------


def _progressive(worsening: bool | None, onset_days: int = 12) -> Exam:
    encounter = {} if worsening is None else {"worsening_after_3_weeks": worsening}
    return make_exam(
        vid="t", age=40, side="left", onset_days=onset_days, course="progressive", encounter=encounter,
        face={"left": {"voluntary": {**fngs(4, 4, 4, 4), "eye_closure": "incomplete"}}},
        associated={"hearing": "normal"},
    )


def test_progression_over_days_is_not_by_itself_the_gradual_onset_red_flag() -> None:
    """8.2: weeks to months, or worsening beyond 3 weeks; Bell's palsy may worsen for up to 3 weeks (7)."""
    for worsening in (None, False):
        g = run(_progressive(worsening))
        assert "gradual" not in {f.key for f in g.red_flags}
        assert not any("Tumour warning" in n.text for n in g.notes)
    asked = run(_progressive(None))
    assert any("still worsening after 3 weeks" in n.text for n in asked.notes)
    assert not any("still worsening after 3 weeks" in n.text for n in run(_progressive(False)).notes)


def test_worsening_beyond_3_weeks_is_the_gradual_onset_red_flag() -> None:
    g = run(_progressive(True, onset_days=40))
    assert "gradual" in {f.key for f in g.red_flags}
    assert any("Tumour warning" in n.text for n in g.notes)


def test_a_fracture_without_recorded_trauma_does_not_outrank_bells_palsy() -> None:
    """7: "about 80%" is the longitudinal fracture's share of fractures, not of facial palsies."""
    g = run(VIGNETTES["v08"]())
    keys = [d.key for d in g.differential]
    assert "longitudinal_fracture" not in keys or keys.index("longitudinal_fracture") > keys.index("bells_palsy")


def test_an_enog_on_day_3_is_read_with_the_72_hour_caution() -> None:
    """8.4: not before 72 h; without an onset time only day 4 is surely past it (the window's rule)."""
    exam = VIGNETTES["v06"]()
    data = exam.model_dump()
    data["electro"].update(enog_degeneration_percent=40.0, enog_day=3)
    g = run(Exam.model_validate(data))
    assert any(n.text.startswith("ENoG on day 3: less than 72 h may have passed") for n in g.electrodiagnostics)
    data["electro"]["enog_day"] = 5
    assert not any("ENoG on day" in n.text for n in run(Exam.model_validate(data)).electrodiagnostics)


def test_the_scope_note_never_gives_bells_palsy_as_the_reason_to_withhold_bells_guidance() -> None:
    """With only a normal brow recorded, Bell's palsy may lead the differential while the pattern is
    not established: the note says the pattern is missing, not "the leading diagnosis is Bell's palsy"."""
    from facialis.core.assess import assess
    from facialis.core.exam import Exam, load_exam
    from facialis.core.vignettes import VIGNETTE_DIR

    exam = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    data = exam.model_dump()
    side = exam.encounter.affected_side.value
    data["face"] = {side: {"voluntary": {"fngs_brow": 1}}}  # the exam half done: one normal region
    result = assess(Exam.model_validate(data))
    scope = [note.text for note in result.notes if "guideline (8.1)" in note.text]
    assert result.localization.pattern == "indeterminate"
    assert all("the leading diagnosis here is Bell's palsy" not in text for text in scope)
    assert result.differential[0].key == "bells_palsy"  # the prior leads while nothing is established
    assert any("not applied yet" in text for text in scope)
