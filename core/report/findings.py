"""Sections printed straight from the Exam: motor findings, topognostic tests, history,
associated findings, electrodiagnostics and imaging reports.

Every item prints "not assessed" when it was not examined (None), distinct from "normal"/"absent"
and from a measured 0.
"""
from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ..exam.enums import FaceSide, Side
from ..exam.models import Exam, FaceFindings
from ..scales.fngs2 import REGION_FIELDS, REGION_LABELS, REGIONS, region_anchor, secondary_anchor
from . import labels
from .blocks import Cell, esc, free_text, gap, section, subsection, table
from .labels import NOT_ASSESSED
from .styles import get_styles
from .view import FunctionView, LevelView


def _sides(exam: Exam) -> list[FaceSide]:
    return exam.graded_sides() or exam.recorded_sides()


def _side_header(exam: Exam, side: FaceSide) -> str:
    affected = exam.encounter.affected_side
    if affected is not None and (affected is Side.bilateral or affected.value == side.value):
        return f"{labels.side(side)} (affected)"
    return labels.side(side)


def _fngs(region: str, score: int | None) -> str:
    if score is None:
        return NOT_ASSESSED
    return f"{score} \u2013 {region_anchor(region, score)}"


def _secondary(score: int | None) -> str:
    return NOT_ASSESSED if score is None else f"{score} \u2013 {secondary_anchor(score)}"


def _branches(f: FaceFindings) -> str:
    b = f.voluntary.branches
    values = {name: getattr(b, name) for name in type(b).model_fields}
    if all(v is None for v in values.values()):
        return NOT_ASSESSED
    return "; ".join(f"{labels.enum_label(name)} {labels.enum_label(v)}" for name, v in values.items())


def _smiles(f: FaceFindings) -> str:
    v = f.voluntary
    if v.posed_smile is None and v.spontaneous_smile is None:
        return NOT_ASSESSED
    return f"posed {labels.enum_label(v.posed_smile)}; spontaneous {labels.enum_label(v.spontaneous_smile)}"


#: (group, label, how to read it from one half of the face)
_MOTOR_ROWS = (
    ("At rest", "Eye (palpebral fissure)", lambda f: labels.enum_label(f.rest.eye)),
    ("At rest", "Cheek (nasolabial fold)", lambda f: labels.enum_label(f.rest.cheek)),
    ("At rest", "Mouth", lambda f: labels.enum_label(f.rest.mouth)),
    ("At rest", "Tone", lambda f: labels.enum_label(f.rest.tone)),
    *(
        ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", REGION_LABELS[region],
         (lambda region: lambda f: _fngs(region, getattr(f.voluntary, REGION_FIELDS[region])))(region))
        for region in REGIONS
    ),
    ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", "Eye closure",
     lambda f: labels.enum_label(f.voluntary.eye_closure)),
    ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", "Lagophthalmos",
     lambda f: labels.number(f.voluntary.lagophthalmos_mm, "mm")),
    ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", "Bell phenomenon",
     lambda f: labels.finding(f.voluntary.bell_phenomenon, yes="visible", no="not visible")),
    ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", "Smile", _smiles),
    ("Voluntary movement (FNGS 2.0 regional score, 1 normal to 6 no movement)", "Branch territories", _branches),
    ("Synkinesis and sequelae", "Secondary movement (FNGS 2.0, 0-3)", lambda f: _secondary(f.sequelae.fngs_secondary)),
    ("Synkinesis and sequelae", "Contracture", lambda f: labels.finding(f.sequelae.contracture)),
    ("Synkinesis and sequelae", "Hemifacial spasm", lambda f: labels.finding(f.sequelae.hemifacial_spasm)),
    ("Synkinesis and sequelae", "Crocodile tears", lambda f: labels.finding(f.sequelae.crocodile_tears)),
)


#: Items a group row of the motor findings table keeps on its page.
GROUP_KEEP_ROWS = 2


