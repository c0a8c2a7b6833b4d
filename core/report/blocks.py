"""Small building blocks shared by the sections: headings, label/value tables, lists, free text.

Every user string passes through ``text.markup`` or ``free_text`` before it becomes a
Paragraph; short values go into table cells, free text never does (a table row cannot split
across pages, a run of Paragraphs can).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .bidi import base_is_rtl, has_rtl, visual
from .flowables import KeepWithFirstRows, ReportTable, break_lines, free_text_paragraph
from .fonts import needs_fallback
from .labels import NOT_ASSESSED
from .styles import GRID, MUTED, NAVY, get_styles
from .text import ELLIPSIS, clean, markup, shorten, split_paragraphs

#: Longest text shown in one table cell (a row cannot split across pages, so a cell must never
#: outgrow a page). Validated short fields are far shorter; free text never goes into a cell.
CELL_LIMIT = 600
#: Most lines one table cell shows, for the same reason: a short field may hold a line break
#: every other character, and a long word breaks into many lines in a narrow column. 40 lines
#: (420 pt) leave room for a repeated header row on the smallest page frame (US Letter).
CELL_LINES = 40


def esc(value: object, *, limit: int | None = CELL_LIMIT) -> str:
    """Escaped markup of a value for a Paragraph."""
    return markup(value, max_chars=limit)


@dataclass(frozen=True)
class Cell:
    """A table cell value and how it looks: ``body``, ``head`` (label) or ``bold``.

    :func:`layout_cells` draws it as plain lines broken to the column width (no markup parsing
    and no second wrapping pass, which is most of what a Paragraph cell costs).
    """

    value: object
    kind: str = "body"
    limit: int | None = CELL_LIMIT


_CELL_STYLE = {"body": "cell", "head": "cell_head", "bold": "cell_bold"}
CELL_PADDING = 3.0


def _string_cell(value: object, limit: int | None, style: ParagraphStyle, room: float) -> tuple[str, bool]:
    """A cell value as plain lines broken to the column (see :class:`Cell`); right-to-left runs are
    reordered after breaking. Returns the text and whether it runs right to left (right-aligned).
    """
    text = shorten(clean(value), limit)
    mixed = has_rtl(text)
    rtl = mixed and base_is_rtl(text)
    lines = break_lines(text, style.fontName, style.fontSize, room)
    if len(lines) > CELL_LINES:
        lines = lines[:CELL_LINES]
        last = lines[-1].rstrip()
        while last and stringWidth(last + ELLIPSIS, style.fontName, style.fontSize) > room:
            last = last[:-1]
        lines[-1] = last + ELLIPSIS
    if mixed:
        lines = [visual(line, base_rtl=rtl) for line in lines]
    return "\n".join(lines), rtl


def layout_cells(rows: Sequence[Sequence[object]], widths: Sequence[float]) -> tuple[list[list[object]], list[tuple]]:
    """Table data and the per-cell style commands for rows of :class:`Cell` (or flowables)."""
    styles = get_styles()
    data: list[list[object]] = []
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), styles.cell.textColor),
    ]
    for r, row in enumerate(rows):
        out: list[object] = []
        for c, item in enumerate(row):
            if not isinstance(item, Cell):
                out.append(item)
                continue
            style = getattr(styles, _CELL_STYLE[item.kind])
            text, rtl = _string_cell(item.value, item.limit, style, widths[c] - 2 * CELL_PADDING - 0.5)
            if needs_fallback(text):
                # a plain string cell has one font: Chinese or Japanese text goes in a Paragraph with
                # its runs in the fallback font, wrapped by the Paragraph (rare, so the cost is too)
                out.append(Paragraph(markup(item.value, max_chars=item.limit), style))
                continue
            out.append(text)
            where = ((c, r), (c, r))
            if item.kind != "body":
                commands += [("FONTNAME", *where, style.fontName), ("FONTSIZE", *where, style.fontSize),
                             ("LEADING", *where, style.leading), ("TEXTCOLOR", *where, style.textColor)]
            elif text == NOT_ASSESSED:
                commands.append(("TEXTCOLOR", *where, MUTED))
            if rtl:
                commands.append(("ALIGN", *where, "RIGHT"))
        data.append(out)
    return data, commands


def heading(title: str, *, level: int = 1) -> Paragraph:
    return Paragraph(esc(title), get_styles().h1 if level == 1 else get_styles().h2)


#: Room a section needs at the bottom of a page before its heading is placed there.
SECTION_ROOM = 40 * mm


def with_heads(heads: Sequence[Flowable], body: Sequence[Flowable], *, keep: int = 1) -> list[Flowable]:
    """Headings kept with the start of ``body``: with its first rows when it opens with a table
    (a long table still splits under them), else with its first ``keep`` flowables."""
    first = body[0]
    if isinstance(first, KeepWithFirstRows):
        return [first.under(list(heads)), *body[1:]]
    if isinstance(first, Table):
        return [KeepWithFirstRows(list(heads), first), *body[1:]]
    opening = list(body[:keep])
    for index, item in enumerate(opening[1:], start=1):
        # A table among the flowables to keep: keep the headings and what precedes it with its
        # first rows rather than the whole table with them.
        if isinstance(item, (Table, KeepWithFirstRows)):
            return with_heads([*heads, *opening[:index]], body[index:])
    return [KeepTogether(_unnested([*heads, *opening])), *body[keep:]]


def _unnested(items: Sequence[Flowable]) -> list[Flowable]:
    """The flowables with any KeepTogether among them opened up: a KeepTogether inside another
    measures as infinitely tall, which would push the outer one to the next page every time."""
    out: list[Flowable] = []
    for item in items:
        if type(item) is KeepTogether:
            out += _unnested(item._content)
        else:
            out.append(item)
    return out


def section(title: str, body: Sequence[Flowable], *, keep: int = 2) -> list[Flowable]:
    """A heading that never ends a page alone.

    Short openings (paragraphs) are kept together with the heading; a table is not (keeping a
    long table with its heading would push both to the next page and leave a gap): the heading
    then goes with the first rows of the table (:class:`KeepWithFirstRows`).
    """
    if not body:
        return []
    opening_table = any(isinstance(f, (Table, KeepWithFirstRows)) for f in body[:keep])
    return [CondPageBreak(SECTION_ROOM if opening_table else SECTION_ROOM / 2),
            *with_heads([heading(title)], body, keep=keep)]


def subsection(title: str, body: Sequence[Flowable]) -> list[Flowable]:
    """A level-2 heading that never ends a page alone."""
    if not body:
        return []
    return with_heads([heading(title, level=2)], body)


def bullets(items: Sequence[str], *, style: str = "bullet", symbol: str = "\u2022", colour: str | None = None) -> list[Flowable]:
    """One Paragraph per item (items are escaped here)."""
    out: list[Flowable] = []
    for item in items:
        body = esc(item, limit=None)
        if colour:
            body = f'<font color="{colour}">{body}</font>'
        out.append(Paragraph(body, getattr(get_styles(), style), bulletText=symbol))
    return out


#: Hard line breaks per flowable: a Paragraph re-wraps all of its remaining lines at every page
#: split, so text typed as thousands of short lines is cut into blocks of this many lines.
LINES_PER_BLOCK = 40


def free_text(value: object, *, empty: str = "none recorded") -> list[Flowable]:
    """Free text as a run of flowables (one per paragraph) that can break across pages."""
    pieces = split_paragraphs(value)
    if not pieces:
        return [Paragraph(esc(empty), get_styles().muted)]
    style = get_styles().free_text
    joined = ParagraphStyle("free_text_joined", parent=style, spaceAfter=0)
    out: list[Flowable] = []
    for piece in pieces:
        lines = piece.split("\n")
        blocks = ["\n".join(lines[i:i + LINES_PER_BLOCK]) for i in range(0, len(lines), LINES_PER_BLOCK)]
        for index, block in enumerate(blocks):
            out.append(free_text_paragraph(block, style if index == len(blocks) - 1 else joined))
    return out


def grid_style(*, header: bool = True) -> list[tuple]:
    """Thin-ruled table style used by every findings table."""
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF2")),
        ]
    return commands


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Sequence[tuple] = (),
    repeat: bool = True,
) -> Table:
    """A findings table that splits between rows across pages (header row repeated), without
    leaving one row alone at the foot or the top of a page (:class:`ReportTable`)."""
    data, commands = layout_cells(rows, widths)
    result = ReportTable(data, colWidths=list(widths), repeatRows=1 if header and repeat else 0, hAlign="LEFT")
    result.setStyle(TableStyle([*commands, *grid_style(header=header), *extra]))
    return result


def gap(height: float = 4) -> Spacer:
    return Spacer(1, height)
