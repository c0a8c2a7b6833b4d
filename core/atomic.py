"""Atomic file writes: a crash or a full disk leaves either the old file or the new one, never half.

Every file Facialis writes for the user (exam files, reports, exports, settings) goes through here,
so this is also where a write that would destroy something is refused before anything is written:
a folder, an SQLite database or one of the files SQLite keeps beside it (any caller, the GUI's
save dialogs included), and whatever the caller names as ``protected`` (the database in use, the
input file of a command).
"""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PathLike = str | os.PathLike[str]

#: Files SQLite keeps beside a database (``<db>-wal`` ...): replacing one loses or corrupts records.
SQLITE_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = (
    b"SQLite format 3\x00",  # a database
    b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83",  # a write-ahead log
    b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7",  # a rollback journal
)


class UnsafeTargetError(OSError):
    """Writing to this path would replace something that must survive; nothing was written.

    An OSError, so every caller that reports a failed write (``strerror``, ``filename``) already
    reports this one; ``str()`` is the plain reason.
    """

    def __init__(self, path: PathLike, reason: str, code: int = errno.EEXIST) -> None:
        super().__init__(code, reason, os.path.abspath(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def same_file(a: PathLike, b: PathLike) -> bool:
    """True when ``a`` and ``b`` are one file: the same inode when both exist (symlinks, hard
    links), else the same resolved path (a file about to be created)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def database_files(db_path: PathLike) -> dict[Path, str]:
    """The database and its companion files, as ``protected`` for a command that has it open."""
    db = Path(db_path)
    files = {db: "is the database in use"}
    for suffix in SQLITE_COMPANION_SUFFIXES:
        files[Path(f"{db}{suffix}")] = f"is a file of the database in use, {db}"
    return files


def _is_sqlite(path: PathLike) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:  # missing or unreadable: nothing of ours to protect
        return False
    return any(head.startswith(magic) for magic in _SQLITE_MAGIC)


def folder_error(path: PathLike) -> UnsafeTargetError:
    """The refusal of a folder given where a file to write is wanted."""
    return UnsafeTargetError(path, "is a folder; give a file name", errno.EISDIR)


def check_target(path: PathLike, protected: Mapping[Path, str] | None = None) -> None:
    """Raise UnsafeTargetError if writing ``path`` would replace a folder, an SQLite database (or
    its -wal/-shm/-journal file), or one of ``protected`` (path -> why, e.g. "is the input file")."""
    target = Path(path)
    if target.name in ("", ".", "..") or os.path.isdir(target):
        raise folder_error(path)
    for other, why in (protected or {}).items():
        if same_file(target, other):
            raise UnsafeTargetError(path, f"{why}; choose another file")
    if _is_sqlite(target):
        raise UnsafeTargetError(path, "is a database; choose another file")
    for suffix in SQLITE_COMPANION_SUFFIXES:
        if target.name.endswith(suffix) and _is_sqlite(target.with_name(target.name[: -len(suffix)])):
            raise UnsafeTargetError(path, "belongs to a database; choose another file")


@contextmanager
def atomic_writer(path: PathLike, mode: str = "wb", *, encoding: str | None = None,
                  newline: str | None = None, file_mode: int | None = None,
                  protected: Mapping[Path, str] | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it is synced and renamed over ``path``.

    On any exception the temporary file is removed and ``path`` is left as it was. A target that
    :func:`check_target` refuses raises UnsafeTargetError before anything is written.
    """
    target = Path(path)
    check_target(target, protected)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        if file_mode is not None:
            os.fchmod(fd, file_mode)
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: PathLike, data: bytes, *, protected: Mapping[Path, str] | None = None) -> Path:
    with atomic_writer(path, "wb", protected=protected) as handle:
        handle.write(data)
    return Path(path)


def write_text(path: PathLike, text: str, *, protected: Mapping[Path, str] | None = None) -> Path:
    with atomic_writer(path, "w", encoding="utf-8", protected=protected) as handle:
        handle.write(text)
    return Path(path)
