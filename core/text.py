"""Limits and cleaning for free text typed by users (names, notes, impressions)."""
from __future__ import annotations

import re
import unicodedata

#: Longest free text accepted in a single field (an impression, a plan, an MRI report).
MAX_FREE_TEXT = 50_000
#: Longest short text (a name, an MRN, an examiner).
MAX_SHORT_TEXT = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Normalise to NFC and drop control characters other than tab and newline.

    Markup characters (``<``, ``&``) are kept as typed: escaping is the job of whatever
    renders the text (the PDF, the GUI), never of the record.
    """
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


#: Line and field breaks (tab, LF, CR, VT, FF, the file, group and record separators, NEL, line and
#: paragraph separators) with the spaces around and between them: a short field is one line, and a
#: blank line holding a space is part of the same break (one space, not two).
_BREAKS = re.compile(r"[ ]*(?:[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029][ ]*)+")


def short_text(value: str) -> str:
    """A one-line field (a name, an MRN, an examiner): cleaned, each run of line breaks or tabs
    made one space, and trimmed.

    A pasted or imported "Zoë\nLine" would otherwise be a name on two lines: two given names in a
    FHIR export, a broken row in a list. Joining the lines instead of refusing them keeps every
    record that already holds such a name readable.
    """
    return clean_text(_BREAKS.sub(" ", value)).strip()

