"""From first exam to follow-up: carry-over, mark normal, side changes, discard, a different final
grade with its reason, signing and amending."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facialis.core.assess import assess
from facialis.core.exam import exam_from_document, exam_to_document, load_exam
from facialis.core.store import PatientRecord, Store
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR

from ..conftest import PromptLog
from .conftest import controller, open_wizard
from .driver import Driver

VIGNETTES = VIGNETTE_DIR


def signed_v5(store: Store, patient: PatientRecord) -> int:
    """V5 as a signed exam of ``patient`` (the previous visit)."""
    exam = load_exam(VIGNETTES / "v05.facialis.json")
    document = exam.model_dump(mode="json")
    document["patient"] = patient.patient.model_dump(mode="json")
    document["review"]["final_hb"] = {"left": "IV"}
    exam = exam_from_document(document)
    record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
    return store.sign_exam(record.id, record.version).id


def test_follow_up_carries_unchanging_facts_marked_and_starts_findings_fresh(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    signed_v5(store, patient)
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    exam = wizard.binding.exam
    assert exam.encounter.visit.value == "follow_up"
    assert exam.encounter.affected_side.value == "left" and exam.encounter.onset_date == date(2026, 10, 5)
    assert exam.history.otalgia is True
    assert exam.face == {} and exam.topognostic.schirmer_mm.left is None
    assert "carried over from the exam of 2026-10-06" in wizard.carried_banner.text()
    for path in ("encounter.affected_side", "encounter.onset_date", "history.otalgia"):
        assert not c[path].carried_label.isHidden(), path
    assert c["encounter.examiner"].carried_label.isHidden()
    # a corrected item is no longer "carried over"
    driver.fill(c["encounter.onset_date"], "2026-10-04")
    assert c["encounter.onset_date"].carried_label.isHidden()
    assert "encounter.onset_date" not in wizard.binding.exam.carried_over
    assert "encounter.affected_side" in wizard.binding.exam.carried_over


def test_mark_rest_normal_fills_only_untouched_items(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    driver.choose(c["encounter.affected_side"], "right")
    driver.click_page(wizard, "voluntary")
    driver.choose(c["face.right.voluntary.fngs_brow"], 5)
    driver.choose(c["face.right.voluntary.eye_closure"], "incomplete")
    driver.fill(c["face.right.voluntary.lagophthalmos_mm"], "3")
    driver.click(wizard.views["voluntary"].mark_normal_button)
    value = wizard.binding.value
    assert value("face.right.voluntary.fngs_brow") == 5
    assert value("face.right.voluntary.eye_closure") == "incomplete"
    assert value("face.right.voluntary.fngs_eye") == 1 and value("face.right.voluntary.fngs_oral") == 1
    assert value("face.right.voluntary.posed_smile") == "symmetric"
    assert value("face.right.voluntary.branches.cervical") == "normal"
    assert value("face.right.voluntary.bell_phenomenon") is None  # no "normal" for a sign like this
    assert value("face.right.voluntary.lagophthalmos_mm") == 3
    assert "marked normal" in wizard.status_label.text()
    # the panel follows at once: brow 5 and the rest normal, no secondary movement yet
    wizard.refresh_now()
    assert "incomplete" in wizard.panel.text("fngs")
    assert wizard.panel.face.describe() == "right: brow 5, eye 1, nasolabial fold 1, oral 1"


def test_per_side_controls_only_in_bilateral_palsy(
    qtbot: QtBot, window, patient: PatientRecord, driver: Driver, prompts_log: PromptLog
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    assert not any(path.startswith("face.") for path in wizard.controls)  # no side yet
    driver.choose(c["encounter.affected_side"], "left")
    assert "face.left.rest.eye" in wizard.controls and "face.right.rest.eye" not in wizard.controls
    driver.choose(wizard.controls["encounter.affected_side"], "bilateral")
    assert {"face.left.rest.eye", "face.right.rest.eye"} <= set(wizard.controls)
    assert "review.final_hb.right" in wizard.controls and "review.final_hb.left" in wizard.controls
    driver.click_page(wizard, "rest")
    driver.choose(wizard.controls["face.right.rest.eye"], "wide")
    driver.choose(wizard.controls["face.left.rest.eye"], "narrow")
    # back to one side: the other side's findings would be lost, so it asks (No keeps everything)
    wizard.go_to("encounter")
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    assert prompts_log.of_kind("question")[-1].title == "Change the affected side?"
    assert wizard.binding.value("encounter.affected_side") == "bilateral"
    assert wizard.binding.value("face.right.rest.eye") == "wide"
    assert wizard.controls["encounter.affected_side"].group.value == "bilateral"
    prompts_log.yes_no_answers.append(True)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    assert wizard.binding.value("face.right.rest.eye") is None
    assert wizard.binding.value("face.left.rest.eye") == "narrow"
    # a corrected side moves the findings with it, without asking
    asked = len(prompts_log.shown)
    driver.choose(wizard.controls["encounter.affected_side"], "right")
    assert wizard.binding.value("face.right.rest.eye") == "narrow"
    assert len(prompts_log.shown) == asked


def test_discard_asks_first(
    qtbot: QtBot, window, patient: PatientRecord, db_path: Path, prompts_log: PromptLog, driver: Driver
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    assert wizard.save_now()
    driver.click(wizard.discard_button)
    assert prompts_log.of_kind("question")[-1].title == "Discard exam?"
    with Store.open(db_path, backup=False) as fresh:
        assert len(fresh.exams_for_patient(patient.id)) == 1  # answered No: nothing deleted
    assert controller(window).wizards == [wizard]
    prompts_log.yes_no_answers.append(True)
    driver.click(wizard.discard_button)
    assert controller(window).wizards == []
    with Store.open(db_path, backup=False) as fresh:
        assert fresh.exams_for_patient(patient.id) == []
    # a draft another window has saved since is not deleted unseen
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    assert wizard.save_now()
    with Store.open(db_path, backup=False) as other:
        (draft,) = other.exams_for_patient(patient.id)
        document = dict(draft.document)
        document["encounter"] = {**document["encounter"], "examiner": "Dr. Other Window"}
        other.save_draft(patient.id, document, draft.summary, exam_id=draft.id, expected_version=draft.version)
    prompts_log.yes_no_answers.append(True)
    driver.click(wizard.discard_button)
    assert prompts_log.of_kind("error")[-1].title == "Draft not discarded"
    with Store.open(db_path, backup=False) as fresh:
        (kept,) = fresh.exams_for_patient(patient.id)
    assert kept.document["encounter"]["examiner"] == "Dr. Other Window"
    with Store.open(db_path, backup=False) as fresh:
        fresh.delete_draft(kept.id)
    wizard.close_wizard()
    # an exam nobody typed in closes without a question
    asked = len(prompts_log.shown)
    wizard = open_wizard(qtbot, window, patient.id)
    driver.click(wizard.discard_button)
    assert len(prompts_log.shown) == asked and controller(window).wizards == []


def test_different_grade_needs_a_reason_then_sign_and_amend(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, db_path: Path, prompts_log: PromptLog,
    driver: Driver,
) -> None:
    exam_id = signed_v5(store, patient)
    ctl = controller(window)
    window.patients_page.refresh()
    window.patients_page.select_patient(patient.id)
    ctl.open_exam_action.trigger()
    dialog = ctl.exam_dialog
    assert dialog is not None and dialog.list.count() == 1
    assert "signed" in dialog.list.item(0).text() and "HB IV" in dialog.list.item(0).text()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    wizard = ctl.wizards[-1]
    assert wizard.read_only and wizard.current_key == "review" and wizard.amend_button.isVisible()
    assert "Signed by" in wizard.banner.text()

    driver.click(wizard.amend_button, "amend")
    assert not wizard.read_only and wizard.record.version_no == 2
    assert wizard.binding.exam.review.signed_by is None
    assert wizard.banner.isHidden() and "Signed by" not in wizard.banner.text()  # the amendment is a draft
    assert not wizard.views["review"].sign_hint.isHidden()
    driver.key(Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    final = wizard.controls["review.final_hb.left"]
    assert final.group.value == "IV"
    driver.choose(final, "III")
    assert wizard.sign() is False
    assert [b.field_path for b in wizard.blockers()] == ["review.final_hb_reason"]
    reason = wizard.controls["review.final_hb_reason"]
    assert "give a short reason" in reason.error_label.text()
    driver.fill(reason, "Closure complete on repeated testing")
    driver.fill(wizard.controls["review.impression"], "Improving Bell's palsy.")
    driver.fill(wizard.controls["review.plan"], "Eye care; review in 4 weeks.")
    prompts_log.yes_no_answers.append(True)
    assert wizard.sign() is True
    assert "Final House-Brackmann grade: left III (suggested IV)" in prompts_log.of_kind("question")[-1].text

    with Store.open(db_path, backup=False) as fresh:
        old, new = fresh.exams_for_patient(patient.id)
    assert (old.id, old.status) == (exam_id, "superseded")
    assert new.status == "signed" and new.version_no == 2 and new.replaces_id == exam_id
    exam = exam_from_document(new.document)
    assert exam.review.final_hb.left.value == "III"
    assert exam.review.final_hb_reason == "Closure complete on repeated testing"
    assert exam.review.plan == "Eye care; review in 4 weeks."
    assert new.summary.final_hb == "III" and new.summary.suggested_hb == "IV"
    assert new.summary.impression == "Improving Bell's palsy."


def _double_click_patient(qtbot: QtBot, window, patient_id: int) -> None:
    page = window.patients_page
    page.refresh()
    assert page.select_patient(patient_id)
    table = page.table
    rect = table.visualRect(table.model().index(table.currentIndex().row(), 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_choosing_a_patient_opens_their_exams_or_offers_the_first(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, prompts_log: PromptLog
) -> None:
    # no exams yet: asked whether to start the first one; No leaves everything as it was
    _double_click_patient(qtbot, window, patient.id)
    assert prompts_log.of_kind("question")[-1].title == "Start an exam?"
    assert controller(window).wizards == [] and window.patient_dialog is None
    prompts_log.yes_no_answers.append(True)
    _double_click_patient(qtbot, window, patient.id)
    assert len(controller(window).wizards) == 1
    controller(window).wizards[-1].close_wizard()
    # with exams: the list of the patient's exams, not the patient form
    signed_v5(store, patient)
    qtbot.keyClick(window.patients_page.table, Qt.Key.Key_Return)
    dialog = controller(window).exam_dialog
    assert dialog is not None and dialog.list.count() >= 1 and window.patient_dialog is None
    dialog.reject()
