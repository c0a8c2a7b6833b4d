"""Start the GUI: the QApplication, the database, the main window."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .about import app_version
from .database import open_store, resolve_db_path
from .main_window import MainWindow

#: Exit code when the database cannot be opened (argparse uses 2 for usage errors as well).
EXIT_DATABASE_ERROR = 2


def application() -> QApplication:
    """The one QApplication, named so QSettings and platform integration find Facialis."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("Facialis")
    app.setApplicationName("Facialis")
    app.setApplicationDisplayName("Facialis")
    app.setApplicationVersion(app_version())
    return app


def create_main_window(db: str | os.PathLike[str] | None = None) -> MainWindow | None:
    """The main window on the chosen database, or None after telling the user why it cannot open."""
    application()
    path: Path = resolve_db_path(db)
    store = open_store(None, path)
    if store is None:
        return None
    window = MainWindow(store)
    for attach in _features():
        attach(window)
    return window


def _features() -> list[Callable[[MainWindow], object]]:
    """The parts that plug into the main window, in the order their pages and menus appear."""
    from .browser import attach as attach_browser
    from .wizard import attach as attach_wizard

    return [attach_wizard, attach_browser]


def run(db: str | os.PathLike[str] | None = None) -> int:
    """Run the GUI until the last window closes; the process exit code."""
    app = application()
    window = create_main_window(db)
    if window is None:
        return EXIT_DATABASE_ERROR
    window.show()
    try:
        return app.exec()
    finally:
        window.close_store()
