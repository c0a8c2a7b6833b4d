"""Turn a declared page (pages.py) into widgets: group boxes of labelled controls, per side when needed.

Per-side columns appear only where they mean something: face findings get a Right and a Left column
only in bilateral palsy (one column for the affected side otherwise); tests of both sides
(topognostic) always have both columns.

A page fits the width it is given down to a 1024 px window: labels narrow and wrap, choice rows wrap,
sections of several columns fall back to one. Only what still cannot fit makes a horizontal scroll
bar appear; nothing is cut off out of reach.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
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
    FitLabel,
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
#: Width of an item's label where there is room: one column of items, and several columns side by side.
LABEL_WIDTH = 190
LABEL_NARROW_WIDTH = 150
#: The least a label is narrowed to (wrapping) on a narrow page, and the most it is widened to.
LABEL_MIN_WIDTH = 100
LABEL_MAX_WIDTH = 240
#: Room a side's column of controls is given before its labels narrow (Right and Left side by side).
SIDE_COLUMN_WIDTH = 180
GRID_SPACING = 14


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


class ItemLabel(QLabel):
    """An item's label: ``preferred`` px wide where there is room, so labels line up down the page; on a
    narrow page it gives way down to ``least`` px (wrapping) rather than push the controls out of view."""

    def __init__(self, text: str, preferred: int) -> None:
        super().__init__(text)
        self.preferred = preferred
        self.least = LABEL_MIN_WIDTH
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMaximumWidth(LABEL_MAX_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setContentsMargins(0, 4, 0, 0)

    def set_widths(self, preferred: int, least: int) -> None:
        if (preferred, least) != (self.preferred, self.least):
            self.preferred, self.least = preferred, least
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        width = min(self.preferred, self.maximumWidth())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()  # the longest word
        return QSize(max(hint.width(), min(self.least, self.preferred)), hint.height())


@dataclass
class Cell:
    """One item of a section: its label and control; ``holder`` when the label stands above a list."""

    label: ItemLabel
    control: FieldControl
    holder: QWidget | None = None
    #: The label's width with the section in its own columns (as wide pages have always shown it).
    width_in_columns: int = field(init=False)

    def __post_init__(self) -> None:
        self.width_in_columns = self.label.preferred


def least_width(widget: QWidget) -> int:
    """The width a layout will not squeeze ``widget`` below (its minimum size, else its minimum hint)."""
    return widget.minimumWidth() or widget.minimumSizeHint().width()


class GridBox(QGroupBox):
    """A section: a group box around a grid of labels and controls."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(GRID_SPACING)
        self.grid.setVerticalSpacing(6)

    def chrome(self) -> int:
        """Width the box and its grid take around the grid's cells (frame and margins)."""
        margins, inner = self.contentsMargins(), self.grid.contentsMargins()
        return margins.left() + margins.right() + inner.left() + inner.right()

    def add_note(self, text: str) -> None:
        note = QLabel(text)
        note.setWordWrap(True)
        self.grid.addWidget(note, self.grid.rowCount(), 0, 1, self.grid.columnCount())


class SidesBox(GridBox):
    """A row per item and a column of controls per side (Right, Left). The labels take what the side
    columns leave, from LABEL_WIDTH down to LABEL_MIN_WIDTH, so on a narrow page the controls keep
    their room; every such box of a page has the same width, so their label columns line up."""

    def __init__(self, title: str, side_count: int) -> None:
        super().__init__(title)
        self.side_count = side_count
        self.labels: list[ItemLabel] = []

    def label_width(self, width: int) -> int:
        available = width - self.chrome() - GRID_SPACING * self.side_count
        return max(LABEL_MIN_WIDTH, min(LABEL_WIDTH, available - SIDE_COLUMN_WIDTH * self.side_count))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.label_width(event.size().width())
        for label in self.labels:
            label.set_widths(width, LABEL_MIN_WIDTH)


