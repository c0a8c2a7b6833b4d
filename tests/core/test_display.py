"""One way to write a computed number everywhere (review page, timeline, CLI text, PDF)."""
from __future__ import annotations

import math

import pytest

from facialis.core.display import number_text
from facialis.core.render import assessment_text
from facialis.core.report.labels import number


@pytest.mark.parametrize(
    ("value", "text"),
    [(18, "18"), (18.0, "18"), (0, "0"), (0.0, "0"), (-0.01, "0"), (65.33333, "65.3"), (38.857, "38.9"),
     (-4.25, "-4.2"), (math.inf, "not available"), (math.nan, "not available")],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


def test_report_labels_use_the_same_rule_and_keep_not_assessed_apart_from_zero() -> None:
    assert number(65.33333) == "65.3" and number(0) == "0" and number(None) == "not assessed"
    assert number(3, "mm") == "3 mm"


def test_cli_text_shows_an_eface_mean_to_one_decimal() -> None:
    from facialis.core.assess import assess
    from facialis.core.exam import Exam, load_exam
    from facialis.core.vignettes import vignette_file

    data = load_exam(vignette_file("v05")).model_dump()
    items = [72, 112, 84, 88, 0, 40, 62, 35, 40, 45, 50, 100, 100, 100, 100]  # total 66.87, dynamic 38.857
    names = ["static_brow", "static_palpebral_fissure", "static_nasolabial_fold_depth", "static_oral_commissure",
             "dynamic_brow_elevation", "dynamic_gentle_eye_closure", "dynamic_full_eye_closure",
             "dynamic_oral_commissure_smile", "dynamic_nlf_depth_smile", "dynamic_nlf_orientation_smile",
             "dynamic_lower_lip_eeee", "synkinesis_ocular", "synkinesis_midfacial", "synkinesis_mentalis",
             "synkinesis_platysmal"]
    data["face"]["left"]["eface"] = dict(zip(names, items))
    exam = Exam.model_validate(data)
    text = assessment_text(exam, assess(exam))
    assert "total 66.9" in text and "66.86" not in text and "38.857" not in text and "dynamic 38.9" in text


def test_moments_are_shown_in_local_time() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from facialis.core.display import moment_text

    utc = datetime(2026, 11, 25, 6, 10, 30, tzinfo=UTC)
    local = utc.astimezone().strftime("%Y-%m-%d %H:%M")
    assert moment_text(utc) == local == moment_text("2026-11-25T06:10:30.123456+00:00")
    assert moment_text(datetime(2026, 11, 25, 16, 40)) == "2026-11-25 16:40"  # naive: already local
    assert moment_text(None) == "" and moment_text(None, "not assessed") == "not assessed"
    tokyo = datetime(2026, 11, 25, 15, 10, tzinfo=timezone(timedelta(hours=9)))
    assert moment_text(tokyo) == local  # the same moment, whatever zone it was written in
