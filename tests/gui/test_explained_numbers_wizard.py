"""Every number of the live panel and the Review-and-sign page explains itself (its items, the rule,
the source), and an item nobody assessed reads "not assessed", never blank, "-" or 0."""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from facialis.core.assess import Assessment, assess
from facialis.core.exam import exam_from_document
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.wizard.assessment_panel import AssessmentPanel
from facialis.gui.wizard.pages import review_page
from facialis.gui.wizard.review_page import ReviewPage

EXPRESSIONS = ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
YANAGIHARA = ("at_rest", "wrinkle_forehead", "blink", "gentle_eye_closure", "tight_eye_closure", "wink",
              "wrinkle_nose", "whistle", "grin", "depress_lower_lip")


def _v05(change: Any = None) -> Assessment:
    """Vignette V5 (Bell's palsy, left, day 1), changed in place by ``change(document)``."""
    document = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))
    if change is not None:
        change(document)
    return assess(exam_from_document(document, "v05"))


def _scored(document: dict[str, Any]) -> None:
    """Sunnybrook complete (composite 36) and Yanagihara complete with every item 0 (a real zero)."""
    left = document["face"]["left"]
    left["sunnybrook"] = {"voluntary": dict.fromkeys(EXPRESSIONS, 2), "synkinesis": dict.fromkeys(EXPRESSIONS, 1)}
    left["yanagihara"] = dict.fromkeys(YANAGIHARA, 0)


def _review_text(qtbot: QtBot, assessment: Assessment) -> str:
    page = ReviewPage(review_page(), assessment.graded_sides)
    qtbot.addWidget(page)
    page.show_assessment(assessment)
    return page.browser.toPlainText()


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_review_lists_the_items_of_each_optional_scale(qtbot: QtBot) -> None:
    """The Sunnybrook composite and the Yanagihara total show the items they were summed from (as the
    PDF does), not only the sub-scores; a Yanagihara of 0 reads 0, with its items each 0."""
    text = _review_text(qtbot, _v05(_scored))
    sunnybrook = text[text.index("Sunnybrook\n"):text.index("eFACE\n")]
    assert "total 35" in sunnybrook  # voluntary 40 - resting 0 - synkinesis 5
    assert "Resting eye (palpebral fissure): Normal = 0" in sunnybrook
    assert "Voluntary: Lip pucker: 2" in sunnybrook and "Synkinesis: Snarl (show upper teeth): 1" in sunnybrook
    assert "Rule: Composite = voluntary movement" in sunnybrook and "Source: clinical-reference 2.1-2.4" in sunnybrook
    yanagihara = text[text.index("Yanagihara\n"):]
    assert "total 0" in yanagihara and "Whistle (pucker): 0" in yanagihara


def test_review_fngs_says_not_assessed_and_gives_its_rule(qtbot: QtBot) -> None:
    """An FNGS 2.0 region nobody scored read "-" (and the secondary movement too); the block had no
    rule or source although the HB suggestion is built on it."""
    def no_brow(document: dict[str, Any]) -> None:
        document["face"]["left"]["voluntary"]["fngs_brow"] = None
        document["face"]["left"]["sequelae"]["fngs_secondary"] = None

    text = _review_text(qtbot, _v05(no_brow))
    fngs = text[text.index("FNGS 2.0\n"):text.index("Lesion level")]
    assert "brow not assessed" in fngs and "secondary movement not assessed" in fngs
    assert "brow -" not in fngs and "secondary -" not in fngs
    assert "Rule: Total = brow + eye + nasolabial fold + oral" in fngs and "Source: clinical-reference 1.6.1" in fngs


def test_review_house_brackmann_gives_its_rule_and_source(qtbot: QtBot) -> None:
    text = _review_text(qtbot, _v05())
    hb = text[text.index("House-Brackmann (suggested)"):text.index("FNGS 2.0\n")]
    assert "Rule: Suggested grade = the FNGS 2.0 grade" in hb and "Source: clinical-reference 1.2, 1.6.1" in hb


