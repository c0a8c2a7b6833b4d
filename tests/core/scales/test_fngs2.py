"""FNGS 2.0 (reference 1.6.1): totals at every cut-point, completeness, anchors, monotonicity."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facialis.core.exam.enums import FaceSide
from facialis.core.exam.models import FaceFindings, Sequelae, Voluntary
from facialis.core.scales import Fngs2Result, grade_for_total, region_anchor, score_fngs2, secondary_anchor
from facialis.core.scales.fngs2 import TOTAL_TO_GRADE

from .strategies import face_findings

GRADE_NUMBER = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def findings(brow=None, eye=None, nlf=None, oral=None, secondary=None) -> FaceFindings:
    return FaceFindings(
        voluntary=Voluntary(fngs_brow=brow, fngs_eye=eye, fngs_nlf=nlf, fngs_oral=oral),
        sequelae=Sequelae(fngs_secondary=secondary),
    )


def test_all_normal_is_total_4_grade_I() -> None:
    result = score_fngs2(findings(1, 1, 1, 1, 0), side="right")
    assert isinstance(result, Fngs2Result)
    assert result.complete is True
    assert result.missing == []
    assert result.regions == {"brow": 1, "eye": 1, "nlf": 1, "oral": 1}
    assert result.secondary == 0
    assert result.regional_sum == 4
    assert result.total == 4
    assert result.grade == "I"
    assert result.possible_grades == ["I"]
    assert result.side == "right"
    assert result.source.startswith("clinical-reference 1.6.1")
    assert result.notes == []


def test_flaccid_is_total_24_grade_VI_without_the_above_24_note() -> None:
    result = score_fngs2(findings(6, 6, 6, 6, 0))
    assert (result.total, result.grade) == (24, "VI")
    assert result.anchors["brow"] == "No movement"
    assert result.notes == []


@pytest.mark.parametrize(
    ("regions", "secondary", "total", "grade"),
    [
        ((1, 1, 1, 1), 0, 4, "I"),
        ((2, 1, 1, 1), 0, 5, "II"),
        ((3, 2, 2, 2), 0, 9, "II"),
        ((3, 3, 2, 2), 0, 10, "III"),
        ((4, 4, 3, 3), 0, 14, "III"),
        ((4, 4, 4, 3), 0, 15, "IV"),
        ((5, 5, 5, 4), 0, 19, "IV"),
        ((5, 5, 5, 5), 0, 20, "V"),
        ((6, 6, 6, 5), 0, 23, "V"),
        ((6, 6, 6, 6), 0, 24, "VI"),
        # the secondary-movement add-on moves a total across a cut-point
        ((1, 1, 1, 1), 1, 5, "II"),
        ((2, 2, 2, 2), 1, 9, "II"),
        ((2, 2, 2, 2), 2, 10, "III"),
        ((5, 5, 5, 5), 3, 23, "V"),
        ((6, 6, 6, 5), 1, 24, "VI"),
        # totals above 24 exist only with synkinesis
        ((6, 6, 6, 6), 1, 25, "VI"),
        ((6, 6, 6, 6), 2, 26, "VI"),
        ((6, 6, 6, 6), 3, 27, "VI"),
    ],
)
def test_total_and_grade_at_every_cut_point(regions, secondary, total, grade) -> None:
    result = score_fngs2(findings(*regions, secondary))
    assert result.total == total
    assert result.grade == grade
    assert result.subscores == {"regional_sum": total - secondary, "secondary": secondary}


@pytest.mark.parametrize("secondary", [1, 2, 3])
def test_totals_above_24_carry_the_unverified_note(secondary: int) -> None:
    result = score_fngs2(findings(6, 6, 6, 6, secondary))
    assert result.grade == "VI"
    assert len(result.notes) == 1
    assert "unverified" in result.notes[0]
    assert "[1.6.1]" in result.notes[0]


def test_missing_region_gives_no_total_but_keeps_the_entered_items() -> None:
    result = score_fngs2(findings(None, 3, 3, 3, 0))
    assert result.complete is False
    assert result.missing == ["Brow"]
    assert result.total is None and result.grade is None and result.regional_sum is None
    assert [item.value for item in result.items] == [None, 3, 3, 3, 0]
    assert [item.points for item in result.items] == [None, 3, 3, 3, 0]
    # eye + NLF + oral = 9, secondary 0, brow 1-6 -> total 10-15 -> grade III or IV
    assert result.possible_grades == ["III", "IV"]
    assert "Brow" in result.notes[0]


def test_secondary_not_assessed_exposes_the_regional_sum_but_no_grade() -> None:
    result = score_fngs2(findings(3, 2, 2, 2, None))
    assert result.complete is False
    assert result.missing == ["Secondary movement (synkinesis)"]
    assert result.regional_sum == 9
    assert result.subscores == {"regional_sum": 9}
    assert result.total is None and result.grade is None
    # 9 + 0..3 = 9..12 -> II or III: the missing score can change the grade
    assert result.possible_grades == ["II", "III"]
    assert "9-12" in result.notes[0]


def test_flaccid_without_secondary_is_still_incomplete() -> None:
    result = score_fngs2(findings(6, 6, 6, 6, None))
    assert result.complete is False
    assert result.grade is None
    assert result.regional_sum == 24
    assert result.possible_grades == ["VI"]


def test_nothing_entered() -> None:
    result = score_fngs2(FaceFindings())
    assert result.complete is False
    assert result.missing == ["Brow", "Eye", "Nasolabial fold", "Oral", "Secondary movement (synkinesis)"]
    assert result.regions == {"brow": None, "eye": None, "nlf": None, "oral": None}
    assert result.total is None and result.grade is None and result.regional_sum is None
    assert result.subscores == {}
    assert result.possible_grades == ["I", "II", "III", "IV", "V", "VI"]
    assert result.anchors == {}


def test_anchor_texts_for_the_gui() -> None:
    assert region_anchor("eye", 3) == "Obvious weakness, >50% of normal; complete closure with maximal effort"
    assert region_anchor("eye", 4) == "<50% of normal; cannot close completely"
    assert region_anchor("oral", 5) == "Trace movement"
    assert region_anchor("brow", 1) == "Normal"
    assert secondary_anchor(2) == "Obvious synkinesis; mild to moderate contracture"
    result = score_fngs2(findings(2, 3, None, 6, 1))
    assert result.anchors == {
        "brow": "Slight weakness, >75% of normal",
        "eye": "Obvious weakness, >50% of normal; complete closure with maximal effort",
        "oral": "No movement",
        "secondary": "Slight synkinesis; minimal contracture",
    }


@pytest.mark.parametrize(("region", "score"), [("forehead", 1), ("eye", 0), ("eye", 7)])
def test_region_anchor_refuses_unknown_input(region: str, score: int) -> None:
    with pytest.raises(ValueError):
        region_anchor(region, score)


@pytest.mark.parametrize("total", [3, 28])
def test_grade_for_total_refuses_impossible_totals(total: int) -> None:
    with pytest.raises(ValueError):
        grade_for_total(total)


def test_grade_table_covers_every_possible_total_once() -> None:
    covered = [total for low, high, _ in TOTAL_TO_GRADE for total in range(low, high + 1)]
    assert covered == list(range(4, 28))


def test_side_enum_is_stored_as_its_name_and_the_result_serialises() -> None:
    result = score_fngs2(findings(1, 2, 3, 4, 0), side=FaceSide.left)
    assert result.side == "left"
    assert '"grade":"III"' in result.model_dump_json()


@given(face_findings())
def test_never_raises_on_any_valid_findings(face: FaceFindings) -> None:
    result = score_fngs2(face)
    assert result.complete == (result.total is not None) == (result.grade is not None)
    if result.grade is not None:
        assert result.possible_grades == [result.grade]


regions_st = st.tuples(*(st.integers(1, 6) for _ in range(4)))


@given(regions_st, st.integers(0, 3), st.integers(0, 3), st.integers(1, 5))
def test_worsening_a_region_never_lowers_total_or_grade(regions, secondary, index, step) -> None:
    worse = list(regions)
    worse[index] = min(6, worse[index] + step)
    before = score_fngs2(findings(*regions, secondary))
    after = score_fngs2(findings(*worse, secondary))
    assert after.total >= before.total
    assert GRADE_NUMBER[after.grade] >= GRADE_NUMBER[before.grade]


@given(regions_st, st.integers(0, 2))
def test_more_synkinesis_never_lowers_total_or_grade(regions, secondary) -> None:
    before = score_fngs2(findings(*regions, secondary))
    after = score_fngs2(findings(*regions, secondary + 1))
    assert after.total == before.total + 1
    assert GRADE_NUMBER[after.grade] >= GRADE_NUMBER[before.grade]
