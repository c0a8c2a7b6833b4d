"""Start the GUI: the QApplication, the database, the main window.

Start-up shows the window first. ``run`` opens the database with its whole-file checks deferred
(the integrity check of every page and the daily backup, which read the whole file: seconds on a
big clinic database), builds the window with the case browser (of the Cases page, not on screen
yet, only its model: the exams are counted in a thread meanwhile), shows it, and only once it has
been painted does the rest, one step per turn of the event loop (so a click or a key is never kept
waiting for all of it): the integrity check and backup start in a background thread, the window
finishes what needs Qt's namespace enums (the tables' models and sort orders, plain-text labels,
the Cases page's widgets: PySide creates all of those enums at their first use, about 13 ms; see
``roles``), the patient list is filled, the exam wizard's menu and buttons are attached, the
version is set. Until the check has passed the store lets nothing be written; if it finds the file
damaged, the user is told and Facialis closes without having written to it (see
``Store.open(defer_checks=True)``).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from . import prompts
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
    return app


def _set_version(app: QApplication) -> None:
    from .about import app_version  # package metadata: a few hundredths of a second to read

    app.setApplicationVersion(app_version())


def create_main_window(db: str | os.PathLike[str] | None = None, *, defer: bool = False) -> MainWindow | None:
    """The main window on the chosen database, or None after telling the user why it cannot open.

    ``defer=False`` (tests, tools): everything is ready when it returns. ``defer=True`` (``run``):
    the window has the database and the case browser; the rest is left to :class:`StartUp`, which
    ``run`` starts once the window is shown.
    """
    app = application()
    path: Path = resolve_db_path(db)
    store = open_store(None, path, defer_checks=defer)
    if store is None:
        return None
    if defer:
        from .browser import attach as attach_browser
        from .browser.page import BrowserPage

        # The Cases page first: the exams are counted in a thread while the window is built.
        cases = BrowserPage(store, finish=False)
    window = MainWindow(store, defer=defer)
    if defer:
        attach_browser(window, cases)
        window.start_up = StartUp(window)  # type: ignore[attr-defined]
        return window
    for attach in _features():
        attach(window)
    _set_version(app)
    return window


def _features() -> list[Callable[[MainWindow], object]]:
    """The parts that plug into the main window, in the order their pages and menus appear."""
    from .browser import attach as attach_browser
    from .wizard import attach as attach_wizard

    return [attach_wizard, attach_browser]


class StartUp(QObject):
    """What a deferred start does after the first paint of the window, one step per event-loop turn.

    ``finished`` is emitted when the steps are done and the integrity check is over (``done``
    is then True); ``failed`` when the check found the database damaged (the window then closes).
    """

    finished = Signal()
    failed = Signal(str)

    #: How often the result of the background check is looked for (nothing may be emitted from
    #: that thread: PySide6 signals emitted from a Python thread are not safe).
    POLL_MS = 30
    #: How often a window not on screen yet is looked at. Its first paint is done as soon as it is
    #: exposed; polling, unlike an event filter, calls no Python for each of the window's events
    #: before that paint (the first such call makes PySide build QEvent and its 179 types, ~1.5 ms).
    EXPOSED_POLL_MS = 10

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.done = False
        #: Why the database was refused after the window showed (the integrity check failed), else None.
        self.failure: str | None = None
        self._steps: list[Callable[[], object]] = [
            self._start_checks,
            window.finish_start,
            _load_patient_model,
            self._list_patients,
            self._attach_wizard,
            lambda: _set_version(application()),
        ]
        self._steps_left = len(self._steps)
        self._checks_over = False
        self._started = False
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._look_for_checks)
        # Timers owned by this object, so none can fire after the window (and this) is gone.
        self._latest = self._timer(250, self._begin)
        self._soon = self._timer(0, self._begin)
        self._step = self._timer(0, self._next)
        self._exposed = QTimer(self)
        self._exposed.setInterval(self.EXPOSED_POLL_MS)
        self._exposed.timeout.connect(self._look_for_exposure)

    def _timer(self, interval: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def start_after_paint(self) -> None:
        """Begin once the window has been painted (or at the latest after a quarter second)."""
        self._exposed.start()
        self._latest.start()

    def _look_for_exposure(self) -> None:
        """Qt paints a widget window while handling its exposure, so an exposed one is painted."""
        handle = self.window.windowHandle()
        if handle is not None and handle.isExposed():
            self._exposed.stop()
            self._soon.start()  # one more turn: after this paint has reached the screen

    def _begin(self) -> None:
        if self._started:
            return
        self._started = True
        self._latest.stop()
        self._exposed.stop()
        self._next()

    def run_now(self) -> None:
        """Do every step here and wait for the check (tests, and a window closed very early)."""
        self._started = True
        for timer in (self._latest, self._soon, self._step, self._exposed):
            timer.stop()
        while self._steps:
            self._steps.pop(0)()
        if self.window.has_store:
            try:
                self.window.store.wait_for_checks()
            except Exception:  # noqa: BLE001, S110 - the result is reported below like any other
                pass
            self._look_for_checks()

    def _next(self) -> None:
        if not self._steps:
            return
        step = self._steps.pop(0)
        step()
        if self._steps:
            self._step.start()
        else:
            self._maybe_finish()

    def _start_checks(self) -> None:
        if self.window.has_store:
            self.window.store.start_checks()
            self._poll.start()
        else:
            self._checks_over = True

    def _look_for_checks(self) -> None:
        if not self.window.has_store:
            self._poll.stop()
            return
        result = self.window.store.checks_result()
        if result is not None:
            self._poll.stop()
            self._on_checked(*result)

    def _list_patients(self) -> None:
        if self.window.has_store:
            self.window.patients_page.refresh()

    def _attach_wizard(self) -> None:
        from .wizard import attach as attach_wizard

        attach_wizard(self.window)

    def _on_checked(self, error: object, backup_error: str | None) -> None:
        self._checks_over = True
        if error is not None:
            problem = getattr(error, "message", str(error))
            if self._go_on_with_backup_copy(problem):
                self._maybe_finish()
                return
            self.failure = problem
            self.failed.emit(self.failure)
            prompts.error(
                self.window,
                "Database damaged",
                f"{self.failure}\n\nNothing has been written to it. Facialis closes now; start it again on a backup "
                "copy (facialis --db FILE) or another database.",
            )
            self.window.close_store()
            # The last window closing ends the event loop; run() then returns EXIT_DATABASE_ERROR.
            QApplication.closeAllWindows()
            return
        if backup_error:
            prompts.warning(
                self.window,
                "Backup failed",
                f"{backup_error}\n\nThe database is open and saving works, but check the backup folder and the "
                "free disk space.",
            )
        self._maybe_finish()

    def _go_on_with_backup_copy(self, problem: str) -> bool:
        """The check found the open database damaged: offer a copy of its newest good backup and
        switch to it (``database.offer_backup_copy``); True when the window now works on the copy."""
        if not self.window.has_store:
            return False
        from .database import offer_backup_copy

        damaged = self.window.store.path
        copy = offer_backup_copy(self.window, damaged, problem)
        return copy is not None and self.window.open_database(copy)

    def _maybe_finish(self) -> None:
        if not self._steps and self._checks_over and not self.done:
            self.done = True
            self.finished.emit()


def _load_patient_model() -> None:
    """The patient model (pydantic: about a tenth of a second), in a step of its own."""
    import facialis.core.patient  # noqa: F401


def run(db: str | os.PathLike[str] | None = None) -> int:
    """Run the GUI until the last window closes; the process exit code."""
    app = application()
    window = create_main_window(db, defer=True)
    if window is None:
        return EXIT_DATABASE_ERROR
    window.show()
    start_up: StartUp = window.start_up  # type: ignore[attr-defined]
    start_up.start_after_paint()
    try:
        code = app.exec()
    finally:
        window.close_store()
    return EXIT_DATABASE_ERROR if start_up.failure is not None else code
