"""Right-to-left text (Hebrew, Arabic) in visual order, without a bidi library.

reportlab draws characters left to right in the order given. A Hebrew or Arabic name stored in
logical order must therefore be turned into visual order before drawing, otherwise it prints
backwards (and text extraction, which expects visual order, reads it backwards). This module
implements the parts of the Unicode Bidirectional Algorithm (UAX #9) that one line of plain text
needs: paragraph direction from the first strong character (P2/P3), the weak types (W1-W7),
paired brackets (BD16, N0), the other neutrals (N1/N2), implicit levels (I1/I2), trailing
whitespace (L1), run reversal (L2) and mirrored glyphs (L4). Explicit embeddings and isolates are
removed by ``text.clean`` beforehand, so a line is one isolating run sequence at the paragraph
level. Arabic letters are joined (:func:`join_arabic`) before reordering: each letter takes its
contextual form from Unicode's Arabic Presentation Forms, which DejaVu Sans draws. reportlab's own
shaping would need HarfBuzz and a bidi library,
and its PDFs would extract as presentation forms; ``fonts`` maps these forms back to the letters
typed in each PDF's text map, so copied or searched text stays what the user entered.
"""
from __future__ import annotations

import functools
import re
import unicodedata

_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_STRONG = {"L", "R", "AL"}

#: Opening and closing paired brackets (Bidi_Paired_Bracket, UCD BidiBrackets.txt).
_BRACKET_PAIRS = (
    "()", "[]", "{}", "\u0f3a\u0f3b", "\u0f3c\u0f3d", "\u169b\u169c", "\u2045\u2046", "\u207d\u207e",
    "\u208d\u208e", "\u2308\u2309", "\u230a\u230b", "\u2329\u232a", "\u2768\u2769", "\u276a\u276b",
    "\u276c\u276d", "\u276e\u276f", "\u2770\u2771", "\u2772\u2773", "\u2774\u2775", "\u27c5\u27c6",
    "\u27e6\u27e7", "\u27e8\u27e9", "\u27ea\u27eb", "\u27ec\u27ed", "\u27ee\u27ef", "\u2983\u2984",
    "\u2985\u2986", "\u2987\u2988", "\u2989\u298a", "\u298b\u298c", "\u298d\u2990", "\u298f\u298e",
    "\u2991\u2992", "\u2993\u2994", "\u2995\u2996", "\u2997\u2998", "\u29d8\u29d9", "\u29da\u29db",
    "\u29fc\u29fd", "\u2e22\u2e23", "\u2e24\u2e25", "\u2e26\u2e27", "\u2e28\u2e29", "\u2e55\u2e56",
    "\u2e57\u2e58", "\u2e59\u2e5a", "\u2e5b\u2e5c", "\u3008\u3009", "\u300a\u300b", "\u300c\u300d",
    "\u300e\u300f", "\u3010\u3011", "\u3014\u3015", "\u3016\u3017", "\u3018\u3019", "\u301a\u301b",
    "\ufe59\ufe5a", "\ufe5b\ufe5c", "\ufe5d\ufe5e", "\uff08\uff09", "\uff3b\uff3d", "\uff5b\uff5d",
    "\uff5f\uff60", "\uff62\uff63",
)
_OPENING = {pair[0]: pair[1] for pair in _BRACKET_PAIRS}
_CLOSING = {pair[1] for pair in _BRACKET_PAIRS}
#: BD16 stops looking for pairs when this many brackets are open.
_MAX_OPEN = 63
#: Bidi_Mirroring_Glyph for the brackets and the common mirrored signs (L4).
_MIRROR = {
    a: b for pair in (*_BRACKET_PAIRS, "<>", "\u00ab\u00bb", "\u2039\u203a", "\u2264\u2265", "\u226a\u226b",
                      "\u2208\u220b", "\u2282\u2283", "\u2286\u2287")
    for a, b in (pair, pair[::-1])
}
#: How far each resolved class rises above an even (LTR) or odd (RTL) paragraph level (I1, I2).
_RAISE_LTR = {"L": 0, "R": 1, "EN": 2, "AN": 2}
_RAISE_RTL = {"L": 1, "R": 0, "EN": 1, "AN": 1}


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


