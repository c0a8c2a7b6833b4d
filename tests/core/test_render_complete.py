"""``facialis assess`` text says everything the assessment says that a clinician acts on, in the
review page's words, and never fails on an unusual exam."""
from __future__ import annotations

import pytest

from facialis.core.assess import assess
from facialis.core.exam import Exam
from facialis.core.render import assessment_text

from .report.test_assessment_complete import EXAMS, _bilateral, _fngs_against_sunnybrook, _uninterpretable_taste, missing_from
from .vignette_builders import fngs, make_exam


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", list(EXAMS))
def test_every_statement_of_the_assessment_is_in_the_text(name: str) -> None:
    exam = EXAMS[name]()
    assessment = assess(exam)
    assert missing_from(assessment_text(exam, assessment), assessment) == []


def test_hb_notes_are_given_with_the_suggestion() -> None:
    exam = _bilateral()
    assessment = assess(exam)
    text = _flat(assessment_text(exam, assessment))
    for side, hb in assessment.hb_by_side().items():
        assert hb.notes
        for note in hb.notes:
            assert _flat(f"Note: {note}") in text, side
    assert "Right: no grade suggested" in text and "no suggestion" not in text


def test_fngs_with_nothing_entered_is_not_called_optional() -> None:
    """FNGS 2.0 is the exam's own scale (the HB suggestion reads it); only the others are optional."""
    exam = make_exam(vid="e", age=40, side="left")
    text = assessment_text(exam, assess(exam))
    fngs_block = text.split("FNGS 2.0\n")[1].split("Sunnybrook\n")[0]
    assert "Left: not assessed (none of its items entered)" in fngs_block
    assert "optional" not in fngs_block
    assert "Left: not assessed (optional scale: none of its 13 items entered)" in text


def test_items_say_not_assessed_normal_and_zero_apart() -> None:
    """A choice in words with the points it gave, a measured 0 as 0, a missing item as not assessed;
    never an enum's name or a float's trailing .0."""
    exam = make_exam(
        vid="i", age=40, side="left",
        face={"left": {"voluntary": fngs(4, 4, 4, 4), "rest": {"eye": "wide", "cheek": "normal"},
                       "sunnybrook": {"voluntary": {"brow_raise": 2}},
                       "eface": {"dynamic_brow_elevation": 0, "static_brow": 72}}},
    )
    text = _flat(assessment_text(exam, assess(exam)))
    assert "Resting eye (palpebral fissure): wide = 1" in text
    assert "Resting cheek (nasolabial fold): normal = 0" in text
    assert "Brow elevation: 0" in text and "Brow at rest: 72" in text
    assert "72.0" not in text


def test_what_the_tests_show_lists_an_uninterpretable_reading_and_why() -> None:
    exam = _uninterpretable_taste()
    text = _flat(assessment_text(exam, assess(exam)))
    assert "What the tests show" in text
    assert ("electrogustometry 150 uA vs 140 uA on the other side: uninterpretable; above 100 uA the trigeminal "
            "nerve may respond") in text
    assert "taste: not done" in text and "taste not done: not done" not in text


def test_what_the_tests_show_is_per_side_in_a_bilateral_palsy() -> None:
    exam = _bilateral()
    text = _flat(assessment_text(exam, assess(exam)))
    assert "Right: stapedial reflex (nerve to stapedius)" in text and "Left: stapedial reflex (nerve to stapedius)" in text
    assert "conductive loss or middle-ear disease on the probe side makes an absent reflex uninterpretable" in text


def test_actions_that_do_not_apply_say_why() -> None:
    """A 10-year-old: the steroid statement does not cover the age; the text says so, as the PDF does."""
    exam = make_exam(vid="c", age=10, side="left", face={"left": {"voluntary": fngs(4, 4, 4, 4)}})
    text = _flat(assessment_text(exam, assess(exam)))
    assert "Not applicable here: 4. Prescribe oral steroids" in text
    assert "age 10: the steroid statement covers patients aged 16 and older" in text


def test_contradiction_and_segments_in_the_report_words() -> None:
    exam = _fngs_against_sunnybrook()
    text = _flat(assessment_text(exam, assess(exam)))
    assert "CONTRADICTION: Brow: FNGS 2.0 1 and Sunnybrook forehead wrinkle (brow raise) 1" in text
    assert "Cerebellopontine angle (cisternal)" in text and " cpa," not in text


def test_guidance_notes_have_their_own_heading() -> None:
    exam = make_exam(vid="n", age=40, side="left", face={"left": {"voluntary": {"fngs_brow": 1}}})
    assessment = assess(exam)
    assert assessment.notes
    text = assessment_text(exam, assessment)
    notes = text.split("\nNotes\n-----\n")[1]
    for note in assessment.notes:
        assert _flat(note.text)[:60] in _flat(notes)


def test_an_exam_with_nothing_recorded_reads() -> None:
    exam = Exam.model_validate({"patient": {"mrn": "E1", "family_name": "Empty"},
                                "encounter": {"exam_datetime": "2026-03-02T10:00"}})
    text = assessment_text(exam, assess(exam))
    assert "not graded: no affected side and no motor findings recorded" in text
    assert "onset date not recorded" in text
