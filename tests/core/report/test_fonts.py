"""Fonts of the report: Korean prints in NanumSquare, Arabic prints joined yet extracts as typed,
and every shipped font has its licence and is packaged."""
from __future__ import annotations

import fnmatch
import io
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from facialis.core.report import build_report
from facialis.core.report.bidi import join_arabic, joined_letters
from facialis.core.report.fonts import FALLBACK, FONTS, HANGUL, font_runs, register_fonts, text_width
from facialis.core.report.text import markup

from .support import PRINTED, assessment_for, pdf_text, vignette, with_patient, with_review

ROOT = Path(__file__).resolve().parents[3]
FONT_DIR = ROOT / "resources" / "fonts"


@pytest.fixture(scope="module")
def v05():
    exam = vignette("v05")
    return exam, assessment_for(exam)


def _runs_by_font(pdf: bytes) -> list[list[tuple[str, str]]]:
    """Each page's text runs with the base font name they are drawn in."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[str, str]] = []

        def visit(text, _cm, _tm, font, _size, runs=runs):  # type: ignore[no-untyped-def]
            if text.strip():
                runs.append((text, str((font or {}).get("/BaseFont", ""))))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def test_hangul_runs_go_to_the_korean_font_and_han_to_the_fallback():
    assert font_runs("Kim 김민준") == (("Kim ", None), ("김민준", HANGUL))
    assert font_runs("金 김") == (("金", FALLBACK), (" ", None), ("김", HANGUL))
    # Only Hangul looks in the Korean font: a line break or an emoji stays in DejaVu Sans.
    assert font_runs("x\n\u2026\U0001f600") == (("x\n\u2026\U0001f600", None),)


def test_korean_is_measured_in_the_korean_font():
    register_fonts()
    assert text_width("김민준", FONTS.regular, 10) == pytest.approx(pdfmetrics.stringWidth("김민준", HANGUL, 10))
    assert text_width("김민준", FONTS.regular, 10) > 0


def test_korean_prints_in_the_korean_font_everywhere(v05):
    """Header table cell, footer, running header and free text: Hangul, not boxes, and the text
    reads back as typed; a Korean-only report does not embed the Chinese/Japanese font."""
    exam, assessment = v05
    exam = with_review(with_patient(exam, family_name="김", given_names="민준"), impression="안면신경마비 환자, 왼쪽")
    pdf = build_report(exam, assessment, printed_at=PRINTED)
    assert b"NanumSquare" in pdf and FALLBACK.encode() not in pdf
    for number, runs in enumerate(_runs_by_font(pdf), start=1):
        hangul = [font for text, font in runs if "김" in text or "민준" in text or "안면" in text]
        assert hangul, f"page {number}: the patient is not named"
        assert all("NanumSquare" in font for font in hangul), f"page {number}: {hangul}"
    text = pdf_text(pdf)
    assert "김, 민준" in text and "안면신경마비 환자, 왼쪽" in text


def test_latin_reports_embed_no_fallback_font(v05):
    exam, assessment = v05
    pdf = build_report(exam, assessment, printed_at=PRINTED)
    assert b"NanumSquare" not in pdf and FALLBACK.encode() not in pdf


def test_arabic_letters_take_their_joined_forms():
    # meem initial, hah medial, meem medial, dal final
    assert join_arabic("محمد") == "\ufee3\ufea4\ufee4\ufeaa"
    # ain initial, lam medial, alef final: no lam-alef ligature (one glyph, two letters)
    assert join_arabic("علا") == "\ufecb\ufee0\ufe8e"
    # a mark between two letters does not break the join; a non-joiner does
    assert join_arabic("بِب") == "\ufe91\u0650\ufe90"
    assert join_arabic("ب\u200cب") == "\ufe8f\u200c\ufe8f"
    # right-joining letters (dal) join nothing after them; Persian peh uses Forms-A
    assert join_arabic("دب") == "\ufea9\ufe8f"
    assert join_arabic("پ") == "\ufb56"
    assert join_arabic("Ωμέγα שלום abc") == "Ωμέγα שלום abc"


def test_arabic_is_drawn_joined_in_visual_order():
    assert markup("محمد") == "\ufeaa\ufee4\ufea4\ufee3"
    assert markup("Dr محمد") == "Dr \ufeaa\ufee4\ufea4\ufee3"


def test_every_joined_form_is_in_both_dejavu_faces():
    """A form DejaVu Sans lacked would print as a box: such letters are left unjoined."""
    register_fonts()
    for name in (FONTS.regular, FONTS.bold):
        chars = set(pdfmetrics.getFont(name).face.charToGlyph)
        missing = sorted(f"U+{ord(form):04X}" for form in joined_letters() if ord(form) not in chars)
        assert not missing, (name, missing)


@pytest.mark.parametrize("name", ["عبد الله", "علاء الدين", "محمد بِسْمِ", "پدر چای"])
def test_joined_arabic_reads_back_as_typed(v05, name):
    """The PDF draws presentation forms, but its text map gives the letters typed back."""
    exam, assessment = v05
    exam = with_review(with_patient(exam, family_name=name, given_names="محمد"), impression=f"{name} {name}")
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert name in text and f"{name} {name}" in text
    assert not any(char in joined_letters() for char in text)


def test_every_font_has_its_licence_and_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["facialis.resources.fonts"]
    files = sorted(path.name for path in FONT_DIR.iterdir())
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    licences = [name for name in files if name.startswith("LICENSE-")]
    for font in (name for name in files if name.endswith(".ttf")):
        assert any(font in (FONT_DIR / licence).read_text(encoding="utf-8") for licence in licences), font
