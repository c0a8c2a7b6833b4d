"""Ruled tables and boxes, laid out and drawn directly (see ``rich`` for why).

A :class:`Grid` covers what the report needs from reportlab's Table: fixed column widths;
cells of wrapping text (plain or report markup) or of a few flowables stacked (paragraphs, a
nested grid), aligned to the top; a header row with a background that is repeated when the
table continues on the next page; rules under rows, above and below the table and before
given columns; a background and a frame around the table or around the cells of a column;
padding per table, per column and per row; rows whose first cell spans the whole width. A row
never splits across pages. Every cell is laid out once per width and the text cells of a
table are drawn as one text object.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .rich import Fmt, Line, TextWriter, Word, break_lines, first_size, line_segments, num, plain_lines

#: A rule: (line width, colour).
Rule = tuple[float, colors.Color]


class GridCell:
    """Hard lines of words, the distance between baselines, and the top line's font size.

    ``one_line`` is the height the cell takes when it holds a single line (the table's leading
    for short values), when that differs from ``leading``. ``uniform``: all of it in one format.
    A cell of one line of plain text in one format (most values) is measured as a whole and
    only cut into words when it does not fit.
    """

    __slots__ = ("_hard", "leading", "size", "one_line", "uniform", "single", "fmt")

    def __init__(
        self,
        hard: list[list[Word]] | None,
        leading: float,
        size: float,
        one_line: float | None = None,
        *,
        uniform: bool = False,
        single: tuple[str, float] | None = None,
        fmt: Fmt | None = None,
    ) -> None:
        self._hard = hard
        self.leading = leading
        self.size = size
        self.one_line = one_line
        self.uniform = uniform
        self.single = single  # (text with single spaces, its width)
        self.fmt = fmt

    @property
    def hard(self) -> list[list[Word]]:
        if self._hard is None:
            assert self.single is not None and self.fmt is not None
            self._hard = plain_lines([self.single[0]], self.fmt)
        return self._hard

    def lines(self, room: float) -> list[Line]:
        """The cell's lines for a width."""
        if self.single is not None and self.single[1] <= room + 1e-6 and self.single[0]:
            assert self.fmt is not None
            return [([(((self.single[0], self.fmt),), self.single[1], self.fmt)], True, 0.0)]
        return break_lines(self.hard, room, room)


@dataclass
class FlowCell:
    """A cell holding flowables stacked from the top (paragraphs, a nested grid)."""

    flowables: list[Flowable]


@dataclass
class Row:
    cells: list[GridCell | FlowCell | None]
    span: bool = False  # the first cell spans every column
    top_padding: float | None = None


@dataclass
class ColumnStyle:
    """Overrides for the cells of one column (None: the table's value)."""

    top_padding: float | None = None
    bottom_padding: float | None = None
    left_padding: float | None = None
    right_padding: float | None = None
    background: colors.Color | None = None
    box: Rule | None = None


@dataclass
class GridStyle:
    top_padding: float = 2.2
    bottom_padding: float = 2.6
    left_padding: float = 3.0
    right_padding: float = 3.0
    row_rule: Rule | None = None  # under every row
    last_row_rule: bool = True  # whether the row rule is drawn under the last row too
    header_rule: Rule | None = None  # under the header row (over the row rule)
    header_background: colors.Color | None = None
    top_rule: Rule | None = None
    bottom_rule: Rule | None = None
    column_rules: Sequence[tuple[int, float, colors.Color]] = field(default_factory=tuple)
    background: colors.Color | None = None
    box: Rule | None = None
    columns: dict[int, ColumnStyle] = field(default_factory=dict)

    def padding(self, column: int, row: Row) -> tuple[float, float, float, float]:
        """(top, bottom, left, right) of a cell."""
        own = self.columns.get(column)
        top = row.top_padding if row.top_padding is not None else self.top_padding
        bottom, left, right = self.bottom_padding, self.left_padding, self.right_padding
        if own is not None:
            top = own.top_padding if own.top_padding is not None and row.top_padding is None else top
            bottom = own.bottom_padding if own.bottom_padding is not None else bottom
            left = own.left_padding if own.left_padding is not None else left
            right = own.right_padding if own.right_padding is not None else right
        return top, bottom, left, right


