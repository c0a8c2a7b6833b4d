"""Localisation: the vignettes of reference section 11, the decision table of 5.4 and its conventions."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from facialis.core.exam import Exam, load_exam
from facialis.core.exam.enums import Segment
from facialis.core.localize import (
    LESION_STATIONS,
    Localization,
    localize,
    station_predicts,
)
from facialis.core.settings import Settings
from facialis.core.vignettes import VIGNETTE_DIR

from .vignette_builders import VIGNETTES, fngs, make_exam, per_side

VIGNETTE_FILES = VIGNETTE_DIR

# --- Expected per vignette (reference section 11) ------------------------------------------------
# pattern, level_status, required segments (all must be candidates), first segment (or None),
# exact segments (or None when only containment is asked).
EXPECTED: dict[str, dict] = {
    "v01": {"pattern": "central", "segments": ["supranuclear"]},
    "v02": {"pattern": "peripheral", "segments": ["pons"]},
    "v03": {"pattern": "peripheral", "segments": ["cpa"]},
    "v04": {"pattern": "peripheral", "segments": ["iac"]},
    "v05": {"pattern": "peripheral", "segments": ["labyrinthine", "geniculate"]},
    "v06": {"pattern": "peripheral", "segments": ["geniculate"]},
    "v07": {"pattern": "peripheral", "segments": ["tympanic", "mastoid"]},
    "v08": {"pattern": "peripheral", "first": "tympanic"},
    "v09": {"pattern": "peripheral", "segments": ["mastoid"]},
    "v10": {"pattern": "peripheral", "contains": ["stylomastoid"], "subset": ["mastoid", "stylomastoid", "parotid"]},
    "v11": {"pattern": "peripheral", "segments": ["parotid"]},
    "v12": {"pattern": "branch", "segments": ["branch"], "branches": ["marginal_mandibular"]},
    "v13": {"pattern": "peripheral", "bilateral": True},
    "v14": {"pattern": "peripheral", "contains": ["geniculate"], "subset": ["labyrinthine", "geniculate"]},
    "v15": {"pattern": "peripheral", "segments": ["labyrinthine", "geniculate"]},
    "v16a": {"status": "not_applicable", "segments": []},
    "v16b": {"pattern": "peripheral", "status": "not_applicable", "segments": []},
}


def _check(vid: str, loc: Localization) -> None:
    exp = EXPECTED[vid]
    if "pattern" in exp:
        assert loc.pattern == exp["pattern"], loc.level
    assert loc.level_status == exp.get("status", "consistent"), loc.level
    if "segments" in exp:
        assert loc.segments == exp["segments"], loc.level
    for seg in exp.get("contains", []):
        assert seg in loc.segments, loc.level
    if "subset" in exp:
        assert set(loc.segments) <= set(exp["subset"]), loc.level
    if "first" in exp:
        assert loc.segments and loc.segments[0] == exp["first"], loc.level
    if "branches" in exp:
        assert loc.branches == exp["branches"]
    if exp.get("bilateral"):
        assert loc.side == "bilateral" and set(loc.sides) == {"right", "left"}
        assert any("6.4" in c.source for c in loc.caveats)
    if loc.level_status == "consistent":
        assert loc.level.startswith(("consistent with", "bilateral"))
    # segments are always in proximal-to-distal order
    assert [Segment(s).order for s in loc.segments] == sorted(Segment(s).order for s in loc.segments)


@pytest.mark.parametrize("vid", sorted(VIGNETTES))
def test_vignette_builders(vid: str) -> None:
    _check(vid, localize(VIGNETTES[vid]()))


@pytest.mark.parametrize("path", sorted(VIGNETTE_FILES.glob("*.facialis.json")), ids=lambda p: p.name.split(".")[0])
def test_vignette_files(path: Path) -> None:
    """The same expectations hold for the vignettes written as exam files."""
    vid = path.name.split(".")[0]
    _check(vid, localize(load_exam(path)))


def test_every_output_item_names_its_source() -> None:
    for build in VIGNETTES.values():
        loc = localize(build())
        items = [*loc.evidence, *loc.caveats, *loc.contradictions, *loc.explanations]
        items += [r for f in loc.functions for r in f.readings] + loc.functions
        assert all(i.source.startswith("clinical-reference") for i in items)
        assert loc.confidence in ("moderate", "low") and loc.confidence_reasons


def test_result_round_trips_through_json() -> None:
    for build in VIGNETTES.values():
        loc = localize(build())
        assert Localization.model_validate_json(loc.model_dump_json()) == loc


# --- The decision table (5.4) ------------------------------------------------------------------

T, F = True, False
#: Reference 5.4 spelled out (lacrimation, stapedial reflex, taste abnormal) per lesion position.
TABLE_5_4 = {
    "cpa": (T, T, T),
    "iac": (T, T, T),
    "labyrinthine": (T, T, T),
    "geniculate": (T, T, T),
    "tympanic": (F, T, T),
    "mastoid_above_chorda": (F, F, T),
    "mastoid_below_chorda": (F, F, F),
    "stylomastoid": (F, F, F),
    "parotid": (F, F, F),
}


def test_predictions_derived_from_branch_exits_match_table_5_4() -> None:
    derived = {
        s.key: tuple(station_predicts(s.key, f) for f in ("lacrimation", "stapedius", "chorda")) for s in LESION_STATIONS
    }
    assert derived == TABLE_5_4


def whole_hemiface(topognostic: dict, associated: dict | None = None, side: str = "right", **kw) -> Exam:
    return make_exam(
        vid="t", age=50, side=side, onset_days=1,
        face={side: {"voluntary": {**fngs(5, 4, 4, 4), "eye_closure": "incomplete"}}},
        topognostic=topognostic, associated=associated or {}, **kw,
    )


def test_row_suprageniculate() -> None:
    loc = localize(whole_hemiface({"schirmer_mm": per_side(5, 20), "stapedial_reflex": per_side("absent", "present"),
                                   "taste": per_side("reduced", "normal")}))
    assert loc.segments == ["cpa", "iac", "labyrinthine", "geniculate"]
    assert loc.confidence == "moderate"


def test_row_tympanic() -> None:
    loc = localize(whole_hemiface({"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("absent", "present"),
                                   "taste": per_side("reduced", "normal")}))
    assert loc.segments == ["tympanic"]


def test_row_mastoid_between_stapedius_and_chorda() -> None:
    loc = localize(whole_hemiface({"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("present", "present"),
                                   "taste": per_side("reduced", "normal")}))
    assert loc.segments == ["mastoid"] and loc.sublevels == ["mastoid_above_chorda"]


def test_row_distal_to_chorda_spans_the_mastoid() -> None:
    loc = localize(whole_hemiface({"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("present", "present"),
                                   "taste": per_side("normal", "normal")}))
    assert loc.segments == ["mastoid", "stylomastoid", "parotid"]
    assert loc.sublevels == ["mastoid_below_chorda", "stylomastoid", "parotid"]


def test_unknown_stapedial_reflex_gives_tympanic_or_mastoid() -> None:
    """5.4 convention: normal tears + reduced taste + unknown reflex = tympanic or upper mastoid."""
    loc = localize(whole_hemiface({"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("not_assessable"),
                                   "taste": per_side("reduced", "normal")}))
    assert loc.segments == ["tympanic", "mastoid"]
    assert loc.sublevels == ["tympanic", "mastoid_above_chorda"]
    assert loc.confidence == "low"
    assert any("wider" in c.text for c in loc.caveats)
    assert any("caveat 6" in c.source for c in loc.caveats)


def test_not_assessable_widens_the_range() -> None:
    base = {"schirmer_mm": per_side(16, 16), "taste": per_side("absent", "normal")}
    definite = localize(whole_hemiface({**base, "stapedial_reflex": per_side("present", "present")}))
    unknown = localize(whole_hemiface({**base, "stapedial_reflex": per_side("not_assessable", "present")}))
    assert definite.segments == ["mastoid"] and definite.confidence == "moderate"
    assert set(unknown.segments) > set(definite.segments)
    assert unknown.confidence == "low"


def test_absent_reflex_with_conductive_loss_is_uninterpretable() -> None:
    loc = localize(whole_hemiface(
        {"schirmer_mm": per_side(16, 16), "stapedial_reflex": per_side("absent", "present"), "taste": per_side("reduced", "normal")},
        associated={"hearing": "conductive_loss"},
    ))
    stapedius = next(f for f in loc.functions if f.function == "stapedius")
    assert stapedius.result == "unknown" and stapedius.readings[0].result == "uninterpretable"
    assert loc.segments == ["tympanic", "mastoid"]


def test_no_tests_gives_the_whole_peripheral_range_with_low_confidence() -> None:
    loc = localize(whole_hemiface({}))
    assert loc.segments == ["cpa", "iac", "labyrinthine", "geniculate", "tympanic", "mastoid", "stylomastoid", "parotid"]
    assert loc.confidence == "low"


# --- Schirmer criterion is a setting (5.3) -------------------------------------------------------


def test_schirmer_threshold_setting_changes_the_result() -> None:
    exam = VIGNETTES["v04"]()  # Schirmer 8 vs 20 mm = 40% of the other side
    at_50 = localize(exam, Settings(schirmer_threshold_percent=50))
    at_30 = localize(exam, Settings(schirmer_threshold_percent=30))
    assert at_50.functions[0].result == "abnormal" and at_50.segments == ["iac"]
    assert at_30.functions[0].result == "normal"
    assert "iac" not in at_30.segments and at_30.segments[0] == "tympanic"


def test_schirmer_total_below_minimum_is_abnormal() -> None:
    loc = localize(whole_hemiface({"schirmer_mm": per_side(10, 12)}), Settings(schirmer_total_min_mm=25))
    assert loc.functions[0].result == "abnormal"
    loc = localize(whole_hemiface({"schirmer_mm": per_side(10, 12)}), Settings(schirmer_total_min_mm=20))
    assert loc.functions[0].result == "normal"


def test_electrogustometry_and_salivary_flow_thresholds() -> None:
    egm = localize(whole_hemiface({"electrogustometry_ua": per_side(40, 30)}))  # 33% above the other side
    assert egm.functions[2].result == "abnormal"
    assert any("caveat 5" in c.source for c in egm.caveats)
    egm_ok = localize(whole_hemiface({"electrogustometry_ua": per_side(36, 30)}))  # 20% above
    assert egm_ok.functions[2].result == "normal"
    no_response = localize(whole_hemiface({"electrogustometry_ua": per_side(300, None)}))
    assert no_response.functions[2].result == "abnormal"
    flow = localize(whole_hemiface({"submandibular_flow_ml_min": per_side(0.75, 1.0)}))  # 25% less
    assert flow.functions[2].result == "abnormal"
    flow_ok = localize(whole_hemiface({"submandibular_flow_ml_min": per_side(0.8, 1.0)}))
    assert flow_ok.functions[2].result == "normal"


def test_disagreeing_chorda_tests_count_as_unknown() -> None:
    loc = localize(whole_hemiface({"taste": per_side("normal", "normal"), "electrogustometry_ua": per_side(60, 20)}))
    assert loc.functions[2].result == "conflicting"
    assert any("disagree" in c.text for c in loc.contradictions)
    assert len(loc.segments) == 8  # nothing excluded


# --- Definite results exclude, unknown results do not (property) ---------------------------------

_schirmer = st.one_of(st.none(), st.floats(min_value=0, max_value=35, allow_nan=False))
_sr = st.one_of(st.none(), st.sampled_from(["present", "reduced", "absent", "not_assessable"]))
_taste = st.one_of(st.none(), st.sampled_from(["normal", "reduced", "absent"]))
_egm = st.one_of(st.none(), st.floats(min_value=0, max_value=400, allow_nan=False))
_flow = st.one_of(st.none(), st.floats(min_value=0, max_value=5, allow_nan=False))
_FUNCTIONS = ("lacrimation", "stapedius", "chorda")


def _random_topognostic(draw) -> dict:
    return {
        "schirmer_mm": per_side(draw(_schirmer), draw(_schirmer)),
        "stapedial_reflex": per_side(draw(_sr), draw(_sr)),
        "taste": per_side(draw(_taste), draw(_taste)),
        "electrogustometry_ua": per_side(draw(_egm), draw(_egm)),
        "submandibular_flow_ml_min": per_side(draw(_flow), draw(_flow)),
    }


@st.composite
def topognostic_inputs(draw) -> dict:
    return _random_topognostic(draw)


@hyp_settings(max_examples=300, deadline=None)
@given(topognostic_inputs())
def test_no_candidate_predicts_the_opposite_of_a_definite_result(topo: dict) -> None:
    loc = localize(whole_hemiface(topo))
    observed = {f.function: f.result == "abnormal" for f in loc.functions if f.result in ("abnormal", "normal")}
    for sub in loc.sublevels:
        for function, abnormal in observed.items():
            assert TABLE_5_4[sub][_FUNCTIONS.index(function)] == abnormal
    # candidates are exactly the positions consistent with every definite result
    expected = [k for k, row in TABLE_5_4.items() if all(row[_FUNCTIONS.index(f)] == v for f, v in observed.items())]
    assert loc.sublevels == expected
    if not expected:
        assert loc.segments == [] and loc.level_status == "indeterminate"
        assert loc.contradictions and loc.explanations and loc.closest_fit
    else:
        assert loc.level_status == "consistent"


_TESTS_OF = {
    "lacrimation": ("schirmer_mm",),
    "stapedius": ("stapedial_reflex",),
    "chorda": ("taste", "electrogustometry_ua", "submandibular_flow_ml_min"),
}


@hyp_settings(max_examples=150, deadline=None)
@given(topognostic_inputs(), st.sampled_from(sorted(_TESTS_OF)))
def test_removing_a_function_never_narrows_the_range(topo: dict, dropped: str) -> None:
    full = localize(whole_hemiface(topo))
    fewer = localize(whole_hemiface({**topo, **{t: per_side(None, None) for t in _TESTS_OF[dropped]}}))
    if full.level_status == "consistent":
        assert set(full.sublevels) <= set(fewer.sublevels)


# --- Contradictions (5.4 convention, 5.5) ---------------------------------------------------------


def test_contradictory_tests_are_indeterminate_with_explanations() -> None:
    """Tears reduced but taste and stapedial reflex normal fits no row: reported, not forced."""
    loc = localize(whole_hemiface({"schirmer_mm": per_side(4, 20), "stapedial_reflex": per_side("present", "present"),
                                   "taste": per_side("normal", "normal")}))
    assert loc.pattern == "peripheral"
    assert loc.level_status == "indeterminate" and loc.level.startswith("indeterminate")
    assert loc.segments == []
    assert loc.contradictions
    assert loc.confidence == "low"
    sources = " ".join(e.source for e in loc.explanations)
    assert "caveat 1" in sources and "caveat 3" in sources  # Schirmer is the least reliable test
    # closest fit: everything distal to the chorda, if the Schirmer result is set aside
    assert loc.closest_fit == ["mastoid", "stylomastoid", "parotid"]


# --- Motor pattern and associated signs take precedence (5.4, 6) ---------------------------------


def test_central_pattern_keeps_precedence_over_abnormal_tests() -> None:
    exam = make_exam(
        vid="t", age=70, side="right",
        face={"right": {"voluntary": {**fngs(1, 2, 3, 3), "posed_smile": "weak", "spontaneous_smile": "symmetric"}}},
        topognostic={"taste": per_side("reduced", "normal")},
        associated={"limb_weakness": "same_side_as_face"},
    )
    loc = localize(exam)
    assert loc.pattern == "central" and loc.segments == ["supranuclear"]
    assert loc.contradictions and loc.confidence == "low"


def test_forehead_sparing_alone_is_central_with_low_confidence() -> None:
    exam = make_exam(vid="t", age=70, side="right", face={"right": {"voluntary": fngs(1, 1, 2, 3)}})
    loc = localize(exam)
    assert loc.pattern == "central" and loc.confidence == "low"
    assert loc.explanations and any("6.1" in c.source for c in loc.caveats)


def test_uniform_mild_weakness_is_not_forehead_sparing() -> None:
    loc = localize(make_exam(vid="t", age=40, side="left", face={"left": {"voluntary": fngs(2, 2, 2, 2)}}))
    assert loc.pattern == "peripheral"


@pytest.mark.parametrize(
    ("voluntary", "why"),
    [
        (fngs(2, 3, 3, 3), "a slightly weak brow beside a slightly weaker lower face"),
        ({**fngs(2, 4, 5, 5)}, "the eye cannot close (FNGS eye 4)"),
        ({**fngs(1, 3, 4, 4), "eye_closure": "incomplete"}, "eye closure recorded as incomplete"),
    ],
)
def test_peripheral_palsies_are_not_read_as_forehead_sparing(voluntary: dict, why: str) -> None:
    """6.1: central palsy spares the forehead relatively and the eye closes; otherwise peripheral."""
    exam = make_exam(vid="t", age=40, side="left", face={"left": {"voluntary": voluntary}})
    loc = localize(exam)
    assert loc.pattern == "peripheral", why


def test_a_normal_brow_or_a_clearly_better_brow_is_forehead_sparing() -> None:
    for voluntary in (fngs(1, 2, 3, 3), fngs(2, 2, 4, 4)):
        loc = localize(make_exam(vid="t", age=70, side="right", face={"right": {"voluntary": voluntary}}))
        assert loc.pattern == "central"


def test_brainstem_signs_with_a_spared_forehead_keep_the_pons_and_say_why() -> None:
    exam = make_exam(
        vid="t", age=70, side="right", face={"right": {"voluntary": fngs(1, 2, 3, 3)}},
        associated={"abduction": "abnormal", "limb_weakness": "opposite_side"},
    )
    loc = localize(exam)
    assert loc.segments == ["supranuclear", "pons"]
    assert "pontine" in loc.level and "no other central sign" not in loc.level
    assert any("Brainstem signs" in c.text for c in loc.contradictions)


def test_several_branches_point_to_the_parotid() -> None:
    exam = make_exam(
        vid="t", age=55, side="left",
        face={"left": {"voluntary": {"branches": {"temporal": "absent", "zygomatic": "weak", "buccal": "normal",
                                                  "marginal_mandibular": "normal"}}}},
    )
    loc = localize(exam)
    assert loc.pattern == "branch" and loc.segments == ["parotid", "branch"]
    assert loc.branches == ["temporal", "zygomatic"]


def test_vesicles_with_cn8_is_geniculate_not_cpa() -> None:
    """Ramsay Hunt: CN VIII may be involved by spread (5.4), so vesicles win over the CPA rule."""
    loc = localize(whole_hemiface(
        {"schirmer_mm": per_side(4, 20), "stapedial_reflex": per_side("absent", "present"), "taste": per_side("reduced", "normal")},
        associated={"otoscopy": "vesicles", "hearing": "sensorineural_loss", "corneal_reflex": "reduced"},
    ))
    assert loc.segments == ["geniculate"]
    assert loc.tests_range == ["cpa", "iac", "labyrinthine", "geniculate"]
    against = [e for e in loc.evidence if e.direction == "argues_against" and "cpa" in e.segments]
    assert against  # evidence is kept for the candidates that were dropped


def test_cn8_without_cn5_assessment_keeps_cpa_and_iac() -> None:
    loc = localize(whole_hemiface(
        {"schirmer_mm": per_side(4, 20), "taste": per_side("reduced", "normal")},
        associated={"hearing": "sensorineural_loss"},
    ))
    assert loc.segments == ["cpa", "iac"]


def test_pons_needs_brainstem_signs_and_notes_unknown_tests() -> None:
    loc = localize(VIGNETTES["v02"]())
    assert loc.segments == ["pons"] and "Millard-Gubler" in loc.level
    assert any("13" in c.source for c in loc.caveats)


def test_side_not_recorded_is_indeterminate() -> None:
    exam = make_exam(vid="t", age=40, side="left")
    exam = exam.model_copy(update={"encounter": exam.encounter.model_copy(update={"affected_side": None})})
    loc = localize(exam)
    assert loc.pattern == "indeterminate" and loc.level_status == "indeterminate"


def test_bilateral_sides_are_localised_separately_and_combined() -> None:
    exam = make_exam(
        vid="t", age=40, side="bilateral",
        face={"right": {"voluntary": fngs(4, 4, 4, 4)}, "left": {"voluntary": fngs(4, 4, 4, 4)}},
        topognostic={"schirmer_mm": per_side(5, 20), "stapedial_reflex": per_side("present", "absent"),
                     "taste": per_side("reduced", "reduced")},
    )
    loc = localize(exam)
    # Schirmer cannot be read without a normal side, so only the reflex and taste place each side.
    assert loc.sides["right"].functions[0].result == "unknown"
    assert loc.sides["right"].segments == ["mastoid"]
    assert loc.sides["left"].segments == ["cpa", "iac", "labyrinthine", "geniculate", "tympanic"]
    assert loc.segments == ["cpa", "iac", "labyrinthine", "geniculate", "tympanic", "mastoid"]
    assert loc.confidence == "low" and loc.caveats[0].source.endswith("6.4")
    assert all(e.finding.startswith(("right:", "left:")) for e in loc.evidence)


def test_site_sign_takes_precedence_over_tests_and_the_conflict_is_reported() -> None:
    """5.4 convention: a parotid mass outranks a reduced taste test (chorda may leave low, 5.5 caveat 4)."""
    loc = localize(whole_hemiface(
        {"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("present", "present"), "taste": per_side("reduced", "normal")},
        associated={"parotid": "mass"},
    ))
    assert loc.tests_range == ["mastoid"]
    assert loc.segments == ["parotid"] and loc.sublevels == ["parotid"]
    assert loc.contradictions and loc.confidence == "low"
    assert any("caveat 4" in e.source for e in loc.explanations)


def test_hearing_loss_alone_does_not_overrule_the_tests() -> None:
    loc = localize(whole_hemiface(
        {"schirmer_mm": per_side(18, 20), "stapedial_reflex": per_side("absent", "present"), "taste": per_side("reduced", "normal")},
        associated={"hearing": "sensorineural_loss", "corneal_reflex": "normal"},
    ))
    assert loc.segments == ["tympanic"] and not loc.contradictions


def test_synkinesis_in_a_progressive_palsy_is_not_read_as_a_sequela() -> None:
    """8.2, 7: gradual onset is the tumour red flag; synkinesis does not end the work-up."""
    from facialis.core.localize import is_sequela_exam

    exam = load_exam(VIGNETTE_DIR / "v03.facialis.json")
    data = exam.model_dump()
    side = exam.encounter.affected_side.value
    data["face"][side].setdefault("sequelae", {})["fngs_secondary"] = 1
    data["encounter"]["onset_date"] = exam.exam_date.replace(year=exam.exam_date.year - 1)
    later = Exam.model_validate(data)
    assert not is_sequela_exam(later)
    assert localize(later).level_status != "not_applicable"


def _smiles(posed: str, spontaneous: str) -> Exam:
    return make_exam(
        vid="t", age=70, side="right", onset_days=0,
        face={"right": {"voluntary": {**fngs(1, 1, 1, 1), "eye_closure": "complete_minimal_effort",
                                      "posed_smile": posed, "spontaneous_smile": spontaneous}}},
    )


def test_emotional_facial_paresis_gets_a_central_pattern_hint_not_no_weakness() -> None:
    """6.2: posed smile symmetric, spontaneous smile weak, regional scores normal -> central hint."""
    loc = localize(_smiles("symmetric", "weak"))
    assert loc.level_status != "not_applicable" and "no facial weakness" not in loc.level
    assert loc.pattern == "central" and loc.segments == ["supranuclear"]
    assert loc.confidence == "low"
    assert any(e.source.startswith("clinical-reference 6.2") and "emotional" in e.finding for e in loc.evidence)
    assert any("6.2" in n.source for n in loc.explanations)


def test_volitional_dissociation_with_normal_scores_is_a_central_hint_with_the_conflict_said() -> None:
    loc = localize(_smiles("weak", "symmetric"))
    assert loc.pattern == "central" and loc.confidence == "low" and loc.contradictions


def test_symmetric_smiles_and_normal_scores_are_still_no_weakness() -> None:
    loc = localize(_smiles("symmetric", "symmetric"))
    assert loc.level_status == "not_applicable" and "no facial weakness" in loc.level


def test_progressive_course_without_worsening_beyond_3_weeks_is_not_gradual_onset() -> None:
    """8.2 red flag: weeks to months, or worsening beyond 3 weeks; a course over 4-21 days is not it (7)."""
    from facialis.core.localize import read_sign

    def exam(worsening):
        enc = {} if worsening is None else {"worsening_after_3_weeks": worsening}
        return make_exam(vid="t", age=50, side="left", onset_days=10, course="progressive", encounter=enc,
                         face={"left": {"voluntary": fngs(4, 4, 4, 4)}})

    assert read_sign(exam(None), "onset_gradual") is None
    assert read_sign(exam(False), "onset_gradual") is False
    assert read_sign(exam(True), "onset_gradual") is True
    for vid in ("v03", "v04", "v11", "v14"):  # the files record worsening beyond 3 weeks
        assert read_sign(load_exam(VIGNETTE_DIR / f"{vid}.facialis.json"), "onset_gradual") is True


def test_an_old_palsy_whose_progression_stopped_within_3_weeks_is_still_a_sequela() -> None:
    """7: Bell's palsy may worsen for up to 3 weeks; only worsening beyond that keeps it 'active'."""
    from facialis.core.localize import is_sequela_exam

    for worsening in (False, None):  # None: follow-ups do not carry the field over
        exam = make_exam(
            vid="t", age=39, side="right", onset_days=273, course="progressive",
            encounter={"visit": "follow_up", "worsening_after_3_weeks": worsening},
            face={"right": {"voluntary": fngs(2, 2, 2, 2), "sequelae": {"fngs_secondary": 2}}},
        )
        assert is_sequela_exam(exam), worsening


