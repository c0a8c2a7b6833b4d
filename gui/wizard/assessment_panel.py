"""The live assessment beside the pages: what the entries so far suggest, updated on every change.

Shows the schematic face, the suggested House-Brackmann grade with its reason and any conflict,
FNGS 2.0, the lesion level with its candidate segments, red flags and the time-critical actions.
Everything comes from ``core.assess``; the panel only lays it out.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from facialis.core.assess import Assessment
from facialis.gui.widgets import heading_label

from .assessment_text import e, panel_sections, panel_tooltips
from .face_widget import FaceWidget

SECTIONS = (
    ("hb", "House-Brackmann (suggested)"),
    ("fngs", "FNGS 2.0"),
    ("level", "Lesion level"),
    ("flags", "Red flags"),
    ("actions", "Time-critical actions"),
)


class AssessmentPanel(QScrollArea):
    """Read-only view of the latest assessment; ``show_assessment`` is called after every change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(260)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a Tab stop (the arrows and PgDn scroll it): named, and framed while it has the focus
        self.setObjectName("assessmentPanel")
        self.setAccessibleName("Assessment (live)")
        self.setStyleSheet("QScrollArea#assessmentPanel { border: 1px solid transparent; }"
                           "QScrollArea#assessmentPanel:focus { border: 1px solid palette(highlight); }")
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        heading = heading_label("Assessment (live)")
        layout.addWidget(heading)
        self.face = FaceWidget()
        layout.addWidget(self.face)
        self.labels: dict[str, QLabel] = {}
        for key, title in SECTIONS:
            head = QLabel(title)
            head_font = head.font()
            head_font.setBold(True)
            head.setFont(head_font)
            head.setContentsMargins(0, 6, 0, 0)
            layout.addWidget(head)
            label = QLabel()
            label.setObjectName(f"panel_{key}")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(label)
            self.labels[key] = label
        self.disclaimer = QLabel()
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setObjectName("hint")
        self.disclaimer.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(self.disclaimer)
        layout.addStretch(1)
        self.setWidget(content)
        #: How long the last update of the panel took (ms), for the latency check.
        self.last_update_ms = 0.0

    def show_assessment(self, assessment: Assessment) -> None:
        started = time.perf_counter()
        for key, html in panel_sections(assessment).items():
            if self.labels[key].text() != html:
                self.labels[key].setText(html)
        # the items, reasons, rule and source behind each line: the panel shows one line of each
        for key, tip in panel_tooltips(assessment).items():
            if self.labels[key].toolTip() != tip:
                self.labels[key].setToolTip(tip)
        scores: dict[str, dict[str, int | None]] = {}
        anchors: dict[str, dict[str, str]] = {}
        for side, result in assessment.per_side("fngs2").items():
            scores[side] = dict(result.regions)  # type: ignore[attr-defined]
            anchors[side] = dict(result.anchors)  # type: ignore[attr-defined]
        self.face.set_scores(scores, anchors)
        self.disclaimer.setText(e(assessment.disclaimer))
        self.last_update_ms = (time.perf_counter() - started) * 1000

    def text(self, key: str) -> str:
        """The plain text of one section (tests, screen readers)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.labels[key].text())
        return document.toPlainText()
