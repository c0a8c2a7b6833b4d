"""A follow-up's course as the clinician reads it after signing: the timeline and the PDF of the
follow-up, for a bilateral palsy and for a first exam without an onset date."""
from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from facialis.core.assess import assess
from facialis.core.browse.course import patient_course
from facialis.core.exam import exam_from_document, exam_to_document, load_exam
from facialis.core.reporting import stored_exam_report
from facialis.core.store import PatientRecord, Store
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.browser.timeline import TCol, TimelinePage
from facialis.gui.wizard.wizard import ExamWizard

from .conftest import PromptLog
from .wizard.conftest import controller, driver, make_window, open_wizard, patient, settings, window  # noqa: F401
from .wizard.driver import Driver

FOLLOW_UP_AT = "2026-10-27T10:00:00"


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages).replace("\n", " ")


def _signed_first(store: Store, patient: PatientRecord, change: Any) -> dict[str, Any]:
    """V5 (left palsy, onset 2026-10-05, seen 2026-10-06) changed by ``change`` and signed."""
    document = load_exam(VIGNETTE_DIR / "v05.facialis.json").model_dump(mode="json")
    document["patient"] = patient.patient.model_dump(mode="json")
    document["review"]["final_hb"] = {"left": "IV"}
    change(document)
    exam = exam_from_document(document)
    record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
    store.sign_exam(record.id, record.version)
    return document


def _examine_and_sign(wizard: ExamWizard, driver: Driver, prompts_log: PromptLog, first: dict[str, Any]) -> None:
    """The follow-up three weeks later with the same findings, the suggested grades signed."""
    target = {**first, "review": {}}
    target["encounter"] = {**first["encounter"], "exam_datetime": FOLLOW_UP_AT, "visit": "follow_up",
                           "examiner": wizard.binding.exam.encounter.examiner}
    driver.enter_exam(wizard, exam_from_document(target))
    prompts_log.yes_no_answers.append(True)  # "Sign exam?"
    assert wizard.sign()


def _timeline(qtbot: QtBot, store: Store, patient: PatientRecord) -> TimelinePage:
    page = TimelinePage()
    qtbot.addWidget(page)
    page.show_course(patient_course(store, patient.id))
    return page


def _cells(page: TimelinePage, column: TCol) -> list[str]:
    return [page.model.data(page.model.index(row, column)) for row in range(page.model.rowCount())]


def test_a_bilateral_follow_up_prints_each_sides_course(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver, prompts_log: PromptLog
) -> None:
    """The right side went from III to IV while the left stayed IV: the PDF printed 'IV, IV'."""
    def bilateral(document: dict[str, Any]) -> None:
        document["encounter"]["affected_side"] = "bilateral"
        document["face"]["right"] = document["face"]["left"]
        document["review"]["final_hb"] = {"right": "III", "left": "IV"}

    first = _signed_first(store, patient, bilateral)
    wizard = open_wizard(qtbot, window, patient.id)
    assert wizard.binding.value("encounter.affected_side") == "bilateral"
    assert wizard.binding.is_carried("encounter.affected_side")
    _examine_and_sign(wizard, driver, prompts_log, first)
    assert "right IV" in prompts_log.of_kind("question")[-1].text and "left IV" in prompts_log.of_kind("question")[-1].text

    page = _timeline(qtbot, store, patient)
    assert _cells(page, TCol.HB) == ["R III, L IV", "R IV, L IV"]
    assert [series.side for series in page.chart.series] == ["right", "left"]

    follow_up = page.model.points[-1].exam_id
    text = _text(stored_exam_report(store, follow_up).pdf)
    assert "2026-10-06 1 R III, L IV" in text
    assert "2026-10-27 (this exam) 22 R IV, L IV" in text
    assert "R right, L left" in text


def test_a_follow_up_of_a_first_exam_without_onset_never_says_day_0(
    qtbot: QtBot, window, patient: PatientRecord, store: Store, driver: Driver, prompts_log: PromptLog
) -> None:
    """The follow-up's PDF printed day 0 since onset for the first exam (its day from itself)."""
    def no_onset(document: dict[str, Any]) -> None:
        document["encounter"]["onset_date"] = None

    first = _signed_first(store, patient, no_onset)
    wizard = open_wizard(qtbot, window, patient.id)
    assert wizard.binding.value("encounter.onset_date") is None
    assert not wizard.binding.is_carried("encounter.onset_date")
    _examine_and_sign(wizard, driver, prompts_log, first)
    assert wizard.assessment.days_since_onset is None

    page = _timeline(qtbot, store, patient)
    assert _cells(page, TCol.DATE) == ["2026-10-06", "2026-10-27"]
    assert _cells(page, TCol.HB) == ["IV", "IV"]

    follow_up, first_id = page.model.points[-1].exam_id, page.model.points[0].exam_id
    text = _text(stored_exam_report(store, follow_up).pdf)
    assert "Days since onset not recorded (onset date unknown)" in text
    assert "2026-10-06 not recorded IV" in text and "2026-10-27 (this exam) not recorded IV" in text
    assert "2026-10-06 0 " not in text
    assert "The chart needs the days since onset" in text
    assert "2026-10-27" not in _text(stored_exam_report(store, first_id).pdf)
