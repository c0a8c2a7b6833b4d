"""The assessment in words, as HTML for the live panel (short) and the review page (in full).

Only what ``core.assess`` returned is shown: grades with their reasons, conflicts and caveats,
scores with their items, the level with its evidence, the guidance with its time windows. Every
piece of text is escaped: a note typed by a user must appear as typed.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import Any

from facialis.core.assess import Assessment
from facialis.core.display import number_text
from facialis.core.scales.house_brackmann import HB_GRADES

from .labels import text_for

CONFLICT = "#b3261e"
CAVEAT = "#7a5200"
MUTED = "#5f6368"
SEGMENT_NAMES = {
    "supranuclear": "supranuclear", "pons": "pons", "cpa": "cerebellopontine angle",
    "iac": "internal auditory canal", "labyrinthine": "labyrinthine", "geniculate": "geniculate ganglion",
    "tympanic": "tympanic", "mastoid": "mastoid", "stylomastoid": "stylomastoid foramen",
    "parotid": "parotid", "branch": "peripheral branch",
}


def e(text: Any) -> str:
    return escape(str(text), quote=False)


def items(lines: Iterable[str], colour: str | None = None) -> str:
    """A bulleted list with a shallow hanging indent (Qt's own list indent is too deep for a side panel;
    paragraphs are also much cheaper to lay out than a table, which matters at every keystroke)."""
    colour_css = f" color:{colour};" if colour else ""
    rows = [
        f"<p style='margin-top:1px; margin-bottom:1px; margin-left:12px; text-indent:-10px;{colour_css}'>"
        f"\u2022&nbsp;{line}</p>"
        for line in lines
    ]
    return "".join(rows)


def hours_text(hours: float) -> str:
    """9 h, 32 h, 3 d 4 h."""
    whole = int(round(hours))
    if whole < 48:
        return f"{whole} h"
    days, rest = divmod(whole, 24)
    return f"{days} d {rest} h" if rest else f"{days} d"


def when_text(value: datetime) -> str:
    return f"{value.day} {value:%b %Y}, {value:%H:%M}"


def side_prefix(side: str, bilateral: bool) -> str:
    return f"{side.capitalize()}: " if bilateral else ""


def hb_grade_line(grade: str | None) -> str:
    if grade is None:
        return "no grade suggested"
    return f"<b style='font-size:15pt'>{e(grade)}</b> &nbsp;{e(HB_GRADES[grade].label)}"


def action_line(action: Any) -> str | None:
    """One time-bound action: what, and where it stands in its window (hours counted from the exam time)."""
    if not action.applies:
        return None
    state = action.window_state
    if action.done:
        started = action.done_on
        when = f"<span style='color:{MUTED}'>already started" + (f" {started.day} {started:%b %Y}" if started else "") + "</span>"
    elif action.due_by is None:
        return None
    elif state == "open" and action.hours_left is not None:
        when = f"<b>window closes in {hours_text(action.hours_left)}</b> ({e(when_text(action.due_by))})"
    elif state == "closed":
        when = f"<span style='color:{CONFLICT}'>window closed {e(when_text(action.due_by))}</span>"
    elif state == "not_open_yet" and action.window_start is not None:
        when = (f"<span style='color:{MUTED}'>not open yet: opens {e(when_text(action.window_start))}, "
                f"closes {e(when_text(action.due_by))}</span>")
    else:
        when = f"by {e(when_text(action.due_by))}"
    return f"{e(action.text)}: {when}"


def time_critical(assessment: Assessment) -> list[str]:
    """Urgent steps and steps with a date, in the order the assessment gives them (urgent and
    time-critical first: guidance.ACTION_ORDER), so the panel, the PDF and the CLI agree."""
    lines = []
    for action in assessment.actions:
        if action.applies and action.strength == "Urgent" and action.due_by is None:
            lines.append(f"<b style='color:{CONFLICT}'>Urgent:</b> {e(action.text)}")
        else:
            line = action_line(action)
            if line:
                lines.append(line)
    return lines


def segments_text(segments: list[str]) -> str:
    return ", ".join(SEGMENT_NAMES.get(segment, segment) for segment in segments) or "none"


# --- the live panel ----------------------------------------------------------------------------------


def panel_sections(assessment: Assessment) -> dict[str, str]:
    """HTML per panel section: hb, fngs, level, flags, actions."""
    bilateral = len(assessment.graded_sides) > 1
    hb_parts: list[str] = []
    for side, result in assessment.hb_by_side().items():
        part = f"{e(side_prefix(side, bilateral))}{hb_grade_line(result.suggested)}"
        if result.reasons:
            part += f"<br><span style='color:{MUTED}'>{e(result.reasons[0])}</span>"
        if result.conflicts:
            part += items([f"Conflict: {e(c)}" for c in result.conflicts], CONFLICT)
        if result.caveats:
            part += items([e(c) for c in result.caveats], CAVEAT)
        hb_parts.append(part)
    if not hb_parts:
        hb_parts.append(f"<span style='color:{MUTED}'>Choose the affected side to grade.</span>")

    fngs_parts: list[str] = []
    for side, result in assessment.per_side("fngs2").items():
        prefix = e(side_prefix(side, bilateral))
        if result.grade is not None:  # type: ignore[attr-defined]
            fngs_parts.append(f"{prefix}grade <b>{e(result.grade)}</b>, total {e(result.total)}")  # type: ignore[attr-defined]
        else:
            missing = ", ".join(result.missing).lower()  # type: ignore[attr-defined]
            fngs_parts.append(f"{prefix}incomplete: missing {e(missing)}")

    loc = assessment.localization
    level = f"{e(loc.level[:1].upper() + loc.level[1:])}"
    if loc.segments:
        level += f"<br>Candidate segments: <b>{e(segments_text(loc.segments))}</b>"
    if loc.contradictions:
        level += items([e(note.text) for note in loc.contradictions], CONFLICT)

    flags = [e(flag.flag) for flag in assessment.red_flags]
    flags_html = items(flags, CONFLICT) if flags else f"<span style='color:{MUTED}'>None found in what was entered.</span>"

    timed = time_critical(assessment)
    actions_html = items(timed) if timed else f"<span style='color:{MUTED}'>No time window applies.</span>"
    days = assessment.days_since_onset  # the day the windows count from, on every page (never a day 0)
    day_line = (f"Day <b>{days}</b> since onset" if days is not None
                else f"<span style='color:{MUTED}'>Onset date not recorded: no day count.</span>")
    return {
        "hb": "<br>".join(hb_parts),
        "fngs": "<br>".join(fngs_parts) or f"<span style='color:{MUTED}'>Not scored yet.</span>",
        "level": level,
        "flags": flags_html,
        "actions": f"{day_line}{actions_html if timed else '<br>' + actions_html}",
    }


def _tip(parts: list[str]) -> str:
    """Rich text for a tooltip (Qt wraps rich text; a plain tooltip would be one long line); empty
    when there is nothing to say, since Qt shows an empty box for a tooltip of bare tags."""
    shown = [part for part in parts if part]
    if not shown:
        return ""
    return "<qt>" + "".join(f"<p style='margin:0 0 4px 0'>{part}</p>" for part in shown) + "</qt>"


def panel_tooltips(assessment: Assessment) -> dict[str, str]:
    """Where each number of the live panel comes from, per section (tooltip of that section): the
    items it used, every reason, the rule and the source. The panel has room for one line each."""
    bilateral = len(assessment.graded_sides) > 1
    hb: list[str] = []
    for side, result in assessment.hb_by_side().items():
        prefix = e(side_prefix(side, bilateral))
        grade = f"{e(result.suggested)} ({e(HB_GRADES[result.suggested].label)})" if result.suggested else "no grade suggested"
        hb.append(f"<b>{prefix}{grade}</b>")
        hb.extend(e(reason) for reason in result.reasons)
        hb.extend(f"Conflict: {e(conflict)}" for conflict in result.conflicts)
    first_hb = next(iter(assessment.hb_by_side().values()), None)
    if first_hb is not None:
        hb += [f"Rule: {e(first_hb.rule)}", f"Source: {e(first_hb.source)}"]

    fngs: list[str] = []
    fngs_results = assessment.per_side("fngs2")
    for side, result in fngs_results.items():
        prefix = e(side_prefix(side, bilateral))
        total = "not scored" if result.total is None else value_text(result.total)  # type: ignore[attr-defined]
        fngs.append(f"<b>{prefix}total {e(total)}</b>: " + "; ".join(item_text(item) for item in result.items))  # type: ignore[attr-defined]
    first_fngs = next(iter(fngs_results.values()), None)
    if first_fngs is not None:
        fngs += [f"Rule: {e(first_fngs.rule)}", f"Source: {e(first_fngs.source)}"]  # type: ignore[attr-defined]

    actions: list[str] = []
    for action in assessment.actions:
        urgent = action.applies and action.strength == "Urgent" and action.due_by is None
        if not urgent and action_line(action) is None:  # the actions the panel lists (time_critical)
            continue
        why = f" {e(action.reason)}" if action.reason else ""
        actions.append(f"<b>{e(action.text)}</b>:{why} [{e(action.source)}]")
    if actions:
        actions.append("Hours left are counted from the exam date and time to the end of the window.")

    flags = [f"<b>{e(flag.flag)}</b>: {e(', '.join(flag.findings))} [{e(flag.source)}]" for flag in assessment.red_flags]
    return {
        "hb": _tip(hb),
        "fngs": _tip(fngs),
        "level": "",
        "flags": _tip(flags) if flags else "",
        "actions": _tip(actions) if actions else "",
    }


# --- the review page ---------------------------------------------------------------------------------


def value_text(value: Any) -> str:
    """An entered value in words: "not assessed" for None, a number as ``number_text`` writes it
    (0 stays 0), yes/no for a flag, the button's words for a choice."""
    if value is None:
        return "not assessed"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_text(value)
    return text_for(value)


