"""What blocks signing: each blocker names the field to fix and says what to do."""
from __future__ import annotations

from datetime import date

import pytest

from facialis.core.assess import assess
from facialis.core.exam import Exam, Grade, load_exam
from facialis.core.signing import Blocker, sign_blockers
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = VIGNETTE_DIR


def paths(blockers: list[Blocker]) -> list[str]:
    return [blocker.field_path for blocker in blockers]


def with_changes(exam: Exam, **sections: dict) -> Exam:
    document = exam.model_dump(mode="json")
    for section, values in sections.items():
        node = document
        for part in section.split("__"):
            node = node.setdefault(part, {})
        node.update(values)
    return Exam.model_validate(document)


@pytest.fixture
def v05() -> Exam:
    return load_exam(VIGNETTES / "v05.facialis.json")


def test_complete_exam_with_the_suggested_grade_can_be_signed(v05: Exam) -> None:
    exam = with_changes(v05, review__final_hb={"left": "IV"})
    assert sign_blockers(exam, assess(exam)) == []


def test_final_grade_is_required_and_the_suggestion_is_named(v05: Exam) -> None:
    blockers = sign_blockers(v05, assess(v05))
    assert paths(blockers) == ["review.final_hb.left"]
    assert "(suggested: IV)" in blockers[0].message


def test_a_different_grade_needs_a_reason(v05: Exam) -> None:
    exam = with_changes(v05, review__final_hb={"left": "III"})
    blockers = sign_blockers(exam, assess(exam))
    assert paths(blockers) == ["review.final_hb_reason"]
    assert "III instead of the suggested IV" in blockers[0].message
    exam = with_changes(exam, review={"final_hb_reason": "Closure nearly complete on repeat"})
    assert sign_blockers(exam, assess(exam)) == []


def test_side_and_examiner_are_required() -> None:
    exam = Exam.model_validate({"patient": {"mrn": "1", "family_name": "A"}})
    blockers = sign_blockers(exam, assess(exam))
    assert paths(blockers) == ["encounter.affected_side", "encounter.examiner"]
    assert all(blocker.message.endswith(".") for blocker in blockers)


def test_bilateral_palsy_needs_a_grade_for_each_side() -> None:
    exam = load_exam(VIGNETTES / "v13.facialis.json")
    blockers = sign_blockers(exam, assess(exam))
    assert paths(blockers) == ["review.final_hb.right", "review.final_hb.left"]
    assert "for the right side" in blockers[0].message
    exam = with_changes(exam, review__final_hb={"right": "III", "left": "III"})
    blockers = sign_blockers(exam, assess(exam))
    assert paths(blockers) == ["review.final_hb_reason"]
    assert "left III instead of IV" in blockers[0].message


def test_grade_left_over_for_a_side_that_is_not_affected(v05: Exam) -> None:
    exam = with_changes(v05, review__final_hb={"left": "IV", "right": "II"})
    blockers = sign_blockers(exam, assess(exam))
    assert paths(blockers) == ["review.final_hb.right"]


def test_onset_after_the_exam_is_reported_at_the_onset(v05: Exam) -> None:
    exam = v05.model_copy(deep=True)
    # built around the model's own check, as a caller that bypasses validation could
    object.__setattr__(exam.encounter, "onset_date", date(2026, 10, 9))
    blockers = sign_blockers(exam, assess(v05))
    assert "encounter.onset_date" in paths(blockers)


def test_grades_are_the_roman_numerals_of_the_vocabulary(v05: Exam) -> None:
    exam = with_changes(v05, review__final_hb={"left": Grade.IV.value})
    assert exam.review.final_hb.left is Grade.IV
