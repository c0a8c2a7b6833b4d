"""Every migration from an empty file, step by step, and a reopen that applies nothing."""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from facialis.core.store import Store, StoreError, migrations
from facialis.core.store.migrations import (
    MIGRATION_NAMES,
    SCHEMA_VERSION,
    applied_names,
    apply_migrations,
    pending_names,
)

from .conftest import make_patient


def _database(path: Path) -> Database:
    db = Database(sqlite3.connect(path), execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _schema(db: Database) -> dict[str, str]:
    return {
        row[0]: row[1]
        for row in db.execute(
            "SELECT type || ' ' || name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1"
        ).fetchall()
    }


def test_migrations_are_numbered_in_order() -> None:
    assert SCHEMA_VERSION == len(MIGRATION_NAMES) >= 2
    for number, name in enumerate(MIGRATION_NAMES, start=1):
        assert name.startswith(f"{number:04d}_")


@pytest.mark.parametrize("step", range(len(MIGRATION_NAMES) + 1))
def test_each_step_from_empty(tmp_path: Path, step: int) -> None:
    """Apply the first ``step`` migrations to an empty file and check what exists at that point."""
    db = _database(tmp_path / "steps.sqlite3")
    stop = MIGRATION_NAMES[step] if step < len(MIGRATION_NAMES) else None
    applied = apply_migrations(db, stop_before=stop)
    assert applied == MIGRATION_NAMES[:step]
    assert applied_names(db) == MIGRATION_NAMES[:step]
    assert pending_names(db) == MIGRATION_NAMES[step:]
    assert db.execute("PRAGMA user_version").fetchone()[0] == step
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # restored after migrating
    tables = set(db.table_names())
    if step == 0:
        assert not tables & {"patients", "exams", "audit"}
        return
    assert {"patients", "exams", "audit", "patients_fts", "exams_fts"} <= tables
    exam_columns = {c.name: c for c in db["exams"].columns}
    assert set(exam_columns) == {
        "id", "patient_id", "version_no", "replaces_id", "status", "document", "exam_date", "side",
        "suggested_hb", "final_hb", "level", "examiner", "red_flags", "diagnosis", "impression",
        "created_at", "updated_at", "signed_at", "signed_by", "row_version",
    }
    assert {c.name for c in db["patients"].columns} == {
        "id", "mrn", "family_name", "given_names", "birth_date", "sex", "row_version", "created_at", "updated_at",
    }
    notnull = {name: bool(row[3]) for row in db.execute("PRAGMA table_info(exams)") for name in [row[1]]}
    assert notnull["status"] is (step >= 2)
    assert notnull["row_version"] is (step >= 2)
    indexed = {idx.columns[0] for idx in db.table("exams").indexes}
    assert {"exam_date", "patient_id", "final_hb", "level", "status", "side"} <= indexed
    triggers = {t.name for t in db.triggers}
    assert {
        "patients_fts_ai", "patients_fts_ad", "patients_fts_au", "exams_fts_ai", "exams_fts_ad", "exams_fts_au",
        "exams_signed_immutable", "exams_signed_undeletable", "audit_no_update", "audit_no_delete",
    } <= triggers
    fks = {(fk.column, fk.other_table) for fk in db.table("exams").foreign_keys}
    assert fks == {("patient_id", "patients"), ("replaces_id", "exams")}


def test_stepwise_equals_all_at_once(tmp_path: Path) -> None:
    stepwise = _database(tmp_path / "stepwise.sqlite3")
    for name in MIGRATION_NAMES[1:]:
        apply_migrations(stepwise, stop_before=name)
    apply_migrations(stepwise)
    at_once = _database(tmp_path / "at_once.sqlite3")
    apply_migrations(at_once)
    assert _schema(stepwise) == _schema(at_once)
    assert stepwise.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_store_open_yields_the_final_schema(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path, backup=False) as store:
        opened_schema = _schema(store.db)
    reference = _database(tmp_path / "reference.sqlite3")
    apply_migrations(reference)
    assert opened_schema == _schema(reference)


def test_reopen_applies_nothing_and_writes_nothing(db_path: Path) -> None:
    with Store.open(db_path, backup=False) as store:
        store.add_patient(make_patient())
        recorded = applied_names(store.db)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with Store.open(db_path, backup=False) as store:
        assert applied_names(store.db) == recorded == MIGRATION_NAMES
        assert pending_names(store.db) == []
        rows_before = store.db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
    with Store.open(db_path, backup=False) as store:
        assert store.db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall() == rows_before
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_old_database_is_upgraded_with_its_data(db_path: Path) -> None:
    """A file left at migration 1 (an older Facialis) opens, upgrades, and keeps every row."""
    db_path.parent.mkdir(parents=True)
    old = _database(db_path)
    apply_migrations(old, stop_before=MIGRATION_NAMES[1])
    old.execute(
        "INSERT INTO patients (mrn, family_name, created_at, updated_at) VALUES ('OLD-1', 'Alt', 't', 't')"
    )
    old.execute(
        "INSERT INTO exams (patient_id, version_no, status, document, red_flags, created_at, updated_at,"
        " row_version, diagnosis) VALUES (1, 1, 'signed', '{\"v\": 1}', 0, 't', 't', 1, 'Ramsay Hunt syndrome')"
    )
    old.conn.close()
    with Store.open(db_path, backup=False) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.find_patient_by_mrn("old-1") is not None
        exam = store.get_exam(1)
        assert exam.document == {"v": 1} and exam.status == "signed"
        assert [e.id for e in store.search_exams("ramsay")] == [1]


def test_failed_upgrade_is_undone_completely(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If anything fails during an upgrade, no migration of that upgrade stays applied."""
    db_path.parent.mkdir(parents=True)
    old = _database(db_path)
    apply_migrations(old, stop_before=MIGRATION_NAMES[1])
    old.conn.close()
    real_apply = migrations.migration.apply

    def apply_then_fail(db: Database, **kwargs: object) -> None:
        real_apply(db, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("power cut simulation")

    monkeypatch.setattr(migrations.migration, "apply", apply_then_fail)
    with pytest.raises(StoreError, match="failed and was undone"):
        Store.open(db_path, backup=False)
    monkeypatch.undo()
    check = _database(db_path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    assert applied_names(check) == MIGRATION_NAMES[:1]
    check.conn.close()
    with Store.open(db_path, backup=False) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_simultaneous_first_open_migrates_once(db_path: Path) -> None:
    """Two programs starting on a new file at the same moment both get a working store."""
    barrier = threading.Barrier(4)
    results: list[object] = []

    def open_store() -> None:
        barrier.wait()
        try:
            with Store.open(db_path, backup=False) as store:
                results.append(store.schema_version())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            results.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [SCHEMA_VERSION] * 4
    check = _database(db_path)
    assert applied_names(check) == MIGRATION_NAMES
    check.conn.close()
