"""Suggested House-Brackmann (design.md; reference 1.2, 1.5, 1.6.1): the vignettes of section 11,
conflicts reported and never resolved, the anchors-only fallback, caveats and discordance."""
from __future__ import annotations

import pytest
from hypothesis import given

from facialis.core.exam.enums import EyeClosure, FaceSide
from facialis.core.exam.models import (
    AtRest,
    BranchTerritories,
    EfaceItems,
    FaceFindings,
    Sequelae,
    SunnybrookItems,
    Voluntary,
)
from facialis.core.eye_closure import EYE_CLOSURE_READINGS, OPEN, closure_findings
from facialis.core.scales import HB_GRADES, HouseBrackmannResult, score_house_brackmann

from .strategies import EXPRESSIONS, face_findings

#: How a conflict between eye-closure items starts (it is about the entries, not the grade).
EYE_ITEMS_DISAGREE = "The eye-closure items disagree"
NORMAL_REST = dict(eye="normal", cheek="normal", mouth="normal", tone="normal")


def face(
    fngs: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None),
    secondary: int | None = None,
    *,
    closure: EyeClosure | None = None,
    rest: dict | None = None,
    sunnybrook_voluntary: tuple | None = None,
    sunnybrook_synkinesis: dict | None = None,
    branches: dict | None = None,
    **sequelae,
) -> FaceFindings:
    brow, eye, nlf, oral = fngs
    return FaceFindings(
        rest=AtRest(**(rest or {})),
        voluntary=Voluntary(
            fngs_brow=brow, fngs_eye=eye, fngs_nlf=nlf, fngs_oral=oral, eye_closure=closure,
            branches=BranchTerritories(**(branches or {})),
        ),
        sequelae=Sequelae(fngs_secondary=secondary, **sequelae),
        sunnybrook=SunnybrookItems(
            voluntary=dict(zip(EXPRESSIONS, sunnybrook_voluntary or ())),
            synkinesis=sunnybrook_synkinesis or {},
        ),
    )


def hb(findings: FaceFindings, **kwargs) -> HouseBrackmannResult:
    kwargs.setdefault("side", "right")
    return score_house_brackmann(findings, **kwargs)


# --- Vignettes (reference 11), regional scores chosen with the FNGS 2.0 anchors (1.6.1) ----------


@pytest.mark.parametrize(
    "brow",
    [3, 4],  # "forehead slight-moderate movement": >50% (3) or <50% (4); both give grade III
)
def test_v3_cpa_is_grade_III(brow: int) -> None:
    # eye closes completely only with effort = 3; mouth slightly weak at maximum effort = 3 (NLF 3, oral 3)
    result = hb(face((brow, 3, 3, 3), 0, closure=EyeClosure.complete_maximal_effort, rest=NORMAL_REST))
    assert result.fngs_total == brow + 9
    assert result.suggested == "III" and result.grade == "III"
    assert result.conflicts == []
    assert any("complete eye closure means grade III or better" in reason for reason in result.reasons)
    assert result.applicable is True


@pytest.mark.parametrize(
    ("nlf_oral", "total"),
    [
        (4, 18),  # "asymmetric at maximum effort" read as <50% (anchor 4)
        (3, 16),  # ... or as >50% with resting symmetry (anchor 3; V5 is symmetric at rest)
    ],
)
def test_v5_bells_palsy_is_grade_IV(nlf_oral: int, total: int) -> None:
    # no forehead movement = brow 6; eye <50%, cannot close completely = 4; no synkinesis yet = 0
    result = hb(face((6, 4, nlf_oral, nlf_oral), 0, closure=EyeClosure.incomplete, rest=NORMAL_REST))
    assert result.fngs_total == total
    assert result.suggested == "IV"
    assert result.conflicts == []
    assert any("incomplete eye closure means grade IV or worse" in reason for reason in result.reasons)
    assert result.regional_discordance is (6 - nlf_oral >= 3)


