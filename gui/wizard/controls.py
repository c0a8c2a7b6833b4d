"""The controls of the wizard, each bound to one exam path: choices, numbers, dates and texts.

Every control shows "not assessed" as nothing chosen or an empty field, reports what the user
entered through ``edited(path, value)`` (JSON values: strings for choices, ISO dates) and input it
cannot read through ``invalid(path, message)``. It shows its own message under it, in words a
clinician reads, and marks an item carried over from the previous exam.

Keyboard: a choice is one Tab stop; its key letters or digits pick an option and move on to the
next field, arrows step through the options, Delete or Backspace clears it (not assessed).
An item carried over from the previous exam is confirmed as it is with Return or Space (a date with
Return), or with a click on its chosen option: that click must not clear what the clinician agrees with.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facialis.gui.date_input import FORMAT_HINT, format_long, parse_user_date

from .flow_layout import FlowLayout
from .labels import Option, enum_options
from .schema import FieldSchema

ERROR_COLOUR = "#b3261e"
#: Choices whose buttons fit in this many pixels (Yes / No) stay on one line; longer ones wrap when
#: their column is narrow (a narrow window, both sides side by side) instead of pushing the page wider.
SHORT_ROW = 100
CARRIED_TEXT = "carried over"
CARRIED_TIP = ("Carried over from the previous exam: check it. Return (or a click on the chosen option) confirms "
               "it as it is; change it if it is different now.")
#: What an empty choice reads as (screen readers): nothing chosen is "not assessed", never "normal".
NOT_ASSESSED_TEXT = "not assessed"
#: Room between the boxes of a several-of-a-set item (as a grid row of check boxes has).
MULTI_SPACING = 10

STYLE = f"""
QLabel#chip {{ border: 1px solid palette(mid); border-radius: 4px; padding: 3px 12px 3px 11px;
               background: palette(base); }}
QLabel#chip[checked="true"] {{ background: palette(highlight); color: palette(highlighted-text);
                               border-color: palette(highlight); }}
QLabel#chip:hover {{ border-color: palette(highlight); }}
QFrame#choiceGroup {{ border: 1px solid transparent; border-radius: 5px; }}
QFrame#choiceGroup:focus {{ border: 2px solid palette(highlight); }}
QLabel#fieldError {{ color: {ERROR_COLOUR}; }}
QLabel#carried {{ color: #5b4a00; background: #fff3c4; border-radius: 3px; padding: 0px 4px;
                  font-style: italic; }}
