"""Fast rich text: the report's paragraphs and table cells without reportlab's Paragraph.

reportlab's Paragraph parses its markup with ``html.parser``, measures every word through
several layers of pure-Python calls, re-breaks its lines at every ``wrap`` (tables and
KeepTogether wrap each cell or paragraph two or three times), and draws every line through a
text object that formats each number and colour again. The report holds a few hundred
paragraphs and cells, and that was most of its build time.

This module does the same work once and directly:

* :func:`parse` reads the small markup the report writes (``<b>``, ``<font color size>``,
  ``<br/>`` and the XML entities of escaped user text) into words of styled pieces, measuring
  each piece with the font's own width table;
* :func:`break_lines` breaks those words into lines for a width (greedy, long words cut by
  character, hard breaks kept), memoised per width by the flowables;
* :func:`emit_lines` writes the PDF text operators for laid-out lines in one text object,
  encoding through the embedded font subsets as reportlab's text object does.

:class:`Para` is a Paragraph look-alike flowable (same styles, same bullets, same first
baseline, same splitting with no orphan or widow lines). Markup it does not know makes
:func:`para` fall back to reportlab's Paragraph, so nothing is ever lost.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from .fonts import FONTS

# The whitespace that separates words in reportlab's Paragraph (no-break space is not in it).
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
_SPLIT_WORDS = re.compile(f"[{_SPACES}]+").split
_TAG_OR_ENTITY = re.compile(r"<(/?)([A-Za-z]+)((?:\s+[A-Za-z]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>|&(#?[A-Za-z0-9]+);")
_ATTRIBUTE = re.compile(r"([A-Za-z]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": "\u00a0"}

# PDF string escaping of subset codes, as reportlab writes them (octal outside printable ASCII).
_ESCAPE = {c: f"\\{c:03o}" for c in (*range(32), *range(127, 256))}
_ESCAPE.update({ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"})


class MarkupError(ValueError):
    """Markup outside the small set :func:`parse` reads (the caller falls back to reportlab)."""


def num(value: float) -> str:
    """A PDF number: at most three decimals, no trailing zeros (sizes, widths, colours)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pos(x: float, y: float) -> str:
    """A position on the page, to the hundredth of a point (0.004 mm)."""
    return "%.2f %.2f" % (x, y)


class _Widths(dict):
    """Advance widths (1/1000 em) by code point, with the font's default for the rest."""

    def __init__(self, font: Any) -> None:
        super().__init__(font.face.charWidths)
        self.default = font.face.defaultWidth

    def __missing__(self, code: int) -> float:
        return self.default


_WIDTHS: dict[str, _Widths] = {}


def widths_of(font_name: str) -> _Widths:
    table = _WIDTHS.get(font_name)
    if table is None:
        table = _WIDTHS[font_name] = _Widths(pdfmetrics.getFont(font_name))
    return table


def text_width(text: str, font_name: str, size: float) -> float:
    """Same result as reportlab's stringWidth for the embedded TrueType fonts."""
    return sum(map(widths_of(font_name).__getitem__, map(ord, text))) * 0.001 * size


class Fmt:
    """One text format: font, size and colour, with what drawing and measuring need."""

    __slots__ = ("font_name", "size", "color", "font", "widths", "scale", "size_op", "color_op", "space")

    def __init__(self, font_name: str, size: float, color: colors.Color) -> None:
        self.font_name = font_name
        self.size = size
        self.color = color
        self.font = pdfmetrics.getFont(font_name)
        self.widths = widths_of(font_name)
        self.scale = 0.001 * size
        self.size_op = num(size)
        self.color_op = f"{num(color.red)} {num(color.green)} {num(color.blue)} rg"
        self.space = self.widths[32] * self.scale

    def width(self, text: str) -> float:
        return sum(map(self.widths.__getitem__, map(ord, text))) * self.scale


_FMTS: dict[tuple[str, float, int], Fmt] = {}


def fmt_for(font_name: str, size: float, color: colors.Color) -> Fmt:
    # Keyed by the colour object (the report's colours are module constants; the Fmt keeps its
    # colour alive, so the id is not reused while the entry exists).
    key = (font_name, size, id(color))
    found = _FMTS.get(key)
    if found is None:
        found = _FMTS[key] = Fmt(font_name, size, color)
    return found


_COLOURS: dict[str, colors.Color] = {}