def _weak_types(classes: list[str], sos: str) -> list[str]:
    """Bidi classes after the weak-type rules W1-W7 (BN is treated as the class before it).

    Each rule runs only when the line holds a class it changes (most lines hold few).
    """
    n = len(classes)
    types = [kind or "L" for kind in classes]
    present = set(types)
    if "NSM" in present or "BN" in present:
        previous = sos
        for i, kind in enumerate(types):  # W1: a combining mark takes the type of what it follows
            if kind == "NSM" or kind == "BN":
                types[i] = previous
            else:
                previous = kind
    if "AL" in present:
        last_strong = sos
        for i, kind in enumerate(types):  # W2, W3
            if kind in _STRONG:
                last_strong = kind
                if kind == "AL":
                    types[i] = "R"
            elif kind == "EN" and last_strong == "AL":
                types[i] = "AN"
    if "ES" in present or "CS" in present:
        for i in range(1, n - 1):  # W4: one separator between two numbers of the same kind
            kind, before = types[i], types[i - 1]
            if (kind == "ES" and before == "EN" or kind == "CS" and before in ("EN", "AN")) and types[i + 1] == before:
                types[i] = before
    if "ET" in present:
        i = 0
        while i < n:  # W5: terminators next to a European number belong to it
            if types[i] != "ET":
                i += 1
                continue
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
    if present & {"ES", "ET", "CS", "EN"}:
        last_strong = sos
        for i, kind in enumerate(types):  # W6, W7
            if kind == "ES" or kind == "ET" or kind == "CS":
                types[i] = "ON"
            elif kind == "L" or kind == "R":
                last_strong = kind
            elif kind == "EN" and last_strong == "L":
                types[i] = "L"
    return types


def _bracket_pairs(text: str, types: list[str]) -> list[tuple[int, int]]:
    """Positions of matching opening and closing brackets, by opening position (BD16)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(text):
        if types[i] != "ON":
            continue
        if char in _OPENING:
            if len(stack) == _MAX_OPEN:
                break
            stack.append((_OPENING[char], i))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


#: The direction a resolved class counts as for N0-N2 (numbers count as R); neutrals are absent.
_STRONG_OF = {"L": "L", "R": "R", "EN": "R", "AN": "R"}


def _resolved_types(text: str, base_rtl: bool) -> list[str]:
    """Each character's class after the weak and neutral rules: L, R, EN or AN."""
    sos = "R" if base_rtl else "L"
    embedding = sos
    original = [unicodedata.bidirectional(c) for c in text]
    types = _weak_types(original, sos)
    # N0: a pair of brackets takes the embedding direction when the text inside has it, else the
    # other direction when the text inside and the context before both have that one.
    strong_of = _STRONG_OF.get
    for opening, closing in _bracket_pairs(text, types):
        inside = set(map(strong_of, types[opening + 1:closing]))
        if embedding in inside:
            direction = embedding
        elif len(inside - {None}) == 0:
            continue
        else:  # only the other direction inside: the brackets follow the context before them
            direction = next((d for d in map(strong_of, reversed(types[:opening])) if d), sos)
        for position in (opening, closing):
            types[position] = direction
            k = position + 1  # combining marks on a bracket follow it
            while k < len(text) and original[k] == "NSM":
                types[k] = direction
                k += 1
    # N1/N2: a run of neutrals takes the direction of the strong types around it when they
    # agree, else the embedding direction.
    strong = list(map(strong_of, types))
    i = 0
    n = len(types)
    while i < n:
        if strong[i]:
            i += 1
            continue
        j = i
        while j < n and not strong[j]:
            j += 1
        before = sos if i == 0 else strong[i - 1]
        after = sos if j == n else strong[j]
        fill = before if before == after else embedding
        types[i:j] = [fill] * (j - i)
        i = j
    return types


_ARABIC = re.compile("[\u0620-\u06ff]")
#: Letters DejaVu Sans lacks some presentation forms of: they keep the form typed and join with
#: neither neighbour, rather than print one of their forms as a box.
_UNJOINED = frozenset("\u0671\u0677\u06c0\u06c1\u06c5\u06c9\u06d2\u06d3")
#: Where each form goes in a letter's (isolated, final, initial, medial) tuple.
_FORM_TAGS = {"<isolated>": 0, "<final>": 1, "<initial>": 2, "<medial>": 3}
_ZWNJ = "\u200c"
#: Tatweel and the zero width joiner join on both sides but have no forms of their own.
_JOIN_CAUSING = frozenset("\u0640\u200d")

