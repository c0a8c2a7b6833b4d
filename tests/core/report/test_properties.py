"""Any text prints: whatever is in the patient and free-text fields, the build gives a valid PDF."""
from __future__ import annotations

import io
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from facialis.core.exam.models import Patient
from facialis.core.report import CoursePoint, build_report
from facialis.core.settings import PaperSize, Settings

from .support import PAGE_OF, PRINTED, assessment_for, vignette

BASE = vignette("v05")
ASSESSMENT = assessment_for(BASE)

NASTY = [
    "\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9f", "\ud800", "\udfff",
    "\ufeff", "\u202e", "\u2066", "\ufffe", "\uffff", "\r\n", "\r", "\t", "\u2028", "<", ">", "&",
    "&amp;", "&#0;", "&nbsp;", "</para>", "<para>", "<br/>", "<b>", "</b>", "]]>", "<!--",
    "<font size=100>", "<img src='x'/>", "<a href='javascript:x'>", '"', "'", "\u0301", "\u200d",
    "\U0001f600", "\U0001d518", "中文", "عربى", "עברית", "Ωμέγα", "Ёж", " " * 30, "\n", "\n\n",
]
piece = st.one_of(st.text(max_size=12), st.sampled_from(NASTY))
short_text = st.lists(piece, max_size=8).map("".join)
long_text = st.lists(piece, min_size=1, max_size=6).map("".join).filter(bool).map(
    lambda chunk: (chunk * (50_000 // len(chunk) + 1))[:50_000]
)
LONG_FIELDS = ("impression", "plan", "final_hb_reason", "other_note", "mri")


def _chars(*texts: str) -> int:
    return sum(len(t) for t in texts)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    family=short_text,
    given_names=short_text,
    mrn=short_text,
    examiner=short_text,
    diagnosis=short_text,
    texts=st.fixed_dictionaries({name: short_text for name in LONG_FIELDS}),
    long_field=st.sampled_from((None, *LONG_FIELDS)),
    long_value=long_text,
    paper=st.sampled_from(list(PaperSize)),
    with_course=st.booleans(),
)
@example(  # 25,000 typed lines in the impression; names with markup and controls
    family="<b>O'Brien</b> & </para>\x00", given_names="\u202eAnna\x1b", mrn="\ud800MRN<1>", examiner="&amp;",
    diagnosis="<br/>", texts={name: "" for name in LONG_FIELDS}, long_field="impression",
    long_value=("a\n" * 25_000), paper=PaperSize.a4, with_course=True,
)
@example(  # one 50,000-character Hebrew word in the plan, US Letter
    family="כהן", given_names="عبد الله", mrn="V05", examiner="Др. Иванов", diagnosis="Ωμέγα",
    texts={name: "x" for name in LONG_FIELDS}, long_field="plan", long_value="ש" * 50_000,
    paper=PaperSize.letter, with_course=False,
)
@example(  # soft hyphens in one 50,000-character word (reportlab tried every split: minutes)
    family="x", given_names="", mrn="1", examiner="", diagnosis="",
    texts={name: "" for name in LONG_FIELDS}, long_field="plan",
    long_value=("\u00ea\u00ad\u00ea\u0091" * 12_500), paper=PaperSize.a4, with_course=False,
)
def test_any_text_gives_a_valid_pdf(
    family, given_names, mrn, examiner, diagnosis, texts, long_field, long_value, paper, with_course
):
    # One free-text field at a time holds 50,000 characters (keeps each example a few seconds).
    if long_field is not None:
        texts[long_field] = long_value
    impression, plan, reason, note, mri = (texts[name] for name in LONG_FIELDS)
    # model_construct skips validation: the report must cope with raw text, not only cleaned text.
    patient = Patient.model_construct(
        mrn=mrn, family_name=family, given_names=given_names, birth_date=date(1992, 3, 14), sex=BASE.patient.sex
    )
    exam = BASE.model_copy(update={
        "patient": patient,
        "encounter": BASE.encounter.model_copy(update={"examiner": examiner}),
        "review": BASE.review.model_copy(update={
            "diagnosis": diagnosis, "impression": impression, "plan": plan, "final_hb_reason": reason,
        }),
        "associated": BASE.associated.model_copy(update={"other_note": note}),
        "electro": BASE.electro.model_copy(update={"mri": mri}),
    })
    history = [CoursePoint(exam_date=date(2026, 11, 1), days_since_onset=27, sunnybrook=70.0)] if with_course else []
    pdf = build_report(exam, ASSESSMENT, history=history, settings=Settings(paper_size=paper), printed_at=PRINTED)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    pages = len(reader.pages)
    first = " ".join(reader.pages[0].extract_text().split())
    last = " ".join(reader.pages[-1].extract_text().split())
    assert PAGE_OF.search(first).groups() == ("1", str(pages))
    assert f"Page {pages} of {pages}" in last
    # Sane: two pages of summary and findings, plus what the free text needs (at worst one short
    # line per two characters typed, about 60 lines a page).
    assert 2 <= pages <= 8 + _chars(impression, plan, reason, note, mri) // 100