QLabel#anchor, QLabel#hint {{ color: palette(placeholder-text); }}
"""


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def tooltip_for(option: Option) -> str:
    parts = [option.anchor or option.text]
    if option.key:
        parts.append(f"Key: {option.key} (Delete or Backspace: back to not assessed)")
    if option.source:
        parts.append(f"Source: {option.source}")
    return "\n".join(parts)


class FieldControl(QWidget):
    """Base of every control: the editor row, the carried-over tag and the message under it."""

    edited = Signal(str, object)
    invalid = Signal(str, str)
    #: The clinician confirmed a carried-over item as it is (the mark goes, the value stays).
    confirmed = Signal(str)

    def __init__(self, path: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.label = label
        self._updating = False
        self._read_only = False
        self._carried = False
        self._error: str | None = None
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.carried_label = QLabel(CARRIED_TEXT)
        self.carried_label.setObjectName("carried")
        self.carried_label.setToolTip(CARRIED_TIP)
        self.carried_label.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.row)
        layout.addWidget(self.error_label)

    def finish(self, editor: QWidget) -> None:
        """Called by subclasses once the editor exists: focus goes to it (label buddies, jumps)."""
        self.editor = editor
        self.setFocusProxy(editor)
        self.row.addWidget(self.carried_label, 0, Qt.AlignmentFlag.AlignTop)
        if not editor.accessibleName():
            self.set_accessible_name(self.label)

    def set_accessible_name(self, name: str) -> None:
        """Name the field where focus lands, so a screen reader says which item it is (a column of a
        per-side row has no label of its own; a choice has no text of its own)."""
        self.setAccessibleName(name)
        self.editor.setAccessibleName(name)

    # -- what the wizard calls ---------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        """Show the bound value without reporting it back as an edit."""
        self._updating = True
        try:
            self._show(value)
        finally:
            self._updating = False

    def _show(self, value: Any) -> None:  # pragma: no cover - every control overrides it
        raise NotImplementedError

    def set_error(self, message: str | None) -> None:
        self._error = message
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))

    @property
    def error(self) -> str | None:
        return self._error

    def set_carried(self, carried: bool) -> None:
        self._carried = carried
        self.carried_label.setVisible(carried)

    @property
    def carried(self) -> bool:
        return self._carried

    def confirm(self) -> bool:
        """Confirm a carried-over item as it is; False when there is nothing to confirm."""
        if not self._carried or self._read_only or self._updating:
            return False
        self.confirmed.emit(self.path)
        return True

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def set_applicable(self, applicable: bool) -> None:
        """Greyed when it depends on a "yes" that is not given (e.g. pain severity without pain)."""
        self.editor.setEnabled(applicable)

    def _emit(self, value: Any) -> None:
        if not self._updating and not self._read_only:
            self.edited.emit(self.path, value)

    def _emit_invalid(self, message: str) -> None:
        if not self._updating and not self._read_only:
            self.invalid.emit(self.path, message)


class FitLabel(QLabel):
    """Plain text on one line while there is room, wrapped when its column is narrower (a narrow window).

    A word-wrapped QLabel asks for a few words per line even where the whole text fits, which would
    change how wide pages look; this one asks for one line (unless ``prefers_one_line`` is False) and
    still gives way.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.prefers_one_line = True
        self._line_size: QSize | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        self._line_size = None
        super().setText(text)

    def sizeHint(self) -> QSize:
        if not self.prefers_one_line:
            return super().sizeHint()
        if self._line_size is None:
            self._line_size = self._one_line_size()
        return self._line_size

    def _one_line_size(self) -> QSize:
        # the narrowest width at which the text takes no more height than one line: found with the
        # label's own height-for-width, so padding, frame and font count exactly as they are drawn
        self.ensurePolished()
        least = super().minimumSizeHint()
        one_line = least.height()
        low, high = least.width(), max(least.width(), 4000)
        if not self.text() or self.heightForWidth(high) > one_line:  # empty, or a line break in the text
            return super().sizeHint()
        while low < high:
            middle = (low + high) // 2
            if self.heightForWidth(middle) <= one_line:
                high = middle
            else:
                low = middle + 1
        return QSize(low, one_line)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange):
            self._line_size = None  # a style sheet's padding or another font changes the size
        super().changeEvent(event)


# --- choices ----------------------------------------------------------------------------------------


class _Chip(FitLabel):
    """One option: a clickable, checkable label. In a list it wraps its long anchor text; in a row it
    asks for one line and wraps only when its column is narrower than that."""

    clicked = Signal()

    def __init__(self, option: Option, wrap: bool) -> None:
        super().__init__(option.text)
        self.option = option
        self.prefers_one_line = not wrap
        self.setObjectName("chip")
        # no automatic indent (the style sheet's padding has it): Qt counts that indent differently when
        # it measures a wrapped label and when it draws one, which made a narrowed chip a line too tall
        self.setIndent(0)
        self.setToolTip(tooltip_for(option))
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setProperty("checked", False)
        # a row's chip may be narrowed and then grows taller: neither direction is fixed
        horizontal = QSizePolicy.Policy.Expanding if wrap else QSizePolicy.Policy.Preferred
        policy = QSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_checked(self, checked: bool) -> None:
        if self.property("checked") != checked:
            self.setProperty("checked", checked)
            _repolish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            self.clicked.emit()
            event.accept()
            return
        super().mousePressEvent(event)


