"""Opening the database: creation, pragmas, and every kind of file that must be refused untouched."""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from facialis.core import paths
from facialis.core.store import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    SchemaTooNewError,
    Store,
    StoreError,
)
from facialis.core.store.migrations import MIGRATION_NAMES

from .conftest import assert_untouched, make_patient, make_summary, snapshot


def _filled_database(path: Path, patients: int = 40) -> None:
    """A closed, valid database with enough rows to span many pages."""
    with Store.open(path, user="setup", backup=False) as store:
        for i in range(patients):
            record = store.add_patient(make_patient(mrn=f"M{i:04d}", family=f"Family{i}", given="Given " * 20))
            store.save_draft(record.id, {"notes": "x" * 500, "i": i}, make_summary(impression="long " * 100))


# -- a fresh database ------------------------------------------------------------------------


def test_fresh_database_is_created_with_parent_folder_and_mode_0600(db_path: Path) -> None:
    assert not db_path.parent.exists()
    with Store.open(db_path, user="dr", backup=False) as store:
        assert store.path == db_path
        assert store.user == "dr"
        assert store.schema_version() == Store.SCHEMA_VERSION == len(MIGRATION_NAMES)
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_pragmas_wal_foreign_keys_sync_busy_timeout(store: Store) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_wal_and_shm_files_are_private_too(store: Store) -> None:
    store.add_patient(make_patient())
    for suffix in ("-wal", "-shm"):
        side = Path(f"{store.path}{suffix}")
        assert side.exists()
        assert stat.S_IMODE(os.stat(side).st_mode) == 0o600


def test_data_persists_across_reopen(db_path: Path) -> None:
    with Store.open(db_path, user="dr", backup=False) as store:
        patient = store.add_patient(make_patient(family="Ünal", given="Şükrü"))
        exam = store.save_draft(patient.id, {"answer": "ja"}, make_summary())
    with Store.open(db_path, user="dr", backup=False) as store:
        assert store.get_patient(patient.id).patient.family_name == "Ünal"
        assert store.get_exam(exam.id).document == {"answer": "ja"}
        assert store.count_patients() == 1


def test_default_path_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(backup=False) as store:
        assert store.path == paths.default_db_path().absolute()
        assert store.path.exists()


def test_environment_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv(paths.DB_ENV_VAR, str(target))
    with Store.open(backup=False) as store:
        assert store.path == target
    assert target.exists()


def test_default_user_is_the_login_name(db_path: Path) -> None:
    with Store.open(db_path, backup=False) as store:
        assert store.user
        record = store.add_patient(make_patient())
        assert store.audit_log("patient", record.id)[0].user == store.user


def test_closed_store_refuses_with_store_error(db_path: Path) -> None:
    store = Store.open(db_path, backup=False)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.count_patients()


# -- a newer schema --------------------------------------------------------------------------


def _make_newer(db_path: Path, *, user_version: int | None = None, extra_migration: str | None = None) -> None:
    with Store.open(db_path, backup=False) as store:
        store.add_patient(make_patient())
    conn = sqlite3.connect(db_path)
    if extra_migration:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('facialis', ?, 'later')",
            (extra_migration,),
        )
        conn.commit()
    if user_version is not None:
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
    conn.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{db_path}{suffix}").exists()


def test_newer_schema_is_refused_and_left_byte_identical(db_path: Path) -> None:
    newer = Store.SCHEMA_VERSION + 1
    _make_newer(db_path, user_version=newer, extra_migration=f"{newer:04d}_from_the_future")
    before = snapshot(db_path)
    with pytest.raises(SchemaTooNewError) as caught:
        Store.open(db_path, backup=True)
    message = str(caught.value)
    assert str(db_path) in message and "newer version" in message and "unchanged" in message
    assert caught.value.message == message
    assert_untouched(db_path, before)
    assert not paths.backup_dir(db_path).exists()


def test_unknown_applied_migration_is_refused_even_with_known_version(db_path: Path) -> None:
    _make_newer(db_path, extra_migration="0002_a_different_branch")
    before = snapshot(db_path)
    with pytest.raises(SchemaTooNewError):
        Store.open(db_path, backup=False)
    assert_untouched(db_path, before)


# -- files that are not (healthy) Facialis databases ----------------------------------------


def test_text_file_is_not_a_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("Patient list\nDoe, Jane\n", encoding="utf-8")
    before = snapshot(db_path)
    with pytest.raises(NotADatabaseError) as caught:
        Store.open(db_path, backup=True)
    assert str(db_path) in str(caught.value)
    assert_untouched(db_path, before)


