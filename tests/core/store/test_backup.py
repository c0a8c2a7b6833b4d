"""Rotating backups: at open, at most one a day, the last seven kept, atomic, private."""
from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from facialis.core import paths
from facialis.core.store import Store, backup, clock
from facialis.core.store.migrations import MIGRATION_NAMES, apply_migrations

from .conftest import make_patient


class Calendar:
    """A clock the test turns forward one day at a time."""

    def __init__(self, start: date) -> None:
        self.day = start

    def __call__(self) -> date:
        return self.day

    def advance(self, days: int = 1) -> None:
        self.day += timedelta(days=days)


@pytest.fixture
def calendar(monkeypatch: pytest.MonkeyPatch) -> Calendar:
    fake = Calendar(date(2025, 1, 1))
    monkeypatch.setattr(clock, "today", fake)
    return fake


def _backups(db_path: Path) -> list[str]:
    return sorted(p.name for _, p in backup.list_backups(db_path))


def test_backup_at_open_at_most_once_a_day(db_path: Path, calendar: Calendar) -> None:
    with Store.open(db_path, user="dr") as store:
        assert store.backup_error is None
        store.add_patient(make_patient())
    assert _backups(db_path) == ["facialis-2025-01-01.sqlite3"]
    first = (paths.backup_dir(db_path) / "facialis-2025-01-01.sqlite3").read_bytes()
    with Store.open(db_path, user="dr") as store:  # same day: no new backup, the old one untouched
        store.add_patient(make_patient(mrn="2"))
    assert _backups(db_path) == ["facialis-2025-01-01.sqlite3"]
    assert (paths.backup_dir(db_path) / "facialis-2025-01-01.sqlite3").read_bytes() == first
    calendar.advance()
    Store.open(db_path, user="dr").close()
    assert _backups(db_path) == ["facialis-2025-01-01.sqlite3", "facialis-2025-01-02.sqlite3"]


def test_keeps_the_last_seven(db_path: Path, calendar: Calendar) -> None:
    for i in range(12):
        with Store.open(db_path, user="dr") as store:
            store.add_patient(make_patient(mrn=f"day-{i}"))
        calendar.advance(1 if i % 3 else 2)  # gaps between days do not matter
    names = _backups(db_path)
    assert len(names) == backup.KEEP == 7
    newest = backup.list_backups(db_path)[-1][1]
    conn = sqlite3.connect(newest)
    try:
        assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 11  # state at the last open
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        conn.close()


def test_backups_are_private_and_written_atomically(db_path: Path, calendar: Calendar) -> None:
    Store.open(db_path, user="dr").close()
    folder = paths.backup_dir(db_path)
    entries = list(folder.iterdir())
    assert [p.name for p in entries] == ["facialis-2025-01-01.sqlite3"]  # no temporary files left
    assert stat.S_IMODE(os.stat(entries[0]).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_failed_backup_leaves_no_partial_file(
    db_path: Path, calendar: Calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path, user="dr", backup=False) as store:
        store.add_patient(make_patient())

        def broken_replace(src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(backup.os, "replace", broken_replace)
        with pytest.raises(OSError):
            backup.write_backup(store.db.conn, store.path, calendar.day)
    assert list(paths.backup_dir(db_path).iterdir()) == []


def test_backup_failure_does_not_stop_the_store(db_path: Path, calendar: Calendar) -> None:
    db_path.parent.mkdir(parents=True)
    paths.backup_dir(db_path).write_text("a file where the backup folder should be")
    with Store.open(db_path, user="dr") as store:
        assert store.backup_error is not None and "backup" in store.backup_error
        assert store.add_patient(make_patient()).id == 1


def test_backup_can_be_skipped(db_path: Path, calendar: Calendar) -> None:
    with Store.open(db_path, user="dr", backup=False) as store:
        store.add_patient(make_patient())
    assert not paths.backup_dir(db_path).exists()


def test_backup_before_a_schema_upgrade(db_path: Path, calendar: Calendar) -> None:
    """An old file is copied before it is migrated, even if today's backup already exists."""
    db_path.parent.mkdir(parents=True)
    old = Database(sqlite3.connect(db_path), execute_plugins=False)
    apply_migrations(old, stop_before=MIGRATION_NAMES[-1])
    old.execute("INSERT INTO patients (mrn, family_name, created_at, updated_at) VALUES ('P', 'Pre', 't', 't')")
    old.conn.close()
    stale = backup.backup_path(db_path, calendar.day)
    stale.parent.mkdir(mode=0o700)
    stale.write_bytes(b"an older backup from earlier today")
    Store.open(db_path, user="dr").close()
    conn = sqlite3.connect(stale)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATION_NAMES) - 1
        assert conn.execute("SELECT family_name FROM patients").fetchall() == [("Pre",)]
    finally:
        conn.close()


def test_backup_now_and_foreign_files_are_left_alone(store: Store, calendar: Calendar) -> None:
    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    (folder / "notes.txt").write_text("mine")
    (folder / "facialis-2024-13-45.sqlite3").write_text("not a date")
    made = store.backup_now()
    assert made == backup.backup_path(store.path, calendar.day)
    for _ in range(9):
        calendar.advance()
        store.backup_now()
    assert len(backup.list_backups(store.path)) == 7
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "facialis-2024-13-45.sqlite3").exists()


