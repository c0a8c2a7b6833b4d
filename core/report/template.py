"""The page: paper size, margins, running header, footer with "Page x of y", and the DRAFT mark.

The footer needs the page count, which is only known at the end, so pages are drawn by
:class:`NumberedCanvas`, which keeps each finished page and stamps the footers on save (one
layout pass instead of two).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..settings import PaperSize, Settings
from .fonts import draw_text, register_fonts, text_width
from .styles import ALERT, MUTED, NAVY, RULE
from .text import plain

MARGIN_X = 17 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 21 * mm
RUNNING_HEADER = 9 * mm

DISCLAIMER = (
    "Decision support for clinicians: suggested grades, levels and actions are computed from the "
    "recorded findings; the clinician confirms every conclusion."
)


def page_size(settings: Settings | None) -> tuple[float, float]:
    """A4 unless the settings ask for US Letter."""
    if settings is not None and settings.paper_size == PaperSize.letter:
        return LETTER
    return A4


@dataclass(frozen=True)
class PageDecor:
    """What every page prints around the content (all strings are plain, already cleaned)."""

    patient: str
    mrn: str
    exam_date: str
    app: str
    printed: str
    draft: bool


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``width`` (names can be 200 characters)."""
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "\u2026", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "\u2026"


#: The smallest font size the identifier line shrinks to before the MRN would be cut, and how
#: much of the name it shrinks for.
IDENT_MIN_SIZE = 6.0
IDENT_NAME_CHARS = 12


def _ident_tail(decor: PageDecor) -> str:
    return f" \u00b7 MRN {decor.mrn} \u00b7 exam {decor.exam_date}"


def ident_fits(decor: PageDecor, font: str, width: float) -> bool:
    """True when the MRN and exam date fit ``width`` in full (with at least an ellipsis for the name)."""
    return text_width("\u2026" + _ident_tail(decor), font, IDENT_MIN_SIZE) <= width


def fit_ident(decor: PageDecor, font: str, size: float, width: float) -> tuple[str, float]:
    """The "name · MRN · exam date" line for ``width``, and the font size to draw it at.

    Only the name is shortened (with an ellipsis): the MRN and the exam date are what puts a
    loose page back in the right chart, so they always print in full. A very long MRN makes the
    line smaller (down to IDENT_MIN_SIZE) before anything of it is cut, and before the name is
    cut to less than its first IDENT_NAME_CHARS characters.
    """
    tail = _ident_tail(decor)
    full = decor.patient + tail
    if text_width(full, font, size) <= width:
        return full, size
    # The line gets smaller (down to IDENT_MIN_SIZE) to keep the start of the name too.
    keep = decor.patient[:IDENT_NAME_CHARS].rstrip() + "\u2026"
    while size > IDENT_MIN_SIZE and text_width(keep + tail, font, size) > width:
        size = max(size - 0.5, IDENT_MIN_SIZE)
    room = width - text_width(tail, font, size)
    if room < text_width("\u2026", font, size):
        return _fit("\u2026" + tail, font, size, width), size
    return _fit(decor.patient, font, size, room) + tail, size


def draw_footer(canvas: Canvas, decor: PageDecor, page: int, total: int) -> None:
    """Footer of every page: identifier, page x of y, app version, printed time, disclaimer."""
    fonts = register_fonts()
    width, _height = canvas._pagesize
    left, right = MARGIN_X, width - MARGIN_X
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, MARGIN_BOTTOM - 4 * mm, right, MARGIN_BOTTOM - 4 * mm)

    page_text = f"Page {page} of {total}"
    canvas.setFont(fonts.bold, 8)
    canvas.setFillColor(NAVY)
    canvas.drawRightString(right, MARGIN_BOTTOM - 8 * mm, page_text)
    room = right - left - text_width(page_text, fonts.bold, 8) - 8 * mm
    ident, size = fit_ident(decor, fonts.regular, 8, room)
    canvas.setFont(fonts.regular, size)
    canvas.setFillColor(MUTED)
    draw_text(canvas, left, MARGIN_BOTTOM - 8 * mm, ident, fonts.regular, size)

    canvas.setFont(fonts.regular, 6.5)
    meta = f"{decor.app} \u00b7 printed {decor.printed}"
    if decor.draft:
        meta += " \u00b7 DRAFT, not signed"
    canvas.drawString(left, MARGIN_BOTTOM - 11.5 * mm, _fit(meta, fonts.regular, 6.5, right - left))
    canvas.drawString(left, MARGIN_BOTTOM - 14.5 * mm, _fit(DISCLAIMER, fonts.regular, 6.5, right - left))
    canvas.restoreState()


