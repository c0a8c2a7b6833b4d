"""The case store: one object over one database file, the only way the app reads and writes records.

Every write method is one transaction, committed before it returns ("saved" means on disk),
with its audit row inside the same transaction. Methods may be called from any thread; they
are serialised by a lock.
"""
from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .checks import DeferredChecks
from .connection import (
    Connection,
    as_database,
    check_integrity,
    configure,
    connect,
    prepare_file,
    translated,
    verify,
    write_transaction,
)
from .errors import StoreError
from .migrations import SCHEMA_VERSION, apply_migrations, pending_names, unknown_applied

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..patient import Patient
    from .records import AuditRow, ExamRecord, ExamSummary, PatientRecord

# The modules that read and write rows (audit, exams, imports, patients), the records they return
# and the backup code are imported where first used: opening a store and counting its patients,
# all the application's first window needs from it, do without them (a few milliseconds).

log = logging.getLogger(__name__)


def _default_user() -> str:
    import getpass

    try:
        return getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001 - no login name available (e.g. no passwd entry)
        return "unknown"


class Store:
    """Patients, exams (with versions), the audit trail and backups in one SQLite file."""

    SCHEMA_VERSION: int = SCHEMA_VERSION

    def __init__(self, db: Connection, path: Path, user: str | None) -> None:
        """Use :meth:`open`; this only wraps an already checked and migrated connection.
        ``user`` None: the login name, looked up when first needed."""
        self._conn = db
        self._database: Database | None = None
        self.path = path
        self._user = user
        #: Why the automatic backup at open failed (the store still works), else None.
        self.backup_error: str | None = None
        self._lock = threading.RLock()
        self._closed = False
        #: The integrity check and daily backup left for later by ``open(defer_checks=True)``.
        self._checks: DeferredChecks | None = None

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        user: str | None = None,
        backup: bool = True,
        defer_checks: bool = False,
    ) -> Store:
        """Open (creating if missing) and upgrade the database; refuse unsafe files untouched.

        ``path`` None means :func:`facialis.core.paths.default_db_path`. ``backup=False`` skips
        the daily backup (tests, benchmarks).

        ``defer_checks=True`` (the application at start-up) leaves the two steps that read the
        whole file, the integrity check of every page (``PRAGMA quick_check``, about 0.6 s per GB)
        and the daily backup, for :meth:`start_checks`, which runs them on a connection of their
        own in a background thread, so the window can show first. Everything else is checked here
        as always (a foreign, newer, read-only or visibly damaged file is refused at once). Until
        the integrity check has passed, reading works and every write waits for it; if it fails,
        every write is refused with the same CorruptDatabaseError, so nothing is ever written to
        a damaged file. A file that opening would change (a migration is due, or it is not in WAL
        mode yet) is checked here first, whatever is asked.
        """
        if path is None:
            from ..paths import default_db_path

            path = default_db_path()
        db_path = Path(path).expanduser()
        db_path = db_path.absolute()
        header = prepare_file(db_path, SCHEMA_VERSION)
        with translated(db_path):
            db = connect(db_path)
        try:
            verify(db, db_path, header, SCHEMA_VERSION, unknown_applied, integrity=False)
            with translated(db_path):
                pending = pending_names(db)
            # Deferred only when opening writes nothing: no migration, and already in WAL mode
            # (configure() would otherwise rewrite the header before the check).
            deferred = defer_checks and not pending and header is not None and header.wal
            if not deferred:
                check_integrity(db.conn, db_path)
            configure(db, db_path)
            store = cls(db, db_path, user or None)
            store._upgrade(pending, backup and not deferred)
            if deferred:
                store._checks = DeferredChecks(db_path, backup=backup)
        except BaseException:
            db.close()
            raise
        return store

    @property
    def user(self) -> str:
        """Who the audit trail names for this store's changes (the login name unless given)."""
        if self._user is None:
            self._user = _default_user()
        return self._user

    def _upgrade(self, pending: list[str], backup: bool) -> None:
        """Back up before a schema change, migrate, then take the daily backup if due."""
        if pending:
            with translated(self.path):
                has_data = bool(self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
            if backup and has_data:
                self._try_backup(force=True)
            try:
                with translated(self.path):
                    apply_migrations(as_database(self._conn.conn))
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
        from . import backup as backups

        try:
            backups.backup_if_due(self._conn.conn, self.path, force=force)
        except (OSError, sqlite3.Error) as exc:
            self.backup_error = f"The automatic backup of {self.path} failed: {exc}."
            log.warning(self.backup_error)

    # -- the checks left for later (open with defer_checks=True) ------------------------------

    @property
    def checks_pending(self) -> bool:
        """True while the deferred integrity check has not finished (or not started)."""
        return self._checks is not None and not self._checks.done

    def start_checks(self, done: Callable[[StoreError | None, str | None], object] | None = None) -> None:
        """Start the deferred integrity check (then the daily backup) in a background thread.

        ``done(error, backup_error)`` is called once they are over, from that thread (or at once,
        from this one, when there is nothing left to do): ``error`` is the StoreError that now
        refuses every write (the file is damaged), ``backup_error`` why the backup failed; both
        None when all is well. Calling it again only adds ``done``.
        """
        checks = self._checks
        if checks is None:
            if done is not None:
                done(None, self.backup_error)
            return
        checks.start(done)

    def checks_result(self) -> tuple[StoreError | None, str | None] | None:
        """``(error, backup_error)`` once the deferred checks are over (as ``start_checks``'s
        ``done`` gets them); None while they are pending. For callers that poll (the GUI: a
        PySide6 signal must not be emitted from the checking thread)."""
        checks = self._checks
        if checks is None:
            return None if self.checks_pending else (None, self.backup_error)
        if not checks.done:
            return None
        return checks.error, checks.backup_error or self.backup_error

    def wait_for_checks(self) -> None:
        """Run the deferred checks now if they have not started, wait for them, and raise their
        StoreError if the file is damaged (what every write does first)."""
        checks = self._checks
        if checks is None:
            return
        checks.start()
        checks.wait()
        if checks.backup_error and not self.backup_error:
            self.backup_error = checks.backup_error
        if checks.error is not None:
            raise checks.refusal()
        self._checks = None  # passed: writes go ahead without asking again

    # -- backups and closing ---------------------------------------------------------------

    def backup_now(self) -> Path:
        """Write today's backup now (replacing an earlier one from today) and rotate."""
        from . import backup as backups

        with self._lock:
            self.wait_for_checks()
            with translated(self.path):
                made = backups.backup_if_due(self._conn.conn, self.path, force=True)
        assert made is not None
        return made

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                if self._checks is not None:
                    self._checks.stop()
                self._conn.close()

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
        if self._database is None:
            self._database = as_database(self._conn.conn)
        return self._database

    def schema_version(self) -> int:
        with self._read():
            return int(self._conn.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._lock, translated(self.path):
            self._check_open()
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._lock:
            self._check_open()
            if self._checks is not None:
                self.wait_for_checks()  # never write before the file is known to be sound
            with write_transaction(self._conn, self.path) as db:
                yield db

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"The database {self.path} has been closed.", path=self.path)

    # -- patients --------------------------------------------------------------------------

    def add_patient(self, patient: Patient) -> PatientRecord:
        from . import patients

        with self._write() as db:
            return patients.add(db, self.user, patient)

    def update_patient(self, patient_id: int, patient: Patient, expected_version: int) -> PatientRecord:
        from . import patients

        with self._write() as db:
            return patients.update(db, self.user, patient_id, patient, expected_version)

    def get_patient(self, patient_id: int) -> PatientRecord:
        from . import patients

        with self._read() as db:
            return patients.get(db, patient_id)

    def find_patient_by_mrn(self, mrn: str) -> PatientRecord | None:
        from . import patients

        with self._read() as db:
            return patients.find_by_mrn(db, mrn)

    def search_patients(self, query: str, limit: int | None = 200) -> list[PatientRecord]:
        from . import patients

        with self._read() as db:
            return patients.search(db, query, limit)

    def count_patients(self) -> int:
        with self._read() as db:
            return int(db.conn.execute("SELECT count(*) FROM patients").fetchone()[0])

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
        from . import exams

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
        from . import exams

        with self._write() as db:
            return exams.sign(db, self.user, exam_id, expected_version, signed_by, document, summary)

    def amend_exam(self, exam_id: int) -> ExamRecord:
        """Open a new draft version of a signed exam (or return the amendment already open)."""
        from . import exams

        with self._write() as db:
            return exams.amend(db, self.user, exam_id)

    def get_exam(self, exam_id: int) -> ExamRecord:
        from . import exams

        with self._read() as db:
            return exams.get(db, exam_id)

    def exams_for_patient(self, patient_id: int) -> list[ExamRecord]:
        from . import exams

        with self._read() as db:
            return exams.for_patient(db, patient_id)

    def search_exams(self, query: str, limit: int | None = 200) -> list[ExamRecord]:
        from . import exams

        with self._read() as db:
            return exams.search(db, query, limit)

    def delete_draft(self, exam_id: int, expected_version: int | None = None) -> None:
        from . import exams

        with self._write() as db:
            exams.delete_draft(db, self.user, exam_id, expected_version)

    def exams_with_uid(self, uid: str) -> list[ExamRecord]:
        """Every stored version of the exam with this uid (the identity an exam file carries)."""
        from . import imports

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
        from . import imports

        with self._write() as db:
            return imports.import_exam(
                db, self.user, patient, document, summary, signed_by=signed_by, signed_at=signed_at, source=source
            )

    # -- audit -----------------------------------------------------------------------------

    def audit_log(self, entity: str | None = None, entity_id: int | None = None) -> list[AuditRow]:
        from . import audit

        with self._read() as db:
            return audit.read(db, entity, entity_id)