@pytest.mark.parametrize("eye", [5, 6])
def test_v6_ramsay_hunt_is_grade_V(eye: int) -> None:
    # flicker at the mouth corner = oral 5 (NLF 5), no forehead = 6, eye does not close = 5 or 6
    findings = face(
        (6, eye, 5, 5), 0, closure=EyeClosure.none,
        rest=dict(eye="wide", cheek="absent", mouth="corner_drooped", tone="reduced"),
    )
    result = hb(findings)
    assert result.fngs_total == 16 + eye
    assert result.suggested == "V"
    assert result.conflicts == []


@pytest.mark.parametrize("vignette", ["V2 pons", "V9 mastoid", "V15 temporal bone fracture"])
def test_total_paralysis_vignettes_are_grade_VI(vignette: str) -> None:
    findings = face(
        (6, 6, 6, 6), 0, closure=EyeClosure.none,
        rest=dict(eye="wide", cheek="absent", mouth="corner_drooped", tone="absent"),
    )
    result = hb(findings)
    assert result.fngs_total == 24
    assert result.suggested == "VI"
    assert result.conflicts == []
    assert any("no movement anywhere means grade VI" in reason for reason in result.reasons)


def test_v16a_recovered_is_grade_I() -> None:
    result = hb(face((1, 1, 1, 1), 0, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST))
    assert result.fngs_total == 4
    assert result.suggested == "I"
    assert result.conflicts == []
    assert any("normal function in all areas means grade I" in reason for reason in result.reasons)
    assert result.notes == []


V16B_SUNNYBROOK_SYNKINESIS = {
    "brow_raise": 0, "gentle_eye_closure": 0, "open_mouth_smile": 2, "snarl": 0, "lip_pucker": 2,
}


def test_v16b_synkinesis_with_slight_weakness_is_grade_III() -> None:
    # near-symmetric movement, slight weakness everywhere = 2 x 4; obvious synkinesis = secondary 2: 10 -> III
    findings = face(
        (2, 2, 2, 2), 2, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST,
        sunnybrook_synkinesis=V16B_SUNNYBROOK_SYNKINESIS, crocodile_tears=True,
    )
    result = hb(findings)
    assert result.fngs_total == 10
    assert result.suggested == "III"
    assert result.conflicts == []
    assert any("obvious, non-disfiguring synkinesis" in reason and "S1" in reason for reason in result.reasons)


def test_v16b_synkinesis_with_normal_movement_is_a_reported_conflict() -> None:
    """Regions all normal + secondary 2 = total 6 = FNGS II, but the synkinesis rule (1.2, S1) says
    grade III or worse: the conflict is listed with both grades and the suggestion stays II."""
    findings = face(
        (1, 1, 1, 1), 2, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST,
        sunnybrook_synkinesis=V16B_SUNNYBROOK_SYNKINESIS, crocodile_tears=True,
    )
    result = hb(findings)
    assert result.fngs_total == 6
    assert result.fngs_grade == "II"
    assert result.suggested == "II"
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert "grade II" in conflict and "grade III or worse" in conflict
    assert "FNGS secondary movement 2" in conflict and "Sunnybrook synkinesis with open-mouth smile 2" in conflict
    assert "additional rule S1" in conflict
    assert result.anchor_grades == ["III"]


def test_v12_marginal_mandibular_is_grade_II_with_the_branch_caveat() -> None:
    # lower lip does not depress, smile normal, symmetric at rest: oral 3 (obvious weakness, resting symmetry)
    findings = face(
        (1, 1, 1, 3), 0, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST,
        branches=dict(temporal="normal", zygomatic="normal", buccal="normal",
                      marginal_mandibular="absent", cervical="normal"),
    )
    result = hb(findings, side=FaceSide.left, pattern="branch")
    assert result.side == "left"
    assert result.fngs_total == 6
    assert result.suggested == "II"
    assert result.conflicts == []
    assert result.caveats == ["HB not validated for single-branch lesions [1.5]."]
    assert result.applicable is True
    assert result.regional_discordance is False


