"""The exam file: round trip, upgrade of older formats, and clear refusals of bad files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from facialis.core.exam import FORMAT_VERSION, Exam, ExamFileError, dumps_exam, load_exam, loads_exam, save_exam
from facialis.core.patient import Patient
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = sorted(VIGNETTE_DIR.glob("*.facialis.json"))


def _exam() -> Exam:
    return Exam(
        patient=Patient(mrn="42", family_name="Ωμέγα", given_names="Ελένη"),
        encounter={"exam_datetime": "2026-03-01T10:00", "affected_side": "right", "onset_date": "2026-02-28"},
        face={"right": {"voluntary": {"fngs_brow": 4, "eye_closure": "incomplete"}}},
        topognostic={"schirmer_mm": {"right": 0, "left": 11.5}, "taste": {"right": "reduced"}},
    )


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    exam = _exam()
    path = save_exam(exam, tmp_path / "one.facialis.json")
    assert load_exam(path) == exam
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == FORMAT_VERSION


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.name)
def test_every_vignette_file_loads(path: Path) -> None:
    exam = load_exam(path)
    assert exam.patient.mrn
    assert exam.graded_sides()


def test_there_are_sixteen_vignettes_and_v16_has_two_parts() -> None:
    names = {p.name.split(".")[0] for p in VIGNETTES}
    assert names == {f"v{n:02d}" for n in range(1, 16)} | {"v16a", "v16b"}


def test_format_1_file_is_upgraded() -> None:
    old = {
        "format": "facialis-exam",
        "format_version": 1,
        "patient": {"mrn": "7", "family_name": "Old"},
        "encounter": {"exam_datetime": "2024-01-01T09:00", "affected_side": "left"},
        "topognostic": {
            "schirmer_right_mm": 20,
            "schirmer_left_mm": 6,
            "stapedial_reflex_left": "absent",
            "taste_left": "reduced",
            "electrogustometry_left_ua": 120,
        },
    }
    exam = loads_exam(json.dumps(old), "old.facialis.json")
    assert exam.format_version == FORMAT_VERSION
    assert exam.topognostic.schirmer_mm.right == 20 and exam.topognostic.schirmer_mm.left == 6
    assert exam.topognostic.stapedial_reflex.left.value == "absent"
    assert exam.topognostic.taste.left.value == "reduced"
    assert exam.topognostic.electrogustometry_ua.left == 120


def test_newer_format_is_refused_with_a_clear_message() -> None:
    doc = json.loads(dumps_exam(_exam()))
    doc["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(ExamFileError, match="newer version of Facialis"):
        loads_exam(json.dumps(doc), "new.facialis.json")


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ExamFileError, match="nothere.facialis.json: no such file"):
        load_exam(tmp_path / "nothere.facialis.json")


def test_damaged_json_names_the_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "broken.facialis.json"
    path.write_text(dumps_exam(_exam())[:-40], encoding="utf-8")
    with pytest.raises(ExamFileError) as excinfo:
        load_exam(path)
    assert "broken.facialis.json" in str(excinfo.value) and "not valid JSON" in str(excinfo.value)


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbage.facialis.json"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(ExamFileError, match="garbage.facialis.json"):
        load_exam(path)


def test_not_an_object_is_refused() -> None:
    with pytest.raises(ExamFileError, match="a JSON object was expected"):
        loads_exam("[1, 2, 3]", "list.facialis.json")


def test_invalid_values_list_every_field() -> None:
    doc = json.loads(dumps_exam(_exam()))
    doc["face"]["right"]["voluntary"]["fngs_brow"] = 9
    doc["topognostic"]["schirmer_mm"]["left"] = -3
    with pytest.raises(ExamFileError) as excinfo:
        loads_exam(json.dumps(doc), "bad.facialis.json")
    text = str(excinfo.value)
    assert "bad.facialis.json" in text
    assert "face.right.voluntary.fngs_brow" in text
    assert "topognostic.schirmer_mm.left" in text


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_exam(_exam(), tmp_path / "keep.facialis.json")
    before = path.read_bytes()

    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("facialis.core.atomic.os.replace", boom)
    with pytest.raises(OSError):
        save_exam(_exam().model_copy(update={"uid": "other"}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.facialis.json"]
