"""The case store: patients, exams with versions and signatures, audit trail, backups (SQLite).

Use :meth:`Store.open`; every error it raises is a :class:`StoreError` whose message can be
shown to the user as it is.
"""
from __future__ import annotations

from .errors import (
    ConflictError,
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    DuplicateMRNError,
    ExamStateError,
    NotADatabaseError,
    NotFoundError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    SignedExamError,
    StoreError,
)
from .records import AuditRow, ExamRecord, ExamSummary, PatientRecord
from .store import Store

__all__ = [
    "AuditRow",
    "ConflictError",
    "CorruptDatabaseError",
    "DatabaseLockedError",
    "DiskFullError",
    "DuplicateMRNError",
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
