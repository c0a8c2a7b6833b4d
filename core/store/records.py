"""What the store hands back: immutable records built from database rows."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..patient import Patient


@dataclass(frozen=True)
class ExamSummary:
    """Columns for search and sorting, computed by the caller from the exam and its assessment.

    The store only stores them; the exam document stays the source of truth.
    """

    exam_date: date | datetime | None = None
    side: str | None = None
    suggested_hb: str | None = None
    final_hb: str | None = None
    level: str | None = None
    examiner: str | None = None
    red_flags: bool = False
    diagnosis: str | None = None
    impression: str | None = None


@dataclass(frozen=True)
class PatientRecord:
    """A stored patient; ``version`` is the row version to pass back as ``expected_version``."""

    id: int
    version: int
    patient: Patient
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ExamRecord:
    """A stored exam (one version of it). ``version`` is the row version for optimistic saves;
    ``version_no`` counts amendments (1 for the original)."""

    id: int
    patient_id: int
    version: int
    version_no: int
    replaces_id: int | None
    status: str
    document: dict[str, Any]
    summary: ExamSummary
    created_at: str
    updated_at: str
    signed_at: str | None
    signed_by: str | None


@dataclass(frozen=True)
class AuditRow:
    """One audit entry: who did what to which record, and which fields changed (``[old, new]``)."""

    id: int
    at: str
    user: str
    action: str
    entity: str
    entity_id: int
    changes: dict[str, Any]


def parse_exam_date(value: str | None) -> date | datetime | None:
    """ISO text back to a date (10 characters) or a datetime."""
    if value is None or value == "":
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def patient_from_row(row: dict[str, Any]) -> PatientRecord:
    from ..patient import Patient  # pydantic: loaded with the first patient, not with the store

    patient = Patient(
        mrn=row["mrn"],
        family_name=row["family_name"],
        given_names=row["given_names"] or "",
        birth_date=row["birth_date"],
        sex=row["sex"],
    )
    return PatientRecord(
        id=row["id"],
        version=row["row_version"],
        patient=patient,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def summary_from_row(row: dict[str, Any]) -> ExamSummary:
    return ExamSummary(
        exam_date=parse_exam_date(row["exam_date"]),
        side=row["side"],
        suggested_hb=row["suggested_hb"],
        final_hb=row["final_hb"],
        level=row["level"],
        examiner=row["examiner"],
        red_flags=bool(row["red_flags"]),
        diagnosis=row["diagnosis"],
        impression=row["impression"],
    )


def exam_from_row(row: dict[str, Any]) -> ExamRecord:
    return ExamRecord(
        id=row["id"],
        patient_id=row["patient_id"],
        version=row["row_version"],
        version_no=row["version_no"],
        replaces_id=row["replaces_id"],
        status=row["status"],
        document=json.loads(row["document"]),
        summary=summary_from_row(row),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        signed_at=row["signed_at"],
        signed_by=row["signed_by"],
    )


def audit_from_row(row: dict[str, Any]) -> AuditRow:
    return AuditRow(
        id=row["id"],
        at=row["at"],
        user=row["user"],
        action=row["action"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        changes=json.loads(row["changes"]),
    )
