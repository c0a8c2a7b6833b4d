"""The course chart: House-Brackmann grade and Sunnybrook (or eFACE) over days since onset.

Two small plots side by side rather than one plot with two y axes: HB is ordinal I-VI and the
composite scores run 0-100, and a shared axis would suggest a relation the scales do not have.
Both plots put normal at the top (HB I, score 100) so "up" means better in each.

Each plot is a framed area with a value axis on the left (labels, ticks and light grid lines)
and the days since onset below, its series as lines with a dot at each exam, and a legend
when it has named series. It is drawn directly as PDF operators (reportlab's chart widgets
build and render a graph of objects for each label and tick, several times the cost of the
rest of a page).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from ..exam.enums import Grade
from .fonts import register_fonts
from .records import CoursePoint
from .rich import TextWriter, fmt_for, num, pos, text_width
from .styles import GRID, INK, MUTED, NAVY

_ROMAN = ("I", "II", "III", "IV", "V", "VI")
SUNNYBROOK_COLOUR = colors.HexColor("#B35C00")
EFACE_COLOUR = colors.HexColor("#2E7D6B")
HB_COLOUR = NAVY


def _hb_height(grade: Grade | None) -> int | None:
    """HB I plots at the top (6) and VI at the bottom (1)."""
    return None if grade is None else 7 - grade.number


def _hb_label(value: float) -> str:
    index = 7 - int(round(value))
    return _ROMAN[index - 1] if 1 <= index <= 6 else ""


def _day_axis(points: Sequence[CoursePoint]) -> tuple[float, float, float]:
    """Axis range and step for the day axis: starts at 0 (onset), nice round step."""
    days = [p.days_since_onset for p in points if p.days_since_onset is not None]
    high = max(days + [1])
    for step in (1, 2, 5, 7, 10, 14, 20, 28, 30, 50, 60, 90, 100, 180, 200, 365, 500, 1000):
        if high / step <= 8:
            break
    else:
        step = max(1, high // 8)
    top = (int(high // step) + 1) * step if high % step else max(high, step)
    return 0.0, float(top), float(step)


def _score_range(values: list[float]) -> tuple[float, float, float]:
    """0-100, widened in steps of 20 when a raw score lies outside (Sunnybrook can go below 0)."""
    low = min([0.0] + values)
    high = max([100.0] + values)
    return 20.0 * math.floor(low / 20.0), 20.0 * math.ceil(high / 20.0), 20.0


def plottable(points: Sequence[CoursePoint]) -> list[CoursePoint]:
    """Points that can go on a days-since-onset axis (onset known, not negative)."""
    return [p for p in points if p.days_since_onset is not None and p.days_since_onset >= 0]


#: A series: its (day, value) points, its colour and its legend name ("" for none).
Series = tuple[list[tuple[float, float]], colors.Color, str]

TICK = 5.0  # tick length, and the gap between a value label and its axis
MARKER_RADIUS = 2.25
_KAPPA = 0.5523  # Bezier control distance of a quarter circle, per unit radius


def _rgb(colour: colors.Color, op: str) -> str:
    return f"{num(colour.red)} {num(colour.green)} {num(colour.blue)} {op}"


def _dot(x: float, y: float, r: float) -> str:
    """A filled circle as four Bezier curves."""
    k = r * _KAPPA
    return (
        f"{pos(x + r, y)} m {pos(x + r, y + k)} {pos(x + k, y + r)} {pos(x, y + r)} c "
        f"{pos(x - k, y + r)} {pos(x - r, y + k)} {pos(x - r, y)} c "
        f"{pos(x - r, y - k)} {pos(x - k, y - r)} {pos(x, y - r)} c "
        f"{pos(x + k, y - r)} {pos(x + r, y - k)} {pos(x + r, y)} c f"
    )


def _ticks(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step))
    return [low + step * index for index in range(count + 1)]


class _Plot:
    """One plot's place, axes and series, and the operators and labels that draw it."""

    def __init__(
        self,
        *,
        x: float,
        y: float,
        width: float,
        height: float,
        series: list[Series],
        y_range: tuple[float, float, float],
        y_label: Callable[[float], str],
        title: str,
        day_range: tuple[float, float, float],
    ) -> None:
        self.x, self.y, self.width, self.height = x, y, width, height
        self.series = [item for item in series if item[0]]
        self.y_range, self.y_label, self.title, self.day_range = y_range, y_label, title, day_range

    def draw(self, ops: list[str], texts: list[tuple[float, float, str, str, float, colors.Color, str]]) -> None:
        fonts = register_fonts()
        x, y, width, height = self.x, self.y, self.width, self.height
        texts.append((x, y + height + 10, self.title, fonts.bold, 8.5, NAVY, "start"))
        ops.append(f"{_rgb(GRID, 'RG')} 0.5 w {pos(x, y)} {pos(width, height)} re S")
        if not self.series:
            texts.append((x + width / 2, y + height / 2, "no complete score recorded", fonts.regular, 7.5, MUTED,
                          "centre"))
            return
        low, high, step = self.y_range
        day_low, day_high, day_step = self.day_range

        def at(day: float, value: float) -> tuple[float, float]:
            return (x + (day - day_low) / (day_high - day_low) * width,
                    y + (value - low) / (high - low) * height)

        # Grid lines at the value ticks, then the axes with their ticks and labels.
        ops.append(f"{_rgb(GRID, 'RG')} 0.4 w")
        value_ticks = _ticks(low, high, step)
        for value in value_ticks:
            level = at(day_low, value)[1]
            ops.append(f"{pos(x, level)} m {pos(x + width, level)} l S")
        ops.append(f"{_rgb(MUTED, 'RG')} 0.5 w {pos(x, y)} m {pos(x + width, y)} l S {pos(x, y)} m {pos(x, y + height)} l S")
        for day in _ticks(day_low, day_high, day_step):
            across = at(day, low)[0]
            ops.append(f"{pos(across, y)} m {pos(across, y - TICK)} l S")
            texts.append((across, y - 12, "%d" % day, fonts.regular, 7, INK, "centre"))
        for value in value_ticks:
            level = at(day_low, value)[1]
            ops.append(f"{pos(x, level)} m {pos(x - TICK, level)} l S")
            texts.append((x - TICK, level - 2.8, self.y_label(value), fonts.regular, 7, INK, "end"))
        texts.append((x + width / 2, y - 20, "days since onset", fonts.regular, 7, MUTED, "centre"))
        # The series: a line through the exams in time order, a dot at each.
        ops.append("1.6 w")
        for data, colour, _name in self.series:
            points = [at(day, value) for day, value in sorted(data)]
            ops.append(_rgb(colour, "RG"))
            if len(points) > 1:
                path = " ".join(f"{pos(px, py)} l" for px, py in points[1:])
                ops.append(f"{pos(*points[0])} m {path} S")
            ops.append(_rgb(colour, "rg"))
            ops.extend(_dot(px, py, MARKER_RADIUS) for px, py in points)
        legend_x = x + width
        for _data, colour, name in reversed(self.series):
            if not name:
                continue
            legend_x -= text_width(name, fonts.regular, 7) + 16
            ops.append(f"{_rgb(colour, 'RG')} {pos(legend_x, y + height + 12.5)} m "
                       f"{pos(legend_x + 10, y + height + 12.5)} l S")
            texts.append((legend_x + 13, y + height + 10, name, fonts.regular, 7, INK, "start"))