def test_v13_bilateral_is_graded_per_side() -> None:
    right = face((3, 3, 3, 3), 0, closure=EyeClosure.complete_maximal_effort, rest=NORMAL_REST)
    left = face((6, 4, 4, 4), 0, closure=EyeClosure.incomplete, rest=NORMAL_REST)
    result_right = hb(right, side="right", pattern="peripheral", bilateral=True)
    result_left = hb(left, side="left", pattern="peripheral", bilateral=True)
    assert (result_right.suggested, result_left.suggested) == ("III", "IV")
    for result in (result_right, result_left):
        assert any(note.startswith("Bilateral palsy: graded per side") for note in result.notes)
        assert result.caveats == []


def test_v1_central_pattern_is_graded_but_not_applicable() -> None:
    # brow normal, eye closes fully with minimal effort, slight mouth asymmetry on posed smile
    findings = face((1, 1, 2, 2), 0, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST)
    findings.voluntary.posed_smile = "weak"
    findings.voluntary.spontaneous_smile = "symmetric"
    result = hb(findings, pattern="central")
    assert result.suggested == "II"
    assert result.applicable is False
    assert result.caveats == [
        "HB was designed for peripheral (trunk) lesions; not applicable as such to central palsy [1.5]."
    ]


# --- Conflicts between the FNGS 2.0 grade and the 1985 anchors ---------------------------------


def test_incomplete_closure_with_fngs_III_is_a_conflict() -> None:
    result = hb(face((3, 3, 3, 3), 0, closure=EyeClosure.incomplete))
    assert result.suggested == "III"
    assert len(result.conflicts) == 2
    assert "grade III" in result.conflicts[0] and "grade IV or worse" in result.conflicts[0]
    # the entries themselves disagree: FNGS eye 3 is complete closure with maximal effort
    assert result.conflicts[1].startswith("The eye-closure items disagree: eye closure incomplete")
    assert "but FNGS 2.0 eye 3: complete closure with maximal effort" in result.conflicts[1]
    assert "follows eye closure incomplete" in result.conflicts[1]


def test_fngs_eye_score_stands_for_eye_closure_when_closure_is_not_recorded() -> None:
    """1.6.1: FNGS eye 4 'cannot close completely', so the III/IV anchor applies (1.2)."""
    result = hb(face((3, 4, 3, 3), 0))
    assert result.fngs_grade == "III" and result.anchor_grades[0] == "IV"
    assert result.conflicts and "FNGS 2.0 eye 4: the eye cannot close completely" in result.conflicts[0]
    assert any("read from the FNGS 2.0 eye score" in note for note in result.notes)
    assert not hb(face((3, 3, 3, 3), 0)).conflicts  # eye 3: complete closure, grade III agrees


def test_complete_closure_with_fngs_IV_is_a_conflict() -> None:
    result = hb(face((6, 3, 4, 4), 0, closure=EyeClosure.complete_maximal_effort))
    assert result.fngs_total == 17
    assert result.suggested == "IV"
    assert len(result.conflicts) == 1
    assert "grade IV" in result.conflicts[0] and "grade III or better" in result.conflicts[0]


def test_disfiguring_synkinesis_from_sunnybrook_with_fngs_III_is_a_conflict() -> None:
    findings = face((3, 3, 2, 2), 0, closure=EyeClosure.complete_maximal_effort,
                    sunnybrook_synkinesis={"open_mouth_smile": 3})
    result = hb(findings)
    assert result.suggested == "III"
    assert len(result.conflicts) == 1
    assert "disfiguring synkinesis" in result.conflicts[0] and "grade IV or worse" in result.conflicts[0]
    # the two anchors contradict each other too: none of the six grades satisfies both
    assert result.anchor_grades == []


