"""Edit > Preferences: opened from the menu, edited by keyboard, saved on OK, used by the next exam."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from facialis.core.settings import PaperSize, Settings, load_settings, save_settings, settings_path
from facialis.gui.main_window import MainWindow
from facialis.gui.preferences import PreferencesDialog

from .conftest import PromptLog
from .wizard.conftest import controller, make_window, open_wizard, patient, settings, window  # noqa: F401


def open_preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    window.preferences_action.trigger()
    dialog = window.preferences_dialog
    assert dialog is not None
    qtbot.waitActive(dialog)
    return dialog


def replace_text(qtbot: QtBot, widget: QLineEdit | QSpinBox, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


def press(qtbot: QtBot, dialog: PreferencesDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def test_menu_has_preferences_with_a_shortcut(window: MainWindow) -> None:
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.preferences_action in edit_menu.actions()
    assert not window.preferences_action.shortcut().isEmpty()


def test_saved_preferences_reach_the_file_and_the_next_exam(
    qtbot: QtBot, window: MainWindow, patient, prompts_log: PromptLog  # noqa: F811
) -> None:
    save_settings(Settings(database_path="/clinic/facialis.sqlite3"))
    changed: list[Settings] = []
    window.settingsChanged.connect(changed.append)
    dialog = open_preferences(qtbot, window)

    examiner = dialog.editors["examiner"]
    assert isinstance(examiner, QLineEdit)
    replace_text(qtbot, examiner, "Dr. B. Nerv")
    paper = dialog.editors["paper_size"]
    assert isinstance(paper, QComboBox)
    paper.setFocus()
    qtbot.keyClick(paper, Qt.Key.Key_Down)
    schirmer = dialog.editors["schirmer_threshold_percent"]
    assert isinstance(schirmer, QSpinBox)
    replace_text(qtbot, schirmer, "70")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    saved = load_settings()
    assert (saved.examiner, saved.paper_size, saved.schirmer_threshold_percent) == ("Dr. B. Nerv", PaperSize.letter, 70)
    assert saved.database_path == "/clinic/facialis.sqlite3"  # not a Preferences setting: kept
    assert changed and changed[-1] == saved
    assert window.preferences_dialog is None and prompts_log.shown == []

    wizard = open_wizard(qtbot, window, patient.id)
    assert wizard.binding.exam.encounter.examiner == "Dr. B. Nerv"
    assert wizard.settings.schirmer_threshold_percent == 70


def test_cancel_writes_nothing(qtbot: QtBot, window: MainWindow, prompts_log: PromptLog) -> None:
    dialog = open_preferences(qtbot, window)
    replace_text(qtbot, dialog.editors["examiner"], "Someone else")  # type: ignore[arg-type]
    prompts_log.yes_no_answers.append(True)  # yes, drop the change
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert [p.title for p in prompts_log.of_kind("question")] == ["Discard your changes?"]
    assert not dialog.isVisible()
    assert not settings_path().exists()


def test_restore_defaults_fills_the_form_and_saves_only_on_ok(qtbot: QtBot, window: MainWindow) -> None:
    save_settings(Settings(examiner="Dr. C", schirmer_threshold_percent=70))
    dialog = open_preferences(qtbot, window)
    assert dialog.values()["schirmer_threshold_percent"] == 70
    press(qtbot, dialog, QDialogButtonBox.StandardButton.RestoreDefaults)
    assert dialog.values()["schirmer_threshold_percent"] == Settings().schirmer_threshold_percent
    assert dialog.values()["examiner"] == ""
    assert load_settings().examiner == "Dr. C"
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert load_settings().examiner == ""


def test_numbers_stay_within_the_declared_bounds(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_preferences(qtbot, window)
    schirmer = dialog.editors["schirmer_threshold_percent"]
    assert isinstance(schirmer, QSpinBox)
    assert (schirmer.minimum(), schirmer.maximum()) == (10, 90)
    replace_text(qtbot, schirmer, "95")
    assert schirmer.value() <= 90


def test_an_unreadable_settings_file_is_named_and_kept_aside(
    qtbot: QtBot, window: MainWindow, prompts_log: PromptLog
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"examiner": "Dr. D", "paper_size": "A5"', encoding="utf-8")  # a hand edit gone wrong
    dialog = open_preferences(qtbot, window)
    assert dialog.problem_label is not None and str(path) in dialog.problem_label.text()
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)

    kept = path.with_name("settings.json.unreadable")
    assert kept.read_text(encoding="utf-8") == '{"examiner": "Dr. D", "paper_size": "A5"'
    assert json.loads(path.read_text(encoding="utf-8"))["paper_size"] == "A4"
    assert [p.kind for p in prompts_log.shown] == ["info"] and str(kept) in prompts_log.shown[0].text


def test_a_write_failure_is_said_and_the_dialog_stays(
    qtbot: QtBot, window: MainWindow, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(Settings(examiner="Dr. E"))
    from facialis.gui import preferences

    def full_disk(*_args: object, **_kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(preferences, "save_settings", full_disk)
    dialog = open_preferences(qtbot, window)
    replace_text(qtbot, dialog.editors["examiner"], "Dr. F")  # type: ignore[arg-type]
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    [error] = prompts_log.of_kind("error")
    assert str(settings_path()) in error.text and "No space left" in error.text
    assert load_settings().examiner == "Dr. E"


def test_report_paper_follows_the_latest_preferences_for_an_open_exam(
    qtbot: QtBot, window: MainWindow, patient  # noqa: F811
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    dialog = open_preferences(qtbot, window)
    paper = dialog.editors["paper_size"]
    paper.setFocus()
    qtbot.keyClick(paper, Qt.Key.Key_Down)
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    reports = window.report_actions  # type: ignore[attr-defined]
    chosen = reports.report_settings(wizard)
    assert chosen.paper_size == PaperSize.letter
    assert chosen.schirmer_threshold_percent == wizard.settings.schirmer_threshold_percent
    assert wizard.settings.paper_size == PaperSize.a4  # the exam's own settings are unchanged


def test_saving_preferences_keeps_a_database_chosen_while_they_were_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, prompts_log: PromptLog
) -> None:
    """The start-up check can switch to a backup copy (and remember it) while Preferences is open;
    OK must not put the damaged database back as the one the next start opens."""
    from facialis.gui.database import remember_database

    save_settings(Settings(database_path=str(tmp_path / "damaged.sqlite3")))
    dialog = open_preferences(qtbot, window)
    copy = tmp_path / "damaged-restored-2026-01-02.sqlite3"
    remember_database(window, copy)
    examiner = dialog.editors["examiner"]
    assert isinstance(examiner, QLineEdit)
    replace_text(qtbot, examiner, "Dr. C. Copy")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    saved = load_settings()
    assert saved.examiner == "Dr. C. Copy"
    assert saved.database_path == str(copy)
