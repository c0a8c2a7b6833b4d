"""What the report reads from the Assessment, as plain values.

The report does no clinical arithmetic: it prints what ``core.assess`` computed. This module is
the one place that knows the Assessment's shape (design.md, "Shared vocabulary": house_brackmann,
fngs2, sunnybrook, eface, yanagihara, localization, differential, red_flags, actions, imaging,
codes). It accepts the pydantic model or its JSON form, per-side results as a mapping
``{"right": ..., "left": ...}``, a list of results that carry ``side``, or a single result, and it
never raises on a missing or unexpected field: the section then says "not available".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

SIDES = ("right", "left")


def get(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name`` or ``obj[name]``; ``default`` when absent or None."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        value = obj.get(name, default)
    else:
        value = getattr(obj, name, default)
    return default if value is None else value


def text_of(value: Any) -> str:
    """A readable string for a value of unknown shape (str, enum, number, record with a text)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, date, datetime)):
        return str(value)
    for key in ("text", "statement", "description", "finding", "label", "name", "title", "message"):
        found = get(value, key)
        if isinstance(found, str) and found:
            return found
    return str(value)


def strings(value: Any) -> list[str]:
    """A list of non-empty strings from None, a string, or a list of strings/records."""
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable) or isinstance(value, Mapping):
        value = [value]
    return [t for t in (text_of(item) for item in value) if t]


def side_key(value: Any) -> str | None:
    raw = value.value if isinstance(value, Enum) else value
    return raw if raw in SIDES else None