class CourseChart(Flowable):
    """The two plots side by side, drawn as one flowable of a fixed size."""

    def __init__(self, plots: list[_Plot], width: float, height: float) -> None:
        super().__init__()
        self.plots = plots
        self.width, self.height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Any = self.canv
        ops: list[str] = ["q 0 J 0 j"]
        texts: list[tuple[float, float, str, str, float, colors.Color, str]] = []
        for plot in self.plots:
            plot.draw(ops, texts)
        ops.append("Q")
        canvas._code.append("\n".join(ops))
        writer = TextWriter(canvas)
        for tx, ty, text, font, size, colour, anchor in texts:
            shown = text_width(text, font, size)
            left = tx - shown / 2 if anchor == "centre" else tx - shown if anchor == "end" else tx
            writer.line(left, ty, [(text, fmt_for(font, size, colour))])
        writer.close()


def course_chart(points: Sequence[CoursePoint], *, width: float = 480.0, height: float = 150.0) -> CourseChart:
    """The chart (a Flowable) for the points that have a day since onset."""
    usable = plottable(points)
    day_range = _day_axis(usable)
    gap = 46.0
    plot_width = (width - gap - 50) / 2
    plot_height = height - 52
    base_y = 30.0
    hb = [(float(p.days_since_onset), float(_hb_height(p.hb))) for p in usable if p.hb is not None]
    sunnybrook = [(float(p.days_since_onset), float(p.sunnybrook)) for p in usable if p.sunnybrook is not None]
    eface = [(float(p.days_since_onset), float(p.eface)) for p in usable if p.eface is not None]
    plots = [
        _Plot(
            x=24, y=base_y, width=plot_width, height=plot_height,
            series=[(hb, HB_COLOUR, "")],
            y_range=(1, 6, 1), y_label=_hb_label,
            title="House-Brackmann grade", day_range=day_range,
        ),
        _Plot(
            x=24 + plot_width + gap + 26, y=base_y, width=plot_width, height=plot_height,
            series=[(sunnybrook, SUNNYBROOK_COLOUR, "Sunnybrook"), (eface, EFACE_COLOUR, "eFACE")],
            y_range=_score_range([v for _d, v in sunnybrook + eface]), y_label=lambda value: "%d" % value,
            title="Sunnybrook / eFACE", day_range=day_range,
        ),
    ]
    return CourseChart(plots, width, height)
