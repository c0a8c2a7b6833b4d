"""Small building blocks shared by the sections: headings, label/value tables, lists, free text.

Every user string passes through ``text.markup`` or ``free_text`` before it becomes a
paragraph; table cells take plain values (drawn as literal text, never parsed as markup) or
markup the sections wrote. Free text never goes into a cell (a table row cannot split across
pages, a run of paragraphs can).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from .bidi import visual
from .flowables import Keep, free_text_paragraph
from .grid import Grid, GridCell, GridStyle, Row, plain_cell
from .labels import NOT_ASSESSED
from .rich import MarkupError, fmt_for, literal_para, para, parse
from .styles import GRID, MUTED, NAVY, get_styles
from .text import clean, markup, shorten, split_paragraphs

#: Longest text shown in one table cell (a row cannot split across pages, so a cell must never
#: outgrow a page). Validated short fields are far shorter; free text never goes into a cell.
CELL_LIMIT = 600


def esc(value: object, *, limit: int | None = CELL_LIMIT) -> str:
    """Escaped markup of a value for a paragraph."""
    return markup(value, max_chars=limit)


@dataclass(frozen=True)
class Cell:
    """A table cell value and how it looks: ``body``, ``head`` (label) or ``bold``.

    The value is printed as typed (cleaned, cut to ``limit``, right-to-left runs in visual
    order, line breaks kept); "not assessed" is muted.
    """

    value: object
    kind: str = "body"
    limit: int | None = CELL_LIMIT


@dataclass(frozen=True)
class Markup:
    """A table cell of report markup (``<b>``, ``<font>``, ``<br/>``; user text escaped)."""

    text: str
    style: str = "cell"


_CELL_STYLE = {"body": "cell", "head": "cell_head", "bold": "cell_bold"}
CELL_PADDING = 3.0


def grid_cell(item: object) -> GridCell | None:
    """The laid-out content of one table cell (None when empty)."""
    styles = get_styles()
    if item is None or item == "":
        return None
    if isinstance(item, Markup):
        style = getattr(styles, item.style)
        try:
            return GridCell(parse(item.text, style), style.leading, style.fontSize)
        except MarkupError:
            return grid_cell(Cell(item.text))
    if not isinstance(item, Cell):
        item = Cell(item)
    style = getattr(styles, _CELL_STYLE[item.kind])
    text = shorten(clean(item.value), item.limit)
    colour = MUTED if item.kind == "body" and text == NOT_ASSESSED else style.textColor
    lines = [visual(line, base_rtl=False) for line in text.split("\n")]
    # A one-line value takes the table's line height whatever its font; wrapped text its style's.
    return plain_cell(lines, fmt_for(style.fontName, style.fontSize, colour), style.leading, styles.cell.leading)


def literal(value: object, style: ParagraphStyle, *, bullet: str | None = None, colour: str | None = None,
            limit: int | None = CELL_LIMIT) -> Flowable:
    """A paragraph of a value printed as typed (cleaned, cut to ``limit``, right-to-left runs in
    visual order, line breaks kept): the same as ``para(esc(value))`` without the markup round trip."""
    text = shorten(clean(value), limit)
    return literal_para([visual(line, base_rtl=False) for line in text.split("\n")], style, bullet, colour)


def heading(title: str, *, level: int = 1) -> Flowable:
    return literal(title, get_styles().h1 if level == 1 else get_styles().h2)


#: Room a section needs at the bottom of a page before its heading is placed there.
SECTION_ROOM = 40 * mm


def section(title: str, body: Sequence[Flowable], *, keep: int = 2) -> list[Flowable]:
    """A heading that never ends a page alone.

    Short openings (paragraphs) are kept together with the heading; a table is not (keeping a
    long table with its heading would push both to the next page and leave a gap): the heading
    then only asks for enough room for the first rows.
    """
    if not body:
        return []
    if any(isinstance(f, (Table, Grid)) for f in body[:keep]):
        return [CondPageBreak(SECTION_ROOM), heading(title), *body]
    return [CondPageBreak(SECTION_ROOM / 2), Keep([heading(title), *body[:keep]]), *body[keep:]]


def subsection(title: str, body: Sequence[Flowable]) -> list[Flowable]:
    """A level-2 heading that never ends a page alone."""
    if not body:
        return []
    return [Keep([heading(title, level=2), body[0]]), *body[1:]]


def bullets(items: Sequence[str], *, style: str = "bullet", symbol: str = "\u2022", colour: str | None = None) -> list[Flowable]:
    """One paragraph per item (items are printed as typed)."""
    paragraph_style = getattr(get_styles(), style)
    return [literal(item, paragraph_style, bullet=symbol, colour=colour, limit=None) for item in items]


#: Hard line breaks per flowable: a Paragraph re-wraps all of its remaining lines at every page
#: split, so text typed as thousands of short lines is cut into blocks of this many lines.
LINES_PER_BLOCK = 40


def free_text(value: object, *, empty: str = "none recorded") -> list[Flowable]:
    """Free text as a run of flowables (one per paragraph) that can break across pages."""
    pieces = split_paragraphs(value)
    if not pieces:
        return [para(esc(empty), get_styles().muted)]
    style = get_styles().free_text
    joined = ParagraphStyle("free_text_joined", parent=style, spaceAfter=0)
    out: list[Flowable] = []
    for piece in pieces:
        lines = piece.split("\n")
        blocks = ["\n".join(lines[i:i + LINES_PER_BLOCK]) for i in range(0, len(lines), LINES_PER_BLOCK)]
        for index, block in enumerate(blocks):
            out.append(free_text_paragraph(block, style if index == len(blocks) - 1 else joined))
    return out


def grid_style(*, header: bool = True) -> GridStyle:
    """Thin-ruled style of every findings table (a tinted header row under a dark rule)."""
    return GridStyle(
        top_padding=2.2,
        bottom_padding=2.6,
        left_padding=CELL_PADDING,
        right_padding=CELL_PADDING,
        row_rule=(0.35, GRID),
        header_rule=(0.8, NAVY) if header else None,
        header_background=HEADER_BACKGROUND if header else None,
    )


HEADER_BACKGROUND = colors.HexColor("#E3EAF2")


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    repeat: bool = True,
    spans: Mapping[int, float] | None = None,
    column_rules: Sequence[tuple[int, float, colors.Color]] = (),
) -> Grid:
    """A findings table that splits between rows across pages (header row repeated).

    ``spans`` maps a row index to its top padding: that row's first cell spans every column
    (a group title). ``column_rules`` are (column, line width, colour) rules before a column.
    """
    spans = spans or {}
    grid_rows = [
        Row([grid_cell(item) for item in row], span=index in spans, top_padding=spans.get(index))
        for index, row in enumerate(rows)
    ]
    style = grid_style(header=header)
    if column_rules:
        style.column_rules = tuple(column_rules)
    return Grid(grid_rows, widths, style, header_rows=1 if header else 0, repeat=repeat)


def gap(height: float = 4) -> Spacer:
    return Spacer(1, height)