@pytest.mark.parametrize(
    ("voluntary", "missing"),
    [
        ({"fngs_brow": 1}, "eye, nasolabial fold, mouth"),
        ({"fngs_brow": 1, "fngs_eye": 1}, "nasolabial fold, mouth"),
    ],
)
def test_normal_regions_recorded_so_far_are_not_a_peripheral_pattern(voluntary: dict[str, int], missing: str) -> None:
    """Only normal regions recorded (the exam half done): no weakness has been found, and a normal
    brow is also the sparing of a central palsy (6.1), so the pattern is not called peripheral."""
    exam = make_exam(vid="normal-so-far", age=50, side="left", face={"left": {"voluntary": voluntary}})
    result = localize(exam)
    assert result.pattern == "indeterminate"
    assert f"not recorded: {missing}" in result.level
    assert any("central palsy" in caveat.text and "6.1" in caveat.source for caveat in result.caveats)


def test_a_weak_region_recorded_alone_is_still_peripheral() -> None:
    exam = make_exam(vid="weak-brow", age=50, side="left", face={"left": {"voluntary": {"fngs_brow": 4}}})
    assert localize(exam).pattern == "peripheral"


def test_an_eye_that_does_not_close_on_a_scale_page_is_not_central_sparing() -> None:
    """Brow normal and lower face weak is the central picture only when the eye closes (6.1); an
    eye that does not close even with effort on the eFACE or Yanagihara page counts as much as the
    eye-closure item (the one table of core.eye_closure), so the pattern is not called central."""
    from facialis.core.exam import Exam, load_exam
    from facialis.core.localize import localize
    from facialis.core.vignettes import VIGNETTE_DIR

    exam = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    data = exam.model_dump()
    side = exam.encounter.affected_side.value
    voluntary = {"fngs_brow": 1, "fngs_nlf": 4, "fngs_oral": 4}
    for scale, item in (("eface", {"dynamic_full_eye_closure": 0}), ("yanagihara", {"tight_eye_closure": 0})):
        data["face"] = {side: {"voluntary": voluntary, scale: item}}
        result = localize(Exam.model_validate(data))
        assert result.pattern != "central", scale
    data["face"] = {side: {"voluntary": voluntary}}  # the eye not recorded: central sparing as before
    assert localize(Exam.model_validate(data)).pattern == "central"


