"""The guideline actions table of the PDF: window states, treatment already started, order (8.1, 8.4)."""
from __future__ import annotations

import io
from datetime import date, datetime
from types import SimpleNamespace

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from facialis.core.exam import Exam
from facialis.core.report import build_report
from facialis.core.report import assessment as sections
from facialis.core.report.view import read_assessment

from .support import PRINTED, assessment_for, pdf_text, vignette


def _actions_text(exam: Exam) -> str:
    text = pdf_text(build_report(exam, assessment_for(exam), printed_at=PRINTED))
    start = text.index("Guideline actions")
    return text[start:text.index("Electrodiagnostics", start) if "Electrodiagnostics" in text[start:] else None]


def test_enog_before_its_window_opens_is_not_printed_as_closed():
    """V06 on day 2 and V15 on day 0: the ENoG window opens later; it has not closed."""
    v06 = _actions_text(vignette("v06"))
    assert "Electroneurography" in v06 and "window closed" not in v06
    assert "opens 2026-06-05 00:00" in v06  # 72 h after the end of the onset day 2026-06-01
    v15 = _actions_text(vignette("v15"))
    assert "window closed" not in v15 and "opens 2026-08-06 00:00" in v15


def _steroid_started_late() -> Exam:
    """As the stored demo exam 26: Bell's palsy seen after 72 h, steroid started within them."""
    exam = vignette("v05")  # onset 2026-10-05
    encounter = exam.encounter.model_copy(update={
        "exam_datetime": datetime(2026, 10, 12, 10, 0),
        "treatment": exam.encounter.treatment.model_copy(update={"steroid": True, "steroid_date": date(2026, 10, 6)}),
    })
    return exam.model_copy(update={"encounter": encounter})


def test_a_steroid_already_started_is_said_not_alarmed():
    text = _actions_text(_steroid_started_late())
    steroid = text[text.index("Prescribe oral steroids"):text.index("Do not prescribe oral antivirals alone")]
    assert "window closed" not in steroid
    assert "steroid already started" in steroid and "started 2026-10-06" in steroid
    assert "within the 72-hour window" in steroid


def test_urgent_actions_print_first():
    v02 = _actions_text(vignette("v02"))
    assert v02.index("Stroke pathway") < v02.index("Implement eye protection")
    v09 = _actions_text(vignette("v09"))
    assert v09.index("Immediate surgical review") < v09.index("Electroneurography")


def _table_text(actions: list[SimpleNamespace]) -> str:
    """The actions section alone, for a view whose actions carry the window fields of guidance.Action."""
    view = read_assessment(None)
    view = type(view)(**{**view.__dict__, "actions": actions})
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(sections.actions(view, 170 * mm))
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _action(**fields) -> SimpleNamespace:
    base = dict(number="", text="Step", strength="Option", applies=True, reason="", due_by=None, window_open=None,
                source="", window_state=None, window_start=None, hours_left=None, done=False, done_on=None)
    return SimpleNamespace(**{**base, **fields})


def test_each_window_state_has_its_own_wording():
    due = datetime(2026, 3, 15, 23, 59)
    text = _table_text([
        _action(text="Not yet", window_state="not_open_yet", window_start=datetime(2026, 3, 5), due_by=due),
        _action(text="Open now", window_state="open", window_open=True, window_start=datetime(2026, 3, 5), due_by=due, hours_left=32.0),
        _action(text="Too late", window_state="closed", window_open=False, due_by=due, hours_left=0.0),
        _action(text="Done", done=True, done_on=date(2026, 3, 3)),
    ])
    not_yet = text[text.index("Not yet"):text.index("Open now")]
    assert "opens 2026-03-05 00:00" in not_yet and "window closed" not in not_yet
    open_now = text[text.index("Open now"):text.index("Too late")]
    assert "32 h left" in open_now and "window closed" not in open_now
    assert "window closed" in text[text.index("Too late"):text.index("Done")]
    done = text[text.index("Done"):]
    assert "started 2026-03-03" in done and "window closed" not in done


# --- The CLI text (core.render) says the same ---------------------------------------------------------


def _cli_actions(exam: Exam) -> str:
    from facialis.core.render import assessment_text

    text = assessment_text(exam, assessment_for(exam))
    return " ".join(text[text.index("Guideline actions"):text.index("\nCodes")].split())


def test_cli_text_names_the_window_state():
    v06 = _cli_actions(vignette("v06"))
    assert "(window not open yet)" in v06 and "CLOSED" not in v06
    started = _cli_actions(_steroid_started_late())
    steroid = started[started.index("Prescribe oral steroids"):started.index("Do not prescribe oral antivirals alone")]
    assert "(already started)" in steroid and "CLOSED" not in steroid and "within the 72-hour window" in steroid
    v02 = _cli_actions(vignette("v02"))
    assert v02.index("Stroke pathway") < v02.index("Implement eye protection")
    v05 = _cli_actions(vignette("v05"))
    assert "(window open)" in v05 and "32 h left at the exam time" in v05
