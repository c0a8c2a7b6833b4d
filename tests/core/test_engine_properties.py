"""Metamorphic and property tests of the clinical engine (scales, localisation, guidance, assess).

Each regression test names the clinical-reference section it holds the engine to. The property
tests keep ``max_examples`` modest so the whole suite stays fast in CI.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, note, settings, strategies as st

from facialis.core.assess import Assessment, assess
from facialis.core.exam import Exam
from facialis.core.eye_closure import OPEN, closure_findings
from facialis.core.localize import localize

from ..strategies import exams
from .vignette_builders import born, fngs

AT = datetime(2026, 6, 15, 10, 30)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def exam_of(
    face: dict[str, Any] | None = None,
    *,
    side: str = "right",
    at: datetime = AT,
    onset: str | None = None,
    age: int | None = 60,
    **sections: Any,
) -> Exam:
    """An exam from plain dicts; everything not given stays not assessed."""
    encounter = {"exam_datetime": at, "affected_side": side, **sections.pop("encounter", {})}
    if onset is not None:
        encounter["onset_date"] = onset
    return Exam.model_validate(
        {
            "patient": {"mrn": "P1", "family_name": "Property", "birth_date": born(age, at) if age is not None else None},
            "encounter": encounter,
            "face": {side: face} if face is not None else {},
            **sections,
        }
    )


# --- Not assessed is never normal (design.md: "not assessed" vs "normal"; 6.1, 8.2) ----------------


def test_a_normal_brow_alone_is_not_no_weakness() -> None:
    """Only the brow scored (normal: also the forehead sparing of a central palsy) with an acute
    hemiparesis and aphasia: the regions not yet scored are unknown, so the exam must not read
    "no facial weakness" / "complete recovery" and must keep the stroke red flag and pathway
    (6.1, 8.2, 7)."""
    exam = exam_of(
        {"voluntary": {"fngs_brow": 1}},
        onset="2026-06-15",
        encounter={"onset_course": "within_72h"},
        associated={"limb_weakness": "same_side_as_face", "speech_or_language_deficit": True},
    )
    result = assess(exam)
    assert result.localization.level_status != "not_applicable"
    assert "no facial weakness" not in result.localization.level
    assert "forehead involved" not in result.localization.level
    assert "sudden_with_neuro" in {flag.key for flag in result.red_flags}
    assert any(action.key == "stroke_pathway" and action.applies for action in result.actions)
    assert not any("complete recovery" in action.reason for action in result.actions)


def test_all_four_regions_normal_is_still_no_weakness() -> None:
    """The other side of the same rule: every region scored normal is no weakness (V16a)."""
    exam = exam_of({"voluntary": fngs(1, 1, 1, 1)}, onset="2026-03-01")
    assert localize(exam).level_status == "not_applicable"


# --- Bilateral palsy: every side is its own (6.4, 1.5) ---------------------------------------------


def _face(brow: int, eye: int, nlf: int, oral: int, secondary: int = 0) -> dict[str, Any]:
    return {"voluntary": fngs(brow, eye, nlf, oral), "sequelae": {"fngs_secondary": secondary}}


def test_bilateral_hb_caveat_follows_each_sides_own_pattern() -> None:
    """Right side forehead-sparing (central pattern), left side whole-hemiface: the right HB carries
    the "not applicable to central palsy" caveat of 1.5, the left does not."""
    exam = Exam.model_validate({
        "patient": {"mrn": "P1", "family_name": "Property"},
        "encounter": {"exam_datetime": AT, "affected_side": "bilateral"},
        "face": {"right": _face(1, 1, 3, 3), "left": _face(4, 4, 4, 4)},
    })
    result = assess(exam)
    assert {side: loc.pattern for side, loc in result.localization.sides.items()} == {
        "right": "central", "left": "peripheral"}
    hb = result.hb_by_side()
    assert hb["right"].pattern == "central" and hb["right"].applicable is False and hb["right"].caveats
    assert hb["left"].pattern == "peripheral" and hb["left"].applicable is True and not hb["left"].caveats


def test_bilateral_side_without_weakness_gets_no_central_caveat() -> None:
    exam = Exam.model_validate({
        "patient": {"mrn": "P1", "family_name": "Property"},
        "encounter": {"exam_datetime": AT, "affected_side": "bilateral"},
        "face": {"right": _face(1, 1, 3, 3), "left": _face(1, 1, 1, 1)},
    })
    hb = assess(exam).hb_by_side()
    assert hb["left"].suggested == "I" and hb["left"].applicable is True and not hb["left"].caveats


# --- Topognostic thresholds (5.3) ---------------------------------------------------------------


def _egm_exam(affected: float, other: float) -> Exam:
    return exam_of(
        {"voluntary": fngs(4, 4, 4, 4)},
        side="left",
        topognostic={
            "schirmer_mm": {"left": 15, "right": 15},
            "stapedial_reflex": {"left": "present"},
            "electrogustometry_ua": {"left": affected, "right": other},
        },
    )


def _chorda(exam: Exam):
    return next(f for f in localize(exam).functions if f.function == "chorda")


def test_egm_within_25_percent_above_100_ua_does_not_show_intact_taste() -> None:
    """150 uA vs 140 uA: within 25%, but above about 100 uA the trigeminal nerve may respond (5.3),
    so the reading is not "normal" and does not place the lesion distal to the chorda."""
    chorda = _chorda(_egm_exam(150, 140))
    assert chorda.readings[-1].result == "uninterpretable"
    assert chorda.result == "unknown"
    loc = localize(_egm_exam(150, 140))
    assert "mastoid_above_chorda" in loc.sublevels


def test_egm_thresholds_around_the_trigeminal_limit() -> None:
    assert _chorda(_egm_exam(100, 90)).result == "normal"  # at 100 uA: taste range
    assert _chorda(_egm_exam(200, 100)).result == "abnormal"  # raised > 25%: abnormal either way
    assert _chorda(_egm_exam(125, 100)).result == "unknown"  # exactly 25% above, over 100 uA
    assert _chorda(_egm_exam(300, 300)).result == "abnormal"  # no response at 300 uA (5.3)


# --- Time windows and day counts (8.1 statement 4, 8.4) -----------------------------------------

_NO = False
_TYPICAL_HISTORY = {
    name: _NO
    for name in (
        "otalgia", "hyperacusis", "taste_change", "tinnitus", "hearing_loss", "vertigo", "facial_numbness",
        "diplopia", "limb_weakness_or_speech_disturbance", "twitching_before_onset", "ear_vesicles_or_rash",
        "otorrhoea", "fever", "systemic_symptoms", "tick_exposure", "head_trauma", "recent_surgery",
        "parotid_swelling", "skin_cancer_history", "diabetes", "hypertension", "pregnancy", "immunosuppression",
    )
}
_TYPICAL_SIGNS = {"hearing": "normal", "otoscopy": "normal", "abduction": "normal", "limb_weakness": "none",
                  "parotid": "normal"}


def complete_bells(at: datetime, onset: str) -> Exam:
    """A typical, complete Bell's palsy without red flags (7, 8.1): steroid and ENoG windows apply."""
    return exam_of(
        {"voluntary": {**fngs(6, 6, 6, 6), "eye_closure": "none"}, "sequelae": {"fngs_secondary": 0}},
        side="left", at=at, onset=onset, age=40,
        encounter={"onset_course": "within_72h", "episode": "first"},
        history=_TYPICAL_HISTORY, associated=_TYPICAL_SIGNS,
    )


