"""Purely visual state (window geometry, column widths) kept in QSettings.

Clinical and user choices live in ``facialis.core.settings``; this file only remembers how the
windows looked, in an INI file found again from the environment on every call. Qt's own
QStandardPaths names the folder: the window is restored before it is first shown, and asking Qt
costs nothing there, while platformdirs (which places ``facialis.core.settings``) would add its
import to every start. The folder Qt names is the one platformdirs gives the core settings file:
the configuration folder on Linux and Windows, Application Support on macOS.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from facialis.core.paths import APP_NAME

WINDOW_STATE_FILENAME = "window-state.ini"


def qsettings() -> QSettings:
    """The QSettings store for window state (a fresh object; cheap, and always the current folder)."""
    where = QStandardPaths.StandardLocation
    # platformdirs keeps configuration in Application Support on macOS, which Qt calls its data folder.
    location = where.GenericDataLocation if sys.platform == "darwin" else where.GenericConfigLocation
    folder = QStandardPaths.writableLocation(location)
    return QSettings(f"{folder}/{APP_NAME}/{WINDOW_STATE_FILENAME}", QSettings.Format.IniFormat)


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
