"""End-to-end tests of the main window: real widgets, a real database file, keyboard and mouse."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from facialis.core.patient import Patient, Sex
from facialis.core.settings import load_settings, settings_path
from facialis.core.store import Store
from facialis.gui.about import INTENDED_USE
from facialis.gui.database import resolve_db_path
from facialis.gui.main_window import MainWindow
from facialis.gui.patient_dialog import PatientDialog

from .conftest import PromptLog, add_patient, commit_with_input_method, read_back, type_text


@pytest.fixture
def make_window(qtbot: QtBot, db_path: Path) -> Iterator:
    """Open the window on ``db_path`` as the application does; closed (store and all) at the end."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(Store.open(db_path))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)  # keyboard focus needs an active window, offscreen too
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def open_new_patient_dialog(qtbot: QtBot, window: MainWindow) -> PatientDialog:
    window.new_patient_action.trigger()
    dialog = window.patient_dialog
    assert dialog is not None
    qtbot.waitActive(dialog)
    return dialog


def type_into(qtbot: QtBot, widget, text: str) -> None:
    """Replace a line edit's text the way a user does: select all, then type."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    type_text(widget, text)


def test_add_patient_typed_into_dialog_is_saved(qtbot: QtBot, window: MainWindow, db_path: Path) -> None:
    assert window.new_patient_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    dialog = open_new_patient_dialog(qtbot, window)

    qtbot.keyClicks(dialog.mrn_edit, "A-100234")
    type_text(dialog.family_edit, "\u0645\u062d\u0645\u062f")  # Arabic
    type_text(dialog.given_edit, "\u0395\u03bb\u03ad\u03bd\u03b7 ")  # Greek
    commit_with_input_method(dialog.given_edit, "\u5c0f\u660e")  # Chinese, through an IME
    qtbot.keyClicks(dialog.birth_edit, "02.04.1968")
    assert dialog.messages["birth_date"].text() == "2 April 1968"  # read back in words
    dialog.sex_combo.setFocus()
    qtbot.keyClicks(dialog.sex_combo, "F")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert window.patient_dialog is None
    saved = read_back(db_path, "A-100234")
    assert saved is not None
    assert saved.patient == Patient(
        mrn="A-100234",
        family_name="\u0645\u062d\u0645\u062f",
        given_names="\u0395\u03bb\u03ad\u03bd\u03b7 \u5c0f\u660e",
        birth_date=date(1968, 4, 2),
        sex=Sex.female,
    )
    assert window.patients_page.selected_patient_id() == saved.id
    assert "1 patient" in window.status_label.text()
    assert str(db_path) in window.status_label.text()


def test_search_box_shows_only_matching_rows(qtbot: QtBot, store: Store, make_window) -> None:
    mueller = add_patient(store, "100234", "M\u00fcller", "Anna", date(1968, 4, 2), Sex.female)
    greek = add_patient(store, "100871", "\u03a0\u03b1\u03c0\u03b1\u03b4\u03bf\u03c0\u03bf\u03cd\u03bb\u03bf\u03c5", "\u0395\u03bb\u03ad\u03bd\u03b7")
    hebrew = add_patient(store, "200555", "\u05db\u05d4\u05df", "\u05d3\u05d5\u05d3")
    window = make_window()
    page = window.patients_page
    assert sorted(page.visible_patient_ids()) == sorted([mueller.id, greek.id, hebrew.id])

    window.find_action.trigger()
    assert window.focusWidget() is page.search_edit
    type_text(page.search_edit, "M\u00fcl")
    qtbot.waitUntil(lambda: page.visible_patient_ids() == [mueller.id], timeout=2000)

    type_into(qtbot, page.search_edit, "\u03a0\u03b1\u03c0")
    qtbot.waitUntil(lambda: page.visible_patient_ids() == [greek.id], timeout=2000)

    type_into(qtbot, page.search_edit, "2005")  # MRN prefix
    qtbot.waitUntil(lambda: page.visible_patient_ids() == [hebrew.id], timeout=2000)

    type_into(qtbot, page.search_edit, "nobody")
    qtbot.waitUntil(lambda: page.visible_patient_ids() == [], timeout=2000)
    assert "No patient matches" in page.result_label.text()

    qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)  # clears the search
    qtbot.waitUntil(lambda: len(page.visible_patient_ids()) == 3, timeout=2000)


def test_edit_patient_from_the_list_saves_the_change(
    qtbot: QtBot, store: Store, make_window, db_path: Path
) -> None:
    record = add_patient(store, "300001", "Cohen", "David", date(2012, 7, 8), Sex.male)
    window = make_window()
    page = window.patients_page
    assert not window.edit_patient_action.isEnabled()  # nothing selected yet

    qtbot.keyClicks(page.search_edit, "Coh")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # into the list, first row selected
    assert window.focusWidget() is page.table
    assert window.edit_patient_action.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # activate the row
    dialog = window.patient_dialog
    assert dialog is not None
    assert dialog.mrn_edit.text() == "300001"
    assert dialog.birth_edit.text() == "2012-07-08"

    type_into(qtbot, dialog.given_edit, "David \u05d9\u05e2\u05e7\u05d1")  # Hebrew added
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert window.patient_dialog is None
    saved = read_back(db_path, "300001")
    assert saved is not None
    assert saved.id == record.id
    assert saved.version == record.version + 1
    assert saved.patient.given_names == "David \u05d9\u05e2\u05e7\u05d1"
    assert saved.patient.family_name == "Cohen"


def test_double_click_emits_patient_activated(qtbot: QtBot, store: Store, make_window) -> None:
    record = add_patient(store, "300002", "Okafor", "Chidi")
    window = make_window()
    table = window.patients_page.table
    index = table.model().index(0, 1)
    with qtbot.waitSignal(window.patientActivated) as signal:
        rect = table.visualRect(index)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [record.id]
    assert window.patient_dialog is not None  # without the exam screens attached, activation edits
    window.patient_dialog.reject()


def test_validation_messages_next_to_fields_and_nothing_saved(
    qtbot: QtBot, store: Store, make_window, db_path: Path
) -> None:
    add_patient(store, "400001", "Nakamura", "Yui")
    window = make_window()
    dialog = open_new_patient_dialog(qtbot, window)

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # empty form
    assert window.patient_dialog is dialog and dialog.isVisible()
    assert dialog.messages["mrn"].isVisible()
    assert dialog.messages["mrn"].text() == "The MRN is required."
    assert dialog.messages["family_name"].text() == "The family name is required."
    assert dialog.focusWidget() is dialog.mrn_edit  # first problem gets the cursor
    _assert_message_under(dialog, "mrn")

    qtbot.keyClicks(dialog.mrn_edit, "400001")  # duplicate: shown while typing
    assert "already belongs to Nakamura, Yui" in dialog.messages["mrn"].text()
    qtbot.keyClicks(dialog.family_edit, "Nakamura")
    assert not dialog.messages["family_name"].isVisible()

    qtbot.keyClicks(dialog.birth_edit, f"01.01.{date.today().year + 1}")
    assert "in the future" in dialog.messages["birth_date"].text()
    assert dialog.messages["birth_date"].is_error
    _assert_message_under(dialog, "birth_date")

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "already belongs" in dialog.messages["mrn"].text()
    assert dialog.mrn_edit.text() == "400001"  # nothing typed is lost

    dialog.reject()
    with Store.open(db_path, backup=False) as fresh:
        assert fresh.count_patients() == 1


def _assert_message_under(dialog: PatientDialog, field: str) -> None:
    editor = dialog.editors[field]
    message = dialog.messages[field]
    assert message.parentWidget() is editor.parentWidget()  # same form cell
    assert message.geometry().top() >= editor.geometry().bottom()
    assert message.geometry().left() == editor.geometry().left()


def test_conflicting_edit_keeps_typed_values_and_can_be_saved_over(
    qtbot: QtBot, store: Store, make_window, db_path: Path, prompts_log: PromptLog
) -> None:
    record = add_patient(store, "500001", "Silva", "Ana")
    window = make_window()
    window.edit_patient(record.id)
    dialog = window.patient_dialog
    assert dialog is not None
    # Meanwhile, another workstation changes the same patient.
    store.update_patient(record.id, record.patient.model_copy(update={"given_names": "Ana Paula"}), record.version)

    type_into(qtbot, dialog.family_edit, "Silva Santos")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.family_edit.text() == "Silva Santos"
    (warning,) = prompts_log.of_kind("warning")
    assert "Silva, Ana Paula" in warning.text
    assert read_back(db_path, "500001").patient.family_name == "Silva"

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the user chooses to save theirs
    assert window.patient_dialog is None
    assert read_back(db_path, "500001").patient.family_name == "Silva Santos"


def test_open_database_refuses_a_non_database_file(
    window: MainWindow, tmp_path: Path, db_path: Path, prompts_log: PromptLog
) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"these are notes, not a database\n" * 20)
    before = bad.read_bytes()
    prompts_log.files.append(str(bad))

    window.open_database_action.trigger()

    (error,) = prompts_log.of_kind("error")
    assert str(bad) in error.text
    assert str(db_path) in error.text  # and says which database stays open
    assert window.store.path == db_path
    assert bad.read_bytes() == before


def _open_second_database(qtbot: QtBot, window: MainWindow, tmp_path: Path, prompts_log: PromptLog) -> Path:
    """Another database with one patient, chosen with File > Open database; its path."""
    other = tmp_path / "other" / "second.sqlite3"
    other.parent.mkdir()
    with Store.open(other) as second:
        add_patient(second, "900001", "Second", "Database")
    prompts_log.files.append(str(other))
    with qtbot.waitSignal(window.storeChanged):
        window.open_database_action.trigger()
    return other


def test_open_database_switches_and_is_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, prompts_log: PromptLog
) -> None:
    other = _open_second_database(qtbot, window, tmp_path, prompts_log)

    assert window.store.path == other
    assert str(other) in window.status_label.text()
    assert len(window.patients_page.visible_patient_ids()) == 1
    assert load_settings().database_path == str(other)
    assert resolve_db_path() == other


def test_open_database_asks_before_creating_a_new_file(
    window: MainWindow, tmp_path: Path, db_path: Path, prompts_log: PromptLog
) -> None:
    new = tmp_path / "typo.sqlite3"
    prompts_log.files.append(str(new))
    prompts_log.yes_no_answers.append(False)
    window.open_database_action.trigger()
    assert [p.kind for p in prompts_log.shown] == ["file", "question"]
    assert not new.exists()
    assert window.store.path == db_path


def test_window_geometry_is_restored(make_window) -> None:
    first = make_window()
    first.resize(720, 470)  # the offscreen screen is small; stay inside it
    first.close()
    second = make_window()
    assert (second.width(), second.height()) == (720, 470)
    # Kept beside the core settings file, in the user's configuration folder.
    assert (settings_path().parent / "window-state.ini").is_file()


def test_window_state_follows_platformdirs_on_macos(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """platformdirs keeps configuration in Application Support on macOS: Qt's data folder there."""
    from facialis.gui import qt_settings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(qt_settings.sys, "platform", "darwin")
    assert Path(qt_settings.qsettings().fileName()) == tmp_path / "data" / "Facialis" / "window-state.ini"
    monkeypatch.setattr(qt_settings.sys, "platform", "linux")
    assert Path(qt_settings.qsettings().fileName()).parent == settings_path().parent