def test_review_an_untouched_scale_is_not_assessed_and_a_partial_one_lists_what_was_entered(qtbot: QtBot) -> None:
    text = _review_text(qtbot, _v05())
    efface = text[text.index("eFACE\n"):text.index("Yanagihara\n")]
    assert "not assessed" in efface and "0 of 15" not in efface
    sunnybrook = text[text.index("Sunnybrook\n"):text.index("eFACE\n")]  # only the resting items in V5
    assert "not scored: 3 of 13 items entered" in sunnybrook
    assert "Entered: Resting eye (palpebral fissure): Normal = 0" in sunnybrook


def test_review_shows_the_enog_reading_with_its_threshold_and_source(qtbot: QtBot) -> None:
    """A recorded ENoG % was read against the 8.4 threshold by core but never shown on the review page."""
    def enog(document: dict[str, Any]) -> None:
        document["electro"] = {"enog_degeneration_percent": 95, "enog_day": 5}

    text = _review_text(qtbot, _v05(enog))
    assert "Electrodiagnostics" in text
    line = next(row for row in text.splitlines() if "ENoG 95% degeneration" in row)
    assert "clinical-reference 8.4" in line


def test_review_gives_the_day_since_onset_and_each_action_its_source(qtbot: QtBot) -> None:
    text = _review_text(qtbot, _v05())
    assert "Day 1 since onset" in text
    steroid = text[text.index("Prescribe oral steroids"):]
    assert "[clinical-reference 8.1 (statement 4)]" in steroid.split("•")[0]

    def no_onset(document: dict[str, Any]) -> None:
        document["encounter"]["onset_date"] = None

    assert "Days since onset: not known" in _review_text(qtbot, _v05(no_onset))


def test_panel_sections_explain_their_numbers_on_pointing(qtbot: QtBot) -> None:
    """The live panel has room for one reason; its tooltip gives the items, every reason, the rule
    and the source of the HB grade and the FNGS 2.0 total, and the reason and source of each
    window's hours left."""
    panel = AssessmentPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(_v05())
    hb = _plain(panel.labels["hb"].toolTip())
    assert "FNGS 2.0 grade IV (total 18" in hb and "Agrees with the anchor" in hb
    assert "Rule: Suggested grade" in hb and "Source: clinical-reference 1.2, 1.6.1" in hb
    fngs = _plain(panel.labels["fngs"].toolTip())
    assert "Brow: 6" in fngs and "Secondary movement (synkinesis): 0" in fngs
    assert "Rule: Total = brow" in fngs and "clinical-reference 1.6.1" in fngs
    actions = _plain(panel.labels["actions"].toolTip())
    assert "Prescribe oral steroids" in actions and "32 h left at the exam time" in actions
    assert "clinical-reference 8.1 (statement 4)" in actions


def test_panel_fngs_tooltip_says_which_items_are_not_assessed(qtbot: QtBot) -> None:
    def without(document: dict[str, Any]) -> None:
        document["face"]["left"]["voluntary"]["fngs_brow"] = None

    panel = AssessmentPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(_v05(without))
    fngs = _plain(panel.labels["fngs"].toolTip())
    assert "Brow: not assessed" in fngs and "total not scored" in fngs


def test_a_new_exam_gives_no_empty_tooltip_box() -> None:
    """Before a side is chosen there is no grade or score to explain: the section has no tooltip, not
    one of bare tags that Qt shows as an empty box."""
    from datetime import datetime

    from facialis.core.exam import Exam
    from facialis.core.patient import Patient
    from facialis.gui.wizard.assessment_text import panel_tooltips

    exam = Exam(patient=Patient(mrn="1", family_name="A"), encounter={"exam_datetime": datetime(2026, 1, 1, 10)})
    assert set(panel_tooltips(assess(exam)).values()) == {""}


def test_the_live_panel_gives_the_day_since_onset_on_every_page() -> None:
    """The encounter page shows the onset as a date; the panel beside every page says which day after
    onset the exam is (the day the time windows count from), or that there is no onset date."""
    from facialis.core.assess import assess
    from facialis.core.exam import Exam, load_exam
    from facialis.core.vignettes import VIGNETTE_DIR
    from facialis.gui.wizard.assessment_text import panel_sections

    exam = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    assert "Day <b>1</b> since onset" in panel_sections(assess(exam))["actions"]
    data = exam.model_dump()
    data["encounter"]["onset_date"] = None
    unknown = panel_sections(assess(Exam.model_validate(data)))["actions"]
    assert "Onset date not recorded" in unknown and "Day <b>" not in unknown
