"""Drive the exam wizard as a clinician does (mouse clicks and keys) and count every input.

One click is one input, one key press is one input (typing "20" is two), a shortcut such as
Ctrl+PgDown is one. Used by the end-to-end, vignette and autosave tests (the autosave test runs it
in a child process, so it imports nothing from pytest).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

from facialis.core.exam import Exam
from facialis.gui.wizard.binding import entered_paths, get_path
from facialis.gui.wizard.controls import (
    ChoiceControl,
    DateControl,
    DateTimeControl,
    FieldControl,
    MultiControl,
    NoteControl,
    NumberControl,
    TextControl,
)
from facialis.gui.wizard.wizard import ExamWizard

#: Parts of an exam document that are not typed in the wizard.
NOT_ENTERED = ("format", "format_version", "uid", "patient", "carried_over", "review.signed_by", "review.signed_at")


class Driver:
    """Counts inputs while sending them to the real widgets."""

    def __init__(self) -> None:
        self.count = 0
        self.log: list[str] = []

    def _note(self, what: str, inputs: int = 1) -> None:
        self.count += inputs
        self.log.append(what)

    # -- raw inputs ------------------------------------------------------------------------------------
    def click(self, widget: QWidget, what: str = "") -> None:
        reveal(widget)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())
        QApplication.processEvents()
        self._note(f"click {what or type(widget).__name__}")

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            widget: QWidget | None = None, what: str = "") -> None:
        target = widget or QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        QTest.keyClick(target, key, modifier)
        if modifier & Qt.KeyboardModifier.AltModifier:
            QTest.qWait(150)  # a button's Alt+letter clicks it after a short press animation
        QApplication.processEvents()
        self._note(f"key {what or key}")

    def type(self, text: str, widget: QWidget | None = None) -> None:
        """Type into the focused widget (or ``widget``), one input per character."""
        target = widget or QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        for char in text:
            QTest.keyClicks(target, char)
        QApplication.processEvents()
        self._note(f"type {text!r}", len(text))

    def press(self, text: str) -> None:
        """Press keys one by one, each to whatever has the focus then (a choice moves it on)."""
        for char in text:
            target = QApplication.focusWidget()
            assert target is not None, "no widget has the keyboard focus"
            QTest.keyClicks(target, char)
            QApplication.processEvents()
            self._note(f"press {char!r}")

    # -- controls ----------------------------------------------------------------------------------------
    def choose(self, control: ChoiceControl, value: Any) -> None:
        """Click the option of ``value`` (a second click on a chosen option clears it)."""
        self.click(control.group.chip_for(plain(value)), f"{control.path}={plain(value)}")

    def clear_choice(self, control: ChoiceControl) -> None:
        self.click(control.group.chip_for(control.group.value), f"clear {control.path}")

    def fill(self, control: FieldControl, text: str) -> None:
        """Click into a text field, select what is there (Ctrl+A, only if needed) and type."""
        edit = control.editor
        if QApplication.focusWidget() is not edit:
            self.click(edit, control.path)
        if current_text(control):
            self.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, edit, "select all")
            if not text:
                self.key(Qt.Key.Key_Delete, widget=edit, what="delete")
        if text:
            self.type(text, edit)

    def set_multi(self, control: MultiControl, values: list[str]) -> None:
        for key, box in control.boxes.items():
            if box.isChecked() != (key in values):
                self.click(box, f"{control.path}:{key}")

    def enter(self, wizard: ExamWizard, path: str, value: Any) -> None:
        """Enter one exam item through its control, going to its page first (page list click)."""
        control = wizard.controls[path]
        key = wizard.view_of[path]
        if wizard.current_key != key:
            self.click_page(wizard, key)
        value = plain(value)
        if isinstance(control, ChoiceControl):
            if value is None:
                if control.group.value is not None:
                    self.clear_choice(control)
            elif control.group.value != value:
                self.choose(control, value)
        elif isinstance(control, MultiControl):
            self.set_multi(control, list(value or []))
        elif isinstance(control, DateTimeControl):
            self.fill(control, control.format(as_datetime(value)))
        elif isinstance(control, DateControl):
            self.fill(control, as_date(value).isoformat() if value else "")
        elif isinstance(control, NumberControl):
            self.fill(control, "" if value is None else f"{value:g}")
        elif isinstance(control, (TextControl, NoteControl)):
            self.fill(control, value or "")
        else:  # pragma: no cover
            raise TypeError(type(control))

    def click_page(self, wizard: ExamWizard, key: str) -> None:
        item = wizard.page_list.items[key]
        rect = wizard.page_list.visualItemRect(item)
        QTest.mouseClick(wizard.page_list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         rect.center())
        QApplication.processEvents()
        self._note(f"page {key}")

    def enter_exam(self, wizard: ExamWizard, exam: Exam) -> None:
        """Enter every item of ``exam`` (a vignette) that the wizard does not already hold, and clear
        what the wizard pre-filled but the vignette leaves empty (review excluded)."""
        target = exam.model_dump(mode="json")
        self.enter(wizard, "encounter.exam_datetime", target["encounter"]["exam_datetime"])
        self.enter(wizard, "encounter.affected_side", target["encounter"]["affected_side"])
        wanted = [p for p in entered_paths(target, "") if not p.startswith(NOT_ENTERED) and not p.startswith("review")]
        present = [p for p in entered_paths(wizard.binding.document, "")
                   if not p.startswith(NOT_ENTERED) and not p.startswith("review")]
        for path in present:
            if path not in wanted and path in wizard.controls:
                self.enter(wizard, path, None)
        for path in wanted:
            if path.startswith("history.recent_surgery_sites"):
                path = "history.recent_surgery_sites"
            if wizard.binding.value(path) != get_path(target, path):
                self.enter(wizard, path, get_path(target, path))


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def current_text(control: FieldControl) -> str:
    edit = control.editor
    return edit.toPlainText() if hasattr(edit, "toPlainText") else edit.text()  # type: ignore[attr-defined]


def reveal(widget: QWidget) -> None:
    """Scroll the page so ``widget`` is on screen (a user scrolls before clicking)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
        elif isinstance(parent, QAbstractScrollArea):
            pass
        parent = parent.parentWidget()
    QApplication.processEvents()


def centre(widget: QWidget) -> QPoint:
    return widget.rect().center()
