"""The recovery chart: House-Brackmann grade and Sunnybrook (or eFACE) against days since onset.

Drawn with QPainter (QtCharts is not part of PySide6-Essentials). Both scales point the same way,
better is up: HB I at the top, VI at the bottom on the left axis; the 0-100 score on the right
axis. One colour per side; HB solid with round markers (hollow while only suggested), the score
dashed with square markers. Hovering a marker tells its exam; clicking it emits ``pointClicked``.

The framed plot area is larger than the area the data is mapped to by ``PAD`` on every side, so
a marker on the first or last day, at grade I or VI, or at a score of 0 or 100 is drawn whole
inside the frame instead of half across it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from facialis.core.display import number_text

SIDE_COLOURS = {"right": QColor("#1f5fa8"), "left": QColor("#c0601a")}
GRADES = ("I", "II", "III", "IV", "V", "VI")


@dataclass(frozen=True)
class ChartPoint:
    exam_id: int
    day: int
    label: str  # exam date as shown in the tooltip
    hb: int | None = None  # 1 (I) to 6 (VI)
    hb_final: bool = True
    score: float | None = None
    #: Where the grade comes from (reasons, rule, source), shown under the marker's tooltip.
    hb_why: str = ""
    #: The score's items, rule and source, or why there is none ("not scored", "not assessed").
    score_why: str = ""


@dataclass(frozen=True)
class Marker:
    """One drawn marker: its box (including the pen), the exam it stands for, the side and
    whether it shows the HB grade (``"hb"``) or the score (``"score"``)."""

    box: QRectF
    point: ChartPoint
    side: str
    kind: str


@dataclass
class ChartSeries:
    side: str
    points: list[ChartPoint] = field(default_factory=list)


def _nice_step(span: float, target: int = 6) -> int:
    """A tick step of 1, 2, 5 x 10^n days (or 7/14/30-multiples) giving about ``target`` ticks."""
    if span <= 0:
        return 1
    for step in (1, 2, 7, 14, 30, 60, 90, 180, 365, 730):
        if span / step <= target:
            return step
    return int(10 ** math.ceil(math.log10(span / target)))


class RecoveryChart(QWidget):
    pointClicked = Signal(int)

    MARGIN_LEFT = 44
    MARGIN_RIGHT = 48
    MARGIN_TOP = 30
    MARGIN_BOTTOM = 40
    #: Space between the frame and the data, so the largest marker (with its pen) fits whole.
    PAD = 10
    HB_RADIUS = 5.0
    HB_PEN = 2.0
    SCORE_HALF = 4.0
    SCORE_PEN = 1.5
    #: Extra reach of a marker for hovering and clicking.
    HIT_SLOP = 3.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[ChartSeries] = []
        self.score_name = "Sunnybrook"
        self.day_basis = "onset"
        self.caption: str | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(420, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._markers: list[Marker] = []
        self.setAccessibleName("Recovery chart")

    def sizeHint(self) -> QSize:
        return QSize(640, 280)

    def set_series(
        self, series: list[ChartSeries], score_name: str = "Sunnybrook", day_basis: str = "onset",
        caption: str | None = None,
    ) -> None:
        """``caption`` names the day axis (what day 0 is); by default it follows ``day_basis``."""
        self.series = series
        self.score_name = score_name
        self.day_basis = day_basis
        self.caption = caption
        self.update()

    # -- geometry -------------------------------------------------------------------------------
    def plot_area(self) -> QRectF:
        """The framed plot area; every marker lies inside it."""
        return QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP,
            max(10.0, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
            max(10.0, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM),
        )

    def data_area(self) -> QRectF:
        """Where days, grades and scores are mapped: the plot area less ``PAD`` on every side."""
        frame = self.plot_area()
        pad = min(self.PAD, frame.width() / 4, frame.height() / 4)
        return frame.adjusted(pad, pad, -pad, -pad)

    def _day_range(self) -> tuple[int, int]:
        days = [p.day for s in self.series for p in s.points]
        if not days:
            return 0, 30
        low, high = min(0, min(days)), max(days)
        step = _nice_step(high - low)
        high = int(math.ceil(max(high, low + 1) / step) * step)
        return low, high

    def _x(self, day: float, rect: QRectF, low: int, high: int) -> float:
        return rect.left() + (day - low) / max(1, high - low) * rect.width()

    @staticmethod
    def _y_hb(grade: float, rect: QRectF) -> float:
        return rect.top() + (grade - 1) / 5 * rect.height()

    @staticmethod
    def _y_score(score: float, rect: QRectF) -> float:
        clamped = max(0.0, min(100.0, score))
        return rect.bottom() - clamped / 100 * rect.height()

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        frame, rect = self.plot_area(), self.data_area()
        low, high = self._day_range()
        metrics = QFontMetrics(self.font())
        self._draw_grid(painter, frame, rect, low, high, metrics)
        self._markers = []
        for series in self.series:
            self._draw_series(painter, series, rect, low, high)
        self._draw_legend(painter, metrics)
        if not any(s.points for s in self.series):
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, "No graded exams yet")
        painter.end()

    def _draw_grid(
        self, painter: QPainter, frame: QRectF, rect: QRectF, low: int, high: int, metrics: QFontMetrics
    ) -> None:
        """Grid lines across the whole frame at the data positions; labels beside the frame."""
        text_colour = self.palette().text().color()
        grid = QColor(text_colour)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        for number, grade in enumerate(GRADES, start=1):
            y = self._y_hb(number, rect)
            painter.drawLine(QPointF(frame.left(), y), QPointF(frame.right(), y))
        painter.setPen(text_colour)
        for number, grade in enumerate(GRADES, start=1):
            y = self._y_hb(number, rect)
            painter.drawText(QRectF(0, y - 9, frame.left() - 8, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, grade)
        for score in (0, 25, 50, 75, 100):
            y = self._y_score(score, rect)
            painter.drawText(QRectF(frame.right() + 6, y - 9, self.MARGIN_RIGHT - 8, 18),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(score))
        step = _nice_step(high - low)
        day = (low // step) * step
        while day <= high:
            x = self._x(day, rect, low, high)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
            painter.setPen(text_colour)
            painter.drawText(QRectF(x - 30, frame.bottom() + 4, 60, 16), Qt.AlignmentFlag.AlignHCenter, str(day))
            day += step
        caption = self.caption or (
            "Days since onset" if self.day_basis == "onset" else "Days since the first exam (onset not recorded)"
        )
        painter.drawText(QRectF(frame.left(), frame.bottom() + 20, frame.width(), 18), Qt.AlignmentFlag.AlignHCenter, caption)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(0, 4, self.MARGIN_LEFT + 40, 18), Qt.AlignmentFlag.AlignLeft, "HB")
        painter.drawText(QRectF(self.width() - 120, 4, 116, 18), Qt.AlignmentFlag.AlignRight, self.score_name)
        painter.setFont(self.font())
        painter.setPen(QPen(text_colour, 1))
        painter.drawRect(frame)

    def _draw_series(self, painter: QPainter, series: ChartSeries, rect: QRectF, low: int, high: int) -> None:
        colour = SIDE_COLOURS.get(series.side, QColor("#444444"))
        hb_points = [(p, QPointF(self._x(p.day, rect, low, high), self._y_hb(p.hb, rect))) for p in series.points if p.hb]
        score_points = [
            (p, QPointF(self._x(p.day, rect, low, high), self._y_score(p.score, rect)))
            for p in series.points if p.score is not None
        ]
        painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
        self._polyline(painter, [pt for _, pt in score_points])
        painter.setPen(QPen(colour, 2.4))
        self._polyline(painter, [pt for _, pt in hb_points])
        half = self.SCORE_HALF
        for point, at in score_points:
            box = QRectF(at.x() - half, at.y() - half, 2 * half, 2 * half)
            painter.setPen(QPen(colour, self.SCORE_PEN))
            painter.setBrush(self.palette().base())
            painter.drawRect(box)
            reach = self.SCORE_PEN / 2
            self._markers.append(Marker(box.adjusted(-reach, -reach, reach, reach), point, series.side, "score"))
        radius = self.HB_RADIUS
        for point, at in hb_points:
            box = QRectF(at.x() - radius, at.y() - radius, 2 * radius, 2 * radius)
            painter.setPen(QPen(colour, self.HB_PEN))
            painter.setBrush(colour if point.hb_final else self.palette().base())
            painter.drawEllipse(box)
            reach = self.HB_PEN / 2
            self._markers.append(Marker(box.adjusted(-reach, -reach, reach, reach), point, series.side, "hb"))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    @staticmethod
    def _polyline(painter: QPainter, points: list[QPointF]) -> None:
        if len(points) < 2:
            return
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.drawPath(path)

    def _draw_legend(self, painter: QPainter, metrics: QFontMetrics) -> None:
        x = self.MARGIN_LEFT + 40
        y = 13.0
        for series in self.series:
            colour = SIDE_COLOURS.get(series.side, QColor("#444444"))
            for dashed, text in ((False, f"HB {series.side}"), (True, f"{self.score_name} {series.side}")):
                painter.setPen(QPen(colour, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
                painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
                painter.setPen(self.palette().text().color())
                painter.drawText(QPointF(x + 27, y + metrics.ascent() / 2 - 1), text)
                x += 27 + metrics.horizontalAdvance(text) + 18

    # -- interaction ----------------------------------------------------------------------------
    def markers(self) -> list[Marker]:
        """The markers of the last paint, as drawn (box including the pen)."""
        return list(self._markers)

    def _marker_at(self, pos: QPointF) -> tuple[ChartPoint, str, str] | None:
        slop = self.HIT_SLOP
        for marker in reversed(self._markers):
            if marker.box.adjusted(-slop, -slop, slop, slop).contains(pos):
                return marker.point, marker.side, marker.kind
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self._marker_at(event.position())
        if found is None:
            QToolTip.hideText()
            self.unsetCursor()
            return
        point, side, kind = found
        QToolTip.showText(event.globalPosition().toPoint(), self.marker_text(point, side, kind), self)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def marker_text(self, point: ChartPoint, side: str, kind: str) -> str:
        """A marker's tooltip: the exam, the value, and where the value comes from (its items, rule
        and source), so a point on the chart explains itself as the table's cell does."""
        if kind == "hb":
            grade = GRADES[point.hb - 1] if point.hb else "?"
            what = f"HB {grade}" + ("" if point.hb_final else " (suggested, no final grade yet)")
            why = point.hb_why
            if point.score is None and point.score_why:  # no score marker at this exam: say why here
                why = f"{why}\n\n{point.score_why}" if why else point.score_why
        else:
            what = f"{self.score_name} {number_text(point.score)}" if point.score is not None else f"{self.score_name} not scored"
            why = point.score_why
        return f"{point.label}, day {point.day}: {what} ({side})" + (f"\n{why}" if why else "")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self._marker_at(event.position())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.pointClicked.emit(found[0].exam_id)
        super().mousePressEvent(event)
