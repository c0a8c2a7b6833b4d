"""The exam wizard by keyboard alone: where Tab goes, the page list, names a screen reader says, the
status line in a small window."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFontMetrics
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facialis.core.exam import exam_from_document
from facialis.core.store import PatientRecord, Store
from facialis.gui.wizard.wizard import ExamWizard

from .wizard.conftest import driver, make_window, open_wizard, patient, settings, window  # noqa: F401
from .wizard.driver import Driver

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused_path(wizard: ExamWizard) -> str | None:
    widget = QApplication.focusWidget()
    for path, control in wizard.controls.items():
        if control.editor is widget:
            return path
    return None


def spoken_name(widget: QWidget) -> str:
    """The name assistive technology reads for ``widget`` (its own name, else a label that names it)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def test_tab_from_the_last_field_of_a_side_page_goes_to_previous_and_next(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver,  # noqa: F811
) -> None:
    """Pages 3-6 are built again once the side is chosen; Tab from their last field must still go on to
    Previous and Next below the page (it went to the window's tab bar), and Shift+Tab from the first
    field back to "Mark rest of page normal" above it."""
    wizard = open_wizard(qtbot, window, patient.id)
    for _ in range(3):
        driver.key(Qt.Key.Key_Tab)
    assert focused_path(wizard) == "encounter.affected_side"
    driver.press("L")
    driver.key(Qt.Key.Key_3, CTRL)
    assert wizard.current_key == "rest" and focused_path(wizard) == "face.left.rest.eye"
    for _ in range(3):
        driver.key(Qt.Key.Key_Tab)
    assert focused_path(wizard) == "face.left.rest.tone"
    driver.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.previous_button
    driver.key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.next_button
    driver.key(Qt.Key.Key_Space)  # Next, by keyboard
    assert wizard.current_key == "voluntary"
    assert focused_path(wizard) == "face.left.voluntary.fngs_brow"
    driver.key(Qt.Key.Key_Backtab, SHIFT)
    assert QApplication.focusWidget() is wizard.views["voluntary"].mark_normal_button


def test_arrow_keys_in_the_page_list_show_the_page(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver,  # noqa: F811
) -> None:
    """The highlighted page is the page shown: arrows moved the highlight and left the old page up."""
    wizard = open_wizard(qtbot, window, patient.id)
    wizard.page_list.setFocus()
    driver.key(Qt.Key.Key_Down)
    assert wizard.current_key == "history"
    assert wizard.page_list.hasFocus()  # still in the list, to go on
    driver.key(Qt.Key.Key_Down)
    assert wizard.current_key == "rest"
    driver.key(Qt.Key.Key_Up)
    driver.key(Qt.Key.Key_Return)  # Enter opens it at its first field
    assert wizard.current_key == "history" and focused_path(wizard) == "history.otalgia"


def test_a_side_page_without_a_side_puts_the_focus_on_its_button(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver,  # noqa: F811
) -> None:
    """Before the side is chosen, page 3 has only "Go to Encounter": the focus lands on it."""
    wizard = open_wizard(qtbot, window, patient.id)
    driver.key(Qt.Key.Key_3, CTRL)
    assert wizard.current_key == "rest"
    button = QApplication.focusWidget()
    assert button is not None and getattr(button, "text", lambda: "")() == "Go to Encounter"
    driver.key(Qt.Key.Key_Space)
    assert wizard.current_key == "encounter"


def test_every_field_has_a_name_and_a_choice_says_its_value(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver,  # noqa: F811
) -> None:
    """A choice is a frame of clickable words with no name of its own, and the Right and Left columns
    of a row share one label: a screen reader said nothing, or the same name twice."""
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "bilateral")
    for key, view in wizard.views.items():
        names = [spoken_name(control.editor) for control in view.controls.values()]
        assert all(names), (key, [p for p, n in zip(view.controls, names) if not n])
        assert len(names) == len(set(names)), (key, sorted(n for n in names if names.count(n) > 1))
    assert spoken_name(wizard.controls["topognostic.schirmer_mm.left"].editor) == "Schirmer at 5 min, left"
    brow = wizard.controls["face.right.voluntary.fngs_brow"].editor
    assert spoken_name(brow) == "Brow, right"
    pucker = "face.left.sunnybrook.synkinesis.lip_pucker"
    assert spoken_name(wizard.controls[pucker].editor) == "Synkinesis: Lip pucker, left"
    description = QAccessible.Text.Description
    assert QAccessible.queryAccessibleInterface(brow).text(description) == "not assessed"
    wizard.go_to("voluntary")
    assert QApplication.focusWidget() is brow
    driver.press("3")
    assert QAccessible.queryAccessibleInterface(brow).text(description).startswith("3  Obvious weakness")
    brow.setFocus()
    driver.key(Qt.Key.Key_Delete)
    assert wizard.binding.value("face.right.voluntary.fngs_brow") is None
    assert QAccessible.queryAccessibleInterface(brow).text(description) == "not assessed"


