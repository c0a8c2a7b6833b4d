"""Review and sign (page 10): the full assessment with its reasons, the clinician's conclusion, Sign.

The suggested House-Brackmann grade is pre-selected; choosing another one asks for a short reason
(stored in the exam). What still stands in the way of signing is listed with links to the fields.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from facialis.core.assess import Assessment
from facialis.core.scales.house_brackmann import HB_GRADES
from facialis.core.signing import Blocker

from .assessment_text import review_html
from .controls import ChoiceControl, FieldControl, NoteControl, TextControl
from .labels import hb_options
from .page_view import Mnemonics
from .schema import field_schema
from .spec import Page

SIGN_KEYS = "Ctrl+Enter"


class LinkList(QLabel):
    """Rich text whose links the keyboard follows: Tab into it lights its first link (Shift+Tab its
    last), Tab goes on link by link, Enter follows one."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            # QLabel alone takes the focus with no link lit, so the first Enter did nothing
            self.focusNextPrevChild(event.reason() == Qt.FocusReason.TabFocusReason)


class ReviewPage(QWidget):
    """The last page. ``controls`` maps the review paths to their controls, like a PageView."""

    signRequested = Signal()
    fieldRequested = Signal(str)

    def __init__(self, page: Page, sides: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.sides = sides
        self.controls: dict[str, FieldControl] = {}
        self.items: dict[str, tuple[object, str | None]] = {}
        self.suggested_labels: dict[str, QLabel] = {}
        mnemonics = Mnemonics()

        title = QLabel(page.heading)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)

        self.blockers_label = LinkList()
        self.blockers_label.setObjectName("blockers")
        self.blockers_label.setWordWrap(True)
        self.blockers_label.setTextFormat(Qt.TextFormat.RichText)
        self.blockers_label.linkActivated.connect(self.fieldRequested)
        # Tab reaches the list and each of its links, Enter goes to that field
        self.blockers_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.blockers_label.setAccessibleName("Cannot sign yet")
        self.blockers_label.setStyleSheet(
            "QLabel#blockers { background: #fdecea; border: 1px solid #e8a19b; border-radius: 4px; padding: 6px; }"
        )
        self.blockers_label.hide()

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Full assessment")
        # a Tab stop, so the reasons can be scrolled and read from the keyboard before signing
        self.browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.browser.setTabChangesFocus(True)

        form_box = QGroupBox("The clinician's conclusion")
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for side in sides:
            path = f"review.final_hb.{side}"
            control = ChoiceControl(path, "Final House-Brackmann grade", hb_options())
            if len(sides) > 1:
                control.set_accessible_name(f"Final House-Brackmann grade, {side}")
            control.setToolTip("The grade is the clinician's. The suggestion is pre-selected; a different grade "
                               "needs a short reason. Keys 1-6 pick I-VI.")
            label_text = "Final HB grade" + (f", {side}" if len(sides) > 1 else "")
            label = QLabel(mnemonics.apply(label_text))
            label.setBuddy(control)
            suggested = QLabel()
            suggested.setObjectName("hint")
            column = QVBoxLayout()
            column.setSpacing(1)
            column.addWidget(control)
            column.addWidget(suggested)
            holder = QWidget()
            holder.setLayout(column)
            column.setContentsMargins(0, 0, 0, 0)
            form.addRow(label, holder)
            self._add(path, control, side)
            self.suggested_labels[side] = suggested
        reason = TextControl("review.final_hb_reason", "Reason for a different grade",
                             field_schema("review.final_hb_reason"),
                             placeholder="Needed only when the final grade differs from the suggestion")
        self._row(form, mnemonics, "Reason for a different grade", reason)
        diagnosis = TextControl("review.diagnosis", "Diagnosis", field_schema("review.diagnosis"),
                                placeholder="Working diagnosis (optional)")
        self._row(form, mnemonics, "Diagnosis", diagnosis)
        impression = NoteControl("review.impression", "Impression", field_schema("review.impression"), lines=4)
        self._row(form, mnemonics, "Impression", impression)
        plan = NoteControl("review.plan", "Plan", field_schema("review.plan"), lines=4)
        self._row(form, mnemonics, "Plan", plan)

        self.sign_button = QPushButton("Si&gn exam\u2026")
        self.sign_button.setToolTip(f"Sign: the exam can no longer change; a correction is an amendment ({SIGN_KEYS}).")
        self.sign_button.setDefault(False)
        self.sign_button.clicked.connect(self.signRequested)
        sign_row = QHBoxLayout()
        self.sign_hint = QLabel(f"{SIGN_KEYS} signs from any page.")
        self.sign_hint.setObjectName("hint")
        sign_row.addWidget(self.sign_hint)
        sign_row.addStretch(1)
        sign_row.addWidget(self.sign_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(form_box)
        right_layout.addLayout(sign_row)
        right_layout.addStretch(1)
        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # its fields are the Tab stops
        right_scroll.setWidget(right)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Assessment, with its reasons")
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.browser, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addWidget(title)
        layout.addWidget(self.blockers_label)
        layout.addWidget(splitter, 1)

    def _add(self, path: str, control: FieldControl, side: str | None) -> None:
        self.controls[path] = control
        self.items[path] = (None, side)

    def _row(self, form: QFormLayout, mnemonics: Mnemonics, text: str, control: FieldControl) -> None:
        label = QLabel(mnemonics.apply(text))
        label.setBuddy(control)
        form.addRow(label, control)
        self._add(control.path, control, None)

    # -- updates -------------------------------------------------------------------------------------
    def show_assessment(self, assessment: Assessment) -> None:
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(review_html(assessment))
        bar.setValue(position)
        hb = assessment.hb_by_side()
        for side, label in self.suggested_labels.items():
            result = hb.get(side)
            if result is None or result.suggested is None:
                label.setText("No grade suggested: choose the grade from the findings.")
            else:
                label.setText(f"Suggested: {result.suggested} ({HB_GRADES[result.suggested].label})")

    def show_blockers(self, blockers: list[Blocker], label_of: Callable[[str], str]) -> None:
        if not blockers:
            self.blockers_label.hide()
            return
        rows = "".join(
            f"<li><a href='{escape(b.field_path)}'>{escape(label_of(b.field_path))}</a>: {escape(b.message)}</li>"
            for b in blockers
        )
        self.blockers_label.setText(f"<b>Cannot sign yet</b> ({len(blockers)} to fix; click one, or Tab to it and press Enter, to go there):"
                                    f"<ul style='margin-top:2px;margin-bottom:0'>{rows}</ul>")
        self.blockers_label.show()

    def set_read_only(self, read_only: bool) -> None:
        self.sign_button.setVisible(not read_only)
        self.sign_hint.setVisible(not read_only)

    def normal_values(self, *_args: object) -> dict[str, object]:
        return {}

    def progress(self, value_of: Callable[[str], object]) -> tuple[int, int]:
        paths = [f"review.final_hb.{side}" for side in self.sides]
        return sum(1 for path in paths if value_of(path) is not None), len(paths)

    def dependency(self, _path: str) -> None:
        return None
