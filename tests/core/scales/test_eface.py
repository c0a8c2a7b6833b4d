"""eFACE (reference 3.3): static folding, subscore means, completeness, no invented composites."""
from __future__ import annotations

import pytest
from hypothesis import given

from facialis.core.exam.models import EfaceItems, FaceFindings
from facialis.core.scales import EfaceResult, score_eface
from facialis.core.scales.eface import item_score

from .strategies import EFACE_PERCENT, EFACE_STATIC, face_findings

DYNAMIC = EFACE_PERCENT[:7]
SYNKINESIS = EFACE_PERCENT[7:]


def findings(static=(100, 100, 100, 100), dynamic=(100,) * 7, synkinesis=(100,) * 4) -> FaceFindings:
    values = {**dict(zip(EFACE_STATIC, static)), **dict(zip(DYNAMIC, dynamic)), **dict(zip(SYNKINESIS, synkinesis))}
    return FaceFindings(eface=EfaceItems(**values))


def test_all_normal_scores_100() -> None:
    result = score_eface(findings(), side="right")
    assert isinstance(result, EfaceResult)
    assert result.complete is True and result.missing == []
    assert (result.static, result.dynamic, result.synkinesis, result.total) == (100, 100, 100, 100)
    assert result.subscores == {"static": 100, "dynamic": 100, "synkinesis": 100}
    assert len(result.items) == 15


@pytest.mark.parametrize(("value", "score"), [(100, 100), (150, 50), (50, 50), (200, 0), (0, 0), (111, 89), (106, 94)])
def test_static_items_fold_around_100(value: float, score: float) -> None:
    assert item_score("static_palpebral_fissure", value) == score


def test_static_folding_in_the_result_items() -> None:
    result = score_eface(findings(static=(150, 50, 200, 100)))
    points = {item.name: item.points for item in result.items}
    assert points["static_brow"] == 50
    assert points["static_palpebral_fissure"] == 50
    assert points["static_nasolabial_fold_depth"] == 0
    assert points["static_oral_commissure"] == 100
    # (50 + 50 + 0 + 100) / 4 = 50
    assert result.static == 50
    # (200 + 700 + 400) / 15 = 1300 / 15
    assert result.total == pytest.approx(86.6667, abs=1e-4)


def test_dynamic_and_synkinesis_items_count_as_entered() -> None:
    assert item_score("dynamic_full_eye_closure", 30) == 30
    assert item_score("synkinesis_ocular", 70) == 70


def test_flaccid_example_and_the_below_60_note() -> None:
    # static: 60 -> 60, 150 -> 50, 40 -> 40, 70 -> 70: mean 55; dynamic all 0; no synkinesis (100)
    result = score_eface(findings(static=(60, 150, 40, 70), dynamic=(0,) * 7))
    assert result.static == 55
    assert result.dynamic == 0
    assert result.synkinesis == 100
    # (220 + 0 + 400) / 15 = 41.33...
    assert result.total == pytest.approx(41.3333, abs=1e-4)
    assert any("below 60" in note.lower() and "[3.3, S1]" in note for note in result.notes)


def test_worked_mixed_example() -> None:
    # static 90, 120, 100, 80 -> 90, 80, 100, 80: mean 87.5
    # dynamic 80, 90, 70, 60, 50, 40, 100: sum 490, mean 70
    # synkinesis 90, 80, 100, 70: sum 340, mean 85
    # total (350 + 490 + 340) / 15 = 1180 / 15 = 78.666...
    result = score_eface(findings((90, 120, 100, 80), (80, 90, 70, 60, 50, 40, 100), (90, 80, 100, 70)))
    assert result.static == 87.5
    assert result.dynamic == 70
    assert result.synkinesis == 85
    assert result.total == pytest.approx(78.6667, abs=1e-4)
    assert not any("below 60" in note.lower() for note in result.notes)


def test_a_subscore_is_given_when_its_own_items_are_complete() -> None:
    face = findings(synkinesis=(100, 100, 100, 100))
    face.eface.synkinesis_platysmal = None
    face.eface.dynamic_brow_elevation = None
    face.eface.static_brow = 50
    result = score_eface(face)
    assert result.complete is False
    assert result.missing == ["Brow elevation", "Platysmal synkinesis"]
    assert result.total is None
    assert result.static == 87.5  # (50 + 100 + 100 + 100) / 4
    assert result.dynamic is None and result.synkinesis is None
    assert result.subscores == {"static": 87.5}
    assert [item.points for item in result.items if item.name == "static_brow"] == [50]


def test_nothing_entered() -> None:
    result = score_eface(FaceFindings())
    assert result.complete is False
    assert len(result.missing) == 15
    assert result.subscores == {}
    assert result.total is None


def test_regional_composites_are_not_invented() -> None:
    result = score_eface(findings())
    assert set(result.subscores) == {"static", "dynamic", "synkinesis"}
    assert any("periocular" in note and "not computed" in note for note in result.notes)


def test_bilateral_note() -> None:
    assert any("assumes a normal side" in note for note in score_eface(findings(), bilateral=True).notes)
    assert not any("assumes a normal side" in note for note in score_eface(findings()).notes)


@given(face_findings())
def test_never_raises_and_scores_stay_in_range(face: FaceFindings) -> None:
    result = score_eface(face)
    assert result.complete == (result.total is not None)
    for value in (*result.subscores.values(), result.total):
        assert value is None or 0 <= value <= 100


def test_every_item_shows_its_anchors_and_the_palpebral_fissure_its_direction() -> None:
    from facialis.core.scales.eface import ITEMS, item_hint

    assert item_hint("static_palpebral_fissure") == "100 = balanced; 0 = wide, 200 = narrow"
    assert item_hint("static_brow") == "100 = balanced"
    assert item_hint("dynamic_gentle_eye_closure") == "0 = no movement, 100 = normal"
    assert item_hint("synkinesis_ocular") == "100 = none"
    assert all(item_hint(name) for name in ITEMS)


def test_a_total_of_exactly_60_is_not_below_the_flaccid_anchor() -> None:
    """Entries whose mean is exactly 60 give the total 60, not 59.99..., so the "below 60: complete
    flaccid palsy" interpretation note (3.3) does not appear at the band limit."""
    from facialis.core.exam.models import FaceFindings
    from facialis.core.scales.eface import ITEMS, score_eface

    values: dict[str, float] = {}
    dynamic = [name for name, (domain, _) in ITEMS.items() if domain != "static"]
    for name, (domain, _) in ITEMS.items():
        values[name] = 160.1 if domain == "static" else 67.3  # static 160.1 scores 39.9
    values[dynamic[-1]] = 67.4  # 4 x 39.9 + 10 x 67.3 + 67.4 = 900 = 15 x 60
    result = score_eface(FaceFindings.model_validate({"eface": values}))
    assert result.total == 60
    assert not any("below" in note.lower() for note in result.notes)
    assert result.static == 39.9