def test_menus_and_shortcuts(window: MainWindow) -> None:
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "Help"]
    titles = {name: [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()] for name, menu in menus.items()}
    assert titles == {
        "File": ["New patient…", "Open database…", "Quit"],
        "Edit": ["Edit patient…", "Find patient", "Preferences…"],
        "Help": ["About Facialis"],
    }
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert not window.quit_action.shortcut().isEmpty()
    assert window.windowTitle() == "Facialis"
    assert window.pages.widget(0) is window.patients_page


def test_quit_closes_the_window_and_the_database(window: MainWindow) -> None:
    window.quit_action.trigger()
    assert not window.isVisible()
    with pytest.raises(RuntimeError):
        window.store  # noqa: B018 - the property raises once closed


def test_about_shows_version_and_intended_use(qtbot: QtBot, window: MainWindow) -> None:
    window.about_action.trigger()
    about = window.about_dialog
    assert about is not None
    qtbot.waitExposed(about)
    assert about.intended_use.text() == INTENDED_USE
    assert "not a substitute for clinical judgement" in INTENDED_USE
    about.reject()


def test_markup_in_a_name_is_shown_as_typed(qtbot: QtBot, store: Store, make_window) -> None:
    add_patient(store, "600001", "<b>Bold</b> & Co")
    window = make_window()
    assert window.patients_page.table.model().index(0, 1).data() == "<b>Bold</b> & Co"
    dialog = open_new_patient_dialog(qtbot, window)
    qtbot.keyClicks(dialog.mrn_edit, "600001")
    message = dialog.messages["mrn"]
    assert "<b>Bold</b> & Co" in message.text()
    assert message.textFormat() == Qt.TextFormat.PlainText
    dialog.reject()


def test_remembering_a_database_over_an_unreadable_settings_file_says_where_it_was_kept(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, prompts_log: PromptLog
) -> None:
    """The settings file is moved aside, never overwritten; the user is told so, naming both files."""
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"examiner": "Dr. A", "paper_size": "A5"}', encoding="utf-8")
    other = _open_second_database(qtbot, window, tmp_path, prompts_log)

    kept = settings_path().with_name(settings_path().name + ".unreadable")
    assert kept.read_text(encoding="utf-8") == '{"examiner": "Dr. A", "paper_size": "A5"}'
    assert load_settings().database_path == str(other)
    (warning,) = prompts_log.of_kind("warning")
    assert str(kept) in warning.text and "paper_size" in warning.text
