"""The exam model: defaults are "not assessed", and bad values are refused with the field named."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from facialis.core.exam import (
    Exam,
    FaceFindings,
    FaceSide,
    Side,
    describe_validation_error,
)
from facialis.core.patient import Patient


def _patient(**overrides: object) -> Patient:
    data = {"mrn": "123", "family_name": "Doe", "given_names": "Jane", "birth_date": date(1980, 5, 17)}
    data.update(overrides)
    return Patient(**data)


def _messages(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return "\n".join(describe_validation_error(excinfo.value))


def test_every_item_defaults_to_not_assessed() -> None:
    exam = Exam(patient=_patient())
    findings = exam.findings(FaceSide.left)
    assert findings.voluntary.fngs_brow is None
    assert findings.rest.eye is None
    assert exam.history.otalgia is None
    assert exam.topognostic.schirmer_mm.left is None
    assert exam.review.final_hb.left is None


def test_zero_is_a_measurement_not_missing() -> None:
    exam = Exam(patient=_patient(), topognostic={"schirmer_mm": {"left": 0, "right": 12}})
    assert exam.topognostic.schirmer_mm.left == 0
    assert exam.topognostic.schirmer_mm.left is not None


def test_age_from_birth_date_and_exam_date() -> None:
    exam = Exam(patient=_patient(birth_date=date(1980, 5, 17)), encounter={"exam_datetime": "2020-05-16T10:00"})
    assert exam.age_years == 39
    exam = Exam(patient=_patient(birth_date=date(1980, 5, 17)), encounter={"exam_datetime": "2020-05-17T10:00"})
    assert exam.age_years == 40


def test_onset_after_exam_names_the_field() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), encounter={"exam_datetime": "2026-01-10T09:00", "onset_date": "2026-01-12"})
    text = _messages(excinfo)
    assert "onset_date" in text and "after the exam date" in text


def test_birth_date_in_future_is_refused() -> None:
    future = date.today() + timedelta(days=30)
    with pytest.raises(ValidationError) as excinfo:
        _patient(birth_date=future)
    assert "birth_date" in _messages(excinfo)
    assert "future" in _messages(excinfo)


def test_exam_date_in_future_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), encounter={"exam_datetime": datetime.now() + timedelta(days=5)})
    assert "exam_datetime" in _messages(excinfo)


def test_negative_schirmer_is_refused_with_the_range() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), topognostic={"schirmer_mm": {"left": -3}})
    text = _messages(excinfo)
    assert "topognostic.schirmer_mm.left" in text
    assert "greater than or equal to 0" in text and "-3" in text


def test_fngs_score_of_seven_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), face={"left": {"voluntary": {"fngs_oral": 7}}})
    text = _messages(excinfo)
    assert "face.left.voluntary.fngs_oral" in text and "less than or equal to 6" in text


def test_unknown_segment_is_refused_with_the_allowed_values() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), review={"final_level": "midbrain"})
    text = _messages(excinfo)
    assert "review.final_level" in text and "'labyrinthine'" in text and "midbrain" in text


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), history={"otalgai": True})
    assert "history.otalgai" in _messages(excinfo)


def test_findings_for_the_wrong_side_are_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), encounter={"affected_side": "left"}, face={"right": {}})
    assert "face.right" in _messages(excinfo)


def test_bilateral_palsy_records_both_sides() -> None:
    exam = Exam(
        patient=_patient(),
        encounter={"affected_side": "bilateral"},
        face={"right": {"voluntary": {"fngs_brow": 3}}, "left": {"voluntary": {"fngs_brow": 6}}},
    )
    assert exam.graded_sides() == [FaceSide.right, FaceSide.left]
    assert exam.findings(FaceSide.left).voluntary.fngs_brow == 6


def test_graded_sides_follow_the_affected_side() -> None:
    exam = Exam(patient=_patient(), encounter={"affected_side": Side.left})
    assert exam.graded_sides() == [FaceSide.left]
    assert isinstance(exam.findings(FaceSide.left), FaceFindings)


def test_free_text_keeps_markup_and_any_script_but_drops_control_characters() -> None:
    text = "<b>Bold</b> & مرحبا שלום Привет Γειά\x00\x07 done\n"
    exam = Exam(patient=_patient(family_name="<b>&</para>"), review={"impression": text})
    assert exam.review.impression == "<b>Bold</b> & مرحبا שלום Привет Γειά done\n"
    assert exam.patient.family_name == "<b>&</para>"


def test_very_long_text_is_refused_with_the_limit() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Exam(patient=_patient(), review={"plan": "x" * 50_001})
    assert "review.plan" in _messages(excinfo) and "50000" in _messages(excinfo)


@pytest.mark.parametrize(
    ("written", "local"),
    [
        ("2026-10-06T16:00:00+02:00", "2026-10-06T16:00:00"),  # the clinic's own clock, as its onset date
        ("2026-10-06T07:00:00Z", "2026-10-06T16:00:00"),  # UTC names no clinic: 07:00 UTC is 16:00 in Tokyo
        ("2026-10-06T07:00:00+00:00", "2026-10-06T16:00:00"),
        ("2026-10-06T16:00:00", "2026-10-06T16:00:00"),  # no offset: already the clinic's time
    ],
)
def test_an_exam_time_with_an_offset_is_read_as_local_time(tokyo: None, written: str, local: str) -> None:
    """A file from another system may write the exam time with an offset (it was a raw comparison
    error of aware and naive times): a clinic's offset keeps its clock, UTC is read in this zone."""
    from facialis.core.exam import exam_from_document
    from facialis.core.assess import assess
    from facialis.core.vignettes import VIGNETTE_DIR

    document = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))
    document["encounter"]["exam_datetime"] = written
    exam = exam_from_document(document)
    assert exam.encounter.exam_datetime.isoformat() == local
    assert exam.encounter.exam_datetime.tzinfo is None
    assess(exam)  # the guidance's windows count from it


def test_an_exam_time_from_another_zone_keeps_the_calendar_of_its_onset(tokyo: None) -> None:
    """An exam in Honolulu on its onset day, read in Tokyo: converting only the exam time moved it to
    the next day here (day 1 since onset, and fewer hours left in the 72-hour window); read the other
    way round, a file from Sydney was refused as "onset after the exam"."""
    from facialis.core.exam import exam_from_document
    from facialis.core.vignettes import VIGNETTE_DIR

    document = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))
    document["encounter"]["onset_date"] = "2026-10-06"
    document["encounter"]["exam_datetime"] = "2026-10-06T20:00:00-10:00"
    exam = exam_from_document(document)
    assert exam.encounter.exam_datetime == datetime(2026, 10, 6, 20, 0)
    assert exam.days_since_onset == 0
