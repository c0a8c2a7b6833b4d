"""The Unicode fonts embedded in every report (DejaVu Sans, shipped in facialis.resources/fonts).

The PDF base-14 fonts only cover Latin-1, so a name in Greek, Cyrillic, Arabic or Hebrew would
print as boxes. DejaVu Sans covers those scripts; it is registered once per process because
parsing the TTF files is the slowest part of the first report. Chinese and Japanese characters,
which DejaVu lacks, print in Droid Sans Fallback (also shipped), registered only when a report
first needs it: :func:`font_runs` cuts a string into runs of one font each.
"""
from __future__ import annotations

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
_main_chars: frozenset[int] | None = None
_fallback_chars: frozenset[int] | None = None


def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    """The code points of DejaVu Sans and of the fallback font (the fallback registered on first use)."""
    global _main_chars, _fallback_chars
    if _main_chars is None or _fallback_chars is None:
        register_fonts()
        with _fallback_lock:
            if _main_chars is None or _fallback_chars is None:
                from reportlab.pdfbase import pdfmetrics
                from reportlab.pdfbase.ttfonts import TTFont

                main = frozenset(pdfmetrics.getFont(FONTS.regular).face.charToGlyph)
                fallback = TTFont(FALLBACK, io.BytesIO(resource_path(_FALLBACK_FILE).read_bytes()))
                pdfmetrics.registerFont(fallback)
                _fallback_chars = frozenset(fallback.face.charToGlyph)
                _main_chars = main
    return _main_chars, _fallback_chars


def font_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs ``(piece, in_fallback)``: True for characters only the fallback font has.

    ASCII and the scripts DejaVu covers come back as one run without loading the fallback font.
    """
    if text.isascii():
        return [(text, False)]
    main, fallback = _coverage()
    runs: list[tuple[str, bool]] = []
    for char in text:
        use = ord(char) not in main and ord(char) in fallback
        if runs and runs[-1][1] == use:
            runs[-1] = (runs[-1][0] + char, use)
        else:
            runs.append((char, use))
    return runs


def needs_fallback(text: str) -> bool:
    return any(use for _, use in font_runs(text))