def test_fngs_VI_with_trace_movement_is_a_conflict() -> None:
    # 6 + 6 + 6 + 5 + secondary 1 = 24 -> FNGS VI, but grade VI is "no movement" (1.2)
    result = hb(face((6, 6, 6, 5), 1, closure=EyeClosure.none))
    assert result.fngs_grade == "VI"
    assert result.suggested == "VI"
    assert len(result.conflicts) == 1
    assert "FNGS oral 5" in result.conflicts[0] and "grade V or better" in result.conflicts[0]


def test_fngs_I_with_abnormal_rest_is_a_conflict() -> None:
    rest = dict(NORMAL_REST, cheek="less_pronounced")
    result = hb(face((1, 1, 1, 1), 0, closure=EyeClosure.complete_minimal_effort, rest=rest))
    assert result.suggested == "I"
    assert len(result.conflicts) == 1
    assert "resting cheek less pronounced" in result.conflicts[0]
    assert "grade II or worse" in result.conflicts[0]


def test_fngs_I_with_rest_not_assessed_says_so() -> None:
    result = hb(face((1, 1, 1, 1), 0, closure=EyeClosure.complete_minimal_effort))
    assert result.suggested == "I"
    assert result.conflicts == []
    assert any("Grade I not confirmed" in note and "tone" in note for note in result.notes)


def test_eye_closure_not_assessed_is_noted() -> None:
    findings = face((3, 3, 3, 3), 0)
    findings.voluntary.fngs_eye = None
    result = hb(findings)
    assert any("Eye closure not assessed" in note for note in result.notes)


# --- Eye closure from every item that tells it (the table guidance reads too; 1.2, 2.2, 3.2, 4) ----

COMPLETE_ANCHOR = "complete eye closure means grade III or better"
INCOMPLETE_ANCHOR = "incomplete eye closure means grade IV or worse"


def with_items(findings: FaceFindings, **items) -> FaceFindings:
    """``findings`` with scale items set by dotted path, e.g. ``eface__dynamic_full_eye_closure=0``."""
    document = findings.model_dump()
    for key, value in items.items():
        target = document
        *parents, leaf = key.split("__")
        for part in parents:
            target = target[part]
        target[leaf] = value
    return FaceFindings.model_validate(document)


@pytest.mark.parametrize(
    "item",
    [
        {"eface__dynamic_full_eye_closure": 0},  # 0 = incomplete (3.2)
        {"yanagihara__tight_eye_closure": 0},  # total paralysis of tight closure (4)
    ],
)
def test_scale_item_showing_the_eye_does_not_close_gives_the_IV_anchor(item) -> None:
    """Only a scale page records closure with effort: it decides the III/IV anchor (1.2)."""
    result = hb(with_items(face((4, None, 4, 4), 2), **item))
    assert result.anchor_grades == ["IV", "V"]
    assert any(INCOMPLETE_ANCHOR in reason for reason in result.reasons)
    assert not any("Eye closure not assessed" in note for note in result.notes)
    assert any(note.startswith("Eye closure not recorded: read from the") for note in result.notes)


def test_scale_item_showing_the_eye_closes_with_obvious_synkinesis_gives_III() -> None:
    """Sunnybrook gentle eye closure 5, "movement complete" (2.2), is complete closure: III or better;
    obvious synkinesis is III or worse (1.2, S1); together the anchors pin grade III."""
    result = hb(face(sunnybrook_voluntary=(3, 5, 3, 3, 3), sunnybrook_synkinesis={"open_mouth_smile": 2}))
    assert result.suggested == "III"
    assert any(COMPLETE_ANCHOR in reason and "Sunnybrook gentle eye closure 5" in reason for reason in result.reasons)


