"""The exam wizard: pages on the left, the page in the middle, the live assessment on the right.

It edits one ``Exam`` through an ``ExamBinding``, calls ``core.assess`` after every change, saves a
draft within a second (autosave.py) and signs through the store. Keyboard:
Ctrl+PgDown / Ctrl+PgUp (or Alt+Right / Alt+Left) next and previous page, Ctrl+1 ... Ctrl+0 a page,
Ctrl+S save now, Ctrl+Enter sign, Alt+M mark the rest of the page normal; Ctrl+Shift+S saves the PDF
and Ctrl+P prints it (gui.report_actions adds those buttons to the header).
"""
from __future__ import annotations

import copy
import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facialis.core.assess import Assessment, assess
from facialis.core.display import moment_text
from facialis.core.exam import Exam, exam_from_document, exam_to_document
from facialis.core.followup import earlier_episode_paths
from facialis.core.settings import Settings
from facialis.core.signing import Blocker, sign_blockers
from facialis.core.store import ExamRecord, ExamSummary, PatientRecord, Store, StoreError
from facialis.core.summary import summarize
from facialis.gui import prompts
from facialis.gui.date_input import format_long

from .assessment_panel import AssessmentPanel
from .autosave import Autosaver
from .binding import SIDE_PATH, ExamBinding
from .controls import STYLE, FieldControl
from .navigation import PageList, next_key, page_shortcuts
from .page_view import PageView
from .pages import build_pages
from .review_page import ReviewPage
from .status_line import ElidedLabel, StatusLabel
from .spec import Page

NEXT_KEYS = ("Ctrl+PgDown", "Alt+Right")
PREVIOUS_KEYS = ("Ctrl+PgUp", "Alt+Left")
SIGN_SHORTCUTS = ("Ctrl+Return", "Ctrl+Enter")
SAVE_KEYS = "Ctrl+S"
EPISODE_PATH = "encounter.episode"
#: The patient line may be cut to this width (px) in a narrow window, so the header buttons still fit.
HEADER_LABEL_MIN_WIDTH = 300
BANNER_STYLES = {
    "info": "background: #e8f0fe; border: 1px solid #aac4f0;",
    "warning": "background: #fdecea; border: 1px solid #e8a19b;",
    "signed": "background: #e6f4ea; border: 1px solid #9fcfac;",
}

View = PageView | ReviewPage


