"""Follow-up visits as a clinician walks through them: confirming carried-over items, a recurrence,
and starting the same follow-up twice."""
from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facialis.core.assess import assess
from facialis.core.exam import Exam, exam_from_document, exam_to_document, load_exam
from facialis.core.store import PatientRecord, Store
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR

from .conftest import PromptLog
from .wizard.conftest import controller, driver, make_window, open_wizard, patient, settings, window  # noqa: F401
from .wizard.driver import Driver


def signed_first_visit(store: Store, patient: PatientRecord, **encounter: object) -> int:
    """V5 (left palsy, onset 2026-10-05) signed as the patient's first visit."""
    document = load_exam(VIGNETTE_DIR / "v05.facialis.json").model_dump(mode="json")
    document["patient"] = patient.patient.model_dump(mode="json")
    document["review"]["final_hb"] = {"left": "IV"}
    document["encounter"].update(encounter)
    exam = exam_from_document(document)
    record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
    return store.sign_exam(record.id, record.version).id


def saved(store: Store, wizard) -> Exam:
    assert wizard.save_now()
    return exam_from_document(store.get_exam(wizard.autosaver.exam_id).document)


def test_a_click_on_the_carried_choice_confirms_it_instead_of_clearing_it(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    signed_first_visit(store, patient)
    wizard = open_wizard(qtbot, window, patient.id)
    side = wizard.controls["encounter.affected_side"]
    assert not side.carried_label.isHidden()
    driver.click(side.group.chip_for("left"), "Left, to confirm it")
    assert wizard.binding.value("encounter.affected_side") == "left"  # the side was cleared before
    assert side.carried_label.isHidden()
    exam = saved(store, wizard)
    assert exam.encounter.affected_side.value == "left"
    assert "encounter.affected_side" not in exam.carried_over
    assert "encounter.onset_date" in exam.carried_over  # the others still wait for their check


def test_carried_items_are_confirmed_from_the_keyboard(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    signed_first_visit(store, patient)
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    # the side by its own key, the onset date and the course with Return
    c["encounter.affected_side"].setFocus()
    driver.key(Qt.Key.Key_L)
    c["encounter.onset_date"].setFocus()
    driver.key(Qt.Key.Key_Return)
    assert c["encounter.onset_date"].carried_label.isHidden()
    c["encounter.onset_course"].setFocus()
    driver.key(Qt.Key.Key_Return)
    # Return on a carried choice moves on, as a chosen key does
    assert wizard.controls["encounter.onset_course"].carried_label.isHidden()
    episode = c["encounter.episode"]
    episode.setFocus()
    driver.key(Qt.Key.Key_Space)
    for path in ("encounter.affected_side", "encounter.onset_date", "encounter.onset_course", "encounter.episode"):
        assert c[path].carried_label.isHidden(), path
    exam = saved(store, wizard)
    assert exam.encounter.affected_side.value == "left" and str(exam.encounter.onset_date) == "2026-10-05"
    assert exam.encounter.onset_course.value == "within_72h" and exam.encounter.episode.value == "first"
    assert not any(path.startswith("encounter.") for path in exam.carried_over)
    assert "history.otalgia" in exam.carried_over
    # Return on an item that is not carried over changes nothing
    c["encounter.worsening_after_3_weeks"].setFocus()
    driver.key(Qt.Key.Key_Return)
    assert wizard.binding.value("encounter.worsening_after_3_weeks") is None


def test_a_recurrence_on_the_other_side_clears_the_earlier_episode(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    """Carried over, the earlier onset dated the new palsy 51 days back and hid its treatment window."""
    signed_first_visit(store, patient, treatment={"steroid": True, "steroid_date": "2026-10-06"})
    wizard = open_wizard(qtbot, window, patient.id)
    c = wizard.controls
    assert wizard.binding.value("encounter.treatment.steroid") is True
    driver.choose(c["encounter.episode"], "recurrent_other_side")
    value = wizard.binding.value
    assert value("encounter.affected_side") is None
    assert value("encounter.onset_date") is None and value("encounter.onset_course") is None
    assert value("encounter.treatment.steroid") is None and value("encounter.treatment.steroid_date") is None
    assert "new episode" in wizard.carried_banner.text() and "onset date" in wizard.carried_banner.text()
    assert wizard.binding.is_carried("history.otalgia")
    exam = saved(store, wizard)
    assert exam.encounter.episode.value == "recurrent_other_side" and exam.encounter.onset_date is None


def test_a_recurrence_on_the_same_side_keeps_the_side(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    signed_first_visit(store, patient)
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.episode"], "recurrent_same_side")
    assert wizard.binding.value("encounter.affected_side") == "left"
    assert wizard.binding.is_carried("encounter.affected_side")
    assert wizard.binding.value("encounter.onset_date") is None


def test_starting_the_follow_up_twice_opens_one_exam(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver, prompts_log: PromptLog
) -> None:
    signed_first_visit(store, patient)
    first = open_wizard(qtbot, window, patient.id)
    window.pages.setCurrentWidget(window.patients_page)
    assert open_wizard(qtbot, window, patient.id) is first  # nothing entered yet: the same exam
    assert len(controller(window).wizards) == 1
    driver.fill(first.controls["encounter.examiner"], "Dr. B. Example")
    assert first.save_now()
    window.pages.setCurrentWidget(window.patients_page)
    prompts_log.yes_no_answers.append(True)  # "Continue the draft?"
    assert open_wizard(qtbot, window, patient.id) is first
    assert len(controller(window).wizards) == 1
    assert len([r for r in store.exams_for_patient(patient.id) if r.status == "draft"]) == 1


def test_a_follow_up_of_a_recurrence_keeps_its_onset_when_the_episode_is_confirmed(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver
) -> None:
    """The first visit was already for a recurrence: confirming the carried episode at its follow-up
    is the same episode, so its onset and treatment stay."""
    signed_first_visit(store, patient, episode="recurrent_same_side",
                       treatment={"steroid": True, "steroid_date": "2026-10-06"})
    wizard = open_wizard(qtbot, window, patient.id)
    assert wizard.binding.is_carried("encounter.episode")
    driver.choose(wizard.controls["encounter.episode"], "recurrent_same_side")
    value = wizard.binding.value
    assert not wizard.binding.is_carried("encounter.episode")  # confirmed
    assert value("encounter.onset_date") == "2026-10-05" and value("encounter.treatment.steroid") is True