def _windows(exam: Exam) -> dict[str, Any]:
    result = assess(exam)
    assert result.guideline_applies, [d.key for d in result.differential[:3]]
    return {action.key: action for action in result.actions}


def test_enog_window_is_open_all_of_day_14() -> None:
    """Day 14 after onset is inside the day 3-14 window (8.4) up to its last second."""
    actions = _windows(complete_bells(datetime(2026, 6, 14, 23, 59, 30), "2026-05-31"))
    assert actions["guideline_8b"].window_state == "open"
    actions = _windows(complete_bells(datetime(2026, 6, 15, 0, 0), "2026-05-31"))
    assert actions["guideline_8b"].window_state == "closed"


@FAST
@given(
    days=st.integers(0, 20),
    seconds=st.integers(0, 24 * 3600 - 1),
)
def test_window_states_follow_the_day_counts(days: int, seconds: int) -> None:
    """Steroid window open on days 0-2 after the onset day (72 h from its start, 8.1 statement 4);
    ENoG not open before day 4 (72 h after any time of the onset day), open on days 4-14, closed
    from day 15 (8.4). Day counts are whole calendar days from the onset date."""
    from datetime import timedelta

    onset = datetime(2026, 5, 1)
    at = onset + timedelta(days=days, seconds=seconds)
    exam = complete_bells(at, onset.date().isoformat())
    assert exam.days_since_onset == days
    actions = _windows(exam)
    steroid, enog = actions["guideline_4"], actions["guideline_8b"]
    assert steroid.window_state == ("open" if days <= 2 else "closed")
    expected = "not_open_yet" if days <= 3 else "open" if days <= 14 else "closed"
    assert enog.window_state == expected
    if steroid.window_state == "open":
        assert 0 <= steroid.hours_left <= 72
    if enog.window_state == "open":
        assert enog.hours_left is not None and enog.hours_left >= 0


