"""Two exams compared: grades first, the app's words for codes and item paths, missing vs normal vs 0."""
from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from facialis.core.browse.compare import GRADE_SECTION, SECTION_ORDER, CompareRow, compare_exams
from facialis.core.exam import exam_from_document, exam_to_document, load_exam
from facialis.core.followup import start_follow_up
from facialis.core.report import labels
from facialis.core.store import ExamRecord, ExamSummary
from facialis.core.vignettes import vignette_file


def record(exam_id: int, document: dict[str, Any], status: str = "signed") -> ExamRecord:
    """A stored exam without a database: compare only reads the document and the record facts."""
    return ExamRecord(
        id=exam_id, patient_id=1, version=1, version_no=1, replaces_id=None, status=status,
        document=document, summary=ExamSummary(), created_at="2026-10-06T16:00:00", updated_at="2026-10-06T16:00:00",
        signed_at=None, signed_by=None,
    )


@pytest.fixture(scope="module")
def rows() -> list[CompareRow]:
    """V05 (Bell's palsy, day 1, no final grade) against a follow-up started from it (carried history)."""
    first = load_exam(vignette_file("v05"))
    follow_up = start_follow_up(first, exam_datetime=datetime(2026, 11, 3, 9, 30), examiner="Dr. A. Example")
    document = exam_to_document(follow_up)
    document["history"]["recent_surgery"] = True
    document["history"]["recent_surgery_sites"] = ["skull_base"]
    document["face"] = copy.deepcopy(exam_to_document(first)["face"])
    voluntary = document["face"]["left"]["voluntary"]
    voluntary.update(fngs_brow=3, fngs_eye=2, fngs_nlf=2, fngs_oral=2, eye_closure="complete_minimal_effort",
                     lagophthalmos_mm=0.0)
    document["review"]["final_hb"] = {"left": "III"}
    document["review"]["final_level"] = "geniculate"
    later = exam_from_document(json.loads(json.dumps(document)))
    return compare_exams(record(1, exam_to_document(first)), record(2, exam_to_document(later)))


def by_name(rows: list[CompareRow], name: str) -> CompareRow:
    return next(row for row in rows if row.name == name)


def test_the_final_grade_then_the_suggestion_lead(rows: list[CompareRow]) -> None:
    assert [row.name for row in rows[:2]] == ["final_hb_l", "l_hb_suggested"]
    final, suggested = rows[0], rows[1]
    assert final.section == suggested.section == GRADE_SECTION
    assert (final.before, final.after, final.changed) == ("not given", "III", True)
    assert suggested.label.startswith("Suggested House-Brackmann grade") and suggested.label.endswith(", left")
    assert suggested.is_score and not final.is_score
    assert all(row.section != GRADE_SECTION for row in rows[2:])


def test_sections_follow_the_clinical_order(rows: list[CompareRow]) -> None:
    def rank(section: str) -> int:
        return next(i for i, start in enumerate(SECTION_ORDER) if section.startswith(start))

    ranks = [rank(row.section) for row in rows]
    assert ranks == sorted(ranks)
    names = [row.name for row in rows]
    assert names.index("days_since_onset") < names.index("l_fngs2_total") < names.index("pattern")
    assert names.index("final_level") < names.index("visit") < names.index("hx_otalgia") < names.index("mrn")
    # one run per section, so the table names each section once
    runs = [row.section for i, row in enumerate(rows) if i == 0 or rows[i - 1].section != row.section]
    assert len(runs) == len(set(runs))
    assert names.index("carried_over") < names.index("hx_otalgia")  # with the encounter, not after the review


def test_codes_are_shown_in_the_reports_words(rows: list[CompareRow]) -> None:
    course = by_name(rows, "onset_course")
    assert course.before == course.after == labels.enum_label("within_72h") == "maximal within 72 h"
    assert by_name(rows, "visit").after == "follow-up"
    assert by_name(rows, "l_eye_closure").after == "complete with minimal effort"
    site = by_name(rows, "hx_recent_surgery_sites_skull_base")
    assert site.label == "Recent surgery sites: skull base" and (site.before, site.after) == ("no", "yes")
    assert by_name(rows, "final_level").after == labels.segment("geniculate")
    assert by_name(rows, "segments").before == "; ".join(labels.segment(s) for s in ("labyrinthine", "geniculate"))
    for row in rows:
        assert "_" not in row.label, row
        if row.name not in ("impression", "plan", "diagnosis"):
            assert "_" not in row.before and "_" not in row.after, row


def test_carried_over_items_are_named_by_their_labels(rows: list[CompareRow]) -> None:
    carried = by_name(rows, "carried_over")
    assert carried.section == "Encounter" and carried.before == "none"
    shown = carried.after.split("; ")
    assert shown[:5] == ["Affected side", "Onset date", "Onset course", "Episode", "Otalgia"]  # in exam order
    assert "Limb weakness or speech disturbance" in shown and "Recent surgery" in shown
    assert "history." not in carried.after and "encounter." not in carried.after


def test_not_assessed_normal_no_and_zero_stay_distinct(rows: list[CompareRow]) -> None:
    lagophthalmos = by_name(rows, "l_lagophthalmos_mm")
    assert (lagophthalmos.before, lagophthalmos.after, lagophthalmos.changed) == ("not assessed", "0", True)
    assert by_name(rows, "hx_tinnitus").after == "no"
    corneal = by_name(rows, "assoc_corneal_reflex")
    assert (corneal.before, corneal.after) == ("normal", "not assessed")


def test_a_draft_is_not_signed_rather_than_not_assessed() -> None:
    """The signature rows of a draft compared with a signed exam say "not signed"."""
    document = exam_to_document(load_exam(vignette_file("v05")))
    signed = copy.deepcopy(document)
    signed["review"]["signed_by"] = "Dr. A. Example"
    signed["review"]["signed_at"] = "2026-10-06T16:25:00"
    draft = record(1, document, status="draft")
    done = replace(record(2, signed), signed_by="Dr. A. Example", signed_at="2026-10-06T14:25:00+00:00")
    rows = compare_exams(draft, done)
    for name in ("signed_by", "signed_at", "record_signed_by"):
        row = by_name(rows, name)
        assert row.before == "not signed" and row.changed, row
    assert by_name(rows, "signed_by").after == "Dr. A. Example"


def test_a_score_row_explains_its_rule_and_source_and_an_item_row_its_meaning() -> None:
    from facialis.core.browse.compare import CompareRow, row_explanation
    from facialis.core.scales import sunnybrook

    score = CompareRow("Left side", "Sunnybrook composite", "l_sb_composite", "36", "not scored", True, True)
    text = row_explanation(score)
    assert sunnybrook.SOURCE in text and "never counted as 0" in text
    days = CompareRow("Encounter", "Days since onset", "days_since_onset", "1", "22", True, False)
    assert "onset date" in row_explanation(days)


@pytest.mark.parametrize("name", ["mrn", "diagnosis", "impression", "examiner"])
def test_a_text_row_is_not_explained_by_the_csv_files_formula_rule(name: str) -> None:
    """The data dictionary says how the CSV file writes text that looks like a formula; comparing two
    exams on screen has nothing to do with it, and the tooltip must not say it."""
    from facialis.core.browse.compare import CompareRow, row_explanation

    text = row_explanation(CompareRow("Review", name, name, "a", "b", True, False))
    assert "spreadsheet" not in text and "=" not in text
