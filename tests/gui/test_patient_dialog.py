"""The patient form on its own: dates as clinicians type them, names in any script, store errors."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facialis.core.patient import Sex
from facialis.core.store import Store
from facialis.gui.date_input import parse_user_date
from facialis.gui.patient_dialog import PatientDialog

from .conftest import PromptLog, add_patient, commit_with_input_method, read_back, type_text

NAMES_IN_MANY_SCRIPTS = [
    ("\u0627\u0644\u062d\u0633\u0646", "\u0641\u0627\u0637\u0645\u0629"),  # Arabic
    ("\u05dc\u05d5\u05d9", "\u05e9\u05e8\u05d4"),  # Hebrew
    ("\u674e", "\u5c0f\u9f99"),  # Chinese
    ("\u7530\u4e2d", "\u3055\u304f\u3089"),  # Japanese
    ("\ubc15", "\uc9c0\ubbfc"),  # Korean
    ("\u039a\u03c9\u03bd\u03c3\u03c4\u03b1\u03bd\u03c4\u03af\u03bd\u03bf\u03c5", "\u039c\u03b1\u03c1\u03af\u03b1"),  # Greek
    ("\u0421\u043c\u0438\u0440\u043d\u043e\u0432\u0430", "\u041e\u043b\u044c\u0433\u0430"),  # Cyrillic
    ("O'Brien-N\u00ed Dh\u00fanaigh", "Si\u00e2n"),
]


@pytest.fixture
def dialog(qtbot: QtBot, store: Store) -> PatientDialog:
    dialog = PatientDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize(("family", "given"), NAMES_IN_MANY_SCRIPTS)
def test_names_in_any_script_are_saved_as_typed(
    qtbot: QtBot, dialog: PatientDialog, db_path: Path, family: str, given: str
) -> None:
    qtbot.keyClicks(dialog.mrn_edit, "MRN-1")
    type_text(dialog.family_edit, family)
    type_text(dialog.given_edit, given)
    assert dialog.family_edit.text() == family
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PatientDialog.DialogCode.Accepted
    saved = read_back(db_path, "MRN-1")
    assert saved is not None
    assert (saved.patient.family_name, saved.patient.given_names) == (family, given)
    assert dialog.saved_record == saved


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("02.04.1968", date(1968, 4, 2)),
        ("2.4.1968", date(1968, 4, 2)),
        ("1968-04-02", date(1968, 4, 2)),
        (" 29.02.2000 ", date(2000, 2, 29)),
        ("", None),
    ],
)
def test_dates_typed_dotted_or_iso(typed: str, expected: date | None) -> None:
    assert parse_user_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2000", "Date of birth: no such date (31.02.2000)"),
        ("2/4/1968", "Date of birth: not a date"),
        ("02.04.68", "Date of birth: not a date"),
        ("yesterday", "Date of birth: not a date"),
    ],
)
def test_bad_dates_are_named_next_to_the_field(
    qtbot: QtBot, dialog: PatientDialog, typed: str, message: str
) -> None:
    qtbot.keyClicks(dialog.birth_edit, typed)
    label = dialog.messages["birth_date"]
    assert label.isVisible() and label.is_error
    assert label.text().startswith(message)
    assert dialog.validate() is None


def test_today_is_a_valid_birth_date_tomorrow_is_not(qtbot: QtBot, dialog: PatientDialog) -> None:
    qtbot.keyClicks(dialog.mrn_edit, "N-1")
    qtbot.keyClicks(dialog.family_edit, "Newborn")
    qtbot.keyClicks(dialog.birth_edit, date.today().isoformat())
    assert dialog.validate() is not None
    dialog.birth_edit.clear()
    qtbot.keyClicks(dialog.birth_edit, (date.today() + timedelta(days=1)).isoformat())
    assert dialog.validate() is None
    assert "in the future" in dialog.messages["birth_date"].text()


def test_untouched_fields_stay_quiet_until_save(qtbot: QtBot, dialog: PatientDialog) -> None:
    qtbot.keyClicks(dialog.given_edit, "Only given")
    assert not dialog.messages["mrn"].isVisible()
    assert not dialog.messages["family_name"].isVisible()
    assert dialog.sex_combo.currentData() == Sex.unknown  # never guessed


def test_editing_keeps_own_mrn_and_refuses_anothers(qtbot: QtBot, store: Store, db_path: Path) -> None:
    add_patient(store, "700001", "First")
    second = add_patient(store, "700002", "Second")
    dialog = PatientDialog(store, second)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.validate() is not None  # its own MRN is not a duplicate

    dialog.mrn_edit.selectAll()
    qtbot.keyClicks(dialog.mrn_edit, "700001")
    assert "already belongs to First" in dialog.messages["mrn"].text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert read_back(db_path, "700002") is not None


def test_store_failure_keeps_the_dialog_open(
    qtbot: QtBot, dialog: PatientDialog, store: Store, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facialis.core.store import DiskFullError

    def full(_patient):
        raise DiskFullError("The disk holding the database is full; nothing was saved.")

    monkeypatch.setattr(store, "add_patient", full)
    qtbot.keyClicks(dialog.mrn_edit, "800001")
    qtbot.keyClicks(dialog.family_edit, "Full")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    (error,) = prompts_log.of_kind("error")
    assert "disk holding the database is full" in error.text
    assert dialog.family_edit.text() == "Full"


def test_chinese_entered_through_an_input_method(qtbot: QtBot, dialog: PatientDialog, db_path: Path) -> None:
    qtbot.keyClicks(dialog.mrn_edit, "IME-1")
    commit_with_input_method(dialog.family_edit, "\u738b")
    commit_with_input_method(dialog.given_edit, "\u5c0f\u660e")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = read_back(db_path, "IME-1")
    assert saved is not None
    assert saved.patient.display_name == "\u738b, \u5c0f\u660e"


def test_tab_moves_through_the_form_in_reading_order(dialog: PatientDialog) -> None:
    expected = [dialog.mrn_edit, dialog.family_edit, dialog.given_edit, dialog.birth_edit, dialog.sex_combo, dialog.ok_button]
    order = [dialog.mrn_edit]
    widget = dialog.mrn_edit
    while len(order) < len(expected):
        widget = widget.nextInFocusChain()
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            order.append(widget)
    assert order == expected


def test_a_birth_date_after_the_patients_exams_is_named_at_the_field(
    qtbot: QtBot, store: Store, db_path: Path
) -> None:
    from facialis.core.store import ExamSummary

    record = add_patient(store, "700010", "Dated", birth_date=date(1980, 1, 1))
    store.save_draft(record.id, {"format": "facialis-exam"}, ExamSummary(exam_date=date(2024, 3, 1)))
    dialog = PatientDialog(store, record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.birth_edit.selectAll()
    qtbot.keyClicks(dialog.birth_edit, "2024-05-01")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "after this patient's exam of 2024-03-01" in dialog.messages["birth_date"].text()
    assert read_back(db_path, "700010").patient.birth_date == date(1980, 1, 1)


def test_every_field_has_a_name_a_screen_reader_can_read(dialog: PatientDialog) -> None:
    from PySide6.QtGui import QAccessible

    names = {}
    for field in ("mrn", "family_name", "given_names", "birth_date"):
        names[field] = QAccessible.queryAccessibleInterface(dialog.editors[field]).text(QAccessible.Text.Name)
    assert names == {
        "mrn": "MRN", "family_name": "Family name", "given_names": "Given names", "birth_date": "Date of birth",
    }
    assert dialog.sex_combo.accessibleName() == "Sex"  # Linux reads a combo's name from its label


def test_a_fields_problem_is_read_with_the_field(qtbot: QtBot, dialog: PatientDialog) -> None:
    from PySide6.QtGui import QAccessible

    qtbot.keyClicks(dialog.birth_edit, "31.02.1980")
    description = QAccessible.queryAccessibleInterface(dialog.birth_edit).text(QAccessible.Text.Description)
    assert description == "Date of birth: no such date (31.02.1980)"
    dialog.birth_edit.selectAll()
    qtbot.keyClicks(dialog.birth_edit, "29.02.1980")
    assert dialog.birth_edit.accessibleDescription() == "29 February 1980"  # the reading back, too


@pytest.mark.parametrize("close", ["escape", "cancel"])
def test_closing_with_typed_entries_asks_first_and_keeps_them(
    qtbot: QtBot, dialog: PatientDialog, prompts_log: PromptLog, db_path: Path, close: str
) -> None:
    qtbot.keyClicks(dialog.mrn_edit, "K-77")
    type_text(dialog.family_edit, "\u05dc\u05d5\u05d9")

    def close_it() -> None:
        if close == "escape":
            qtbot.keyClick(dialog.family_edit, Qt.Key.Key_Escape)
        else:
            cancel = dialog.button_box.button(dialog.button_box.StandardButton.Cancel)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    close_it()  # the answer is No
    assert [p.title for p in prompts_log.of_kind("question")] == ["Discard this patient?"]
    assert dialog.isVisible()
    assert (dialog.mrn_edit.text(), dialog.family_edit.text()) == ("K-77", "\u05dc\u05d5\u05d9")

    prompts_log.yes_no_answers.append(True)
    close_it()
    assert not dialog.isVisible()
    assert dialog.result() == PatientDialog.DialogCode.Rejected
    assert read_back(db_path, "K-77") is None


def test_closing_an_untouched_form_asks_nothing(qtbot: QtBot, store: Store, prompts_log: PromptLog) -> None:
    record = add_patient(store, "K-78", "Levi", birth_date=date(1990, 5, 6))
    dialog = PatientDialog(store, record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.birth_edit.setFocus()
    qtbot.keyClick(dialog.birth_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert prompts_log.shown == []
