"""Turning any user string into safe Paragraph markup.

Everything a user typed reaches reportlab through :func:`markup` (or :func:`plain` for canvas
strings, or ``flowables.free_text_paragraph`` for long free text): control characters and
unpaired surrogates are dropped, right-to-left runs are put in visual order with Arabic letters
joined (``bidi``), markup characters are escaped, and line breaks become ``<br/>``. Paragraph
parses its text as XML-like markup, so an unescaped ``<b>`` or ``&`` in a patient name would
change the layout or make the build fail.
"""
from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from .bidi import visual
from .fonts import font_runs

# C0 and C1 controls (tab and newline are handled before this runs), unpaired surrogates,
# non-characters, the byte-order mark and the bidi embedding/override/isolate controls (a stray
# override can visually reorder the rest of a printed line), and the soft hyphen: reportlab
# tries every soft-hyphen split of a long word, which takes minutes on one 50,000-character word.
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\ufeff"
    "\u202a-\u202e\u2066-\u2069]"
)
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
ELLIPSIS = "\u2026"


def clean(value: object) -> str:
    """Plain text that every part of reportlab accepts; None becomes an empty string."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _NEWLINES.sub("\n", text).replace("\t", "    ")
    text = _DROP.sub("", text)
    try:
        text = unicodedata.normalize("NFC", text)
    except ValueError:  # pragma: no cover - defensive, normalisation of clean text does not fail
        pass
    return text


def shorten(text: str, max_chars: int | None) -> str:
    """Cut ``text`` to ``max_chars`` characters, marking the cut with an ellipsis."""
    if max_chars is None or len(text) <= max_chars:
        return text
    return text[: max(max_chars - 1, 0)].rstrip() + ELLIPSIS


def markup(value: object, *, max_chars: int | None = None) -> str:
    """Escaped Paragraph markup for a short user string inside left-to-right text.

    Line breaks are kept as ``<br/>``; each line's right-to-left runs are put in visual order
    (short fields rarely wrap; long free text goes through ``flowables.free_text_paragraph``,
    which reorders after line breaking).
    """
    text = shorten(clean(value), max_chars)
    return "<br/>".join(escaped_runs(visual(line, base_rtl=False)) for line in text.split("\n"))


def escaped_runs(text: str) -> str:
    """Escaped Paragraph markup of one line, with the characters DejaVu lacks (Han, kana, Hangul)
    in their fallback font (``fonts.font_runs``)."""
    return "".join(
        f'<font name="{fallback}">{escape(piece)}</font>' if fallback else escape(piece)
        for piece, fallback in font_runs(text)
    )


def plain(value: object, *, max_chars: int | None = None) -> str:
    """One line of clean text for canvas drawing (footer, running header): no markup, no breaks."""
    text = shorten(" ".join(clean(value).split()), max_chars)
    return visual(text, base_rtl=False)


def split_paragraphs(value: object) -> list[str]:
    """Free text cut at blank lines into clean, unescaped paragraphs (empty list when blank).

    Each piece becomes its own flowable, so very long text flows and splits across pages
    without one huge Paragraph.
    """
    text = clean(value).strip()
    if not text:
        return []
    return [piece.strip() for piece in re.split(r"\n\s*\n", text) if piece.strip()]
