"""The live panel's time-critical actions: window states, treatment already started, core order."""
from __future__ import annotations

from datetime import date, datetime

from facialis.core.assess import assess
from facialis.core.exam import Exam, load_exam
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.wizard.assessment_text import panel_sections, time_critical


def _vignette(name: str) -> Exam:
    return load_exam(VIGNETTE_DIR / f"{name}.facialis.json")


def test_enog_before_its_window_opens_is_shown_as_not_open_yet() -> None:
    lines = time_critical(assess(_vignette("v06")))  # day 2
    enog = next(line for line in lines if "Electroneurography" in line)
    assert "not open yet: opens 5 Jun 2026, 00:00" in enog and "closed" not in enog


def test_urgent_steps_lead_the_panel_in_the_order_of_the_assessment() -> None:
    lines = time_critical(assess(_vignette("v09")))
    assert "Urgent:" in lines[0] and "Immediate surgical review" in lines[0]
    assert any("Electroneurography" in line for line in lines[1:])
    assert "Stroke pathway" in panel_sections(assess(_vignette("v02")))["actions"]


def test_a_steroid_already_started_is_not_a_closed_window() -> None:
    exam = _vignette("v05")
    encounter = exam.encounter.model_copy(update={
        "exam_datetime": datetime(2026, 10, 12, 10, 0),
        "treatment": exam.encounter.treatment.model_copy(update={"steroid": True, "steroid_date": date(2026, 10, 6)}),
    })
    lines = time_critical(assess(exam.model_copy(update={"encounter": encounter})))
    steroid = next(line for line in lines if "Prescribe oral steroids" in line)
    assert "already started 6 Oct 2026" in steroid and "closed" not in steroid


def test_open_windows_keep_their_hours_left() -> None:
    lines = time_critical(assess(_vignette("v05")))
    assert "window closes in 32 h" in lines[0]
