"""Free text as flowables that split across pages, including right-to-left paragraphs.

A paragraph with Hebrew or Arabic must be reordered line by line *after* line breaking (the
words of a wrapped right-to-left sentence run from the right edge down the lines). reportlab
only does that with optional extras installed, so :class:`RtlParagraph` breaks the logical text
into lines itself, puts each line in visual order and hands the lines to a plain Paragraph,
which still splits across pages as usual.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .bidi import base_is_rtl, has_rtl, visual


def break_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces (long words cut by character), keeping hard line breaks."""
    width = max(width, size * 2)
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for hard_line in text.split("\n"):
        current, current_width = "", 0.0
        for word in hard_line.split():
            word_width = stringWidth(word, font, size)
            if word_width > width:
                if current:
                    lines.append(current)
                chunk, chunk_width = "", 0.0
                for char in word:
                    char_width = stringWidth(char, font, size)
                    if chunk and chunk_width + char_width > width:
                        lines.append(chunk)
                        chunk, chunk_width = "", 0.0
                    chunk += char
                    chunk_width += char_width
                current, current_width = chunk, chunk_width
            elif not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= width:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    return lines


class RtlParagraph(Flowable):
    """Plain text with right-to-left runs, laid out line by line in visual order."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.base_rtl = base_is_rtl(text)
        self._inner: Paragraph | None = None
        self._for_width: float | None = None

    def _paragraph(self, avail_width: float) -> Paragraph:
        if self._inner is None or self._for_width is None or abs(self._for_width - avail_width) > 0.01:
            style = self.style
            room = avail_width - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0) - 0.5
            lines = break_lines(self.text, style.fontName, style.fontSize, room)
            body = "<br/>".join(escape(visual(line, base_rtl=self.base_rtl)) for line in lines)
            if self.base_rtl:
                style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
            self._inner = Paragraph(body, style)
            self._for_width = avail_width
        return self._inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self._paragraph(avail_width).wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self._paragraph(avail_width).split(avail_width, avail_height)

    def draw(self) -> None:
        assert self._inner is not None
        self._inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab API
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab API
        return self.style.spaceAfter


def free_text_paragraph(text: str, style: ParagraphStyle) -> Flowable:
    """A flowable for one clean, unescaped paragraph of user text."""
    if has_rtl(text):
        return RtlParagraph(text, style)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)
