"""The Unicode fonts embedded in every report (shipped in facialis.resources/fonts).

The PDF base-14 fonts only cover Latin-1, so a name in Greek, Cyrillic, Arabic or Hebrew would
print as boxes. DejaVu Sans covers those scripts; it is registered once per process because
parsing the TTF files is the slowest part of the first report. Characters DejaVu lacks print in a
fallback font, registered only when a report first needs it: Chinese and Japanese in Droid Sans
Fallback, Korean (Hangul) in NanumSquare. :func:`font_runs` cuts a string into runs of one font
each. Arabic is drawn in joined presentation forms (``bidi.join_arabic``); DejaVu's PDF text map
gives them back as the letters typed, so extracted, searched or copied text is unchanged.
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
#: The font for Han and kana, which DejaVu Sans does not have; it has no bold face.
FALLBACK = "DroidSansFallback"
#: The font for Hangul (Korean), which neither DejaVu Sans nor Droid Sans Fallback has; one face.
HANGUL = "NanumSquare"
_FALLBACK_FILES = {
    FALLBACK: "fonts/DroidSansFallbackFull.ttf",
    HANGUL: "fonts/NanumSquareR.ttf",
}
#: Hangul Jamo, Compatibility Jamo, Jamo Extended-A, Syllables, Jamo Extended-B, halfwidth Jamo.
_HANGUL_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xFFA0, 0xFFDC))

_lock = threading.Lock()
_registered = False


def _ttf(name: str, relative: str) -> object:
    """A reportlab TTFont for a shipped font file; DejaVu's gives extracted Arabic back as typed."""
    from reportlab.pdfbase.ttfonts import TTFont

    data = io.BytesIO(resource_path(relative).read_bytes())
    if name in _FILES:
        return _letters_text_map_font()(name, data)
    return TTFont(name, data)


@functools.cache
def _letters_text_map_font() -> type:
    """A TTFont whose PDF text map (ToUnicode) gives each joined Arabic form back as its letters.

    reportlab maps each drawn character to itself; the joined forms that ``bidi.join_arabic``
    draws would then extract as presentation forms (other code points than the text typed).
    Only subsets holding such a form are rewritten; other reports only pay for a look at each subset.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    from .bidi import joined_letters

    class LettersTextMapFont(TTFont):  # type: ignore[misc]
        def addObjects(self, doc: object) -> None:  # noqa: N802 - reportlab API
            state = self.state.get(doc)
            back = joined_letters()
            rewrite = [
                (self.getSubsetInternalName(n, doc)[1:], list(subset))
                for n, subset in enumerate(state.subsets if state is not None else ())
                if any(chr(code) in back for code in subset)
            ]
            super().addObjects(doc)
            fonts = doc.idToObject["BasicFonts"].dict  # type: ignore[attr-defined]
            for internal, subset in rewrite:
                font = fonts[internal]
                stream = doc.idToObject[font.ToUnicode.name]  # type: ignore[attr-defined]
                stream.content = _text_map(font.BaseFont, subset, back)

    return LettersTextMapFont


def _text_map(font_name: str, subset: list[int], back: dict[str, str]) -> str:
    """A ToUnicode CMap for one subset (as reportlab writes it) with joined forms as letters."""
    pairs = "\n".join(
        f"<{code:02X}> <{back.get(chr(char), chr(char)).encode('utf-16-be').hex().upper()}>"
        for code, char in enumerate(subset)
    )
    return "\n".join((
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({font_name})", f"/Ordering ({font_name})", "/Supplement 0", ">> def",
        f"/CMapName /{font_name} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar", pairs,
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ))


def register_fonts() -> FontNames:
    """Register the DejaVu family with reportlab (idempotent, thread-safe) and return its names."""
    global _registered
    if _registered:
        return FONTS
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics

            for name, relative in _FILES.items():
                pdfmetrics.registerFont(_ttf(name, relative))
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
def _fallback_chars(name: str) -> frozenset[int]:
    """The code points of a fallback font, registered here on first use (a report without
    Chinese, Japanese or Korean never loads one)."""
    from reportlab.pdfbase import pdfmetrics

    with _fallback_lock:
        font = _ttf(name, _FALLBACK_FILES[name])
        pdfmetrics.registerFont(font)
        return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def _is_hangul(code: int) -> bool:
    return any(low <= code <= high for low, high in _HANGUL_RANGES)


def _font_for(code: int, main: frozenset[int]) -> str | None:
    """The fallback font for one code point (None: DejaVu Sans). Only Hangul looks in NanumSquare
    (first, so Korean text does not load Droid Sans Fallback); anything else only in Droid, so
    a character neither has (a line break, an emoji) stays in DejaVu as before."""
    if code in main:
        return None
    for name in (HANGUL, FALLBACK) if _is_hangul(code) else (FALLBACK,):
        if code in _fallback_chars(name):
            return name
    return None


def font_runs(text: str) -> tuple[tuple[str, str | None], ...]:
    """``text`` as runs ``(piece, fallback)``: the fallback font's name for characters only it
    has (Han and kana: ``FALLBACK``; Hangul: ``HANGUL``), None for DejaVu Sans.

    ASCII comes back as one run at once; other text is looked at once per distinct string (the
    footer's line repeats on every page).
    """
    if text.isascii():
        return ((text, None),)
    return _runs(text)


@functools.lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, str | None], ...]:
    main = _main_chars()
    if all(ord(char) in main for char in text):
        return ((text, None),)
    runs: list[tuple[str, str | None]] = []
    for char in text:
        use = _font_for(ord(char), main)
        if runs and runs[-1][1] == use:
            runs[-1] = (runs[-1][0] + char, use)
        else:
            runs.append((char, use))
    return tuple(runs)


def needs_fallback(text: str) -> bool:
    """True when part of ``text`` prints in a fallback font (a plain table cell has one font)."""
    return any(use for _, use in font_runs(text))


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of ``text``: runs that need a fallback font are measured in it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(piece, fallback or font, size) for piece, fallback in font_runs(text))


def draw_text(canvas: object, x: float, y: float, text: str, font: str, size: float, *, right: bool = False) -> None:
    """Draw one line on a reportlab canvas (footer, running header), each run in its font;
    ``right`` aligns its end at ``x``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if right:
        x -= text_width(text, font, size)
    for piece, fallback in font_runs(text):
        name = fallback or font
        canvas.setFont(name, size)  # type: ignore[attr-defined]
        canvas.drawString(x, y, piece)  # type: ignore[attr-defined]
        x += stringWidth(piece, name, size)