def item_text(item: Any) -> str:
    """One scored item: ``Resting eye: Wide = 1`` (what was entered and, where it differs, the points
    it gave), ``Blink: 0``, or ``Blink: not assessed``."""
    value = value_text(item.value)
    same = isinstance(item.value, int | float) and not isinstance(item.value, bool) and item.points == item.value
    if item.value is None or item.points is None or same:
        return f"{e(item.label)}: {e(value)}"
    return f"{e(item.label)}: {e(value)} = {number_text(item.points)}"


def items_line(result: Any, *, entered_only: bool = False) -> str:
    """The items a score was computed from, on one muted line (the review page, reference 2-4)."""
    shown = [item for item in result.items if not entered_only or item.value is not None]
    if not shown:
        return ""
    title = "Entered" if entered_only else "Items"
    return f"<br><span style='color:{MUTED}'>{title}: {'; '.join(item_text(item) for item in shown)}</span>"


def rule_source(result: Any) -> str:
    """``Rule: ... Source: ...`` of a scale result, muted, for the review page."""
    return f"<p style='color:{MUTED}'>Rule: {e(result.rule)} Source: {e(result.source)}</p>"


def _scale_block(title: str, results: dict[str, Any], bilateral: bool) -> str:
    """An optional scale: its total, sub-scores and items when complete, else how much of it was
    entered (and what); the rule and source whenever anything was entered."""
    rows: list[str] = []
    entered_any = False
    for side, result in results.items():
        prefix = e(side_prefix(side, bilateral))
        subs = ", ".join(f"{e(name)} {number_text(value)}" for name, value in result.subscores.items())
        entered = sum(1 for item in result.items if item.value is not None)
        entered_any = entered_any or entered > 0
        if result.complete and result.total is not None:
            line = f"{prefix}total <b>{number_text(result.total)}</b>" + (f" ({subs})" if subs else "")
            line += items_line(result)
            line += items([e(n) for n in result.notes if n], MUTED)
        elif not entered:
            line = f"{prefix}not assessed (optional scale: none of its {len(result.items)} items entered)"
        else:
            line = (f"{prefix}not scored: {entered} of {len(result.items)} items entered "
                    f"(scored only when complete)")
            if result.missing:
                shown = result.missing[:6]
                more = f" and {len(result.missing) - 6} more" if len(result.missing) > 6 else ""
                line += f"<br><span style='color:{MUTED}'>Missing: {e(', '.join(shown))}{more}</span>"
            line += items_line(result, entered_only=True)
        rows.append(line)
    first = next(iter(results.values()), None)
    source = rule_source(first) if entered_any and first is not None else ""
    return f"<h4>{e(title)}</h4><p>{'<br>'.join(rows)}</p>{source}"


