"""The fast paragraphs and tables: same line breaks as reportlab, splits, markup, encoding."""
from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from facialis.core.report.blocks import Cell, Markup, table
from facialis.core.report.fonts import register_fonts
from facialis.core.report.grid import Grid
from facialis.core.report.rich import Para, TextWriter, fmt_for, line_segments, para, parse, text_width
from facialis.core.report.styles import INK, get_styles

WORDS = (
    "the of palsy nerve facial House-Brackmann (FNGS) grade IV; left, right: taste Schirmer 20 mm reflex "
    "stapedial lacrimation geniculate ganglion [1.2] 45% \u00b7 \u2013 O'Brien &amp; &lt;b&gt;"
).split()


def _reportlab_lines(paragraph: Paragraph) -> list[str]:
    lines = []
    for line in paragraph.blPara.lines:
        if hasattr(line, "words"):
            lines.append("".join(getattr(f, "text", "") for f in line.words).strip())
        else:
            lines.append(" ".join(line[1]))
    return lines


def _our_lines(paragraph: Para) -> list[str]:
    return ["".join(text for text, _fmt in line_segments(words)) if words else "" for words, _e, _s in paragraph._lines]


def _random_markup(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(1, 45)):
        word = rng.choice(WORDS)
        roll = rng.random()
        if roll < 0.1:
            word = f"<b>{word}</b>"
        elif roll < 0.15:
            word = f'<font color="#B3261E">{word}</font>'
        words.append(word)
    if rng.random() < 0.2:
        words.insert(rng.randint(0, len(words)), "<br/>")
    return " ".join(words)


def test_lines_break_where_reportlab_breaks_them():
    register_fonts()
    styles = get_styles()
    rng = random.Random(7)
    for _ in range(400):
        text = _random_markup(rng)
        style = rng.choice([styles.body, styles.cell, styles.bullet, styles.small, styles.h2, styles.cell_bold])
        bullet = rng.choice([None, "\u2022", "!", "12."])
        width = rng.uniform(150, 480)  # wider than any word here: no word is cut
        theirs = Paragraph(text, style, bulletText=bullet)
        theirs.wrap(width, 1e6)
        ours = Para(text, style, bullet)
        ours.wrap(width, 1e6)
        assert _our_lines(ours) == _reportlab_lines(theirs), (text, style.name, width)
        assert ours.height == pytest.approx(theirs.height)


def test_markup_is_read_and_unknown_markup_falls_back_to_reportlab():
    styles = get_styles()
    lines = parse('a &amp; b &lt;c&gt; <b>bold</b><br/><font color="#B3261E" size="7">red</font>', styles.body)
    first = [[(text, fmt.font_name) for text, fmt in word[0]] for word in lines[0]]
    assert first == [[("a", "DejaVuSans")], [("&", "DejaVuSans")], [("b", "DejaVuSans")],
                     [("<c>", "DejaVuSans")], [("bold", "DejaVuSans-Bold")]]
    (red,) = lines[1][0][0]
    assert red[0] == "red" and red[1].size == 7 and red[1].color.hexval() == "0xb3261e"
    assert parse("", styles.body) == [] and parse("a<br/>", styles.body) == parse("a", styles.body)
    assert isinstance(para("<i>x</i>", styles.body), Paragraph)
    assert isinstance(para("plain", styles.body), Para)


def test_long_words_are_cut_to_fit():
    style = get_styles().body
    word = "x" * 300
    paragraph = Para(f"before {word} after", style)
    paragraph.wrap(100, 1e6)
    lines = _our_lines(paragraph)
    assert "".join(lines).replace(" ", "") == f"before{word}after"
    for line in lines:
        assert text_width(line, style.fontName, style.fontSize) <= 100 + 1e-6


def test_split_leaves_no_orphan_or_widow_and_keeps_every_word():
    style = get_styles().free_text
    text = " ".join(f"word{i}" for i in range(400))
    paragraph = Para(text, style)
    paragraph.wrap(200, 1e6)
    total = len(paragraph._lines)
    assert paragraph.split(200, style.leading * 1.5) == []  # one line would be an orphan
    head, tail = paragraph.split(200, style.leading * (total - 1))  # one line left would be a widow
    head.wrap(200, 1e6)
    tail.wrap(200, 1e6)
    assert len(head._lines) == total - 2 and len(tail._lines) == 2
    tail.wrap(300, 1e6)  # the rest is laid out again at another width
    words = (" ".join(_our_lines(head)) + " " + " ".join(_our_lines(tail))).split()
    assert words == text.split()


def test_table_splits_between_rows_and_repeats_its_header():
    rows = [[Cell("Item", "head"), Cell("Value", "head")]]
    rows += [[Cell(f"row {i}"), Cell("a fairly long value that wraps onto a second line " * (i % 3))] for i in range(60)]
    grid = table(rows, [100, 200])
    _w, height = grid.wrap(300, 1e6)
    head, tail = grid.split(300, height / 2)
    assert isinstance(head, Grid) and isinstance(tail, Grid)
    assert len(head.rows) + len(tail.rows) == len(rows) + 1  # the header row is printed twice
    assert tail.rows[0] is grid.rows[0]
    assert head.wrap(300, 1e6)[1] <= height / 2
    assert grid.split(300, 5) == []  # not even the header and one row


def test_cells_hold_plain_text_or_markup():
    grid = table([[Cell("<b>typed</b> & kept"), Markup("<b>bold</b> text")]], [150, 150], header=False)
    first, second = grid.rows[0].cells
    assert [w[0][0][0] for w in first.hard[0]] == ["<b>typed</b>", "&", "kept"]
    assert second.hard[0][0][0][0][1].font_name == "DejaVuSans-Bold"


def test_text_prints_in_any_script_and_beyond_one_font_subset():
    fonts = register_fonts()
    # More than 256 different glyphs: the font needs a second subset.
    many = "".join(chr(c) for c in range(0x400, 0x4FF)) + "".join(chr(c) for c in range(0x370, 0x3FF))
    samples = ["Plain ASCII (and parentheses) \\ backslash", "Ελληνικά Кириллица", many[:150], many[150:]]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    writer = TextWriter(canvas)
    fmt = fmt_for(fonts.regular, 6, INK)
    for index, sample in enumerate(samples):
        writer.line(20, 800 - 20 * index, [(sample, fmt)])
    writer.close()
    canvas.showPage()
    canvas.save()
    text = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    for sample in samples[:2]:
        assert sample in text
    printable = [c for c in many if not c.isspace()]
    assert sum(c in text for c in printable) >= 0.9 * len(printable)  # glyphs missing from the font aside


def test_text_extraction_reads_cells_and_lines_as_before():
    from facialis.core.report import build_report

    from .support import PRINTED, assessment_for, vignette

    exam = vignette("v05")
    first = PdfReader(io.BytesIO(build_report(exam, assessment_for(exam), printed_at=PRINTED))).pages[0]
    text = first.extract_text()
    assert "Patient\nFischer, Anna\nMRN\nV05\n" in text  # each cell its own line, as reportlab's Table gave
    assert "Facial nerve examination\nSummary of findings" in text
    assert "\u2022 FNGS 2.0 grade IV" in text  # a bullet stays with its text
    assert "Page 1 of " in text and "\nFischer, Anna \u00b7 MRN V05" in text
