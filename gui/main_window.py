"""The main window: menus, the page area (Patients first) and the status bar.

Later screens attach here without changing this file's shape: they connect to
``patientActivated`` (a patient was chosen) and ``storeChanged`` (another database was opened) and
add themselves with ``add_page``. Activating a patient edits it unless a screen claims activation
(``claim_activation``: the exam wizard opens the patient's exams).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from facialis.core.store import Store, StoreError

from . import prompts, qt_settings
from .database import open_store
from .patients_page import PatientsPage

if TYPE_CHECKING:  # the dialogs (and the settings model) are loaded when first opened
    from PySide6.QtGui import QCloseEvent  # importing an event class makes PySide build QEvent

    from facialis.core.store import PatientRecord

    from .about import AboutDialog
    from .patient_dialog import PatientDialog
    from .preferences import PreferencesDialog

GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
DEFAULT_SIZE = (980, 600)  # wide enough for the Cases filter bar, built after the first paint


def _action(text: str, parent: QWidget) -> QAction:
    """``QAction(text, parent)`` without loading ``QIcon``: PySide creates that class (and its 150
    theme icon names, about 1 ms) to choose between QAction's constructors."""
    action = QAction(parent)
    action.setText(text)
    return action


class MainWindow(QMainWindow):
    """Owns the open ``Store`` (closes it on exit) and the actions every page shares."""

    #: A patient was chosen in the list (Return or double-click); the patient id.
    patientActivated = Signal(int)
    #: Another database is about to replace the open one; the old ``Store``, still open (save now).
    storeAboutToChange = Signal(object)
    #: Another database was opened; the new ``Store`` (the old one is already closed).
    storeChanged = Signal(object)
    #: The user saved new preferences; the new ``Settings`` (exams opened from now on use them).
    settingsChanged = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, *, defer: bool = False) -> None:
        """``defer=True`` (the application start, which shows the window first) leaves the patient
        list empty (reading patients loads their model) and what needs Qt's namespace enums (see
        ``roles``) until ``finish_start()``, to be called once the window has been painted."""
        super().__init__(parent)
        self._store: Store | None = store
        #: Steps waiting for ``finish_start`` (None once the window has started).
        self._when_started: list[Callable[[], object]] | None = []
        self.patient_dialog: PatientDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.preferences_dialog: PreferencesDialog | None = None

        self.setWindowTitle("Facialis")
        self._create_actions()

        self.patients_page = PatientsPage(store, [self.new_patient_action, self.edit_patient_action])
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)  # one page needs no tab bar
        self.pages.addTab(self.patients_page, "Patients")
        self.setCentralWidget(self.pages)

        self._create_menus()
        self.status_label = QLabel()  # plain text: see _show_status
        self.statusBar().addPermanentWidget(self.status_label, 1)

        self.pages.currentChanged.connect(self._update_title)
        self.patients_page.patientActivated.connect(self.patientActivated)
        self.patients_page.selectionChanged.connect(self._update_actions)
        self.patients_page.searchFailed.connect(self._on_search_failed)
        #: What activating a patient does; the exam screens replace it (``claim_activation``).
        self._on_activated: Callable[[int], object] = self.edit_patient
        self.patientActivated.connect(lambda patient_id: self._on_activated(patient_id))

        self.resize(*DEFAULT_SIZE)
        self._restore_window_state()
        self._update_status()
        self._update_actions()
        self.patients_page.search_edit.setFocus()  # focus_search() without Qt's enums: nothing to select
        if not defer:
            self.finish_start()
            self.patients_page.refresh()

    def finish_start(self) -> None:
        """What ``defer=True`` left for after the first paint, except the patient list; then the
        steps other parts asked for with ``when_started`` (idempotent)."""
        if self._when_started is None:
            return
        from PySide6.QtCore import Qt

        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.patients_page.finish_setup()
        steps, self._when_started = self._when_started, None
        for step in steps:
            step()

    def when_started(self, step: Callable[[], object]) -> None:
        """Run ``step`` in ``finish_start``, or now if the window has started already."""
        if self._when_started is None:
            step()
        else:
            self._when_started.append(step)

    # -- hooks for later screens ----------------------------------------------------------------
    @property
    def has_store(self) -> bool:
        """False once the database is closed (the window is closing or switching files)."""
        return self._store is not None

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the database is closed")
        return self._store

    def refresh_patients(self) -> None:
        """Show patients added elsewhere (an import): the list and the count in the status line."""
        self.patients_page.refresh()
        self._update_status()

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page after Patients; the tab bar appears once there are two. ``title`` is shown as
        written: an ``&`` in a patient's name is not taken for a keyboard mnemonic."""
        index = self.pages.addTab(widget, title.replace("&", "&&"))
        self._update_title()
        return index

    # -- actions --------------------------------------------------------------------------------
    def new_patient(self) -> None:
        """Open the patient form empty (window-modal, so the list stays visible behind it)."""
        self._open_patient_dialog(None)

    def claim_activation(self, handler: Callable[[int], object]) -> None:
        """Make Return or a double-click on a patient call ``handler`` (patient id) instead of editing."""
        self._on_activated = handler

    def edit_patient(self, patient_id: int | None = None) -> None:
        """Edit ``patient_id``, or the selected patient."""
        if patient_id is None:
            patient_id = self.patients_page.selected_patient_id()
        if patient_id is None:
            return
        try:
            record = self.store.get_patient(patient_id)
        except StoreError as exc:
            prompts.error(self, "Patient not opened", exc.message)
            self.patients_page.refresh()
            return
        self._open_patient_dialog(record)

    def open_database(self, path: str | Path | None = None) -> bool:
        """Switch to another database file; the current one stays open if that fails."""
        current = self.store.path
        if path is None:
            chosen = prompts.choose_database_file(self, str(current.parent))
            if not chosen:
                return False
            path = chosen
        path = Path(path).expanduser()
        if path.resolve() == current.resolve():
            self.statusBar().showMessage("That database is already open.", 5000)
            return False
        if not path.exists() and not prompts.ask_yes_no(
            self,
            "Create database?",
            f"There is no database at\n{path}\n\nCreate a new, empty database there?",
        ):
            return False
        new_store = open_store(self, path, keeping=current)
        if new_store is None:
            return False
        if self._store is not None:
            self.storeAboutToChange.emit(self._store)
        self.close_store()
        self._store = new_store
        self._remember_database(new_store.path)
        self.patients_page.set_store(new_store)
        self._update_status()
        self.storeChanged.emit(new_store)
        return True

    def show_about(self) -> None:
        from .about import AboutDialog

        self.about_dialog = AboutDialog(self)
        self.about_dialog.finished.connect(self.about_dialog.deleteLater)
        self.about_dialog.open()

    def show_preferences(self) -> None:
        """Edit > Preferences (window-modal); saved on OK, announced by ``settingsChanged``."""
        from .preferences import PreferencesDialog

        if self.preferences_dialog is not None:
            self.preferences_dialog.raise_()
            return
        dialog = PreferencesDialog(self)
        dialog.saved.connect(self._on_preferences_saved)
        dialog.finished.connect(lambda _result: self._on_preferences_closed(dialog))
        self.preferences_dialog = dialog
        dialog.open()

    def close_store(self) -> None:
        """Close the database (idempotent)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- Qt events ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        qt_settings.save_bytes({GEOMETRY_KEY: self.saveGeometry(), STATE_KEY: self.saveState()})
        self.close_store()
        super().closeEvent(event)

    # -- internals ------------------------------------------------------------------------------
    def _create_actions(self) -> None:
        self.new_patient_action = _action("&New patient…", self)
        self.new_patient_action.setShortcuts(QKeySequence.StandardKey.New)
        self.new_patient_action.triggered.connect(self.new_patient)

        self.edit_patient_action = _action("&Edit patient…", self)
        self.edit_patient_action.setStatusTip("Edit the selected patient (or press Return on the row)")
        self.edit_patient_action.triggered.connect(lambda: self.edit_patient())

        self.open_database_action = _action("&Open database…", self)
        self.open_database_action.setShortcuts(QKeySequence.StandardKey.Open)
        self.open_database_action.triggered.connect(lambda: self.open_database())

        self.quit_action = _action("&Quit", self)
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])  # Windows has none
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.find_action = _action("&Find patient", self)
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)

        self.preferences_action = _action("&Preferences\u2026", self)
        preference_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.preferences_action.setShortcuts(preference_keys or [QKeySequence("Ctrl+,")])  # Linux has none
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.setStatusTip("Examiner for new exams, paper size, Schirmer and Yanagihara criteria")
        self.preferences_action.triggered.connect(self.show_preferences)

        self.about_action = _action("&About Facialis", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        for action in (self.new_patient_action, self.open_database_action, self.find_action):
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                action.setToolTip(f"{action.text().replace('&', '').rstrip('…')} ({keys})")

    def _create_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self.new_patient_action)
        file_menu.addAction(self.open_database_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addAction(self.edit_patient_action)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.preferences_action)
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _open_patient_dialog(self, record: PatientRecord | None) -> None:
        from .patient_dialog import PatientDialog

        dialog = PatientDialog(self.store, record, self)
        dialog.saved.connect(self._on_patient_saved)
        dialog.finished.connect(lambda _result: self._on_patient_dialog_closed(dialog))
        self.patient_dialog = dialog
        dialog.open()

    def _on_patient_dialog_closed(self, dialog: PatientDialog) -> None:
        if self.patient_dialog is dialog:
            self.patient_dialog = None
        dialog.deleteLater()

    def _on_preferences_saved(self, settings: object) -> None:
        self.statusBar().showMessage("Preferences saved.", 5000)
        self.settingsChanged.emit(settings)

    def _on_preferences_closed(self, dialog: PreferencesDialog) -> None:
        if self.preferences_dialog is dialog:
            self.preferences_dialog = None
        dialog.deleteLater()

    def _on_patient_saved(self, record: PatientRecord) -> None:
        """Show the saved patient in the list, clearing a search that would hide it."""
        self.patients_page.refresh()
        if not self.patients_page.select_patient(record.id):
            self.patients_page.search_edit.clear()
            self.patients_page.refresh()
            self.patients_page.select_patient(record.id)
        self._update_status()
        self.statusBar().showMessage(f"Saved {record.patient.display_name} (MRN {record.patient.mrn}).", 5000)
        self.patients_page.table.setFocus()

    def _focus_search(self) -> None:
        self.pages.setCurrentWidget(self.patients_page)
        self.patients_page.focus_search()

    def _update_title(self, *_args: object) -> None:
        """Name the page on show (the task switcher and screen readers read the window title)."""
        page = self.pages.currentWidget()
        if page is None or page is self.patients_page:
            self.setWindowTitle("Facialis")
        else:
            title = self.pages.tabText(self.pages.currentIndex()).replace("&&", "&")
            self.setWindowTitle(f"{title} \u2013 Facialis")

    def _update_actions(self, *_args: object) -> None:
        self.edit_patient_action.setEnabled(self.patients_page.selected_patient_id() is not None)

    def _update_status(self) -> None:
        store = self.store
        try:
            count = store.count_patients()
        except StoreError:
            count = None
        noun = "patient" if count == 1 else "patients"
        summary = f"{count} {noun}" if count is not None else "patients not counted"
        self._show_status(f"Database: {store.path}  \u00b7  {summary}")
        self.status_label.setToolTip(str(store.path))

    def _show_status(self, text: str) -> None:
        """The status line as plain text: a path may contain ``<``. Before ``finish_start`` sets
        the label to plain text, a text without markup characters shows the same either way."""
        if self._when_started is not None and ("<" in text or "&" in text):
            from PySide6.QtCore import Qt

            self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setText(text)

    def _on_search_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Search failed: {message}", 10000)

    def _remember_database(self, path: Path) -> None:
        from .database import remember_database

        remember_database(self, path)

    def _restore_window_state(self) -> None:
        geometry = qt_settings.load_bytes(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = qt_settings.load_bytes(STATE_KEY)
        if state is not None:
            self.restoreState(state)