def _colour(value: str) -> colors.Color:
    found = _COLOURS.get(value)
    if found is None:
        try:
            found = colors.toColor(value)
        except ValueError as error:
            raise MarkupError(f"unknown colour {value!r}") from error
        _COLOURS[value] = found
    return found


def _bold_of(font_name: str) -> str:
    return FONTS.bold if font_name in (FONTS.regular, FONTS.bold) else font_name


#: A word: its pieces (text, format), its width, and the format of the space before it (the
#: format of the text the whitespace was typed in, as in a Paragraph).
Word = tuple[tuple[tuple[str, Fmt], ...], float, Fmt]


def _words(pieces: list[tuple[str, Fmt]]) -> list[Word]:
    """Words of one hard line from its styled pieces (a word may span pieces)."""
    if len(pieces) == 1 and pieces[0][0].isascii():
        # One format, ASCII: str.split() splits at exactly the ASCII whitespace above.
        text, fmt = pieces[0]
        get, scale = fmt.widths.__getitem__, fmt.scale
        return [(((word, fmt),), sum(map(get, map(ord, word))) * scale, fmt) for word in text.split()]
    words: list[Word] = []
    current: list[tuple[str, Fmt]] = []
    width = 0.0
    gap = pieces[0][1] if pieces else None
    for text, fmt in pieces:
        parts = _SPLIT_WORDS(text)
        for index, part in enumerate(parts):
            if index:  # whitespace before this part: the current word ends
                if current:
                    words.append((tuple(current), width, gap))
                    current, width = [], 0.0
                gap = fmt
            if part:
                current.append((part, fmt))
                width += fmt.width(part)
    if current:
        words.append((tuple(current), width, gap))
    return words


def plain_lines(lines: Sequence[str], fmt: Fmt) -> list[list[Word]]:
    """Hard lines of literal text (no markup) in one format."""
    return _trimmed([_words([(line, fmt)]) for line in lines])


def parse(markup: str, style: ParagraphStyle) -> list[list[Word]]:
    """Hard lines of words from Paragraph markup; raises MarkupError on anything unknown.

    As in a Paragraph, a break at the very end adds no line and blank text has no line at all.
    """
    base_font = style.fontName
    stack: list[tuple[bool, float, colors.Color]] = []
    bold, size, colour = base_font == FONTS.bold, float(style.fontSize), style.textColor
    fmt = fmt_for(_bold_of(base_font) if bold else base_font, size, colour)
    lines: list[list[tuple[str, Fmt]]] = [[]]

    def add(text: str) -> None:
        pieces = lines[-1]
        if pieces and pieces[-1][1] is fmt:  # entities split text in the same format: join it
            pieces[-1] = (pieces[-1][0] + text, fmt)
        else:
            pieces.append((text, fmt))

    position = 0
    for match in _TAG_OR_ENTITY.finditer(markup):
        start = match.start()
        if start > position:
            add(markup[position:start])
        position = match.end()
        closing, tag, attributes, self_closing, entity = match.groups()
        if entity is not None:
            if entity.startswith("#"):
                text = unescape(f"&{entity};")
                if text.startswith("&"):
                    raise MarkupError(f"bad character reference {entity!r}")
            elif entity in _ENTITIES:
                text = _ENTITIES[entity]
            else:
                raise MarkupError(f"unknown entity {entity!r}")
            add(text)
            continue
        tag = tag.lower()
        if tag == "br" and not closing:
            lines.append([])
            continue
        if tag not in ("b", "font") or (self_closing and not closing):
            raise MarkupError(f"unsupported tag {tag!r}")
        if closing:
            if not stack:
                raise MarkupError("unbalanced closing tag")
            bold, size, colour = stack.pop()
        else:
            stack.append((bold, size, colour))
            if tag == "b":
                bold = True
            else:
                for name, double, single in _ATTRIBUTE.findall(attributes):
                    value = double or single
                    name = name.lower()
                    if name == "color":
                        colour = _colour(value)
                    elif name == "size":
                        try:
                            size = float(value)
                        except ValueError as error:
                            raise MarkupError(f"bad size {value!r}") from error
                    else:
                        raise MarkupError(f"unsupported attribute {name!r}")
        fmt = fmt_for(_bold_of(base_font) if bold else base_font, size, colour)
    if stack:
        raise MarkupError("unclosed tag")
    if position < len(markup):
        rest = markup[position:]
        if "<" in rest or "&" in rest:
            raise MarkupError("stray markup character")
        add(rest)
    return _trimmed([_words(pieces) for pieces in lines])