def test_a_choice_cleared_by_keyboard_is_saved_as_not_assessed(
    qtbot: QtBot, window, patient: PatientRecord, db_path: Path, driver: Driver,  # noqa: F811
) -> None:
    """0 (none), nothing (not assessed) and back: what the keys leave is what the draft holds."""
    wizard = open_wizard(qtbot, window, patient.id)
    for _ in range(3):
        driver.key(Qt.Key.Key_Tab)
    driver.press("L")
    driver.key(Qt.Key.Key_5, CTRL)
    assert focused_path(wizard) == "face.left.sequelae.fngs_secondary"
    driver.press("0")  # 0 = no secondary movement: a finding, not "not assessed"

    def saved() -> dict:
        with Store.open(db_path, backup=False) as fresh:
            (record,) = fresh.exams_for_patient(patient.id)
        return exam_from_document(record.document).model_dump(mode="json")["face"]["left"]["sequelae"]

    qtbot.waitUntil(lambda: not wizard.autosaver.dirty, timeout=3000)
    assert saved()["fngs_secondary"] == 0
    wizard.controls["face.left.sequelae.fngs_secondary"].setFocus()
    driver.key(Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not wizard.autosaver.dirty, timeout=3000)
    assert saved()["fngs_secondary"] is None


def test_the_full_assessment_and_the_reasons_not_to_sign_are_reached_by_keyboard(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver, tmp_path: Path,  # noqa: F811
) -> None:
    """The assessment with its reasons took focus only from a click, and the list of what stops the
    signature only took clicks: from the keyboard neither could be read through or followed."""
    shots = tmp_path
    window.resize(1024, 640)
    wizard = open_wizard(qtbot, window, patient.id)
    driver.key(Qt.Key.Key_Return, CTRL)  # sign: refused; the first reason's field has the focus
    assert wizard.current_key == "encounter"
    driver.key(Qt.Key.Key_0, CTRL)
    review = wizard.views["review"]
    assert wizard.current_key == "review" and review.blockers_label.isVisible()
    assert focused_path(wizard) == "review.final_hb_reason"  # no side yet: no grade to choose
    driver.key(Qt.Key.Key_Backtab, SHIFT)  # back, to the assessment on the left
    assert QApplication.focusWidget() is review.browser
    bar = review.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    driver.key(Qt.Key.Key_PageDown)
    assert bar.value() > 0
    driver.key(Qt.Key.Key_Backtab, SHIFT)  # the list of reasons above it, its link lit
    assert QApplication.focusWidget() is review.blockers_label
    review.grab().save(str(shots / "review-reasons-keyboard.png"))
    driver.key(Qt.Key.Key_Return)  # follows it
    assert wizard.current_key == "encounter"
    assert focused_path(wizard) == "encounter.affected_side"



def test_the_status_line_keeps_its_room_in_a_1024_window(
    qtbot: QtBot, window, patient: PatientRecord, tmp_path: Path,  # noqa: F811
) -> None:
    """Beside the patient line and six buttons the status got 0 px at 1024: "Draft saved" was never
    seen. It has a line of its own under the patient's, and the window still narrows to 900 px."""
    wizard = open_wizard(qtbot, window, patient.id)
    assert wizard.minimumSizeHint().width() <= 900
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: window.width() == 1024)
    text = wizard.status_label.text()
    assert text.startswith("Not saved yet")
    assert wizard.status_label.width() >= QFontMetrics(wizard.status_label.font()).horizontalAdvance(text)
    assert wizard.status_label.shown_text() == text
    assert wizard.patient_label.shown_text() == wizard.patient_label.text()
    wizard.controls["encounter.examiner"].setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "x")
    qtbot.waitUntil(lambda: wizard.status_label.text().startswith("Draft saved at"), timeout=3000)
    pdf = next(b for b in wizard.findChildren(QPushButton) if b.text().startswith("Save PDF"))
    assert pdf.isVisible()  # the saved draft has its report buttons: the header is full
    assert wizard.status_label.shown_text() == wizard.status_label.text()
    window.grab().save(str(tmp_path / "status-1024.png"))
