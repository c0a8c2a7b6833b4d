"""Every label and control of every exam page is within reach at 1024x640 and larger.

A page used to be cut off on the right without a scroll bar: at 1024 px the Encounter page lost
"Progressive over >72 h", Topognostic showed rows of buttons without their labels, and in a bilateral
palsy Voluntary movement lost Brow / Eye / Nasolabial fold even at 1280 px. Here every visible label,
button and field of each page must lie inside its parents and inside the page's viewport, or the
horizontal scroll bar must be there to bring it into view; and the pages are expected to fit the width
outright at 1024 and 1280 px, so no scrolling sideways is needed there.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facialis.core.exam import load_exam
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.main_window import MainWindow
from facialis.gui.wizard.page_view import LABEL_NARROW_WIDTH, LABEL_WIDTH, ItemLabel, PageView, SectionBox
from facialis.gui.wizard.status_line import ELLIPSIS, StatusLabel, fitted_text
from facialis.gui.wizard.wizard import ExamWizard

from ..conftest import add_patient
from .conftest import open_wizard

VIGNETTES = {"unilateral": "v05", "bilateral": "v13"}
SIZES = [(1024, 640), (1280, 800)]
SHOWN = (QLabel, QAbstractButton, QLineEdit, QPlainTextEdit)


def wizard_for(qtbot: QtBot, window: MainWindow, store: Store, vignette: str,
               size: tuple[int, int]) -> ExamWizard:
    """The wizard with a vignette's exam in it, in a window of ``size``."""
    exam = load_exam(VIGNETTE_DIR / f"{vignette}.facialis.json")
    patient = exam.patient
    record = add_patient(store, patient.mrn, patient.family_name, patient.given_names, patient.birth_date,
                         patient.sex)
    wizard = open_wizard(qtbot, window, record.id)
    wizard.binding.load(exam)
    resize(qtbot, window, size)
    return wizard


