"""Exams that arrive from elsewhere (exam files): recognised by their uid, added in one transaction.

An exam file carries the exam's ``uid``, kept across export and import. An import adds the
patient (when the MRN is new) and the exam together, or nothing: a refused file never leaves a
patient without the exam it came with. A signed exam stays signed, with the signature it
carries; the audit row says it was imported and from which file. Callers hold the write
transaction.

Record times are UTC with an explicit offset, like every time the store writes itself
(``clock.timestamp``): a signing time with an offset is converted to UTC; one without an offset
is read as this computer's local time (what Facialis wrote into files before it wrote UTC, and
what the wizard writes into a document), see docs/exam-format.md.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..text import MAX_SHORT_TEXT
from . import audit, clock, exams, patients
from .connection import rows
from .errors import ConflictError
from .records import ExamRecord, ExamSummary, PatientRecord, exam_from_row
from .schema.exam_search import EXAM_UID_SQL

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..patient import Patient


def utc_moment(moment: datetime) -> datetime:
    """``moment`` in UTC; a time without an offset is taken as this computer's local time.

    One rule for every time that reaches a record, so a signing time never shifts by the UTC
    offset between the file, the record and the CSV's UTC column.
    """
    return moment.astimezone(UTC)


def exams_with_uid(db: Database, uid: str) -> list[ExamRecord]:
    """Every stored version of the exam with this uid (oldest first)."""
    found = rows(db, f"SELECT * FROM exams WHERE {EXAM_UID_SQL} = ? ORDER BY id", (uid,))
    return [exam_from_row(row) for row in found]


def import_exam(
    db: Database,
    user: str,
    patient: Patient,
    document: dict[str, Any],
    summary: ExamSummary,
    *,
    signed_by: str | None,
    signed_at: datetime | None,
    source: str,
) -> tuple[ExamRecord, PatientRecord, bool]:
    """Add the exam (and its patient when the MRN is new); returns the exam, the patient and
    whether the patient was created. The caller has checked the uid and the patient identity."""
    uid = document.get("uid")
    if isinstance(uid, str) and exams_with_uid(db, uid):
        raise ConflictError(f"An exam with uid {uid} is already saved (perhaps just now, elsewhere); nothing was imported.")
    existing = patients.find_by_mrn(db, patient.mrn)
    created = existing is None
    record = patients.add(db, user, patient) if existing is None else existing
    values = {"patient_id": record.id, **exams.summary_columns(summary), "document": exams._document_json(document)}
    signed = signed_by is not None or signed_at is not None
    now = clock.timestamp()
    signer = (signed_by or user)[:MAX_SHORT_TEXT] if signed else None
    signed_text = (utc_moment(signed_at).isoformat() if signed_at is not None else now) if signed else None
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    cursor = db.conn.execute(
        f"INSERT INTO exams ({names}, version_no, replaces_id, status, row_version, created_at, updated_at,"
        " signed_at, signed_by)"
        f" VALUES ({marks}, 1, NULL, :status, 1, :now, :now, :signed_at, :signed_by)",
        {**values, "status": "signed" if signed else "draft", "now": now, "signed_at": signed_text, "signed_by": signer},
    )
    exam_id = cursor.lastrowid
    assert exam_id is not None
    changes: dict[str, Any] = audit.diff({}, {**values, "document": document})
    changes["status"] = [None, "signed" if signed else "draft"]
    changes["source"] = [None, source]
    if signed:
        changes["signed_at"] = [None, signed_text]
        changes["signed_by"] = [None, signer]
    audit.record(db, user=user, action="import", entity=exams.ENTITY, entity_id=exam_id, changes=changes)
    return exams.get(db, exam_id), patients.get(db, record.id), created