def test_fngs_eye_complete_with_effort_against_eface_full_closure_0_is_a_conflict() -> None:
    """FNGS 2.0 eye 3 "complete closure with maximal effort" (1.6.1) and eFACE full eye closure 0
    "incomplete" (3.2) cannot both be true: a stated conflict, never a silent pick. The anchor follows the
    FNGS 2.0 eye score (read before the scale items), so the suggestion stays III."""
    result = hb(with_items(face((3, 3, 3, 3), 0), eface__dynamic_full_eye_closure=0))
    assert result.suggested == "III"
    conflicts = [c for c in result.conflicts if c.startswith(EYE_ITEMS_DISAGREE)]
    assert len(conflicts) == 1
    assert "FNGS 2.0 eye 3: complete closure with maximal effort [1.6.1]" in conflicts[0]
    assert "but eFACE full eye closure 0: the eye does not close [3.2]" in conflicts[0]
    assert "follows FNGS 2.0 eye 3" in conflicts[0]


def test_recorded_closure_follows_over_a_disagreeing_scale_item() -> None:
    """Eye closure itself comes first (1.2); Yanagihara tight closure 0 (4) disagreeing is a conflict."""
    findings = with_items(face(closure=EyeClosure.complete_maximal_effort, sunnybrook_synkinesis={"snarl": 2}),
                          yanagihara__tight_eye_closure=0)
    result = hb(findings)
    assert result.suggested == "III"
    assert any(c.startswith(EYE_ITEMS_DISAGREE) and "Yanagihara tight eye closure 0" in c for c in result.conflicts)


def test_eye_not_closing_gently_fits_III_and_decides_no_anchor() -> None:
    """HB III is "complete closure, but only with effort" (1.2): lagophthalmos on gentle closure or a
    Sunnybrook gentle eye closure of 1-2 (2.2) does not tell III from IV, so no III/IV anchor, and it
    does not contradict closure with maximal effort."""
    gentle = face((3, None, 3, 3), 0, sunnybrook_voluntary=(None, 2))
    result = hb(gentle)
    assert not any(COMPLETE_ANCHOR in r or INCOMPLETE_ANCHOR in r for r in result.reasons)
    assert any(note.startswith("Eye closure with effort not recorded: Sunnybrook gentle eye closure 2") for note in result.notes)
    classic_III = with_items(face((3, 3, 3, 3), 0, closure=EyeClosure.complete_maximal_effort),
                             voluntary__lagophthalmos_mm=2)
    result = hb(classic_III)
    assert result.suggested == "III" and result.conflicts == []
    assert any(COMPLETE_ANCHOR in r for r in result.reasons)


def test_gentle_items_that_contradict_each_other_are_a_conflict() -> None:
    """eFACE gentle eye closure 100 "complete" (3.2) with lagophthalmos 3 mm on gentle closure."""
    findings = with_items(face((2, 2, 2, 2), 0), voluntary__fngs_eye=None, voluntary__lagophthalmos_mm=3,
                          eface__dynamic_gentle_eye_closure=100)
    result = hb(findings)
    conflict = next(c for c in result.conflicts if c.startswith(EYE_ITEMS_DISAGREE))
    assert "Lagophthalmos 3 mm" in conflict and "eFACE gentle eye closure 100" in conflict
    assert "does not decide it, so the anchor is not applied" in conflict


@given(face_findings())
def test_eye_closure_items_never_silently_disagree_with_the_anchor(findings: FaceFindings) -> None:
    """Whatever was entered: items that cannot all be true are a stated conflict, and an item showing
    the eye does not close even with effort never sits beside an unopposed "closes" anchor (1.2)."""
    result = hb(findings)
    found = closure_findings(findings)
    disagree = bool(found) and not frozenset.intersection(*(item.states for item in found))
    assert any(c.startswith(EYE_ITEMS_DISAGREE) for c in result.conflicts) == disagree
    if any(item.states == OPEN for item in found) and not disagree:
        assert not any(COMPLETE_ANCHOR in reason for reason in result.reasons)
    names = [item.name for item in result.items]
    assert len(names) == len(set(names))
    assert {reading.name for reading in EYE_CLOSURE_READINGS} <= set(names)


