"""The assessment as plain text, for ``facialis assess`` and for anyone who wants to read it in a terminal.

Layout only: every number and sentence comes from the Assessment, which carries its reasons.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable

from .assess import Assessment
from .display import number_text
from .exam import Exam
from .explain import ScaleResult, ScoredItem
from .guidance import Action, Code
from .localize import FunctionResult, Localization
from .report import labels

WIDTH = 100
INDENT = "  "


def _wrap(text: str, indent: str = INDENT, bullet: str = "") -> list[str]:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    return textwrap.wrap(text, width=WIDTH, initial_indent=first, subsequent_indent=rest) or [first.rstrip()]


def _heading(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _number(value: float | None) -> str:
    if value is None:
        return "not scored"
    return number_text(value)


def _value(value: object) -> str:
    """An entered value as the review page says it: "not assessed" for None, 0 stays 0, yes/no for
    a flag, words for a choice (never an enum's repr)."""
    if value is None:
        return labels.NOT_ASSESSED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_text(value)
    return labels.enum_label(value)


def _item(item: ScoredItem) -> str:
    """``Resting eye: wide = 1`` (the points where they differ from what was entered), ``Blink: 0``."""
    value, points = item.value, item.points
    same = isinstance(value, int | float) and not isinstance(value, bool) and points == value
    text = f"{item.label}: {_value(value)}"
    return text if value is None or points is None or same else f"{text} = {number_text(points)}"


def _patient_line(exam: Exam, assessment: Assessment) -> list[str]:
    patient = exam.patient
    age = f"{assessment.age_years} y" if assessment.age_years is not None else "age unknown"
    onset = (
        f"day {assessment.days_since_onset} since onset"
        if assessment.days_since_onset is not None
        else "onset date not recorded"
    )
    side = assessment.affected_side or "side not recorded"
    when = exam.encounter.exam_datetime.strftime("%Y-%m-%d %H:%M")
    examiner = f", examiner {exam.encounter.examiner}" if exam.encounter.examiner else ""
    return [
        f"Facialis assessment: {patient.display_name} (MRN {patient.mrn}), {age}",
        f"Exam {when}{examiner}; affected side: {side}; {onset}",
    ]


def _house_brackmann(assessment: Assessment) -> list[str]:
    lines = _heading("House-Brackmann (suggested)")
    by_side = assessment.hb_by_side()
    if not by_side:
        return lines + _wrap("not graded: no affected side and no motor findings recorded")
    for side, result in by_side.items():
        grade = result.suggested or "no grade suggested"
        applicable = "" if result.applicable else " (not applicable as such; see caveats)"
        lines.append(f"{INDENT}{side.capitalize()}: {grade}{applicable}")
        for reason in result.reasons:
            lines += _wrap(reason, INDENT * 2, "- ")
        for conflict in result.conflicts:
            lines += _wrap(conflict, INDENT * 2, "CONFLICT: ")
        for caveat in result.caveats:
            lines += _wrap(caveat, INDENT * 2, "Caveat: ")
        if result.regional_discordance and not any(c.startswith("Regional discordance") for c in result.caveats):
            lines += _wrap("Regional discordance: the regions differ widely; grade each region as well.", INDENT * 2, "! ")
        for note in result.notes:
            lines += _wrap(note, INDENT * 2, "Note: ")
    return lines


def _scale(title: str, results: dict[str, object], optional: bool = True) -> list[str]:
    """One scale per side. FNGS 2.0 is the exam's own scale: with nothing entered it is "not
    assessed", never "optional"."""
    lines = _heading(title)
    if not results:
        return lines + _wrap("not scored")
    for side, result in results.items():
        assert isinstance(result, ScaleResult)
        if result.complete:
            grade = f", grade {result.grade}" if result.grade else ""
            subs = ", ".join(f"{name.replace('_', ' ')} {_number(value)}" for name, value in result.subscores.items())
            lines.append(f"{INDENT}{side.capitalize()}: total {_number(result.total)}{grade}" + (f" ({subs})" if subs else ""))
        else:
            entered = [item for item in result.items if item.value is not None]
            lines.append(f"{INDENT}{side.capitalize()}: not scored: {len(entered)} of {len(result.items)} items entered "
                         "(scored only when complete)")
            if entered and result.missing:
                lines += _wrap("missing: " + ", ".join(result.missing), INDENT * 2)
            if not entered:
                why = f"optional scale: none of its {len(result.items)} items entered" if optional else "none of its items entered"
                lines[-1] = f"{INDENT}{side.capitalize()}: not assessed ({why})"
        shown = result.items if result.complete else [item for item in result.items if item.value is not None]
        if shown:
            items = "; ".join(_item(item) for item in shown)
            lines += _wrap(("items: " if result.complete else "entered: ") + items, INDENT * 2)
        if shown:
            lines += _wrap(f"rule: {result.rule} [{result.source}]", INDENT * 2)
        if result.complete or shown:  # a scale nobody entered needs no notes on how it scores
            for note in result.notes:
                lines += _wrap(note, INDENT * 2, "Note: ")
    return lines


def _localization(assessment: Assessment) -> list[str]:
    loc = assessment.localization
    lines = _heading("Lesion level")
    lines += _wrap(f"Pattern: {loc.pattern}. {loc.level[0].upper() + loc.level[1:]}.")
    segments = ", ".join(labels.segment(segment) for segment in loc.segments) if loc.segments else "none"
    lines += _wrap(f"Candidate segments (proximal to distal): {segments}. Confidence: {loc.confidence}"
                   + (f" ({'; '.join(loc.confidence_reasons)})" if loc.confidence_reasons else "") + ".")
    for item in loc.evidence:
        sign = "+" if item.direction == "supports" else "-"
        lines += _wrap(f"{item.level}: {item.finding} [{item.source}]", INDENT * 2, f"{sign} ")
    for note in loc.contradictions:
        lines += _wrap(f"{note.text} [{note.source}]", INDENT * 2, "CONTRADICTION: ")
    for note in loc.explanations:
        lines += _wrap(f"{note.text} [{note.source}]", INDENT * 2, "Possible explanation: ")
    if loc.closest_fit:
        fit = ", ".join(labels.segment(segment) for segment in loc.closest_fit)
        lines += _wrap(f"{fit} (the fewest discordant tests)", INDENT * 2, "Closest fit: ")
    for note in loc.caveats:
        lines += _wrap(f"{note.text} [{note.source}]", INDENT * 2, "Caveat: ")
    return lines + _tests_read(loc)


def _function_lines(functions: list[FunctionResult], prefix: str) -> list[str]:
    lines: list[str] = []
    for function in functions:
        where = f" ({function.leaves_at})" if function.leaves_at else ""
        lines += _wrap(f"{prefix}{function.label}{where}: {labels.enum_label(function.result)}", INDENT, "- ")
        for reading in function.readings:
            rule = f"; {reading.rule}" if reading.rule else ""
            result = labels.enum_label(reading.result)
            value = f"{reading.test}: {result}" if reading.value == result else f"{reading.test} {reading.value}: {result}"
            lines += _wrap(value + rule, INDENT * 3)
    return lines


def _tests_read(loc: Localization) -> list[str]:
    """What the localisation read from each topognostic test, per function and per side: a test
    not done, not assessable or uninterpretable widens the level, so the reader sees which and why."""
    if loc.sides:
        order = sorted(loc.sides.items(), key=lambda pair: pair[0] != "right")
        lines = [line for side, view in order for line in _function_lines(view.functions, f"{labels.side(side)}: ")]
    else:
        lines = _function_lines(loc.functions, "")
    return (_heading("What the tests show") + lines) if lines else []


def _codes(codes: Iterable[Code]) -> str:
    return ", ".join(f"{code.system} {code.code}" + ("" if code.complete else " (needs a digit)") for code in codes)


def _differential(assessment: Assessment) -> list[str]:
    lines = _heading("Differential (most likely first)")
    if not assessment.differential:
        return lines + _wrap("none suggested from the findings recorded")
    for rank, item in enumerate(assessment.differential, start=1):
        codes = _codes([*item.codes.icd10cm, *item.codes.snomed])
        head = f"{item.name} ({item.fit})" + (f"; {codes}" if codes else "")
        lines += _wrap(head, INDENT, f"{rank}. ")
        if item.supporting:
            lines += _wrap("for: " + "; ".join(item.supporting), INDENT * 3)
        if item.against:
            lines += _wrap("against: " + "; ".join(item.against), INDENT * 3)
    return lines


def _red_flags(assessment: Assessment) -> list[str]:
    lines = _heading("Red flags")
    if not assessment.red_flags:
        return lines + _wrap("none among the findings recorded (items not assessed cannot raise one)")
    for flag in assessment.red_flags:
        lines += _wrap(f"{flag.flag}: {'; '.join(flag.findings)} [{flag.source}]", INDENT, "! ")
    return lines


def _fmt(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]


def _action_when(action: Action, dated: bool = True) -> str:
    """Where the action stands in its window; without the dates when the reason already gives them."""
    if action.done:
        return " (already started" + (f" {action.done_on.isoformat()}" if action.done_on and dated else "") + ")"
    if action.due_by is None:
        return ""
    due = _fmt(action.due_by)
    if action.window_state == "closed":
        return f" (WINDOW CLOSED {due})" if dated else " (WINDOW CLOSED)"
    if action.window_state == "not_open_yet":
        opens = _fmt(action.window_start) if action.window_start is not None else "later"
        return f" (window not open yet: opens {opens}, closes {due})" if dated else " (window not open yet)"
    if action.window_state == "open" and action.hours_left is not None:
        return f" (window open until {due}, {action.hours_left:g} h left at the exam time)" if dated else " (window open)"
    return f" (by {due})" if dated else ""


def _actions(assessment: Assessment) -> list[str]:
    """In the order the assessment gives: urgent and time-critical first (guidance.ACTION_ORDER)."""
    lines = _heading("Guideline actions")
    applying = [action for action in assessment.actions if action.applies]
    if not applying:
        lines += _wrap("none apply")
    for action in applying:
        reason = f"; {action.reason}" if action.reason else ""
        # the reason already gives the dates: say only where the action stands
        dated = not (action.due_by is not None and action.due_by.strftime("%Y-%m-%d") in action.reason)
        dated = dated and not (action.done_on is not None and action.done_on.isoformat() in action.reason)
        when = _action_when(action, dated)
        lines += _wrap(f"{action.text} [{action.strength}]{when}{reason} [{action.source}]", INDENT, "- ")
    skipped = [action for action in assessment.actions if not action.applies]
    if skipped:
        listed = "; ".join(
            (f"{action.statement}. " if action.statement else "") + action.text + (f" ({action.reason})" if action.reason else "")
            for action in skipped
        )
        lines += _wrap("Not applicable here: " + listed)
    for note in assessment.electrodiagnostics:
        lines += _wrap(f"{note.text} [{note.source}]", INDENT, "ENoG/EMG: ")
    if assessment.imaging:
        lines += _heading("Imaging")
        for item in assessment.imaging:
            lines += _wrap(f"{item.modality}: {item.reason} [{item.source}]", INDENT, "- ")
    return lines


def _encounter_codes(assessment: Assessment) -> list[str]:
    codes = assessment.codes
    lines = _heading("Codes")
    listed = _codes([*codes.icd10cm, *codes.snomed])
    lines += _wrap(listed or "none")
    if codes.laterality is not None:
        lines += _wrap(f"Laterality: {codes.laterality.display} (SNOMED CT {codes.laterality.code})")
    return lines


def assessment_text(exam: Exam, assessment: Assessment) -> str:
    """The whole assessment, readable in a terminal (about 100 columns)."""
    lines = _patient_line(exam, assessment)
    lines += _house_brackmann(assessment)
    lines += _scale("FNGS 2.0", assessment.per_side("fngs2"), optional=False)
    lines += _scale("Sunnybrook", assessment.per_side("sunnybrook"))
    lines += _scale("eFACE", assessment.per_side("eface"))
    lines += _scale("Yanagihara", assessment.per_side("yanagihara"))
    lines += _localization(assessment)
    lines += _differential(assessment)
    lines += _red_flags(assessment)
    lines += _actions(assessment)
    lines += _encounter_codes(assessment)
    if assessment.notes:
        lines += _heading("Notes")
        for note in assessment.notes:
            lines += _wrap(f"{note.text} [{note.source}]", INDENT, "- ")
    lines += ["", assessment.disclaimer]
    return "\n".join(lines) + "\n"
