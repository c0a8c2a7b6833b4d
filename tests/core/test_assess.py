"""core.assess on the vignettes of reference section 11, and its properties on any valid exam."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from facialis.core.assess import Assessment, assess
from facialis.core.exam import load_exam
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
