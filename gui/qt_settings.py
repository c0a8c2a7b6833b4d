"""Purely visual state (window geometry, column widths) kept in QSettings.

Clinical and user choices live in ``facialis.core.settings``; this file only remembers how the
windows looked. It sits beside the core settings file, in an INI file, so everything Facialis keeps
about a user is in one folder and is found again from the environment on every call.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from facialis.core.paths import config_dir

WINDOW_STATE_FILENAME = "window-state.ini"


def qsettings() -> QSettings:
    """The QSettings store for window state (a fresh object; cheap, and always the current folder)."""
    path = config_dir() / WINDOW_STATE_FILENAME  # beside facialis.core.settings.settings_path()
    return QSettings(str(path), QSettings.Format.IniFormat)


def load_bytes(key: str) -> QByteArray | None:
    """A saved ``saveGeometry()``/``saveState()`` blob, or None when nothing (valid) was saved."""
    value = qsettings().value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, (bytes, bytearray)) and value:
        return QByteArray(bytes(value))
    return None


def save_bytes(values: dict[str, QByteArray]) -> None:
    """Store several blobs at once and flush, so a crash right after closing loses nothing."""
    store = qsettings()
    for key, value in values.items():
        store.setValue(key, value)
    store.sync()
