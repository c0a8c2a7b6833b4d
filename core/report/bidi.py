"""Right-to-left text (Hebrew, Arabic) in visual order, without a bidi library.

reportlab draws characters left to right in the order given. A Hebrew or Arabic name stored in
logical order must therefore be turned into visual order before drawing, otherwise it prints
backwards (and text extraction, which expects visual order, reads it backwards). This module
implements the parts of the Unicode Bidirectional Algorithm (UAX #9) that plain text needs:
paragraph direction from the first strong character (P2/P3), weak and neutral resolution
(W1-W7 simplified, N1/N2), implicit levels (I1/I2), trailing whitespace (L1), run reversal (L2)
and bracket mirroring (L4, common pairs). Explicit embeddings and isolates are removed by
``text.clean`` beforehand. Arabic letters are not shaped (joined); that needs a shaping engine
(HarfBuzz), which reportlab uses when ``uharfbuzz`` is installed.
"""
from __future__ import annotations

import re
import unicodedata

_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_MIRROR = str.maketrans("()[]{}<>\u00ab\u00bb\u2039\u203a", ")(][}{><\u00bb\u00ab\u203a\u2039")
_STRONG = {"L", "R", "AL"}


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a Hebrew or Arabic character (the only case that needs work)."""
    return _RTL_CHARS.search(text) is not None


def base_is_rtl(text: str) -> bool:
    """Paragraph direction from the first strong character (UAX #9 P2/P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def _resolved_types(text: str, base_rtl: bool) -> list[str]:
    sos = "R" if base_rtl else "L"
    types = [unicodedata.bidirectional(c) or "L" for c in text]
    previous = sos
    last_strong = sos
    for i, kind in enumerate(types):
        if kind == "NSM":  # W1: a combining mark takes the type of what it follows
            kind = previous
        if kind == "EN" and last_strong == "AL":  # W2
            kind = "AN"
        if kind in _STRONG:
            last_strong = kind
        if kind == "AL":  # W3
            kind = "R"
        if kind == "EN" and last_strong == "L":  # W7
            kind = "L"
        types[i] = kind
        previous = kind
    # W4-W6 simplified: separators and terminators inside numbers count as numbers, else neutral.
    for i, kind in enumerate(types):
        if kind in ("ES", "CS", "ET") and 0 < i < len(types) - 1 and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
        elif kind not in _STRONG and kind not in ("EN", "AN"):
            types[i] = "N"
    # N1/N2: a run of neutrals takes the direction of the strong types around it when they agree
    # (numbers count as R), else the paragraph direction.
    i = 0
    eos = sos
    while i < len(types):
        if types[i] != "N":
            i += 1
            continue
        j = i
        while j < len(types) and types[j] == "N":
            j += 1
        before = sos if i == 0 else ("R" if types[i - 1] in ("R", "EN", "AN") else "L")
        after = eos if j == len(types) else ("R" if types[j] in ("R", "EN", "AN") else "L")
        fill = before if before == after else sos
        for k in range(i, j):
            types[k] = fill
        i = j
    return types


def visual(line: str, *, base_rtl: bool | None = None) -> str:
    """One line in visual (left-to-right drawing) order; unchanged when it has no RTL text."""
    if not has_rtl(line):
        return line
    if base_rtl is None:
        base_rtl = base_is_rtl(line)
    base = 1 if base_rtl else 0
    types = _resolved_types(line, base_rtl)
    levels = []
    for kind in types:  # I1/I2
        if base % 2 == 0:
            levels.append(base + (1 if kind == "R" else 2 if kind in ("EN", "AN") else 0))
        else:
            levels.append(base + (1 if kind in ("L", "EN", "AN") else 0))
    # L1: trailing whitespace goes back to the paragraph level.
    k = len(line) - 1
    while k >= 0 and line[k].isspace():
        levels[k] = base
        k -= 1
    chars = [c.translate(_MIRROR) if levels[i] % 2 else c for i, c in enumerate(line)]  # L4
    top = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):  # L2
        i = 0
        while i < len(chars):
            if levels[i] >= level:
                j = i
                while j < len(chars) and levels[j] >= level:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(chars)
