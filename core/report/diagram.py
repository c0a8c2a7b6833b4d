"""The facial nerve drawn as vector graphics, with the candidate segments highlighted.

A schematic from the motor cortex through the pons, the cerebellopontine angle, the internal
auditory canal and the Fallopian canal to the parotid and the five peripheral branches
(clinical-reference 5.1), with the points where the greater petrosal nerve, the nerve to stapedius
and the chorda tympani leave (5.2): the reader sees at once which tests each level spares.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .fonts import register_fonts
from .styles import ALERT, BONE, INK, MUTED, NAVY, NERVE

SEGMENTS = (
    "supranuclear", "pons", "cpa", "iac", "labyrinthine", "geniculate",
    "tympanic", "mastoid", "stylomastoid", "parotid", "branch",
)
BRANCHES = ("temporal", "zygomatic", "buccal", "marginal_mandibular", "cervical")

# Design space: the drawing is laid out in these units and scaled to the frame width.
DESIGN_WIDTH = 520.0
DESIGN_HEIGHT = 200.0
MAIN_Y = 118.0
LOW_Y = 58.0
#: The smallest fraction of full size the drawing shrinks to rather than move to the next page.
MIN_FIT = 0.7

Point = tuple[float, float]


@dataclass(frozen=True)
class _Piece:
    segment: str
    points: tuple[Point, ...]
    label: tuple[str, ...]
    label_at: Point
    anchor: str = "centre"
    #: For a part of a segment: the lesion position (``core.localize`` sublevel) it stands for.
    part: str | None = None


# The mastoid segment is drawn in three parts, split where the nerve to stapedius and the chorda
# tympani leave (5.2). The short stretch from the second genu to the stapedius exit belongs to the
# position "between the geniculate ganglion and the nerve to stapedius" (tympanic); below it the
# localisation names two positions, above and below the chorda (core.localize NERVE_COURSE).
STAPEDIUS_EXIT: Point = (341, MAIN_Y - 8)
CHORDA_EXIT: Point = (349, LOW_Y + 18)
MASTOID_PARTS = ("mastoid_above_chorda", "mastoid_below_chorda")


# The nerve, proximal to distal. ``label_at`` is where the first label line goes.
_PIECES: tuple[_Piece, ...] = (
    _Piece("supranuclear", ((28, 166), (44, 150), (62, 130), (80, MAIN_Y)), ("Supranuclear",), (34, 110)),
    _Piece("pons", ((80, MAIN_Y), (122, MAIN_Y)), ("Pons",), (98, 104)),
    _Piece("cpa", ((122, MAIN_Y), (170, MAIN_Y)), ("CPA",), (146, 104)),
    _Piece("iac", ((170, MAIN_Y), (214, MAIN_Y)), ("IAC",), (192, 104)),
    _Piece("labyrinthine", ((214, MAIN_Y), (246, MAIN_Y)), ("Labyrin-", "thine"), (230, 104)),
    _Piece("geniculate", ((246, MAIN_Y), (264, MAIN_Y)), ("Geniculate",), (262, MAIN_Y + 9), "start"),
    _Piece("tympanic", ((264, MAIN_Y), (330, MAIN_Y)), ("Tympanic",), (296, 104)),
    _Piece("mastoid", ((330, MAIN_Y), (338, MAIN_Y - 3), STAPEDIUS_EXIT), (), (0, 0), part="tympanic"),
    _Piece(
        "mastoid", (STAPEDIUS_EXIT, (345, MAIN_Y - 14), CHORDA_EXIT), ("Mastoid",), (339, 82), "end",
        part="mastoid_above_chorda",
    ),
    _Piece("mastoid", (CHORDA_EXIT, (350, LOW_Y + 12), (352, LOW_Y)), (), (0, 0), part="mastoid_below_chorda"),
    _Piece("stylomastoid", ((352, LOW_Y), (374, LOW_Y)), ("Stylo-", "mastoid"), (356, 40)),
    _Piece("parotid", ((374, LOW_Y), (420, LOW_Y)), ("Parotid",), (398, 10)),
)

_BRANCH_ENDS: dict[str, Point] = {
    "temporal": (452, 130),
    "zygomatic": (458, 100),
    "buccal": (460, 68),
    "marginal_mandibular": (456, 38),
    "cervical": (448, 10),
}
_BRANCH_LABELS = {
    "temporal": "Temporal",
    "zygomatic": "Zygomatic",
    "buccal": "Buccal",
    "marginal_mandibular": "Marg. mandibular",
    "cervical": "Cervical",
}
_FAN_ORIGIN: Point = (420, LOW_Y)

# Where the three test-bearing branches leave the trunk, and where their labels go.
_OFFSHOOTS: tuple[tuple[Point, Point, tuple[str, ...]], ...] = (
    ((255, MAIN_Y + 4), (226, 164), ("Greater petrosal n.", "tears: Schirmer")),
    (STAPEDIUS_EXIT, (352, 164), ("N. to stapedius", "stapedial reflex")),
    (CHORDA_EXIT, (300, 52), ("Chorda tympani", "taste, ant. 2/3")),
)

# Background zones: (x0, x1, label).
_ZONES: tuple[tuple[float, float, str], ...] = (
    (0, 68, "Brain"),
    (68, 126, "Brainstem"),
    (126, 166, "Post. fossa"),
    (166, 358, "Temporal bone"),
    (358, DESIGN_WIDTH, "Extratemporal"),
)


def normalise(candidates: Iterable[object]) -> set[str]:
    """Segment ids as lower-case strings; unknown names are ignored rather than failing."""
    result = set()
    for value in candidates or ():
        raw = getattr(value, "value", value)
        if isinstance(raw, str) and raw.lower() in SEGMENTS + BRANCHES:
            result.add(raw.lower())
    return result


class NerveDiagram(Flowable):
    """A Flowable drawing of the nerve; ``candidates`` are segment ids, ``branches`` branch ids.

    ``sublevels`` are the localisation's lesion positions (``core.localize`` NERVE_COURSE keys):
    with them only the part of the mastoid segment the level covers is red (above or below the
    chorda tympani); without them a candidate mastoid segment is red as a whole.
    """

    def __init__(
        self,
        candidates: Iterable[object] = (),
        branches: Iterable[object] = (),
        *,
        width: float = 480.0,
        sublevels: Iterable[object] = (),
    ) -> None:
        super().__init__()
        marked = normalise(candidates)
        self.candidates = {m for m in marked if m in SEGMENTS}
        self.branches = {m for m in normalise(branches) | marked if m in BRANCHES}
        if self.branches:
            self.candidates.add("branch")
        self.parts = self._mastoid_parts({str(getattr(v, "value", v)).lower() for v in sublevels or ()})
        self.full_scale = width / DESIGN_WIDTH
        self.scale = self.full_scale
        self.hAlign = "CENTER"

    def _mastoid_parts(self, sublevels: set[str]) -> set[str]:
        """Which parts of the drawn mastoid segment are red (see ``_Piece.part``)."""
        parts = set()
        if "tympanic" in self.candidates:
            parts.add("tympanic")
        if "mastoid" in self.candidates:
            named = {part for part in MASTOID_PARTS if part in sublevels}
            parts |= named or {"tympanic", *MASTOID_PARTS}
        return parts

    def _hot(self, piece: _Piece) -> bool:
        if piece.part is not None:
            return piece.part in self.parts
        return piece.segment in self.candidates

    def _label_hot(self, piece: _Piece) -> bool:
        if piece.segment == "mastoid":
            return bool(self.parts & set(MASTOID_PARTS))
        return self._hot(piece)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Full size when it fits; shrunk (to no less than MIN_FIT) to stay on a nearly full page."""
        scale = min(self.full_scale, avail_width / DESIGN_WIDTH)
        if DESIGN_HEIGHT * scale > avail_height >= DESIGN_HEIGHT * scale * MIN_FIT:
            scale = avail_height / DESIGN_HEIGHT
        self.scale = scale
        return DESIGN_WIDTH * scale, DESIGN_HEIGHT * scale

    # --- drawing -------------------------------------------------------------------------

    def draw(self) -> None:
        fonts = register_fonts()
        c = self.canv
        c.saveState()
        c.scale(self.scale, self.scale)
        self._zones(c, fonts)
        self._landmarks(c, fonts)
        for piece in _PIECES:
            self._piece(c, piece)
        self._branches(c, fonts)
        self._offshoots(c, fonts)
        self._labels(c, fonts)
        c.restoreState()

    def _stroke_for(self, hot: bool, c) -> None:
        c.setStrokeColor(ALERT if hot else NERVE)
        c.setLineWidth(5.0 if hot else 2.6)

    def _zones(self, c, fonts) -> None:
        top = DESIGN_HEIGHT - 14
        for index, (x0, x1, label) in enumerate(_ZONES):
            fill = BONE if label == "Temporal bone" else (colors.HexColor("#F5F7FA") if index % 2 else colors.white)
            c.setFillColor(fill)
            c.setStrokeColor(colors.HexColor("#D5DCE4"))
            c.setLineWidth(0.4)
            c.rect(x0, 0, x1 - x0, top, stroke=0, fill=1)
            c.setFillColor(MUTED)
            c.setFont(fonts.regular, 7)
            c.drawCentredString((x0 + x1) / 2, top + 4, label)
        c.setStrokeColor(colors.HexColor("#D5DCE4"))
        c.setLineWidth(0.4)
        for x0, _x1, _label in _ZONES[1:]:
            c.line(x0, 0, x0, top)

    def _landmarks(self, c, fonts) -> None:
        # Motor cortex, the brainstem with the facial nucleus, the IAC, the parotid gland.
        c.setStrokeColor(colors.HexColor("#B8C2CC"))
        c.setFillColor(colors.HexColor("#E9EDF2"))
        c.setLineWidth(0.6)
        c.ellipse(4, 158, 62, 182, stroke=1, fill=1)
        c.setFillColor(MUTED)
        c.setFont(fonts.regular, 6)
        c.drawCentredString(33, 167.5, "motor cortex")
        c.setFillColor(colors.HexColor("#E9EDF2"))
        c.roundRect(76, 30, 44, 140, 14, stroke=1, fill=1)
        c.setFillColor(NAVY)
        c.circle(92, MAIN_Y, 3.2, stroke=0, fill=1)
        c.setFillColor(MUTED)
        c.setFont(fonts.regular, 6)
        c.drawCentredString(98, MAIN_Y + 8, "VII nucleus")
        c.setFillColor(colors.HexColor("#E4DCCB"))
        c.setStrokeColor(colors.HexColor("#C9BC9F"))
        c.setLineWidth(0.6)
        c.roundRect(172, MAIN_Y - 7, 40, 14, 5, stroke=1, fill=1)
        c.setFillColor(colors.HexColor("#FDF1E6"))
        c.setStrokeColor(colors.HexColor("#D9B99B"))
        c.ellipse(374, 20, 424, 98, stroke=1, fill=1)
        # The stylomastoid foramen: where the nerve leaves the bone.
        c.setStrokeColor(colors.HexColor("#A99E86"))
        c.setLineWidth(1.4)
        c.line(358, LOW_Y - 10, 358, LOW_Y - 4)
        c.line(358, LOW_Y + 4, 358, LOW_Y + 10)

    def _piece(self, c, piece: _Piece) -> None:
        hot = self._hot(piece)
        self._stroke_for(hot, c)
        c.setLineCap(1)
        c.setLineJoin(1)
        path = c.beginPath()
        path.moveTo(*piece.points[0])
        for point in piece.points[1:]:
            path.lineTo(*point)
        c.drawPath(path, stroke=1, fill=0)
        if piece.segment == "geniculate":
            c.setFillColor(ALERT if hot else NERVE)
            c.ellipse(248, MAIN_Y - 6, 262, MAIN_Y + 6, stroke=0, fill=1)

    def _branches(self, c, fonts) -> None:
        whole = "branch" in self.candidates and not self.branches
        for name in BRANCHES:
            end = _BRANCH_ENDS[name]
            hot = whole or name in self.branches
            self._stroke_for(hot, c)
            c.setLineWidth(3.6 if hot else 1.8)
            path = c.beginPath()
            path.moveTo(*_FAN_ORIGIN)
            mid_x = _FAN_ORIGIN[0] + 14
            path.curveTo(mid_x, _FAN_ORIGIN[1], mid_x, end[1], end[0], end[1])
            c.drawPath(path, stroke=1, fill=0)
            c.setFillColor(ALERT if hot else INK)
            c.setFont(fonts.bold if hot else fonts.regular, 7)
            c.drawString(end[0] + 4, end[1] - 2.5, _BRANCH_LABELS[name])

    def _offshoots(self, c, fonts) -> None:
        for start, label_at, lines in _OFFSHOOTS:
            c.setStrokeColor(NAVY)
            c.setLineWidth(0.9)
            c.setDash(2, 1.5)
            # The leader stops short of the label block (below it when the label is above).
            block_bottom = label_at[1] - 8 * (len(lines) - 1) - 4
            end_y = block_bottom if label_at[1] > start[1] else label_at[1] + 8
            c.line(start[0], start[1], label_at[0], end_y)
            c.setDash()
            c.setFillColor(NAVY)
            c.circle(start[0], start[1], 1.8, stroke=0, fill=1)
            c.setFont(fonts.bold, 6.8)
            c.drawCentredString(label_at[0], label_at[1], lines[0])
            c.setFont(fonts.regular, 6.3)
            c.setFillColor(MUTED)
            for index, line in enumerate(lines[1:], start=1):
                c.drawCentredString(label_at[0], label_at[1] - 8 * index, line)

    def _labels(self, c, fonts) -> None:
        for piece in _PIECES:
            if not piece.label:
                continue
            hot = self._label_hot(piece)
            c.setFillColor(ALERT if hot else INK)
            c.setFont(fonts.bold if hot else fonts.regular, 7)
            x, y = piece.label_at
            draw = {"centre": c.drawCentredString, "start": c.drawString, "end": c.drawRightString}[piece.anchor]
            for index, line in enumerate(piece.label):
                draw(x, y - 8 * index, line)
