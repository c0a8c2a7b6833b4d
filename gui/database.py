"""Choosing and opening the database file, with every failure explained to the user.

Used at start-up and by File > Open database…; both must name the file and the problem and never
show a traceback. Opening never modifies a file the store refuses (that is the store's promise;
this module only reports).
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from facialis.core.paths import DB_ENV_VAR, default_db_path
from facialis.core.store import Store, StoreError
from facialis.core.store.errors import CorruptDatabaseError, NotADatabaseError

from . import prompts


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """``facialis.core.settings.resolve_db_path``: --db, then $FACIALIS_DB, then the saved setting.

    The settings (and pydantic with them) are loaded only when the saved setting is needed.
    """
    if db or os.environ.get(DB_ENV_VAR):
        return default_db_path(db)
    from facialis.core.settings import resolve_db_path as resolve

    return resolve(db)


def open_store(
    parent: QWidget | None, path: Path, *, keeping: Path | None = None, defer_checks: bool = False
) -> Store | None:
    """Open ``path``, or explain why not and return None.

    ``keeping`` is the database that stays open when this one fails (said in the message, so the
    user knows nothing changed); None at start-up, when the application cannot go on.
    ``defer_checks`` (start-up): the integrity check and the daily backup are left for
    ``Store.start_checks`` (see ``facialis.gui.app``), which reports them itself.
    """
    try:
        store = Store.open(path, defer_checks=defer_checks)
    except (CorruptDatabaseError, NotADatabaseError) as exc:
        problem = exc.message
        copy = offer_backup_copy(parent, path, problem)
        if copy is not None:
            opened = open_store(parent, copy, keeping=keeping, defer_checks=defer_checks)
            if opened is not None and keeping is None:  # at start-up: the next start opens the copy too
                remember_database(parent, opened.path)
            return opened
    except StoreError as exc:
        problem = exc.message
    except OSError as exc:  # a folder that cannot be created or read; the store may not wrap it
        problem = exc.strerror or str(exc)
    else:
        if store.backup_error:  # the records are fine; the safety net is not
            prompts.warning(
                parent,
                "Backup failed",
                f"{store.backup_error}\n\nThe database is open and saving works, but check the "
                "backup folder and the free disk space.",
            )
        return store
    outcome = (
        f"The database that was open stays open:\n{keeping}"
        if keeping is not None
        else "Facialis cannot start without its database. Solve the problem above and start it "
        "again, or start it on another file: facialis --db FILE"
    )
    prompts.error(
        parent,
        "Database not opened",
        f"Facialis could not open the database\n{path}\n\n{problem}\n\n{outcome}",
    )
    return None


def offer_backup_copy(parent: QWidget | None, path: Path, problem: str) -> Path | None:
    """For a damaged database: offer to go on with a copy of its newest good backup; the copy's path.

    Nothing is overwritten: the damaged file stays as it is (it may still be repaired) and so does
    the backup; the copy is written beside the database, and once it has opened the caller makes it
    the database Facialis opens from now on (``remember_database``). A damaged backup is skipped
    for the one before it, and the user is told. None when
    there is no backup, the user declines, or no backup can be copied (then the user was told why).
    """
    from facialis.core.store.backup import list_backups, restore_copy, restored_copies

    earlier = _earlier_copy(parent, path, problem, restored_copies(path))
    if earlier is not None:
        return earlier
    backups = list_backups(path)
    if not backups:
        return None
    newest = backups[-1][0].isoformat()
    if not prompts.ask_yes_no(
        parent,
        "Open a backup copy?",
        f"The database\n{path}\nis damaged: {problem}\n\nThe newest backup is from {newest}. Work on a copy "
        f"of it? Records saved after {newest} are not in it.\n\nThe damaged file and the backups are kept "
        "unchanged, for repair.",
        default_yes=True,
    ):
        return None
    skipped: list[str] = []
    for day, backup in reversed(backups):
        try:
            copy = restore_copy(path, day, backup)
        except CorruptDatabaseError:
            skipped.append(day.isoformat())
            continue
        except OSError as exc:
            prompts.error(parent, "Backup not copied",
                          f"The backup of {day.isoformat()} could not be copied beside the database:\n"
                          f"{exc.strerror or exc}\n\nNothing was changed.")
            return None
        damaged = f"\nThe backups of {', '.join(skipped)} were damaged too and were skipped." if skipped else ""
        prompts.info(
            parent,
            "Working on a backup copy",
            f"Facialis now works on\n{copy}\na copy of the backup of {day.isoformat()}.{damaged}\n\nRecords saved "
            f"after {day.isoformat()} are not in it. The damaged database is kept unchanged at\n{path}",
        )
        return copy
    prompts.error(parent, "No usable backup", f"Every backup of\n{path}\nis damaged too. Nothing was changed.")
    return None


def _earlier_copy(parent: QWidget | None, path: Path, problem: str, copies: list[Path]) -> Path | None:
    """The copy of a backup made at an earlier start, when the user chooses to go on with it.

    The damaged file can be named again (``--db``, ``$FACIALIS_DB``, a choice that could not be
    remembered); a new copy of the same backup would not hold the records saved in the earlier
    copy since, and the clinic would seem to have lost them.
    """
    if not copies:
        return None
    from facialis.core.store.backup import last_changed

    latest = copies[-1]
    try:
        changed = datetime.fromtimestamp(last_changed(latest)).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return None
    if not prompts.ask_yes_no(
        parent,
        "Go on with the earlier copy?",
        f"The database\n{path}\nis damaged: {problem}\n\nA copy of its backup was made earlier "
        f"and was last changed {changed}; records saved since are in it:\n{latest}\n\nOpen that copy? "
        "(No offers a new copy of the newest backup; the earlier copy is kept.)",
        default_yes=True,
    ):
        return None
    return latest


def remember_database(parent: QWidget | None, path: Path) -> None:
    """The next start opens ``path`` (unless --db or $FACIALIS_DB name another file). A failure to
    save the choice is said, and so is a settings file that could not be read and was kept aside."""
    from facialis.core.settings import read_settings, save_settings

    settings, problem = read_settings()
    settings.database_path = str(path)
    try:
        kept = save_settings(settings)
    except OSError as exc:
        prompts.warning(
            parent,
            "Choice not remembered",
            f"The database is open, but Facialis could not remember it for the next start:\n{exc}\n\n"
            f"Start it with: facialis --db {path}",
        )
        return
    if kept is not None:  # the other preferences were not readable: say where they went
        prompts.warning(
            parent,
            "Unreadable settings kept",
            f"{problem}\nThat file was kept as\n{kept}\nand a new one was saved with this database; "
            "the other preferences are the defaults (Edit > Preferences).",
        )