def draw_running_header(canvas: Canvas, decor: PageDecor) -> None:
    """Pages after the first repeat who and when, so a loose page can be put back in the chart."""
    fonts = register_fonts()
    width, height = canvas._pagesize
    left, right = MARGIN_X, width - MARGIN_X
    y = height - MARGIN_TOP + 1.5 * mm
    canvas.saveState()
    label = "Facial nerve examination"
    room = right - left - text_width(label, fonts.bold, 8.5) - 10 * mm
    if not ident_fits(decor, fonts.regular, room):
        room, label = right - left, ""  # an MRN too long for the line beside the title takes the line
    canvas.setFont(fonts.bold, 8.5)
    canvas.setFillColor(NAVY)
    if label:
        canvas.drawString(left, y, label)
    canvas.setFillColor(MUTED)
    ident, size = fit_ident(decor, fonts.regular, 8.5, room)
    canvas.setFont(fonts.regular, size)
    draw_text(canvas, right, y, ident, fonts.regular, size, right=True)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, y - 2.5 * mm, right, y - 2.5 * mm)
    canvas.restoreState()


def draw_draft_mark(canvas: Canvas) -> None:
    """A large diagonal DRAFT over every page of an unsigned exam.

    Drawn on top of the content as outlined letters, so boxes with a background cannot hide it,
    the text underneath stays readable and no red tint mixes with the diagram's highlights.
    """
    fonts = register_fonts()
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setStrokeColor(ALERT)
    canvas.setStrokeAlpha(0.45)
    canvas.setLineWidth(1.3)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(52)
    text = canvas.beginText()
    text.setTextRenderMode(1)  # stroke only
    text.setFont(fonts.bold, 120)
    text.setTextOrigin(-text_width("DRAFT", fonts.bold, 120) / 2, -42)
    text.textOut("DRAFT")
    canvas.drawText(text)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """A canvas that holds finished pages until save, then stamps "Page x of y" footers."""

    def __init__(self, *args: Any, decor: PageDecor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self._decor.draft:
                draw_draft_mark(self)
            draw_footer(self, self._decor, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def canvas_maker(decor: PageDecor) -> Callable[..., NumberedCanvas]:
    def make(*args: Any, **kwargs: Any) -> NumberedCanvas:
        return NumberedCanvas(*args, decor=decor, **kwargs)

    return make


class ReportTemplate(BaseDocTemplate):
    """Two page templates: the first page (no running header) and the following pages."""

    def __init__(self, target: Any, *, decor: PageDecor, settings: Settings | None, **meta: Any) -> None:
        size = page_size(settings)
        super().__init__(
            target,
            pagesize=size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            lang="en",
            initialFontName=register_fonts().regular,  # no base-14 font in the file at all
            initialFontSize=9,
            **meta,
        )
        self.decor = decor
        width, height = size
        frame_width = width - 2 * MARGIN_X
        first = Frame(
            MARGIN_X, MARGIN_BOTTOM, frame_width, height - MARGIN_TOP - MARGIN_BOTTOM,
            id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )
        later = Frame(
            MARGIN_X, MARGIN_BOTTOM, frame_width, height - MARGIN_TOP - MARGIN_BOTTOM - RUNNING_HEADER,
            id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )
        self.addPageTemplates([
            PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later], onPage=self._on_later_page),
        ])

    def _on_later_page(self, canvas: Canvas, _doc: Any) -> None:
        draw_running_header(canvas, self.decor)


def decor_for(
    *, patient: str, mrn: str, exam_date: str, app: str, printed: str, draft: bool
) -> PageDecor:
    """A PageDecor whose strings are cleaned for canvas drawing."""
    return PageDecor(
        patient=plain(patient, max_chars=160),
        mrn=plain(mrn, max_chars=80),
        exam_date=plain(exam_date),
        app=plain(app),
        printed=plain(printed),
        draft=draft,
    )

