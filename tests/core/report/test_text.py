"""The escaping helper and right-to-left ordering: every user string is safe for a Paragraph."""
from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from facialis.core.report.bidi import base_is_rtl, has_rtl, visual
from facialis.core.report.styles import get_styles
from facialis.core.report.text import clean, markup, plain, shorten, split_paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a & b", "a &amp; b"),
        ("</para>", "&lt;/para&gt;"),
        ("&amp;", "&amp;amp;"),
        ("line 1\nline 2", "line 1<br/>line 2"),
    ],
)
def test_markup_escapes(raw, expected):
    assert markup(raw) == expected


def test_control_characters_are_removed():
    assert clean("a\x00b\x07c\x1bd\x7fe\x86f\x9fg") == "abcdefg"
    assert clean("\ufeffx\u202ey\u2066z") == "xyz"
    assert clean("lone \ud800 surrogate") == "lone  surrogate"
    assert clean("tab\there") == "tab    here"
    assert clean("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\nd\ne"
    assert clean(None) == ""
    assert clean(12) == "12"


def test_every_escaped_string_parses_as_a_paragraph():
    style = get_styles().body
    for raw in ("<", "&", "<para>", "]]>", "<b>", "&#0;", "\x00", "\ud800", "<font size=99>", "\n\n"):
        paragraph = Paragraph(markup(raw), style)
        paragraph.wrap(200, 200)


def test_shorten_marks_the_cut():
    assert shorten("abcdef", 4) == "abc\u2026"
    assert shorten("abc", 4) == "abc"
    assert shorten("abc", None) == "abc"


def test_plain_is_one_line():
    assert plain("a\n b\t c") == "a b c"
    assert plain("x" * 50, max_chars=10) == "x" * 9 + "\u2026"


def test_free_text_splits_at_blank_lines():
    assert split_paragraphs("one\ntwo\n\n  \nthree") == ["one\ntwo", "three"]
    assert split_paragraphs(" \n\x00 ") == []


def test_rtl_runs_are_put_in_visual_order():
    assert has_rtl("שלום") and not has_rtl("Ωμέγα Ёж")
    assert visual("abc") == "abc"
    assert visual("שלום כהן") == "ןהכ םולש"
    # In left-to-right context the Latin words keep their place.
    assert visual("Dr שלום כהן, MD", base_rtl=False) == "Dr ןהכ םולש, MD"
    # Numbers inside right-to-left text keep their own order.
    assert visual("חדר 12 ב") == "ב 12 רדח"
    # Brackets are mirrored in right-to-left runs.
    assert visual("(שלום)") == "(םולש)"


def test_paragraph_direction_comes_from_the_first_strong_character():
    assert base_is_rtl("123 שלום abc")
    assert not base_is_rtl("abc שלום")
    assert not base_is_rtl("123")
