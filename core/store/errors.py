"""Errors the store raises: one class per thing a clinician can act on, each with a plain message.

Raw ``sqlite3`` errors never leave the store; :func:`translate` turns them into these, so the GUI
can show ``str(error)`` as it is.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """Base class; ``message`` is user-facing and ``str(error) == message``."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class SchemaTooNewError(StoreError):
    """The file was written by a newer Facialis; it is left untouched."""


class NotADatabaseError(StoreError):
    """The file is not an SQLite database, or not a Facialis one."""


class CorruptDatabaseError(StoreError):
    """The file is an SQLite database but damaged."""


class DatabaseLockedError(StoreError):
    """Another program holds a lock on the database for longer than the busy timeout."""


class ReadOnlyDatabaseError(StoreError):
    """The database (or its folder) cannot be written; the store refuses to open it."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full; the transaction was rolled back."""


class ConflictError(StoreError):
    """Optimistic concurrency: the row changed since the caller read it; nothing was written."""

    def __init__(
        self,
        message: str,
        *,
        current_version: int | None = None,
        expected_version: int | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.current_version = current_version
        self.expected_version = expected_version


class DuplicateMRNError(StoreError):
    """Another patient already has this medical record number."""


class InvalidPatientError(StoreError):
    """A patient change that the stored exams contradict (a date of birth after an exam)."""


class NotFoundError(StoreError):
    """No patient or exam with this id."""


class ExamStateError(StoreError):
    """The exam is in the wrong state for the operation (e.g. amending a draft)."""


class SignedExamError(ExamStateError):
    """A signed exam never changes: amend it instead."""


# Primary SQLite result codes (https://www.sqlite.org/rescode.html).
_SQLITE_CORRUPT = 11
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_CONSTRAINT = 19
_SQLITE_NOTADB = 26


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def not_a_database(path: Path) -> NotADatabaseError:
    return NotADatabaseError(f"{path} is not a Facialis database file.", path=path)


def corrupt(path: Path) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        f"The database {path} is damaged and cannot be used safely; restore the latest backup "
        f"from {_backup_dir(path)}.",
        path=path,
    )


def locked(path: Path) -> DatabaseLockedError:
    return DatabaseLockedError(
        f"The database {path} is locked by another program; close that program or try again in a moment.",
        path=path,
    )


def read_only(path: Path, what: str = "file") -> ReadOnlyDatabaseError:
    return ReadOnlyDatabaseError(
        f"The database {what} {path} is read-only, so Facialis cannot save to it; check its permissions.",
        path=path,
    )


def disk_full(path: Path) -> DiskFullError:
    return DiskFullError(
        f"The disk holding the database {path} is full; nothing was saved, free some space and try again.",
        path=path,
    )


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """Map an ``sqlite3`` error to the StoreError a user can act on (never loses the cause)."""
    code = _primary_code(exc)
    text = str(exc).lower()
    error: StoreError
    if code == _SQLITE_NOTADB or "file is not a database" in text:
        error = not_a_database(path)
    elif code == _SQLITE_CORRUPT or "malformed" in text:
        error = corrupt(path)
    elif code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        error = locked(path)
    elif code == _SQLITE_READONLY or "readonly database" in text:
        error = read_only(path)
    elif code == _SQLITE_FULL or "database or disk is full" in text:
        error = disk_full(path)
    elif code == _SQLITE_CONSTRAINT and "signed exams" in text:
        error = SignedExamError(
            "A signed exam cannot be changed or deleted; amend it to make a new version.", path=path
        )
    elif code == _SQLITE_CANTOPEN:
        error = StoreError(
            f"Facialis cannot open the database {path}; check that the file and its folder exist and are accessible.",
            path=path,
        )
    elif code == _SQLITE_IOERR:
        error = StoreError(
            f"Reading or writing the database {path} failed (disk input/output error); nothing was saved.",
            path=path,
        )
    else:
        error = StoreError(f"The database {path} reported an error: {exc}.", path=path)
    error.__cause__ = exc
    return error


def _backup_dir(path: Path) -> Path:
    from ..paths import backup_dir  # platformdirs: not needed to open a database

    return backup_dir(path)
