"""The plain-int item data roles are Qt's own values."""
from __future__ import annotations

from PySide6.QtCore import Qt

from facialis.gui import roles


def test_roles_are_qts_values() -> None:
    assert roles.DISPLAY == Qt.ItemDataRole.DisplayRole.value
    assert roles.TOOL_TIP == Qt.ItemDataRole.ToolTipRole.value
    assert roles.FONT == Qt.ItemDataRole.FontRole.value
    assert roles.TEXT_ALIGNMENT == Qt.ItemDataRole.TextAlignmentRole.value
    assert roles.FOREGROUND == Qt.ItemDataRole.ForegroundRole.value
    assert roles.USER == Qt.ItemDataRole.UserRole.value
