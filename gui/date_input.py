"""Dates typed by clinicians: DD.MM.YYYY (as written in clinic) or ISO YYYY-MM-DD.

A plain text field is the fastest to fill from the keyboard; it is read here strictly, with a
message that says what was wrong, and shown back in words (``12 March 1980``) so a swapped day and
month is caught by the eye. Two-digit years and slashes are refused: both are ambiguous.
"""
from __future__ import annotations

import re
from datetime import date

_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

FORMAT_HINT = "DD.MM.YYYY or YYYY-MM-DD"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def parse_user_date(text: str, *, field: str = "") -> date | None:
    """The date in ``text``; None for an empty field; ValueError with a readable message otherwise.

    ``field`` (e.g. "Date of birth") starts the message, for forms whose messages are read away
    from the field (a screen reader, a summary of problems).
    """
    text = text.strip()
    if not text:
        return None
    if match := _DOTTED.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"{field}: not a date; type {FORMAT_HINT}" if field else f"Not a date: type {FORMAT_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{field}: no such date ({text})" if field else f"No such date: {text}") from None


def format_iso(value: date | None) -> str:
    """How a stored date is put back into a text field (unambiguous everywhere)."""
    return value.isoformat() if value else ""


def format_long(value: date) -> str:
    """A date in words, month spelled out, independent of the system locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
