"""The Unicode fonts embedded in every report (DejaVu Sans, shipped in facialis.resources/fonts).

The PDF base-14 fonts only cover Latin-1, so a name in Greek, Cyrillic, Arabic or Hebrew would
print as boxes. DejaVu Sans covers those scripts; it is registered once per process because
parsing the TTF files is the slowest part of the first report. Chinese and Japanese characters,
which DejaVu lacks, print in Droid Sans Fallback (also shipped), registered only when a report
first needs it: :func:`font_runs` cuts a string into runs of one font each.
"""
from __future__ import annotations

import functools
import io
import threading
from dataclasses import dataclass

from ...resources import resource_path


@dataclass(frozen=True)
class FontNames:
    """The registered reportlab font names and the family name.

    The report uses no italics (an upright face keeps the subset count, and so the build
    time, down); ``<i>`` maps to the regular face rather than failing.
    """

    family: str
    regular: str
    bold: str
    italic: str


FONTS = FontNames(
    family="DejaVuSans",
    regular="DejaVuSans",
    bold="DejaVuSans-Bold",
    italic="DejaVuSans",
)

_FILES = {
    FONTS.regular: "fonts/DejaVuSans.ttf",
    FONTS.bold: "fonts/DejaVuSans-Bold.ttf",
}
#: The font for characters DejaVu Sans does not have (Han, kana); it has no bold face.
FALLBACK = "DroidSansFallback"
_FALLBACK_FILE = "fonts/DroidSansFallbackFull.ttf"

_lock = threading.Lock()
_registered = False


def register_fonts() -> FontNames:
    """Register the DejaVu family with reportlab (idempotent, thread-safe) and return its names."""
    global _registered
    if _registered:
        return FONTS
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            for name, relative in _FILES.items():
                data = resource_path(relative).read_bytes()
                pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
            # <b> and <i> inside a Paragraph pick the family members through this mapping.
            pdfmetrics.registerFontFamily(
                FONTS.family,
                normal=FONTS.regular,
                bold=FONTS.bold,
                italic=FONTS.italic,
                boldItalic=FONTS.bold,
            )
            _registered = True
    return FONTS


_fallback_lock = threading.Lock()


@functools.cache
def _main_chars() -> frozenset[int]:
    """The code points DejaVu Sans has."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return frozenset(pdfmetrics.getFont(FONTS.regular).face.charToGlyph)


@functools.cache
def _fallback_chars() -> frozenset[int]:
    """The code points of the fallback font, registered here on first use (a report without
    Chinese or Japanese never loads it)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _fallback_lock:
        fallback = TTFont(FALLBACK, io.BytesIO(resource_path(_FALLBACK_FILE).read_bytes()))
        pdfmetrics.registerFont(fallback)
        return frozenset(fallback.face.charToGlyph)


def font_runs(text: str) -> tuple[tuple[str, bool], ...]:
    """``text`` as runs ``(piece, in_fallback)``: True for characters only the fallback font has.

    ASCII comes back as one run at once; other text is looked at once per distinct string (the
    footer's line repeats on every page).
    """
    if text.isascii():
        return ((text, False),)
    return _runs(text)


@functools.lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, bool], ...]:
    main = _main_chars()
    if all(ord(char) in main for char in text):
        return ((text, False),)
    fallback = _fallback_chars()
    runs: list[tuple[str, bool]] = []
    for char in text:
        use = ord(char) not in main and ord(char) in fallback
        if runs and runs[-1][1] == use:
            runs[-1] = (runs[-1][0] + char, use)
        else:
            runs.append((char, use))
    return tuple(runs)


def needs_fallback(text: str) -> bool:
    return any(use for _, use in font_runs(text))


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of ``text``: runs that need the fallback font are measured in it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(piece, FALLBACK if fallback else font, size) for piece, fallback in font_runs(text))


def draw_text(canvas: object, x: float, y: float, text: str, font: str, size: float, *, right: bool = False) -> None:
    """Draw one line on a reportlab canvas (footer, running header), each run in its font;
    ``right`` aligns its end at ``x``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if right:
        x -= text_width(text, font, size)
    for piece, fallback in font_runs(text):
        name = FALLBACK if fallback else font
        canvas.setFont(name, size)  # type: ignore[attr-defined]
        canvas.drawString(x, y, piece)  # type: ignore[attr-defined]
        x += stringWidth(piece, name, size)