class ExamWizard(QWidget):
    """One exam of one patient, from the first item to the signature (or read-only when signed)."""

    #: The wizard is done (closed, discarded); the owner removes it.
    closed = Signal(object)
    #: The exam was signed (the exam id).
    signed = Signal(int)

    def __init__(
        self,
        store: Store,
        patient: PatientRecord,
        exam: Exam,
        record: ExamRecord | None,
        settings: Settings,
        *,
        carried_from: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("examWizard")
        self.setStyleSheet(STYLE)
        self.store = store
        self.patient_record = patient
        self.settings = settings
        self.record = record
        self.read_only = record is not None and record.status != "draft"
        self.binding = ExamBinding(exam, self)
        self.pages: list[Page] = list(build_pages(settings))
        self.assessment: Assessment = assess(exam, settings)
        self.views: dict[str, View] = {}
        self.controls: dict[str, FieldControl] = {}
        self.view_of: dict[str, str] = {}
        self._built_sides: list[str] = []
        self._hints: dict[str, str] = {}
        self._auto_final: dict[str, str] = {}
        self._review_seen = False
        self._blockers_shown = False
        self._loading = False
        self._closed = False
        self._editing: str | None = None
        #: Each page's Tab stops in reading order (see tab_stops), found once per page.
        self._stops_of: dict[int, list[QWidget]] = {}
        #: Time of the last assessment refresh, assess() and panel together (ms).
        self.last_refresh_ms = 0.0

        self._build_ui(carried_from)
        self.autosaver = self._make_autosaver(None if self.read_only else record)
        self.binding.changed.connect(self._on_changed)
        self.binding.reset.connect(self._on_reset)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh_now)
        self._shortcuts()
        self._apply_read_only()
        self.refresh_now()
        self.go_to("review" if self.read_only else "encounter", focus=False)

    # -- building ----------------------------------------------------------------------------------------
    def _build_ui(self, carried_from: str | None) -> None:
        exam = self.binding.exam
        self.patient_label = ElidedLabel(self._patient_text(exam))
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        # name and MRN come first and stay visible when a narrow window cuts the end (full text in the tooltip)
        self.patient_label.setMinimumWidth(min(self.patient_label.sizeHint().width(), HEADER_LABEL_MIN_WIDTH))
        # a long message must not widen the window: it takes the room left and is complete in its tooltip
        self.status_label = StatusLabel("Not saved yet: the draft is saved at the first entry.")

        self.amend_button = QPushButton("&Amend\u2026")
        self.amend_button.setToolTip("Start a new version of this signed exam; this version stays as it is.")
        self.amend_button.clicked.connect(self.amend)
        self.discard_button = QPushButton("Discard exam\u2026")
        self.discard_button.setToolTip("Delete this draft (asks first). Closing keeps the draft instead.")
        self.discard_button.clicked.connect(self.discard)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the exam; a draft stays saved and can be continued later.")
        self.close_button.clicked.connect(self.close_wizard)

        # the status has its own line under the patient's: beside it, the buttons left it no room in a
        # 1024 px window (every button is needed there, and the patient line may shorten only so far)
        identity = QVBoxLayout()
        identity.setSpacing(0)
        identity.addWidget(self.patient_label)
        identity.addWidget(self.status_label)
        header = QHBoxLayout()
        header.addLayout(identity, 1)
        header.addSpacing(12)
        header.addWidget(self.amend_button)
        header.addWidget(self.discard_button)
        header.addWidget(self.close_button)
        #: The header row; other parts of the window add their buttons to it (gui.report_actions).
        self.header = header

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        #: What the banner shows: "signed", "warning", … (see BANNER_STYLES); "" before the first.
        self._banner_kind = ""
        self.carried_banner = QLabel()
        self.carried_banner.setWordWrap(True)
        self.carried_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.carried_banner.setStyleSheet(f"QLabel {{ {BANNER_STYLES['info']} border-radius: 4px; padding: 5px; }}")
        if carried_from and exam.carried_over:
            self.carried_banner.setText(
                f"Follow-up: side, onset and history are carried over from the exam of {carried_from} and marked "
                "\u201ccarried over\u201d; check each: Return (or a click on the chosen option) confirms it, or "
                "change it. The findings start empty."
            )
        else:
            self.carried_banner.hide()

        self.page_list = PageList(self.pages)
        self.page_list.pageChosen.connect(lambda key: self.go_to(key))
        self.page_list.pageBrowsed.connect(lambda key: self.go_to(key, focus=False))
        self.stack = QStackedWidget()
        self.panel = AssessmentPanel()
        self._build_views()

        self.previous_button = QPushButton("\u2190 &Previous")
        self.previous_button.setToolTip(f"Previous page ({PREVIOUS_KEYS[0]} or {PREVIOUS_KEYS[1]})")
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton("&Next \u2192")
        self.next_button.setToolTip(f"Next page ({NEXT_KEYS[0]} or {NEXT_KEYS[1]})")
        self.next_button.clicked.connect(self.next_page)
        self.page_indicator = QLabel()
        self.page_indicator.setObjectName("hint")
        self.page_indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_indicator, 1)
        nav.addWidget(self.next_button)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.stack, 1)
        middle_layout.addLayout(nav)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.page_list)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([250, 730, 300])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.carried_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    def _patient_text(self, exam: Exam) -> str:
        patient = exam.patient
        parts = [patient.display_name, f"MRN {patient.mrn}"]
        if patient.birth_date:
            age = exam.age_years
            parts.append(f"born {format_long(patient.birth_date)}" + (f" ({age} y at the exam)" if age is not None else ""))
        if patient.sex.value != "unknown":
            parts.append(patient.sex.value)
        return "  \u00b7  ".join(parts)

    def _sides(self) -> list[str]:
        exam = self.binding.exam
        return [side.value for side in exam.graded_sides()] if exam.encounter.affected_side else []

    def _make_view(self, page: Page) -> View:
        sides = self._sides()
        if page.review:
            view: View = ReviewPage(page, sides)
            view.signRequested.connect(self.sign)
            view.fieldRequested.connect(self.jump_to_field)
        else:
            view = PageView(page, sides if page.needs_side else [], lambda: self.binding.exam.exam_date)
            view.markNormalRequested.connect(lambda key=page.key: self.mark_normal(key))
            view.goToPageRequested.connect(self.go_to)
        self.views[page.key] = view
        for path, control in view.controls.items():
            control.edited.connect(self._edit)
            control.invalid.connect(self._invalid)
            control.confirmed.connect(self.confirm_carried)
            self.controls[path] = control
            self.view_of[path] = page.key
            control.set_read_only(self.read_only)
            self._sync_control(path, control)
        return view

    def _build_views(self) -> None:
        self._built_sides = self._sides()
        for page in self.pages:
            self.stack.addWidget(self._make_view(page))

    def _rebuild_side_views(self) -> None:
        """The affected side changed: pages with per-side controls get the new columns."""
        current = self.current_key
        self._built_sides = self._sides()
        self._stops_of.clear()
        for page in self.pages:
            if not (page.needs_side or page.review):
                continue
            old = self.views[page.key]
            for path in old.controls:
                self.controls.pop(path, None)
                self.view_of.pop(path, None)
            index = self.stack.indexOf(old)
            view = self._make_view(page)
            self.stack.insertWidget(index, view)
            self.stack.removeWidget(old)
            old.deleteLater()
        if current:
            self.stack.setCurrentWidget(self.views[current])
        self._apply_read_only()

    def _make_autosaver(self, record: ExamRecord | None) -> Autosaver:
        saver = Autosaver(self.store, self.patient_record.id, self._snapshot, record, self)
        saver.saved.connect(lambda when: self._set_status(f"Draft saved at {when:%H:%M:%S}."))
        saver.failed.connect(self._on_save_failed)
        if self.read_only:
            saver.enabled = False
        elif record is not None:
            self._set_status("Draft saved.")
        return saver

    def _shortcuts(self) -> None:
        def add(keys: str, slot) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for keys in NEXT_KEYS:
            add(keys, self.next_page)
        for keys in PREVIOUS_KEYS:
            add(keys, self.previous_page)
        for keys in SIGN_SHORTCUTS:
            add(keys, self.sign)
        add(SAVE_KEYS, self.save_now)
        for key, keys in page_shortcuts(self.pages).items():
            add(keys, lambda key=key: self.go_to(key))

    # -- editing ---------------------------------------------------------------------------------------------
    def _edit(self, path: str, value: Any) -> None:
        if self.read_only:
            return
        if value == self.binding.value(path) and self.confirm_carried(path):
            return  # the carried side chosen again by its key: confirmed
        if path == SIDE_PATH:
            lost = self.binding.side_change_discards(value)
            if lost and not prompts.ask_yes_no(
                self,
                "Change the affected side?",
                f"With the affected side {value or 'not set'}, {len(lost)} finding(s) recorded for the other side "
                "would be removed. Change the side and remove them?",
            ):
                self.controls[path].show_value(self.binding.value(path))
                return
        if path.startswith("review.final_hb."):
            self._auto_final.pop(path.rsplit(".", 1)[1], None)
        self._hints.pop(path, None)
        # a changed carried episode (not the same recurrence confirmed again at a follow-up of it)
        new_episode = path == EPISODE_PATH and self.binding.is_carried(path) and value != self.binding.value(path)
        self._editing = path  # the field being typed in keeps its text as typed (e.g. a trailing space)
        try:
            error = self.binding.set(path, value)
        finally:
            self._editing = None
        if new_episode and error is None:
            self._clear_earlier_episode()

    def _clear_earlier_episode(self) -> None:
        """The carried episode was changed to a recurrence: the onset, treatment (and for the other side,
        the side) carried over are the earlier episode's, so they are cleared for this one's to be entered."""
        paths = earlier_episode_paths(self.binding.exam)
        if not paths:
            return
        if SIDE_PATH in paths:
            self.binding.set(SIDE_PATH, None)
        self.binding.set_many({path: None for path in paths if path != SIDE_PATH})
        names = ", ".join(self.label_of(path).split(",")[0].lower() for path in paths)
        self.carried_banner.setText(
            f"A new episode: {names} carried over from the earlier episode were cleared. Enter them for this "
            "episode. The other items marked \u201ccarried over\u201d still need checking."
        )
        self.carried_banner.show()

    def confirm_carried(self, path: str) -> bool:
        """The clinician checked a carried-over item and agrees: the mark goes, the value stays (and is
        saved)."""
        if self.read_only or not self.binding.is_carried(path) or self.binding.error(path) is not None:
            return False
        self._hints.pop(path, None)
        if self.binding.confirm_carried(path) is not None:
            return False
        control = self.controls.get(path)
        self._set_status(f"{control.label if control else path}: confirmed as carried over.")
        return True

    def _invalid(self, path: str, message: str) -> None:
        if self.read_only:
            return
        self._hints.pop(path, None)
        self.binding.mark_invalid(path, message)

    def _sync_control(self, path: str, control: FieldControl) -> None:
        error = self.binding.error(path)
        if error is None and path != self._editing:
            control.show_value(self.binding.value(path))
        control.set_error(error or self._hints.get(path))
        control.set_carried(self.binding.is_carried(path))
        view = self.views.get(self.view_of.get(path, ""))
        dependency = view.dependency(path) if view is not None else None
        if dependency is not None:
            control.set_applicable(self.binding.value(dependency) is True or self.binding.value(path) not in (None, []))

    def _on_changed(self, path: str) -> None:
        control = self.controls.get(path)
        if control is not None:
            self._sync_control(path, control)
        for other, key in self.view_of.items():
            view = self.views[key]
            if view.dependency(other) == path:
                self._sync_control(other, self.controls[other])
        self._changed()

    def _on_reset(self) -> None:
        if self._sides() != self._built_sides:
            self._rebuild_side_views()
        for path, control in self.controls.items():
            self._sync_control(path, control)
        self.patient_label.setText(self._patient_text(self.binding.exam))
        self.patient_label.setToolTip(self.patient_label.text())
        if not self._loading:
            self._changed()
        else:
            self.refresh_now()

    def _changed(self) -> None:
        self.autosaver.changed()
        self._refresh_timer.start()

    def mark_normal(self, key: str) -> list[str]:
        """Fill the untouched items of a page with their normal value; entered items stay."""
        if self.read_only:
            return []
        view = self.views[key]
        values = view.normal_values(self.binding.value, lambda path: self.binding.error(path) is not None)
        applied = self.binding.set_many(values)
        self._set_status(f"{len(applied)} untouched item(s) on this page marked normal.")
        return applied

    # -- the assessment ------------------------------------------------------------------------------------------
    def refresh_now(self) -> None:
        """Assess the exam and show it everywhere (panel, face, review, progress)."""
        self._refresh_timer.stop()
        started = time.perf_counter()
        self.assessment = assess(self.binding.exam, self.settings)
        if self._preselect_final():
            self.assessment = assess(self.binding.exam, self.settings)
        self.panel.show_assessment(self.assessment)
        if self.current_key == "review":
            self.views["review"].show_assessment(self.assessment)  # type: ignore[union-attr]
        self._update_progress()
        if self._blockers_shown:
            self._show_blockers(self.blockers(), move=False)
        self.last_refresh_ms = (time.perf_counter() - started) * 1000

    def _preselect_final(self) -> bool:
        """Once the review page was seen, the suggested grade is pre-selected and follows the suggestion
        until the clinician chooses a grade."""
        if self.read_only or not self._review_seen:
            return False
        changed = False
        for side, result in self.assessment.hb_by_side().items():
            path = f"review.final_hb.{side}"
            current = self.binding.value(path)
            if result.suggested and current != result.suggested and (
                current is None or current == self._auto_final.get(side)
            ):
                self._auto_final[side] = result.suggested
                self.binding.set(path, result.suggested)
                changed = True
        return changed

    def _update_progress(self) -> None:
        for key, view in self.views.items():
            if key == "review":
                count = len(self.blockers())
                note = "signed" if self.read_only else ("ready" if count == 0 else f"{count} left")
                self.page_list.set_progress(key, 0, 0, note)
                continue
            entered, total = view.progress(self.binding.value)
            self.page_list.set_progress(key, entered, total)

    def _snapshot(self) -> tuple[dict[str, Any], ExamSummary]:
        exam = self.binding.exam
        return exam_to_document(exam), summarize(exam, assess(exam, self.settings))

    # -- navigation --------------------------------------------------------------------------------------------
    @property
    def current_key(self) -> str | None:
        widget = self.stack.currentWidget()
        for key, view in self.views.items():
            if view is widget:
                return key
        return None

    def go_to(self, key: str, focus: bool = True) -> None:
        if key not in self.views:
            return
        if self.autosaver.dirty:
            self.autosaver.flush()
        view = self.views[key]
        self.stack.setCurrentWidget(view)
        self.page_list.select(key)
        page = next(p for p in self.pages if p.key == key)
        self.previous_button.setEnabled(next_key(self.pages, key, -1) is not None)
        self.next_button.setEnabled(next_key(self.pages, key, 1) is not None)
        self.page_indicator.setText(f"Optional page {page.number}: {page.title}" if page.optional
                                    else f"Page {page.number} of {self.pages[-1].number}")
        self.panel.setVisible(key != "review")
        # on the review page the reasons are listed in full; the banner repeats them elsewhere
        self.banner.setVisible(bool(self.banner.text()) and not (key == "review" and self._blockers_shown))
        if key == "review":
            self._review_seen = True
            self.refresh_now()
        if focus:
            self._focus_first(view)

    def _focus_first(self, view: View) -> None:
        for control in view.controls.values():
            if control.editor.isEnabled():
                control.setFocus(Qt.FocusReason.TabFocusReason)
                return
        stops = [w for w in self._view_stops(view) if _takes_tab(w)]  # e.g. "Go to Encounter"
        (stops[0] if stops else view).setFocus(Qt.FocusReason.TabFocusReason)

    # -- Tab order ---------------------------------------------------------------------------------------------
    def _view_stops(self, view: QWidget) -> list[QWidget]:
        """The Tab stops of one page in the order they were made, which is the order they are read."""
        stops = self._stops_of.get(id(view))
        if stops is None:
            stops = []
            widget = view.nextInFocusChain()
            while widget is not view:
                if view.isAncestorOf(widget) and widget.focusProxy() is None \
                        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    stops.append(widget)
                widget = widget.nextInFocusChain()
            self._stops_of[id(view)] = stops
        return stops

    def tab_stops(self) -> list[QWidget]:
        """Where Tab goes, in the order the screen is read: the header's buttons, the page list, the
        fields of the page shown, Previous and Next, the live panel."""
        header = [self.header.itemAt(i).widget() for i in range(self.header.count())]
        stops = [w for w in header if w is not None]
        stops.append(self.page_list)
        view = self.stack.currentWidget()
        if view is not None:
            stops += self._view_stops(view)
        stops += [self.previous_button, self.next_button, self.panel]
        return [w for w in stops if _takes_tab(w)]

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt API
        """Tab follows tab_stops(). Qt's own chain puts widgets made later (the pages rebuilt when the
        affected side changes, buttons added to the header) at its end, so Tab from the last field of
        such a page went to the window's tabs instead of Previous / Next."""
        stops = self.tab_stops()
        current = QApplication.focusWidget()
        if current not in stops:
            return super().focusNextPrevChild(next)
        index = stops.index(current) + (1 if next else -1)
        if not 0 <= index < len(stops):
            return super().focusNextPrevChild(next)  # out of the wizard, the way Qt goes
        target = stops[index]
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        parent = target.parentWidget()
        while parent is not None and parent is not self:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(target)
            parent = parent.parentWidget()
        return True

    def next_page(self) -> None:
        key = next_key(self.pages, self.current_key or "encounter", 1)
        if key:
            self.go_to(key)

    def previous_page(self) -> None:
        key = next_key(self.pages, self.current_key or "encounter", -1)
        if key:
            self.go_to(key)

    def jump_to_field(self, path: str) -> None:
        """Show the page of ``path`` and put the cursor in its field."""
        key = self.view_of.get(path)
        if key is None:
            key = "review" if path.startswith("review.") else "encounter"
        self.go_to(key, focus=False)
        control = self.controls.get(path)
        if control is None:
            return
        view = self.views[key]
        if isinstance(view, PageView):
            view.ensureWidgetVisible(control)
        control.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- signing ---------------------------------------------------------------------------------------------------
    def label_of(self, path: str) -> str:
        control = self.controls.get(path)
        if control is None:
            return path
        view = self.views.get(self.view_of.get(path, ""))
        side = view.items.get(path, (None, None))[1] if view is not None else None
        page = next((p for p in self.pages if p.key == self.view_of.get(path)), None)
        where = f" ({side})" if side and (len(self._sides()) > 1 or path.startswith("topognostic.")) else ""
        return f"{control.label}{where}" + (f", page {page.number}" if page else "")

    def blockers(self) -> list[Blocker]:
        """Everything that stands between this exam and a signature, in page order."""
        found = [Blocker(path, message) for path, message in self.binding.errors().items()]
        found += sign_blockers(self.binding.exam, self.assessment)
        order = {page.key: index for index, page in enumerate(self.pages)}
        return sorted(found, key=lambda b: order.get(self.view_of.get(b.field_path, "review"), len(order)))

    def _show_blockers(self, blockers: list[Blocker], move: bool = True) -> None:
        review: ReviewPage = self.views["review"]  # type: ignore[assignment]
        review.show_blockers(blockers, self.label_of)
        for path in list(self._hints):
            if path not in {b.field_path for b in blockers}:
                self._hints.pop(path)
                if path in self.controls:
                    self._sync_control(path, self.controls[path])
        for blocker in blockers:
            if self.binding.error(blocker.field_path) is None:
                self._hints[blocker.field_path] = blocker.message
                if blocker.field_path in self.controls:
                    self._sync_control(blocker.field_path, self.controls[blocker.field_path])
        if blockers:
            self._show_banner("warning", f"Not signed yet: {len(blockers)} thing(s) to fix. The first is shown "
                                         "at its field; all are listed on Review and sign.")
            self.banner.setVisible(self.current_key != "review")
        else:
            self.banner.setText("")
            self.banner.hide()
        if move and blockers:
            self.jump_to_field(blockers[0].field_path)

    def sign(self) -> bool:
        """Sign the exam if nothing stands in the way; otherwise say why and go to the first field."""
        if self.read_only or self._closed:
            return False
        if self.current_key != "review":
            self.go_to("review", focus=False)
        self.refresh_now()
        blockers = self.blockers()
        if blockers:
            self._blockers_shown = True
            self._show_blockers(blockers)
            return False
        self._blockers_shown = False
        self.views["review"].show_blockers([], self.label_of)  # type: ignore[union-attr]
        self.banner.setText("")
        self.banner.hide()
        examiner = self.binding.exam.encounter.examiner
        if not prompts.ask_yes_no(
            self, "Sign exam?",
            f"Sign this exam as {examiner}?\n\n{self._final_grades_text()}\n\nA signed exam cannot change; a "
            "correction is made by amending it, which keeps this version.",
            default_yes=True,
        ):
            return False
        document = copy.deepcopy(self.binding.document)
        document["review"]["signed_by"] = examiner
        document["review"]["signed_at"] = datetime.now().replace(microsecond=0).isoformat()
        exam = Exam.model_validate(document)
        assessment = assess(exam, self.settings)
        if not self.autosaver.flush() and self.autosaver.dirty:
            prompts.error(self, "Exam not signed", self.autosaver.last_error or "The draft could not be saved.")
            return False
        try:
            if self.autosaver.exam_id is None:
                self.autosaver.dirty = True
                if not self.autosaver.flush():
                    raise StoreError(self.autosaver.last_error or "The draft could not be saved.")
            assert self.autosaver.exam_id is not None and self.autosaver.version is not None
            record = self.store.sign_exam(
                self.autosaver.exam_id, self.autosaver.version, signed_by=examiner,
                document=exam_to_document(exam), summary=summarize(exam, assessment),
            )
        except StoreError as error:
            prompts.error(self, "Exam not signed", f"{error.message}\n\nThe draft is kept as it was.")
            return False
        self.autosaver.stop()
        self.record = record
        self.read_only = True
        self._load(exam)
        self._apply_read_only()
        self.signed.emit(record.id)
        return True

    def _final_grades_text(self) -> str:
        """The grade(s) being signed, as the clinician will confirm them: "Final House-Brackmann grade:
        left IV (the suggestion, pre-selected)". Signing from another page (Ctrl+Enter) must not record
        a grade nobody looked at."""
        suggested = {side: result.suggested for side, result in self.assessment.hb_by_side().items()}
        final = self.binding.exam.review.final_hb
        parts = []
        for name in ("right", "left"):
            grade = getattr(final, name)
            if grade is None:
                continue
            value = grade.value
            if self._auto_final.get(name) == value:
                note = " (the suggestion, pre-selected)"
            elif suggested.get(name) and suggested[name] != value:
                note = f" (suggested {suggested[name]})"
            else:
                note = ""
            parts.append(f"{name} {value}{note}")
        return "Final House-Brackmann grade: " + ("; ".join(parts) if parts else "none")

    def amend(self) -> bool:
        """Start a new version of the signed exam (the signed one stays unchanged)."""
        if self.record is None or not self.read_only:
            return False
        try:
            record = self.store.amend_exam(self.record.id)
            exam = exam_from_document(record.document, f"exam {record.id}")
        except StoreError as error:
            prompts.error(self, "Not amended", error.message)
            return False
        document = exam.model_dump(mode="json")
        document["review"]["signed_by"] = None
        document["review"]["signed_at"] = None
        exam = Exam.model_validate(document)
        self.record = record
        self.read_only = False
        self.autosaver = self._make_autosaver(record)
        self._auto_final.clear()
        self._load(exam)
        self._apply_read_only()
        self.autosaver.changed()  # the amendment's row gets the cleared signature at once
        self.autosaver.flush()
        self.go_to("encounter")
        return True

    def _load(self, exam: Exam) -> None:
        self._loading = True
        try:
            self.binding.load(exam)
        finally:
            self._loading = False

    def _apply_read_only(self) -> None:
        for control in self.controls.values():
            control.set_read_only(self.read_only)
        for view in self.views.values():
            if isinstance(view, PageView) and view.mark_normal_button is not None:
                view.mark_normal_button.setVisible(not self.read_only)
            elif isinstance(view, ReviewPage):
                view.set_read_only(self.read_only)
        self.amend_button.setVisible(self.read_only)
        self.amend_button.setEnabled(self.record is not None and self.record.status == "signed")
        self.discard_button.setVisible(not self.read_only)
        if self.read_only and self.record is not None:
            review = self.binding.exam.review
            who = review.signed_by or self.record.signed_by or "unknown"
            when = moment_text(self.record.signed_at or review.signed_at)  # the store's time is the signature's
            if self.record.status == "superseded":
                text = f"Superseded: a later version of this exam replaces it. Signed by {who} on {when}; read-only."
            else:
                text = (f"Signed by {who} on {when} (version {self.record.version_no}). Read-only: Amend starts a new "
                        "version and keeps this one.")
            self._show_banner("signed", text)
            self._set_status("Signed." if self.record.status == "signed" else "Superseded.")
        elif self._banner_kind == "signed":  # an amendment: the draft is editable, no longer signed
            self.banner.setText("")
            self.banner.hide()

    # -- saving, closing ---------------------------------------------------------------------------------------
    def save_now(self) -> bool:
        if self.read_only:
            return True
        return self.autosaver.flush()

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setToolTip(text)
        self.status_label.setStyleSheet("")

    def _on_save_failed(self, message: str) -> None:
        self.status_label.setText(message.split("\n")[0])
        self.status_label.setToolTip(message)
        self.status_label.setStyleSheet("color: #b3261e;")
        if not self.autosaver.enabled:
            prompts.warning(self, "Draft not saved", message)

    def _show_banner(self, kind: str, text: str) -> None:
        self._banner_kind = kind
        self.banner.setStyleSheet(f"QLabel {{ {BANNER_STYLES[kind]} border-radius: 4px; padding: 5px; }}")
        self.banner.setText(text)
        self.banner.show()

    def close_wizard(self) -> bool:
        """Close; a draft stays saved (and is not offered for restoring: it was closed on purpose)."""
        if self._closed:
            return True
        if not self.read_only and not self.autosaver.flush() and self.autosaver.dirty:
            if not prompts.ask_yes_no(
                self, "Close without saving?",
                f"The last changes could not be saved:\n{self.autosaver.last_error}\n\nClose anyway and lose them?",
            ):
                return False
        self.autosaver.stop()
        self._closed = True
        self.closed.emit(self)
        return True

    def discard(self) -> bool:
        """Delete the draft after asking; nothing is deleted without a yes."""
        if self.read_only:
            return self.close_wizard()
        if self.autosaver.exam_id is None and not self.autosaver.dirty:
            return self.close_wizard()
        amendment = self.record is not None and self.record.replaces_id is not None
        what = "this amendment (the signed version stays as it is)" if amendment else "this exam draft"
        if not prompts.ask_yes_no(
            self, "Discard exam?",
            f"Discard {what}? Everything entered in it is deleted. This cannot be undone.",
        ):
            return False
        self.autosaver.timer.stop()
        self.autosaver.enabled = False
        if self.autosaver.exam_id is not None:
            try:
                # the version this window last saved: a draft changed since (another window, another
                # computer) is not deleted unseen but refused as a conflict
                self.store.delete_draft(self.autosaver.exam_id, self.autosaver.version)
            except StoreError as error:
                prompts.error(self, "Draft not discarded", error.message)
                self.autosaver.enabled = True
                return False
        self.autosaver.stop()
        self._closed = True
        self.closed.emit(self)
        return True


def _takes_tab(widget: QWidget) -> bool:
    """Tab can land on ``widget`` now (shown, enabled, and taking focus from the keyboard)."""
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
