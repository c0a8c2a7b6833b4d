"""The printed summary says everything the assessment says that a clinician acts on.

Every House-Brackmann conflict, caveat and note, every localisation contradiction, explanation and
caveat (each side of a bilateral palsy too), every guidance note and every topognostic reading the
localisation could not use must be in the PDF: a silent omission reads as "nothing to say".
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from facialis.core.assess import Assessment, assess
from facialis.core.exam import Exam
from facialis.core.localize import Localization
from facialis.core.report import build_report
from facialis.core.vignettes import VIGNETTE_DIR

from ..vignette_builders import fngs, make_exam
from .support import PRINTED, pdf_text, vignette

VIGNETTE_IDS = sorted(path.name.split(".")[0] for path in VIGNETTE_DIR.glob("*.facialis.json"))


def _bilateral() -> Exam:
    return make_exam(
        vid="bil", age=50, side="bilateral",
        face={"right": {"voluntary": fngs(3, 3, 3, 3)}, "left": {"voluntary": fngs(4, 4, 4, 4)}},
        topognostic={"electrogustometry_ua": {"left": 150, "right": 140},
                     "stapedial_reflex": {"left": "absent", "right": "absent"}},
        associated={"hearing": "conductive_loss"},
    )


def _fngs_against_sunnybrook() -> Exam:
    """FNGS brow normal beside a Sunnybrook brow raise that cannot start: a stated contradiction."""
    return make_exam(
        vid="sb", age=50, side="left",
        face={"left": {"voluntary": {**fngs(1, 4, 4, 4), "eye_closure": "incomplete"},
                       "sunnybrook": {"voluntary": {"brow_raise": 1}}}},
    )


def _uninterpretable_taste() -> Exam:
    """Electrogustometry 150 vs 140 uA: within 25% but above 100 uA, so not intact taste (5.3)."""
    return make_exam(
        vid="egm", age=50, side="left", face={"left": {"voluntary": fngs(4, 4, 4, 4)}},
        topognostic={"schirmer_mm": {"left": 15, "right": 15}, "stapedial_reflex": {"left": "present"},
                     "electrogustometry_ua": {"left": 150, "right": 140}},
    )


SYNTHETIC: dict[str, Callable[[], Exam]] = {
    "no side, nothing recorded": lambda: Exam.model_validate(
        {"patient": {"mrn": "E1", "family_name": "Empty"}, "encounter": {"exam_datetime": "2026-03-02T10:00"}}
    ),
    "side only": lambda: make_exam(vid="e2", age=40, side="left"),
    "one region": lambda: make_exam(vid="one", age=40, side="left", face={"left": {"voluntary": {"fngs_eye": 4}}}),
    "only a normal region": lambda: make_exam(vid="n", age=40, side="left", face={"left": {"voluntary": {"fngs_brow": 1}}}),
    "bilateral": _bilateral,
    "bilateral, nothing recorded": lambda: make_exam(vid="b0", age=50, side="bilateral"),
    "FNGS against Sunnybrook": _fngs_against_sunnybrook,
    "uninterpretable taste": _uninterpretable_taste,
    "child": lambda: make_exam(vid="c", age=10, side="left", face={"left": {"voluntary": fngs(4, 4, 4, 4)}}),
}

EXAMS: dict[str, Callable[[], Exam]] = {
    **{name: (lambda name=name: vignette(name)) for name in VIGNETTE_IDS},
    **SYNTHETIC,
}


def _flat(text: str) -> str:
    """Compared without case and line breaks: the report capitalises and wraps."""
    return " ".join(text.split()).lower()


def _level_notes(loc: Localization, where: str = "level") -> Iterator[tuple[str, str]]:
    for kind in ("contradictions", "explanations", "caveats"):
        for note in getattr(loc, kind):
            yield f"{where} {kind}", note.text
    for function in loc.functions:
        for reading in function.readings:
            if reading.result in ("uninterpretable", "not_assessable") and reading.rule:
                yield f"{where} {reading.test} {reading.result}", reading.rule
    for side, view in loc.sides.items():
        yield from _level_notes(view, f"{where} {side}")


def clinician_needs(assessment: Assessment) -> list[tuple[str, str]]:
    """(where, sentence) for every statement a clinician must see."""
    needed: list[tuple[str, str]] = []
    for side, hb in assessment.hb_by_side().items():
        for kind in ("reasons", "conflicts", "caveats", "notes"):
            needed += [(f"HB {side} {kind}", text) for text in getattr(hb, kind)]
    needed += list(_level_notes(assessment.localization))
    needed += [("guidance note", note.text) for note in assessment.notes]
    needed += [("electrodiagnostics", note.text) for note in assessment.electrodiagnostics]
    needed += [("action reason", action.reason) for action in assessment.actions if action.reason]
    needed += [("red flag", flag.flag) for flag in assessment.red_flags]
    return needed


def missing_from(text: str, assessment: Assessment) -> list[str]:
    """The statements whose opening (70 characters: enough to tell them apart) is not in ``text``."""
    flat = _flat(text)
    return [f"{where}: {sentence}" for where, sentence in clinician_needs(assessment) if _flat(sentence)[:70] not in flat]


@pytest.mark.parametrize("name", list(EXAMS))
def test_every_statement_of_the_assessment_is_printed(name: str) -> None:
    exam = EXAMS[name]()
    assessment = assess(exam)
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert missing_from(text, assessment) == []


def test_hb_notes_are_printed_with_the_suggestion() -> None:
    """The eye read from the FNGS eye score and the per-side grading of a bilateral palsy are how
    the grade was reached: both print under the suggestion, marked as notes."""
    exam = _bilateral()
    assessment = assess(exam)
    notes = assessment.hb_by_side()["left"].notes
    assert any(note.startswith("Eye closure not recorded") for note in notes)
    assert any(note.startswith("Bilateral palsy: graded per side") for note in notes)
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    for note in notes:
        assert _flat(f"Note: {note}")[:80] in _flat(text)


def test_page_one_says_where_the_rest_of_the_suggestion_is() -> None:
    """The summary box shows three reasons and two caveats; what it leaves out is counted, notes too."""
    exam = _bilateral()
    assessment = assess(exam)
    hb = assessment.hb_by_side()["right"]
    first_page = pdf_text(build_report(exam, assessment, printed_at=PRINTED)).split("Page 1 of")[0]
    more = len(hb.reasons) - 3
    assert f"{more} more reason{'s' if more != 1 else ''} and {len(hb.notes)} notes under Grading scales in detail" in first_page


def test_no_grade_suggested_is_said_in_the_review_page_words() -> None:
    exam = make_exam(vid="n", age=40, side="left", face={"left": {"voluntary": {"fngs_brow": 1}}})
    assessment = assess(exam)
    assert assessment.hb_by_side()["left"].suggested is None
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "House-Brackmann suggestion · Left – no grade suggested" in text
    assert "Left – none" not in text


def test_regional_discordance_is_said_once() -> None:
    """The engine's caveat names the scores; the generic line was printed beside it as well."""
    exam = make_exam(vid="d", age=50, side="left", face={"left": {"voluntary": fngs(1, 6, 2, 6), "sequelae": {"fngs_secondary": 0}}})
    assessment = assess(exam)
    hb = assessment.hb_by_side()["left"]
    assert hb.regional_discordance and any(c.startswith("Regional discordance") for c in hb.caveats)
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "Regional discordance: FNGS 2.0 regional scores range from 1" in text
    assert "the regions differ markedly" not in text


