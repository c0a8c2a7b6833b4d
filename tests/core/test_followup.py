"""A follow-up exam carries the unchanging facts of the last exam, marked, and starts its findings empty."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from facialis.core.exam import Exam, Visit, load_exam
from facialis.core.followup import carried_paths, start_follow_up
from facialis.core.patient import Patient
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = VIGNETTE_DIR


@pytest.fixture
def previous() -> Exam:
    return load_exam(VIGNETTES / "v05.facialis.json")


def test_side_onset_and_history_are_carried_and_marked(previous: Exam) -> None:
    follow_up = start_follow_up(previous, exam_datetime=datetime(2026, 11, 20, 9, 30), examiner="Dr. B")

    assert follow_up.encounter.affected_side == previous.encounter.affected_side
    assert follow_up.encounter.onset_date == previous.encounter.onset_date
    assert follow_up.encounter.onset_course == previous.encounter.onset_course
    assert follow_up.encounter.episode == previous.encounter.episode
    assert follow_up.history == previous.history
    assert follow_up.encounter.visit is Visit.follow_up
    assert follow_up.encounter.examiner == "Dr. B"
    assert follow_up.encounter.exam_datetime == datetime(2026, 11, 20, 9, 30)
    assert "encounter.affected_side" in follow_up.carried_over
    assert "encounter.onset_date" in follow_up.carried_over
    assert "history.otalgia" in follow_up.carried_over
    assert "history.tinnitus" in follow_up.carried_over  # "no" is a fact too
    assert "history.pregnancy" not in follow_up.carried_over  # never asked: nothing to carry
    assert follow_up.carried_over == sorted(carried_paths(previous))


def test_findings_and_review_start_fresh(previous: Exam) -> None:
    follow_up = start_follow_up(previous, exam_datetime=datetime(2026, 11, 20, 9, 30))

    assert follow_up.face == {}
    assert follow_up.topognostic == type(follow_up.topognostic)()
    assert follow_up.associated == type(follow_up.associated)()
    assert follow_up.electro == type(follow_up.electro)()
    assert follow_up.review == type(follow_up.review)()
    assert follow_up.encounter.worsening_after_3_weeks is None  # a finding about the course, asked again
    assert follow_up.uid != previous.uid


def test_current_patient_record_is_used(previous: Exam) -> None:
    corrected = Patient(mrn="V05", family_name="Fischer-Braun", given_names="Anna", birth_date=date(1992, 3, 14))
    follow_up = start_follow_up(previous, patient=corrected, exam_datetime=datetime(2026, 11, 20, 9, 30))
    assert follow_up.patient == corrected


def test_nothing_carried_from_an_empty_exam() -> None:
    empty = Exam(patient=Patient(mrn="1", family_name="A"))
    follow_up = start_follow_up(empty)
    assert follow_up.carried_over == []
    assert follow_up.encounter.visit is Visit.follow_up


def test_backdated_follow_up_before_the_onset_is_refused(previous: Exam) -> None:
    with pytest.raises(ValidationError):
        start_follow_up(previous, exam_datetime=datetime(2026, 9, 1, 9, 0))


def test_a_recurrence_names_the_earlier_episode_items_still_carried(previous: Exam) -> None:
    from facialis.core.followup import earlier_episode_paths

    follow_up = start_follow_up(previous, exam_datetime=datetime(2026, 11, 20, 9, 30))
    assert earlier_episode_paths(follow_up) == []  # the same episode: nothing belongs elsewhere
    document = follow_up.model_dump(mode="json")
    document["encounter"]["episode"] = "recurrent_other_side"
    other = Exam.model_validate(document)
    assert {"encounter.affected_side", "encounter.onset_date", "encounter.onset_course"} <= set(
        earlier_episode_paths(other))
    assert not any(path.startswith("history.") for path in earlier_episode_paths(other))
    document["encounter"]["episode"] = "recurrent_same_side"
    document["carried_over"] = [p for p in document["carried_over"] if p != "encounter.onset_date"]
    same = Exam.model_validate(document)
    assert "encounter.affected_side" not in earlier_episode_paths(same)
    assert "encounter.onset_date" not in earlier_episode_paths(same)  # entered for this visit: kept
    assert "encounter.onset_course" in earlier_episode_paths(same)