# --- FNGS 2.0 incomplete: the anchors alone ------------------------------------------------------


def test_no_movement_without_secondary_falls_back_to_VI() -> None:
    result = hb(face((6, 6, 6, 6), None, closure=EyeClosure.none))
    assert result.complete is False
    assert result.fngs_grade is None
    assert result.suggested == "VI"
    assert result.missing == ["Secondary movement (synkinesis)"]
    assert any("anchors alone: grade VI" in reason for reason in result.reasons)


def test_sunnybrook_no_movement_without_fngs_falls_back_to_VI() -> None:
    result = hb(face(sunnybrook_voluntary=(1, 1, 1, 1, 1)))
    assert result.suggested == "VI"
    assert result.reasons[0].startswith("FNGS 2.0 regional scores incomplete: missing brow, eye")


def test_nothing_entered_suggests_nothing() -> None:
    result = hb(FaceFindings())
    assert result.suggested is None and result.grade is None
    assert result.complete is False
    assert result.reasons[0].startswith(
        "FNGS 2.0 regional scores incomplete: missing brow, eye, nasolabial fold, oral and secondary movement"
    )
    assert result.anchor_grades == ["I", "II", "III", "IV", "V", "VI"]
    assert result.conflicts == []


def test_incomplete_with_undeciding_anchors_gives_the_range_only() -> None:
    result = hb(face((None, 4, 4, 4), 0, closure=EyeClosure.incomplete))
    assert result.suggested is None
    assert result.anchor_grades == ["IV", "V"]  # incomplete closure, and movement is recorded
    assert any("allow grade IV-V" in reason for reason in result.reasons)


def test_incomplete_where_anchors_pin_III() -> None:
    # complete closure only with effort (III or better) + obvious synkinesis (III or worse) -> III
    findings = face(closure=EyeClosure.complete_maximal_effort, sunnybrook_synkinesis={"open_mouth_smile": 2})
    result = hb(findings)
    assert result.suggested == "III"
    assert result.fngs_grade is None


def test_incomplete_where_anchors_contradict_each_other() -> None:
    findings = face(closure=EyeClosure.complete_minimal_effort, sunnybrook_synkinesis={"lip_pucker": 3})
    result = hb(findings)
    assert result.suggested is None
    assert len(result.conflicts) == 1
    assert result.conflicts[0].startswith("The anchors disagree with each other")


# --- Caveats, discordance, descriptors ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fngs", "flag"),
    [((6, 2, 2, 2), True), ((5, 2, 2, 2), True), ((4, 2, 2, 2), False), ((4, None, 1, None), True)],
)
def test_regional_discordance_at_a_span_of_3(fngs, flag: bool) -> None:
    result = hb(face(fngs, 0))
    assert result.regional_discordance is flag
    assert any(caveat.startswith("Regional discordance") for caveat in result.caveats) is flag


@pytest.mark.parametrize("pattern", ["peripheral", "indeterminate", None])
def test_other_patterns_carry_no_caveat(pattern) -> None:
    result = hb(face((2, 2, 2, 2), 0), pattern=pattern)
    assert result.caveats == [] and result.applicable is True


def test_unknown_pattern_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        hb(face((2, 2, 2, 2), 0), pattern="supranuclear")


def test_grade_descriptors_for_the_gui_and_pdf() -> None:
    assert list(HB_GRADES) == ["I", "II", "III", "IV", "V", "VI"]
    assert [grade.estimated_function_percent for grade in HB_GRADES.values()] == [100, 80, 60, 40, 20, 0]
    assert HB_GRADES["III"].eye == "Complete closure, but only with effort"
    assert HB_GRADES["IV"].forehead == "None"
    assert HB_GRADES["V"].gross == "Only barely perceptible motion"
    assert HB_GRADES["II"].function_range == "76-99%"


