"""The shape of a wizard page: sections of items, each item bound to one exam path.

Pages are declared as data (pages.py) and turned into widgets by page_view.py, so the order of
the exam, its labels and its "normal" values are read in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .labels import Option

ItemKind = Literal["auto", "choice", "text", "note", "number", "date", "datetime", "multi"]
SIDE = "{side}"


@dataclass(frozen=True)
class Item:
    """One control. ``path`` may contain ``{side}`` (filled per half of the face or per test side).

    ``normal`` is what "Mark the rest of this page normal" writes when the item is untouched
    (None: the item has no normal value, e.g. a measurement). ``depends_on`` names a yes/no item
    of the same side that must be "yes" for this one to apply (otalgia -> its severity).
    """

    path: str
    label: str
    kind: ItemKind = "auto"
    options: tuple[Option, ...] | None = None
    style: Literal["row", "list"] = "row"
    unit: str = ""
    hint: str = ""
    normal: Any = None
    help: str = ""
    depends_on: str | None = None
    placeholder: str = ""

    def path_for(self, side: str | None) -> str:
        return self.path.replace(SIDE, side) if side else self.path

    def depends_path(self, side: str | None) -> str | None:
        return self.depends_on.replace(SIDE, side) if self.depends_on and side else self.depends_on


@dataclass(frozen=True)
class Section:
    """A group box. ``sides``: "none" (one control per item), "face" (one per graded half of the
    face; two columns only in bilateral palsy), "both" (always right and left: a test of both sides)."""

    title: str
    items: tuple[Item, ...]
    sides: Literal["none", "face", "both"] = "none"
    columns: int = 1
    note: str = ""
    #: With several columns: fill row by row (True) or column by column (False, keeps groups together).
    row_major: bool = False


@dataclass(frozen=True)
class Page:
    key: str
    number: str
    title: str
    sections: tuple[Section, ...] = ()
    optional: bool = False
    mark_normal: bool = False
    intro: str = ""
    review: bool = False
    needs_side: bool = False
    short: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def list_title(self) -> str:
        """The title in the page list (a shorter one where the full title does not fit)."""
        return self.short or self.title

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"
