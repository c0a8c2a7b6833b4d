"""A schematic face painted with the FNGS 2.0 regional scores, so the pattern is seen at a glance.

The face is drawn as the examiner sees the patient: the patient's right half on the viewer's left,
labelled R and L. Each region of a graded half (brow, eye, nasolabial fold, oral; reference 1.6.1)
is filled with a colour from green (1, normal) to red (6, no movement) and carries its score as a
number, so the picture does not depend on colour vision. Not assessed is hatched grey; the half
that is not affected in a unilateral palsy stays plain. The scores are those of the assessment.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

REGIONS = ("brow", "eye", "nlf", "oral")
REGION_NAMES = {"brow": "brow", "eye": "eye", "nlf": "nasolabial fold", "oral": "oral"}
#: Vertical bands of the face box (0 = top of the head, 1 = chin) for each region.
BANDS = {"brow": (0.10, 0.33), "eye": (0.33, 0.50), "nlf": (0.50, 0.68), "oral": (0.68, 0.92)}
#: Fill colour per FNGS 2.0 regional score, 1 normal (green) to 6 no movement (red).
SCORE_COLOURS = {
    1: QColor("#5cb85c"),
    2: QColor("#b5d43b"),
    3: QColor("#f2d43d"),
    4: QColor("#f5a13a"),
    5: QColor("#ea6b2f"),
    6: QColor("#c9302c"),
}
NOT_ASSESSED = QColor("#d9d9d9")
UNAFFECTED = QColor("#fbfbfb")
INK = QColor("#3b3b3b")

Scores = dict[str, dict[str, int | None]]


class FaceWidget(QWidget):
    """Paints the regional scores of the graded halves; ``set_scores`` updates it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scores: Scores = {}
        self._anchors: dict[str, dict[str, str]] = {}
        self.setMinimumSize(170, 215)
        self.setMaximumHeight(250)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setAccessibleName("Schematic face with the regional scores")

    def sizeHint(self) -> QSize:
        return QSize(220, 260)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(width * 1.18)

    def set_scores(self, scores: Scores, anchors: dict[str, dict[str, str]] | None = None) -> None:
        """``{side: {region: score or None}}`` for each graded side, with optional anchor texts."""
        if scores != self._scores or (anchors or {}) != self._anchors:
            self._scores = {side: dict(regions) for side, regions in scores.items()}
            self._anchors = anchors or {}
            self.update()
            self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """The picture in words (screen readers, tests)."""
        if not self._scores:
            return "No side graded yet."
        parts = []
        for side, regions in self._scores.items():
            values = ", ".join(
                f"{REGION_NAMES[r]} {regions.get(r) if regions.get(r) is not None else 'not assessed'}" for r in REGIONS
            )
            parts.append(f"{side}: {values}")
        return "; ".join(parts)

    # -- geometry --------------------------------------------------------------------------------------
    def _face_rect(self) -> QRectF:
        legend = 34.0
        height = self.height() - legend - 16
        width = min(self.width() - 16.0, height / 1.25)
        return QRectF((self.width() - width) / 2, 8, width, width * 1.25)

    def _half(self, face: QRectF, viewer_left: bool) -> QRectF:
        middle = face.center().x()
        return QRectF(face.left(), face.top(), middle - face.left(), face.height()) if viewer_left else \
            QRectF(middle, face.top(), face.right() - middle, face.height())

    def _region_path(self, face: QRectF, oval: QPainterPath, side: str, region: str) -> QPainterPath:
        half = self._half(face, viewer_left=(side == "right"))
        top, bottom = BANDS[region]
        band = QPainterPath()
        band.addRect(QRectF(half.left(), face.top() + face.height() * top, half.width(), face.height() * (bottom - top)))
        return band.intersected(oval)

    # -- painting --------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        face = self._face_rect()
        oval = QPainterPath()
        oval.addEllipse(face)
        painter.fillPath(oval, UNAFFECTED)
        number_font = QFont(self.font())
        number_font.setBold(True)
        number_font.setPointSizeF(max(7.0, face.width() / 16))
        for side in ("right", "left"):
            if side not in self._scores:
                continue
            for region in REGIONS:
                path = self._region_path(face, oval, side, region)
                score = self._scores[side].get(region)
                if score is None:
                    painter.fillPath(path, NOT_ASSESSED)
                    painter.fillPath(path, QBrush(QColor("#a8a8a8"), Qt.BrushStyle.BDiagPattern))
                else:
                    painter.fillPath(path, SCORE_COLOURS.get(score, NOT_ASSESSED))
                    painter.setFont(number_font)
                    painter.setPen(INK)
                    box = path.boundingRect()
                    centre = QRectF(box.left() + box.width() * (0.08 if side == "right" else 0.55), box.top(),
                                    box.width() * 0.37, box.height())
                    painter.drawText(centre, Qt.AlignmentFlag.AlignCenter, str(score))
        self._draw_features(painter, face)
        painter.setPen(QPen(INK, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(oval)
        painter.setPen(QPen(QColor("#9a9a9a"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(face.center().x(), face.top() + 4), QPointF(face.center().x(), face.bottom() - 4))
        self._draw_labels(painter, face)
        painter.end()

    def _draw_features(self, painter: QPainter, face: QRectF) -> None:
        """Brows, eyes, nose, nasolabial folds and mouth, as thin lines over the colours."""
        x, y, w, h = face.left(), face.top(), face.width(), face.height()
        painter.setPen(QPen(INK, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for sign in (-1, 1):
            cx = x + w / 2 + sign * w * 0.2
            brow = QPainterPath(QPointF(cx - w * 0.11, y + h * 0.30))
            brow.quadTo(QPointF(cx, y + h * 0.26), QPointF(cx + w * 0.11, y + h * 0.30))
            painter.drawPath(brow)
            painter.drawEllipse(QPointF(cx, y + h * 0.41), w * 0.085, h * 0.03)
            fold = QPainterPath(QPointF(x + w / 2 + sign * w * 0.09, y + h * 0.58))
            fold.quadTo(QPointF(x + w / 2 + sign * w * 0.17, y + h * 0.66), QPointF(x + w / 2 + sign * w * 0.15, y + h * 0.73))
            painter.drawPath(fold)
        nose = QPainterPath(QPointF(x + w / 2, y + h * 0.45))
        nose.lineTo(QPointF(x + w / 2 - w * 0.045, y + h * 0.59))
        nose.lineTo(QPointF(x + w / 2 + w * 0.03, y + h * 0.60))
        painter.drawPath(nose)
        mouth = QPainterPath(QPointF(x + w / 2 - w * 0.14, y + h * 0.77))
        mouth.quadTo(QPointF(x + w / 2, y + h * 0.81), QPointF(x + w / 2 + w * 0.14, y + h * 0.77))
        painter.drawPath(mouth)

    def _draw_labels(self, painter: QPainter, face: QRectF) -> None:
        label_font = QFont(self.font())
        label_font.setBold(True)
        painter.setFont(label_font)
        painter.setPen(INK)
        row = QRectF(face.left(), face.bottom() + 2, face.width(), 16)
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "R")
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "L")
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.8))
        painter.setFont(small)
        legend = QRectF(0, face.bottom() + 2, self.width(), 16)
        painter.drawText(legend, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, "FNGS 2.0 regions")
        swatch_row = face.bottom() + 20
        size = 12.0
        metrics = QFontMetricsF(small)
        before, after = "normal 1 ", " 6 none"
        swatches = 6 * size + 5 * 2
        total = metrics.horizontalAdvance(before) + swatches + metrics.horizontalAdvance(after)
        x = (self.width() - total) / 2
        painter.drawText(QRectF(x, swatch_row, metrics.horizontalAdvance(before) + 1, size),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, before)
        x += metrics.horizontalAdvance(before)
        for index, score in enumerate(range(1, 7)):
            painter.fillRect(QRectF(x + index * (size + 2), swatch_row, size, size), SCORE_COLOURS[score])
        x += swatches
        painter.drawText(QRectF(x, swatch_row, metrics.horizontalAdvance(after) + 2, size),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, after)

    # -- tooltips -------------------------------------------------------------------------------------
    def region_at(self, point: QPointF) -> tuple[str, str] | None:
        face = self._face_rect()
        oval = QPainterPath()
        oval.addEllipse(face)
        for side in self._scores:
            for region in REGIONS:
                if self._region_path(face, oval, side, region).contains(point):
                    return side, region
        return None

    def event(self, event) -> bool:  # type: ignore[override]
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            hit = self.region_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                side, region = hit
                score = self._scores[side].get(region)
                anchor = self._anchors.get(side, {}).get(region, "")
                text = f"{side.capitalize()} {REGION_NAMES[region]}: " + (
                    f"{score} ({anchor})" if score is not None and anchor else
                    str(score) if score is not None else "not assessed")
                QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)
