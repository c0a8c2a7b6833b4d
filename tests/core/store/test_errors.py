"""Raw sqlite3 errors become StoreErrors with a message that names the file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from facialis.core.store import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    SignedExamError,
    StoreError,
)
from facialis.core.store.errors import translate


def _raised(fn: object) -> sqlite3.Error:
    try:
        fn()  # type: ignore[operator]
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no sqlite3 error")


def test_read_only_connection_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    error = translate(_raised(lambda: conn.execute("INSERT INTO t VALUES (1)")), path)
    conn.close()
    assert isinstance(error, ReadOnlyDatabaseError)
    assert str(path) in str(error) and "read-only" in str(error)


def test_not_a_database_error(tmp_path: Path) -> None:
    path = tmp_path / "text.sqlite3"
    path.write_text("hello " * 100)
    conn = sqlite3.connect(path)
    error = translate(_raised(lambda: conn.execute("SELECT * FROM sqlite_master")), path)
    conn.close()
    assert isinstance(error, NotADatabaseError) and str(path) in error.message


def test_disk_full_error(tmp_path: Path) -> None:
    path = tmp_path / "full.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    error = translate(_raised(lambda: conn.execute("INSERT INTO t VALUES (zeroblob(100000))")), path)
    conn.close()
    assert isinstance(error, DiskFullError) and "nothing was saved" in str(error)


def test_locked_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, timeout=0.05)
    error = translate(_raised(lambda: waiter.execute("SELECT * FROM t")), path)
    holder.execute("ROLLBACK")
    holder.close()
    waiter.close()
    assert isinstance(error, DatabaseLockedError)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (11, "database disk image is malformed", CorruptDatabaseError),
        (19 | (7 << 8), "signed exams are immutable", SignedExamError),
        (10, "disk I/O error", StoreError),
        (1, "no such table: x", StoreError),
    ],
)
def test_codes_map_to_classes(code: int, text: str, expected: type[StoreError], tmp_path: Path) -> None:
    exc = sqlite3.DatabaseError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    error = translate(exc, tmp_path / "x.sqlite3")
    assert type(error) is expected
    assert str(error) == error.message
    if expected is not SignedExamError:
        assert "x.sqlite3" in error.message
    assert error.__cause__ is exc