def regional_findings(exam: Exam, width: float) -> list[Flowable]:
    """The motor findings per half of the face, grouped as on the exam pages."""
    sides = _sides(exam)
    if not sides:
        return section("Regional findings", [Paragraph(esc("No motor findings recorded."), get_styles().muted)])
    label_w = 56 * mm
    value_w = (width - label_w) / len(sides)
    rows: list[list[object]] = [[Cell("Item", "head")] + [Cell(_side_header(exam, s), "head") for s in sides]]
    extra: list[tuple] = []
    group = None
    for group_name, label, read in _MOTOR_ROWS:
        if group_name != group:
            group = group_name
            rows.append([Cell(group_name, "head")] + [""] * len(sides))
            extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
            extra.append(("TOPPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 5))
            # A group row never ends a page: it stays with its first items.
            extra.append(("NOSPLIT", (0, len(rows) - 1), (-1, len(rows) - 1 + GROUP_KEEP_ROWS)))
        rows.append([Cell(label)] + [Cell(read(exam.findings(s))) for s in sides])
    return section("Regional findings", [table(rows, [label_w] + [value_w] * len(sides), extra=extra)], keep=1)


def _reading(test: str, value: str, result: str) -> str:
    """``Schirmer 9 mm: abnormal``; a value that is its own result is said once (``taste: not done``,
    not ``taste not done: not done``), as the command-line text says it."""
    said = result.replace("_", " ")
    return f"{test}: {said}" if value == said else f"{test} {value}: {said}"


def _interpretation(functions: Sequence[FunctionView], prefix: str = "") -> list[list[object]]:
    """A row per test reading, under its function (where the branch leaves, and the result the
    localisation took from its tests), with the rule that read it."""
    rows: list[list[object]] = []
    for function in functions:
        where = f" ({function.leaves_at})" if function.leaves_at else ""
        first: list[object] = [Cell(f"{prefix}{function.label}{where}"), Cell(function.result.replace("_", " "), "bold")]
        readings = [[Cell(_reading(r.test, r.value, r.result)), Cell(r.rule or "\u2013")] for r in function.readings] or [
            [Cell("\u2013"), Cell("\u2013")]
        ]
        for index, reading in enumerate(readings):
            rows.append((first if index == 0 else ["", ""]) + reading)
    return rows


def topognostic_tests(exam: Exam, width: float, level: LevelView | None = None) -> list[Flowable]:
    """Schirmer, stapedial reflex, taste, electrogustometry, salivary flow, each per side (5.3),
    then what the localisation read from them, function by function (5.2)."""
    t = exam.topognostic
    rows_spec = (
        ("Schirmer (wetting at 5 min)", t.schirmer_mm, lambda v: labels.number(v, "mm")),
        ("Stapedial reflex (probe ear)", t.stapedial_reflex, labels.enum_label),
        ("Taste, anterior two thirds of the tongue", t.taste, labels.enum_label),
        ("Electrogustometry threshold", t.electrogustometry_ua, lambda v: labels.number(v, "\u00b5A")),
        ("Submandibular salivary flow", t.submandibular_flow_ml_min, lambda v: labels.number(v, "ml/min")),
    )
    label_w = 62 * mm
    value_w = (width - label_w) / 2
    sides = (FaceSide.right, FaceSide.left)
    rows: list[list[object]] = [[Cell("Test", "head")] + [Cell(_side_header(exam, s), "head") for s in sides]]
    for label, pair, show in rows_spec:
        rows.append([Cell(label)] + [Cell(show(pair.of(s)) if pair.of(s) is not None else NOT_ASSESSED) for s in sides])
    body: list[Flowable] = [table(rows, [label_w, value_w, value_w])]
    if level is not None:
        if level.sides:
            rows = [
                row for side, view in sorted(level.sides.items(), key=lambda kv: kv[0] != "right")
                for row in _interpretation(view.functions, f"{labels.side(side)}: ")
            ]
        else:
            rows = _interpretation(level.functions)
        if rows:
            head = [Cell("Function (where its branch leaves)", "head"), Cell("Result", "head"),
                    Cell("Reading", "head"), Cell("Rule", "head")]
            rest = width - 50 * mm - 20 * mm
            # A function's further readings share its cells: one span per function (row 0 is the head).
            starts = [index for index, row in enumerate(rows, start=1) if row[0] != ""]
            spans: list[tuple] = []
            for start, end in zip(starts, [*starts[1:], len(rows) + 1]):
                if end - 1 > start:
                    spans += [("SPAN", (0, start), (0, end - 1)), ("SPAN", (1, start), (1, end - 1))]
            shown = table([head, *rows], [50 * mm, 20 * mm, rest * 0.45, rest * 0.55], extra=spans)
            body += subsection("What the tests show", [shown])
    return section("Topognostic tests", body, keep=1)


_HISTORY_LABELS = {
    "otalgia": "otalgia or retro-auricular pain",
    "dry_eye_or_tearing_change": "dry eye or change in tearing",
    "limb_weakness_or_speech_disturbance": "limb weakness or speech disturbance",
    "twitching_before_onset": "twitching before onset",
    "ear_vesicles_or_rash": "vesicles or rash at the ear",
    "systemic_symptoms": "systemic symptoms (rash, arthralgia, lymphadenopathy, weight loss)",
    "tick_exposure": "tick bite, erythema migrans or endemic area",
    "parotid_swelling": "parotid swelling or mass",
    "skin_cancer_history": "history of skin cancer",
}


def _history_lists(exam: Exam) -> tuple[list[str], list[str], list[str]]:
    h = exam.history
    present, absent, unknown = [], [], []
    for name in type(h).model_fields:
        if name in ("otalgia_severity", "recent_surgery_sites"):
            continue
        value = getattr(h, name)
        label = _HISTORY_LABELS.get(name, name.replace("_", " "))
        if name == "otalgia" and value and h.otalgia_severity is not None:
            label += f" ({labels.enum_label(h.otalgia_severity)})"
        if name == "recent_surgery" and value and h.recent_surgery_sites:
            label += " (" + ", ".join(labels.enum_label(s) for s in h.recent_surgery_sites) + ")"
        (present if value else absent if value is False else unknown).append(label)
    return present, absent, unknown


def history_and_associated(exam: Exam, width: float) -> list[Flowable]:
    """Symptoms (present / absent / not asked) and the associated examination findings (6.3)."""
    present, absent, unknown = _history_lists(exam)
    label_w = 30 * mm
    history_rows = [
        [Cell("Present", "head"), Cell("; ".join(present) or "none recorded", limit=None)],
        [Cell("Absent", "head"), Cell("; ".join(absent) or "none recorded", limit=None)],
        [Cell("Not asked", "head"), Cell("; ".join(unknown) or "none", limit=None)],
    ]
    a = exam.associated
    pairs = [
        ("Corneal reflex (V)", labels.enum_label(a.corneal_reflex)),
        ("Facial sensation (V)", labels.enum_label(a.facial_sensation)),
        ("Abduction (VI)", labels.enum_label(a.abduction)),
        ("Horizontal gaze palsy", labels.finding(a.horizontal_gaze_palsy)),
        ("Hearing (VIII)", labels.enum_label(a.hearing)),
        ("Vestibular (VIII)", labels.enum_label(a.vestibular)),
        ("Cranial nerves IX-XII", labels.enum_label(a.lower_cranial_nerves)),
        ("Otoscopy", labels.enum_label(a.otoscopy)),
        ("Parotid", labels.enum_label(a.parotid)),
        ("Neck nodes", labels.finding(a.neck_nodes)),
        ("Limb weakness", labels.enum_label(a.limb_weakness)),
        ("Speech or language deficit", labels.finding(a.speech_or_language_deficit)),
        ("Cerebellar signs", labels.finding(a.cerebellar_signs)),
    ]
    if len(pairs) % 2:
        pairs.append(("", ""))
    pair_w = 36 * mm
    value_w = (width - 2 * pair_w) / 2
    assoc_rows = [
        [Cell(pairs[i][0], "head"), Cell(pairs[i][1]), Cell(pairs[i + 1][0], "head"), Cell(pairs[i + 1][1])]
        for i in range(0, len(pairs), 2)
    ]
    body: list[Flowable] = [
        table(history_rows, [label_w, width - label_w], header=False),
        gap(6),
        *subsection("Associated findings (side of the palsy)",
                    [table(assoc_rows, [pair_w, value_w, pair_w, value_w], header=False)]),
    ]
    for title, note in (("Otoscopy note", a.otoscopy_note), ("Other findings", a.other_note)):
        if note.strip():
            body += subsection(title, free_text(note))
    return section("History and associated findings", body, keep=1)


def electro_and_imaging(exam: Exam, width: float) -> list[Flowable]:
    """ENoG, EMG, blink reflex (8.4) and the imaging reports as typed (8.3)."""
    e = exam.electro
    enog = labels.number(e.enog_degeneration_percent, "% degeneration")
    if e.enog_degeneration_percent is not None and e.enog_day is not None:
        enog += f" (day {e.enog_day} after onset)"
    pairs = [
        ("ENoG", enog),
        ("Blink reflex", labels.enum_label(e.blink_reflex)),
        ("EMG voluntary motor units", labels.finding(e.emg_voluntary_mups)),
        ("EMG fibrillations", labels.finding(e.emg_fibrillations)),
        ("EMG reinnervation potentials", labels.finding(e.emg_reinnervation)),
        ("", ""),
    ]
    pair_w = 40 * mm
    value_w = (width - 2 * pair_w) / 2
    rows = [
        [Cell(pairs[i][0], "head"), Cell(pairs[i][1]), Cell(pairs[i + 1][0], "head"), Cell(pairs[i + 1][1])]
        for i in range(0, len(pairs), 2)
    ]
    body: list[Flowable] = [table(rows, [pair_w, value_w, pair_w, value_w], header=False)]
    for title, report in (("MRI", e.mri), ("CT", e.ct)):
        body += subsection(title, free_text(report, empty="no report recorded"))
    return section("Electrodiagnostics and imaging", body, keep=1)
