"""The whole exam without the mouse: tab order, keys that pick options, mnemonics, page and sign shortcuts."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from facialis.core.exam import exam_from_document
from facialis.core.store import PatientRecord, Store

from ..conftest import PromptLog
from .conftest import controller, open_wizard
from .driver import Driver

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused_path(wizard) -> str | None:
    widget = QApplication.focusWidget()
    for path, control in wizard.controls.items():
        if control.editor is widget:
            return path
    return None


def mnemonic_of(view, control) -> Qt.Key:
    """The Alt+letter of the label that names ``control``."""
    for label in view.findChildren(QLabel):
        if label.buddy() is control:
            text = label.text()
            letter = text[text.index("&") + 1]
            return Qt.Key(ord(letter.upper()))
    raise AssertionError(f"no label for {control.path}")


def test_v5_without_the_mouse(
    qtbot: QtBot, window, patient: PatientRecord, db_path: Path, prompts_log: PromptLog, driver: Driver
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    assert focused_path(wizard) == "encounter.exam_datetime"
    # Tab order follows the page: date, examiner, visit, side, onset ...
    order = []
    for _ in range(4):
        driver.key(Qt.Key.Key_Tab)
        order.append(focused_path(wizard))
    assert order == ["encounter.examiner", "encounter.visit", "encounter.affected_side", "encounter.onset_date"]
    driver.key(Qt.Key.Key_Backtab)
    driver.press("L")  # left; the focus moves on to the onset
    assert focused_path(wizard) == "encounter.onset_date"
    driver.type("-1")
    driver.key(Qt.Key.Key_Tab)
    driver.press("M")  # maximal within 72 h
    assert focused_path(wizard) == "encounter.worsening_after_3_weeks"
    driver.key(Qt.Key.Key_Tab)
    driver.press("F")  # first episode
    driver.key(Qt.Key.Key_PageDown, CTRL)

    assert wizard.current_key == "history" and focused_path(wizard) == "history.otalgia"
    driver.press("YM")  # otalgia yes, mild
    driver.press("YY")  # hyperacusis, taste change
    driver.key(Qt.Key.Key_M, ALT)  # Mark rest of page normal
    assert wizard.binding.value("history.vertigo") is False
    driver.key(Qt.Key.Key_Right, ALT)  # Alt+Right is Next as well

    assert wizard.current_key == "rest"
    driver.key(Qt.Key.Key_M, ALT)
    driver.key(Qt.Key.Key_PageDown, CTRL)
    driver.press("6444I")
    driver.key(Qt.Key.Key_Tab)  # past lagophthalmos
    driver.press("P")  # Bell phenomenon present
    driver.key(Qt.Key.Key_PageDown, CTRL)
    driver.key(Qt.Key.Key_M, ALT)
    driver.key(Qt.Key.Key_PageDown, CTRL)

    assert wizard.current_key == "topognostic"
    view = wizard.views["topognostic"]
    driver.key(Qt.Key.Key_M, ALT)
    driver.key(mnemonic_of(view, wizard.controls["topognostic.schirmer_mm.right"]), ALT)
    assert focused_path(wizard) == "topognostic.schirmer_mm.right"
    driver.type("20")
    driver.key(Qt.Key.Key_Tab)
    driver.type("9")
    driver.key(Qt.Key.Key_Tab)
    driver.key(Qt.Key.Key_Tab)
    assert focused_path(wizard) == "topognostic.stapedial_reflex.left"
    driver.press("A")  # absent; on to the taste of the right side
    driver.key(Qt.Key.Key_Tab)
    driver.press("R")  # reduced
    driver.key(Qt.Key.Key_PageDown, CTRL)
    driver.key(Qt.Key.Key_M, ALT)
    driver.key(Qt.Key.Key_0, CTRL)  # Ctrl+0: Review and sign
    assert wizard.current_key == "review"
    prompts_log.yes_no_answers.append(True)
    driver.key(Qt.Key.Key_Return, CTRL)
    assert wizard.read_only

    with Store.open(db_path, backup=False) as fresh:
        (record,) = fresh.exams_for_patient(patient.id)
    exam = exam_from_document(record.document)
    left = exam.face[exam.graded_sides()[0]]
    assert (left.voluntary.fngs_brow, left.voluntary.fngs_eye, left.voluntary.fngs_nlf, left.voluntary.fngs_oral) == (
        6, 4, 4, 4)
    assert left.voluntary.eye_closure.value == "incomplete" and left.voluntary.bell_phenomenon is True
    assert exam.topognostic.stapedial_reflex.left.value == "absent"
    assert exam.topognostic.taste.left.value == "reduced"
    assert exam.topognostic.schirmer_mm.left == 9
    assert exam.history.otalgia_severity.value == "mild"
    assert exam.review.final_hb.left.value == "IV"
    assert record.status == "signed"


def test_page_shortcuts_and_arrows(qtbot: QtBot, window, patient: PatientRecord, driver: Driver) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    driver.key(Qt.Key.Key_3, CTRL)
    assert wizard.current_key == "rest"
    driver.key(Qt.Key.Key_Left, ALT)
    assert wizard.current_key == "history"
    driver.key(Qt.Key.Key_PageUp, CTRL)
    assert wizard.current_key == "encounter"
    # the optional pages are passed over by Next, but reachable in the page list
    driver.key(Qt.Key.Key_5, CTRL)
    assert wizard.current_key == "sequelae"
    driver.key(Qt.Key.Key_PageDown, CTRL)
    assert wizard.current_key == "topognostic"
    driver.click_page(wizard, "eface")
    driver.key(Qt.Key.Key_PageDown, CTRL)
    assert wizard.current_key == "yanagihara"
    # arrows step through a choice, Delete clears it (not assessed)
    wizard.go_to("encounter")
    side = wizard.controls["encounter.affected_side"]
    side.setFocus()
    driver.key(Qt.Key.Key_Right)
    assert wizard.binding.value("encounter.affected_side") == "right"
    driver.key(Qt.Key.Key_Right)
    assert wizard.binding.value("encounter.affected_side") == "left"
    driver.key(Qt.Key.Key_Delete)
    assert wizard.binding.value("encounter.affected_side") is None
    # Ctrl+S saves at once
    driver.key(Qt.Key.Key_S, CTRL)
    assert wizard.autosaver.exam_id is not None and not wizard.autosaver.dirty


def test_exam_menu_and_shortcut_tooltips(window, patient: PatientRecord) -> None:
    ctl = controller(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles.index("E&xam") == titles.index("&Help") - 1
    assert ctl.new_exam_action.shortcut().toString() == "Ctrl+E"
    assert "Ctrl+E" in ctl.new_exam_action.toolTip()
    assert ctl.new_exam_button is not None and ctl.new_exam_button.defaultAction() is ctl.new_exam_action


def test_each_page_has_its_own_alt_letters(qtbot: QtBot, window, patient: PatientRecord, driver: Driver) -> None:
    """No Alt+letter is used twice on a page, nor by a page and the menus or the wizard's buttons."""
    from PySide6.QtWidgets import QAbstractButton

    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "bilateral")

    def letter(text: str) -> str | None:
        index = text.replace("&&", "").find("&")
        return text.replace("&&", "")[index + 1].upper() if index >= 0 else None

    shared = [letter(a.text()) for a in window.menuBar().actions()]
    shared += [letter(b.text()) for b in (wizard.amend_button, wizard.previous_button, wizard.next_button)]
    for key, view in wizard.views.items():
        own = [letter(label.text()) for label in view.findChildren(QLabel) if label.buddy() is not None]
        own += [letter(button.text()) for button in view.findChildren(QAbstractButton)]
        letters = [x for x in own + shared if x]
        assert len(letters) == len(set(letters)), (key, sorted(letters))
