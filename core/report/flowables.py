"""Flowables of the report: free text that splits across pages (including right-to-left
paragraphs), and the blocks that keep a heading or a caption with what it belongs to.

A paragraph with Hebrew or Arabic must be reordered line by line *after* line breaking (the
words of a wrapped right-to-left sentence run from the right edge down the lines). reportlab
only does that with optional extras installed, so :class:`RtlParagraph` breaks the logical text
into lines itself, puts each line in visual order and hands the lines to a plain Paragraph,
which still splits across pages as usual.

Page breaks: :class:`ReportTable` does not leave its header with a single row at the foot of a
page nor a single row alone at the top of the next; :class:`KeepWithFirstRows` moves headings
to the next page unless the first rows of their table fit under them; :class:`Figure` keeps a
drawing with its heading and caption; :class:`KeepWithTail` keeps a closing block (the
signature) with the last lines of the text before it.
"""
from __future__ import annotations


from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from .bidi import base_is_rtl, has_rtl, visual
from .text import escaped_runs


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
            body = "<br/>".join(escaped_runs(visual(line, base_rtl=self.base_rtl)) for line in lines)
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
    return Paragraph("<br/>".join(escaped_runs(line) for line in text.split("\n")), style)


# --- Keeping things together across page breaks ------------------------------------------------

#: Height offered to a flowable measured on its own (it never splits while being measured).
_UNLIMITED = 0xFFFFFFF
#: Fewest body rows a split table leaves at the foot of a page, and carries to the next page.
ORPHAN_ROWS = 2
WIDOW_ROWS = 2
#: A table leaves at most this fraction of a frame empty to avoid an orphan row.
ORPHAN_GAP = 1 / 3


def _at_top(flowable: Flowable) -> bool:
    """True when the frame the flowable is being placed in holds nothing yet (or is unknown)."""
    frame = getattr(flowable, "_frame", None)
    return frame is None or bool(getattr(frame, "_atTop", True))


def _draw_column(
    canv: object, items: list[Flowable], sizes: list[tuple[float, float]], x: float, y: float, width: float,
    previous: Flowable | None,
) -> tuple[float, Flowable | None]:
    """Draw ``items`` downwards from ``y`` (their wrapped ``sizes``, the space between them as a
    frame would leave it, each aligned in ``width``); returns where the column ends and its last item."""
    for item, (item_width, height) in zip(items, sizes):
        if previous is not None:
            y -= _space(previous, item)
        y -= height
        item.drawOn(canv, x, y, _sW=width - item_width)
        previous = item
    return y, previous


def _space(above: Flowable, below: Flowable) -> float:
    return max(above.getSpaceAfter(), below.getSpaceBefore())


def _repeat_rows(table: Table) -> int:
    repeat = table.repeatRows
    return repeat if isinstance(repeat, int) else len(repeat)


class ReportTable(Table):
    """A Table that splits between rows without orphans or widows when it can.

    It does not leave its header row(s) and fewer than :data:`ORPHAN_ROWS` rows at the foot of a
    page (it moves to the next page instead, unless that leaves a large gap), and it does not
    carry fewer than :data:`WIDOW_ROWS` rows to the next page (it splits a row or two earlier).
    Rows kept together with a ``NOSPLIT`` command (a group heading row and its first items) are
    respected as usual.
    """

    #: Fewest body rows left at the foot of a page (one for tables of very tall rows).
    orphans = ORPHAN_ROWS

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        orphans = self.orphans
        repeat = _repeat_rows(self)
        rows = len(self._rowHeights) - repeat
        first, rest = parts
        kept = len(first._rowHeights) - repeat
        carried = len(rest._rowHeights) - repeat
        if carried < WIDOW_ROWS and rows >= orphans + WIDOW_ROWS and kept - (WIDOW_ROWS - carried) >= orphans:
            # Split earlier: the rows that fit less the ones the last rows need for company.
            height = sum(self._rowHeights[: repeat + kept - (WIDOW_ROWS - carried)]) + 0.01
            earlier = super().split(availWidth, height)
            if len(earlier) == 2 and len(earlier[0]._rowHeights) - repeat >= orphans:
                parts = earlier
                kept = len(earlier[0]._rowHeights) - repeat
        if kept < orphans and rows > kept and not _at_top(self):
            frame = getattr(self, "_frame", None)
            if frame is None or availHeight <= frame._height * ORPHAN_GAP:
                return []  # start on the next page with the header and more than one row
        for part in parts:
            part.orphans = orphans
        return parts


