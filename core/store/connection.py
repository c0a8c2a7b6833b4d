"""Opening the database file safely: checks before SQLite touches it, pragmas, transactions.

Order matters. Everything that can refuse a file (not a database, damaged header, newer schema,
read-only) is decided by reading the file header with plain Python before SQLite opens it, so
a refused file is left byte-identical and no ``-wal``/``-shm`` files appear beside it. Only
then does SQLite read it (and check it), and only after every check passes is anything written.
"""
from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import NotADatabaseError, SchemaTooNewError, StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

#: How long a write waits for another program's lock before giving up (milliseconds).
BUSY_TIMEOUT_MS = 5000

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes of an SQLite file tell us without opening it."""

    page_size: int
    user_version: int
    wal: bool


def read_header(path: Path) -> Header | None:
    """Parse the file header; None for an empty file (a new database).

    Raises NotADatabaseError when the file is not SQLite at all and CorruptDatabaseError
    when it starts like SQLite but the header is cut short or impossible.
    """
    with open(path, "rb") as handle:
        head = handle.read(HEADER_SIZE)
    if not head:
        return None
    if not head.startswith(SQLITE_MAGIC[: len(head)]):
        raise errors.not_a_database(path)
    if len(head) < HEADER_SIZE:
        raise errors.corrupt(path)
    raw_page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise errors.corrupt(path)
    user_version = int.from_bytes(head[60:64], "big", signed=True)
    return Header(page_size=page_size, user_version=user_version, wal=head[18] == 2 and head[19] == 2)


def schema_too_new(path: Path, found: int | str, known: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"The database {path} was saved by a newer version of Facialis (schema {found}; this "
        f"version knows up to {known}); it was left unchanged, please update Facialis to open it.",
        path=path,
    )


def _is_read_only(path: Path) -> bool:
    """Honour the write permission of a file or folder even for users (root) whom the OS would let write."""
    return not os.access(path, os.W_OK) or not (path.stat().st_mode & stat.S_IWUSR)


def prepare_file(path: Path, known_version: int) -> Header | None:
    """Create a missing database file (mode 0600) or vet an existing one without changing it."""
    if path.exists() and not path.is_file():
        raise NotADatabaseError(f"{path} is a folder or device, not a Facialis database file.", path=path)
    if not path.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # created meanwhile by another process: vet it like any existing file
        except PermissionError as exc:
            raise errors.read_only(path.parent, "folder") from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise errors.disk_full(path) from exc
            if exc.errno == errno.EROFS:
                raise errors.read_only(path.parent, "folder") from exc
            raise StoreError(f"Facialis cannot create the database {path}: {exc.strerror}.", path=path) from exc
        else:
            os.fchmod(fd, 0o600)
            os.close(fd)
    try:
        header = read_header(path)
    except PermissionError as exc:
        raise StoreError(
            f"Facialis is not allowed to read the database {path}; check its permissions.", path=path
        ) from exc
    if header is not None and header.user_version > known_version:
        raise schema_too_new(path, header.user_version, known_version)
    if _is_read_only(path):
        raise errors.read_only(path)
    if _is_read_only(path.parent):
        raise errors.read_only(path.parent, "folder")
    return header


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn any sqlite3 error raised inside the block into the matching StoreError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise errors.translate(exc, path) from exc


class Connection:
    """The store's handle on its file: the sqlite3 connection, and ``execute`` as sqlite-utils has it.

    The store's modules need nothing more, so opening a database does not import sqlite-utils
    (a tenth of a second at start-up); ``Store.db`` and the migrations wrap the same connection
    in an sqlite-utils ``Database`` when they need one (:func:`as_database`).
    """

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, () if parameters is None else parameters)

    def close(self) -> None:
        self.conn.close()


def connect(path: Path) -> Connection:
    """The store's connection (shared across threads, serialised by the store's lock)."""
    return Connection(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))


def as_database(conn: sqlite3.Connection) -> Database:
    """An sqlite-utils Database on ``conn`` (no plugins, no pragma changed)."""
    from sqlite_utils import Database

    return Database(conn, recursive_triggers=False, execute_plugins=False)


def rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run a query and return dicts, without sqlite-utils' savepoint wrapping."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(db: Database, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def verify(
    db: Database,
    path: Path,
    header: Header | None,
    known_version: int,
    unknown_applied: Callable[[Database], list[str]],
    *,
    integrity: bool = True,
) -> None:
    """Read-only checks once SQLite has the file: readable, ours, not newer, not damaged.

    ``integrity=False`` leaves out the page-by-page check (:func:`check_integrity`), which reads
    the whole file; the caller runs it before anything is written.
    """
    try:
        with translated(path):
            tables = [r["name"] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
            user_version = db.conn.execute("PRAGMA user_version").fetchone()[0]
            newer = unknown_applied(db)
    except NotADatabaseError as exc:
        if header is not None:
            # The header said SQLite, yet SQLite cannot read it: a damaged file, not a foreign one.
            raise errors.corrupt(path) from exc
        raise
    if user_version > known_version:
        raise schema_too_new(path, user_version, known_version)
    if newer:
        raise schema_too_new(path, f"with migration {newer[-1]}", known_version)
    if user_version == 0 and any(t != "_sqlite_migrations" and not t.startswith("sqlite_") for t in tables):
        raise NotADatabaseError(f"{path} is an SQLite database of another program, not a Facialis database.", path=path)
    if integrity:
        check_integrity(db.conn, path)


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` of every page; CorruptDatabaseError when anything is wrong."""
    with translated(path):
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise errors.corrupt(path)


def configure(db: Database, path: Path) -> None:
    """WAL, foreign keys, busy timeout, and full sync: a committed save survives a crash."""
    with translated(path):
        db.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        if db.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.conn.execute("PRAGMA journal_mode = WAL")  # outside any transaction, as it must be
        db.conn.execute("PRAGMA synchronous = FULL")
        db.conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def write_transaction(db: Database, path: Path) -> Iterator[Database]:
    """One write transaction: BEGIN IMMEDIATE (take the write lock up front, so the checks made
    inside stay true), COMMIT before returning, roll back on any error."""
    conn = db.conn
    with translated(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise


__all__ = [
    "BUSY_TIMEOUT_MS",
    "Connection",
    "Header",
    "as_database",
    "check_integrity",
    "configure",
    "connect",
    "one",
    "prepare_file",
    "read_header",
    "rows",
    "translated",
    "verify",
    "write_transaction",
]
