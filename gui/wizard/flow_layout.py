"""A layout that places widgets in a row and wraps to the next line when the row is full.

Choice buttons use it so a long set of options ("Complete only with maximal effort", eight otoscopy
findings) wraps inside a narrow column instead of forcing the page to scroll sideways. An item wider
than the whole row (one long option in a narrow column) is given the row's width and, if it can wrap
its text (height for width), the height that takes, so it is never drawn past the column's edge.
"""
from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """As wide as all items in one row (the layout wraps when given less)."""
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in self._items) + self._spacing * max(0, len(self._items) - 1)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            size = self._fitted(item, area.width())
            if x + size.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        return y + line_height - rect.y() + margins.bottom()

    @staticmethod
    def _fitted(item: QLayoutItem, width: int) -> QSize:
        """The item's preferred size, narrowed to ``width`` (not below its minimum) when it is wider."""
        hint = item.sizeHint()
        if width <= 0 or hint.width() <= width:
            return hint
        narrowed = max(width, item.minimumSize().width())
        if narrowed >= hint.width():
            return hint
        height = item.heightForWidth(narrowed) if item.hasHeightForWidth() else -1
        return QSize(narrowed, height if height > 0 else hint.height())
