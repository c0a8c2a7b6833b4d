"""Sections printed from the Assessment: lesion level with the nerve diagram, the scales with
their items, differential, red flags, guideline actions with dates, imaging and codes.

Nothing is computed here; every number and sentence comes from ``core.assess`` via ``view``.
"""
from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from ..exam.models import Exam
from . import labels
from .blocks import Cell, bullets, esc, gap, heading, section, subsection, table
from .diagram import NerveDiagram
from .styles import ALERT, MUTED, RULE, get_styles
from .view import ActionView, AssessmentView, LevelView, ScaleView

_ALERT = "#" + ALERT.hexval()[2:]
_MUTED = "#" + MUTED.hexval()[2:]

PATTERN_LABELS = {
    "central": "central (supranuclear) pattern",
    "peripheral": "peripheral pattern",
    "branch": "branch-only pattern",
    "indeterminate": "indeterminate pattern",
}


def _segments_text(segments: list[str]) -> str:
    return ", ".join(labels.segment(s) for s in segments)


def _level_statement(level: LevelView) -> str:
    pattern = PATTERN_LABELS.get(level.pattern or "", level.pattern or "")
    lines = []
    if level.summary:
        summary = level.summary[0].upper() + level.summary[1:]
        lines.append(f"<b>{esc(summary)}</b>")
    if level.segments:
        candidates = _segments_text(level.segments)
        if level.branches:
            candidates += f" ({', '.join(labels.enum_label(b) for b in level.branches)})"
        lines.append(f"Candidate segments: {esc(candidates)}")
    elif not level.summary:
        lines.append("<b>Level:</b> not determined from the recorded findings")
    meta = []
    if pattern:
        meta.append(f"motor pattern: {pattern}")
    if level.confidence:
        meta.append(f"confidence: {level.confidence}")
    if len(level.sides) == 2 and len({tuple(v.segments + v.branches) for v in level.sides.values()}) == 1:
        meta.append("the same candidate segments on both sides")
    if meta:
        lines.append(f'<font color="{_MUTED}">{esc("; ".join(meta).capitalize())}</font>')
    return "<br/>".join(lines)


def _diagrams(
    level: LevelView | None, width: float, caption: Flowable, sublevels: dict[str, list[str]] | None = None
) -> list[Flowable]:
    """One diagram; one per side when a bilateral palsy has different candidates on each side.

    Each is a Figure, so a side's heading and the caption (under the last diagram) stay with
    their drawing. ``sublevels`` are the localisation's lesion positions ("" for the whole exam,
    "right"/"left" per side): the mastoid segment is then red only where the level says.
    """
    from .flowables import Figure

    styles = get_styles()
    sublevels = sublevels or {}
    below = [gap(2), caption]
    if level is None:
        return [Figure(NerveDiagram([], width=width), below=below)]
    sides = level.sides
    if len(sides) == 2 and len({tuple(v.segments + v.branches) for v in sides.values()}) == 2:
        out: list[Flowable] = []
        for side in ("right", "left"):
            view = sides[side]
            drawing = NerveDiagram(view.segments, view.branches, width=width, sublevels=sublevels.get(side, ()))
            out.append(Figure(drawing, above=[Paragraph(f"{labels.side(side)} side", styles.h2)],
                              below=below if side == "left" else []))
        return out
    return [Figure(NerveDiagram(level.segments, level.branches, width=width, sublevels=sublevels.get("", ())),
                   below=below)]


def _evidence_line(item) -> str:
    if item.level and item.level not in item.text:
        return f"{item.text} [{item.level}]"
    return item.text


