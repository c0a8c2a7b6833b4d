"""Paragraph styles and colours of the report, built once per process.

One small palette: dark blue for structure, one strong red reserved for what matters
clinically (candidate segments, red flags, the draft mark), greys for the rest.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FONTS, register_fonts

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A6270")
NAVY = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#9FB3C8")
BOX = colors.HexColor("#EEF3F8")
GRID = colors.HexColor("#C9D3DD")
ALERT = colors.HexColor("#B3261E")
ALERT_BG = colors.HexColor("#FBEAEA")
NERVE = colors.HexColor("#8C96A3")
BONE = colors.HexColor("#F1EDE4")


#: Table cells that hold plain strings (and reportlab's cell defaults) use DejaVu too, so the
#: file carries no base-14 font at all.
TABLE_FONT = [("FONTNAME", (0, 0), (-1, -1), FONTS.regular)]


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    bullet: ParagraphStyle
    grade: ParagraphStyle
    free_text: ParagraphStyle


@functools.cache
def get_styles() -> Styles:
    """The report's styles (fonts registered first, so every style can use DejaVu)."""
    fonts = register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=9,
        leading=12,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=3,
        splitLongWords=1,
        bulletFontName=fonts.regular,
        allowWidows=0,
        allowOrphans=0,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return Styles(
        body=base,
        small=derive("small", fontSize=7.5, leading=9.5, spaceAfter=0),
        muted=derive("muted", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2),
        cell=derive("cell", fontSize=8.5, leading=10.5, spaceAfter=0),
        cell_bold=derive("cell_bold", fontName=fonts.bold, fontSize=8.5, leading=10.5, spaceAfter=0),
        cell_head=derive(
            "cell_head", fontName=fonts.bold, fontSize=8, leading=10, textColor=NAVY, spaceAfter=0
        ),
        title=derive("title", fontName=fonts.bold, fontSize=15, leading=19, textColor=NAVY, spaceAfter=1),
        subtitle=derive("subtitle", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=6),
        h1=derive(
            "h1", fontName=fonts.bold, fontSize=11, leading=14, textColor=NAVY, spaceBefore=9, spaceAfter=3
        ),
        h2=derive("h2", fontName=fonts.bold, fontSize=9.5, leading=12, textColor=NAVY, spaceBefore=5, spaceAfter=2),
        bullet=derive("bullet", leftIndent=11, bulletIndent=2, spaceAfter=1.5),
        grade=derive("grade", fontName=fonts.bold, fontSize=13, leading=16, textColor=NAVY, spaceAfter=0),
        free_text=derive("free_text", fontSize=9, leading=12.5, spaceAfter=5),
    )
