"""Edit > Preferences: the user's settings (core.settings), edited in one form and saved on OK.

The form is built from the declared settings (``USER_SETTINGS``: which, in what order, named how;
each field's type, bounds and description), so a new setting needs one line there and nothing
here. Nothing is written until OK; a settings file that could not be read is named at the top and
kept aside when the new one is saved, never overwritten.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facialis.core.settings import CHOICE_LABELS, USER_SETTINGS, Settings, read_settings, save_settings, settings_path

from . import prompts
from .patient_dialog import ERROR_COLOR
from .widgets import plain_label, tab_buttons_in_visual_order

#: Units shown after a number (presentation only; the value and its bounds are the setting's).
SUFFIXES = {
    "schirmer_threshold_percent": " % of the other side",
    "schirmer_total_min_mm": " mm (at 5 min)",
}
OPEN_EXAMS_NOTE = "Exams already open keep the choices they were opened with; the next exam or report uses the new ones."


def _bounds(name: str) -> tuple[int, int]:
    """The setting's own limits (``ge``/``le`` in its declaration)."""
    low, high = 0, 10_000
    for rule in Settings.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _max_length(name: str) -> int | None:
    for rule in Settings.model_fields[name].metadata:
        if getattr(rule, "max_length", None) is not None:
            return int(rule.max_length)
    return None


def _help_label(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    _color(label, label.palette().color(QPalette.ColorRole.PlaceholderText))
    return label


def _color(label: QLabel, color: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)


class PreferencesDialog(QDialog):
    """Shows the saved settings; OK validates, saves atomically and emits ``saved``."""

    #: The settings as saved (a new ``Settings``).
    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(560)
        self._settings, problem = read_settings()
        self.editors: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        self.problem_label: QLabel | None = None
        if problem:
            self.problem_label = plain_label(problem)
            self.problem_label.setWordWrap(True)
            _color(self.problem_label, ERROR_COLOR)
            layout.addWidget(self.problem_label)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for name, title in USER_SETTINGS.items():
            editor = self._editor(name)
            editor.setAccessibleName(title)
            description = Settings.model_fields[name].description or ""
            editor.setToolTip(description)
            self.editors[name] = editor
            label = plain_label(f"{title}:")
            label.setBuddy(editor)
            row = grid.rowCount()
            grid.addWidget(label, row, 0)
            grid.addWidget(editor, row, 1)
            if description:  # under both columns: the sources need the room
                help_label = _help_label(description)
                help_label.setContentsMargins(12, 0, 0, 8)
                grid.addWidget(help_label, row + 1, 0, 1, 2)
        layout.addLayout(grid)

        note = _help_label(f"{OPEN_EXAMS_NOTE}\nSaved in {settings_path()}.")
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(note)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout.addWidget(self.buttons)
        self._show(self._settings)
        #: What the form showed when it opened: closing with other values asks first.
        self._opened_with = self.values()

    # -- the form -------------------------------------------------------------------------------
    def _editor(self, name: str) -> QWidget:
        kind = Settings.model_fields[name].annotation
        if isinstance(kind, type) and issubclass(kind, Enum):
            combo = QComboBox()
            for choice in kind:
                combo.addItem(CHOICE_LABELS.get(choice, str(choice.value)), choice)
            return combo
        if kind is int:
            spin = QSpinBox()
            spin.setRange(*_bounds(name))
            spin.setSuffix(SUFFIXES.get(name, ""))
            return spin
        line = QLineEdit()
        limit = _max_length(name)
        if limit:
            line.setMaxLength(limit)
        return line

    def _show(self, settings: Settings) -> None:
        for name, editor in self.editors.items():
            value = getattr(settings, name)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QLineEdit):
                editor.setText(value or "")

    def values(self) -> dict[str, Any]:
        """What the form says, by setting name."""
        found: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                found[name] = editor.currentData()
            elif isinstance(editor, QSpinBox):
                found[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                found[name] = editor.text().strip()
        return found

    def restore_defaults(self) -> None:
        """Fill the form with the defaults (saved only on OK)."""
        self._show(Settings())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        tab_buttons_in_visual_order(self.buttons, list(self.editors.values())[-1])

    def reject(self) -> None:
        """Escape, Cancel or the close button: changed settings are only dropped once the user says so."""
        if self.values() != self._opened_with and not prompts.ask_yes_no(
            self,
            "Discard your changes?",
            "Your changes to the preferences have not been saved.\n\n"
            "Close Preferences and lose them? (No goes back to the form.)",
        ):
            return
        super().reject()

    # -- saving ---------------------------------------------------------------------------------
    def accept(self) -> None:
        """Validate and save; on a problem say which setting or file, and keep the dialog open."""
        # Only the form's own settings come from the form: one saved meanwhile (the database a
        # backup copy switched to while this dialog was open, another Facialis) is kept.
        current, problem = read_settings()
        base = self._settings if problem else current
        try:
            chosen = Settings.model_validate({**base.model_dump(), **self.values()})
        except ValidationError as exc:
            prompts.error(self, "Preferences not saved", self._describe(exc))
            return
        try:
            kept = save_settings(chosen)
        except OSError as exc:
            prompts.error(
                self,
                "Preferences not saved",
                f"The settings file {settings_path()} could not be written: {exc.strerror or exc}.\n"
                "The earlier settings are unchanged.",
            )
            return
        if kept is not None:
            prompts.info(
                self,
                "Unreadable settings kept",
                f"The settings file that could not be read was kept as\n{kept}\nand a new one was saved.",
            )
        self._settings = chosen
        self.saved.emit(chosen)
        super().accept()

    @staticmethod
    def _describe(error: ValidationError) -> str:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            lines.append(f"{USER_SETTINGS.get(name, name)}: {problem['msg']}")
        return "\n".join(lines)
