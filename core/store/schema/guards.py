"""Triggers that enforce the record rules inside SQLite itself, whatever code writes the file.

- A signed (or superseded) exam never changes; the only allowed update is status
  ``signed`` -> ``superseded`` when its amendment is signed. It is never deleted.
- The audit table is append-only.

``Table.transform()`` drops a table's triggers: call :func:`install_exam_guards` after
transforming ``exams``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from sqlite_utils import Database

#: Exam columns frozen once signed (everything except status, updated_at and row_version).
FROZEN_EXAM_COLUMNS: tuple[str, ...] = (
    "patient_id", "version_no", "replaces_id", "document", "exam_date", "side", "suggested_hb",
    "final_hb", "level", "examiner", "red_flags", "diagnosis", "impression", "created_at",
    "signed_at", "signed_by",
)

SIGNED_IMMUTABLE_MESSAGE = "signed exams are immutable"
SIGNED_UNDELETABLE_MESSAGE = "signed exams cannot be deleted"
AUDIT_APPEND_ONLY_MESSAGE = "audit rows are append-only"


def install_exam_guards(db: Database) -> None:
    """(Re)create the triggers that keep signed exams unchanged and undeleted."""
    changed = " OR ".join(f"new.{c} IS NOT old.{c}" for c in FROZEN_EXAM_COLUMNS)
    db.execute("DROP TRIGGER IF EXISTS exams_signed_immutable")
    db.execute("DROP TRIGGER IF EXISTS exams_signed_undeletable")
    db.execute(
        "CREATE TRIGGER exams_signed_immutable BEFORE UPDATE ON exams "
        "WHEN old.status <> 'draft' AND ("
        f"{changed} OR NOT (new.status = old.status "
        "OR (old.status = 'signed' AND new.status = 'superseded'))) "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED_IMMUTABLE_MESSAGE}'); END"
    )
    db.execute(
        "CREATE TRIGGER exams_signed_undeletable BEFORE DELETE ON exams "
        "WHEN old.status <> 'draft' "
        f"BEGIN SELECT RAISE(ABORT, '{SIGNED_UNDELETABLE_MESSAGE}'); END"
    )


def install_audit_guards(db: Database) -> None:
    """(Re)create the triggers that refuse updates and deletes of audit rows."""
    for event in ("UPDATE", "DELETE"):
        name = f"audit_no_{event.lower()}"
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON audit "
            f"BEGIN SELECT RAISE(ABORT, '{AUDIT_APPEND_ONLY_MESSAGE}'); END"
        )
