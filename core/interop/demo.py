"""``facialis demo``: a few dozen invented patients with their courses, so a new user sees a clinic.

Every vignette of clinical-reference 11 appears at least once as a course (first visit as in the
vignette, then follow-ups); the rest are drawn with the weights of a typical clinic (mostly
Bell's palsy). Exams are signed at their visit time, a few are still drafts and a few carry an
amendment, so the timeline's version history has something to show. MRNs start with ``DEMO-`` and
every name is invented. An existing database with patients is never touched.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..exam import exam_from_document, exam_to_document
from ..store import Store, StoreError
from .commands import DEFAULT_DEMO_PATIENTS
from .courses import SCENARIOS, CourseMaker, Scenario
from .scoring import score_exam, summary_of

DEFAULT_PATIENTS = DEFAULT_DEMO_PATIENTS
MRN_PREFIX = "DEMO-"


class DemoRefused(StoreError):
    """The database already holds patients; demo data would mix with real records."""


@dataclass(frozen=True)
class DemoReport:
    patients: int
    exams: int
    drafts: int
    amended: int


def _scenario_plan(maker: CourseMaker, patients: int) -> list[Scenario | None]:
    """One course per distinct vignette first, then random ones (None)."""
    seen: list[Scenario] = []
    for scenario in SCENARIOS:
        if scenario.vignette not in {s.vignette for s in seen}:
            seen.append(scenario)
    plan: list[Scenario | None] = list(seen[:patients])
    plan += [None] * (patients - len(plan))
    maker.rng.shuffle(plan)
    return plan


def fill_demo(store: Store, patients: int = DEFAULT_PATIENTS, seed: int = 7, today: date | None = None) -> DemoReport:
    """Add ``patients`` demo patients with their exams; refuses a database that has patients."""
    if store.count_patients():
        raise DemoRefused(
            f"The database {store.path} already holds patients; demo data is only added to an empty "
            "database, so it never mixes with real records. Use --db with a new file.",
            path=store.path,
        )
    maker = CourseMaker(seed=seed, today=today, scales_per_visit=0.95)
    exams = drafts = amended = 0
    for number, scenario in enumerate(_scenario_plan(maker, patients), start=1):
        course = maker.course(f"{MRN_PREFIX}{number:04d}", scenario=scenario)
        for visit in course.visits:
            exam = visit.exam
            if visit.sign:
                signed_at = (exam.encounter.exam_datetime + timedelta(minutes=25)).replace(second=0, microsecond=0)
                review = exam.review.model_copy(update={"signed_by": exam.encounter.examiner, "signed_at": signed_at})
                exam = exam.model_copy(update={"review": review})
            record, _patient, _created = store.import_exam(
                course.patient, exam_to_document(exam), summary_of(exam, visit.scores),
                signed_by=exam.review.signed_by, signed_at=exam.review.signed_at, source="facialis demo",
            )
            exams += 1
            if not visit.sign:
                drafts += 1
            elif visit.amend or (number % 11 == 0 and visit is course.visits[0]):
                _amend(store, record.id)
                exams += 1
                amended += 1
    return DemoReport(patients=patients, exams=exams, drafts=drafts, amended=amended)


def _amend(store: Store, exam_id: int) -> None:
    """A signed exam corrected once: the new version adds an addendum to the plan."""
    draft = store.amend_exam(exam_id)
    document = dict(draft.document)
    review = dict(document.get("review") or {})
    review["plan"] = (review.get("plan") or "") + " Addendum: reviewed with the photographs at the case conference."
    review["signed_by"] = None
    review["signed_at"] = None
    document["review"] = review
    exam = exam_from_document(document)
    summary = summary_of(exam, score_exam(exam))
    saved = store.save_draft(draft.patient_id, exam_to_document(exam), summary, exam_id=draft.id, expected_version=draft.version)
    # Signed as the exam wizard signs: the document carries the signature too (the comparison, the
    # CSV and the report read it there), in local time like every exam time.
    signed_review = exam.review.model_copy(
        update={"signed_by": exam.encounter.examiner, "signed_at": datetime.now().replace(microsecond=0)}
    )
    signed = exam.model_copy(update={"review": signed_review})
    store.sign_exam(
        saved.id, saved.version, signed_by=exam.encounter.examiner,
        document=exam_to_document(signed), summary=summary_of(signed, score_exam(signed)),
    )
