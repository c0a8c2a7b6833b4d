"""Exam rows: drafts, signing, amendments (new versions), deletion of drafts.

One row per version. A draft is edited in place (optimistically, by ``row_version``); signing
freezes it; an amendment is a new draft row pointing at the signed one (``replaces_id``), and
when that draft is signed the old row becomes ``superseded`` (its content never changes).
Callers hold the write transaction.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..text import MAX_FREE_TEXT, MAX_SHORT_TEXT, clean_text
from . import audit, clock
from . import patients as patient_rows
from .connection import one, rows
from .errors import ConflictError, ExamStateError, NotFoundError, SignedExamError
from .records import ExamRecord, ExamSummary, exam_from_row
from .schema.fts import match_expression

if TYPE_CHECKING:
    from sqlite_utils import Database

ENTITY = "exam"
DRAFT, SIGNED, SUPERSEDED = "draft", "signed", "superseded"

_SHORT_FIELDS = ("side", "suggested_hb", "final_hb", "level", "examiner")
_FREE_FIELDS = ("diagnosis", "impression")
SUMMARY_COLUMNS = ("exam_date", *_SHORT_FIELDS, "red_flags", *_FREE_FIELDS)
_ORDER = "ORDER BY exam_date IS NULL, exam_date, id"


def _text(value: object, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"exam summary field {field} must be text, not {type(value).__name__}")
    cleaned = clean_text(value).strip()
    if len(cleaned) > limit:
        raise ValueError(f"exam summary field {field} is longer than {limit} characters")
    return cleaned or None


def _exam_date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        try:
            parsed: date | datetime = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"exam summary field exam_date is not an ISO date: {value!r}") from exc
        return parsed.isoformat()
    raise TypeError(f"exam summary field exam_date must be a date, not {type(value).__name__}")


def summary_columns(summary: ExamSummary) -> dict[str, Any]:
    """The summary as column values: cleaned text, ISO date, red flags as 0/1."""
    values: dict[str, Any] = {"exam_date": _exam_date(summary.exam_date)}
    for field in _SHORT_FIELDS:
        values[field] = _text(getattr(summary, field), field, MAX_SHORT_TEXT)
    values["red_flags"] = 1 if summary.red_flags else 0
    for field in _FREE_FIELDS:
        values[field] = _text(getattr(summary, field), field, MAX_FREE_TEXT)
    return values


def _document_json(document: dict[str, Any]) -> str:
    if not isinstance(document, dict):
        raise TypeError(f"an exam document must be a dict, not {type(document).__name__}")
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _content(row: dict[str, Any]) -> dict[str, Any]:
    """What the audit compares: patient, summary columns and the parsed document."""
    content = {name: row[name] for name in ("patient_id", *SUMMARY_COLUMNS)}
    content["document"] = json.loads(row["document"])
    return content


def _row(db: Database, exam_id: int) -> dict[str, Any]:
    row = one(db, "SELECT * FROM exams WHERE id = ?", (exam_id,))
    if row is None:
        raise NotFoundError(f"There is no exam with id {exam_id} (it may have been deleted elsewhere).")
    return row


def _require_draft(row: dict[str, Any]) -> None:
    if row["status"] != DRAFT:
        raise SignedExamError(
            f"Exam {row['id']} is {row['status']} and can no longer be changed; amend it to make a new version."
        )


def _require_version(row: dict[str, Any], expected_version: int) -> None:
    if row["row_version"] != expected_version:
        raise ConflictError(
            f"This exam was changed elsewhere (version {row['row_version']}, you had {expected_version}); "
            "nothing was overwritten. Reload to see the latest.",
            current_version=row["row_version"],
            expected_version=expected_version,
        )


def _require_patient(db: Database, patient_id: int) -> None:
    if not patient_rows.exists(db, patient_id):
        raise NotFoundError(f"There is no patient with id {patient_id} (it may have been removed elsewhere).")


def create_draft(
    db: Database, user: str, patient_id: int, document: dict[str, Any], summary: ExamSummary
) -> ExamRecord:
    _require_patient(db, patient_id)
    values = {"patient_id": patient_id, **summary_columns(summary), "document": _document_json(document)}
    now = clock.timestamp()
    names = ", ".join(values)
    marks = ", ".join(f":{n}" for n in values)
    cursor = db.conn.execute(
        f"INSERT INTO exams ({names}, version_no, replaces_id, status, row_version, created_at, updated_at)"
        f" VALUES ({marks}, 1, NULL, 'draft', 1, :now, :now)",
        {**values, "now": now},
    )
    exam_id = cursor.lastrowid
    assert exam_id is not None
    changes = audit.diff({}, {**values, "document": document, "status": DRAFT, "version_no": 1})
    audit.record(db, user=user, action="create_draft", entity=ENTITY, entity_id=exam_id, changes=changes)
    return get(db, exam_id)


def _write_content(
    db: Database, row: dict[str, Any], values: dict[str, Any], extra: dict[str, Any]
) -> None:
    """Update content and bookkeeping of one exam row, bumping its row version.

    Only the columns whose value changes are set, so an autosave that changed one answer rewrites
    the document and leaves the search indexes alone (their triggers fire on the columns set).
    """
    changed = {name: value for name, value in values.items() if row[name] != value or type(row[name]) is not type(value)}
    assignments = {**changed, **extra, "updated_at": clock.timestamp()}
    sets = ", ".join(f"{name} = :{name}" for name in assignments)
    cursor = db.conn.execute(
        f"UPDATE exams SET {sets}, row_version = row_version + 1 WHERE id = :id AND row_version = :expected",
        {**assignments, "id": row["id"], "expected": row["row_version"]},
    )
    if cursor.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE; refuse rather than guess
        _require_version(_row(db, row["id"]), row["row_version"])


def update_draft(
    db: Database,
    user: str,
    exam_id: int,
    patient_id: int,
    document: dict[str, Any],
    summary: ExamSummary,
    expected_version: int,
) -> ExamRecord:
    row = _row(db, exam_id)
    _require_draft(row)
    _require_version(row, expected_version)
    if patient_id != row["patient_id"]:
        _require_patient(db, patient_id)
    values = {"patient_id": patient_id, **summary_columns(summary), "document": _document_json(document)}
    changes = audit.diff(_content(row), {**values, "document": document})
    if not changes:
        return exam_from_row(row)  # autosave with nothing new: no write, no audit row
    _write_content(db, row, values, {})
    audit.record(db, user=user, action="update_draft", entity=ENTITY, entity_id=exam_id, changes=changes)
    return get(db, exam_id)


def sign(
    db: Database,
    user: str,
    exam_id: int,
    expected_version: int,
    signed_by: str | None,
    document: dict[str, Any] | None,
    summary: ExamSummary | None,
) -> ExamRecord:
    row = _row(db, exam_id)
    _require_draft(row)
    _require_version(row, expected_version)
    old = _content(row)
    values: dict[str, Any] = {}
    new = dict(old)
    if summary is not None:
        values.update(summary_columns(summary))
        new.update(summary_columns(summary))
    if document is not None:
        values["document"] = _document_json(document)
        new["document"] = document
    signer = _text(signed_by if signed_by is not None else user, "signed_by", MAX_SHORT_TEXT) or user
    now = clock.timestamp()
    replaced = _row(db, row["replaces_id"]) if row["replaces_id"] is not None else None
    if replaced is not None and replaced["status"] != SIGNED:
        raise ConflictError(
            f"Exam {replaced['id']}, which this amendment replaces, was already superseded elsewhere; "
            "nothing was signed. Reload to see the latest."
        )
    _write_content(db, row, values, {"status": SIGNED, "signed_at": now, "signed_by": signer})
    changes = audit.diff(old, new)
    changes.update({"status": [DRAFT, SIGNED], "signed_at": [None, now], "signed_by": [None, signer]})
    audit.record(db, user=user, action="sign", entity=ENTITY, entity_id=exam_id, changes=changes)
    if replaced is not None:
        db.conn.execute(
            "UPDATE exams SET status = 'superseded', updated_at = ?, row_version = row_version + 1 WHERE id = ?",
            (now, replaced["id"]),
        )
        audit.record(
            db,
            user=user,
            action="supersede",
            entity=ENTITY,
            entity_id=replaced["id"],
            changes={"status": [SIGNED, SUPERSEDED], "superseded_by": [None, exam_id]},
        )
    return get(db, exam_id)


#: Where an exam document carries its signature (``Review.signed_by``/``signed_at`` in
#: core/exam/models.py): only a signed exam may carry them, since an exported draft that has them
#: is imported as a signed exam. An amendment draft therefore starts with them cleared.
SIGNATURE_FIELDS: tuple[tuple[str, str], ...] = (("review", "signed_by"), ("review", "signed_at"))


def unsigned_document(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` without its signature (the fields set to None where present).

    The store keeps documents as given, so only a ``review`` object is looked into; a document
    without one (or without a signature) comes back equal to the original.
    """
    cleared = dict(document)
    for section, field in SIGNATURE_FIELDS:
        part = cleared.get(section)
        if isinstance(part, dict) and part.get(field) is not None:
            cleared[section] = part = dict(part)
            part[field] = None
    return cleared


