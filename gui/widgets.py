"""Small widget recipes shared by the screens, so headings and record tables look alike."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QLabel, QTableView, QWidget

HEADING_SCALE = 1.2


def heading_label(text: str = "") -> QLabel:
    """A bold, slightly larger plain-text label for a screen's title."""
    label = plain_label(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * HEADING_SCALE)
    font.setBold(True)
    label.setFont(font)
    return label


def plain_label(text: str = "") -> QLabel:
    """A label that never reads its text as markup (names and notes come from users)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def record_table(name: str, model: QAbstractItemModel, *, extended_selection: bool = False) -> QTableView:
    """A read-only table of records: whole rows selected, no row numbers, one text line per row."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if extended_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def tab_buttons_in_visual_order(box: QDialogButtonBox, after: QWidget) -> None:
    """Tab from ``after`` through the box's buttons left to right, as they are shown.

    A button box places its buttons by the platform's convention (Restore Defaults at the left,
    Cancel before or after OK), but Tab follows the order they were created; call this once the
    dialog is laid out (in ``showEvent``).
    """
    buttons = sorted(
        (button for button in box.buttons() if button.isVisible()),
        key=lambda button: button.mapTo(box, button.rect().topLeft()).x(),
        reverse=box.isRightToLeft(),  # reading order in a right-to-left interface
    )
    previous = after
    for button in buttons:
        QWidget.setTabOrder(previous, button)
        previous = button