def per_side(value: Any) -> list[tuple[str | None, Any]]:
    """Results per half of the face, right before left; ``[(None, result)]`` when not per side."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        keyed = {side_key(k): v for k, v in value.items() if side_key(k) and v is not None}
        if keyed and len(keyed) == len([k for k in value if value[k] is not None]):
            return [(side, keyed[side]) for side in SIDES if side in keyed]
        return [(side_key(get(value, "side")), value)]
    if isinstance(value, (list, tuple)):
        items = [(side_key(get(item, "side")), item) for item in value if item is not None]
        return sorted(items, key=lambda pair: SIDES.index(pair[0]) if pair[0] in SIDES else 2)
    return [(side_key(get(value, "side")), value)]


# --- Scales ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    label: str
    value: Any
    points: float | None


@dataclass(frozen=True)
class ScaleView:
    """One scale for one half of the face, as the report prints it."""

    scale: str
    side: str | None
    complete: bool
    missing: list[str]
    total: float | None
    grade: str | None
    subscores: dict[str, float]
    items: list[ItemView]
    notes: list[str]
    rule: str
    source: str


def scale_views(value: Any, default_name: str) -> list[ScaleView]:
    views = []
    for side, result in per_side(value):
        items = [
            ItemView(label=text_of(get(item, "label") or get(item, "name")), value=get(item, "value"),
                     points=_number(get(item, "points")))
            for item in (get(result, "items", []) or [])
        ]
        subscores = get(result, "subscores", {}) or {}
        views.append(
            ScaleView(
                scale=text_of(get(result, "scale", default_name)),
                side=side or side_key(get(result, "side")),
                complete=bool(get(result, "complete", False)),
                missing=strings(get(result, "missing")),
                total=_number(get(result, "total")),
                grade=text_of(get(result, "grade")) or None,
                subscores={str(k): v for k, v in dict(subscores).items() if _number(v) is not None},
                items=items,
                notes=strings(get(result, "notes")),
                rule=text_of(get(result, "rule")),
                source=text_of(get(result, "source")),
            )
        )
    return views


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --- House-Brackmann --------------------------------------------------------------------------


@dataclass(frozen=True)
class HbView:
    side: str | None
    suggested: str | None
    reasons: list[str]
    conflicts: list[str]
    caveats: list[str]
    applicable: bool
    discordance: bool
    #: How the grade was read (eye closure taken from another item, a bilateral palsy graded per side,
    #: grade I not confirmed everywhere): part of the suggestion, printed with it.
    notes: list[str] = field(default_factory=list)


def hb_views(value: Any) -> list[HbView]:
    views = []
    for side, result in per_side(value):
        views.append(
            HbView(
                side=side,
                suggested=text_of(get(result, "suggested") or get(result, "grade")) or None,
                reasons=strings(get(result, "reasons")),
                conflicts=strings(get(result, "conflicts")),
                caveats=strings(get(result, "caveats")),
                applicable=bool(get(result, "applicable", True)),
                discordance=bool(get(result, "regional_discordance", False)),
                notes=strings(get(result, "notes")),
            )
        )
    return views


# --- Localisation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceView:
    text: str
    stance: str | None  # "for", "against" or None
    level: str = ""
    #: The finding alone, without what the level predicts (the table groups findings by level).
    observed: str = ""


@dataclass(frozen=True)
class ReadingView:
    test: str
    value: str
    result: str
    rule: str


@dataclass(frozen=True)
class FunctionView:
    """One function a topognostic test measures, where its branch leaves, and what was found."""

    label: str
    leaves_at: str
    result: str
    readings: list[ReadingView]


@dataclass(frozen=True)
class LevelView:
    pattern: str | None
    summary: str | None
    status: str | None
    segments: list[str]
    branches: list[str]
    evidence: list[EvidenceView]
    functions: list[FunctionView]
    caveats: list[str]
    contradictions: list[str]
    explanations: list[str]
    closest_fit: list[str]
    confidence: str | None
    confidence_reasons: list[str]
    sides: dict[str, "LevelView"]


_FOR = {"for", "supports", "support", "supporting", "pro", "consistent"}
_AGAINST = {"against", "argues_against", "contradicts", "contra", "inconsistent"}


def _stance(item: Any) -> str | None:
    for key in ("direction", "stance", "supports", "kind"):
        raw = get(item, key)
        if isinstance(raw, bool):
            return "for" if raw else "against"
        raw = text_of(raw).lower()
        if raw in _FOR:
            return "for"
        if raw in _AGAINST:
            return "against"
    return None


def _functions(value: Any) -> list[FunctionView]:
    views = []
    for item in value or []:
        readings = [
            ReadingView(
                test=text_of(get(r, "test")), value=text_of(get(r, "value")),
                result=text_of(get(r, "result")), rule=text_of(get(r, "rule")),
            )
            for r in get(item, "readings", []) or []
        ]
        views.append(FunctionView(
            label=text_of(get(item, "label") or get(item, "function")),
            leaves_at=text_of(get(item, "leaves_at")),
            result=text_of(get(item, "result")),
            readings=readings,
        ))
    return views


def level_view(value: Any) -> LevelView | None:
    if value is None:
        return None
    evidence = [
        EvidenceView(
            text=text_of(item), stance=_stance(item), level=text_of(get(item, "level")),
            observed=text_of(get(item, "observed")) or text_of(item),
        )
        for item in get(value, "evidence", []) or []
    ]
    sides = get(value, "sides", {}) or {}
    return LevelView(
        pattern=text_of(get(value, "pattern")) or None,
        summary=text_of(get(value, "level") or get(value, "summary")) or None,
        status=text_of(get(value, "level_status")) or None,
        segments=strings(get(value, "segments")),
        branches=strings(get(value, "branches")),
        evidence=evidence,
        functions=_functions(get(value, "functions")),
        caveats=strings(get(value, "caveats")),
        contradictions=strings(get(value, "contradictions")),
        explanations=strings(get(value, "explanations")),
        closest_fit=strings(get(value, "closest_fit")),
        confidence=text_of(get(value, "confidence")) or None,
        confidence_reasons=strings(get(value, "confidence_reasons")),
        sides={
            key: view
            for key, view in ((side_key(k), level_view(v)) for k, v in dict(sides).items())
            if key and view is not None
        },
    )


# --- Guidance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeView:
    system: str
    code: str
    display: str
    note: str = ""


def _code(code: Any, system: str = "") -> CodeView:
    if isinstance(code, str):
        return CodeView(system=system, code=code, display="")
    note = text_of(get(code, "note"))
    if get(code, "complete") is False:
        note = "; ".join(x for x in ("category: needs a further digit", note) if x)
    return CodeView(
        system=text_of(get(code, "system", system)),
        code=text_of(get(code, "code")),
        display=text_of(get(code, "display") or get(code, "meaning") or get(code, "title")),
        note=note,
    )


def code_views(value: Any) -> list[CodeView]:
    """Codes from a list, or from ``{"icd10cm": [...], "snomed": [...], "laterality": {...}}``."""
    if value is None:
        return []
    if isinstance(value, Mapping) or not isinstance(value, (list, tuple)):
        if get(value, "code") is not None:
            return [_code(value)]
        views = []
        items = value.items() if isinstance(value, Mapping) else vars(value).items()
        for system, codes in items:
            if system == "notes" or codes is None:
                continue
            for code in codes if isinstance(codes, (list, tuple)) else [codes]:
                if isinstance(code, str) or get(code, "code") is not None:
                    views.append(_code(code, str(system)))
        return views
    return [_code(code) for code in value]


@dataclass(frozen=True)
class DiagnosisView:
    name: str
    codes: list[str]
    fit: str
    supporting: list[str]
    against: list[str]
    note: str


def differential_views(value: Any) -> list[DiagnosisView]:
    views = []
    for item in value or []:
        codes = [f"{c.system} {c.code}".strip() for c in code_views(get(item, "codes"))]
        views.append(DiagnosisView(
            name=text_of(get(item, "name") or item),
            codes=codes,
            fit=text_of(get(item, "fit")),
            supporting=strings(get(item, "supporting")),
            against=strings(get(item, "against")),
            note=text_of(get(item, "note") or get(item, "why") or get(item, "reason")),
        ))
    return views


@dataclass(frozen=True)
class RedFlagView:
    flag: str
    findings: list[str]


def red_flag_views(value: Any) -> list[RedFlagView]:
    return [
        RedFlagView(flag=text_of(get(item, "flag") or item), findings=strings(get(item, "findings")))
        for item in value or []
    ]


@dataclass(frozen=True)
class ActionView:
    number: str
    text: str
    strength: str
    applies: bool
    reason: str
    due_by: date | datetime | None
    window_open: bool | None
    source: str
    window_state: str | None = None  # "not_open_yet" | "open" | "closed" (guidance.Action)
    window_start: date | datetime | None = None
    hours_left: float | None = None
    done: bool = False  # treatment already started (guidance.Action)
    done_on: date | datetime | None = None


def _when(value: Any) -> date | datetime | None:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def action_views(value: Any) -> list[ActionView]:
    views = []
    for item in value or []:
        statement = text_of(get(item, "statement"))
        text = text_of(get(item, "text") or get(item, "action"))
        if not text:  # an older shape kept the sentence in "statement"
            text, statement = statement or text_of(item), ""
        window = get(item, "window_open")
        state, hours = get(item, "window_state"), get(item, "hours_left")
        views.append(ActionView(
            number=statement if len(statement) <= 4 else "",
            text=text,
            strength=text_of(get(item, "strength")),
            applies=bool(get(item, "applies", True)),
            reason=text_of(get(item, "reason")),
            due_by=_when(get(item, "due_by")),
            window_open=window if isinstance(window, bool) else None,
            source=text_of(get(item, "source")),
            window_state=state if state in ("not_open_yet", "open", "closed") else None,
            window_start=_when(get(item, "window_start")),
            hours_left=hours if isinstance(hours, (int, float)) and not isinstance(hours, bool) else None,
            done=get(item, "done") is True,
            done_on=_when(get(item, "done_on")),
        ))
    return views


@dataclass(frozen=True)
class ImagingView:
    modality: str
    reason: str


def imaging_views(value: Any) -> list[ImagingView]:
    return [
        ImagingView(modality=text_of(get(item, "modality") or item), reason=text_of(get(item, "reason")))
        for item in value or []
    ]


# --- The whole assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentView:
    hb: list[HbView]
    fngs2: list[ScaleView]
    sunnybrook: list[ScaleView]
    eface: list[ScaleView]
    yanagihara: list[ScaleView]
    level: LevelView | None
    differential: list[DiagnosisView]
    red_flags: list[RedFlagView]
    actions: list[ActionView]
    imaging: list[ImagingView]
    electrodiagnostics: list[str]
    codes: list[CodeView]
    code_notes: list[str]
    notes: list[str]


def read_assessment(assessment: Any) -> AssessmentView:
    """The report's view of an Assessment (model or JSON dict); None gives an empty view.

    Guidance lists are read from the top level, else from ``guidance`` (where the Assessment
    keeps imaging, codes and notes).
    """
    a = assessment
    guidance = get(a, "guidance")

    def pick(name: str) -> Any:
        return get(a, name) if get(a, name) is not None else get(guidance, name)

    codes = pick("codes")
    return AssessmentView(
        hb=hb_views(get(a, "house_brackmann")),
        fngs2=scale_views(get(a, "fngs2"), "FNGS 2.0"),
        sunnybrook=scale_views(get(a, "sunnybrook"), "Sunnybrook"),
        eface=scale_views(get(a, "eface"), "eFACE"),
        yanagihara=scale_views(get(a, "yanagihara"), "Yanagihara"),
        level=level_view(get(a, "localization")),
        differential=differential_views(pick("differential")),
        red_flags=red_flag_views(pick("red_flags")),
        actions=action_views(pick("actions")),
        imaging=imaging_views(pick("imaging")),
        electrodiagnostics=strings(pick("electrodiagnostics")),
        codes=code_views(codes),
        code_notes=strings(get(codes, "notes")) if not isinstance(codes, (list, tuple)) else [],
        notes=strings(pick("notes")),
    )