def _clear_pending_signature(db: Database, user: str, pending: dict[str, Any]) -> dict[str, Any]:
    """An open amendment made before amendments cleared their signature may still carry it:
    clear it now, audited like an edit of the draft, so it can never be exported as signed."""
    document = json.loads(pending["document"])
    cleared = unsigned_document(document)
    changes = audit.diff({"document": document}, {"document": cleared})
    if not changes:
        return pending
    _write_content(db, pending, {"document": _document_json(cleared)}, {})
    audit.record(db, user=user, action="update_draft", entity=ENTITY, entity_id=pending["id"], changes=changes)
    return _row(db, pending["id"])


def amend(db: Database, user: str, exam_id: int) -> ExamRecord:
    """Open a new draft version of a signed exam, its document copied without the signature.

    Clearing the signature here, in the transaction that creates the draft, means no draft ever
    carries one: not after a crash before the wizard's first autosave, nor when amended via CLI/API.
    """
    row = _row(db, exam_id)
    if row["status"] == DRAFT:
        raise ExamStateError(f"Exam {exam_id} is a draft; edit it directly instead of amending it.")
    if row["status"] == SUPERSEDED:
        newer = one(db, "SELECT id FROM exams WHERE replaces_id = ? AND status <> 'draft'", (exam_id,))
        newer_text = f" by exam {newer['id']}" if newer else ""
        raise ConflictError(
            f"Exam {exam_id} has been superseded{newer_text}; open the latest version to amend it."
        )
    pending = one(db, "SELECT * FROM exams WHERE replaces_id = ? AND status = 'draft' ORDER BY id LIMIT 1", (exam_id,))
    if pending is not None:  # an amendment is already open: continue that one
        return exam_from_row(_clear_pending_signature(db, user, pending))
    document = json.loads(row["document"])
    cleared = unsigned_document(document)
    values = {name: row[name] for name in ("patient_id", *SUMMARY_COLUMNS)}
    values["document"] = _document_json(cleared) if cleared != document else row["document"]
    now = clock.timestamp()
    names = ", ".join(values)
    marks = ", ".join(f":{n}" for n in values)
    version_no = row["version_no"] + 1
    cursor = db.conn.execute(
        f"INSERT INTO exams ({names}, version_no, replaces_id, status, row_version, created_at, updated_at)"
        f" VALUES ({marks}, :version_no, :replaces_id, 'draft', 1, :now, :now)",
        {**values, "version_no": version_no, "replaces_id": exam_id, "now": now},
    )
    new_id = cursor.lastrowid
    assert new_id is not None
    changes = {"status": [None, DRAFT], "version_no": [None, version_no], "replaces_id": [None, exam_id]}
    changes.update(audit.diff({"document": document}, {"document": cleared}))  # the signature left behind
    audit.record(db, user=user, action="amend", entity=ENTITY, entity_id=new_id, changes=changes)
    return get(db, new_id)


