"""What the printed summary says: read back from the PDF with pypdf."""
from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from facialis.core.exam.fileformat import exam_from_document
from facialis.core.report import build_report
from facialis.core.settings import PaperSize, Settings
from facialis.core.vignettes import vignette_file

from .support import PAGE_OF, PRINTED, assessment_for, page_texts, pdf_text, vignette, with_patient

MARKUP_NAME = "O'Brien <b>Bold</b> & </para> <br/>"
NAMES = {
    "markup": MARKUP_NAME,
    "arabic": "عبد الله",
    "hebrew": "כהן",
    "cyrillic": "Достоевский",
    "greek": "Παπαδόπουλος",
    "chinese": "王",
    "japanese": "佐藤",
}
GIVEN = {
    "markup": "A & B <i>",
    "arabic": "محمد",
    "hebrew": "שרה לוי",
    "cyrillic": "Фёдор Михайлович",
    "greek": "Ἀλέξανδρος",
    "chinese": "秀英",
    "japanese": "さくら",
}


@pytest.fixture(scope="module")
def v05():
    exam = vignette("v05")
    return exam, assessment_for(exam)


def test_grade_and_level_are_printed(v05):
    exam, assessment = v05
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "Suggested grade: IV" in text
    assert "House-Brackmann IV" in text
    assert "Consistent with a lesion at or proximal to the geniculate ganglion" in text
    assert "Candidate segments: Labyrinthine segment, Geniculate ganglion" in text
    assert "Most likely (suggested): Bell's palsy" in text
    assert "2026-10-08 00:00" in text  # the 72-hour steroid window, as a due date
    assert "2027-01-05" in text and "2027-01-05 00:00" not in text  # reassessment: a day, not an hour


def test_chinese_and_japanese_print_in_the_fallback_font_everywhere(v05):
    """Header table cell, footer, running header and free text: no box where DejaVu has no glyph."""
    exam, assessment = v05
    exam = with_patient(exam, family_name="王", given_names="秀英")
    exam = exam.model_copy(update={"review": exam.review.model_copy(update={"impression": "面神经麻痺 さくら"})})
    pdf = build_report(exam, assessment, printed_at=PRINTED)
    assert b"DroidSansFallback" in pdf  # embedded
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        runs: list[tuple[str, str]] = []

        def visit(text, _cm, _tm, font, _size, runs=runs):  # type: ignore[no-untyped-def]
            if text.strip():
                runs.append((text, str((font or {}).get("/BaseFont", ""))))

        page.extract_text(visitor_text=visit)
        han = [font for text, font in runs if "王" in text or "秀英" in text or "さくら" in text]
        assert han, f"page {number}: the patient is not named"  # footer (and header) of every page
        assert all("DroidSansFallback" in font for font in han), f"page {number}: {han}"
    assert "面神经麻痺 さくら" in pdf_text(pdf)


def test_a_long_differential_names_every_entity_and_details_the_first(v05):
    exam, assessment = v05
    assert len(assessment.differential) > 8
    text = " ".join(pdf_text(build_report(exam, assessment, printed_at=PRINTED)).split())
    assert "Also possible, less likely on the recorded findings: 9." in text
    for item in assessment.differential:
        assert " ".join(item.name.split()) in text


def test_codes_are_marked_as_suggestions_for_the_leading_diagnosis(v05):
    exam, assessment = v05
    text = " ".join(pdf_text(build_report(exam, assessment, printed_at=PRINTED)).split())
    assert "Codes (suggested)" in text
    assert "Suggested for the most likely diagnosis in the differential (Bell's palsy)" in text
    assert "They are not a diagnosis." in text


@pytest.mark.parametrize("script", sorted(NAMES))
def test_names_in_any_script_print_unchanged(v05, script):
    exam, assessment = v05
    exam = with_patient(exam, family_name=NAMES[script], given_names=GIVEN[script])
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert NAMES[script].strip() in text
    assert GIVEN[script].strip() in text


