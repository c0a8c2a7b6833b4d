"""Turn a declared page (pages.py) into widgets: group boxes of labelled controls, per side when needed.

Per-side columns appear only where they mean something: face findings get a Right and a Left column
only in bilateral palsy (one column for the affected side otherwise); tests of both sides
(topognostic) always have both columns.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .binding import has_value
from .controls import (
    ChoiceControl,
    DateControl,
    DateTimeControl,
    FieldControl,
    MultiControl,
    NoteControl,
    NumberControl,
    TextControl,
)
from .labels import YES_NO, enum_options
from .schema import field_schema
from .spec import SIDE, Item, Page, Section

#: Alt+letter keys the main menus (File, Edit, Exam, Help) and the wizard's buttons (Amend, Mark rest
#: normal, Next, Previous, Sign) use; labels take other letters.
RESERVED_MNEMONICS = set("FEXHAMNPG")
SIDE_TITLES = {"right": "Right", "left": "Left"}


def make_control(item: Item, path: str, exam_date: Callable[[], date]) -> FieldControl:
    """The control for one item at one concrete path."""
    schema = field_schema(path)
    kind = item.kind
    if kind == "auto":
        kind = {"enum": "choice", "bool": "choice", "date": "date", "datetime": "datetime", "int": "number",
                "float": "number", "str": "text", "enum_list": "multi"}[schema.kind]
    if kind == "choice":
        options = item.options
        if options is None:
            options = YES_NO if schema.kind == "bool" else enum_options(schema.enum)  # type: ignore[arg-type]
        return ChoiceControl(path, item.label, options, item.style)
    if kind == "number":
        return NumberControl(path, item.label, schema, item.unit, item.hint)
    if kind == "date":
        return DateControl(path, item.label, exam_date)
    if kind == "datetime":
        return DateTimeControl(path, item.label)
    if kind == "text":
        return TextControl(path, item.label, schema, item.placeholder)
    if kind == "note":
        return NoteControl(path, item.label, schema, placeholder=item.placeholder)
    if kind == "multi":
        return MultiControl(path, item.label, schema)
    raise ValueError(f"unknown control kind {kind!r}")


class Mnemonics:
    """Gives each label on a page its own Alt+letter, skipping letters already taken."""

    def __init__(self) -> None:
        self.used = set(RESERVED_MNEMONICS)

    def apply(self, text: str) -> str:
        for index, char in enumerate(text):
            if char.isascii() and char.isalpha() and char.upper() not in self.used:
                self.used.add(char.upper())
                return text[:index] + "&" + text[index:]
        return text


class PageView(QScrollArea):
    """One page of the exam. ``controls`` maps every concrete exam path on it to its control."""

    markNormalRequested = Signal()
    goToPageRequested = Signal(str)

    def __init__(self, page: Page, sides: list[str], exam_date: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.sides = sides
        self.controls: dict[str, FieldControl] = {}
        self.items: dict[str, tuple[Item, str | None]] = {}
        self._mnemonics = Mnemonics()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        self.content = content
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(10)

        header = QHBoxLayout()
        title = QLabel(page.heading + ("  (optional)" if page.optional else ""))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        header.addWidget(title)
        header.addStretch(1)
        self.mark_normal_button: QPushButton | None = None
        if page.mark_normal and (sides or not page.needs_side):
            self.mark_normal_button = QPushButton("&Mark rest of page normal")
            self.mark_normal_button.setToolTip(
                "Fill every item of this page that is still empty (not assessed) with its normal value. "
                "Items already entered are not changed. (Alt+M)"
            )
            self.mark_normal_button.clicked.connect(self.markNormalRequested)
            header.addWidget(self.mark_normal_button)
        layout.addLayout(header)

        if page.intro:
            intro = QLabel(page.intro)
            intro.setObjectName("hint")
            intro.setWordWrap(True)
            layout.addWidget(intro)

        if page.needs_side and not sides:
            layout.addWidget(self._needs_side_notice())
        else:
            if page.needs_side and len(sides) == 1:
                side_label = QLabel(f"Findings of the {sides[0]} side (the affected side).")
                side_label.setObjectName("sideBanner")
                layout.addWidget(side_label)
            for section in page.sections:
                layout.addWidget(self._section(section, exam_date))
        layout.addStretch(1)
        self.setWidget(content)

    # -- building ---------------------------------------------------------------------------------
    def _needs_side_notice(self) -> QWidget:
        box = QFrame()
        row = QHBoxLayout(box)
        text = QLabel("Choose the affected side on the Encounter page first: the findings on this page are "
                      "recorded for the affected side (for each side in bilateral palsy).")
        text.setWordWrap(True)
        row.addWidget(text, 1)
        button = QPushButton("Go to Encounter")
        button.clicked.connect(lambda: self.goToPageRequested.emit("encounter"))
        row.addWidget(button)
        return box

    def _sides_of(self, section: Section) -> list[str | None]:
        if section.sides == "face":
            return list(self.sides)
        if section.sides == "both":
            return ["right", "left"]
        return [None]

    def _section(self, section: Section, exam_date: Callable[[], date]) -> QGroupBox:
        box = QGroupBox(section.title)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        sides = self._sides_of(section)
        per_side = len(sides) > 1
        if per_side:
            for column, side in enumerate(sides, start=1):
                head = QLabel(SIDE_TITLES[side or ""])
                head.setObjectName("sideHeader")
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                grid.addWidget(head, 0, column)
            for index, item in enumerate(section.items, start=1):
                label = self._label(item)
                grid.addWidget(label, index, 0, Qt.AlignmentFlag.AlignTop)
                for column, side in enumerate(sides, start=1):
                    control = self._control(item, side, exam_date)
                    grid.addWidget(control, index, column)
                    if column == 1:
                        label.setBuddy(control)
                    control.setAccessibleName(f"{item.label}, {side}")
            for column in range(1, len(sides) + 1):
                grid.setColumnStretch(column, 1)
        else:
            side = sides[0] if sides else None
            columns = max(1, section.columns)
            per_column = -(-len(section.items) // columns)
            for index, item in enumerate(section.items):
                if section.row_major:
                    row, column = divmod(index, columns)
                else:
                    column, row = divmod(index, per_column)
                control = self._control(item, side, exam_date)
                if item.style == "list":  # long anchors: the label above the options
                    holder = QWidget()
                    stack = QVBoxLayout(holder)
                    stack.setContentsMargins(0, 0, 0, 0)
                    label = self._label(item)
                    stack.addWidget(label)
                    stack.addWidget(control)
                    label.setBuddy(control)
                    grid.addWidget(holder, row, column * 2, 1, 2, Qt.AlignmentFlag.AlignTop)
                    continue
                label = self._label(item, narrow=columns > 1)
                label.setBuddy(control)
                grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(control, row, column * 2 + 1)
                grid.setColumnStretch(column * 2 + 1, 1)
        if section.note:
            note = QLabel(section.note)
            note.setWordWrap(True)
            grid.addWidget(note, grid.rowCount(), 0, 1, grid.columnCount())
        return box

    def _label(self, item: Item, narrow: bool = False) -> QLabel:
        label = QLabel(self._mnemonics.apply(item.label))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setMinimumWidth(150 if narrow else 190)
        label.setMaximumWidth(240)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        label.setContentsMargins(0, 4, 0, 0)
        if item.help:
            label.setToolTip(item.help)
        return label

    def _control(self, item: Item, side: str | None, exam_date: Callable[[], date]) -> FieldControl:
        path = item.path_for(side) if SIDE in item.path else item.path
        control = make_control(item, path, exam_date)
        if item.help:
            control.setToolTip(item.help)
        self.controls[path] = control
        self.items[path] = (item, side)
        return control

    # -- what the wizard asks ------------------------------------------------------------------------
    def normal_values(self, value_of: Callable[[str], Any], is_invalid: Callable[[str], bool]) -> dict[str, Any]:
        """Normal values for the items still untouched (not assessed and not being corrected)."""
        values: dict[str, Any] = {}
        for path, (item, _side) in self.items.items():
            if item.normal is None or is_invalid(path) or has_value(value_of(path)):
                continue
            values[path] = item.normal
        return values

    def progress(self, value_of: Callable[[str], Any]) -> tuple[int, int]:
        """(entered, total) items on the page."""
        entered = sum(1 for path in self.items if has_value(value_of(path)))
        return entered, len(self.items)

    def dependency(self, path: str) -> str | None:
        item, side = self.items[path]
        return item.depends_path(side)