_Forms = tuple[str | None, str | None, str | None, str | None]


@functools.cache
def _arabic_forms() -> dict[str, _Forms]:
    """Each letter's (isolated, final, initial, medial) presentation forms, read from the forms'
    compatibility decompositions (Presentation Forms-B first: it holds the Arabic alphabet;
    Forms-A adds Persian and Urdu letters). Ligatures are left out: see :func:`join_arabic`."""
    letters: dict[str, list[str | None]] = {}
    for code in (*range(0xFE70, 0xFEFD), *range(0xFB50, 0xFE00)):
        tag, *bases = unicodedata.decomposition(chr(code)).split() or ("",)
        where = _FORM_TAGS.get(tag)
        if where is None:
            continue
        if len(bases) == 1 and chr(int(bases[0], 16)) not in _UNJOINED:
            forms = letters.setdefault(chr(int(bases[0], 16)), [None] * 4)
            forms[where] = forms[where] or chr(code)
    return {letter: (forms[0], forms[1], forms[2], forms[3]) for letter, forms in letters.items()}


@functools.cache
def joined_letters() -> dict[str, str]:
    """The letter each presentation form :func:`join_arabic` writes stands for (for the PDF's
    text map, so that extracted text is the text typed)."""
    return {form: letter for letter, forms in _arabic_forms().items() for form in forms if form}


def _joining_type(char: str, letters: dict[str, _Forms]) -> str:
    """ArabicShaping.txt's joining type: D (both sides), R (right only), C (join causing),
    T (transparent: marks) or U (none); a letter's type follows from the forms it has."""
    forms = letters.get(char)
    if forms is not None:
        if forms[2] and forms[3]:
            return "D"
        return "R" if forms[1] else "U"
    if char in _JOIN_CAUSING:
        return "C"
    if char != _ZWNJ and unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return "T"
    return "U"


def join_arabic(text: str) -> str:
    """``text`` (logical order) with each Arabic letter in its contextual form: isolated, final,
    initial or medial, as its neighbours join it (marks between letters do not break the join).
    Without it, Arabic prints as isolated letters, which readers find hard to read.

    Every form stands for one letter, so the PDF's text map gives each drawn character back as
    one letter. Lam before alef is therefore drawn as two joined letters, not as the lam-alef
    ligature: a ligature's one glyph would map to two letters, which text extractors put in
    different orders (pypdf, poppler), so copied text would no longer be the text typed.
    """
    if _ARABIC.search(text) is None:
        return text
    letters = _arabic_forms()
    types = [_joining_type(char, letters) for char in text]
    following = ["U"] * len(text)  # the type of the next non-transparent character
    upcoming = "U"
    for k in range(len(text) - 1, -1, -1):
        following[k] = upcoming
        if types[k] != "T":
            upcoming = types[k]
    out: list[str] = []
    before = "U"  # the type of the last non-transparent character
    for char, kind, after in zip(text, types, following):
        if kind == "T":
            out.append(char)
            continue
        if kind in ("D", "R"):
            joins_before = before in ("D", "C")
            joins_after = kind == "D" and after in ("D", "R", "C")
            out.append(letters[char][joins_before + 2 * joins_after] or char)
        else:
            out.append(char)
        before = kind
    return "".join(out)


def visual(line: str, *, base_rtl: bool | None = None) -> str:
    """One line in visual (left-to-right drawing) order, Arabic letters joined
    (:func:`join_arabic`); unchanged when it has no RTL text."""
    if not has_rtl(line):
        return line
    line = join_arabic(line)
    if base_rtl is None:
        base_rtl = base_is_rtl(line)
    base = 1 if base_rtl else 0
    types = _resolved_types(line, base_rtl)
    step = _RAISE_RTL if base_rtl else _RAISE_LTR  # I1/I2
    levels = [base + step[kind] for kind in types]
    # L1: trailing whitespace goes back to the paragraph level.
    k = len(line) - 1
    while k >= 0 and unicodedata.bidirectional(line[k]) in ("WS", "S", "B", "BN"):
        levels[k] = base
        k -= 1
    mirror = _MIRROR.get
    chars = [mirror(c, c) if level % 2 else c for c, level in zip(line, levels)]  # L4
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
