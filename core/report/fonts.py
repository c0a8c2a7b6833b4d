"""The Unicode fonts embedded in every report (DejaVu Sans, shipped in facialis.resources/fonts).

The PDF base-14 fonts only cover Latin-1, so a name in Greek, Cyrillic, Arabic or Hebrew would
print as boxes. DejaVu Sans covers those scripts; it is registered once per process because
parsing the TTF files is the slowest part of the first report.
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