def test_steroid_window_is_72_real_hours_across_the_autumn_clock_change(berlin: None) -> None:
    """Onset day 2025-10-25 has 25 hours on its second day: 72 h after its start is
    2025-10-27 23:00 local time, not midnight. At 23:30 the window has closed (8.1 statement 4)."""
    exam = complete_bells(datetime(2025, 10, 27, 23, 30), "2025-10-25")
    steroid = _windows(exam)["guideline_4"]
    assert steroid.window_state == "closed"
    assert steroid.due_by == datetime(2025, 10, 27, 23, 0)
    exam = complete_bells(datetime(2025, 10, 27, 22, 30), "2025-10-25")
    steroid = _windows(exam)["guideline_4"]
    assert steroid.window_state == "open" and steroid.hours_left == 0.5


def test_enog_opens_after_72_real_hours_across_the_spring_clock_change(berlin: None) -> None:
    """The onset day 2025-03-29 is followed by a 23-hour day: 72 h after its end is 2025-04-02
    01:00 local time. ENoG is not valid before 72 h (8.4), so at 00:30 it is not open yet."""
    exam = complete_bells(datetime(2025, 4, 2, 0, 30), "2025-03-29")
    enog = _windows(exam)["guideline_8b"]
    assert enog.window_state == "not_open_yet"
    assert enog.window_start == datetime(2025, 4, 2, 1, 0)


def test_treatment_start_across_the_autumn_clock_change_is_not_called_within_72_h(berlin: None) -> None:
    """Started on the second day after an onset on 2025-10-25: that day ends 73 real hours after the
    onset day began, so "within 72 h" cannot be told from the dates (8.1 statement 4)."""
    exam = complete_bells(datetime(2025, 10, 28, 10, 0), "2025-10-25")
    exam = exam.model_copy(update={"encounter": exam.encounter.model_copy(
        update={"treatment": exam.encounter.treatment.model_copy(
            update={"steroid": True, "steroid_date": datetime(2025, 10, 27).date()})})})
    steroid = _windows(exam)["guideline_4"]
    assert steroid.done and "cannot be told" in steroid.reason


# --- Eye protection (8.1 statement 7) ---------------------------------------------------------


