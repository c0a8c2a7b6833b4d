"""Small widget recipes shared by the screens, so headings and record tables look alike."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView

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
