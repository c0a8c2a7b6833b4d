"""Rotating daily backups beside the database, made with SQLite's online backup API.

A backup is a consistent snapshot even while the database is in use, written to a temporary
file and renamed into place (a half-written backup never carries a backup's name), mode 0600.
One per calendar day at most (named ``<stem>-YYYY-MM-DD<suffix>``), the newest
:data:`KEEP` are kept. The clock is :func:`facialis.core.store.clock.today`.
"""
from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

from . import clock

#: How many daily backups to keep.
KEEP = 7


def _folder(db_path: Path) -> Path:
    from ..paths import backup_dir  # platformdirs: not needed to open a database

    return backup_dir(db_path)


def backup_path(db_path: Path, day: date) -> Path:
    suffix = db_path.suffix or ".sqlite3"
    return _folder(db_path) / f"{db_path.stem}-{day.isoformat()}{suffix}"


def list_backups(db_path: Path) -> list[tuple[date, Path]]:
    """This database's backups, oldest first (other files in the folder are ignored)."""
    folder = _folder(db_path)
    if not folder.is_dir():
        return []
    suffix = db_path.suffix or ".sqlite3"
    pattern = re.compile(rf"^{re.escape(db_path.stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(suffix)}$")
    found: list[tuple[date, Path]] = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_file():
            try:
                found.append((date.fromisoformat(match.group(1)), entry))
            except ValueError:
                continue
    return sorted(found)


def backup_due(db_path: Path, day: date) -> bool:
    """True unless a backup from ``day`` (or later, should the clock go back) exists."""
    existing = list_backups(db_path)
    return not existing or existing[-1][0] < day


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


#: Files SQLite may keep beside a database it writes: the rollback journal (left behind, "hot",
#: when the writer is killed mid-transaction) and, should the file take WAL mode, its log and index.
COMPANION_SUFFIXES = ("-journal", "-wal", "-shm")


def _remove_with_companions(path: Path) -> None:
    for name in (path, *(Path(f"{path}{suffix}") for suffix in COMPANION_SUFFIXES)):
        name.unlink(missing_ok=True)


#: One backup at a time in this process: threads share the process id, hence the temporary
#: file's name, and one must not remove the file (or journal) another is still writing.
_WRITING = threading.Lock()


#: SQLite's result codes for a damaged file (its extended codes start with these names); any other
#: error while copying (a full disk, an I/O error, a folder that cannot be written) is about where
#: the copy goes, not about the file being copied.
_DAMAGE_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def _is_damage(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the database read is damaged (not that the copy could not be written)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_DAMAGE_ERRORS)


def _snapshot(conn: sqlite3.Connection, final: Path, *, check: bool = False, new_file: bool = False) -> Path:
    """Copy the database open on ``conn`` into ``final``, atomically: a temporary file, SQLite's
    backup API, fsync, rename. ``check``: the copy must pass ``PRAGMA integrity_check`` first
    (``CorruptDatabaseError`` otherwise). ``new_file``: ``FileExistsError`` rather than replace a
    file that took the name meanwhile (a working copy another Facialis just made and opened).
    Nothing is left behind when it fails."""
    from .errors import CorruptDatabaseError

    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    with _WRITING:
        # A journal left by an earlier (killed) process with this pid would be "rolled back"
        # into the new temporary file: remove it with any old temporary file of that name.
        _remove_with_companions(tmp)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            target = sqlite3.connect(str(tmp))
            try:
                conn.backup(target)
                # A self-contained single file, whatever the live database's journal mode.
                target.execute("PRAGMA journal_mode = DELETE")
                problems = [row[0] for row in target.execute("PRAGMA integrity_check")] if check else ["ok"]
            except sqlite3.DatabaseError as exc:
                if not check or not _is_damage(exc):
                    raise
                problems = [str(exc)]
            finally:
                target.close()
            if problems != ["ok"]:
                raise CorruptDatabaseError(f"The copy of {final.name} is damaged ({problems[0]}).", path=final)
            os.chmod(tmp, 0o600)
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            if new_file:
                _rename_to_new(tmp, final)
            else:
                os.replace(tmp, final)
        except BaseException:
            _remove_with_companions(tmp)
            raise
    _fsync_dir(final.parent)
    return final


def _rename_to_new(tmp: Path, final: Path) -> None:
    """Give ``tmp`` the name ``final`` only while no file has it (``FileExistsError`` otherwise)."""
    try:
        os.link(tmp, final)  # atomic, and never over an existing file
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if final.exists():
            raise FileExistsError(str(final)) from None
        os.replace(tmp, final)
        return
    tmp.unlink()


def write_backup(conn: sqlite3.Connection, db_path: Path, day: date) -> Path:
    """Snapshot the open database into today's backup file, atomically."""
    final = backup_path(db_path, day)
    final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return _snapshot(conn, final)


#: A half-written backup (``.<name>.<pid>.tmp``, with its ``-journal``/``-wal``/``-shm`` if any)
#: this old belongs to a process that was stopped while writing it (a crash, a kill); it is
#: removed at the next rotation.
STALE_TMP_SECONDS = 3600


