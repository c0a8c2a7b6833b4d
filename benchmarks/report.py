"""Time the PDF summary against a baseline reportlab document, and write the sample report.

    .venv/bin/python benchmarks/report.py                 # medians of both and their ratio
    .venv/bin/python benchmarks/report.py --runs 51
    .venv/bin/python benchmarks/report.py --sample docs   # docs/sample-report*.pdf and PNG pages

The full exam is vignette V5 of clinical-reference 11 (left Bell's palsy, HB IV, labyrinthine
segment, seen at 40 h) with every item of the exam filled in, assessed by ``core.assess``, signed.
The baseline is one A4 page with one paragraph and one table, built with the same DejaVu fonts
(so both pay for embedding a font subset): the fixed cost of any reportlab document on this
machine. Both are built into memory; fonts are registered before timing (once per process in
the app too). Target: the summary takes at most 3 times the baseline.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from facialis.core.assess import assess
from facialis.core.exam import Exam, load_exam
from facialis.core.exam.enums import (
    BranchFunction,
    ExamStatus,
    FaceSide,
    Grade,
    SmileSymmetry,
    Tone,
    Visit,
)
from facialis.core.report import CoursePoint, ReportRecordInfo, build_report
from facialis.core.vignettes import VIGNETTE_DIR

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import Measurement  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VIGNETTE = VIGNETTE_DIR / "v05.facialis.json"
PRINTED = datetime(2026, 10, 6, 17, 5)
TARGET_RATIO = 3.0

IMPRESSION = (
    "Acute left lower motor neuron facial palsy, maximal within 36 hours, with retro-auricular ache, "
    "hyperacusis and altered taste. Forehead involved; eye closure incomplete with a visible Bell "
    "phenomenon; mouth asymmetric on maximal effort; symmetric at rest. Reduced lacrimation, absent "
    "stapedial reflex and reduced taste on the left place the lesion at or above the geniculate "
    "ganglion; no vesicles, normal otoscopy and hearing, no other cranial nerve or long-tract signs.\n\n"
    "Picture of Bell's palsy, House-Brackmann IV. No red flags."
)
PLAN = (
    "Prednisolone 50 mg once daily for 10 days, started today (within the 72-hour window); "
    "valaciclovir 1 g three times daily for 7 days offered together with the steroid and accepted.\n"
    "Eye protection: lubricating drops by day, ointment and taping at night; seek review at once for "
    "eye pain, redness or change in vision.\n"
    "No laboratory tests or imaging now. No electrodiagnostics (palsy incomplete).\n"
    "Review in 3 weeks; refer to the facial nerve clinic if recovery is incomplete at 3 months."
)


def full_exam() -> Exam:
    """Vignette V5 with every item of every exam page filled in, signed by the examiner."""
    exam = load_exam(VIGNETTE)
    side = FaceSide.left
    face = exam.findings(side)
    data = face.model_dump()
    data["rest"]["tone"] = Tone.normal
    data["voluntary"].update(
        lagophthalmos_mm=3.0,
        posed_smile=SmileSymmetry.weak,
        spontaneous_smile=SmileSymmetry.weak,
        branches={
            "temporal": BranchFunction.absent,
            "zygomatic": BranchFunction.weak,
            "buccal": BranchFunction.weak,
            "marginal_mandibular": BranchFunction.weak,
            "cervical": BranchFunction.weak,
        },
    )
    data["sequelae"].update(contracture=False, hemifacial_spasm=False, crocodile_tears=False)
    data["sunnybrook"] = {
        "voluntary": {"brow_raise": 1, "gentle_eye_closure": 2, "open_mouth_smile": 2, "snarl": 2, "lip_pucker": 2},
        "synkinesis": {"brow_raise": 0, "gentle_eye_closure": 0, "open_mouth_smile": 0, "snarl": 0, "lip_pucker": 0},
    }
    data["eface"] = {
        "static_brow": 72, "static_palpebral_fissure": 112, "static_nasolabial_fold_depth": 84,
        "static_oral_commissure": 88, "dynamic_brow_elevation": 0, "dynamic_gentle_eye_closure": 40,
        "dynamic_full_eye_closure": 62, "dynamic_oral_commissure_smile": 35, "dynamic_nlf_depth_smile": 40,
        "dynamic_nlf_orientation_smile": 45, "dynamic_lower_lip_eeee": 50, "synkinesis_ocular": 100,
        "synkinesis_midfacial": 100, "synkinesis_mentalis": 100, "synkinesis_platysmal": 100,
    }
    data["yanagihara"] = {
        "at_rest": 4, "wrinkle_forehead": 0, "blink": 1, "gentle_eye_closure": 1, "tight_eye_closure": 2,
        "wink": 1, "wrinkle_nose": 1, "whistle": 1, "grin": 1, "depress_lower_lip": 2,
    }
    history = exam.history.model_dump()
    for name, value in history.items():
        if value is None and name != "otalgia_severity":
            history[name] = False
    return Exam.model_validate({
        **exam.model_dump(),
        "face": {side: data},
        "history": history,
        "encounter": {
            **exam.encounter.model_dump(),
            "worsening_after_3_weeks": False,
            "treatment": {"steroid": False, "antiviral": False},
        },
        "topognostic": {
            **exam.topognostic.model_dump(),
            "electrogustometry_ua": {"right": 18.0, "left": 62.0},
        },
        "associated": {
            **exam.associated.model_dump(),
            "horizontal_gaze_palsy": False,
            "neck_nodes": False,
            "speech_or_language_deficit": False,
            "otoscopy_note": "Both tympanic membranes intact and mobile; no vesicles in the concha or canal.",
        },
        "electro": {"mri": "", "ct": ""},
        "review": {
            "final_hb": {"left": Grade.IV},
            "diagnosis": "Bell's palsy, left",
            "impression": IMPRESSION,
            "plan": PLAN,
            "signed_by": exam.encounter.examiner,
            "signed_at": datetime(2026, 10, 6, 16, 40),
        },
    })


def follow_up_exam(first: Exam) -> tuple[Exam, list[CoursePoint]]:
    """The same patient at day 49, recovering (HB II), with the course of the earlier visits."""
    data = first.model_dump()
    face = data["face"][FaceSide.left]
    face["voluntary"].update(
        fngs_brow=3, fngs_eye=2, fngs_nlf=2, fngs_oral=2, eye_closure="complete_minimal_effort",
        lagophthalmos_mm=0.0, branches={},
    )
    face["sunnybrook"]["voluntary"] = {
        "brow_raise": 3, "gentle_eye_closure": 4, "open_mouth_smile": 4, "snarl": 4, "lip_pucker": 4,
    }
    face["yanagihara"] = None
    face["eface"] = None
    data["face"] = {FaceSide.left: {k: v for k, v in face.items() if v is not None}}
    data["uid"] = "sample-follow-up"
    data["topognostic"] = {}  # not repeated at a follow-up visit
    data["encounter"].update(exam_datetime=datetime(2026, 11, 23, 10, 30), visit=Visit.follow_up)
    # started at the first visit, as its plan says
    data["encounter"]["treatment"] = {"steroid": True, "steroid_date": date(2026, 10, 6),
                                      "antiviral": True, "antiviral_date": date(2026, 10, 6)}
    data["review"] = {
        "final_hb": {"left": Grade.II},
        "diagnosis": "Bell's palsy, left, recovering",
        "impression": "Steady recovery at 7 weeks: complete eye closure with minimal effort, slight brow "
                      "weakness, no synkinesis.",
        "plan": "Continue facial exercises; review at 3 months after onset.",
        "signed_by": data["encounter"]["examiner"],
        "signed_at": datetime(2026, 11, 23, 10, 55),
    }
    history = [
        CoursePoint(exam_date=date(2026, 10, 6), days_since_onset=1, hb=Grade.IV, sunnybrook=36.0, eface=59.0,
                    exam_id=1),
        CoursePoint(exam_date=date(2026, 10, 27), days_since_onset=22, hb=Grade.III, sunnybrook=56.0, exam_id=2),
    ]
    return Exam.model_validate(data), history


def baseline() -> bytes:
    """One A4 page: a paragraph and a table, same embedded fonts as the report."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from facialis.core.report.fonts import register_fonts

    fonts = register_fonts()
    style = ParagraphStyle("baseline", fontName=fonts.regular, fontSize=9, leading=12)
    text = " ".join(["Facial nerve examination summary with grading and guidance."] * 14)
    rows = [[f"item {r + 1}", f"value {r + 1}", "not assessed", f"{r * 5} mm"] for r in range(20)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build([Paragraph(text, style), Table(rows, style=[("FONTNAME", (0, 0), (-1, -1), fonts.regular)])])
    return buffer.getvalue()


def median_seconds(build: Callable[[], bytes], runs: int) -> float:
    build()  # warm-up: imports, font registration
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_count(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ") or pdf.count(b"/Type /Page")


def write_samples(folder: Path) -> list[Path]:
    """docs/sample-report.pdf (V5, signed) and the follow-up with its course, plus PNG pages."""
    exam = full_exam()
    record = ReportRecordInfo(exam_id=1, status=ExamStatus.signed, signed_by=exam.review.signed_by,
                              signed_at=exam.review.signed_at)
    follow, history = follow_up_exam(exam)
    follow_record = ReportRecordInfo(exam_id=3, status=ExamStatus.signed, signed_by=follow.review.signed_by,
                                     signed_at=follow.review.signed_at)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {
        "sample-report": build_report(exam, assess(exam), record=record, printed_at=PRINTED),
        "sample-report-followup": build_report(
            follow, assess(follow), history=history, record=follow_record, printed_at=datetime(2026, 11, 23, 11, 0)
        ),
    }
    written = []
    for name, pdf in outputs.items():
        target = folder / f"{name}.pdf"
        target.write_bytes(pdf)
        written.append(target)
        for old in folder.glob(f"{name}-[0-9]*.png"):
            old.unlink()
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "70", str(target), str(folder / name)], check=True)
            written += sorted(folder.glob(f"{name}-[0-9]*.png"))
        else:
            print("pdftoppm not found (poppler-utils): PNG previews not written", file=sys.stderr)
    return written


