"""Ruled tables of text cells, laid out and drawn directly (see ``rich`` for why).

A :class:`Grid` covers what the report's findings tables need from reportlab's Table: fixed
column widths, cells of wrapping text (plain or report markup) aligned to the top, a header
row with a background that is repeated when the table continues on the next page, rules
under rows, a rule above and below the whole table, vertical rules before given columns, and
rows whose first cell spans the whole width (group titles). A row never splits across pages.
Every cell is laid out once per width and the whole table is drawn as one text object.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .rich import Fmt, TextWriter, Word, break_lines, line_segments, num, plain_lines

#: A rule: (line width, colour).
Rule = tuple[float, colors.Color]


@dataclass
class GridCell:
    """Hard lines of words, the distance between baselines, and the top line's font size.

    ``one_line`` is the height the cell takes when it holds a single line (the table's leading
    for short values), when that differs from ``leading``.
    """

    hard: list[list[Word]]
    leading: float
    size: float
    one_line: float | None = None


@dataclass
class Row:
    cells: list[GridCell | None]
    span: bool = False  # the first cell spans every column
    top_padding: float | None = None


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


def _rgb(colour: colors.Color, op: str) -> str:
    return f"{num(colour.red)} {num(colour.green)} {num(colour.blue)} {op}"


class Grid(Flowable):
    """A table of text cells that splits between rows, repeating its header rows."""

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
        self._laid_out: list[tuple[float, list[list[Any]]]] | None = None

    # --- layout --------------------------------------------------------------------------

    def _layout(self) -> list[tuple[float, list[list[Any]]]]:
        """Per row: its height and, per cell, the laid-out lines (computed once)."""
        if self._laid_out is None:
            style = self.grid_style
            pad_x = style.left_padding + style.right_padding
            full = self.width - pad_x
            out = []
            for row in self.rows:
                top = style.top_padding if row.top_padding is None else row.top_padding
                tallest = 0.0
                cells: list[list[Any]] = []
                for column, cell in enumerate(row.cells):
                    if cell is None or not cell.hard or (row.span and column > 0):
                        cells.append([])
                        continue
                    room = full if row.span else self.widths[column] - pad_x
                    lines = break_lines(cell.hard, room, room)
                    cells.append(lines)
                    if len(lines) == 1 and cell.one_line is not None:
                        tallest = max(tallest, cell.one_line)
                    else:
                        tallest = max(tallest, len(lines) * cell.leading)
                out.append((top + tallest + style.bottom_padding, cells))
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
        """Draw at (x, y): backgrounds, then the text, then the rules (as a Table does)."""
        style = self.grid_style
        laid_out = self._layout()
        height = sum(h for h, _cells in laid_out)
        right = x + self.width
        ops: list[str] = []
        # Row tops from the top of the table down.
        tops = []
        top = y + height
        for row_height, _cells in laid_out:
            tops.append(top)
            top -= row_height
        if style.header_background is not None and self.header_rows:
            bottom = tops[self.header_rows - 1] - laid_out[self.header_rows - 1][0]
            ops.append(
                f"q {_rgb(style.header_background, 'rg')} {num(x)} {num(bottom)} "
                f"{num(self.width)} {num(y + height - bottom)} re f Q"
            )
        if ops:
            canvas._code.append("\n".join(ops))
            ops = []

        writer = TextWriter(canvas)
        lefts = []
        left = x
        for width in self.widths:
            lefts.append(left + style.left_padding)
            left += width
        for (row_height, cells), row, row_top in zip(laid_out, self.rows, tops):
            top_padding = style.top_padding if row.top_padding is None else row.top_padding
            for column, lines in enumerate(cells):
                if not lines:
                    continue
                cell = row.cells[column]
                assert cell is not None
                baseline = row_top - top_padding - (lines[0][1] or cell.size)
                for words, _size, _ends, word_space in lines:
                    if words:
                        writer.line(lefts[column], baseline, line_segments(words), word_space)
                    baseline -= cell.leading
        writer.close()

        current: Rule | None = None

        def rule(line: Rule, x1: float, y1: float, x2: float, y2: float) -> None:
            nonlocal current
            if line != current:
                ops.append(f"{num(line[0])} w {_rgb(line[1], 'RG')}")
                current = line
            ops.append(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")

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
            at = x + sum(self.widths[:column])
            rule((width, colour), at, y, at, y + height)
        if ops:
            canvas._code.append("q 0 J\n" + "\n".join(ops) + "\nQ")

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


def plain_cell(lines: Sequence[str], fmt: Fmt, leading: float, one_line: float | None = None) -> GridCell:
    """A cell of literal text lines (no markup) in one format."""
    return GridCell(plain_lines(lines, fmt), leading, fmt.size, one_line)