def onset_line(assessment: Assessment) -> str:
    """Which day after onset the exam was, or that no onset date was recorded (never a day 0)."""
    days = assessment.days_since_onset
    if days is None:
        return ("<p>Days since onset: <b>not known</b> (no onset date recorded), so no time window "
                "can be counted.</p>")
    return (f"<p>Day <b>{days}</b> since onset <span style='color:{MUTED}'>(from the onset date to the "
            f"exam date; the time windows below count from the onset day)</span></p>")


def review_html(assessment: Assessment) -> str:
    """The full assessment with every reason, for the review page."""
    bilateral = len(assessment.graded_sides) > 1
    out: list[str] = [onset_line(assessment)]
    out.append("<h3>House-Brackmann (suggested)</h3>")
    for side, result in assessment.hb_by_side().items():
        out.append(f"<p>{e(side_prefix(side, bilateral))}{hb_grade_line(result.suggested)}</p>")
        out.append(items([e(r) for r in result.reasons]))
        if result.conflicts:
            out.append(items([f"Conflict: {e(c)}" for c in result.conflicts], CONFLICT))
        if result.caveats:
            out.append(items([e(c) for c in result.caveats], CAVEAT))
        if result.notes:
            out.append(items([e(n) for n in result.notes], MUTED))
    if not assessment.graded_sides:
        out.append("<p>No side graded: choose the affected side on the Encounter page.</p>")
    hb_first = next(iter(assessment.hb_by_side().values()), None)
    if hb_first is not None:
        out.append(rule_source(hb_first))

    fngs = assessment.per_side("fngs2")
    if fngs:
        rows = []
        for side, result in fngs.items():
            regions = ", ".join(f"{e(name)} {e(value_text(value))}"
                                for name, value in result.regions.items())  # type: ignore[attr-defined]
            if result.grade:  # type: ignore[attr-defined]
                grade = f"grade <b>{e(result.grade)}</b>, total {e(value_text(result.total))}"  # type: ignore[attr-defined]
            else:
                missing = ", ".join(result.missing).lower()  # type: ignore[attr-defined]
                grade = "not scored" + (f" (missing {e(missing)})" if missing else "")
            secondary = value_text(result.secondary)  # type: ignore[attr-defined]
            rows.append(f"{e(side_prefix(side, bilateral))}{grade} (regions: {regions}; secondary movement {e(secondary)})"
                        + items([e(n) for n in result.notes], MUTED))  # type: ignore[attr-defined]
        out.append(f"<h3>FNGS 2.0</h3><p>{'<br>'.join(rows)}</p>{rule_source(next(iter(fngs.values())))}")
    loc = assessment.localization
    out.append("<h3>Lesion level</h3>")
    out.append(f"<p>{e(loc.level[:1].upper() + loc.level[1:])} (pattern: {e(loc.pattern)}, "
               f"confidence: {e(loc.confidence)})</p>")
    if loc.segments:
        out.append(f"<p>Candidate segments, proximal to distal: <b>{e(segments_text(loc.segments))}</b></p>")
    supports = [f"{e(ev.finding)} <span style='color:{MUTED}'>({e(ev.level)})</span>"
                for ev in loc.evidence if ev.direction == "supports"]
    against = [f"{e(ev.finding)} <span style='color:{MUTED}'>({e(ev.level)})</span>"
               for ev in loc.evidence if ev.direction != "supports"]
    if supports:
        out.append("<p>Supports:</p>" + items(supports))
    if against:
        out.append("<p>Argues against:</p>" + items(against))
    if loc.contradictions:
        out.append("<p>Contradictions:</p>" + items([e(n.text) for n in loc.contradictions], CONFLICT))
    if loc.caveats:
        out.append("<p>Caveats:</p>" + items([e(n.text) for n in loc.caveats], CAVEAT))

    out.append("<h3>Red flags</h3>")
    if assessment.red_flags:
        out.append(items([f"{e(f.flag)}: {e(', '.join(f.findings))} [{e(f.source)}]" for f in assessment.red_flags], CONFLICT))
    else:
        out.append("<p>None found in what was entered.</p>")

    if assessment.differential:
        out.append("<h3>Differential (most likely first)</h3>")
        rows = []
        for entry in assessment.differential[:6]:
            codes = ", ".join(code.code for code in entry.codes.icd10cm) if entry.codes.icd10cm else ""
            rows.append(f"<b>{e(entry.name)}</b>" + (f" ({e(codes)})" if codes else "") +
                        (f"<br><span style='color:{MUTED}'>{e(entry.fit)}</span>" if entry.fit else ""))
        out.append(items(rows))

    applying = [a for a in assessment.actions if a.applies]
    if applying:
        out.append("<h3>Guideline actions</h3>")
        rows = []
        for action in applying:
            timing = action_line(action)
            text = timing if timing else e(action.text)
            strength = f" <span style='color:{MUTED}'>[{e(action.strength)}]</span>" if action.strength else ""
            why = " ".join(part for part in (action.reason, f"[{action.source}]" if action.source else "") if part)
            reason = f"<br><span style='color:{MUTED}'>{e(why)}</span>" if why else ""
            rows.append(text + strength + reason)
        out.append(items(rows))
    if assessment.electrodiagnostics:
        out.append("<h3>Electrodiagnostics</h3>")
        out.append(items([f"{e(note.text)} <span style='color:{MUTED}'>[{e(note.source)}]</span>"
                          for note in assessment.electrodiagnostics]))
    if assessment.imaging:
        out.append("<h3>Imaging</h3>")
        out.append(items([f"{e(i.modality)}: {e(i.reason)} <span style='color:{MUTED}'>[{e(i.source)}]</span>"
                          for i in assessment.imaging]))
    scales = [(key, title) for key, title in (("sunnybrook", "Sunnybrook"), ("eface", "eFACE"),
                                              ("yanagihara", "Yanagihara")) if assessment.per_side(key)]
    if scales:
        out.append("<h3>Other scales (optional)</h3>")
        for key, title in scales:
            out.append(_scale_block(title, assessment.per_side(key), bilateral))
    if assessment.notes:
        out.append("<h3>Notes</h3>")
        out.append(items([f"{e(note.text)} <span style='color:{MUTED}'>[{e(note.source)}]</span>"
                          for note in assessment.notes], MUTED))
    out.append(f"<p style='color:{MUTED}'><i>{e(assessment.disclaimer)}</i></p>")
    return "".join(out)


def value_words(value: Any) -> str:
    return "not assessed" if value is None else text_for(value)
