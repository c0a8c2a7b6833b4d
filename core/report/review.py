"""The clinician's part: final grade, diagnosis, impression and plan, and the signature block."""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from ..exam.models import Exam
from . import labels
from .blocks import esc, free_text, gap, heading, section, subsection
from .flowables import KeepWithTail
from .status import SignStatus, amendment_text
from .styles import ALERT, ALERT_BG, BOX, RULE, TABLE_FONT, get_styles
from .view import AssessmentView


#: Lines of the plan that go to the next page with the signature rather than leave it alone.
CLOSING_LINES = 2


def clinician_review(exam: Exam, view: AssessmentView, closing: Sequence[Flowable] = ()) -> list[Flowable]:
    """The final grade (with the full reason when it differs), diagnosis, impression, plan.

    ``closing`` (the signature block, :func:`signature_parts`) follows the plan and never starts
    a page alone: at least the plan's last lines go with it.
    """
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
    plan = free_text(review.plan)
    if closing:
        # The plan's heading stays with its first paragraph, and its last paragraph with the
        # closing block (one KeepWithTail when the plan is one paragraph).
        head = heading("Plan", level=2)
        if len(plan) == 1:
            body.append(KeepWithTail([head, plan[0]], list(closing), CLOSING_LINES))
        else:
            body += [KeepTogether([head, plan[0]]), *plan[1:-1], KeepWithTail([plan[-1]], list(closing), CLOSING_LINES)]
    else:
        body += subsection("Plan", plan)
    return section("Impression and plan", body, keep=2)


def signature_block(status: SignStatus, width: float) -> Flowable:
    """Signed: who and when. Unsigned: a DRAFT notice that cannot be missed."""
    return KeepTogether(signature_parts(status, width))


def signature_parts(status: SignStatus, width: float) -> list[Flowable]:
    """The signature block's heading, box and closing space (see :func:`signature_block`)."""
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
    return [heading(title), box, gap(2)]
