"""core.assess on the vignettes of reference section 11, and its properties on any valid exam."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from facialis.core.assess import Assessment, assess
from facialis.core.exam import Exam, load_exam
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR

from ..strategies import exams

VIGNETTES = VIGNETTE_DIR

# name: (suggested HB per side, candidate segments, top of the differential, red flags that must be present)
EXPECTED = {
    "v01": ({"right": "II"}, ["supranuclear"], "ischaemic_stroke", {"sudden_with_neuro"}),
    "v02": ({"left": "VI"}, ["pons"], "pontine_infarction", {"sudden_with_neuro", "other_cn_long_tract"}),
    "v03": ({"right": "III"}, ["cpa"], "vestibular_schwannoma", {"gradual", "other_cn_long_tract"}),
    "v04": ({"left": "II"}, ["iac"], "vestibular_schwannoma", {"gradual"}),
    "v05": ({"left": "IV"}, ["labyrinthine", "geniculate"], "bells_palsy", set()),
    "v06": ({"right": "V"}, ["geniculate"], "ramsay_hunt", {"otological"}),
    "v07": ({"left": "IV"}, ["tympanic", "mastoid"], "cholesteatoma", {"otological"}),
    "v08": ({"right": "III"}, ["tympanic"], "acute_otitis_media", {"otological"}),
    "v09": ({"right": "VI"}, ["mastoid"], "iatrogenic_ear", {"trauma"}),
    "v10": ({"left": "IV"}, ["mastoid", "stylomastoid"], "necrotising_otitis_externa", {"otological"}),
    "v11": ({"right": "III"}, ["parotid"], "parotid_malignancy", {"gradual", "mass_pain"}),
    "v12": ({"left": "II"}, ["branch"], "iatrogenic_extratemporal", {"branch_only"}),
    "v13": ({"right": "III", "left": "IV"}, None, "lyme", {"bilateral", "systemic"}),
    "v14": ({"right": "IV"}, ["labyrinthine", "geniculate"], "geniculate_tumour",
            {"recurrent_same_side", "twitching", "gradual"}),
    "v15": ({"right": "VI"}, ["labyrinthine", "geniculate"], "transverse_fracture", {"trauma"}),
    "v16a": ({"left": "I"}, [], None, set()),
    "v16b": ({"right": "III"}, [], "post_paralytic_synkinesis", set()),
}


def _assess(name: str) -> Assessment:
    return assess(load_exam(VIGNETTES / f"{name}.facialis.json"))


def test_every_vignette_has_an_expectation() -> None:
    assert {p.name.split(".")[0] for p in VIGNETTES.glob("*.facialis.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vignette(name: str) -> None:
    grades, segments, top, flags = EXPECTED[name]
    assessment = _assess(name)
    assert {side: result.suggested for side, result in assessment.hb_by_side().items()} == grades
    if segments is not None:
        assert assessment.localization.segments == segments
    if top is None:
        assert not assessment.differential or assessment.localization.pattern == "indeterminate"
    else:
        assert assessment.differential[0].key == top
    assert flags <= {flag.key for flag in assessment.red_flags}


def test_bells_palsy_vignette_gives_the_steroid_window_and_eye_protection() -> None:
    assessment = _assess("v05")
    actions = {action.key: action for action in assessment.actions if action.applies}
    steroid = next(a for a in actions.values() if a.statement == "4")
    assert steroid.window_open is True and steroid.hours_left == 32
    assert steroid.due_by is not None and steroid.due_by.isoformat() == "2026-10-08T00:00:00"
    assert any(a.statement == "7" for a in actions.values())
    assert any(a.statement == "8a" for a in actions.values())
    assert not any(a.statement == "8b" for a in actions.values())


def test_central_palsy_carries_the_hb_caveat() -> None:
    result = _assess("v01").hb_by_side()["right"]
    assert result.applicable is False
    assert any("central" in caveat for caveat in result.caveats)


def test_bilateral_palsy_is_graded_per_side_in_the_json() -> None:
    data = json.loads(_assess("v13").model_dump_json())
    assert data["house_brackmann"]["right"]["suggested"] == "III"
    assert data["house_brackmann"]["left"]["suggested"] == "IV"
    assert set(data["sunnybrook"]) == {"right", "left"}


def test_json_has_the_keys_design_lists() -> None:
    data = json.loads(_assess("v05").model_dump_json())
    for key in ("house_brackmann", "fngs2", "sunnybrook", "eface", "yanagihara", "localization",
                "differential", "red_flags", "actions"):
        assert key in data
    assert {"suggested", "reasons", "conflicts"} <= set(data["house_brackmann"])
    assert {"regions", "secondary", "total", "grade"} <= set(data["fngs2"])
    assert {"complete", "missing", "total"} <= set(data["sunnybrook"])
    assert {"pattern", "segments", "evidence", "caveats"} <= set(data["localization"])
    assert {"name", "codes"} <= set(data["differential"][0])
    assert any(action["due_by"] for action in data["actions"])


def test_summary_columns_come_from_the_assessment() -> None:
    exam = load_exam(VIGNETTES / "v13.facialis.json")
    summary = summarize(exam, assess(exam))
    assert summary.suggested_hb == "IV"  # the worse side of a bilateral palsy
    assert summary.side == "bilateral" and summary.red_flags is True
    assert summary.diagnosis and "Lyme" in summary.diagnosis


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exams())
def test_assess_never_raises_and_its_json_round_trips(exam) -> None:
    assessment = assess(exam)
    again = Assessment.model_validate_json(assessment.model_dump_json())
    assert again == assessment
    assert json.loads(assessment.model_dump_json())["localization"]["pattern"] in (
        "central", "peripheral", "branch", "indeterminate")


# --- The eye-closure items and the palsy extent, as the clinician sees them (1.2, 6.4, 8.1) --------


def _exam(side: str, face: dict, onset_days: int = 6, **sections) -> Exam:
    at = datetime(2026, 3, 2, 10, 0)
    return Exam.model_validate({
        "patient": {"mrn": "A1", "family_name": "Assess", "birth_date": date(1985, 1, 1)},
        "encounter": {"exam_datetime": at, "affected_side": side, "onset_course": "within_72h",
                      "onset_date": (at - timedelta(days=onset_days)).date()},
        "face": face,
        **sections,
    })


def test_eye_that_does_not_close_on_a_scale_page_is_not_read_as_closing_by_hb() -> None:
    """FNGS 2.0 grade III (eye 3: "complete closure with maximal effort"), while the eFACE page records
    full eye closure 0 ("incomplete", 3.2). Guidance asks for eye protection (8.1 statement 7); the HB
    suggestion must not quietly agree with "complete eye closure means III or better" (1.2): the
    disagreement is stated as a conflict naming both items."""
    exam = _exam("right", {"right": {"voluntary": {"fngs_brow": 3, "fngs_eye": 3, "fngs_nlf": 3, "fngs_oral": 3},
                                     "sequelae": {"fngs_secondary": 0}, "eface": {"dynamic_full_eye_closure": 0}}})
    result = assess(exam)
    assert any(action.statement == "7" and action.applies for action in result.actions)
    hb = result.hb_by_side()["right"]
    assert hb.suggested == "III"  # the FNGS 2.0 grade; the conflict is the clinician's to resolve
    conflict = next(c for c in hb.conflicts if c.startswith("The eye-closure items disagree"))
    assert "FNGS 2.0 eye 3" in conflict and "eFACE full eye closure 0" in conflict
    assert {item.name: item.value for item in hb.items}["eface_dynamic_full_eye_closure"] == 0


def test_yanagihara_tight_closure_0_decides_the_III_IV_anchor_without_fngs_eye() -> None:
    """Only the Yanagihara page says how the eye closes: tight closure 0 (total paralysis, 4) is an eye
    that does not close with effort, so HB is IV or worse (1.2) and the eye is protected (8.1 statement 7)."""
    exam = _exam("right", {"right": {"voluntary": {"fngs_brow": 4, "fngs_nlf": 4, "fngs_oral": 4},
                                     "sequelae": {"fngs_secondary": 0}, "yanagihara": {"tight_eye_closure": 0}}})
    result = assess(exam)
    hb = result.hb_by_side()["right"]
    assert hb.anchor_grades == ["IV", "V"]  # movement in the other regions rules out VI
    assert any("incomplete eye closure means grade IV or worse (Yanagihara tight eye closure 0" in r
               for r in hb.reasons)
    assert any(action.statement == "7" and action.applies for action in result.actions)


def test_bilateral_palsy_extent_counts_a_complete_side_without_hb_suggestion() -> None:
    """Bilateral palsy (6.4), day 6: right grade III; the left shows no movement in any region (FNGS
    brow and eye 6, Sunnybrook smile, snarl and pucker 1) but has no HB suggestion (FNGS 2.0 mouth regions
    not scored). The extent is complete and ENoG is offered (8.1 statement 8b, 8.4)."""
    exam = _exam("bilateral", {
        "right": {"voluntary": {"fngs_brow": 3, "fngs_eye": 3, "fngs_nlf": 3, "fngs_oral": 3,
                                "eye_closure": "complete_maximal_effort"}, "sequelae": {"fngs_secondary": 0}},
        "left": {"voluntary": {"fngs_brow": 6, "fngs_eye": 6, "eye_closure": "none"},
                 "sunnybrook": {"voluntary": {"open_mouth_smile": 1, "snarl": 1, "lip_pucker": 1}}},
    }, history={"tick_exposure": True, "systemic_symptoms": True})
    result = assess(exam)
    assert {side: hb.suggested for side, hb in result.hb_by_side().items()} == {"right": "III", "left": None}
    assert result.palsy_extent == "complete"
    assert any(action.key == "enog" and action.applies for action in result.actions)
