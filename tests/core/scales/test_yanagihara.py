"""Yanagihara (reference 4): the 0-40 total, both item variants, invalid levels never raise."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facialis.core.exam.models import FaceFindings, YanagiharaItems
from facialis.core.scales import YanagiharaResult, score_yanagihara
from facialis.core.settings import Settings, YanagiharaVariant

from .strategies import YANAGIHARA, face_findings


def findings(*values: int | None) -> FaceFindings:
    return FaceFindings(yanagihara=YanagiharaItems(**dict(zip(YANAGIHARA, values))))


def test_all_normal_is_40_with_the_normal_note() -> None:
    result = score_yanagihara(findings(*[4] * 10), side="right")
    assert isinstance(result, YanagiharaResult)
    assert result.complete is True and result.missing == [] and result.invalid == []
    assert result.total == 40
    assert result.notes == ["Total 40: 36-40 is quoted as normal (interpretation only) [4, S1]."]


def test_total_paralysis_is_0_with_its_note() -> None:
    result = score_yanagihara(findings(*[0] * 10))
    assert result.total == 0
    assert result.notes == ["Total 0: 0-8 is quoted as total palsy (interpretation only) [4, S1]."]


def test_five_level_worked_example() -> None:
    # 4 + 3 + 2 + 1 + 0 + 4 + 3 + 2 + 1 + 0 = 20
    result = score_yanagihara(findings(4, 3, 2, 1, 0, 4, 3, 2, 1, 0), variant=YanagiharaVariant.five_level)
    assert result.total == 20
    assert result.notes == []
    assert [item.points for item in result.items] == [4, 3, 2, 1, 0, 4, 3, 2, 1, 0]


@pytest.mark.parametrize(("values", "total"), [((4,) * 9 + (2,), 38), ((2,) * 10, 20), ((4, 4, 0, 0, 2, 2, 4, 0, 2, 0), 18)])
def test_three_level_valid_totals(values, total) -> None:
    result = score_yanagihara(findings(*values), variant="three_level")
    assert result.variant is YanagiharaVariant.three_level
    assert result.complete is True
    assert result.total == total


def test_three_level_refuses_1_and_3_without_raising() -> None:
    values = [4] * 10
    values[2] = 3  # blink
    values[5] = 1  # wink
    result = score_yanagihara(findings(*values), variant=YanagiharaVariant.three_level)
    assert result.complete is False
    assert result.total is None
    assert result.missing == []
    assert len(result.invalid) == 2
    assert result.invalid[0].startswith("Blink: 3 is not a level")
    assert result.invalid[1].startswith("Closure of the involved eye only (wink): 1 is not a level")
    by_name = {item.name: item for item in result.items}
    assert (by_name["blink"].value, by_name["blink"].points) == (3, None)
    assert by_name["grin"].points == 4
    assert "Blink (3)" in result.notes[0]


def test_the_same_values_are_valid_under_five_levels() -> None:
    values = [4] * 10
    values[2] = 3
    result = score_yanagihara(findings(*values), variant=YanagiharaVariant.five_level)
    assert result.invalid == []
    assert result.total == 39


def test_default_variant_is_the_settings_default() -> None:
    assert score_yanagihara(findings(*[4] * 10)).variant is Settings().yanagihara_variant


def test_incomplete_lists_missing_and_gives_no_total() -> None:
    result = score_yanagihara(findings(4, 4, None, 4, 4, 4, None, 4, 4, 4))
    assert result.complete is False
    assert result.missing == ["Blink", "Wrinkle nose"]
    assert result.total is None
    assert [item.value for item in result.items][:3] == [4, 4, None]


def test_unknown_variant_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        score_yanagihara(findings(*[4] * 10), variant="seven_level")


def test_no_house_brackmann_conversion_is_offered() -> None:
    result = score_yanagihara(findings(*[2] * 10))
    assert result.grade is None


@given(face_findings(), st.sampled_from(YanagiharaVariant))
def test_never_raises_on_any_valid_findings(face: FaceFindings, variant: YanagiharaVariant) -> None:
    result = score_yanagihara(face, variant=variant)
    assert result.complete == (result.total is not None)
    if result.total is not None:
        assert 0 <= result.total <= 40
    if variant is YanagiharaVariant.five_level:
        assert result.invalid == []
