"""Small building blocks shared by the sections: headings, label/value tables, lists, free text.

Every user string passes through ``text.markup`` or ``free_text`` before it becomes a
Paragraph; short values go into table cells, free text never does (a table row cannot split
across pages, a run of Paragraphs can).
"""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .labels import NOT_ASSESSED
from .styles import GRID, MUTED, NAVY, TABLE_FONT, get_styles
from .flowables import free_text_paragraph
from .text import markup, split_paragraphs

#: Longest text shown in one table cell; longer values are cut with an ellipsis there and the full
#: text is printed elsewhere (cells cannot split across pages).
CELL_LIMIT = 600


def esc(value: object, *, limit: int | None = CELL_LIMIT) -> str:
    """Escaped markup of a value for a Paragraph."""
    return markup(value, max_chars=limit)


def para(text_markup: str, style: str = "body") -> Paragraph:
    """A Paragraph from markup that is already escaped (or built by this package)."""
    return Paragraph(text_markup, getattr(get_styles(), style))


def cell(value: object, *, style: str = "cell", limit: int | None = CELL_LIMIT) -> Paragraph:
    """A table cell from a raw (user or computed) value; "not assessed" is shown muted."""
    text = esc(value, limit=limit)
    if text == NOT_ASSESSED:
        text = f'<font color="#{MUTED.hexval()[2:]}">{NOT_ASSESSED}</font>'
    return Paragraph(text, getattr(get_styles(), style))


def heading(title: str, *, level: int = 1) -> Paragraph:
    return Paragraph(esc(title), get_styles().h1 if level == 1 else get_styles().h2)


def section(title: str, body: Sequence[Flowable], *, keep: int = 2) -> list[Flowable]:
    """A heading kept together with the first ``keep`` flowables of its body."""
    if not body:
        return []
    head = [CondPageBreak(60), heading(title), *body[:keep]]
    return [KeepTogether(head), *body[keep:]]


def subsection(title: str, body: Sequence[Flowable]) -> list[Flowable]:
    """A level-2 heading that never ends a page alone."""
    if not body:
        return []
    return [KeepTogether([heading(title, level=2), body[0]]), *body[1:]]


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
        return [Paragraph(f"<i>{esc(empty)}</i>", get_styles().muted)]
    style = get_styles().free_text
    joined = ParagraphStyle("free_text_joined", parent=style, spaceAfter=0)
    out: list[Flowable] = []
    for piece in pieces:
        lines = piece.split("\n")
        blocks = ["\n".join(lines[i:i + LINES_PER_BLOCK]) for i in range(0, len(lines), LINES_PER_BLOCK)]
        for index, block in enumerate(blocks):
            out.append(free_text_paragraph(block, style if index == len(blocks) - 1 else joined))
    return out


def grid_style(*, header: bool = True, zebra: bool = True) -> list[tuple]:
    """Thin-ruled table style used by every findings table."""
    commands: list[tuple] = [
        *TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3EAF2")),
        ]
    return commands


def table(
    rows: list[list[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Sequence[tuple] = (),
    repeat: bool = True,
) -> Table:
    """A findings table that splits between rows across pages (header row repeated)."""
    result = Table(rows, colWidths=list(widths), repeatRows=1 if header and repeat else 0, hAlign="LEFT")
    result.setStyle(TableStyle([*grid_style(header=header), *extra]))
    return result


def gap(height: float = 4) -> Spacer:
    return Spacer(1, height)