def resize(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    settle(qtbot)


def settle(qtbot: QtBot) -> None:
    """Let the layouts finish (a section that falls back to one column asks for a second pass)."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(5)


def show_page(qtbot: QtBot, wizard: ExamWizard, key: str) -> PageView:
    wizard.go_to(key, focus=False)
    settle(qtbot)
    view = wizard.views[key]
    assert isinstance(view, PageView)
    return view


def page_keys(wizard: ExamWizard) -> list[str]:
    return [page.key for page in wizard.pages if not page.review]


def describe(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""  # type: ignore[attr-defined]
    return f"{type(widget).__name__} {text!r}"


def text_cut(widget: QWidget) -> bool:
    """A label too small for its own text (a wrapped one too short, a one-line one too narrow)."""
    if not isinstance(widget, QLabel) or not widget.text():
        return False
    if widget.wordWrap():
        return widget.heightForWidth(widget.width()) > widget.height()
    return widget.minimumSizeHint().width() > widget.width()


def out_of_reach(view: PageView) -> list[str]:
    """Visible labels, buttons and fields of the page that the clinician cannot see or scroll to."""
    content, viewport = view.content, view.viewport()
    scroll = view.horizontalScrollBar()
    can_scroll = view.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff and scroll.isVisible()
    problems: list[str] = []
    for widget in content.findChildren(QWidget):
        if not isinstance(widget, SHOWN) or not widget.isVisibleTo(content):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        rect, parent = QRect(widget.geometry()), widget.parentWidget()
        while parent is not None and parent is not content:  # inside each parent, up to the page
            if parent.rect().intersected(rect) != rect:
                problems.append(f"{describe(widget)} sticks out of its {type(parent).__name__}")
                break
            rect.translate(parent.pos())
            parent = parent.parentWidget()
        else:
            if content.rect().intersected(rect) != rect:
                problems.append(f"{describe(widget)} sticks out of the page")
            elif rect.right() >= viewport.width() and not (
                can_scroll and rect.right() - scroll.maximum() < viewport.width()
            ):
                problems.append(f"{describe(widget)} ends at x={rect.right()}, beyond the view "
                                f"({viewport.width()} px) with no scroll bar to reach it")
        if text_cut(widget):
            problems.append(f"{describe(widget)} is too small for its text")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("palsy", list(VIGNETTES))
def test_every_label_and_control_is_within_reach(
    qtbot: QtBot, window: MainWindow, store: Store, palsy: str, size: tuple[int, int]
) -> None:
    wizard = wizard_for(qtbot, window, store, VIGNETTES[palsy], size)
    problems = {}
    for key in page_keys(wizard):
        view = show_page(qtbot, wizard, key)
        if found := out_of_reach(view):
            problems[key] = found
    assert not problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("palsy", list(VIGNETTES))
def test_every_page_fits_the_width_without_scrolling_sideways(
    qtbot: QtBot, window: MainWindow, store: Store, palsy: str, size: tuple[int, int]
) -> None:
    wizard = wizard_for(qtbot, window, store, VIGNETTES[palsy], size)
    too_wide = {}
    for key in page_keys(wizard):
        view = show_page(qtbot, wizard, key)
        if view.content.width() > view.viewport().width() or view.horizontalScrollBar().maximum() > 0:
            too_wide[key] = (view.content.width(), view.viewport().width())
    assert not too_wide


def test_in_the_narrowest_window_a_scroll_bar_reaches_what_does_not_fit(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """900 px is the narrowest the window goes: the bilateral pages cannot fit, so they scroll sideways,
    and the scroll bar brings the right-hand side column into view."""
    wizard = wizard_for(qtbot, window, store, VIGNETTES["bilateral"], (900, 560))
    view = show_page(qtbot, wizard, "voluntary")
    scroll = view.horizontalScrollBar()
    assert scroll.isVisible() and scroll.maximum() > 0
    assert not out_of_reach(view)
    left = wizard.controls["face.left.voluntary.fngs_brow"]
    view.ensureWidgetVisible(left)
    settle(qtbot)
    assert scroll.value() > 0
    right_edge = left.mapTo(view.viewport(), left.rect().topRight()).x()
    assert 0 <= right_edge < view.viewport().width()
    for key in page_keys(wizard):
        assert not out_of_reach(show_page(qtbot, wizard, key)), key


def test_wide_pages_keep_their_columns_and_narrow_ones_fall_back_to_one(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    """History and the treatment items stay in two columns with labels as wide as before at 1280 px;
    at 1024 px they go one under the other, and back again when the window widens."""
    wizard = wizard_for(qtbot, window, store, VIGNETTES["unilateral"], (1280, 800))

    def boxes(key: str) -> list[SectionBox]:
        return [box for box in show_page(qtbot, wizard, key).findChildren(SectionBox) if box.columns > 1]

    def labels_of(box: SectionBox) -> set[int]:
        return {cell.label.width() for cell in box.cells if cell.holder is None}

    for key in ("encounter", "history", "voluntary"):
        assert boxes(key) and all(box.shown_columns == 2 for box in boxes(key)), key
    assert labels_of(boxes("history")[0]) == {LABEL_NARROW_WIDTH}
    one_column = [label for label in show_page(qtbot, wizard, "associated").findChildren(ItemLabel)]
    assert {label.width() for label in one_column} == {LABEL_WIDTH}

    resize(qtbot, window, (1024, 640))
    for key in ("encounter", "history", "voluntary"):
        assert all(box.shown_columns == 1 for box in boxes(key)), key
    treatment = boxes("encounter")[0]

    def top(path: str) -> int:
        control = wizard.controls[path]
        return control.mapTo(treatment, control.rect().topLeft()).y()

    assert top("encounter.treatment.antiviral") > top("encounter.treatment.steroid_date")  # below, not beside

    resize(qtbot, window, (1280, 800))
    assert all(box.shown_columns == 2 for box in boxes("history"))


def test_a_long_option_wraps_inside_a_narrow_column(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    """Both sides at 1024 px: "Complete only with maximal effort" is narrower than its text and taller,
    so it is drawn whole; at 1280 px the same option is on one line as before."""
    wizard = wizard_for(qtbot, window, store, VIGNETTES["bilateral"], (1024, 640))
    show_page(qtbot, wizard, "voluntary")
    eye_closure = wizard.controls["face.left.voluntary.eye_closure"]
    chip = eye_closure.group.chip_for("complete_maximal_effort")  # type: ignore[attr-defined]
    one_line = chip.sizeHint()
    assert chip.width() < one_line.width() and chip.height() > one_line.height()
    assert chip.heightForWidth(chip.width()) <= chip.height()
    resize(qtbot, window, (1280, 800))
    show_page(qtbot, wizard, "encounter")
    course = wizard.controls["encounter.onset_course"].group  # type: ignore[attr-defined]
    assert all(c.size() == c.sizeHint() for c in course.chips)


# --- the status line ---------------------------------------------------------------------------------

MESSAGE = "Not saved yet: the draft is saved at the first entry."


def test_a_long_status_ends_at_a_whole_word_with_an_ellipsis(qtbot: QtBot) -> None:
    label = StatusLabel(MESSAGE)
    label.setToolTip(MESSAGE)
    qtbot.addWidget(label)
    metrics = QFontMetrics(label.font())
    label.resize(metrics.horizontalAdvance(MESSAGE) + 10, 30)
    label.show()
    qtbot.waitExposed(label)
    assert label.shown_text() == MESSAGE
    label.resize(metrics.horizontalAdvance("Not saved yet: the draft is saved at th"), 30)
    shown = label.shown_text()
    assert shown == "Not saved yet: the draft is saved at" + ELLIPSIS
    assert metrics.horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.toolTip() == MESSAGE
    label.grab()  # paints without error


def test_the_status_line_never_asks_for_width() -> None:
    label = StatusLabel(MESSAGE * 3)
    assert label.minimumSizeHint().width() == 0
    assert label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored


def test_fitted_text_keeps_what_fits() -> None:
    def advance(text: str) -> int:
        return len(text)

    assert fitted_text("Draft saved.", 40, advance) == "Draft saved."
    assert fitted_text("Not saved yet: the draft", 16, advance) == "Not saved yet" + ELLIPSIS
    assert fitted_text("Supercalifragilistic", 6, advance) == "Super" + ELLIPSIS
    assert fitted_text("Draft", 0, advance) == ""
