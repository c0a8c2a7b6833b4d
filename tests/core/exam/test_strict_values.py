"""Out-of-type values are refused, never converted: a clinical record must not turn ``true`` into a
score of 1 or ``"false"``/``0`` into "absent". Dates, datetimes and enums written as JSON text
still read, and a whole number spelled ``3.0`` is the score 3."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from facialis.core.exam import (
    Exam,
    ExamFileError,
    Grade,
    Side,
    dumps_exam,
    exam_from_document,
    exam_to_document,
    load_exam,
    loads_exam,
)
from facialis.core.patient import Patient
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR


def _document(**sections: Any) -> dict[str, Any]:
    """A valid exam document (as read from a file) with ``sections`` merged in."""
    doc: dict[str, Any] = {
        "format": "facialis-exam",
        "format_version": 2,
        "patient": {"mrn": "S-1", "family_name": "Strict", "birth_date": "1970-02-03"},
        "encounter": {"exam_datetime": "2024-05-01T10:00:00", "affected_side": "right", "onset_date": "2024-04-28"},
        "face": {"right": {"voluntary": {"fngs_brow": 4}}},
        "review": {"final_hb": {"right": "III"}},
    }
    for name, value in sections.items():
        doc[name] = value
    return doc


def _with(path: str, value: Any) -> dict[str, Any]:
    """The sample document with the item at dotted ``path`` set to ``value``."""
    doc = _document()
    *parents, leaf = path.split(".")
    node = doc
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return doc


BAD_VALUES = [
    # a yes/no or text where a score is expected
    ("face.right.voluntary.fngs_brow", True),
    ("face.right.voluntary.fngs_brow", False),
    ("face.right.voluntary.fngs_brow", "3"),
    ("face.right.voluntary.fngs_brow", 3.5),
    ("face.right.sequelae.fngs_secondary", True),
    ("face.right.sunnybrook.voluntary.snarl", "5"),
    ("face.right.yanagihara.blink", True),
    ("electro.enog_day", True),
    ("electro.enog_day", 2.5),
    # a yes/no or text where a measurement is expected
    ("face.right.eface.static_brow", True),
    ("face.right.voluntary.lagophthalmos_mm", "2"),
    ("topognostic.schirmer_mm.left", False),
    ("electro.enog_degeneration_percent", "90"),
    # text or a number where yes/no is expected
    ("history.otalgia", "false"),
    ("history.otalgia", "true"),
    ("history.otalgia", 0),
    ("history.otalgia", 1),
    ("face.right.voluntary.bell_phenomenon", 0.0),
    ("encounter.treatment.steroid", "yes"),
    ("associated.neck_nodes", 1),
]


@pytest.mark.parametrize(("path", "value"), BAD_VALUES, ids=[f"{p}={v!r}" for p, v in BAD_VALUES])
def test_out_of_type_value_is_refused_naming_the_field(path: str, value: Any) -> None:
    with pytest.raises(ExamFileError) as excinfo:
        exam_from_document(_with(path, value), "bad.facialis.json")
    problems = excinfo.value.problems
    assert len(problems) == 1 and problems[0].startswith(f"{path}: "), problems
    assert repr(value) in problems[0]


def test_out_of_type_values_in_a_file_are_all_listed(tmp_path: Path) -> None:
    """The reviewer's file: ``fngs_brow: true`` and ``otalgia: "false"`` were read as 1 and absent."""
    doc = _with("face.right.voluntary.fngs_brow", True)
    doc["history"] = {"otalgia": "false", "hyperacusis": 0}
    path = tmp_path / "typed.facialis.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ExamFileError) as excinfo:
        load_exam(path)
    text = str(excinfo.value)
    assert str(path) in text
    for field in ("face.right.voluntary.fngs_brow", "history.otalgia", "history.hyperacusis"):
        assert field in text


def test_importing_an_out_of_type_file_stores_nothing(tmp_path: Path) -> None:
    from facialis.core.interop.exam_files import import_exam_files

    path = tmp_path / "typed.facialis.json"
    path.write_text(json.dumps(_with("history.otalgia", 0)), encoding="utf-8")
    with Store.open(tmp_path / "db.sqlite3", user="u", backup=False) as store:
        report = import_exam_files(store, [path])
        assert [o.outcome for o in report.outcomes] == ["refused"]
        assert "history.otalgia" in report.outcomes[0].message
        assert store.count_patients() == 0


def test_assignment_is_strict_too() -> None:
    """The GUI edits models in Python: a stray 0 or "3" is refused there as well."""
    exam = exam_from_document(_document())
    with pytest.raises(ValidationError):
        exam.history.otalgia = 0  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        exam.face[next(iter(exam.face))].voluntary.fngs_eye = True  # type: ignore[assignment]
    exam.history.otalgia = False
    assert exam.history.otalgia is False


@pytest.mark.parametrize("value", [3.0, 3])
def test_a_whole_number_spelled_as_float_is_that_score(value: float) -> None:
    exam = exam_from_document(_with("face.right.voluntary.fngs_brow", value))
    score = exam.face[next(iter(exam.face))].voluntary.fngs_brow
    assert score == 3 and type(score) is int
    assert exam_to_document(exam)["face"]["right"]["voluntary"]["fngs_brow"] == 3


def test_measurements_accept_whole_and_fractional_numbers() -> None:
    doc = _document(topognostic={"schirmer_mm": {"right": 12, "left": 11.5}}, electro={"enog_day": 4.0})
    exam = exam_from_document(doc)
    assert exam.topognostic.schirmer_mm.right == 12.0 and exam.topognostic.schirmer_mm.left == 11.5
    assert exam.electro.enog_day == 4 and type(exam.electro.enog_day) is int


def test_json_text_for_dates_datetimes_and_enums_still_reads() -> None:
    doc = _document()
    doc["review"] = {"final_hb": {"right": "IV"}, "signed_by": "Dr X", "signed_at": "2024-05-01T11:00:00"}
    exam = exam_from_document(doc)
    assert exam.patient.birth_date == date(1970, 2, 3)
    assert exam.encounter.exam_datetime == datetime(2024, 5, 1, 10, 0)
    assert exam.encounter.onset_date == date(2024, 4, 28)
    assert exam.encounter.affected_side is Side.right
    assert exam.review.final_hb.right is Grade.IV
    assert exam.review.signed_at == datetime(2024, 5, 1, 11, 0)


def test_format_version_must_be_a_whole_number() -> None:
    for value in (True, "2"):
        with pytest.raises(ValidationError):
            Exam(format_version=value, patient=Patient(mrn="1", family_name="X"))  # type: ignore[arg-type]


def test_documents_written_by_the_model_read_back_unchanged() -> None:
    """Stored documents are ``exam_to_document`` output: every vignette survives the round trip."""
    for path in sorted(VIGNETTE_DIR.glob("*.facialis.json")):
        exam = load_exam(path)
        again = exam_from_document(json.loads(json.dumps(exam_to_document(exam))))
        assert again == exam, path.name
        assert loads_exam(dumps_exam(exam)) == exam