class ChoiceGroup(QFrame):
    """The options of one choice as one focusable group (a row, or a list for long anchors)."""

    picked = Signal(object, bool)  # value (None = cleared), chosen by key
    #: The chosen option was confirmed as it is (a carried-over item), by key when the flag is True.
    confirmed = Signal(bool)

    def __init__(self, options: Sequence[Option], style: str) -> None:
        super().__init__()
        self.setObjectName("choiceGroup")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.options = list(options)
        self.value: Any = None
        self.read_only = False
        #: Carried over from the previous exam: a click on the chosen option confirms it, not clears it.
        self.carried = False
        if style == "list":
            layout: QGridLayout | FlowLayout = QGridLayout(self)
            layout.setVerticalSpacing(3)
        else:
            layout = FlowLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        self.chips: list[_Chip] = []
        for index, option in enumerate(self.options):
            chip = _Chip(option, wrap=style == "list")
            chip.clicked.connect(lambda chip=chip: self._click(chip))
            self.chips.append(chip)
            if isinstance(layout, QGridLayout):
                layout.addWidget(chip, index, 0)
            else:
                layout.addWidget(chip)
        self.setAccessibleDescription(NOT_ASSESSED_TEXT)
        if style != "list":
            policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)

    def minimumSizeHint(self) -> QSize:
        """A short set of options (Yes / No) never wraps; a long one may."""
        hint = super().minimumSizeHint()
        layout = self.layout()
        if isinstance(layout, FlowLayout):
            one_row = layout.sizeHint().width()
            if one_row <= SHORT_ROW:
                frame = self.contentsMargins().left() + self.contentsMargins().right() + 2 * self.frameWidth()
                hint.setWidth(max(hint.width(), one_row + frame + 4))
        return hint

    def set_value(self, value: Any) -> None:
        self.value = value
        chosen: Option | None = None
        for chip in self.chips:
            chip.set_checked(value is not None and chip.option.value == value)
            if value is not None and chip.option.value == value:
                chosen = chip.option
        # the chips are not focusable: what is chosen is said through the group
        self.setAccessibleDescription(chosen.text if chosen else NOT_ASSESSED_TEXT)

    def chip_for(self, value: Any) -> _Chip:
        for chip in self.chips:
            if chip.option.value == value:
                return chip
        raise KeyError(value)

    def _click(self, chip: _Chip) -> None:
        if self.read_only:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.carried and self.value == chip.option.value:
            self.confirmed.emit(False)
            return
        value = None if self.value == chip.option.value else chip.option.value  # a second click clears
        self._pick(value, by_key=False)

    def _pick(self, value: Any, by_key: bool) -> None:
        self.set_value(value)
        self.picked.emit(value, by_key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.read_only or event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
            return
        key = event.key()
        text = event.text().upper()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._pick(None, by_key=False)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.carried and self.value is not None:
            self.confirmed.emit(True)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            values = [option.value for option in self.options]
            step = -1 if key in (Qt.Key.Key_Left, Qt.Key.Key_Up) else 1
            index = values.index(self.value) + step if self.value in values else (0 if step > 0 else len(values) - 1)
            self._pick(values[max(0, min(len(values) - 1, index))], by_key=False)
            return
        if text:
            for option in self.options:
                if option.key and option.key.upper() == text:
                    self._pick(option.value, by_key=True)
                    return
        super().keyPressEvent(event)


class ChoiceControl(FieldControl):
    """A choice among anchored options; the chosen option's anchor is shown under a row of buttons."""

    def __init__(self, path: str, label: str, options: Sequence[Option], style: str = "row",
                 parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        self.options = list(options)
        self.group = ChoiceGroup(self.options, style)
        self.group.picked.connect(self._on_picked)
        self.group.confirmed.connect(self._on_confirmed)
        self.anchor_label: QLabel | None = None
        column = QVBoxLayout()
        column.setSpacing(1)
        column.addWidget(self.group)
        if style == "row" and any(option.anchor and option.anchor != option.text for option in self.options):
            self.anchor_label = QLabel()
            self.anchor_label.setObjectName("anchor")
            self.anchor_label.setTextFormat(Qt.TextFormat.PlainText)
            self.anchor_label.setWordWrap(True)
            self.anchor_label.hide()
            column.addWidget(self.anchor_label)
        self.row.addLayout(column, 1)
        self.finish(self.group)

    def _show(self, value: Any) -> None:
        self.group.set_value(value)
        self._show_anchor(value)

    def _show_anchor(self, value: Any) -> None:
        if self.anchor_label is None:
            return
        option = next((o for o in self.options if value is not None and o.value == value), None)
        self.anchor_label.setText(f"{option.text}: {option.anchor}" if option and option.anchor else "")
        self.anchor_label.setVisible(option is not None and bool(option.anchor))

    def _on_picked(self, value: Any, by_key: bool) -> None:
        self._show_anchor(value)
        self._emit(value)
        if by_key:
            self.group.focusNextChild()

    def _on_confirmed(self, by_key: bool) -> None:
        if self.confirm() and by_key:
            self.group.focusNextChild()  # on to the next item to check, as a chosen key does

    def set_carried(self, carried: bool) -> None:
        super().set_carried(carried)
        self.group.carried = carried

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.group.read_only = read_only
        for chip in self.group.chips:
            chip.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.PointingHandCursor)


# --- numbers ----------------------------------------------------------------------------------------


def _number_text(value: float) -> str:
    return f"{value:g}"


class NumberControl(FieldControl):
    """A measurement with its unit and range; out-of-range or unreadable input is said at the field."""

    def __init__(self, path: str, label: str, schema: FieldSchema, unit: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        self.schema = schema
        self.unit = unit
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(90)
        self.edit.setMinimumWidth(56)  # four digits; 90 where there is room
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        low, high = schema.ge, schema.le
        self.range_text = f"{_number_text(low)}-{_number_text(high)}" if low is not None and high is not None else ""
        self.edit.setAccessibleName(label)
        self.edit.setToolTip(f"{label}: {self.range_text} {unit}".strip() if self.range_text else label)
        self.edit.textChanged.connect(self._on_text)
        self.row.addWidget(self.edit)
        detail = ", ".join(part for part in (self.range_text, hint) if part)
        hint_label = FitLabel(" ".join(part for part in (unit, f"({detail})" if detail else "") if part))
        hint_label.setObjectName("hint")
        self.row.addWidget(hint_label)
        self.row.addStretch(1)
        self.finish(self.edit)

    def _show(self, value: Any) -> None:
        text = "" if value is None else _number_text(float(value))
        if self._parse(self.edit.text())[0] != value or value is None and self.edit.text() and not self.error:
            self.edit.setText(text)

    def _parse(self, text: str) -> tuple[Any, str | None]:
        """(value, None) or (None, message)."""
        text = text.strip().replace(",", ".")
        if not text:
            return None, None
        try:
            number = float(text)
        except ValueError:
            return None, f"\u201c{text}\u201d is not a number."
        if self.schema.kind == "int":
            if number != int(number):
                return None, f"{self.label}: enter a whole number."
            number = int(number)
        low, high = self.schema.ge, self.schema.le
        if (low is not None and number < low) or (high is not None and number > high):
            unit = f" {self.unit}" if self.unit else ""
            return None, f"{_number_text(number)}{unit} is out of range: enter {self.range_text}{unit}."
        return number, None

    def _on_text(self, text: str) -> None:
        value, message = self._parse(text)
        if message:
            self.set_error(message)
            self._emit_invalid(message)
            return
        self.set_error(None)
        self._emit(value)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


# --- dates --------------------------------------------------------------------------------------------

_RELATIVE = re.compile(r"-\s*(\d{1,4})")
_DATETIME = re.compile(r"(.+?)[ T](\d{1,2}):(\d{2})(?::\d{2})?")


class _TypedDateControl(FieldControl):
    """A typed date (or date and time) in a line edit, read back in words beside it.

    Subclasses say how text becomes a value (``parse``), how a value is typed and read back
    (``format``, ``describe``), and whether the field may stay empty (``required``: the message
    shown when it is left empty, or None).
    """

    required: str | None = None

    def __init__(self, path: str, label: str, *, width: int, placeholder: str, tooltip: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(width)
        self.edit.setMinimumWidth(min(self.edit.sizeHint().width(), width))  # a squeezed date is unreadable
        self.edit.setPlaceholderText(placeholder)
        self.edit.setToolTip(tooltip)
        self.edit.setAccessibleName(label)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self._on_finished)
        self.edit.returnPressed.connect(self._on_return)
        self.words = FitLabel()
        self.words.setObjectName("hint")
        self.row.addWidget(self.edit)
        self.row.addWidget(self.words)
        self.row.addStretch(1)
        self.finish(self.edit)

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def value_of(self, stored: str) -> Any:
        raise NotImplementedError

    def format(self, value: Any) -> str:
        return value.isoformat()

    def describe(self, value: Any) -> str:
        raise NotImplementedError

    def _safe_parse(self, text: str) -> Any:
        try:
            return self.parse(text)
        except ValueError:
            return None

    def _show(self, value: Any) -> None:
        current = self._safe_parse(self.edit.text())
        wanted = self.value_of(value) if value else None
        if current != wanted or (wanted is None and self.edit.text() and not self.error):
            self.edit.setText(self.format(wanted) if wanted else "")
        self.words.setText(self.describe(wanted) if wanted else "")

    def _on_text(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError:
            self.words.setText("")
            return  # maybe still typing: said when the field is left
        if value is None and self.required:
            return  # an empty required field is said when it is left
        self.set_error(None)
        self.words.setText(self.describe(value) if value else "")
        self._emit(value.isoformat() if value else None)

    def _on_return(self) -> None:
        """Return in a carried-over date confirms it when the text still reads as the value carried."""
        if self.error is None and self._safe_parse(self.edit.text()) is not None:
            self.confirm()

    def _on_finished(self) -> None:
        try:
            value = self.parse(self.edit.text())
        except ValueError as error:
            message = str(error)
        else:
            if value is not None or not self.required:
                return
            message = self.required
        self.set_error(message)
        self._emit_invalid(message)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class DateControl(_TypedDateControl):
    """A date typed as DD.MM.YYYY or YYYY-MM-DD, or -N for N days before the exam; read back in words."""

    def __init__(self, path: str, label: str, exam_date: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        self.exam_date = exam_date
        super().__init__(path, label, width=130, placeholder="DD.MM.YYYY or -N",
                         tooltip=f"Type {FORMAT_HINT}, or -N for N days before the exam date.", parent=parent)

    def parse(self, text: str) -> date | None:
        text = text.strip()
        if match := _RELATIVE.fullmatch(text):
            return self.exam_date() - timedelta(days=int(match.group(1)))
        return parse_user_date(text)

    def value_of(self, stored: str) -> date:
        return date.fromisoformat(stored)

    def describe(self, value: date) -> str:
        return format_long(value)


class DateTimeControl(_TypedDateControl):
    """Date and time of the exam: YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM."""

    required = "Enter the date and time of the exam."

    def __init__(self, path: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(path, label, width=150, placeholder="YYYY-MM-DD HH:MM",
                         tooltip=f"Type the date ({FORMAT_HINT}) and the time (HH:MM).", parent=parent)

    def parse(self, text: str) -> datetime | None:
        text = text.strip()
        if not text:
            return None
        match = _DATETIME.fullmatch(text)
        if not match:
            raise ValueError(f"Not a date and time: type {FORMAT_HINT} and HH:MM, e.g. 2026-03-12 09:30")
        day = parse_user_date(match.group(1))
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59 or day is None:
            raise ValueError(f"No such time: {match.group(2)}:{match.group(3)}")
        return datetime(day.year, day.month, day.day, hour, minute)

    def value_of(self, stored: str) -> datetime:
        return datetime.fromisoformat(stored)

    def format(self, value: datetime) -> str:
        return value.strftime("%Y-%m-%d %H:%M")

    def describe(self, value: datetime) -> str:
        return f"{format_long(value.date())}, {value:%H:%M}"


# --- text ------------------------------------------------------------------------------------------------


class TextControl(FieldControl):
    """One line of text (examiner, a short note)."""

    def __init__(self, path: str, label: str, schema: FieldSchema, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        self.edit = QLineEdit()
        if schema.max_length:
            self.edit.setMaxLength(schema.max_length)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(label)
        self.edit.textChanged.connect(lambda text: self._emit(text))
        self.row.addWidget(self.edit, 1)
        self.finish(self.edit)

    def _show(self, value: Any) -> None:
        if self.edit.text() != (value or ""):
            self.edit.setText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class NoteControl(FieldControl):
    """Free text over several lines (imaging reports, impression, plan); Tab leaves the field."""

    def __init__(self, path: str, label: str, schema: FieldSchema, lines: int = 3, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(label)
        self.max_length = schema.max_length
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)
        self.edit.textChanged.connect(self._on_text)
        self.row.addWidget(self.edit, 1)
        self.finish(self.edit)

    def _show(self, value: Any) -> None:
        if self.edit.toPlainText() != (value or ""):
            self.edit.setPlainText(value or "")

    def _on_text(self) -> None:
        text = self.edit.toPlainText()
        if self.max_length and len(text) > self.max_length:
            message = f"Too long: at most {self.max_length:,} characters ({len(text):,} typed)."
            self.set_error(message)
            self._emit_invalid(message)
            return
        self.set_error(None)
        self._emit(text)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)


class MultiControl(FieldControl):
    """Several of a set may apply (recent surgery: ear, parotid...). The boxes flow onto the next line
    when the column is narrow, so the set never pushes the page wider than the window."""

    def __init__(self, path: str, label: str, schema: FieldSchema, parent: QWidget | None = None) -> None:
        super().__init__(path, label, parent)
        assert schema.enum is not None
        self.boxes: dict[str, QCheckBox] = {}
        holder = QWidget()
        flow = FlowLayout(holder, spacing=MULTI_SPACING)
        for option in enum_options(schema.enum):
            box = QCheckBox(option.text)
            box.toggled.connect(self._on_toggled)
            self.boxes[option.value] = box
            flow.addWidget(box)
        self.row.addWidget(holder, 1)
        self.finish(next(iter(self.boxes.values())))

    def set_accessible_name(self, name: str) -> None:
        """Each box keeps its own text as its name; the item it belongs to is its description."""
        self.setAccessibleName(name)
        for box in self.boxes.values():
            box.setAccessibleDescription(name)

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def _on_toggled(self) -> None:
        self._emit([key for key, box in self.boxes.items() if box.isChecked()])

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for box in self.boxes.values():
            box.setEnabled(not read_only)

    def set_applicable(self, applicable: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(applicable and not self._read_only)
