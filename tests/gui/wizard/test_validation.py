"""Validation next to the field, in plain words; signing is refused with the reasons and the cursor
is taken to the first field to fix."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facialis.core.store import PatientRecord, Store

from ..conftest import PromptLog
from .conftest import open_wizard
from .driver import Driver


def test_future_onset_and_out_of_range_value_block_signing(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver, prompts_log: PromptLog
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    driver.choose(c["encounter.affected_side"], "left")

    future = date.today() + timedelta(days=3)
    onset = c["encounter.onset_date"]
    driver.fill(onset, future.strftime("%d.%m.%Y"))
    driver.key(Qt.Key.Key_Tab)
    assert onset.error_label.isVisible()
    assert "is after the exam date" in onset.error_label.text()
    assert wizard.binding.exam.encounter.onset_date is None  # refused, not stored

    schirmer = c["topognostic.schirmer_mm.right"]
    driver.click_page(wizard, "topognostic")
    driver.fill(schirmer, "50")
    assert schirmer.error_label.isVisible()
    assert schirmer.error_label.text() == "50 mm is out of range: enter 0-35 mm."
    assert wizard.binding.value("topognostic.schirmer_mm.right") is None

    assert wizard.sign() is False
    assert prompts_log.of_kind("question") == []  # never asked to sign
    blockers = [b.field_path for b in wizard.blockers()]
    assert blockers[:1] == ["encounter.onset_date"]
    assert "topognostic.schirmer_mm.right" in blockers
    review = wizard.views["review"]
    assert review.blockers_label.text().count("<li>") == len(blockers)
    assert "Cannot sign yet" in review.blockers_label.text()
    # taken to the first field, whose message stays next to it
    assert wizard.current_key == "encounter"
    assert QApplication.focusWidget() is onset.editor
    assert onset.error_label.isVisible() and "after the exam date" in onset.error_label.text()
    assert "Not signed yet" in wizard.banner.text()

    # corrected: the messages go, the values are stored
    driver.fill(onset, "-2")
    assert not onset.error_label.isVisible()
    assert wizard.binding.exam.encounter.onset_date == wizard.binding.exam.exam_date - timedelta(days=2)
    driver.click_page(wizard, "topognostic")
    driver.fill(schirmer, "12")
    assert not schirmer.error_label.isVisible()
    assert wizard.binding.value("topognostic.schirmer_mm.right") == 12
    remaining = [b.field_path for b in wizard.blockers()]
    assert "encounter.onset_date" not in remaining and "topognostic.schirmer_mm.right" not in remaining


def test_a_click_on_a_listed_reason_goes_to_its_field(qtbot: QtBot, window, patient: PatientRecord) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    wizard.controls["encounter.examiner"].editor.clear()
    assert wizard.sign() is False
    review = wizard.views["review"]
    assert "encounter.examiner" in review.blockers_label.text()
    wizard.go_to("review")
    review.blockers_label.linkActivated.emit("encounter.examiner")
    assert wizard.current_key == "encounter"
    assert QApplication.focusWidget() is wizard.controls["encounter.examiner"].editor
    assert "examiner" in wizard.controls["encounter.examiner"].error_label.text()


def test_unreadable_input_is_said_in_words(qtbot: QtBot, window, patient: PatientRecord, driver: Driver) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    driver.fill(c["encounter.onset_date"], "31.02.2026")
    driver.key(Qt.Key.Key_Tab)
    assert c["encounter.onset_date"].error_label.text() == "No such date: 31.02.2026"
    driver.click_page(wizard, "electro")
    driver.fill(c["electro.enog_day"], "3.5")
    assert c["electro.enog_day"].error_label.text() == "ENoG measured on day: enter a whole number."
    driver.fill(c["electro.enog_degeneration_percent"], "ninety")
    assert "is not a number" in c["electro.enog_degeneration_percent"].error_label.text()
    assert {"encounter.onset_date", "electro.enog_day", "electro.enog_degeneration_percent"} <= set(
        wizard.binding.errors()
    )