def _trimmed(hard_lines: list[list[Word]]) -> list[list[Word]]:
    if hard_lines and not hard_lines[-1]:
        hard_lines.pop()
    return hard_lines


def _cut_word(word: Word, room: float, first_room: float) -> list[Word]:
    """A word wider than the line, cut by character into chunks (the first fills ``first_room``)."""
    chunks: list[Word] = []
    current: list[tuple[str, Fmt]] = []
    width = 0.0
    limit = first_room
    for text, fmt in word[0]:
        widths, scale = fmt.widths, fmt.scale
        start = 0
        for index, char in enumerate(text):
            char_width = widths[ord(char)] * scale
            if width + char_width > limit and (current or index > start):
                if index > start:
                    current.append((text[start:index], fmt))
                chunks.append((tuple(current), width, word[2] if not chunks else fmt))
                current, width, start, limit = [], 0.0, index, room
            width += char_width
        if start < len(text):
            current.append((text[start:], fmt))
    if current:
        chunks.append((tuple(current), width, word[2] if not chunks else current[0][1]))
    return chunks


#: A laid-out line: its words, whether a hard break (or the end of the text) follows it, and
#: the word spacing that makes it fit (negative: spaces shrunk a little, as reportlab allows).
Line = tuple[list[Word], bool, float]

#: How much of a space's width a line may take back to fit one more word (reportlab's default).
SPACE_SHRINKAGE = 0.05


def _finished(line: list[Word], room: float, used: float, ends: bool) -> Line:
    over = used - room
    word_space = -over / (len(line) - 1) if over > 1e-9 and len(line) > 1 else 0.0
    return (line, ends, word_space)


def break_lines(hard_lines: list[list[Word]], first_width: float, width: float) -> list[Line]:
    """Greedy line breaking; a hard line with no words is an empty line.

    A word still goes on the line when shrinking each space by :data:`SPACE_SHRINKAGE` makes
    it fit, as in reportlab's Paragraph (the line is then drawn with that word spacing).
    """
    lines: list[Line] = []
    room = first_width
    for words in hard_lines:
        line: list[Word] = []
        used = 0.0
        spaces = 0.0
        for word in words:
            word_width = word[1]
            if line:
                space = word[2].space
                wider = used + space + word_width
                if wider <= room + SPACE_SHRINKAGE * (spaces + space) + 1e-9:
                    line.append(word)
                    used = wider
                    spaces += space
                    continue
                lines.append(_finished(line, room, used, False))
                room = width
                line, used, spaces = [], 0.0, 0.0
            if word_width > room + 1e-6:
                chunks = _cut_word(word, width, room)
                for chunk in chunks[:-1]:
                    lines.append(([chunk], False, 0.0))
                    room = width
                word = chunks[-1]
            line = [word]
            used = word[1]
        lines.append(_finished(line, room, used, True))
        room = width
    return lines


def hard_lines_of(lines: Sequence[Line]) -> list[list[Word]]:
    """The words of laid-out lines regrouped by hard line (to lay them out again)."""
    hard: list[list[Word]] = []
    current: list[Word] = []
    for words, ends, _space in lines:
        current += words
        if ends:
            hard.append(current)
            current = []
    if current:
        hard.append(current)
    return hard


def first_size(lines: Sequence[Line], default: float) -> float:
    """The largest font size on the first line (its baseline hangs from it, as in a Paragraph)."""
    if not lines or not lines[0][0]:
        return default
    return max(fmt.size for word in lines[0][0] for _text, fmt in word[0])


def line_segments(words: list[Word]) -> list[tuple[str, Fmt]]:
    """A line's text runs: adjacent pieces in the same format joined, one space between words
    (in the format it was typed in)."""
    fmt = words[0][0][0][1]
    if all(len(word[0]) == 1 and word[0][0][1] is fmt and word[2] is fmt for word in words):
        return [(" ".join(word[0][0][0] for word in words), fmt)]
    segments: list[list[Any]] = []
    for word in words:
        if segments:
            gap = word[2]
            if segments[-1][1] is gap:
                segments[-1][0] += " "
            else:
                segments.append([" ", gap])
        for text, fmt in word[0]:
            if segments and segments[-1][1] is fmt:
                segments[-1][0] += text
            else:
                segments.append([text, fmt])
    return [(text, fmt) for text, fmt in segments]


