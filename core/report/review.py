"""The clinician's part: final grade, diagnosis, impression and plan, and the signature block."""
from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from ..exam.models import Exam
from . import labels
from .blocks import esc, free_text, gap, heading, section, subsection
from .status import SignStatus, amendment_text
from .styles import ALERT, ALERT_BG, BOX, RULE, TABLE_FONT, get_styles
from .view import AssessmentView


def clinician_review(exam: Exam, view: AssessmentView) -> list[Flowable]:
    """The final grade (with the full reason when it differs), diagnosis, impression, plan."""
    styles = get_styles()
    review = exam.review
    body: list[Flowable] = []
    lines = []
    for side in exam.graded_sides():
        final = review.final_hb.of(side)
        suggested = next((hb.suggested for hb in view.hb if hb.side in (side.value, None)), None)
        final_text = final.value if final else "not given"
        suggested_text = f" (suggested {suggested})" if suggested else ""
        lines.append(f"{labels.side(side)}: <b>{esc(final_text)}</b>{esc(suggested_text)}")
    if lines:
        body.append(Paragraph("<b>Final House-Brackmann grade.</b> " + "; ".join(lines), styles.body))
    if review.final_hb_reason.strip():
        body += subsection("Reason for the final grade", free_text(review.final_hb_reason))
    body.append(Paragraph(f"<b>Diagnosis:</b> {esc(review.diagnosis) or 'not recorded'}", styles.body))
    body += subsection("Impression", free_text(review.impression))
    body += subsection("Plan", free_text(review.plan))
    return section("Impression and plan", body, keep=2)


def signature_block(status: SignStatus, width: float) -> Flowable:
    """Signed: who and when. Unsigned: a DRAFT notice that cannot be missed."""
    styles = get_styles()
    amendment = amendment_text(status)
    if status.signed:
        text = (
            f"<b>Signed by:</b> {esc(status.signed_by, limit=200)}<br/>"
            f"<b>Signed at:</b> {labels.moment(status.signed_at)}"
        )
        if status.exam_id is not None:
            text += f"<br/><b>Exam record:</b> {esc(status.exam_id)}, version {status.version}"
        background, border = BOX, RULE
        title = "Signature"
    else:
        text = (
            '<font color="#{0}"><b>DRAFT \u2013 not signed.</b> This summary was printed from an unsigned exam; '
            "its findings and conclusions may still change. It is not a final record.</font>"
        ).format(ALERT.hexval()[2:])
        background, border = ALERT_BG, ALERT
        title = "Status"
    if amendment:
        text += f"<br/>{esc(amendment)}"
    box = Table([[Paragraph(text, styles.body)]], colWidths=[width])
    box.setStyle(TableStyle([
        *TABLE_FONT,
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("BOX", (0, 0), (-1, -1), 0.9, border),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return KeepTogether([heading(title), box, gap(2)])