def _evidence_table(level: LevelView, width: float) -> list[Flowable]:
    """'Evidence by level': findings for and against each level, a row per level in the order the
    localisation weighs them (motor pattern, then the topognostic table proximal to distal, then
    associated signs); a finding appears, without its prediction, in every row it speaks to."""
    by_level: dict[str, tuple[list[str], list[str]]] = {}
    for item in level.evidence:
        if item.stance not in ("for", "against"):
            continue
        name = item.level or "\u2013"
        fits, against = by_level.setdefault(name, ([], []))
        (fits if item.stance == "for" else against).append(f"\u2022 {item.observed or item.text}")
    if not by_level:
        return []
    label_w = 46 * mm
    rows: list[list[object]] = [[Cell("Level", "head"), Cell("Findings that fit", "head"), Cell("Findings against", "head")]]
    for name, (fits, against) in by_level.items():
        # Computed findings, not typed text: never cut (both sides of a bilateral palsy share a row).
        rows.append([Cell(name, "bold"), Cell("\n".join(fits) or "\u2013", limit=None),
                     Cell("\n".join(against) or "\u2013", limit=None)])
    half = (width - label_w) / 2
    legend = Paragraph(
        "A finding fits a level when a lesion there predicts the result found, and argues against it when "
        "it predicts the opposite (clinical-reference 5.4, 6.1).",
        get_styles().small,
    )
    shown = table(rows, [label_w, half, half])
    # The heading goes to the next page unless the header row and the first level fit below it
    # (v01's first row is ten lines: a fixed room left the heading alone at the foot of page 1;
    # a level's row can be that tall, so one row is enough company at the foot of a page).
    shown.orphans = 1
    return [*subsection("Evidence by level", [shown]), legend]


def lesion_level(
    exam: Exam, level: LevelView | None, width: float, sublevels: dict[str, list[str]] | None = None
) -> list[Flowable]:
    """Page 1: where the lesion is consistent with, drawn on the nerve, with evidence and caveats.

    ``sublevels``: the localisation's lesion positions (see :func:`_diagrams`)."""
    styles = get_styles()
    intro: list[Flowable] = []
    if level is None:
        intro.append(Paragraph("Lesion level: not available (no localisation in this assessment).", styles.muted))
    else:
        intro.append(Paragraph(_level_statement(level), styles.body))
    final_level = exam.review.final_level
    if final_level is not None:
        intro.append(Paragraph(f"<b>Clinician's level:</b> {esc(labels.segment(final_level))}", styles.body))
    caption = Paragraph(
        "Schematic, proximal (left) to distal (right). <b>Red</b>: candidate segments. Dashed lines: where the "
        "greater petrosal nerve (tears), the nerve to stapedius (stapedial reflex) and the chorda tympani "
        "(taste) leave the trunk; a lesion spares the functions whose branch leaves above it "
        "(clinical-reference 5.1, 5.2, 5.4).",
        styles.small,
    )
    # Heading and statement stay together; the diagram follows with its caption and shrinks a
    # little if the page is nearly full rather than leave a gap.
    out: list[Flowable] = [KeepTogether([CondPageBreak(40 * mm), heading("Lesion level"), *intro, gap(3)])]
    out += _diagrams(level, width, caption, sublevels)
    if level is not None:
        neutral = [_evidence_line(e) for e in level.evidence if e.stance is None]
        out += _evidence_table(level, width)
        for title, items, colour in (
            ("Other evidence", neutral, None),
            ("Contradictions", level.contradictions, _ALERT),
            ("Possible explanations", level.explanations, None),
            ("Closest fit", [_segments_text(level.closest_fit)] if level.closest_fit else [], None),
            ("Caveats", level.caveats, None),
            ("Confidence", level.confidence_reasons, None),
        ):
            out += subsection(title, bullets(items, colour=colour))
    return out


# --- Scales in detail ---------------------------------------------------------------------------


def _item_value(value: object) -> str:
    if value is None:
        return labels.NOT_ASSESSED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return labels.number(value)
    return labels.enum_label(value)


#: How many rows longer than an even split the left column may be to keep a group of items whole.
GROUP_SPLIT_SLACK = 2