class _Encoder:
    """Text to escaped PDF string bytes in one font's subsets for one document.

    reportlab's ``splitString`` looks up every character in Python. Here each character's code
    in subset 0 is learnt once per document (after ``splitString`` has assigned it, so codes
    and subsets are exactly reportlab's) and later text is encoded and escaped by one
    ``str.translate``. Text that reaches past subset 0 (more than about 220 distinct glyphs
    in one font) goes through ``splitString`` as before.
    """

    __slots__ = ("font", "doc", "low", "known", "names")

    def __init__(self, font: Any, doc: Any) -> None:
        self.font = font
        self.doc = doc
        self.low: dict[int, str] = {}  # code point: escaped code in subset 0
        self.known: set[str] = set()  # the characters in ``low``
        self.names: dict[int, str] = {}  # subset: its PDF font name

    def name(self, subset: int) -> str:
        found = self.names.get(subset)
        if found is None:
            found = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return found

    def __call__(self, text: str) -> list[tuple[int, str]]:
        chars = set(text)
        if chars <= self.known:
            return [(0, text.translate(self.low))]
        low = self.low
        chunks = self.font.splitString(text, self.doc)
        assignments = self.font.state[self.doc].assignments
        for char in chars:
            code = ord(char)
            glyph = assignments.get(32 if code == 0xA0 else code, 0)  # 0: not in the font
            if glyph < 256:
                low[code] = _ESCAPE.get(glyph, chr(glyph))
                self.known.add(char)
        return [(subset, chunk.decode("latin-1").translate(_ESCAPE)) for subset, chunk in chunks]


_ENCODERS: WeakKeyDictionary[Any, dict[str, _Encoder]] = WeakKeyDictionary()


def _encoders(doc: Any) -> dict[str, _Encoder]:
    """The encoders of one document, by font name."""
    per_doc = _ENCODERS.get(doc)
    if per_doc is None:
        per_doc = _ENCODERS[doc] = {}
    return per_doc


class TextWriter:
    """Collects the text operators of one drawing call and hands them to the canvas at once."""

    __slots__ = ("canv", "doc", "encoders", "ops", "font_key", "color_op", "word_space", "leading")

    def __init__(self, canv: Any) -> None:
        self.canv = canv
        self.doc = canv._doc
        self.encoders = _encoders(self.doc)
        self.ops: list[str] = ["q", "BT"]
        self.font_key: tuple[str, float, int] | None = None
        self.color_op: str | None = None
        self.word_space = 0.0
        self.leading = 0.0

    def line(
        self,
        x: float,
        y: float,
        segments: Sequence[tuple[str, Fmt]],
        word_space: float = 0.0,
        *,
        leading: float | None = None,
        end: bool = True,
    ) -> None:
        """One line of text runs from (x, y).

        The line ends as reportlab ends its text lines, moving to the next line (``T*``) by
        ``leading`` (1.2 times the size unless given): text extraction reads a line break there,
        so a table cell, a footer item or a paragraph line comes out as its own line, as before.
        A bullet does not end its line (``end=False``): its text follows it.
        """
        ops = self.ops
        if word_space != self.word_space:
            ops.append(f"{num(word_space)} Tw")
            self.word_space = word_space
        ops.append(f"1 0 0 1 {pos(x, y)} Tm")
        encoders = self.encoders
        for text, fmt in segments:
            if fmt.color_op != self.color_op:
                ops.append(fmt.color_op)
                self.color_op = fmt.color_op
            encoder = encoders.get(fmt.font_name)
            if encoder is None:
                encoder = encoders[fmt.font_name] = _Encoder(fmt.font, self.doc)
            for subset, chunk in encoder(text):
                key = (fmt.font_name, fmt.size, subset)
                if key != self.font_key:
                    ops.append(f"{encoder.name(subset)} {fmt.size_op} Tf")
                    self.font_key = key
                ops.append(f"({chunk}) Tj")
        if end:
            if leading is None:
                leading = segments[0][1].size * 1.2 if segments else 0.0
            if leading != self.leading:
                ops.append(f"{num(leading)} TL")
                self.leading = leading
            ops.append("T*")

    def close(self) -> None:
        if len(self.ops) > 2:
            self.ops += ["ET", "Q"]
            self.canv._code.append("\n".join(self.ops))
        self.ops = ["q", "BT"]
        self.font_key = self.color_op = None
        self.word_space = 0.0
        self.leading = 0.0


