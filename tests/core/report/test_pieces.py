"""The nerve diagram, the course chart, the Assessment reader, atomic writing, lazy imports."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from facialis.core.exam.enums import Grade
from facialis.core.report import CoursePoint, build_report, write_report
from facialis.core.report.blocks import Cell, table
from facialis.core.report.chart import course_chart
from facialis.core.report.diagram import NerveDiagram, normalise
from facialis.core.report.view import per_side, read_assessment

from .support import PRINTED, assessment_for, pdf_text, vignette


def _render(*flowables) -> str:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(list(flowables))
    return " ".join(" ".join(p.extract_text() for p in PdfReader(buffer).pages).split())


def test_diagram_labels_every_segment_and_the_three_branch_points():
    text = _render(NerveDiagram(["labyrinthine", "geniculate"], width=450))
    for label in ("Supranuclear", "Pons", "CPA", "IAC", "Labyrin", "Geniculate", "Tympanic", "Mastoid",
                  "Stylo", "Parotid", "Temporal", "Zygomatic", "Buccal", "Marg. mandibular", "Cervical",
                  "Greater petrosal n.", "N. to stapedius", "Chorda tympani"):
        assert label in text


def test_diagram_candidates_accept_enums_and_ignore_unknown_ids():
    from facialis.core.exam.enums import Segment

    assert normalise([Segment.mastoid, "IAC", "nonsense", None, 3]) == {"mastoid", "iac"}
    diagram = NerveDiagram([], ["marginal_mandibular"])
    assert diagram.candidates == {"branch"} and diagram.branches == {"marginal_mandibular"}
    _render(NerveDiagram(["branch"]), NerveDiagram([]), NerveDiagram(list(normalise(["pons", "supranuclear"]))))


def test_course_chart_handles_single_points_gaps_and_negative_scores():
    points = [
        CoursePoint(exam_date=date(2026, 1, 1), days_since_onset=0, hb=Grade.VI, sunnybrook=-10.0),
        CoursePoint(exam_date=date(2026, 1, 1), days_since_onset=0, hb=None),
        CoursePoint(exam_date=date(2026, 2, 1), days_since_onset=31, eface=61.5),
    ]
    text = _render(course_chart(points, width=450))
    assert "House-Brackmann grade" in text and "VI" in text and "-20" in text
    text = _render(course_chart(points[1:2], width=450))
    assert "no complete score recorded" in text


def test_reader_accepts_model_json_and_partial_shapes():
    exam = vignette("v13")  # bilateral: results per side
    assessment = assessment_for(exam)
    as_json = assessment.model_dump(mode="json") if hasattr(assessment, "model_dump") else assessment
    for shape in (assessment, as_json):
        view = read_assessment(shape)
        assert [hb.side for hb in view.hb] == ["right", "left"]
        assert [s.side for s in view.sunnybrook] == ["right", "left"]
    empty = read_assessment(None)
    assert empty.hb == [] and empty.level is None and empty.actions == []
    assert per_side([{"side": "left", "x": 1}, {"side": "right", "x": 2}])[0][0] == "right"


def test_report_builds_without_an_assessment():
    exam = vignette("v05")
    text = pdf_text(build_report(exam, None, printed_at=PRINTED))
    assert "Lesion level: not available" in text
    assert "not graded" in text


@pytest.mark.parametrize("name", ["v01", "v02", "v06", "v12", "v13", "v16a", "v16b"])
def test_other_vignettes_build(name):
    exam = vignette(name)
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    assert exam.patient.mrn in text


def test_write_report_is_atomic(tmp_path, monkeypatch):
    exam = vignette("v05")
    target = tmp_path / "summary.pdf"
    written = write_report(exam, assessment_for(exam), target, printed_at=PRINTED)
    assert written == target and target.read_bytes().startswith(b"%PDF-")
    before = target.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(OSError):
        write_report(exam, assessment_for(exam), target, printed_at=PRINTED)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]


def test_importing_the_package_does_not_load_reportlab():
    code = "import sys, facialis.core.report; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_build_is_reproducible_with_a_fixed_print_time():
    exam = vignette("v05")
    assessment = assessment_for(exam)
    assert build_report(exam, assessment, printed_at=PRINTED) == build_report(exam, assessment, printed_at=PRINTED)


@pytest.mark.parametrize(
    "value", ["\u2031" * 600, "a\n" * 300, "\u05e9\n" * 300], ids=["wide-glyphs", "line-breaks", "hebrew-lines"]
)
def test_a_table_cell_never_outgrows_a_page(value):
    """A row cannot split across pages: a long word of wide glyphs in a narrow column (a line
    per character or two) or a value full of line breaks is cut, marked with an ellipsis."""
    shown = table([[Cell("Head", "head"), Cell("Head", "head")], [Cell("label"), Cell(value)]], [40, 40])
    _, height = shown.wrap(80, 10_000)
    assert height < 480  # the smallest frame (US Letter, later pages) is 664 pt
    assert "\u2026" in _render(shown)


def test_scale_items_split_between_groups_when_the_columns_stay_nearly_even() -> None:
    """Sunnybrook: resting and voluntary items on the left, synkinesis on the right, so "Voluntary:
    Lip pucker" is not left alone at the top of the right column."""
    from facialis.core.report.assessment import _split_point

    sunnybrook = ["Resting eye", "Resting cheek", "Resting mouth", *(f"Voluntary: {i}" for i in range(5)),
                  *(f"Synkinesis: {i}" for i in range(5))]
    assert _split_point(sunnybrook) == 8
    assert _split_point(["item"] * 15) == 8  # no groups: an even split
    assert _split_point(["a", "b", "c", "d", *(f"X: {i}" for i in range(11))]) == 8  # too uneven: even split