@pytest.mark.parametrize(
    "face",
    [
        {"sunnybrook": {"voluntary": {"gentle_eye_closure": 1}}},  # cannot start movement (2.2)
        {"sunnybrook": {"voluntary": {"gentle_eye_closure": 2}}},  # starts slight movement (2.2)
        {"eface": {"dynamic_full_eye_closure": 0}},  # 0 = incomplete (3.2)
        {"yanagihara": {"gentle_eye_closure": 0}},  # total paralysis (4)
    ],
)
def test_eye_protection_when_a_scale_item_shows_the_eye_does_not_close(face: dict[str, Any]) -> None:
    """The eye closure recorded only on a scale page still calls for eye protection (8.1 statement 7)
    instead of the note "eye closure not recorded"."""
    exam = exam_of({"voluntary": {"fngs_brow": 5, "fngs_nlf": 5, "fngs_oral": 5}, **face}, onset="2026-06-14")
    result = assess(exam)
    assert any(a.statement == "7" and a.applies for a in result.actions)
    assert not any("Eye closure not recorded" in note.text for note in result.notes)


def test_no_eye_protection_note_when_scale_items_show_complete_closure() -> None:
    exam = exam_of({"voluntary": {"fngs_brow": 2, "fngs_nlf": 2, "fngs_oral": 2},
                    "sunnybrook": {"voluntary": {"gentle_eye_closure": 5}}}, onset="2026-06-14")
    result = assess(exam)
    assert not any(a.statement == "7" for a in result.actions)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(exams())
def test_hb_and_eye_protection_read_eye_closure_alike(exam: Exam) -> None:
    """One table of eye-closure items for both (1.2, 8.1 statement 7): when an item on a graded side
    shows the eye does not close even with effort, guidance asks for eye protection and that side's HB
    never agrees unopposed with "complete eye closure means grade III or better"."""
    result = assess(exam)
    hb = result.hb_by_side()
    for side in exam.graded_sides():
        found = closure_findings(exam.findings(side))
        if not any(item.states == OPEN for item in found):
            continue
        assert any(action.statement == "7" and action.applies for action in result.actions)
        if any("complete eye closure means grade III or better" in reason for reason in hb[side.value].reasons):
            assert any(c.startswith("The eye-closure items disagree") for c in hb[side.value].conflicts)


def _reading(exam: Exam, function: str, test: str):
    f = next(f for f in localize(exam).functions if f.function == function)
    return next(r for r in f.readings if r.test == test)


def test_salivary_flow_reduced_by_exactly_25_percent_is_abnormal() -> None:
    """0.45 against 0.6 ml/min is a 25% reduction: "reduction of >= 25% is abnormal" (5.3)."""
    def exam(affected: float, other: float) -> Exam:
        return exam_of({"voluntary": fngs(4, 4, 4, 4)}, side="left",
                       topognostic={"submandibular_flow_ml_min": {"left": affected, "right": other}})

    assert _reading(exam(0.45, 0.6), "chorda", "submandibular flow").result == "abnormal"
    assert _reading(exam(0.46, 0.6), "chorda", "submandibular flow").result == "normal"
    assert _reading(exam(0.3, 0.4), "chorda", "submandibular flow").result == "abnormal"


def test_schirmer_percentage_shown_never_rounds_across_the_threshold() -> None:
    """14.9 mm against 30 mm is 49.67% of the other side: abnormal (< 50%, 5.3; the total 44.9 mm is
    above 25 mm), and the value shown beside the rule must not read 50%."""
    def exam(affected: float, other: float) -> Exam:
        return exam_of({"voluntary": fngs(4, 4, 4, 4)}, side="left",
                       topognostic={"schirmer_mm": {"left": affected, "right": other}})

    reading = _reading(exam(14.9, 30), "lacrimation", "Schirmer")
    assert reading.result == "abnormal"
    assert "(49.7%)" in reading.value
    reading = _reading(exam(15, 30), "lacrimation", "Schirmer")
    assert reading.result == "normal" and "(50%)" in reading.value


# --- Electrodiagnostics (8.4) -------------------------------------------------------------------