def test_other_programs_sqlite_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = snapshot(db_path)
    with pytest.raises(NotADatabaseError, match="another program"):
        Store.open(db_path, backup=False)
    assert_untouched(db_path, before)


def test_folder_is_not_a_database(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(NotADatabaseError, match="folder"):
        Store.open(db_path, backup=False)


def test_truncated_header_is_corrupt(db_path: Path) -> None:
    _filled_database(db_path, patients=2)
    db_path.write_bytes(db_path.read_bytes()[:50])
    before = snapshot(db_path)
    with pytest.raises(CorruptDatabaseError) as caught:
        Store.open(db_path, backup=True)
    assert str(db_path) in str(caught.value) and "backup" in str(caught.value)
    assert_untouched(db_path, before)


def test_impossible_page_size_is_corrupt(db_path: Path) -> None:
    _filled_database(db_path, patients=2)
    data = bytearray(db_path.read_bytes())
    data[16:18] = (1000).to_bytes(2, "big")
    db_path.write_bytes(bytes(data))
    before = snapshot(db_path)
    with pytest.raises(CorruptDatabaseError):
        Store.open(db_path, backup=False)
    assert_untouched(db_path, before)


def test_garbage_over_pages_is_corrupt_and_file_is_unchanged(db_path: Path) -> None:
    _filled_database(db_path)
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) > 10 * page_size
    noise = bytes((i * 7919 + 13) % 251 for i in range(page_size))
    for page in range(2, len(data) // page_size, 2):  # every other page after the first
        data[page * page_size : (page + 1) * page_size] = noise
    db_path.write_bytes(bytes(data))
    before = snapshot(db_path)
    with pytest.raises(CorruptDatabaseError):
        Store.open(db_path, backup=True)
    assert_untouched(db_path, before)
    assert not paths.backup_dir(db_path).exists()


def test_file_cut_in_half_is_corrupt(db_path: Path) -> None:
    _filled_database(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    before = snapshot(db_path)
    with pytest.raises(CorruptDatabaseError):
        Store.open(db_path, backup=False)
    assert_untouched(db_path, before)


# -- locks, permissions, full disk -----------------------------------------------------------


def test_database_locked_by_another_program_at_open(db_path: Path, short_busy_timeout: None) -> None:
    _filled_database(db_path, patients=1)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE patients SET given_names = given_names")
    try:
        before = db_path.read_bytes()
        with pytest.raises(DatabaseLockedError) as caught:
            Store.open(db_path, backup=False)
        assert str(db_path) in str(caught.value) and "locked" in str(caught.value)
        assert db_path.read_bytes() == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(db_path, backup=False) as store:
        assert store.count_patients() == 1


def test_write_while_another_program_holds_the_write_lock(short_busy_timeout: None, store: Store) -> None:
    record = store.add_patient(make_patient())
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLockedError):
            store.update_patient(record.id, make_patient(family="Roe"), expected_version=record.version)
        assert store.get_patient(record.id).patient.family_name == "Doe"  # reads still work
    finally:
        other.execute("ROLLBACK")
        other.close()
    updated = store.update_patient(record.id, make_patient(family="Roe"), expected_version=record.version)
    assert updated.patient.family_name == "Roe"
    assert [r.action for r in store.audit_log("patient", record.id)] == ["insert", "update"]


def test_read_only_file_is_refused_untouched(db_path: Path) -> None:
    _filled_database(db_path, patients=1)
    os.chmod(db_path, 0o400)
    before = snapshot(db_path)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            Store.open(db_path, backup=True)
        assert str(db_path) in str(caught.value) and "read-only" in str(caught.value)
        assert_untouched(db_path, before)
    finally:
        os.chmod(db_path, 0o600)


def test_read_only_folder_is_refused(db_path: Path) -> None:
    _filled_database(db_path, patients=1)
    os.chmod(db_path.parent, 0o500)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="folder"):
            Store.open(db_path, backup=False)
    finally:
        os.chmod(db_path.parent, 0o700)


def test_disk_full_rolls_back_and_keeps_the_store_usable(store: Store) -> None:
    patient = store.add_patient(make_patient())
    audit_before = len(store.audit_log())
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFullError) as caught:
        store.save_draft(patient.id, {"notes": "x" * 200_000}, make_summary())
    assert str(store.path) in str(caught.value) and "full" in str(caught.value)
    assert not store.db.conn.in_transaction
    assert store.exams_for_patient(patient.id) == []
    assert len(store.audit_log()) == audit_before
    store.db.conn.execute("PRAGMA max_page_count = 1073741823")
    exam = store.save_draft(patient.id, {"notes": "x" * 200_000}, make_summary())
    assert store.get_exam(exam.id).document["notes"] == "x" * 200_000
