"""Choosing and opening the database file, with every failure explained to the user.

Used at start-up and by File > Open database…; both must name the file and the problem and never
show a traceback. Opening never modifies a file the store refuses (that is the store's promise;
this module only reports).
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget

from facialis.core.paths import DB_ENV_VAR, default_db_path
from facialis.core.store import Store, StoreError

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