def delete_draft(db: Database, user: str, exam_id: int, expected_version: int | None) -> None:
    row = _row(db, exam_id)
    _require_draft(row)
    if expected_version is not None:
        _require_version(row, expected_version)
    db.conn.execute("DELETE FROM exams WHERE id = ?", (exam_id,))
    changes = audit.diff({**_content(row), "status": DRAFT, "replaces_id": row["replaces_id"]}, {})
    audit.record(db, user=user, action="delete_draft", entity=ENTITY, entity_id=exam_id, changes=changes)


def get(db: Database, exam_id: int) -> ExamRecord:
    return exam_from_row(_row(db, exam_id))


def for_patient(db: Database, patient_id: int) -> list[ExamRecord]:
    """Every version of every exam of the patient, by exam date (undated drafts last), then id."""
    _require_patient(db, patient_id)
    return [exam_from_row(r) for r in rows(db, f"SELECT * FROM exams WHERE patient_id = ? {_ORDER}", (patient_id,))]


def search(db: Database, query: str, limit: int | None = 200) -> list[ExamRecord]:
    """Prefix search over diagnosis and impression; an empty query lists every exam."""
    match = match_expression(query)
    limit_sql = " LIMIT ?" if limit is not None else ""
    params: list[Any] = []
    if match is None:
        sql = f"SELECT * FROM exams {_ORDER}{limit_sql}"
    else:
        sql = (
            "SELECT * FROM exams WHERE id IN (SELECT rowid FROM exams_fts WHERE exams_fts MATCH ?) "
            f"{_ORDER}{limit_sql}"
        )
        params.append(match)
    if limit is not None:
        params.append(limit)
    return [exam_from_row(r) for r in rows(db, sql, params)]
