"""Numbered schema migrations (sqlite-migrate), and the schema version they leave behind.

Each migration runs in its own transaction together with the record of it having been applied,
checks foreign keys before committing, and sets ``PRAGMA user_version`` to its number. The
version lives in the file header, so a database from a newer Facialis can be recognised by
reading 4 bytes, before SQLite opens (and could change) anything.

Rules for new migrations: append, never edit or reorder an applied one; after any
``table.transform()`` call :func:`facialis.core.store.schema.reinstall_triggers` for that table
(transform rebuilds the table and drops its triggers).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .schema import reinstall_triggers
from .schema.exam_search import EXAM_UID_SQL, create_exam_search, drop_exam_search
from .schema.fts import ALL_FTS, create_fts
from .schema.guards import install_audit_guards, install_exam_guards

if TYPE_CHECKING:
    from sqlite_migrate import Migrations
    from sqlite_utils import Database

MIGRATION_SET = "facialis"
#: The table sqlite-migrate records applied migrations in.
MIGRATIONS_TABLE = "_sqlite_migrations"
#: Names of the migrations this code knows, in order; migration N sets user_version N.
MIGRATION_NAMES: list[str] = []

MigrationFn = Callable[["Database"], None]
#: The migrations in order, as registered (sqlite-migrate's set is built from them when needed,
#: so opening an up-to-date database does not import sqlite-utils).
_REGISTERED: list[tuple[str, MigrationFn]] = []
_migration_set: Migrations | None = None


class ForeignKeyViolation(Exception):
    """A migration left rows pointing at nothing; it is rolled back."""


def numbered(name: str) -> Callable[[MigrationFn], MigrationFn]:
    """Register the next migration as ``NNNN_name``; it records its number in user_version."""
    number = len(MIGRATION_NAMES) + 1
    full_name = f"{number:04d}_{name}"

    def decorate(fn: MigrationFn) -> MigrationFn:
        @functools.wraps(fn)
        def run(db: Database) -> None:
            fn(db)
            violations = db.execute("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise ForeignKeyViolation(f"migration {full_name} broke foreign keys: {violations[:5]}")
            db.execute(f"PRAGMA user_version = {number}")

        _REGISTERED.append((full_name, run))
        MIGRATION_NAMES.append(full_name)
        return fn

    return decorate


def _migrations() -> Migrations:
    """sqlite-migrate's migration set with every registered migration (built once)."""
    global _migration_set
    if _migration_set is None:
        from sqlite_migrate import Migrations

        made = Migrations(MIGRATION_SET)
        for name, run in _REGISTERED:
            made(name=name)(run)
        _migration_set = made
    return _migration_set


def __getattr__(name: str) -> Any:
    if name == "migration":  # the sqlite-migrate set, for callers (and tests) that use it directly
        return _migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@numbered("initial_schema")