def _temporary_groups(db_path: Path, folder: Path) -> dict[str, list[Path]]:
    """This database's temporary backup files, grouped by temporary file (companions included).

    A companion is grouped with its temporary file even when that file is already gone: the
    journal of a killed backup outlives the ``.tmp`` that an earlier rotation removed.
    """
    suffix = db_path.suffix or ".sqlite3"
    pattern = re.compile(
        rf"^(\.{re.escape(db_path.stem)}-\d{{4}}-\d{{2}}-\d{{2}}{re.escape(suffix)}\.\d+\.tmp)"
        rf"({'|'.join(re.escape(s) for s in COMPANION_SUFFIXES)})?$"
    )
    groups: dict[str, list[Path]] = {}
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match:
            groups.setdefault(match.group(1), []).append(entry)
    return groups


def prune(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups, and stale half-written ones; return what was deleted.

    A temporary file and its companions go together, and only when every one of them is older
    than :data:`STALE_TMP_SECONDS`: a backup still being written (any part of it young) is left alone.
    """
    existing = list_backups(db_path)
    doomed = [path for _, path in existing[: max(0, len(existing) - keep)]]
    folder = _folder(db_path)
    if folder.is_dir():
        now = time.time()
        for group in _temporary_groups(db_path, folder).values():
            try:
                stale = all(entry.is_file() and now - entry.stat().st_mtime > STALE_TMP_SECONDS for entry in group)
            except OSError:
                continue
            if stale:
                doomed.extend(sorted(group))
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_if_due(
    conn: sqlite3.Connection, db_path: Path, *, force: bool = False, keep: int = KEEP
) -> Path | None:
    """Make today's backup unless there already is one (``force`` replaces it), then rotate."""
    day = clock.today()
    if not force and not backup_due(db_path, day):
        return None
    made = write_backup(conn, db_path, day)
    prune(db_path, keep)
    return made


def restored_name(db_path: Path, day: date) -> Path:
    """Where the copy of the backup of ``day`` goes: beside the database, never over a file."""
    suffix = db_path.suffix or ".sqlite3"
    wanted = db_path.with_name(f"{db_path.stem}-restored-{day.isoformat()}{suffix}")
    candidate, number = wanted, 1
    while candidate.exists():
        number += 1
        candidate = wanted.with_name(f"{db_path.stem}-restored-{day.isoformat()}-{number}{suffix}")
    return candidate


#: How often a copy's name is chosen again when another program takes it first.
_NAME_ATTEMPTS = 5


def restore_copy(db_path: Path, day: date, backup: Path) -> Path:
    """A working copy of the backup of ``day`` beside ``db_path``, checked whole; its path.

    For a database found damaged: the clinic goes on with the records of the last good day while
    the damaged file, unchanged, can still be repaired, and the backup stays as it was (it is the
    week's record). Raises ``CorruptDatabaseError`` when the backup is damaged too (or holds no
    Facialis records), and OSError when the copy cannot be written (a full disk, a folder that
    cannot be written: the backup itself may be fine); nothing is left behind either way.
    """
    from .errors import CorruptDatabaseError

    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        # An empty file is a valid, empty SQLite database: copied, it would open as an empty clinic.
        if source.execute("PRAGMA user_version").fetchone()[0] < 1:
            raise CorruptDatabaseError(f"The backup {backup} is damaged too (it holds no Facialis records).",
                                       path=backup)
        for _attempt in range(_NAME_ATTEMPTS):
            try:
                return _snapshot(source, restored_name(db_path, day), check=True, new_file=True)
            except FileExistsError:
                continue  # another Facialis took that name meanwhile: the next one
        raise FileExistsError(f"no free name for a copy beside {db_path}")
    except CorruptDatabaseError as exc:
        if exc.path == backup:
            raise
        raise CorruptDatabaseError(f"The backup {backup} is damaged too ({exc.message}).", path=backup) from exc
    except sqlite3.DatabaseError as exc:
        if not _is_damage(exc):  # about the copy's disk or folder, not the backup
            raise OSError(str(exc)) from exc
        raise CorruptDatabaseError(f"The backup {backup} is damaged too ({exc}).", path=backup) from exc
    finally:
        source.close()


def restored_copies(db_path: Path) -> list[Path]:
    """The copies ``restore_copy`` made of this database's backups, the last changed last.

    A damaged database named again at the next start (``--db``, ``$FACIALIS_DB``, a setting that
    could not be saved) is offered its backup again: the copy made earlier may hold records saved
    since, and must be found rather than replaced by a new copy without them.
    """
    suffix = db_path.suffix or ".sqlite3"
    pattern = re.compile(
        rf"^{re.escape(db_path.stem)}-restored-\d{{4}}-\d{{2}}-\d{{2}}(?:-\d+)?{re.escape(suffix)}$"
    )
    folder = db_path.parent
    if not folder.is_dir():
        return []
    found: list[tuple[float, Path]] = []
    for entry in folder.iterdir():
        if pattern.match(entry.name) and entry.is_file():
            with contextlib.suppress(OSError):
                found.append((last_changed(entry), entry))
    return [path for _mtime, path in sorted(found)]


def last_changed(db_path: Path) -> float:
    """When a database was last written (its write-ahead log is written first, the file later)."""
    times = [db_path.stat().st_mtime]
    with contextlib.suppress(OSError):
        times.append(Path(f"{db_path}-wal").stat().st_mtime)
    return max(times)