def test_result_carries_the_items_it_used_and_serialises() -> None:
    result = hb(face((3, 3, 3, 3), 0, closure=EyeClosure.complete_maximal_effort, rest=NORMAL_REST))
    names = [item.name for item in result.items]
    assert names[:5] == ["fngs_brow", "fngs_eye", "fngs_nlf", "fngs_oral", "fngs_secondary"]
    assert "eye_closure" in names and "rest_tone" in names
    assert {item.name: item.value for item in result.items}["eye_closure"] == "complete_maximal_effort"
    assert '"suggested":"III"' in result.model_dump_json()


def test_items_include_everything_the_anchors_read() -> None:
    """The eye-closure items of the shared table, the Sunnybrook voluntary and synkinesis items, the
    branch territories, smiles, contracture and spasm: each anchor's input is listed, None when not assessed."""
    findings = with_items(face((3, 3, 3, 3), 0, sunnybrook_synkinesis={"snarl": 2}, branches={"temporal": "weak"}),
                          eface__dynamic_full_eye_closure=100, voluntary__lagophthalmos_mm=1.5)
    values = {item.name: item.value for item in hb(findings).items}
    assert values["eface_dynamic_full_eye_closure"] == 100 and values["lagophthalmos_mm"] == 1.5
    assert values["yanagihara_tight_eye_closure"] is None
    assert values["sunnybrook_synkinesis_snarl"] == 2 and values["sunnybrook_voluntary_gentle_eye_closure"] is None
    assert values["branch_temporal"] == "weak"
    assert {"posed_smile", "spontaneous_smile", "contracture", "hemifacial_spasm"} <= set(values)


@given(face_findings())
def test_never_raises_and_never_resolves_a_conflict(findings: FaceFindings) -> None:
    result = hb(findings)
    if result.fngs_grade is not None:
        assert result.suggested == result.fngs_grade
        grade_conflicts = [c for c in result.conflicts if not c.startswith(EYE_ITEMS_DISAGREE)]
        assert bool(grade_conflicts) == (result.fngs_grade not in result.anchor_grades)
    elif result.suggested is not None:
        assert result.anchor_grades == [result.suggested]
    assert result.grade == result.suggested


def test_fngs_I_with_a_weak_posed_smile_is_a_conflict() -> None:
    findings = face((1, 1, 1, 1), 0, closure=EyeClosure.complete_minimal_effort, rest=NORMAL_REST)
    findings.voluntary.posed_smile = "weak"
    result = hb(findings)
    assert result.suggested == "I"
    assert len(result.conflicts) == 1 and "posed smile weak" in result.conflicts[0]


def test_an_eye_that_closes_on_a_scale_page_is_movement_against_grade_vi() -> None:
    """Sunnybrook 'cannot start movement' everywhere would mean no movement anywhere (VI), but an
    eFACE full eye closure of 100 shows the eye closing: that is movement, and the movement anchor
    says so with its evidence (any item of the eye-closure table counts, not only eye closure; 1.2)."""
    findings = face(sunnybrook_voluntary=(1, 1, 1, 1, 1)).model_copy(
        update={"eface": EfaceItems(dynamic_full_eye_closure=100)}
    )
    result = hb(findings)
    assert result.grade != "VI"
    movement = [reason for reason in result.reasons if "recorded movement means grade V or better" in reason]
    assert movement and "eFACE full eye closure 100" in movement[0]


def test_an_eye_closing_on_sunnybrook_is_movement_evidence_once() -> None:
    """Sunnybrook gentle eye closure 5 is movement; it was listed twice in the evidence, once as a
    Sunnybrook expression and once from the eye-closure table."""
    from facialis.core.scales.house_brackmann import _movement

    findings = face(sunnybrook_voluntary=(1, 5, 1, 1, 1))
    movement = _movement(findings)
    assert len([item for item in movement if "gentle eye closure" in item]) == 1, movement