def _split_point(item_labels: list[str]) -> int:
    """Where the left column ends: half the items, or the group boundary ("Voluntary: ...",
    "Synkinesis: ...") nearest to it when that leaves the columns within GROUP_SPLIT_SLACK rows."""
    half = (len(item_labels) + 1) // 2
    groups = [label.split(":", 1)[0] if ":" in label else "" for label in item_labels]
    boundaries = [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    fitting = [b for b in boundaries if b >= len(item_labels) - b and b - half <= GROUP_SPLIT_SLACK]
    return min(fitting, key=lambda b: abs(b - half)) if fitting else half


def _items_table(scale: ScaleView, width: float) -> Flowable:
    """The items in two side-by-side halves (item, entered, points), read down then across; the
    halves split between groups of items (Sunnybrook's voluntary and synkinesis) where that keeps
    them nearly even, so a group is not cut across the columns."""
    half = _split_point([item.label for item in scale.items])
    left, right = scale.items[:half], scale.items[half:]
    value_w, points_w = 22 * mm, 14 * mm
    label_w = (width - 2 * (value_w + points_w)) / 2
    head = [Cell("Item", "head"), Cell("Entered", "head"), Cell("Points", "head")]
    rows: list[list[object]] = [head + head]
    for index in range(half):
        row: list[object] = []
        for item in (left[index], right[index] if index < len(right) else None):
            if item is None:
                row += ["", "", ""]
                continue
            points = labels.number(item.points) if item.points is not None else "\u2013"
            row += [Cell(item.label), Cell(_item_value(item.value)), Cell(points)]
        rows.append(row)
    widths = [label_w, value_w, points_w, label_w, value_w, points_w]
    return table(rows, widths, extra=[("LINEBEFORE", (3, 0), (3, -1), 0.6, RULE)])


def _scale_block(scale: ScaleView, width: float) -> list[Flowable]:
    styles = get_styles()
    side = f" \u00b7 {labels.side(scale.side)}" if scale.side else ""
    if scale.complete and scale.total is not None:
        result = f"total {labels.number(scale.total)}" + (f", grade {scale.grade}" if scale.grade else "")
    else:
        result = "incomplete: not scored"
    out: list[Flowable] = []
    if scale.items:
        out.append(_items_table(scale, width))
    details = []
    if scale.subscores:
        parts = ", ".join(f"{name.replace('_', ' ')} {labels.number(value)}" for name, value in scale.subscores.items())
        details.append(f"<b>Sub-scores:</b> {esc(parts)}")
    if scale.missing and not scale.items:
        details.append(f"<b>Not assessed:</b> {esc(', '.join(scale.missing))}")
    if scale.rule:
        details.append(f"<b>Rule:</b> {esc(scale.rule)}")
    if scale.source:
        details.append(f'<font color="{_MUTED}">Source: {esc(scale.source)}</font>')
    for line in details:
        out.append(Paragraph(line, styles.small))
    out.extend(bullets(scale.notes, style="small"))
    out.append(gap(4))
    # The heading stays with the first rows of the items (or the first line of the details).
    return subsection(f"{scale.scale}{side} \u2013 {result}", out)


def scales_detail(view: AssessmentView, width: float) -> list[Flowable]:
    """Every score with its items, sub-scores, rule and source; the HB suggestion in full."""
    styles = get_styles()
    body: list[Flowable] = []
    for hb in view.hb:
        side = f" \u00b7 {labels.side(hb.side)}" if hb.side else ""
        grade = hb.suggested or "no grade suggested"
        items = bullets(hb.reasons)
        items.extend(bullets([f"Conflict: {c}" for c in hb.conflicts], colour=_ALERT, symbol="!"))
        items.extend(bullets([f"Caveat: {c}" for c in hb.caveats]))
        items.extend(bullets([f"Note: {n}" for n in hb.notes], colour=_MUTED))
        if hb.discordance and not any(c.startswith("Regional discordance") for c in hb.caveats):
            items.extend(bullets(["Regional discordance: the regions differ markedly; confirm the overall grade."]))
        items.append(gap(4))
        body.extend(subsection(f"House-Brackmann suggestion{side} \u2013 {grade}", items))
    unscored = []
    for group in (view.fngs2, view.sunnybrook, view.eface, view.yanagihara):
        for scale in group:
            if scale.items and all(item.value is None for item in scale.items):
                unscored.append(scale.scale + (f" ({labels.side(scale.side).lower()})" if scale.side else ""))
            else:
                body.extend(_scale_block(scale, width))
    if unscored:
        body.append(Paragraph(f"<b>Not assessed at this exam:</b> {esc(', '.join(unscored))}.", styles.body))
    if not body:
        body.append(Paragraph("No scale results in this assessment.", styles.muted))
    return section("Grading scales in detail", body, keep=2)


# --- Guidance -----------------------------------------------------------------------------------


#: Entities of the differential printed with their reasons; the rest are named in one paragraph
#: (everything possible at the level stays on the page, the list stays readable).
DIFFERENTIAL_DETAILED = 8


def differential(view: AssessmentView) -> list[Flowable]:
    styles = get_styles()
    body: list[Flowable] = []
    for index, item in enumerate(view.differential[:DIFFERENTIAL_DETAILED], start=1):
        text = f"<b>{esc(item.name)}</b>"
        if item.codes:
            text += f' <font color="{_MUTED}">({esc(", ".join(item.codes))})</font>'
        if item.fit:
            text += f" \u2013 {esc(item.fit)}"
        details = []
        if item.supporting:
            details.append(f"For: {esc('; '.join(item.supporting))}")
        if item.against:
            details.append(f"Against: {esc('; '.join(item.against))}")
        if item.note:
            details.append(f'<font color="{_MUTED}">{esc(item.note)}</font>')
        if details:
            text += "<br/>" + "<br/>".join(details)
        body.append(Paragraph(text, styles.bullet, bulletText=f"{index}."))
    rest = view.differential[DIFFERENTIAL_DETAILED:]
    if rest:
        names = "; ".join(
            f"{index}. {esc(item.name)}" + (f' <font color="{_MUTED}">({esc(", ".join(item.codes))})</font>' if item.codes else "")
            for index, item in enumerate(rest, start=DIFFERENTIAL_DETAILED + 1)
        )
        body.append(Paragraph(f"<b>Also possible, less likely on the recorded findings:</b> {names}", styles.small))
    if not body:
        body.append(Paragraph("No differential in this assessment.", styles.muted))
    return section("Differential diagnosis (most likely first)", body)


def red_flags(view: AssessmentView) -> list[Flowable]:
    styles = get_styles()
    if not view.red_flags:
        body: list[Flowable] = [Paragraph("No red flag found in the recorded findings (clinical-reference 8.2).", styles.body)]
        return section("Red flags", body)
    body = []
    for flag in view.red_flags:
        text = f'<font color="{_ALERT}"><b>{esc(flag.flag)}</b></font>'
        if flag.findings:
            text += f"<br/>{esc('; '.join(flag.findings))}"
        body.append(Paragraph(text, styles.bullet, bulletText="!"))
    return section("Red flags", body)


def _due(action: ActionView, value: object = None) -> str:
    """A date of the action as printed: ``value`` when given (window opening, start date), else the due date."""
    when = action.due_by if value is None else value
    if when is None:
        return "\u2013"
    no_window = getattr(action, "window_state", None) is None and action.window_open is None
    if isinstance(when, datetime) and no_window and when.time() == datetime.min.time():
        return labels.day(when)  # a day to act by (reassessment at 3 months), not a deadline hour
    if isinstance(when, datetime):
        return labels.moment(when)
    return labels.day(when)  # type: ignore[arg-type]


def actions(view: AssessmentView, width: float) -> list[Flowable]:
    """Guideline statements that apply, with the date by which each is due (8.1).

    The "Due by" cell says where the exam time stands in the action's window (guidance.Action):
    a treatment already started is said so with its date (no deadline, no alarm); a window that
    has not opened yet gives its opening, muted; a closed window is red; an open one gives the
    hours left. Rows come in the order the assessment gives: urgent and time-critical first.
    The state is read from ``window_state`` where the view carries it, else from ``window_open``
    (True open, False closed only).
    """
    styles = get_styles()
    applicable = [a for a in view.actions if a.applies]
    body: list[Flowable] = []
    if applicable:
        rows: list[list[object]] = [[Cell("#", "head"), Cell("Action", "head"), Cell("Strength", "head"), Cell("Due by", "head")]]
        for action in applicable:
            text = esc(action.text)
            # The reason and where the step comes from, as the review page gives them; a guideline
            # statement's source is already its number in the # column.
            numbered = bool(action.number) and f"statement {action.number})" in action.source
            source = f"[{action.source}]" if action.source and not numbered else ""
            why = " ".join(part for part in (action.reason, source) if part)
            if why:
                text += f'<br/><font size="7.5" color="{_MUTED}">{esc(why)}</font>'
            due = _due(action)
            state = getattr(action, "window_state", None) or {True: "open", False: "closed"}.get(action.window_open)  # type: ignore[call-overload]
            opens = getattr(action, "window_start", None)
            hours = getattr(action, "hours_left", None)
            due_cell: object
            if getattr(action, "done", False):
                started = getattr(action, "done_on", None)
                said = f"started<br/>{esc(_due(action, started))}" if started is not None else "already started"
                due_cell = Paragraph(f'<font color="{_MUTED}">{said}</font>', styles.cell)
            elif state == "closed":
                due_cell = Paragraph(f'<font color="{_ALERT}"><b>{esc(due)}</b><br/>window closed</font>', styles.cell)
            elif state == "not_open_yet" and opens is not None:
                opening = esc(_due(action, opens)).replace(" ", "\u00a0")  # the date and time stay on one line
                due_cell = Paragraph(f'<font color="{_MUTED}">opens {opening}</font><br/><b>{esc(due)}</b>', styles.cell)
            elif state == "open" and hours is not None:
                due_cell = Paragraph(f"<b>{esc(due)}</b><br/>{esc(labels.number(hours))} h left", styles.cell)
            else:
                due_cell = Cell(due, "bold")
            rows.append([Cell(action.number or "\u2013"), Paragraph(text, styles.cell), Cell(action.strength or "\u2013"), due_cell])
        body.append(table(rows, [9 * mm, width - 84 * mm, 42 * mm, 33 * mm]))
        body.append(Paragraph("#: statement of the AAO-HNS Bell's palsy guideline as numbered in clinical-reference 8.1.", styles.small))
    else:
        body.append(Paragraph("No guideline action applies to this exam.", styles.muted))
    skipped = [a for a in view.actions if not a.applies]
    if skipped:
        listed = "; ".join(f"{a.number or a.text}" + (f" ({a.reason})" if a.reason else "") for a in skipped)
        body.append(Paragraph(f"Not applicable here: {esc(listed)}", styles.small))
    body += subsection("Electrodiagnostics", bullets(view.electrodiagnostics))
    body += subsection("Notes", bullets(view.notes))
    return section("Guideline actions", body, keep=1)


def imaging(view: AssessmentView) -> list[Flowable]:
    if not view.imaging:
        return []
    items = [f"{i.modality} \u2013 {i.reason}" if i.reason else i.modality for i in view.imaging]
    return section("Imaging", bullets(items))


def codes(view: AssessmentView, width: float) -> list[Flowable]:
    styles = get_styles()
    if not view.codes:
        return section("Codes (suggested)", [Paragraph("No codes in this assessment.", styles.muted)])
    rows: list[list[object]] = [[Cell("System", "head"), Cell("Code", "head"), Cell("Meaning", "head")]]
    for code in view.codes:
        meaning = esc(code.display or "\u2013")
        if code.note:
            meaning += f' <font color="{_MUTED}">({esc(code.note)})</font>'
        rows.append([Cell(code.system or "\u2013"), Cell(code.code, "bold"), Paragraph(meaning, styles.cell)])
    leading = view.differential[0].name if view.differential else None
    intro = (
        f"Suggested for the most likely diagnosis in the differential ({esc(leading, limit=160)}) and the side; "
        "the clinician confirms them against the recorded diagnosis. They are not a diagnosis."
        if leading else "Suggested codes; the clinician confirms them. They are not a diagnosis."
    )
    body: list[Flowable] = [Paragraph(intro, styles.small), gap(2), table(rows, [30 * mm, 24 * mm, width - 54 * mm])]
    body += bullets(view.code_notes, style="small")
    return section("Codes (suggested)", body, keep=2)