def initial_schema(db: Database) -> None:
    """Patients, exams (one row per version), the audit trail, indexes and search."""
    db.execute(
        """
        CREATE TABLE patients (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mrn TEXT NOT NULL UNIQUE COLLATE NOCASE,
            family_name TEXT NOT NULL,
            given_names TEXT NOT NULL DEFAULT '',
            birth_date TEXT,
            sex TEXT NOT NULL DEFAULT 'unknown',
            row_version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_patients_name ON patients "
        "(family_name COLLATE NOCASE, given_names COLLATE NOCASE)"
    )
    # Constraints on the bookkeeping columns come in migration 2.
    db.execute(
        """
        CREATE TABLE exams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            patient_id INTEGER NOT NULL REFERENCES patients(id),
            version_no INTEGER,
            replaces_id INTEGER REFERENCES exams(id),
            status TEXT CHECK (status IN ('draft', 'signed', 'superseded')),
            document TEXT,
            exam_date TEXT,
            side TEXT,
            suggested_hb TEXT,
            final_hb TEXT,
            level TEXT,
            examiner TEXT,
            red_flags INTEGER,
            diagnosis TEXT,
            impression TEXT,
            created_at TEXT,
            updated_at TEXT,
            signed_at TEXT,
            signed_by TEXT,
            row_version INTEGER
        )
        """
    )
    for column in ("patient_id", "exam_date", "final_hb", "level", "status", "side", "replaces_id"):
        db.execute(f"CREATE INDEX idx_exams_{column} ON exams ({column})")
    db.execute(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            changes TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_audit_entity ON audit (entity, entity_id)")
    for spec in ALL_FTS:
        create_fts(db, spec)
    install_exam_guards(db)
    install_audit_guards(db)


@numbered("exam_bookkeeping_not_null")
def exam_bookkeeping_not_null(db: Database) -> None:
    """Make the exam bookkeeping columns NOT NULL with defaults.

    SQLite cannot add NOT NULL to an existing column, so the table is rebuilt with
    ``transform()``; ids are kept, so the search index stays valid, but the triggers must be
    recreated.
    """
    db["exams"].transform(  # type: ignore[union-attr]
        not_null={"version_no", "status", "document", "red_flags", "created_at", "updated_at", "row_version"},
        defaults={"version_no": 1, "status": "draft", "red_flags": 0, "row_version": 1},
    )
    reinstall_triggers(db, "exams")


@numbered("exam_search_index")
def exam_search_index(db: Database) -> None:
    """The case browser's search index (patient MRN and names with each exam's diagnosis and
    impression), and indexes that let it list, filter and sort 100,000 exams page by page."""
    create_exam_search(db)
    # Current versions in date order (the browser's default list) without a sort step.
    db.execute("CREATE INDEX idx_exams_status_date ON exams (status, exam_date)")
    db.execute("CREATE INDEX idx_exams_examiner ON exams (examiner COLLATE NOCASE)")
    db.execute("CREATE INDEX idx_patients_mrn_nocase ON patients (mrn COLLATE NOCASE)")


@numbered("browse_indexes")
def browse_indexes(db: Database) -> None:
    """Indexes that let the case browser list, filter and sort 100,000 exams page by page.

    Exam rows are large (the document is stored before the summary columns), so the browser must
    never read them to list exams: two covering indexes hold every summary column, one in
    exam-date order and one per patient (for sorting by name or MRN). The indexes of migration 3
    are replaced by them. The exam uid inside the document (kept across export and import) is
    indexed to recognise an imported exam file that is already saved.
    """
    for name in ("idx_exams_status_date", "idx_exams_examiner", "idx_patients_mrn_nocase"):
        db.execute(f"DROP INDEX IF EXISTS {name}")
    summary = "status, side, final_hb, suggested_hb, level, red_flags, examiner, version_no"
    db.execute(f"CREATE INDEX idx_exams_browse ON exams (exam_date, {summary}, patient_id)")
    db.execute(f"CREATE INDEX idx_exams_patient_browse ON exams (patient_id, exam_date, {summary})")
    db.execute(f"CREATE INDEX idx_exams_uid ON exams ({EXAM_UID_SQL})")


@numbered("exam_search_in_browse_order")
def exam_search_in_browse_order(db: Database) -> None:
    """Re-key the search index by the browse key (status, exam date, id): a search then finds its
    count and its newest exams in the index alone (schema/exam_search.py). Rebuilt from the rows."""
    drop_exam_search(db)
    create_exam_search(db)


SCHEMA_VERSION = len(MIGRATION_NAMES)


def applied_names(db: Database) -> list[str]:
    """Names of the migrations recorded in this database, in the order applied (read-only).

    Read with plain SQL from sqlite-migrate's table, as ``Migrations.applied`` does.
    """
    exists = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()[0]
    if not exists:
        return []
    found = db.execute(
        f"SELECT name FROM [{MIGRATIONS_TABLE}] WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
    ).fetchall()
    return [row[0] for row in found]


def pending_names(db: Database) -> list[str]:
    """Names of the migrations still to apply, in order (read-only)."""
    applied = set(applied_names(db))
    return [name for name in MIGRATION_NAMES if name not in applied]


def unknown_applied(db: Database) -> list[str]:
    """Applied migrations this code does not know: the file comes from a newer Facialis."""
    known = set(MIGRATION_NAMES)
    return [name for name in applied_names(db) if name not in known]


def apply_migrations(db: Database, *, stop_before: str | None = None) -> list[str]:
    """Apply pending migrations in order, all in one transaction, and return their names.

    BEGIN IMMEDIATE takes the write lock before deciding what is pending, so two programs
    opening the same new file at once cannot both run migration 1; and an upgrade either
    completes or leaves the file as it was. (sqlite-utils nests each migration in a savepoint,
    so migrations registered with ``transactional=False``, e.g. VACUUM, cannot be used here.)
    Foreign key enforcement is off while tables are rebuilt, as SQLite's ALTER TABLE procedure
    requires; each migration checks the foreign keys itself before it is recorded.
    """
    if not pending_names(db):
        return []
    fk_was_on = bool(db.execute("PRAGMA foreign_keys").fetchone()[0])
    db.execute("PRAGMA foreign_keys = OFF")
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            pending = pending_names(db)
            if stop_before is not None and stop_before in pending:
                pending = pending[: pending.index(stop_before)]
            _migrations().apply(db, stop_before=stop_before)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        if fk_was_on:
            db.execute("PRAGMA foreign_keys = ON")
    return pending
