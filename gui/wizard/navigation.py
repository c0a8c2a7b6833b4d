"""The page list beside the pages: every page one click away, with how much of it is entered.

Optional scale pages are shown in grey and marked "optional"; Next and Previous pass over them
(navigation order below), so they are at hand without being in the way.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from .spec import Page

KEY_ROLE = Qt.ItemDataRole.UserRole


def next_key(pages: list[Page], current: str, step: int) -> str | None:
    """The page Next (step 1) or Previous (step -1) goes to: optional pages are skipped unless the
    user is on one, in which case the neighbour in list order is taken."""
    keys = [page.key for page in pages]
    index = keys.index(current)
    on_optional = pages[index].optional
    index += step
    while 0 <= index < len(pages):
        if not pages[index].optional or on_optional:
            return keys[index]
        index += step
    return None


class PageList(QTreeWidget):
    """Two columns: the page and its progress ("3/12", a tick when complete)."""

    #: A page was clicked or Enter was pressed on it: show it and put the cursor in its first field.
    pageChosen = Signal(str)
    #: The arrow keys moved to a page: show it, the focus stays in the list to move on.
    pageBrowsed = Signal(str)

    def __init__(self, pages: list[Page], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Exam pages")
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._optional = {page.key for page in pages if page.optional}
        for number, page in enumerate(pages, start=1):
            text = f"{page.number}  {page.list_title}"
            item = QTreeWidgetItem([text, "optional" if page.optional else ""])
            item.setData(0, KEY_ROLE, page.key)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if page.optional:
                font = QFont(self.font())
                font.setItalic(True)
                item.setFont(0, font)
                item.setForeground(0, QBrush(QColor("#666666")))
                item.setForeground(1, QBrush(QColor("#888888")))
            shortcut = _page_shortcut(pages, page)
            item.setToolTip(0, f"{page.heading}" + (f" ({shortcut})" if shortcut else "")
                            + ("\nOptional: Next and Previous pass over it." if page.optional else ""))
            self.addTopLevelItem(item)
            self.items[page.key] = item
        self.itemClicked.connect(lambda item, _column: self.pageChosen.emit(item.data(0, KEY_ROLE)))
        self.itemActivated.connect(lambda item, _column: self.pageChosen.emit(item.data(0, KEY_ROLE)))
        self.currentItemChanged.connect(self._browsed)
        self.setMinimumWidth(250)

    def _browsed(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        """The highlighted page is the page shown: moving the highlight (arrows, Home, End) shows it."""
        if item is not None:
            self.pageBrowsed.emit(item.data(0, KEY_ROLE))

    def select(self, key: str) -> None:
        self.blockSignals(True)
        self.setCurrentItem(self.items[key])
        self.blockSignals(False)

    def set_progress(self, key: str, entered: int, total: int, note: str = "") -> None:
        item = self.items[key]
        if note:
            text = note
        elif total and entered >= total:
            text = "\u2713"
        elif entered:
            text = f"{entered}/{total}"
        else:
            text = "optional" if key in self._optional else ""
        if item.text(1) != text:
            item.setText(1, text)
            item.setToolTip(1, f"{entered} of {total} items entered" if total else note)


def page_shortcuts(pages: list[Page]) -> dict[str, str]:
    """Ctrl+<page number>: Ctrl+1 ... Ctrl+9, Ctrl+0 for page 10; Ctrl+6 opens the first scale page (6a)."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for page in pages:
        digits = "".join(ch for ch in page.number if ch.isdigit())
        if not digits or int(digits) > 10:
            continue
        keys_text = f"Ctrl+{int(digits) % 10}"
        if keys_text not in taken:
            taken.add(keys_text)
            keys[page.key] = keys_text
    return keys


def _page_shortcut(pages: list[Page], page: Page) -> str:
    return page_shortcuts(pages).get(page.key, "")
