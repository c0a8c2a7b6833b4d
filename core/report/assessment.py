"""Sections printed from the Assessment: lesion level with the nerve diagram, the scales with
their items, differential, red flags, guideline actions with dates, imaging and codes.

Nothing is computed here; every number and sentence comes from ``core.assess`` via ``view``.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from ..exam.models import Exam
from . import labels
from .blocks import Cell, bullets, esc, gap, heading, section, subsection, table
from .diagram import NerveDiagram
from .styles import ALERT, MUTED, get_styles
from .view import AssessmentView, LevelView, ScaleView

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


def lesion_level(exam: Exam, level: LevelView | None, width: float) -> list[Flowable]:
    """Page 1: where the lesion is consistent with, drawn on the nerve, with evidence and caveats."""
    styles = get_styles()
    intro: list[Flowable] = []
    if level is None:
        intro.append(Paragraph("Lesion level: not available (no localisation in this assessment).", styles.muted))
        segments: list[str] = []
        branches: list[str] = []
    else:
        segments, branches = level.segments, level.branches
        pattern = PATTERN_LABELS.get(level.pattern or "", level.pattern or "")
        if segments:
            statement = f"<b>Consistent with:</b> {esc(_segments_text(segments))}"
            if branches:
                statement += f" ({esc(', '.join(labels.enum_label(b) for b in branches))} branch)"
        else:
            statement = "<b>Level:</b> not determined from the recorded findings"
        if level.summary and level.summary not in segments:
            statement += f"<br/>{esc(level.summary)}"
        if pattern:
            statement += f'<br/><font color="{_MUTED}">Motor pattern: {esc(pattern)}</font>'
        intro.append(Paragraph(statement, styles.body))
    final_level = exam.review.final_level
    if final_level is not None:
        intro.append(Paragraph(f"<b>Clinician's level:</b> {esc(labels.segment(final_level))}", styles.body))
    diagram = NerveDiagram(segments, branches, width=width)
    caption = Paragraph(
        "Schematic, proximal (left) to distal (right). <b>Red</b>: candidate segments. Dashed lines: where the "
        "greater petrosal nerve (tears), the nerve to stapedius (stapedial reflex) and the chorda tympani "
        "(taste) leave the trunk; a lesion spares the functions whose branch leaves above it "
        "(clinical-reference 5.1, 5.2, 5.4).",
        styles.small,
    )
    block: list[Flowable] = [heading("Lesion level"), *intro, gap(3), diagram, gap(2), caption]
    out: list[Flowable] = [KeepTogether(block)]
    if level is not None:
        supports = [e.text for e in level.evidence if e.stance == "for"]
        against = [e.text for e in level.evidence if e.stance == "against"]
        neutral = [e.text for e in level.evidence if e.stance is None]
        for title, items, colour in (
            ("Evidence for", supports, None),
            ("Evidence against", against, None),
            ("Evidence", neutral, None),
            ("Contradictions", level.contradictions, _ALERT),
            ("Caveats", level.caveats, None),
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


def _scale_block(scale: ScaleView, width: float) -> list[Flowable]:
    styles = get_styles()
    side = f" \u00b7 {labels.side(scale.side)}" if scale.side else ""
    if scale.complete and scale.total is not None:
        result = f"total {labels.number(scale.total)}" + (f", grade {scale.grade}" if scale.grade else "")
    else:
        result = "incomplete: not scored"
    out: list[Flowable] = [Paragraph(f"{esc(scale.scale)}{esc(side)} \u2013 {esc(result)}", styles.h2)]
    if scale.items:
        rows: list[list[object]] = [[Cell("Item", "head"), Cell("Entered", "head"), Cell("Points", "head")]]
        for item in scale.items:
            points = labels.number(item.points) if item.points is not None else "\u2013"
            rows.append([Cell(item.label), Cell(_item_value(item.value)), Cell(points)])
        out.append(table(rows, [width - 70 * mm, 48 * mm, 22 * mm]))
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
    return out


def scales_detail(view: AssessmentView, width: float) -> list[Flowable]:
    """Every score with its items, sub-scores, rule and source; the HB suggestion in full."""
    styles = get_styles()
    body: list[Flowable] = []
    for hb in view.hb:
        side = f" \u00b7 {labels.side(hb.side)}" if hb.side else ""
        grade = hb.suggested or "none"
        body.append(Paragraph(f"House-Brackmann suggestion{esc(side)} \u2013 {esc(grade)}", styles.h2))
        body.extend(bullets(hb.reasons))
        body.extend(bullets([f"Conflict: {c}" for c in hb.conflicts], colour=_ALERT, symbol="!"))
        body.extend(bullets([f"Caveat: {c}" for c in hb.caveats]))
        if hb.discordance:
            body.extend(bullets(["Regional discordance: the regions differ markedly; confirm the overall grade."]))
        body.append(gap(4))
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


def differential(view: AssessmentView) -> list[Flowable]:
    styles = get_styles()
    body: list[Flowable] = []
    for index, item in enumerate(view.differential, start=1):
        text = f"<b>{esc(item.name)}</b>"
        if item.codes:
            text += f' <font color="{_MUTED}">({esc(", ".join(item.codes))})</font>'
        if item.note:
            text += f"<br/>{esc(item.note)}"
        body.append(Paragraph(text, styles.bullet, bulletText=f"{index}."))
    if not body:
        body.append(Paragraph("No differential in this assessment.", styles.muted))
    return section("Differential diagnosis (most likely first)", body)


def red_flags(view: AssessmentView) -> list[Flowable]:
    styles = get_styles()
    if view.red_flags:
        body = bullets(view.red_flags, colour=_ALERT, symbol="!")
    else:
        body = [Paragraph("No red flag found in the recorded findings (clinical-reference 8.2).", styles.body)]
    return section("Red flags", body)


def actions(view: AssessmentView, width: float) -> list[Flowable]:
    styles = get_styles()
    if not view.actions:
        return section("Guideline actions", [Paragraph("No guideline action in this assessment.", styles.muted)])
    rows: list[list[object]] = [[Cell("Action", "head"), Cell("Strength", "head"), Cell("Due by", "head")]]
    for action in view.actions:
        text = esc(action.text)
        extra = " \u00b7 ".join(x for x in (action.window, action.status) if x)
        if extra:
            text += f'<br/><font size="7.5" color="{_MUTED}">{esc(extra)}</font>'
        if action.source:
            text += f'<br/><font size="7" color="{_MUTED}">{esc(action.source)}</font>'
        due = labels.day(action.due_by) if action.due_by else "\u2013"
        rows.append([Paragraph(text, styles.cell), Cell(action.strength or "\u2013"), Cell(due, "bold")])
    return section("Guideline actions", [table(rows, [width - 62 * mm, 36 * mm, 26 * mm])], keep=1)


def imaging(view: AssessmentView) -> list[Flowable]:
    if not view.imaging:
        return []
    return section("Imaging", bullets(view.imaging))


def codes(view: AssessmentView, width: float) -> list[Flowable]:
    styles = get_styles()
    if not view.codes:
        return section("Codes", [Paragraph("No codes in this assessment.", styles.muted)])
    rows: list[list[object]] = [[Cell("System", "head"), Cell("Code", "head"), Cell("Meaning", "head")]]
    for code in view.codes:
        rows.append([Cell(code.system or "\u2013"), Cell(code.code, "bold"), Cell(code.display or "\u2013")])
    return section("Codes", [table(rows, [34 * mm, 30 * mm, width - 64 * mm])], keep=1)