def test_work_up_steps_give_their_source() -> None:
    """A step that is not a numbered guideline statement has no # to look up: its source prints with
    its reason, as on the review page; a numbered statement's source is its number."""
    exam = _bilateral()
    assessment = assess(exam)
    workup = [a for a in assessment.actions if a.applies and a.statement is None]
    assert workup
    text = _flat(pdf_text(build_report(exam, assessment, printed_at=PRINTED)))
    for action in workup:
        assert _flat(f"[{action.source}]") in text
    assert "[clinical-reference 8.1 (statement 7)]" not in text


def test_contradiction_between_fngs_and_sunnybrook_is_printed_in_red_section() -> None:
    exam = _fngs_against_sunnybrook()
    assessment = assess(exam)
    [contradiction] = [n.text for n in assessment.localization.contradictions if "Sunnybrook" in n.text]
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "Contradictions" in text and " ".join(contradiction.split()) in text


def test_an_uninterpretable_reading_is_printed_with_its_rule() -> None:
    exam = _uninterpretable_taste()
    assessment = assess(exam)
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "electrogustometry 150 uA vs 140 uA on the other side: uninterpretable" in text
    assert "above 100 uA the trigeminal nerve may respond" in text


def test_the_json_form_prints_the_same_notes() -> None:
    """``facialis report`` may be handed the JSON of ``facialis assess --json``: notes survive it."""
    exam = _bilateral()
    assessment = assess(exam)
    text = pdf_text(build_report(exam, assessment.model_dump(mode="json"), printed_at=PRINTED))
    assert missing_from(text, assessment) == []
