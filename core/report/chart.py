"""The course chart: House-Brackmann grade and Sunnybrook (or eFACE) over days since onset.

Two small plots side by side rather than one plot with two y axes: HB is ordinal I-VI and the
composite scores run 0-100, and a shared axis would suggest a relation the scales do not have.
Both plots put normal at the top (HB I, score 100) so "up" means better in each.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..exam.enums import Grade
from .fonts import register_fonts
from .records import CoursePoint
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


def _plot(
    drawing: Drawing,
    *,
    x: float,
    y: float,
    width: float,
    height: float,
    series: list[tuple[list[tuple[float, float]], colors.Color, str]],
    y_range: tuple[float, float, float],
    y_format,
    title: str,
    day_range: tuple[float, float, float],
) -> None:
    fonts = register_fonts()
    drawing.add(String(x, y + height + 10, title, fontName=fonts.bold, fontSize=8.5, fillColor=NAVY))
    shown = [(data, colour, name) for data, colour, name in series if data]
    if not shown:
        drawing.add(Rect(x, y, width, height, strokeColor=GRID, fillColor=None, strokeWidth=0.5))
        drawing.add(
            String(x + width / 2, y + height / 2, "no complete score recorded", fontName=fonts.regular,
                   fontSize=7.5, fillColor=MUTED, textAnchor="middle")
        )
        return
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = x, y, width, height
    plot.data = [sorted(data) for data, _c, _n in shown]
    plot.joinedLines = 1
    plot.strokeColor = GRID
    plot.strokeWidth = 0.5
    for index, (_data, colour, _name) in enumerate(shown):
        plot.lines[index].strokeColor = colour
        plot.lines[index].strokeWidth = 1.6
        plot.lines[index].symbol = makeMarker("FilledCircle", size=4.5, fillColor=colour, strokeColor=colour)
    low, high, step = day_range
    xa = plot.xValueAxis
    xa.valueMin, xa.valueMax, xa.valueStep = low, high, step
    xa.labels.fontName, xa.labels.fontSize, xa.labels.fillColor = fonts.regular, 7, INK
    xa.strokeColor, xa.strokeWidth = MUTED, 0.5
    xa.labelTextFormat = "%d"
    ya = plot.yValueAxis
    ya.valueMin, ya.valueMax, ya.valueStep = y_range
    ya.labels.fontName, ya.labels.fontSize, ya.labels.fillColor = fonts.regular, 7, INK
    ya.strokeColor, ya.strokeWidth = MUTED, 0.5
    ya.labelTextFormat = y_format
    ya.visibleGrid = 1
    ya.gridStrokeColor = GRID
    ya.gridStrokeWidth = 0.4
    drawing.add(plot)
    drawing.add(
        String(x + width / 2, y - 20, "days since onset", fontName=fonts.regular, fontSize=7,
               fillColor=MUTED, textAnchor="middle")
    )
    legend_x = x + width
    for _data, colour, name in reversed(shown):
        if not name:
            continue
        legend_x -= stringWidth(name, fonts.regular, 7) + 16
        drawing.add(Line(legend_x, y + height + 12.5, legend_x + 10, y + height + 12.5, strokeColor=colour, strokeWidth=1.6))
        drawing.add(String(legend_x + 13, y + height + 10, name, fontName=fonts.regular, fontSize=7, fillColor=INK))


def course_chart(points: Sequence[CoursePoint], *, width: float = 480.0, height: float = 150.0) -> Drawing:
    """The chart as a Drawing (a Flowable) for the points that have a day since onset."""
    usable = plottable(points)
    day_range = _day_axis(usable)
    drawing = Drawing(width, height)
    gap = 46.0
    plot_width = (width - gap - 50) / 2
    plot_height = height - 52
    base_y = 30.0
    hb = [(float(p.days_since_onset), float(_hb_height(p.hb))) for p in usable if p.hb is not None]
    _plot(
        drawing, x=24, y=base_y, width=plot_width, height=plot_height,
        series=[(hb, HB_COLOUR, "")],
        y_range=(1, 6, 1), y_format=_hb_label,
        title="House-Brackmann grade", day_range=day_range,
    )
    sunnybrook = [(float(p.days_since_onset), float(p.sunnybrook)) for p in usable if p.sunnybrook is not None]
    eface = [(float(p.days_since_onset), float(p.eface)) for p in usable if p.eface is not None]
    _plot(
        drawing, x=24 + plot_width + gap + 26, y=base_y, width=plot_width, height=plot_height,
        series=[(sunnybrook, SUNNYBROOK_COLOUR, "Sunnybrook"), (eface, EFACE_COLOUR, "eFACE")],
        y_range=_score_range([v for _d, v in sunnybrook + eface]), y_format="%d",
        title="Sunnybrook / eFACE", day_range=day_range,
    )
    return drawing