def _rgb(colour: colors.Color, op: str) -> str:
    return f"{num(colour.red)} {num(colour.green)} {num(colour.blue)} {op}"


#: A laid-out cell: (top padding, left padding, content height, kind, content).
_Placed = tuple[float, float, float, str, Any]


def _stack(flowables: Sequence[Flowable], width: float) -> tuple[float, list[tuple[Flowable, float]]]:
    """Heights of stacked flowables as a Table cell measures them (first space before and last
    space after not counted)."""
    placed = []
    total = 0.0
    for index, flowable in enumerate(flowables):
        _w, height = flowable.wrap(width, 0x7FFFFFFF)
        placed.append((flowable, height))
        total += height
        if index:
            total += flowable.getSpaceBefore()
        if index < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total, placed


class Grid(Flowable):
    """A table of cells that splits between rows, repeating its header rows."""

    def __init__(
        self, rows: list[Row], widths: Sequence[float], style: GridStyle, *, header_rows: int = 0, repeat: bool = True
    ) -> None:
        super().__init__()
        self.rows = rows
        self.widths = list(widths)
        self.grid_style = style
        self.header_rows = header_rows
        self.repeat = repeat
        self.width = sum(self.widths)
        self.height = 0.0
        self._laid_out: list[tuple[float, list[_Placed | None]]] | None = None

    # --- layout --------------------------------------------------------------------------

    def _layout(self) -> list[tuple[float, list[_Placed | None]]]:
        """Per row: its height and, per cell, what goes where (computed once)."""
        if self._laid_out is None:
            style = self.grid_style
            out = []
            for row in self.rows:
                tallest = 0.0
                cells: list[_Placed | None] = []
                for column, cell in enumerate(row.cells):
                    if cell is None or (row.span and column > 0):
                        cells.append(None)
                        continue
                    top, bottom, left, right = style.padding(column, row)
                    if row.span:
                        room = self.width - left - style.padding(len(self.widths) - 1, row)[3]
                    else:
                        room = self.widths[column] - left - right
                    if isinstance(cell, FlowCell):
                        height, stacked = _stack(cell.flowables, room)
                        cells.append((top, left, height, "flow", stacked))
                    elif cell.single is not None or cell.hard:
                        lines = cell.lines(room)
                        one = len(lines) == 1 and cell.one_line is not None
                        height = cell.one_line if one else len(lines) * cell.leading
                        cells.append((top, left, height, "text", lines))
                    else:
                        cells.append(None)
                        continue
                    tallest = max(tallest, top + height + bottom)
                out.append((tallest, cells))
            self._laid_out = out
        return self._laid_out

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = sum(height for height, _cells in self._layout())
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        laid_out = self._layout()
        used, fit = 0.0, 0
        for height, _cells in laid_out:
            if used + height > avail_height + 1e-6:
                break
            used += height
            fit += 1
        if fit >= len(self.rows):
            return [self]
        if fit <= self.header_rows:  # not even one row under the header: all to the next page
            return []
        head = Grid(self.rows[:fit], self.widths, self.grid_style, header_rows=self.header_rows, repeat=self.repeat)
        head._laid_out = laid_out[:fit]
        kept = self.header_rows if self.repeat else 0
        tail = Grid(self.rows[:kept] + self.rows[fit:], self.widths, self.grid_style, header_rows=kept,
                    repeat=self.repeat)
        tail._laid_out = laid_out[:kept] + laid_out[fit:]
        return [head, tail]

    # --- drawing -------------------------------------------------------------------------

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw at (x, y): backgrounds, then the content, then rules and frames (as a Table does)."""
        style = self.grid_style
        laid_out = self._layout()
        height = sum(h for h, _cells in laid_out)
        right = x + self.width
        tops = []
        top = y + height
        for row_height, _cells in laid_out:
            tops.append(top)
            top -= row_height
        lefts = [x]
        for width in self.widths[:-1]:
            lefts.append(lefts[-1] + width)

        fills: list[str] = []

        def fill(colour: colors.Color, left: float, bottom: float, width: float, tall: float) -> None:
            fills.append(f"{_rgb(colour, 'rg')} {num(left)} {num(bottom)} {num(width)} {num(tall)} re f")

        if style.background is not None:
            fill(style.background, x, y, self.width, height)
        for column, own in style.columns.items():
            if own.background is not None:
                fill(own.background, lefts[column], y, self.widths[column], height)
        if style.header_background is not None and self.header_rows:
            bottom = tops[self.header_rows - 1] - laid_out[self.header_rows - 1][0]
            fill(style.header_background, x, bottom, self.width, y + height - bottom)
        if fills:
            canvas._code.append("q\n" + "\n".join(fills) + "\nQ")

        writer = TextWriter(canvas)
        flows: list[tuple[float, float, list[tuple[Flowable, float]]]] = []
        for row, (_row_height, cells), row_top in zip(self.rows, laid_out, tops):
            for column, placed in enumerate(cells):
                if placed is None:
                    continue
                top_padding, left_padding, _height, kind, content = placed
                left = lefts[column] + left_padding
                if kind == "flow":
                    flows.append((left, row_top - top_padding, content))
                    continue
                cell = row.cells[column]
                assert isinstance(cell, GridCell)
                size = cell.size if cell.uniform else first_size(content, cell.size)
                baseline = row_top - top_padding - size
                for words, _ends, word_space in content:
                    if words:
                        writer.line(left, baseline, line_segments(words), word_space, leading=cell.leading)
                    baseline -= cell.leading
        writer.close()
        for left, top, stacked in flows:
            for index, (flowable, tall) in enumerate(stacked):
                if index:
                    top -= flowable.getSpaceBefore()
                top -= tall
                flowable.drawOn(canvas, left, top)
                top -= flowable.getSpaceAfter()

        ops: list[str] = []
        current: Rule | None = None

        def rule(line: Rule, x1: float, y1: float, x2: float, y2: float) -> None:
            nonlocal current
            if line != current:
                ops.append(f"{num(line[0])} w {_rgb(line[1], 'RG')}")
                current = line
            ops.append(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")

        def box(line: Rule, left: float, bottom: float, width: float, tall: float) -> None:
            nonlocal current
            if line != current:
                ops.append(f"{num(line[0])} w {_rgb(line[1], 'RG')}")
                current = line
            ops.append(f"{num(left)} {num(bottom)} {num(width)} {num(tall)} re S")

        count = len(laid_out)
        if style.row_rule is not None:
            for index in range(count if style.last_row_rule else count - 1):
                bottom = tops[index] - laid_out[index][0]
                rule(style.row_rule, x, bottom, right, bottom)
        if style.header_rule is not None and self.header_rows:
            bottom = tops[self.header_rows - 1] - laid_out[self.header_rows - 1][0]
            rule(style.header_rule, x, bottom, right, bottom)
        if style.top_rule is not None:
            rule(style.top_rule, x, y + height, right, y + height)
        if style.bottom_rule is not None:
            rule(style.bottom_rule, x, y, right, y)
        for column, width, colour in style.column_rules:
            rule((width, colour), lefts[column], y, lefts[column], y + height)
        for column, own in style.columns.items():
            if own.box is not None:
                box(own.box, lefts[column], y, self.widths[column], height)
        if style.box is not None:
            box(style.box, x, y, self.width, height)
        if ops:
            canvas._code.append("q 0 J\n" + "\n".join(ops) + "\nQ")

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


def plain_cell(lines: Sequence[str], fmt: Fmt, leading: float, one_line: float | None = None) -> GridCell:
    """A cell of literal text lines (no markup) in one format."""
    if len(lines) == 1 and lines[0].isascii():
        text = " ".join(lines[0].split())  # the words with one space between them, as drawn
        if text:
            return GridCell(None, leading, fmt.size, one_line, uniform=True, single=(text, fmt.width(text)), fmt=fmt)
    return GridCell(plain_lines(lines, fmt), leading, fmt.size, one_line, uniform=True)
