"""Page 1, top: the title with the signing status, the patient and encounter, the summary box."""
from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..exam.enums import FaceSide
from ..exam.models import Exam
from . import labels
from .blocks import CELL_PADDING, Cell, esc, gap, layout_cells
from .status import SignStatus, amendment_text
from .styles import ALERT, ALERT_BG, BOX, GRID, MUTED, NAVY, RULE, TABLE_FONT, get_styles
from .view import AssessmentView, HbView, ScaleView

#: How much of the clinician's free-text reason the summary box shows (full text in the review).
BOX_REASON_LIMIT = 320
BOX_ITEM_LIMIT = 300


_CITATION = re.compile(r"\s*\[[^\[\]]*\]\.?$")
_CLAUSE_ENDS = (". ", "; ", ": ", ", ", " \u2013 ", " - ")


def clip_item(text: str, limit: int = BOX_ITEM_LIMIT) -> str:
    """A reason, conflict or caveat cut to about ``limit`` characters for the summary box.

    The cut falls after a sentence or clause (". ", "; ", ": ", ", ") and never inside a bracketed
    citation: a closing citation such as "[1.2, additional rule S1]." is kept whole after the cut,
    and a parenthesis left open by the cut is closed. The full text is printed under "Grading
    scales in detail".
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    citation = ""
    found = _CITATION.search(text)
    if found and len(found.group()) < limit // 3:
        citation = " " + found.group().strip()
        text = text[: found.start()]
    budget = limit - len(citation) - 3
    best = None  # (end of the kept text, parentheses open there)
    words = None
    square = 0
    open_parens = 0
    for index, char in enumerate(text[: budget + 1]):
        if char == "[":
            square += 1
        elif char == "]":
            square = max(square - 1, 0)
        elif char == "(":
            open_parens += 1
        elif char == ")":
            open_parens = max(open_parens - 1, 0)
        if square or index == 0:
            continue
        if char == " ":
            words = (index, open_parens)
        for end in _CLAUSE_ENDS:
            if text.startswith(end, index) and index + len(end.rstrip()) <= budget:
                best = (index + len(end.rstrip()), open_parens)
    if best is None or best[0] < budget // 3:
        best = words or (budget, open_parens)
    end, still_open = best
    kept = text[:end].rstrip(" ,;:\u2013-")
    return kept + " \u2026" + ")" * still_open + citation


def _hex(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def title_block(status: SignStatus, width: float) -> Flowable:
    """Title on the left, signing status on the right: the first thing a reader checks."""
    styles = get_styles()
    left = [
        Paragraph("Facial nerve examination", styles.title),
        Paragraph("Summary of findings, grading, lesion level and guidance", styles.subtitle),
    ]
    if status.signed:
        when = labels.moment(status.signed_at)
        badge = (
            f'<font color="{_hex(NAVY)}"><b>Signed</b></font><br/>'
            f'<font size="7.5">by {esc(status.signed_by, limit=120)}<br/>{when}</font>'
        )
        background, border = BOX, RULE
    else:
        badge = (
            f'<font color="{_hex(ALERT)}"><b>DRAFT</b><br/>'
            '<font size="7.5">not signed: not a final record</font></font>'
        )
        background, border = ALERT_BG, ALERT
    amendment = amendment_text(status)
    if amendment:
        badge += f'<br/><font size="7" color="{_hex(MUTED)}">{esc(amendment)}</font>'
    right = Paragraph(badge, styles.cell)
    badge_width = 46 * mm
    result = Table([[left, right]], colWidths=[width - badge_width, badge_width])
    result.setStyle(TableStyle([
        *TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
        ("BACKGROUND", (1, 0), (1, 0), background),
        ("BOX", (1, 0), (1, 0), 0.8, border),
        ("LEFTPADDING", (1, 0), (1, 0), 6),
        ("TOPPADDING", (1, 0), (1, 0), 4),
        ("BOTTOMPADDING", (1, 0), (1, 0), 5),
    ]))
    return result


def _dob(exam: Exam) -> str:
    birth = exam.patient.birth_date
    if birth is None:
        return "not recorded"
    age = exam.age_years
    return f"{birth.isoformat()} (age {age} at the exam)" if age is not None else birth.isoformat()


def _onset(exam: Exam) -> str:
    days = exam.days_since_onset
    onset = exam.encounter.onset_date
    if days is None or onset is None:
        return "not recorded (onset date unknown)"
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} (onset {onset.isoformat()})"


def _treatment(exam: Exam) -> str:
    treatment = exam.encounter.treatment
    parts = []
    for name, given, when in (
        ("steroid", treatment.steroid, treatment.steroid_date),
        ("antiviral", treatment.antiviral, treatment.antiviral_date),
    ):
        if given is None:
            parts.append(f"{name} not recorded")
        elif given:
            parts.append(f"{name} since {when.isoformat()}" if when else f"{name} started")
        else:
            parts.append(f"no {name}")
    return "; ".join(parts)


def patient_block(exam: Exam, width: float) -> Flowable:
    """Who, when, by whom, which side, how long since onset."""
    enc = exam.encounter
    visit = labels.enum_label(enc.visit) if enc.visit else "not recorded"
    exam_when = f"{labels.moment(enc.exam_datetime)} ({visit} visit)" if enc.visit else labels.moment(enc.exam_datetime)
    rows = [
        ("Patient", exam.patient.display_name, "MRN", exam.patient.mrn),
        ("Date of birth", _dob(exam), "Sex", labels.enum_label(exam.patient.sex)),
        ("Exam", exam_when, "Examiner", enc.examiner or "not recorded"),
        ("Affected side", labels.side(enc.affected_side) if enc.affected_side else "not recorded",
         "Days since onset", _onset(exam)),
        ("Onset course", labels.enum_label(enc.onset_course) if enc.onset_course else "not recorded",
         "Episode", labels.enum_label(enc.episode) if enc.episode else "not recorded"),
        ("Worsening after 3 weeks", labels.finding(enc.worsening_after_3_weeks, yes="yes", no="no"),
         "Treatment started", _treatment(exam)),
    ]
    cells = []
    for index, (l1, v1, l2, v2) in enumerate(rows):
        kind = "bold" if index == 0 else "body"
        cells.append([Cell(l1, "head"), Cell(v1, kind, limit=300), Cell(l2, "head"), Cell(v2, kind, limit=300)])
    label_w = 30 * mm
    value_w = (width - 2 * label_w) / 2
    widths = [label_w, value_w, label_w, value_w]
    data, commands = layout_cells(cells, widths)
    result = Table(data, colWidths=widths)
    result.setStyle(TableStyle([
        *commands,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, NAVY),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.8),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return result


# --- The summary box -----------------------------------------------------------------------------


def _sides(exam: Exam, view: AssessmentView) -> list[str | None]:
    sides: list[str | None] = [side.value for side in exam.graded_sides()]
    if not sides:
        sides = [hb.side for hb in view.hb] or [None]
    return sides


def _hb_for(view: AssessmentView, side: str | None) -> HbView | None:
    for hb in view.hb:
        if hb.side == side or hb.side is None or side is None:
            return hb
    return None


def _final_grade(exam: Exam, side: str | None) -> str | None:
    if side is None:
        return None
    grade = exam.review.final_hb.of(FaceSide(side))
    return grade.value if grade is not None else None


def _grade_cell(side: str | None, final: str | None, suggested: str | None) -> list[Flowable]:
    styles = get_styles()
    side_text = f"{labels.side(side)} side: " if side else ""
    if final:
        big, note = final, "clinician's final grade"
    elif suggested:
        big, note = suggested, "suggested; not yet confirmed by the clinician"
    else:
        big, note = "\u2013", "not graded"
    note = side_text + note
    return [
        Paragraph("House-Brackmann", styles.cell_head),
        Paragraph(esc(big), styles.grade.clone("grade_big", fontSize=24, leading=29)),
        Paragraph(note, styles.small.clone("grade_note", textColor=MUTED)),
    ]


def _more_text(reasons: int, caveats: int, notes: int) -> str:
    """What the box leaves out, so a reader knows the rest is on a later page (never a silent cut)."""
    parts = [
        f"{count} {one if count == 1 else many}"
        for count, one, many in (
            (reasons, "more reason", "more reasons"), (caveats, "more caveat", "more caveats"), (notes, "note", "notes"),
        )
        if count > 0
    ]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{listed} under Grading scales in detail."


def _hb_detail(exam: Exam, hb: HbView | None, final: str | None) -> list[Flowable]:
    styles = get_styles()
    out: list[Flowable] = []
    if hb is None or hb.suggested is None:
        out.append(Paragraph("<b>Suggested grade:</b> none (the recorded findings do not determine one).", styles.cell))
    else:
        out.append(Paragraph(f"<b>Suggested grade: {esc(hb.suggested)}</b>", styles.cell))
    if hb is not None:
        for reason in hb.reasons[:3]:
            out.append(Paragraph(esc(clip_item(reason), limit=None), styles.cell, bulletText="\u2022"))
        for conflict in hb.conflicts:
            out.append(Paragraph(
                f'<font color="{_hex(ALERT)}"><b>Conflict:</b> {esc(clip_item(conflict), limit=None)}</font>',
                styles.cell, bulletText="!",
            ))
        for caveat in hb.caveats[:2]:
            out.append(Paragraph(f"Caveat: {esc(clip_item(caveat), limit=None)}", styles.cell, bulletText="\u2022"))
        more = _more_text(len(hb.reasons) - 3, len(hb.caveats) - 2, len(hb.notes))
        if more:
            out.append(Paragraph(more, styles.small))
    if final and hb is not None and hb.suggested and final != hb.suggested:
        reason = exam.review.final_hb_reason.strip()
        why = esc(reason, limit=BOX_REASON_LIMIT) if reason else "no reason recorded"
        out.append(Paragraph(
            f"<b>Final grade {esc(final)} differs from the suggestion {esc(hb.suggested)}.</b> Reason: {why}",
            styles.cell,
        ))
    return out


def _scale_text(views: list[ScaleView], *, value: str) -> str:
    """One summary line per side: the value when complete, what is missing otherwise."""
    if not views:
        return f'<font color="{_hex(MUTED)}">not available</font>'
    lines = []
    for scale in views:
        prefix = f"{labels.side(scale.side)}: " if scale.side and len(views) > 1 else ""
        if scale.complete and scale.total is not None:
            if value == "grade" and scale.grade:
                shown = f"<b>{esc(scale.grade)}</b> (total {labels.number(scale.total)})"
            else:
                shown = f"<b>{labels.number(scale.total)}</b>"
            lines.append(prefix + shown)
        elif scale.missing and len(scale.missing) == len(scale.items or scale.missing):
            lines.append(prefix + f'<font color="{_hex(MUTED)}">not assessed</font>')
        else:
            count = len(scale.missing)
            missing = f"{count} item{'s' if count != 1 else ''} missing" if count else "incomplete"
            lines.append(prefix + f'<font color="{_hex(MUTED)}">incomplete ({missing})</font>')
    return "<br/>".join(lines)


def _glance(exam: Exam, view: AssessmentView) -> str:
    """Diagnosis, the most likely cause and the red flags, in two lines."""
    parts = []
    if exam.review.diagnosis.strip():
        parts.append(f"<b>Diagnosis (clinician):</b> {esc(exam.review.diagnosis, limit=200)}")
    if view.differential:
        parts.append(f"<b>Most likely (suggested):</b> {esc(view.differential[0].name, limit=160)}")
    line = " \u00a0\u00b7\u00a0 ".join(parts)
    if view.red_flags:
        count = len(view.red_flags)
        shown = "; ".join(flag.flag for flag in view.red_flags[:2])
        more = f"; and {count - 2} more" if count > 2 else ""
        flags = (
            f'<font color="{_hex(ALERT)}"><b>Red flags ({count}):</b> {esc(shown, limit=260)}{esc(more)}</font>'
        )
        line = f"{line}<br/>{flags}" if line else flags
    elif view.differential or view.hb:
        line += ("<br/>" if line else "") + "<b>Red flags:</b> none found in the recorded findings"
    return line


def summary_box(exam: Exam, view: AssessmentView, width: float) -> Flowable:
    """The grade, its reason, and the other scales, at a glance."""
    styles = get_styles()
    rows: list[list[object]] = []
    for side in _sides(exam, view):
        hb = _hb_for(view, side)
        final = _final_grade(exam, side)
        rows.append([_grade_cell(side, final, hb.suggested if hb else None), _hb_detail(exam, hb, final)])
    scale_cells = [
        ("FNGS 2.0", _scale_text(view.fngs2, value="grade"), "grade I-VI; total 4-27"),
        ("Sunnybrook", _scale_text(view.sunnybrook, value="total"), "composite; 100 = normal"),
        ("eFACE", _scale_text(view.eface, value="total"), "total 0-100; 100 = normal"),
        ("Yanagihara", _scale_text(view.yanagihara, value="total"), "0-40; 40 = normal"),
    ]
    quarter = (width - 12) / 4
    scales = Table(
        [[
            [Paragraph(name, styles.cell_head), Paragraph(body, styles.cell),
             Paragraph(hint, styles.small.clone("scale_hint", textColor=MUTED))]
            for name, body, hint in scale_cells
        ]],
        colWidths=[quarter] * 4,
    )
    scales.setStyle(TableStyle([
        *TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBEFORE", (1, 0), (-1, 0), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    rows.append([scales, ""])
    glance = _glance(exam, view)
    if glance:
        rows.append([Paragraph(glance, styles.cell), ""])
    grade_w = 38 * mm
    box = Table(rows, colWidths=[grade_w, width - grade_w])
    last = len(rows) - 1
    box.setStyle(TableStyle([
        *TABLE_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), BOX),
        ("BOX", (0, 0), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, last - 1), 0.4, RULE),
        ("SPAN", (0, last), (1, last)),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
    ]))
    return box


def page_one_header(exam: Exam, view: AssessmentView, status: SignStatus, width: float) -> list[Flowable]:
    return [
        title_block(status, width),
        gap(5),
        patient_block(exam, width),
        gap(8),
        summary_box(exam, view, width),
    ]
