"""Sunnybrook (reference 2.1-2.4): weights, subtraction, the unclamped composite, completeness."""
from __future__ import annotations

import pytest
from hypothesis import given

from facialis.core.exam.models import AtRest, FaceFindings, SunnybrookItems
from facialis.core.scales import SunnybrookResult, score_sunnybrook

from .strategies import EXPRESSIONS, face_findings


def findings(eye="normal", cheek="normal", mouth="normal", voluntary=(5, 5, 5, 5, 5), synkinesis=(0, 0, 0, 0, 0)):
    return FaceFindings(
        rest=AtRest(eye=eye, cheek=cheek, mouth=mouth),
        sunnybrook=SunnybrookItems(
            voluntary=dict(zip(EXPRESSIONS, voluntary)),
            synkinesis=dict(zip(EXPRESSIONS, synkinesis)),
        ),
    )


def test_all_normal_scores_100() -> None:
    result = score_sunnybrook(findings(), side="left")
    assert isinstance(result, SunnybrookResult)
    assert result.complete is True and result.missing == []
    assert (result.resting, result.voluntary, result.synkinesis, result.composite) == (0, 100, 0, 100)
    assert result.total == 100
    assert result.subscores == {"resting": 0, "voluntary": 100, "synkinesis": 0, "composite": 100}
    assert result.side == "left"
    assert result.notes == []


def test_flaccid_without_synkinesis_scores_0() -> None:
    # eye wide 1 + cheek absent 2 + mouth drooped 1 = 4 points x 5 = 20; voluntary 5 x 1 = 5 x 4 = 20
    result = score_sunnybrook(findings("wide", "absent", "corner_drooped", (1, 1, 1, 1, 1)))
    assert (result.resting, result.voluntary, result.synkinesis) == (20, 20, 0)
    assert result.composite == 0
    assert result.notes == []


def test_worst_case_is_minus_15_and_never_clamped() -> None:
    # resting: narrow 1 + absent 2 + drooped 1 = 4 -> 20; voluntary all 1 -> 20; synkinesis all 3 -> 15
    result = score_sunnybrook(findings("narrow", "absent", "corner_drooped", (1, 1, 1, 1, 1), (3, 3, 3, 3, 3)))
    assert result.resting == 20
    assert result.voluntary == 20
    assert result.synkinesis == 15
    assert result.composite == -15
    assert result.total == -15
    assert result.notes == ["Composite -15 is below the published 0-100 range; shown unclamped [2.4]."]


def test_worked_mixed_example() -> None:
    # resting: narrow 1 + less pronounced 1 + normal 0 = 2 -> 10
    # voluntary: 5 + 4 + 3 + 3 + 4 = 19 -> 76; synkinesis: 0 + 1 + 1 + 0 + 2 = 4; composite 76 - 10 - 4 = 62
    result = score_sunnybrook(findings("narrow", "less_pronounced", "normal", (5, 4, 3, 3, 4), (0, 1, 1, 0, 2)))
    assert (result.resting, result.voluntary, result.synkinesis, result.composite) == (10, 76, 4, 62)


@pytest.mark.parametrize(
    ("eye", "cheek", "mouth", "resting"),
    [
        ("eyelid_surgery", "normal", "normal", 5),
        ("normal", "absent", "normal", 10),
        ("normal", "less_pronounced", "normal", 5),
        ("normal", "more_pronounced", "normal", 5),
        ("normal", "normal", "corner_pulled_up", 5),
        ("wide", "more_pronounced", "corner_pulled_up", 15),
    ],
)
def test_resting_points_and_weight(eye, cheek, mouth, resting) -> None:
    result = score_sunnybrook(findings(eye, cheek, mouth))
    assert result.resting == resting
    assert result.composite == 100 - resting


def test_one_voluntary_step_is_worth_4_and_one_synkinesis_step_1() -> None:
    assert score_sunnybrook(findings(voluntary=(5, 5, 4, 5, 5))).composite == 96
    assert score_sunnybrook(findings(synkinesis=(0, 0, 1, 0, 0))).composite == 99


def test_items_show_the_raw_points_of_the_form() -> None:
    result = score_sunnybrook(findings("narrow", "absent", "normal", (3, 5, 5, 5, 5), (0, 0, 2, 0, 0)))
    by_name = {item.name: item for item in result.items}
    assert len(result.items) == 13
    assert (by_name["rest_eye"].value, by_name["rest_eye"].points) == ("narrow", 1)
    assert (by_name["rest_cheek"].value, by_name["rest_cheek"].points) == ("absent", 2)
    assert by_name["voluntary_brow_raise"].points == 3
    assert by_name["synkinesis_open_mouth_smile"].points == 2
    assert by_name["voluntary_brow_raise"].label == "Voluntary: Forehead wrinkle (brow raise)"


def test_incomplete_lists_missing_keeps_complete_parts_and_gives_no_composite() -> None:
    face = FaceFindings(
        rest=AtRest(eye="narrow", cheek=None, mouth="normal"),
        sunnybrook=SunnybrookItems(
            voluntary=dict(zip(EXPRESSIONS, (4, 4, 4, 4, 4))),
            synkinesis={"brow_raise": 1},
        ),
    )
    result = score_sunnybrook(face)
    assert result.complete is False
    assert result.missing == [
        "Resting cheek (nasolabial fold)",
        "Synkinesis: Gentle eye closure",
        "Synkinesis: Open-mouth smile",
        "Synkinesis: Snarl (show upper teeth)",
        "Synkinesis: Lip pucker",
    ]
    assert result.composite is None and result.total is None
    assert result.resting is None and result.synkinesis is None
    assert result.voluntary == 80
    assert result.subscores == {"voluntary": 80}
    entered = {item.name: item.points for item in result.items if item.value is not None}
    assert entered["rest_eye"] == 1 and entered["synkinesis_brow_raise"] == 1


def test_nothing_entered() -> None:
    result = score_sunnybrook(FaceFindings())
    assert result.complete is False
    assert len(result.missing) == 13
    assert result.subscores == {}
    assert result.total is None


def test_tone_is_not_a_sunnybrook_item() -> None:
    face = findings()
    face.rest.tone = None
    assert score_sunnybrook(face).complete is True


def test_bilateral_note() -> None:
    result = score_sunnybrook(findings(), bilateral=True)
    assert any("assumes a normal side" in note for note in result.notes)
    assert result.composite == 100


@given(face_findings())
def test_never_raises_and_the_composite_follows_the_formula(face: FaceFindings) -> None:
    result = score_sunnybrook(face)
    assert result.complete == (result.composite is not None)
    if result.composite is not None:
        assert result.composite == result.voluntary - result.resting - result.synkinesis
        assert result.total == result.composite
        voluntary = sum(getattr(face.sunnybrook.voluntary, key) for key in EXPRESSIONS)
        synkinesis = sum(getattr(face.sunnybrook.synkinesis, key) for key in EXPRESSIONS)
        resting = sum(item.points for item in result.items if item.name.startswith("rest_"))
        assert result.composite == 4 * voluntary - 5 * resting - synkinesis
        assert -15 <= result.composite <= 100
        assert (result.composite < 0) == any("unclamped" in note for note in result.notes)