def test_a_region_whose_fngs_and_sunnybrook_disagree_is_a_stated_contradiction() -> None:
    """FNGS 2.0 reads 'normal' everywhere while Sunnybrook says the brow cannot start to move: the
    pattern uses FNGS (1.6.1), and the disagreement is stated instead of outvoted in silence."""
    result = _v05_localized({
        "voluntary": {"fngs_brow": 1, "fngs_eye": 1, "fngs_nlf": 1, "fngs_oral": 1},
        "sunnybrook": {"voluntary": {"brow_raise": 1, "snarl": 4}},
    })
    texts = [note.text for note in result.contradictions]
    assert any(text.startswith("Brow: FNGS 2.0 1 and Sunnybrook forehead wrinkle (brow raise) 1") for text in texts), texts
    assert not any(text.startswith("Nasolabial fold") for text in texts)  # one step apart: the matching's own slack


def test_the_eye_is_not_compared_across_fngs_and_sunnybrook() -> None:
    """FNGS eye 3 (complete closure with maximal effort) beside Sunnybrook gentle eye closure 2 is
    the HB III eye, not a contradiction: the two items test closure with and without effort."""
    result = _v05_localized({
        "voluntary": {"fngs_brow": 4, "fngs_eye": 3, "fngs_nlf": 4, "fngs_oral": 4},
        "sunnybrook": {"voluntary": {"gentle_eye_closure": 2}},
    })
    assert not any(note.text.startswith("Eye:") for note in result.contradictions)


def test_a_regional_contradiction_lowers_the_confidence() -> None:
    """FNGS brow 6 beside a Sunnybrook brow raise of 5 (complete): the peripheral pattern rests on the
    brow that the other entry says moves fully, so the level cannot read "findings fit one pattern"."""
    result = _v05_localized({
        "voluntary": {"fngs_brow": 6, "fngs_eye": 4, "fngs_nlf": 4, "fngs_oral": 4},
        "sunnybrook": {"voluntary": {"brow_raise": 5}},
    })
    assert any(note.text.startswith("Brow: FNGS 2.0 6") for note in result.contradictions)
    assert result.confidence == "low", result.confidence_reasons
    assert "FNGS 2.0 and Sunnybrook disagree on the brow" in result.confidence_reasons


def _v05_localized(face: dict) -> Localization:
    """Vignette V5 (left palsy) with ``face`` as the affected side's findings, localised."""
    from facialis.core.exam import Exam, load_exam

    exam = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    data = exam.model_dump()
    data["face"] = {exam.encounter.affected_side.value: face}
    return localize(Exam.model_validate(data))