def bullet_offset(style: ParagraphStyle, bullet: str | None) -> float:
    """How far the first line starts right of the left indent to clear the bullet (as reportlab)."""
    offset = style.firstLineIndent
    if bullet:
        bullet_end = style.bulletIndent + text_width(bullet, style.bulletFontName, style.bulletFontSize)
        offset = max(offset, bullet_end + style.bulletFontSize * 0.6 - style.leftIndent)
    return offset


class Para(Flowable):
    """A left-aligned paragraph of report markup that looks, wraps and splits like a Paragraph."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,  # noqa: N803 - the Paragraph keyword
        *,
        hard_lines: list[list[Word]] | None = None,
    ) -> None:
        super().__init__()
        self.style = style
        self.text = text
        self.bulletText = bulletText
        self._hard = hard_lines if hard_lines is not None else parse(text or "", style)
        self._lines: list[Line] = []
        self._for_width: float | None = None
        self.width = self.height = 0.0

    def _layout(self, avail_width: float) -> list[Line]:
        if self._for_width != avail_width:
            style = self.style
            later = avail_width - style.leftIndent - style.rightIndent
            first = later - bullet_offset(style, self.bulletText)
            self._lines = break_lines(self._hard, first, later) if self._hard else []
            self._for_width = avail_width
        return self._lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._layout(avail_width)
        leading = self.style.leading
        fit = int(avail_height / leading + 1e-9)
        count = len(lines)
        if fit <= 1 or avail_width <= 0:  # no orphan: a single first line never ends a page
            return []
        if count <= fit:
            return [self]
        if count == fit + 1:  # no widow: a single last line never starts a page
            if count <= 3:
                return []
            fit -= 1
        head = Para(None, self.style, self.bulletText, hard_lines=hard_lines_of(lines[:fit]))
        head._lines, head._for_width = lines[:fit], avail_width
        tail_style = self.style
        if tail_style.firstLineIndent:
            tail_style = ParagraphStyle(f"{tail_style.name}-cont", parent=tail_style, firstLineIndent=0)
        tail = Para(None, tail_style, hard_lines=hard_lines_of(lines[fit:]))
        tail.spaceBefore = 0
        return [head, tail]

    def draw_lines(self, canv: Any, x: float, y: float, lines: list[Line], bullet: str | None) -> None:
        style = self.style
        leading = style.leading
        writer = TextWriter(canv)
        top = y + len(lines) * leading
        if lines:
            baseline = top - first_size(lines, style.fontSize)
            if bullet:
                fmt = fmt_for(style.bulletFontName, style.bulletFontSize, style.textColor)
                writer.line(x + style.bulletIndent, baseline, [(bullet, fmt)], end=False)
            left = x + style.leftIndent
            first_x = left + bullet_offset(style, bullet)
            for index, (words, _ends, word_space) in enumerate(lines):
                if words:
                    writer.line(first_x if index == 0 else left, baseline, line_segments(words), word_space,
                                leading=leading)
                baseline -= leading
        writer.close()

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw at (x, y) without the save/translate/restore round of Flowable.drawOn."""
        self.draw_lines(canvas, x, y, self._lines, self.bulletText)

    def draw(self) -> None:
        self.draw_lines(self.canv, 0, 0, self._lines, self.bulletText)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab API
        return getattr(self, "spaceBefore", self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab API
        return self.style.spaceAfter

    def getPlainText(self) -> str:  # noqa: N802 - reportlab API
        return "\n".join(" ".join("".join(t for t, _f in w[0]) for w in line) for line in self._hard)


def literal_para(
    lines: Sequence[str], style: ParagraphStyle, bullet: str | None = None, colour: str | colors.Color | None = None
) -> Para:
    """A Para of literal text lines (clean, visual order; no markup to parse or escape)."""
    if isinstance(colour, str):
        colour = _colour(colour)
    fmt = fmt_for(style.fontName, style.fontSize, colour or style.textColor)
    return Para(None, style, bullet, hard_lines=plain_lines(lines, fmt))


def para(text: str, style: ParagraphStyle, bulletText: str | None = None) -> Flowable:  # noqa: N803
    """A fast :class:`Para` for report markup; reportlab's Paragraph for anything else."""
    if style.alignment != TA_LEFT:
        return Paragraph(text, style, bulletText=bulletText)
    try:
        return Para(text, style, bulletText)
    except MarkupError:
        return Paragraph(text, style, bulletText=bulletText)
