"""Where Facialis keeps its files (platformdirs), with the overrides users can set."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Facialis"
DB_ENV_VAR = "FACIALIS_DB"
DB_FILENAME = "facialis.sqlite3"


def data_dir() -> Path:
    """The per-user data folder (created on demand by the store, not here)."""
    from platformdirs import user_data_path  # only when no database path is given

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The per-user settings folder (``facialis.core.settings.settings_path`` is in it)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The database to open: an explicit path, else $FACIALIS_DB, else the user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME


def backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database so they move with it."""
    return db_path.parent / f"{db_path.stem}-backups"
