"""The front desk by keyboard (and by screen reader): find or add a patient, start the exam, and
always know where the cursor is and which screen is open."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from facialis.core.settings import settings_path
from facialis.core.store import Store
from facialis.gui.main_window import MainWindow
from facialis.gui.preferences import PreferencesDialog

from .conftest import PromptLog, add_patient, type_text
from .wizard.conftest import controller, make_window, settings, window  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> object:
    return QApplication.focusWidget()


def key(qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the cursor is, as the user's keyboard sends it."""
    widget = focused()
    assert widget is not None, "no widget has the keyboard focus"
    qtbot.keyClick(widget, which, modifier)


def test_new_patient_then_exam_by_keyboard_only_and_the_title_follows(
    qtbot: QtBot, window: MainWindow, db_path: Path  # noqa: F811
) -> None:
    assert focused() is window.patients_page.search_edit
    key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.patient_dialog
    assert dialog is not None
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.mrn_edit)
    for text in ("FD-1", "Nasser & Sons", "Layla", "7.8.1985"):
        type_text(focused(), text)  # type: ignore[arg-type]
        key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "F")  # type: ignore[arg-type]
    key(qtbot, Qt.Key.Key_Return)
    assert window.patient_dialog is None
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: focused() is window.patients_page.table)
    saved = window.store.find_patient_by_mrn("FD-1")
    assert saved is not None and window.patients_page.selected_patient_id() == saved.id
    assert "Saved Nasser & Sons, Layla (MRN FD-1)." in window.statusBar().currentMessage()
    assert window.windowTitle() == "Facialis"

    key(qtbot, Qt.Key.Key_E, CTRL)
    wizard = controller(window).wizards[-1]
    assert window.pages.currentWidget() is wizard
    # The tab and the title show the name as written: "&" is not a mnemonic that hides itself.
    assert window.windowTitle() == "Exam: Nasser & Sons, Layla \u2013 Facialis"
    assert window.pages.tabText(window.pages.currentIndex()).replace("&&", "&") == "Exam: Nasser & Sons, Layla"
    assert "&&" in window.pages.tabText(window.pages.currentIndex())

    window.pages.setCurrentWidget(window.patients_page)
    assert window.windowTitle() == "Facialis"


def test_escape_in_the_list_goes_back_to_the_search(qtbot: QtBot, store: Store, make_window) -> None:  # noqa: F811
    add_patient(store, "S-1", "Smith", "Ann")
    add_patient(store, "S-2", "Smithers", "Bo")
    window = make_window()
    page = window.patients_page
    qtbot.keyClicks(page.search_edit, "smi")
    key(qtbot, Qt.Key.Key_Down)
    assert focused() is page.table and page.selected_patient_id() is not None

    key(qtbot, Qt.Key.Key_Escape)
    assert focused() is page.search_edit
    assert page.search_edit.selectedText() == "smi"  # typing starts a new search
    key(qtbot, Qt.Key.Key_Escape)
    assert page.search_edit.text() == ""


def test_the_list_has_a_name_and_says_what_to_do_when_empty(qtbot: QtBot, make_window) -> None:  # noqa: F811
    window = make_window()
    table = window.patients_page.table
    interface = QAccessible.queryAccessibleInterface(table)
    assert interface.text(QAccessible.Text.Name) == "Patients"
    assert interface.text(QAccessible.Text.Description) == "No patients yet: add the first with New patient."
    assert window.patients_page.result_label.isVisible()


def test_long_names_in_any_script_are_shown_whole_in_the_tooltip(
    qtbot: QtBot, store: Store, make_window  # noqa: F811
) -> None:
    long_family = "Featherstonehaugh-Wolfeschlegelsteinhausenbergerdorff " * 3
    add_patient(store, "L-1", long_family.strip(), "Hubert", date(1950, 1, 2))
    add_patient(store, "L-2", "\u0627\u0644\u062d\u0633\u0646", "\u0641\u0627\u0637\u0645\u0629")
    add_patient(store, "L-3", "\u05dc\u05d5\u05d9", "\u05e9\u05e8\u05d4")
    add_patient(store, "L-4", "\u7530\u4e2d", "\u3055\u304f\u3089")
    window = make_window()
    window.resize(1024, 640)
    table = window.patients_page.table
    model = table.model()
    names = {model.index(row, 1).data(): model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
             for row in range(model.rowCount())}
    assert len(names) == 4 and all(shown == tip for shown, tip in names.items())
    assert table.columnWidth(1) < table.fontMetrics().horizontalAdvance(long_family)  # elided, not widened
    assert table.horizontalScrollBar().maximum() == 0


def test_preferences_tab_in_the_order_shown_and_escape_asks_before_dropping_changes(
    qtbot: QtBot, window: MainWindow, prompts_log: PromptLog  # noqa: F811
) -> None:
    key(qtbot, Qt.Key.Key_Comma, CTRL)
    dialog = window.preferences_dialog
    assert isinstance(dialog, PreferencesDialog)
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.editors["examiner"])

    chain = [focused()]
    for _ in range(len(dialog.editors) + 2):
        key(qtbot, Qt.Key.Key_Tab)
        chain.append(focused())
    buttons = chain[len(dialog.editors):]
    assert chain[:len(dialog.editors)] == list(dialog.editors.values())
    xs = [button.mapTo(dialog, button.rect().topLeft()).x() for button in buttons]  # type: ignore[union-attr]
    assert xs == sorted(xs), "Tab jumps around the buttons"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults) in buttons

    examiner = dialog.editors["examiner"]
    assert isinstance(examiner, QLineEdit)
    examiner.setFocus()
    qtbot.keyClicks(examiner, "Dr. Typed")
    key(qtbot, Qt.Key.Key_Escape)  # the answer is No
    assert [p.title for p in prompts_log.of_kind("question")] == ["Discard your changes?"]
    assert dialog.isVisible() and examiner.text() == "Dr. Typed"
    prompts_log.yes_no_answers.append(True)
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not settings_path().exists()
