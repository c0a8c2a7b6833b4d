"""Patient rows: add, update (optimistic), look up, search. Callers hold the write transaction."""
from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from . import audit, clock
from .connection import one, rows
from .errors import ConflictError, DuplicateMRNError, InvalidPatientError, NotFoundError
from .records import PatientRecord, patient_from_row
from .schema.fts import match_expression

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..patient import Patient

ENTITY = "patient"
_COLUMNS = ("mrn", "family_name", "given_names", "birth_date", "sex")
_ORDER = "ORDER BY family_name COLLATE NOCASE, given_names COLLATE NOCASE, id"


def columns(patient: Patient) -> dict[str, Any]:
    """The patient as database values (dates as ISO text, sex as its code)."""
    dumped = patient.model_dump(mode="json")
    return {name: dumped[name] for name in _COLUMNS}


def _row(db: Database, patient_id: int) -> dict[str, Any]:
    row = one(db, "SELECT * FROM patients WHERE id = ?", (patient_id,))
    if row is None:
        raise NotFoundError(f"There is no patient with id {patient_id} (it may have been removed elsewhere).")
    return row


def _check_mrn_free(db: Database, mrn: str, own_id: int | None) -> None:
    other = one(db, "SELECT * FROM patients WHERE mrn = ? AND id IS NOT ?", (mrn, own_id))
    if other is not None:
        name = patient_from_row(other).patient.display_name
        raise DuplicateMRNError(f"Another patient ({name}) already has MRN {other['mrn']}; nothing was saved.")


def _duplicate_from(exc: sqlite3.IntegrityError, mrn: str) -> DuplicateMRNError | None:
    if "patients.mrn" in str(exc):
        return DuplicateMRNError(f"Another patient already has MRN {mrn}; nothing was saved.")
    return None


def add(db: Database, user: str, patient: Patient) -> PatientRecord:
    values = columns(patient)
    _check_mrn_free(db, patient.mrn, None)
    now = clock.timestamp()
    try:
        cursor = db.conn.execute(
            "INSERT INTO patients (mrn, family_name, given_names, birth_date, sex, row_version, created_at, updated_at)"
            " VALUES (:mrn, :family_name, :given_names, :birth_date, :sex, 1, :now, :now)",
            {**values, "now": now},
        )
    except sqlite3.IntegrityError as exc:
        duplicate = _duplicate_from(exc, patient.mrn)
        if duplicate is None:
            raise
        raise duplicate from exc
    patient_id = cursor.lastrowid
    assert patient_id is not None
    audit.record(db, user=user, action="insert", entity=ENTITY, entity_id=patient_id, changes=audit.diff({}, values))
    return get(db, patient_id)


def _check_born_before_exams(db: Database, patient_id: int, birth_date: str) -> None:
    """A corrected date of birth must come before the patient's exams: reports and exports print the
    exams with the current record, and an exam before birth cannot be assessed (no age, no windows)."""
    first = one(db, "SELECT MIN(substr(exam_date, 1, 10)) AS day FROM exams WHERE patient_id = ?", (patient_id,))
    day = first["day"] if first is not None else None
    if day is not None and birth_date > day:
        raise InvalidPatientError(
            f"Date of birth {birth_date} is after this patient's exam of {day}; nothing was changed. "
            "Check the date of birth."
        )


def update(db: Database, user: str, patient_id: int, patient: Patient, expected_version: int) -> PatientRecord:
    current = _row(db, patient_id)
    if current["row_version"] != expected_version:
        raise ConflictError(
            f"This patient record was changed elsewhere (version {current['row_version']}, you had "
            f"{expected_version}); nothing was overwritten. Reload to see the latest.",
            current_version=current["row_version"],
            expected_version=expected_version,
        )
    values = columns(patient)
    changes = audit.diff({name: current[name] for name in _COLUMNS}, values)
    if not changes:
        return patient_from_row(current)
    if "mrn" in changes:
        _check_mrn_free(db, patient.mrn, patient_id)
    if "birth_date" in changes and patient.birth_date is not None:
        _check_born_before_exams(db, patient_id, patient.birth_date.isoformat())
    try:
        db.conn.execute(
            "UPDATE patients SET mrn = :mrn, family_name = :family_name, given_names = :given_names,"
            " birth_date = :birth_date, sex = :sex, row_version = row_version + 1, updated_at = :now"
            " WHERE id = :id AND row_version = :expected",
            {**values, "now": clock.timestamp(), "id": patient_id, "expected": expected_version},
        )
    except sqlite3.IntegrityError as exc:
        duplicate = _duplicate_from(exc, patient.mrn)
        if duplicate is None:
            raise
        raise duplicate from exc
    audit.record(db, user=user, action="update", entity=ENTITY, entity_id=patient_id, changes=changes)
    return get(db, patient_id)


def get(db: Database, patient_id: int) -> PatientRecord:
    return patient_from_row(_row(db, patient_id))


def exists(db: Database, patient_id: int) -> bool:
    return one(db, "SELECT 1 AS found FROM patients WHERE id = ?", (patient_id,)) is not None


def find_by_mrn(db: Database, mrn: str) -> PatientRecord | None:
    """MRNs compare without regard to ASCII case and surrounding spaces."""
    row = one(db, "SELECT * FROM patients WHERE mrn = ?", (mrn.strip(),))
    return None if row is None else patient_from_row(row)


def search(db: Database, query: str, limit: int | None = 200) -> list[PatientRecord]:
    """Prefix search over MRN and names; an empty query lists everyone. Sorted by name."""
    match = match_expression(query)
    limit_sql = " LIMIT ?" if limit is not None else ""
    params: list[Any] = []
    if match is None:
        sql = f"SELECT * FROM patients {_ORDER}{limit_sql}"
    else:
        sql = (
            "SELECT * FROM patients WHERE id IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?) "
            f"{_ORDER}{limit_sql}"
        )
        params.append(match)
    if limit is not None:
        params.append(limit)
    return [patient_from_row(r) for r in rows(db, sql, params)]

