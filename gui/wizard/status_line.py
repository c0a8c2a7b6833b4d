"""The wizard's status line ("Draft saved at 10:42:07.", "Not saved yet: the draft is saved at the first
entry.").

It shares the header row with the patient line and the buttons and gets only the room they leave, so
a long message often does not fit. A plain QLabel then cuts it anywhere, mid-word and without a sign
that something is missing; this label ends it at the last whole word that fits and adds "…". The full
message is in the tooltip (the wizard sets it with the text).
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

ELLIPSIS = "\u2026"


def fitted_text(text: str, width: int, advance: Callable[[str], int]) -> str:
    """``text`` if it fits ``width`` (``advance`` measures a string), else its longest start that ends
    at a whole word and fits with "…" after it; a single word too long for that is cut with "…"."""
    if advance(text) <= width:
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        start = " ".join(words[:count]).rstrip(" ,;:")
        if advance(start + ELLIPSIS) <= width:
            return start + ELLIPSIS
    for end in range(len(text) - 1, 0, -1):
        if advance(text[:end] + ELLIPSIS) <= width:
            return text[:end] + ELLIPSIS
    return ""


class ElidedLabel(QLabel):
    """One line of plain text that ends at a whole word with "…" when its row leaves too little room
    (the tooltip, kept equal to the text, has it all)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setToolTip(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """What is drawn at the label's present width."""
        metrics = self.fontMetrics()
        return fitted_text(self.text(), self.contentsRect().width() - 2 * self.margin(), metrics.horizontalAdvance)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(), self.isEnabled(),
                                  self.shown_text(), self.foregroundRole())


class StatusLabel(ElidedLabel):
    """The status line: never widens the window, it takes the room left in its row."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("hint")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