class _Stack(Flowable):
    """Flowables drawn one under the other as a single block, with the spaces a frame leaves."""

    #: The items are measured at unlimited height, so a second wrap at the same width (the frame
    #: wraps before it splits) reuses the sizes.
    _height_free = True

    def __init__(self, items: list[Flowable]) -> None:
        super().__init__()
        self.items = list(items)
        self._sizes: list[tuple[float, float]] = []
        self._wrapped_width: float | None = None

    def _measure(self, avail_width: float, avail_height: float) -> list[tuple[float, float]]:
        canv = getattr(self, "canv", None)
        return [item.wrapOn(canv, avail_width, _UNLIMITED) for item in self.items]

    def _spaces(self) -> float:
        return sum(_space(a, b) for a, b in zip(self.items, self.items[1:]))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if not (self._height_free and self._wrapped_width == avail_width):
            self._sizes = self._measure(avail_width, avail_height)
            self._wrapped_width = avail_width
        self.width = avail_width
        self.height = sum(h for _w, h in self._sizes) + self._spaces()
        return self.width, self.height

    def draw(self) -> None:
        _draw_column(self.canv, self.items, self._sizes, 0.0, self.height, self.width, None)

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab API
        return self.items[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab API
        return self.items[-1].getSpaceAfter()


class KeepWithFirstRows(_Stack):
    """Headings (``heads``) and the table they introduce, kept apart only after the table's
    first rows: the block moves to the next page unless the headings, the header row and
    ``rows`` body rows fit; otherwise the table splits as usual under its headings."""

    def __init__(self, heads: list[Flowable], table: Table, rows: int | None = None) -> None:
        super().__init__([*heads, table])
        self.heads = list(heads)
        self.table = table
        self.rows = rows if rows is not None else getattr(table, "orphans", ORPHAN_ROWS)

    def under(self, heads: list[Flowable]) -> "KeepWithFirstRows":
        """The same block with more headings on top (a section heading over a subsection's)."""
        return KeepWithFirstRows([*heads, *self.heads], self.table, self.rows)

    def needed(self) -> float:
        """Height of the headings and the first rows (valid after :meth:`wrap`)."""
        table_height = self._sizes[-1][1]
        first = sum(self.table._rowHeights[: _repeat_rows(self.table) + self.rows])
        return self.height - table_height + first

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.needed() > avail_height and not _at_top(self):
            return []  # the whole block starts on the next page
        return list(self.items)


class Figure(_Stack):
    """A drawing with the flowables above it (a heading) and below it (its caption), never split.

    A drawing that shrinks to the height it is offered (NerveDiagram) does so to keep the whole
    figure on a nearly full page. When even the shrunk drawing leaves no room for the caption
    under it, the caption goes beside the drawing, in the width the shrinking freed; failing
    that the figure moves to the next page.
    """

    _height_free = False
    #: Narrowest column for a caption beside the drawing, and the space between them.
    SIDE_MIN = 110.0
    GUTTER = 10.0
    #: The smallest the drawing gets (as a fraction of its full width) to make room beside it.
    SIDE_SCALE = 0.7

    def __init__(self, drawing: Flowable, *, above: list[Flowable] = (), below: list[Flowable] = ()) -> None:  # type: ignore[assignment]
        super().__init__([*above, drawing, *below])
        self.drawing = drawing
        self.above = list(above)
        self.below = list(below)
        self._beside = False

    def _heights(self, items: list[Flowable], width: float) -> tuple[float, list[tuple[float, float]]]:
        """Height of ``items`` stacked at ``width``, and each one's size (they stay wrapped so)."""
        canv = getattr(self, "canv", None)
        sizes = [item.wrapOn(canv, width, _UNLIMITED) for item in items]
        return sum(h for _w, h in sizes) + sum(_space(a, b) for a, b in zip(items, items[1:])), sizes

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        self.width = avail_width
        top, self._above_sizes = self._heights(self.above, avail_width)
        top += _space(self.above[-1], self.drawing) if self.above else 0.0
        bottom, self._below_sizes = self._heights(self.below, avail_width)
        bottom += _space(self.drawing, self.below[0]) if self.below else 0.0
        self._beside = False
        self._drawing_size = self.drawing.wrapOn(canv, avail_width, max(avail_height - top - bottom, 0))
        if top + self._drawing_size[1] + bottom > avail_height and self.below:
            full_width = self.drawing.wrapOn(canv, avail_width, _UNLIMITED)[0]
            width, drawn = self.drawing.wrapOn(canv, avail_width - self.SIDE_MIN - self.GUTTER, max(avail_height - top, 0))
            column = avail_width - width - self.GUTTER
            if top + drawn <= avail_height and width >= full_width * self.SIDE_SCALE:
                beside, sizes = self._heights(self.below, column)
                if beside <= drawn:
                    self._beside, self._column, self._below_sizes = True, column, sizes
                    self._drawing_size = (width, drawn)
                    self.height = top + drawn
                    return self.width, self.height
            # Not beside after all: the caption full width again, under the drawing.
            bottom, self._below_sizes = self._heights(self.below, avail_width)
            bottom += _space(self.drawing, self.below[0])
            self._drawing_size = self.drawing.wrapOn(canv, avail_width, max(avail_height - top - bottom, 0))
        self.height = top + self._drawing_size[1] + bottom
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y, previous = _draw_column(canv, self.above, self._above_sizes, 0.0, self.height, self.width, None)
        if previous is not None:
            y -= _space(previous, self.drawing)
        width, height = self._drawing_size
        top = y
        y -= height
        if self._beside:
            self.drawing.drawOn(canv, 0, y)
            x, y, room = width + self.GUTTER, top, self._column
            previous = None
        else:
            self.drawing.drawOn(canv, 0, y, _sW=self.width - width)
            x, room = 0.0, self.width
            previous = self.drawing
        _draw_column(canv, self.below, self._below_sizes, x, y, room, previous)


class KeepWithTail(_Stack):
    """Text followed by a closing block (the signature), which never starts a page alone.

    When the whole does not fit, the last paragraph of the text is split so that at least
    ``lines`` of its lines go to the next page with the block; text too short to split goes there
    with it.
    """

    def __init__(self, text: list[Flowable], block: list[Flowable], lines: int = 2) -> None:
        super().__init__([*text, *block])
        self.text = list(text)
        self.block = list(block)
        self.lines = lines

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.text:
            last = self.text[-1]
            leading = getattr(getattr(last, "style", None), "leading", None)
            index = len(self.text) - 1
            above = sum(h for _w, h in self._sizes[:index])
            above += sum(_space(a, b) for a, b in zip(self.items[:index + 1], self.items[1:index + 1]))
            if leading:
                room = min(avail_height - above, self._sizes[index][1] - self.lines * leading)
                if room >= 2 * leading:
                    parts = last.split(avail_width, room + 0.01)
                    if len(parts) == 2:
                        return [*self.text[:-1], parts[0], KeepWithTail([parts[1]], self.block, self.lines)]
        if not _at_top(self):
            return []  # the end of the text and the block start the next page together
        return list(self.items)
