"""What a backup killed mid-write leaves behind is removed once stale; a backup in progress is not.

A backup is written to ``.<name>.<pid>.tmp`` through SQLite, so a kill can also leave that file's
rollback journal (``….tmp-journal``; ``-wal``/``-shm`` should it take WAL mode). Rotation used to
remove only ``*.tmp``: the journals stayed for ever, one per killed backup.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from facialis.core import paths
from facialis.core.store import Store, backup, clock


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2025, 1, 1))


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _temporary(store: Store, pid: int, day: str = "2024-12-31") -> Path:
    return paths.backup_dir(store.path) / f".{store.path.stem}-{day}{store.path.suffix}.{pid}.tmp"


def _killed_backup_writer(tmp: Path) -> None:
    """Leave ``tmp`` as a kill mid-backup does: a database file with a hot rollback journal."""
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode = DELETE')\n"
        "c.execute('CREATE TABLE t (x)'); c.execute('INSERT INTO t VALUES (1)')\n"
        "c.execute('BEGIN IMMEDIATE'); c.execute('INSERT INTO t VALUES (zeroblob(100000))')\n"
        "c.execute('PRAGMA cache_spill = 1'); c.execute('UPDATE t SET x = zeroblob(200000)')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp)], check=True)


def test_journal_of_a_killed_backup_is_removed_once_stale(store: Store) -> None:
    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    killed = _temporary(store, 99999)
    _killed_backup_writer(killed)
    journal = Path(f"{killed}-journal")
    assert journal.exists()  # what the reviewer's kill test found, one per killed backup
    orphan = Path(f"{_temporary(store, 99997)}-journal")  # its .tmp already removed by an older rotation
    orphan.write_bytes(b"journal of a temporary file that is gone")
    wal, shm = Path(f"{_temporary(store, 99996)}-wal"), Path(f"{_temporary(store, 99996)}-shm")
    wal.write_bytes(b"w")
    shm.write_bytes(b"s")
    for path in (killed, journal, orphan, wal, shm):
        _age(path, backup.STALE_TMP_SECONDS + 60)
    store.backup_now()
    for path in (killed, journal, orphan, wal, shm):
        assert not path.exists(), path.name
    assert [p.name for _, p in backup.list_backups(store.path)] == [f"{store.path.stem}-2025-01-01{store.path.suffix}"]


def test_a_backup_in_progress_is_left_alone(store: Store) -> None:
    """Young files are another process's backup being written: neither the file nor its journal go."""
    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    writing = _temporary(store, 99998, day="2025-01-01")
    writing.write_bytes(b"half a backup")
    writing_journal = Path(f"{writing}-journal")
    writing_journal.write_bytes(b"its journal")
    # an old temporary file whose journal was written a moment ago is still in use
    slow = _temporary(store, 99995)
    slow.write_bytes(b"a long backup")
    _age(slow, backup.STALE_TMP_SECONDS + 60)
    slow_journal = Path(f"{slow}-journal")
    slow_journal.write_bytes(b"just written")
    store.backup_now()
    for path in (writing, writing_journal, slow, slow_journal):
        assert path.exists(), path.name


def test_other_files_that_look_similar_are_left_alone(store: Store) -> None:
    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    foreign = [
        folder / f".other-2024-12-31{store.path.suffix}.1.tmp-journal",  # another database's
        folder / f".{store.path.stem}-2024-12-31{store.path.suffix}.1.tmp-journal.keep",
        folder / f"{store.path.stem}-2024-12-31{store.path.suffix}-journal",  # not a temporary file
        folder / "notes.tmp-journal",
    ]
    for path in foreign:
        path.write_bytes(b"not ours")
        _age(path, backup.STALE_TMP_SECONDS + 60)
    store.backup_now()
    for path in foreign:
        assert path.exists(), path.name


def test_a_leftover_journal_with_this_process_id_does_not_touch_the_new_backup(store: Store) -> None:
    """A killed process may have had this process's id: its journal must not be rolled back into
    the new temporary file (SQLite would treat it as hot); it is removed before writing."""
    folder = paths.backup_dir(store.path)
    folder.mkdir(mode=0o700)
    mine = folder / f".{store.path.stem}-2025-01-01{store.path.suffix}.{os.getpid()}.tmp"
    _killed_backup_writer(mine)
    journal = Path(f"{mine}-journal")
    assert journal.exists()
    mine.unlink()  # as an older rotation does with a stale .tmp; the journal stays
    made = store.backup_now()
    assert not journal.exists() and not mine.exists()
    conn = sqlite3.connect(made)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone() == (0,)
    finally:
        conn.close()