class SectionBox(GridBox):
    """A section of items (label and control) in ``columns`` columns side by side while they fit the
    width, one under the other when they do not (a narrow window), so no item is pushed out of view."""

    def __init__(self, title: str, cells: list[Cell], columns: int, row_major: bool) -> None:
        super().__init__(title)
        self.cells = cells
        self.columns = max(1, columns)
        self.row_major = row_major
        self.note: QLabel | None = None
        self.shown_columns = 0
        self._arrange(self.columns)

    def add_note(self, text: str) -> None:
        self.note = QLabel(text)
        self.note.setWordWrap(True)
        self._arrange(self.shown_columns, force=True)

    def _arrange(self, columns: int, force: bool = False) -> None:
        if columns == self.shown_columns and not force:
            return
        grid = self.grid
        for cell in self.cells:
            for widget in (cell.holder,) if cell.holder else (cell.label, cell.control):
                grid.removeWidget(widget)
        if self.note is not None:
            grid.removeWidget(self.note)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        per_column = -(-len(self.cells) // columns)
        for index, cell in enumerate(self.cells):
            if self.row_major:
                row, column = divmod(index, columns)
            else:
                column, row = divmod(index, per_column)
            if columns > 1:  # side by side only with labels at their full width
                cell.label.set_widths(cell.width_in_columns, cell.width_in_columns)
            else:
                cell.label.set_widths(LABEL_WIDTH, LABEL_MIN_WIDTH)
            if cell.holder is not None:  # long anchors: the label above the options
                grid.addWidget(cell.holder, row, column * 2, 1, 2, Qt.AlignmentFlag.AlignTop)
                continue
            grid.addWidget(cell.label, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(cell.control, row, column * 2 + 1)
            grid.setColumnStretch(column * 2 + 1, 1)
        if self.note is not None:
            grid.addWidget(self.note, per_column, 0, 1, columns * 2)
        self.shown_columns = columns

    def needed_width(self, columns: int) -> int:
        """The least width of the section laid out in ``columns`` columns."""
        per_column = -(-len(self.cells) // columns)
        pairs = [0] * columns
        for index, cell in enumerate(self.cells):
            column = index % columns if self.row_major else index // per_column
            label_least = cell.width_in_columns if columns > 1 else LABEL_MIN_WIDTH
            label = max(QLabel.minimumSizeHint(cell.label).width(), label_least)
            need = label + GRID_SPACING + least_width(cell.control)
            if cell.holder is not None:
                need = max(label, least_width(cell.control))
            pairs[column] = max(pairs[column], need)
        margins = self.contentsMargins()
        title = self.fontMetrics().horizontalAdvance(self.title()) + margins.left() + margins.right()
        return max(sum(pairs) + GRID_SPACING * (columns - 1) + self.chrome(), title)

    def minimumSizeHint(self) -> QSize:
        """No wider than one column needs: given less than its columns need, the section goes to one."""
        hint = super().minimumSizeHint()
        if self.shown_columns > 1:
            hint.setWidth(min(hint.width(), self.needed_width(1)))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.columns > 1:
            fits = event.size().width() >= self.needed_width(self.columns)
            self._arrange(self.columns if fits else 1)


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
        labels = [item.label for section in page.sections for item in section.items]
        #: Item labels a page uses in more than one section (Sunnybrook: voluntary and synkinesis).
        self._repeated = {label for label in labels if labels.count(label) > 1}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(page.heading)
        # not a Tab stop of its own: it would hold the focus invisibly between the page list and the
        # first field; it scrolls to whichever field has the focus
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # the page fits its width where it can; what cannot must stay reachable, never cut off
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        content = QWidget()
        self.content = content
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(10)

        header = QHBoxLayout()
        title = FitLabel(page.heading + ("  (optional)" if page.optional else ""))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        header.addWidget(title, 1)
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
                side_label = FitLabel(f"Findings of the {sides[0]} side (the affected side).")
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

    def _section(self, section: Section, exam_date: Callable[[], date]) -> GridBox:
        sides = self._sides_of(section)
        box: GridBox
        if len(sides) > 1:
            box = self._per_side_section(section, sides, exam_date)
        else:
            box = self._items_section(section, sides[0] if sides else None, exam_date)
        if section.note:
            box.add_note(section.note)
        return box

    def _per_side_section(self, section: Section, sides: list[str | None],
                          exam_date: Callable[[], date]) -> SidesBox:
        """A row per item, a column per side (Right, Left)."""
        box = SidesBox(section.title, len(sides))
        grid = box.grid
        for column, side in enumerate(sides, start=1):
            head = QLabel(SIDE_TITLES[side or ""])
            head.setObjectName("sideHeader")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            grid.addWidget(head, 0, column)
        for index, item in enumerate(section.items, start=1):
            label = self._label(item)
            box.labels.append(label)
            grid.addWidget(label, index, 0, Qt.AlignmentFlag.AlignTop)
            for column, side in enumerate(sides, start=1):
                control = self._control(item, side, exam_date)
                grid.addWidget(control, index, column)
                if column == 1:
                    label.setBuddy(control)
                control.set_accessible_name(f"{self._spoken(item, section)}, {side}")
        for column in range(1, len(sides) + 1):
            grid.setColumnStretch(column, 1)
        return box

    def _items_section(self, section: Section, side: str | None, exam_date: Callable[[], date]) -> SectionBox:
        """Items with one control each, in the section's columns (one column on a narrow page)."""
        cells: list[Cell] = []
        for item in section.items:
            control = self._control(item, side, exam_date)
            if item.style == "list":  # long anchors: the label above the options
                holder = QWidget()
                stack = QVBoxLayout(holder)
                stack.setContentsMargins(0, 0, 0, 0)
                label = self._label(item)
                stack.addWidget(label)
                stack.addWidget(control)
                label.setBuddy(control)
                cells.append(Cell(label, control, holder))
                continue
            label = self._label(item, narrow=section.columns > 1)
            label.setBuddy(control)
            if item.label in self._repeated:
                control.set_accessible_name(self._spoken(item, section))
            cells.append(Cell(label, control))
        return SectionBox(section.title, cells, section.columns, section.row_major)

    def _spoken(self, item: Item, section: Section) -> str:
        """The item's name for a screen reader: its label, with its section's name where the page has
        the label in two sections (the section box's title says it on screen)."""
        if item.label not in self._repeated:
            return item.label
        return f"{section.title.split(' (')[0]}: {item.label}"

    def _label(self, item: Item, narrow: bool = False) -> ItemLabel:
        label = ItemLabel(self._mnemonics.apply(item.label), LABEL_NARROW_WIDTH if narrow else LABEL_WIDTH)
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
