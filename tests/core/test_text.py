"""Short fields are one line; free text keeps its lines; neither keeps control characters."""
from __future__ import annotations

import pytest

from facialis.core.exam import Exam, load_exam
from facialis.core.patient import Patient
from facialis.core.text import clean_text, short_text
from facialis.core.vignettes import VIGNETTE_DIR


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Zoë\nLine", "Zoë Line"),
        ("Zoë \r\n Line", "Zoë Line"),
        ("Anna\tMaria", "Anna Maria"),
        ("Anna\u2028Maria\u2029", "Anna Maria"),
        ("Anna\x85Maria", "Anna Maria"),
        ("  Anna  Maria \n", "Anna  Maria"),  # spaces the user typed are theirs
        ("Ann\x00a\x1b", "Anna"),
        ("Zoë \n \n Line", "Zoë Line"),  # a blank line with a space in it is one break
        ("Anna\r\n\t\r\nMaria", "Anna Maria"),
        ("Anna\x1eMaria", "Anna Maria"),  # a record separator is a break, not nothing
    ],
)
def test_short_text_is_one_clean_line(typed: str, kept: str) -> None:
    assert short_text(typed) == kept


def test_free_text_keeps_its_lines() -> None:
    assert clean_text("Plan:\n- steroid\n\tand eye care\x00") == "Plan:\n- steroid\n\tand eye care"


def test_patient_names_and_mrn_are_one_line() -> None:
    patient = Patient(mrn="A-1\n", family_name="Müller\nSchmidt", given_names="Zoë\nLine")
    assert (patient.mrn, patient.family_name, patient.given_names) == ("A-1", "Müller Schmidt", "Zoë Line")
    with pytest.raises(ValueError, match="family_name"):
        Patient(mrn="A-2", family_name="\n\t\u2028")


def test_exam_short_fields_are_one_line_and_free_text_keeps_lines() -> None:
    exam = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    data = exam.model_dump()
    data["patient"]["given_names"] = "Zoë\nLine"
    data["encounter"]["examiner"] = "Dr. A.\nExample"
    data["review"]["impression"] = "Bell's palsy.\nNo red flags."
    exam = Exam.model_validate(data)
    assert (exam.patient.given_names, exam.encounter.examiner) == ("Zoë Line", "Dr. A. Example")
    assert exam.review.impression == "Bell's palsy.\nNo red flags."