def test_enog_reading_does_not_claim_within_14_days_when_the_day_is_not_recorded() -> None:
    """ENoG 95% with no voluntary motor units: the poor-prognosis criterion is "within 14 days"
    (8.4); without the day of the measurement the note must not state it as a fact."""
    exam = complete_bells(datetime(2026, 6, 10, 10, 0), "2026-06-01")
    exam = exam.model_copy(update={"electro": exam.electro.model_copy(
        update={"enog_degeneration_percent": 95.0, "emg_voluntary_mups": False})})
    text = " ".join(note.text for note in assess(exam).electrodiagnostics)
    assert "95% degeneration within 14 days" not in text and "not recorded" in text
    exam = exam.model_copy(update={"electro": exam.electro.model_copy(update={"enog_day": 9})})
    text = " ".join(note.text for note in assess(exam).electrodiagnostics)
    assert "95% degeneration within 14 days and no voluntary motor units" in text


# --- Properties over any valid exam ---------------------------------------------------------------

#: Words and codes that name a side, swapped by the mirror (9.1 S04.51-/S04.52-, 9.3 laterality).
_MIRROR = (("right", "left"), ("Right", "Left"), ("S04.51", "S04.52"), ("24028007", "7771000"))


#: "left" that is not a side: time left in a window ("13.5 h left", "no time left").
_NOT_A_SIDE = re.compile(r"(?<=\bh) left\b|(?<=time) left\b")


def _swap_sides(text: str) -> str:
    text = _NOT_A_SIDE.sub(" \x00", text)
    for a, b in _MIRROR:
        text = re.sub(rf"(?<![A-Za-z_])({re.escape(a)}|{re.escape(b)})(?![a-z_])",
                      lambda m, a=a, b=b: b if m.group(0) == a else a, text)
    return text.replace("Left and right", "Right and left").replace(" \x00", " left")


