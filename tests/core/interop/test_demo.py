"""Demo data: every vignette course, realistic records (signed, drafts, amendments), never into a used database."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from facialis.core.exam import exam_from_document
from facialis.core.interop.courses import SCENARIOS, CourseMaker
from facialis.core.interop.demo import DemoRefused, fill_demo
from facialis.core.interop.scoring import score_exam, summary_of
from facialis.core.signing import sign_blockers
from facialis.core.store import Store
from facialis.core.vignettes import vignette_file, vignette_findings, vignette_keys

from .conftest import snapshot


def test_demo_findings_are_the_vignette_files_without_patient_and_dates() -> None:
    document = json.loads(vignette_file("v05").read_text(encoding="utf-8"))
    findings = vignette_findings("v05")
    assert "patient" not in findings and "uid" not in findings
    assert not {"exam_datetime", "examiner", "onset_date"} & set(findings["encounter"])
    assert findings["face"] == document["face"] and findings["topognostic"] == document["topognostic"]


def test_every_scenario_starts_from_a_shipped_vignette() -> None:
    """Every first visit of clinical-reference 11 is a course; V16a/b are later states of Bell's palsy."""
    assert {s.vignette for s in SCENARIOS} == set(vignette_keys()) - {"v16a", "v16b"}


def test_the_demo_clinic(demo_store: Store) -> None:
    conn = demo_store.db.conn
    assert demo_store.count_patients() == 24
    statuses = dict(conn.execute("SELECT status, count(*) FROM exams GROUP BY status").fetchall())
    assert statuses.get("signed", 0) > 30 and statuses.get("superseded", 0) >= 1
    mrns = [row[0] for row in conn.execute("SELECT mrn FROM patients")]
    assert all(mrn.startswith("DEMO-") for mrn in mrns)
    diagnoses = {row[0] for row in conn.execute("SELECT DISTINCT diagnosis FROM exams")}
    assert {"Bell's palsy", "Ramsay Hunt syndrome", "Lyme neuroborreliosis", "Acute ischaemic stroke"} <= diagnoses
    follow_ups = conn.execute("SELECT count(*) FROM exams WHERE json_extract(document, '$.encounter.visit') = 'follow_up'").fetchone()[0]
    assert follow_ups > 10


def test_demo_records_are_consistent_and_signable(demo_store: Store) -> None:
    for row in demo_store.db.conn.execute("SELECT id FROM exams").fetchall():
        record = demo_store.get_exam(row[0])
        exam = exam_from_document(record.document)
        scores = score_exam(exam)
        assert record.summary == summary_of(exam, scores)  # summary columns from the same assessment
        if record.status != "draft":
            assert not sign_blockers(exam, scores.assessment), record.id
            assert record.signed_by == exam.encounter.examiner
            # signed as the wizard signs: the document carries the signature the comparison shows
            assert exam.review.signed_by == record.signed_by and exam.review.signed_at is not None, record.id
        assert exam.exam_date <= date.today()


def test_amended_exams_show_both_versions(demo_store: Store) -> None:
    row = demo_store.db.conn.execute("SELECT id, replaces_id FROM exams WHERE version_no = 2").fetchone()
    assert row is not None
    new, old = demo_store.get_exam(row[0]), demo_store.get_exam(row[1])
    assert old.status == "superseded" and new.status == "signed"
    assert [a.action for a in demo_store.audit_log("exam", new.id)] == ["amend", "update_draft", "sign"]


def test_demo_refuses_a_database_with_patients(demo_store: Store) -> None:
    before = snapshot(demo_store)
    with pytest.raises(DemoRefused, match="already holds patients"):
        fill_demo(demo_store)
    assert snapshot(demo_store) == before


def test_courses_are_repeatable() -> None:
    today = date(2026, 6, 1)
    first = [c.visits[0].exam.patient for c in CourseMaker(seed=5, today=today).courses(5)]
    second = [c.visits[0].exam.patient for c in CourseMaker(seed=5, today=today).courses(5)]
    assert first == second


def test_courses_recover_towards_the_scenario(tmp_path: Path) -> None:
    bell = next(s for s in SCENARIOS if s.vignette == "v05" and s.start is None)
    maker = CourseMaker(seed=11, today=date.today())
    grades = []
    for number in range(30):
        course = maker.course(f"T{number}", scenario=bell)
        if len(course.visits) >= 4:
            hb = [v.scores.sides["left"].house_brackmann.suggested for v in course.visits]
            grades.append((hb[0], hb[-1]))
    assert grades and all(last in ("I", "II") for _first, last in grades)
