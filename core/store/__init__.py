"""The case store: patients, exams with versions and signatures, audit trail, backups (SQLite).

Use :meth:`Store.open`; every error it raises is a :class:`StoreError` whose message can be
shown to the user as it is.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    ConflictError,
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    DuplicateMRNError,
    ExamStateError,
    InvalidPatientError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    SignedExamError,
    StoreError,
)
from .store import Store

if TYPE_CHECKING:
    from .records import AuditRow, ExamRecord, ExamSummary, PatientRecord

#: The record classes load with their module when first asked for (opening a store and counting
#: its patients, all the application's first window needs, does without them).
_RECORDS = frozenset({"AuditRow", "ExamRecord", "ExamSummary", "PatientRecord"})


def __getattr__(name: str) -> Any:
    if name in _RECORDS:
        from . import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AuditRow",
    "ConflictError",
    "CorruptDatabaseError",
    "DatabaseLockedError",
    "DiskFullError",
    "DuplicateMRNError",
    "InvalidPatientError",
    "ExamRecord",
    "ExamStateError",
    "ExamSummary",
    "NotADatabaseError",
    "NotFoundError",
    "PatientRecord",
    "ReadOnlyDatabaseError",
    "SchemaTooNewError",
    "SignedExamError",
    "Store",
    "StoreError",
]