def _canonical(value: Any) -> Any:
    """Lists compared as multisets: a bilateral result lists right before left whichever side is which."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_canonical(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(exams())
@example(Exam.model_validate({  # an open steroid window: "13.5 h left" is time, not a side
    "patient": {"mrn": "H1", "family_name": "Hypothesis"},
    "encounter": {"exam_datetime": "2026-06-15T10:30:00", "affected_side": "right", "onset_date": "2026-06-13"},
    "face": {"right": {"voluntary": {"fngs_eye": 2}}},
}))
def test_mirroring_the_sides_mirrors_every_result(exam: Exam) -> None:
    """Swapping right and left everywhere in the exam swaps them everywhere in the assessment and
    changes nothing else: no rule may depend on which side is affected."""
    mirrored = Exam.model_validate(json.loads(_swap_sides(exam.model_dump_json())))
    original = json.loads(assess(exam).model_dump_json())
    back = json.loads(_swap_sides(assess(mirrored).model_dump_json()))
    for result in (original, back):
        result["localization"].pop("level")  # "right: ...; left: ..." in a fixed order
    assert _canonical(back) == _canonical(original)


def _scale_totals(result: Assessment) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for side, scales in result.side_scales().items():
        for name in ("fngs2", "sunnybrook", "eface", "yanagihara"):
            out[f"{side}.{name}"] = getattr(scales, name)
        out[f"{side}.hb"] = scales.house_brackmann
    return out


_ROMAN = ("I", "II", "III", "IV", "V", "VI")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(exams(), st.data())
def test_one_finding_made_worse_never_improves_a_score(exam: Exam, data: st.DataObject) -> None:
    """Raise one FNGS 2.0 region or the secondary movement, or lower one Sunnybrook voluntary or
    Yanagihara item: no FNGS total, HB suggestion or grade improves, and no Sunnybrook or Yanagihara
    total rises (1.6.1, 2.4, 4)."""
    sides = [side for side in exam.graded_sides() if side in exam.face]
    assume(sides)
    side = data.draw(st.sampled_from(sides))
    document = json.loads(exam.model_dump_json())
    face = document["face"][side.value]
    # (section, item, step towards worse, best value, worst value)
    choices = [("voluntary", k, +1, 1, 6) for k in ("fngs_brow", "fngs_eye", "fngs_nlf", "fngs_oral")]
    choices += [("sequelae", "fngs_secondary", +1, 0, 3)]
    choices += [("sunnybrook.voluntary", k, -1, 5, 1) for k in
                ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")]
    choices += [("sunnybrook.synkinesis", k, +1, 0, 3) for k in
                ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")]
    choices += [("yanagihara", k, -1, 4, 0) for k in ("at_rest", "wrinkle_forehead", "blink", "grin")]
    section, key, step, best, limit = data.draw(st.sampled_from(choices))
    target = face
    for part in section.split("."):
        target = target[part]
    if target[key] is None or target[key] == limit:  # enter a value that can get worse
        low, high = sorted((best, limit))
        target[key] = data.draw(st.integers(low, high).filter(lambda v: v != limit))
    better = Exam.model_validate(document)
    target[key] += step
    note(f"{side.value} {section}.{key} {target[key] - step} -> {target[key]}")
    before = _scale_totals(assess(better))
    after = _scale_totals(assess(Exam.model_validate(document)))
    for name, old in before.items():
        new = after[name]
        if name.endswith(".hb"):
            if old.suggested and new.suggested:
                assert _ROMAN.index(new.suggested) >= _ROMAN.index(old.suggested)
        elif name.endswith(".fngs2"):
            if old.total is not None and new.total is not None:
                assert new.total >= old.total and _ROMAN.index(new.grade) >= _ROMAN.index(old.grade)
        elif old.total is not None and new.total is not None:
            assert new.total <= old.total


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(exams(), st.data())
def test_marking_an_item_not_assessed_never_completes_a_score(exam: Exam, data: st.DataObject) -> None:
    """Not assessed is never 0 nor normal: clearing one scored item leaves every scale that was
    incomplete incomplete, and makes a complete one incomplete when the item belongs to it."""
    sides = [side for side in exam.graded_sides() if side in exam.face]
    assume(sides)
    side = data.draw(st.sampled_from(sides))
    document = json.loads(exam.model_dump_json())
    face = document["face"][side.value]
    paths = [("voluntary", k) for k in ("fngs_brow", "fngs_eye", "fngs_nlf", "fngs_oral")]
    paths += [("sequelae", "fngs_secondary")] + [("rest", k) for k in ("eye", "cheek", "mouth")]
    paths += [("sunnybrook", part, k) for part in ("voluntary", "synkinesis")
              for k in ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")]
    paths += [("eface", k) for k in ("static_brow", "dynamic_lower_lip_eeee", "synkinesis_platysmal")]
    paths += [("yanagihara", k) for k in ("at_rest", "blink", "depress_lower_lip")]
    path = data.draw(st.sampled_from(paths))
    target = face
    for part in path[:-1]:
        target = target[part]
    if target[path[-1]] is None:  # enter the item first, then clear it
        target[path[-1]] = {"rest": "normal", "eface": 100, "yanagihara": 4, "sequelae": 0,
                            "voluntary": 1}.get(path[0], 0 if path[1] == "synkinesis" else 5)
        exam = Exam.model_validate(document)
    target[path[-1]] = None
    owner = {"voluntary": "fngs2", "sequelae": "fngs2", "rest": "sunnybrook", "sunnybrook": "sunnybrook",
             "eface": "eface", "yanagihara": "yanagihara"}[path[0]]
    before = _scale_totals(assess(exam))
    after = _scale_totals(assess(Exam.model_validate(document)))
    for name, old in before.items():
        if name.endswith(".hb"):
            continue
        new = after[name]
        if not old.complete or name == f"{side.value}.{owner}":
            assert not new.complete and new.total is None, name
        assert all(item.points is None for item in new.items if item.value is None)