def test_markup_in_every_user_field_prints_as_typed(v05):
    exam, assessment = v05
    nasty = "<b>not bold</b> & </para> <font size=40>"
    exam = exam.model_copy(update={
        "encounter": exam.encounter.model_copy(update={"examiner": nasty}),
        "review": exam.review.model_copy(update={"impression": nasty, "plan": nasty, "diagnosis": nasty}),
    })
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert text.count(nasty) >= 4  # examiner, diagnosis (twice: summary and review), impression, plan


def test_unicode_font_is_embedded(v05):
    exam, assessment = v05
    reader = PdfReader(io.BytesIO(build_report(exam, assessment, printed_at=PRINTED)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DejaVuSans" in name for name in fonts)
    assert not any(name.endswith(("Helvetica", "Times-Roman")) for name in fonts)


def test_every_page_has_the_footer(v05):
    exam, assessment = v05
    pages = page_texts(build_report(exam, assessment, printed_at=PRINTED))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "MRN V05" in page
        assert "Decision support for clinicians" in page
        assert "Facialis" in page


@pytest.mark.parametrize(("paper", "size"), [(PaperSize.a4, A4), (PaperSize.letter, LETTER)])
def test_paper_size_follows_the_setting(v05, paper, size):
    exam, assessment = v05
    pdf = build_report(exam, assessment, settings=Settings(paper_size=paper), printed_at=PRINTED)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)


def test_not_assessed_is_distinct_from_normal_and_zero(v05):
    exam, assessment = v05
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    # V05: resting eye normal, tone not assessed, secondary movement a real 0.
    assert "Eye (palpebral fissure) normal" in text
    assert "Tone not assessed" in text
    assert "Secondary movement (FNGS 2.0, 0-3) 0 – None" in text
    assert "Electrogustometry threshold not assessed not assessed" in text


def test_long_impression_splits_across_pages(v05):
    exam, assessment = v05
    words = " ".join(f"word{i}" for i in range(9000))[:50_000]
    exam = exam.model_copy(update={"review": exam.review.model_copy(update={"impression": words})})
    pdf = build_report(exam, assessment, printed_at=PRINTED)
    pages = page_texts(pdf)
    holding = [i for i, page in enumerate(pages) if "word" in page]
    assert len(holding) >= 5
    assert "word8999"[:6] in pdf_text(pdf)
    total = int(PAGE_OF.search(pages[0]).group(2))
    assert total == len(pages)


def test_rtl_free_text_keeps_its_words(v05):
    exam, assessment = v05
    hebrew = "המטופלת מדווחת על כאב מאחורי האוזן " * 30
    exam = exam.model_copy(update={"review": exam.review.model_copy(update={"impression": hebrew})})
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "המטופלת מדווחת על כאב מאחורי האוזן" in text


def test_red_flags_evidence_and_caveats_are_printed():
    exam = vignette("v03")  # cerebellopontine angle: gradual onset, other cranial nerves
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    assert "Red flags (3):" in text
    assert "Gradual onset over weeks to months" in text
    assert "Evidence by level" in text and "Caveats" in text
    assert "What the tests show" in text
    v05 = vignette("v05")
    assert "No red flag found in the recorded findings" in pdf_text(build_report(v05, assessment_for(v05), printed_at=PRINTED))


def test_evidence_is_grouped_by_level_with_the_findings_alone():
    """Each level's row lists what fits and what argues against it, without repeating the
    prediction sentence; the level in the row says which lesion the finding speaks to."""
    exam = vignette("v05")  # Schirmer, stapedial reflex and taste all abnormal: suprageniculate
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    table = " ".join(text.split("Evidence by level")[1].split("Caveats")[0].split())
    assert table.startswith("Level Findings that fit Findings against")
    for level in ("suprageniculate", "tympanic", "mastoid above the", "distal to the chorda"):
        assert level in table
    # abnormal tears fit the suprageniculate row and argue against the three rows below it
    assert table.count("\u2022 lacrimation abnormal") == 4
    assert "predicts it" not in table


def test_evidence_of_a_bilateral_palsy_says_which_side():
    exam = vignette("v13")  # bilateral palsy
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    table = " ".join(text.split("Evidence by level")[1].split("Caveats")[0].split())
    assert "\u2022 right: forehead involved" in table and "\u2022 left: forehead involved" in table


def test_evidence_of_a_bilateral_central_palsy_lists_every_finding():
    """Both sides' findings share the level's row; none is cut off (the findings of one row can
    run past the length a typed value is cut at)."""
    document = json.loads(vignette_file("v01").read_text(encoding="utf-8"))  # central palsy, 5 findings
    document["encounter"]["affected_side"] = "bilateral"
    document["face"]["left"] = document["face"]["right"]
    exam = exam_from_document(document)
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    table = " ".join(text.split("Evidence by level")[1].split("A finding fits a level")[0].split())
    found = [item.strip() for item in table.split("\u2022")[1:]]
    for side in ("right", "left"):
        for finding in ("forehead relatively spared", "posed smile weak", "limb weakness on the same side",
                        "speech or language deficit", "limb weakness or speech disturbance (history)"):
            assert any(item.startswith(f"{side}: {finding}") for item in found), (side, finding)
    assert "\u2026" not in table


@pytest.mark.parametrize("paper", list(PaperSize))
def test_short_fields_full_of_line_breaks_still_print(paper):
    """A valid exam file can hold a name or examiner of 200 characters, half of them line breaks:
    the model makes each one line (``core.text.short_text``), and a table row, which cannot split
    across pages, cuts its cells before they outgrow one."""
    document = json.loads(vignette_file("v05").read_text(encoding="utf-8"))
    document["patient"]["family_name"] = "Fischer\n" + "x\n" * 96
    document["patient"]["given_names"] = "Anna\n" + "y\n" * 97
    document["encounter"]["examiner"] = "Dr. Example\n" + "z\n" * 94
    exam = exam_from_document(document)
    assert "\n" not in exam.patient.family_name and exam.patient.family_name.count("x") == 96
    pdf = build_report(exam, assessment_for(exam), settings=Settings(paper_size=paper), printed_at=PRINTED)
    pages = page_texts(pdf)
    assert PAGE_OF.search(pages[0]).groups() == ("1", str(len(pages)))
    assert "Fischer" in pages[0] and "Dr. Example" in pdf_text(pdf) and "\u2026" in pdf_text(pdf)


@pytest.mark.parametrize("paper", list(PaperSize))
@pytest.mark.parametrize("name", ["v01", "v03", "v05", "v13"])
def test_evidence_heading_stays_with_its_table(name, paper):
    """The heading 'Evidence by level' never ends a page alone: the table's header and first
    level (v01's first row alone is ten lines) come on the same page."""
    exam = vignette(name)
    pdf = build_report(exam, assessment_for(exam), settings=Settings(paper_size=paper), printed_at=PRINTED)
    pages = [page for page in page_texts(pdf) if "Evidence by level" in page]
    assert len(pages) == 1
    after = pages[0].split("Evidence by level")[1]
    assert "Level Findings that fit Findings against" in after and "\u2022" in after


def test_a_test_not_done_is_said_once_in_what_the_tests_show():
    """v13 records no topognostic test: each reading says "Schirmer: not done", as the command-line
    text does, never "Schirmer not done: not done"; a measured reading keeps its value."""
    exam = vignette("v13")
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    shown = text.split("What the tests show")[1]
    assert "Schirmer: not done" in shown and "taste: not done" in shown
    assert "not done: not done" not in shown
    v05 = vignette("v05")
    shown = pdf_text(build_report(v05, assessment_for(v05), printed_at=PRINTED)).split("What the tests show")[1]
    assert "Schirmer 9 mm vs 20 mm on the other side (45%): abnormal" in shown