def timings(runs: int = 31) -> dict[str, float]:
    """Median seconds of the baseline, the full summary and the follow-up with its course; pages."""
    exam = full_exam()
    assessment = assess(exam)
    follow, history = follow_up_exam(exam)
    follow_assessment = assess(follow)
    report = median_seconds(lambda: build_report(exam, assessment, printed_at=PRINTED), runs)
    course = median_seconds(
        lambda: build_report(follow, follow_assessment, history=history, printed_at=PRINTED), runs
    )
    base = median_seconds(baseline, runs)
    pages = page_count(build_report(exam, assessment, printed_at=PRINTED))
    return {"report": report, "course": course, "baseline": base, "pages": pages}


def measure(runs: int = 31) -> list[Measurement]:
    """The report's measurement with its target, for the suite (benchmarks/run)."""
    found = timings(runs)
    return [
        Measurement(
            f"Report: PDF summary of the full exam ({found['pages']:g} pages)",
            found["report"] * 1000,
            baseline=found["baseline"] * 1000,
            baseline_name="1-page reportlab document",
            max_ratio=TARGET_RATIO,
        ),
        Measurement(
            "Report: the same summary per page (info)",
            found["report"] * 1000 / found["pages"],
            baseline=found["baseline"] * 1000,
            baseline_name="1-page reportlab document",
            note="what one page of the summary costs against the one-page baseline",
        ),
        Measurement("Report: follow-up with course chart (info)", found["course"] * 1000),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=31, help="timed builds of each document (median)")
    parser.add_argument("--sample", type=Path, help="write the sample reports and PNG pages to this folder")
    args = parser.parse_args(argv)
    if args.sample:
        for path in write_samples(args.sample):
            print(path)
        return 0

    exam = full_exam()
    assessment = assess(exam)
    follow, history = follow_up_exam(exam)
    follow_assessment = assess(follow)
    report = median_seconds(lambda: build_report(exam, assessment, printed_at=PRINTED), args.runs)
    course = median_seconds(
        lambda: build_report(follow, follow_assessment, history=history, printed_at=PRINTED), args.runs
    )
    base = median_seconds(baseline, args.runs)
    pages = page_count(build_report(exam, assessment, printed_at=PRINTED))
    ratio = report / base
    print(f"runs per document:                     {args.runs}")
    print(f"baseline (1 page, paragraph + table):  {base * 1000:7.1f} ms")
    print(f"summary of the full exam ({pages} pages):   {report * 1000:7.1f} ms")
    print(f"  per page:                            {report * 1000 / pages:7.1f} ms")
    print(f"follow-up with course chart:           {course * 1000:7.1f} ms")
    print(f"ratio summary / baseline:              {ratio:7.2f}  (target <= {TARGET_RATIO:g})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
