"""Wizard tests: the main window on a temporary database with the wizard attached."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facialis.core.patient import Sex
from facialis.core.settings import Settings
from facialis.core.store import PatientRecord, Store
from facialis.gui.main_window import MainWindow
from facialis.gui.wizard import WizardController, attach
from facialis.gui.wizard.wizard import ExamWizard

from ..conftest import add_patient
from .driver import Driver

EXAMINER = "Dr. A. Example"


@pytest.fixture
def settings() -> Settings:
    return Settings(examiner=EXAMINER)


@pytest.fixture
def make_window(qtbot: QtBot, db_path: Path, settings: Settings) -> Iterator[Callable[[], MainWindow]]:
    """The main window on ``db_path`` with the wizard attached, as the application will start it."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(Store.open(db_path, backup=False))
        attach(window, settings)
        qtbot.addWidget(window)
        window.resize(1366, 860)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.wait(10)  # the restore offer runs once the event loop is up
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


def controller(window: MainWindow) -> WizardController:
    return window.wizard_controller  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def driver() -> Driver:
    return Driver()


@pytest.fixture
def patient(store: Store) -> PatientRecord:
    return add_patient(store, "V05", "Fischer", "Anna", date(1992, 3, 14), Sex.female)


def open_wizard(qtbot: QtBot, window: MainWindow, patient_id: int) -> ExamWizard:
    """Select the patient and start a new exam with its shortcut, as a user does."""
    window.patients_page.refresh()
    assert window.patients_page.select_patient(patient_id)
    window.patients_page.table.setFocus()
    qtbot.keyClick(window.patients_page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wizards = controller(window).wizards
    assert wizards, "Ctrl+E did not open the exam wizard"
    return wizards[-1]
