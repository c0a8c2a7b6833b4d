"""Where Facialis keeps its files (platformdirs), with the overrides users can set."""
from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

APP_NAME = "Facialis"
DB_ENV_VAR = "FACIALIS_DB"
DB_FILENAME = "facialis.sqlite3"


def _linux_xdg_dir(variable: str, default: str) -> Path | None:
    """platformdirs' user folder on Linux, without importing it (about 3 ms of the start-up).

    Its rule there: the XDG variable when it holds an absolute path, else ``default`` (``~/...``)
    under the home folder, and the application's name below either. None leaves the answer to
    platformdirs: another system, Android, or a relative $HOME (which it resolves its own way).
    """
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if not posixpath.isabs(base):
        home = os.environ.get("HOME")
        if home is not None and not posixpath.isabs(home):
            return None
        base = os.path.expanduser(default)
        if not posixpath.isabs(base):
            return None
    return Path(os.path.join(base, APP_NAME))


def data_dir() -> Path:
    """The per-user data folder (created on demand by the store, not here)."""
    fast = _linux_xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if fast is not None:
        return fast
    from platformdirs import user_data_path  # only when no database path is given

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The per-user settings folder (``facialis.core.settings.settings_path`` is in it)."""
    fast = _linux_xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if fast is not None:
        return fast
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