def test_a_half_written_backup_left_by_a_stopped_process_is_removed(store: Store, calendar: Calendar) -> None:
    """A backup thread ended with its process (a crash, a kill) leaves its temporary file; the next
    rotation removes it once it is an hour old, and leaves a fresh one (another program's) alone."""
    import os
    import time

    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    stale = folder / f".{store.path.stem}-2024-12-31{store.path.suffix}.99999.tmp"
    fresh = folder / f".{store.path.stem}-2025-01-01{store.path.suffix}.99998.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half a backup")
    old = time.time() - backup.STALE_TMP_SECONDS - 60
    os.utime(stale, (old, old))
    store.backup_now()
    assert not stale.exists()
    assert fresh.exists()


def _db_with_backup(tmp_path: Path) -> tuple[Path, date, Path]:
    """A database with one patient, its backup of today, and then a second patient after it."""
    db = tmp_path / "clinic.sqlite3"
    with Store.open(db, backup=False) as store:
        store.add_patient(make_patient("M1"))
    with Store.open(db) as store:  # today's backup: one patient
        store.add_patient(make_patient("M2"))
    [(day, saved)] = backup.list_backups(db)
    return db, day, saved


def test_a_restored_copy_holds_the_backup_and_changes_nothing_else(tmp_path: Path) -> None:
    db, day, saved = _db_with_backup(tmp_path)
    before = {path: path.read_bytes() for path in (db, saved)}
    copy = backup.restore_copy(db, day, saved)
    assert copy == tmp_path / f"clinic-restored-{day.isoformat()}.sqlite3"
    with Store.open(copy, backup=False) as store:
        assert store.count_patients() == 1 and store.find_patient_by_mrn("M2") is None
    assert {path: path.read_bytes() for path in (db, saved)} == before
    again = backup.restore_copy(db, day, saved)  # never over the first copy
    assert again.name == f"clinic-restored-{day.isoformat()}-2.sqlite3" and copy.exists()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_damaged_backup_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    from facialis.core.store.errors import CorruptDatabaseError

    db, day, saved = _db_with_backup(tmp_path)
    data = bytearray(saved.read_bytes())
    data[100:4096] = bytes(len(data[100:4096]))  # the schema page overwritten
    saved.write_bytes(bytes(data))
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CorruptDatabaseError, match="damaged too"):
        backup.restore_copy(db, day, saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_a_copy_that_cannot_be_written_is_not_called_a_damaged_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk beside the database says so (OSError); calling the backup damaged would make every
    good backup look lost and send the user away from the records they still have."""
    from facialis.core.store.errors import CorruptDatabaseError

    db, day, saved = _db_with_backup(tmp_path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    real_connect = sqlite3.connect

    def full_disk(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(target, *args, **kwargs)  # type: ignore[arg-type]
        if str(target).endswith(".tmp"):
            conn.execute("PRAGMA max_page_count = 2")  # the disk fills after two pages
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    with pytest.raises(OSError, match="full") as raised:
        backup.restore_copy(db, day, saved)
    assert not isinstance(raised.value, CorruptDatabaseError)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_an_empty_backup_is_refused_rather_than_copied_as_an_empty_clinic(tmp_path: Path) -> None:
    from facialis.core.store.errors import CorruptDatabaseError

    db, day, saved = _db_with_backup(tmp_path)
    saved.write_bytes(b"")  # a valid, empty SQLite database: no schema, no records
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CorruptDatabaseError, match="no Facialis records"):
        backup.restore_copy(db, day, saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_the_copies_made_earlier_are_found_the_last_changed_last(tmp_path: Path) -> None:
    db, day, saved = _db_with_backup(tmp_path)
    first = backup.restore_copy(db, day, saved)
    second = backup.restore_copy(db, day, saved)
    os.utime(second, (1_000_000, 1_000_000))  # the second copy was left alone, the first worked on
    (tmp_path / "clinic-restored-notes.sqlite3").write_bytes(b"")  # not a copy's name
    assert backup.restored_copies(db) == [second, first]
    assert backup.restored_copies(first) == []  # a copy's own copies are its own


def test_a_copy_never_replaces_one_that_took_its_name_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Facialis started on the same damaged file pick the same free name; the second copy
    must not replace the first, which may already be open and hold new records."""
    db, day, saved = _db_with_backup(tmp_path)
    real_name = backup.restored_name
    taken: list[Path] = []

    def name_then_taken(db_path: Path, when: date) -> Path:
        name = real_name(db_path, when)
        if not taken:  # the other program writes its copy under this name just after it was chosen
            name.write_bytes(b"the other copy")
            taken.append(name)
        return name

    monkeypatch.setattr(backup, "restored_name", name_then_taken)
    copy = backup.restore_copy(db, day, saved)
    assert taken[0].read_bytes() == b"the other copy"
    assert copy != taken[0]
    with Store.open(copy, backup=False) as store:
        assert store.count_patients() == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
