"""A corrected patient record reaches every export: CSV, exam files and FHIR name the same person."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from facialis.core.exam import ExamFileError, load_exam
from facialis.core.interop.csv_export import export_csv
from facialis.core.interop.exam_files import DUPLICATE, export_exam_files, import_exam_files
from facialis.core.interop.fhir_export import export_fhir
from facialis.core.patient import Patient, Sex
from facialis.core.store import ExamRecord, Store

from .conftest import snapshot
from .stored_exams import save_signed, v05_document

CORRECTED = Patient(
    mrn="V05-REAL", family_name="Fischer-Meyer", given_names="Anna Maria", birth_date=date(1990, 1, 1), sex=Sex.female
)


@pytest.fixture
def corrected(store: Store) -> ExamRecord:
    """V05 (born 1992-03-14, seen 2024-10-06) signed, then its patient record corrected."""
    record = save_signed(store, v05_document())
    patient = store.get_patient(record.patient_id)
    store.update_patient(patient.id, CORRECTED, patient.version)
    return record


def csv_row(store: Store, record: ExamRecord, path: Path) -> dict[str, str]:
    export_csv(store, [record.id], path)
    with path.open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle))


def test_the_csv_names_the_patient_of_the_record_and_recomputes_the_age(
    store: Store, corrected: ExamRecord, tmp_path: Path
) -> None:
    row = csv_row(store, corrected, tmp_path / "exams.csv")
    assert {k: row[k] for k in ("mrn", "family_name", "given_names", "birth_date", "sex", "age_years")} == {
        "mrn": "V05-REAL", "family_name": "Fischer-Meyer", "given_names": "Anna Maria",
        "birth_date": "1990-01-01", "sex": "female", "age_years": "34",
    }


def test_an_exam_file_carries_the_patient_of_the_record(store: Store, corrected: ExamRecord, tmp_path: Path) -> None:
    (path,) = export_exam_files(store, [corrected.id], tmp_path / "out")
    exam = load_exam(path)
    assert exam.patient == CORRECTED and exam.age_years == 34
    assert path.name.startswith("V05-REAL_2024-10-06_")


def test_csv_fhir_and_exam_files_agree(store: Store, corrected: ExamRecord, tmp_path: Path) -> None:
    row = csv_row(store, corrected, tmp_path / "exams.csv")
    export_fhir(store, [corrected.id], tmp_path / "bundle.json")
    bundle = json.loads((tmp_path / "bundle.json").read_text(encoding="utf-8"))
    (fhir_patient,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    (path,) = export_exam_files(store, [corrected.id], tmp_path / "out")
    in_file = load_exam(path).patient
    assert row["mrn"] == fhir_patient["identifier"][0]["value"] == in_file.mrn == "V05-REAL"
    assert row["birth_date"] == fhir_patient["birthDate"] == in_file.birth_date.isoformat()  # type: ignore[union-attr]
    assert row["family_name"] == fhir_patient["name"][0]["family"] == in_file.family_name


def test_reimporting_an_export_after_the_correction_is_a_duplicate(
    store: Store, corrected: ExamRecord, tmp_path: Path
) -> None:
    paths = export_exam_files(store, [corrected.id], tmp_path / "out")
    before = snapshot(store)
    (outcome,) = import_exam_files(store, paths).outcomes
    assert outcome.outcome == DUPLICATE and outcome.exam_id == corrected.id
    assert snapshot(store) == before


def test_a_correction_that_no_longer_fits_the_exam_is_refused_and_exports_go_on(store: Store, tmp_path: Path) -> None:
    """A date of birth after an exam is refused where it is typed (store), so no export ever meets one;
    a record from before that rule that does not fit still stops the export with the exam named."""
    from facialis.core.store import InvalidPatientError

    record = save_signed(store, v05_document())
    patient = store.get_patient(record.patient_id)
    born_after = CORRECTED.model_copy(update={"birth_date": date(2024, 10, 7)})
    with pytest.raises(InvalidPatientError):
        store.update_patient(patient.id, born_after, patient.version)
    export_csv(store, [record.id], tmp_path / "exams.csv")
    assert len(export_exam_files(store, [record.id], tmp_path / "out")) == 1
    with store._write() as db:  # noqa: SLF001 - a record written before the rule existed
        db.conn.execute("UPDATE patients SET birth_date = '2024-10-07' WHERE id = ?", (patient.id,))
    with pytest.raises(ExamFileError, match="after the exam date"):
        export_exam_files(store, [record.id], tmp_path / "again")
