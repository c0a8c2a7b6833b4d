"""The case store: one object over one database file, the only way the app reads and writes records.

Every write method is one transaction, committed before it returns ("saved" means on disk),
with its audit row inside the same transaction. Methods may be called from any thread; they
are serialised by a lock.
"""
from __future__ import annotations

import getpass
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlite_utils import Database

from .. import paths
from ..patient import Patient
from . import audit, exams, imports, patients
from . import backup as backups
from .connection import configure, connect, prepare_file, translated, verify, write_transaction
from .errors import StoreError
from .migrations import SCHEMA_VERSION, apply_migrations, pending_names, unknown_applied
from .records import AuditRow, ExamRecord, ExamSummary, PatientRecord

log = logging.getLogger(__name__)


def _default_user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001 - no login name available (e.g. no passwd entry)
        return "unknown"


class Store:
    """Patients, exams (with versions), the audit trail and backups in one SQLite file."""

    SCHEMA_VERSION: int = SCHEMA_VERSION

    def __init__(self, db: Database, path: Path, user: str) -> None:
        """Use :meth:`open`; this only wraps an already checked and migrated connection."""
        self._db = db
        self.path = path
        self.user = user
        #: Why the automatic backup at open failed (the store still works), else None.
        self.backup_error: str | None = None
        self._lock = threading.RLock()
        self._closed = False

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, user: str | None = None, backup: bool = True
    ) -> Store:
        """Open (creating if missing) and upgrade the database; refuse unsafe files untouched.

        ``path`` None means :func:`facialis.core.paths.default_db_path`. ``backup=False`` skips
        the daily backup (tests, benchmarks).
        """
        db_path = Path(path).expanduser() if path is not None else paths.default_db_path()
        db_path = db_path.absolute()
        header = prepare_file(db_path, SCHEMA_VERSION)
        with translated(db_path):
            db = connect(db_path)
        try:
            verify(db, db_path, header, SCHEMA_VERSION, unknown_applied)
            configure(db, db_path)
            store = cls(db, db_path, user or _default_user())
            store._upgrade(backup)
        except BaseException:
            db.close()
            raise
        return store

    def _upgrade(self, backup: bool) -> None:
        """Back up before a schema change, migrate, then take the daily backup if due."""
        with translated(self.path):
            pending = pending_names(self._db)
            has_data = bool(self._db.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        if backup and pending and has_data:
            self._try_backup(force=True)
        if pending:
            try:
                with translated(self.path):
                    apply_migrations(self._db)
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(
                    f"Upgrading the database {self.path} to schema {SCHEMA_VERSION} failed and was undone, "
                    f"so the file is as it was ({exc}).",
                    path=self.path,
                ) from exc
        if backup:
            self._try_backup(force=False)

    def _try_backup(self, *, force: bool) -> None:
        """A failed backup is reported (``backup_error``), never a reason to refuse the records."""
        try:
            backups.backup_if_due(self._db.conn, self.path, force=force)
        except (OSError, sqlite3.Error) as exc:
            self.backup_error = f"The automatic backup of {self.path} failed: {exc}."
            log.warning(self.backup_error)

    def backup_now(self) -> Path:
        """Write today's backup now (replacing an earlier one from today) and rotate."""
        with self._lock, translated(self.path):
            made = backups.backup_if_due(self._db.conn, self.path, force=True)
        assert made is not None
        return made

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def db(self) -> Database:
        """The sqlite-utils database, for read-side queries (the case browser). Never write through it.

        It shares the store's connection: query it from the thread that uses the store (or open
        a separate read connection for a worker thread).
        """
        return self._db

    def schema_version(self) -> int:
        with self._read():
            return int(self._db.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _read(self) -> Iterator[Database]:
        with self._lock, translated(self.path):
            self._check_open()
            yield self._db

    @contextmanager
    def _write(self) -> Iterator[Database]:
        with self._lock:
            self._check_open()
            with write_transaction(self._db, self.path) as db:
                yield db

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"The database {self.path} has been closed.", path=self.path)

    # -- patients --------------------------------------------------------------------------

    def add_patient(self, patient: Patient) -> PatientRecord:
        with self._write() as db:
            return patients.add(db, self.user, patient)

    def update_patient(self, patient_id: int, patient: Patient, expected_version: int) -> PatientRecord:
        with self._write() as db:
            return patients.update(db, self.user, patient_id, patient, expected_version)

    def get_patient(self, patient_id: int) -> PatientRecord:
        with self._read() as db:
            return patients.get(db, patient_id)

    def find_patient_by_mrn(self, mrn: str) -> PatientRecord | None:
        with self._read() as db:
            return patients.find_by_mrn(db, mrn)

    def search_patients(self, query: str, limit: int | None = 200) -> list[PatientRecord]:
        with self._read() as db:
            return patients.search(db, query, limit)

    def count_patients(self) -> int:
        with self._read() as db:
            return patients.count(db)

    # -- exams -----------------------------------------------------------------------------

    def save_draft(
        self,
        patient_id: int,
        document: dict[str, Any],
        summary: ExamSummary,
        *,
        exam_id: int | None = None,
        expected_version: int | None = None,
    ) -> ExamRecord:
        """A new draft (``exam_id`` None) or an update of one, refused if it changed meanwhile.

        An update whose document and summary equal the stored ones writes nothing (autosave).
        A draft may be moved to another patient by passing that patient's id.
        """
        if exam_id is not None and expected_version is None:
            raise ValueError("expected_version is required to update a draft")
        with self._write() as db:
            if exam_id is None:
                return exams.create_draft(db, self.user, patient_id, document, summary)
            assert expected_version is not None
            return exams.update_draft(db, self.user, exam_id, patient_id, document, summary, expected_version)

    def sign_exam(
        self,
        exam_id: int,
        expected_version: int,
        *,
        signed_by: str | None = None,
        document: dict[str, Any] | None = None,
        summary: ExamSummary | None = None,
    ) -> ExamRecord:
        """Sign a draft (with its final document/summary, if given); afterwards it never changes."""
        with self._write() as db:
            return exams.sign(db, self.user, exam_id, expected_version, signed_by, document, summary)

    def amend_exam(self, exam_id: int) -> ExamRecord:
        """Open a new draft version of a signed exam (or return the amendment already open)."""
        with self._write() as db:
            return exams.amend(db, self.user, exam_id)

    def get_exam(self, exam_id: int) -> ExamRecord:
        with self._read() as db:
            return exams.get(db, exam_id)

    def exams_for_patient(self, patient_id: int) -> list[ExamRecord]:
        with self._read() as db:
            return exams.for_patient(db, patient_id)

    def search_exams(self, query: str, limit: int | None = 200) -> list[ExamRecord]:
        with self._read() as db:
            return exams.search(db, query, limit)

    def delete_draft(self, exam_id: int, expected_version: int | None = None) -> None:
        with self._write() as db:
            exams.delete_draft(db, self.user, exam_id, expected_version)

    def exams_with_uid(self, uid: str) -> list[ExamRecord]:
        """Every stored version of the exam with this uid (the identity an exam file carries)."""
        with self._read() as db:
            return imports.exams_with_uid(db, uid)

    def import_exam(
        self,
        patient: Patient,
        document: dict[str, Any],
        summary: ExamSummary,
        *,
        signed_by: str | None = None,
        signed_at: datetime | None = None,
        source: str = "",
    ) -> tuple[ExamRecord, PatientRecord, bool]:
        """Add an exam from a file, with its patient when the MRN is new, in one transaction.

        Signed when ``signed_by`` or ``signed_at`` is given (the signature the file carries).
        Returns the exam, the patient and whether the patient was created.
        """
        with self._write() as db:
            return imports.import_exam(
                db, self.user, patient, document, summary, signed_by=signed_by, signed_at=signed_at, source=source
            )

    # -- audit -----------------------------------------------------------------------------

    def audit_log(self, entity: str | None = None, entity_id: int | None = None) -> list[AuditRow]:
        with self._read() as db:
            return audit.read(db, entity, entity_id)
