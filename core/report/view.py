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
            )
        )
    return views


# --- Localisation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceView:
    text: str
    stance: str | None  # "for", "against" or None
    segments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LevelView:
    pattern: str | None
    summary: str | None
    segments: list[str]
    branches: list[str]
    evidence: list[EvidenceView]
    caveats: list[str]
    contradictions: list[str]


_FOR = {"for", "supports", "support", "supporting", "pro", "consistent"}
_AGAINST = {"against", "argues_against", "contradicts", "contra", "inconsistent"}


def _stance(item: Any) -> str | None:
    for key in ("stance", "direction", "supports", "kind", "effect", "weight"):
        raw = get(item, key)
        if isinstance(raw, bool):
            return "for" if raw else "against"
        raw = text_of(raw).lower()
        if raw in _FOR:
            return "for"
        if raw in _AGAINST:
            return "against"
    return None


def level_view(value: Any) -> LevelView | None:
    if value is None:
        return None
    evidence = []
    for item in get(value, "evidence", []) or []:
        evidence.append(
            EvidenceView(text=text_of(item), stance=_stance(item), segments=strings(get(item, "segments")))
        )
    for item in get(value, "against", []) or []:
        evidence.append(EvidenceView(text=text_of(item), stance="against"))
    return LevelView(
        pattern=text_of(get(value, "pattern")) or None,
        summary=text_of(get(value, "summary") or get(value, "level") or get(value, "label")) or None,
        segments=strings(get(value, "segments")),
        branches=strings(get(value, "branches") or get(value, "affected_branches")),
        evidence=evidence,
        caveats=strings(get(value, "caveats")),
        contradictions=strings(get(value, "contradictions") or get(value, "conflicts")),
    )


# --- Guidance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiagnosisView:
    name: str
    codes: list[str]
    note: str


def differential_views(value: Any) -> list[DiagnosisView]:
    views = []
    for item in value or []:
        codes = []
        for code in get(item, "codes", []) or []:
            if isinstance(code, str):
                codes.append(code)
            else:
                system, number = text_of(get(code, "system")), text_of(get(code, "code"))
                codes.append(f"{system} {number}".strip() if number else text_of(code))
        note = text_of(get(item, "why") or get(item, "reason") or get(item, "note") or get(item, "rationale"))
        views.append(DiagnosisView(name=text_of(get(item, "name") or item), codes=codes, note=note))
    return views


@dataclass(frozen=True)
class ActionView:
    text: str
    strength: str
    due_by: date | datetime | None
    window: str
    source: str
    status: str


def action_views(value: Any) -> list[ActionView]:
    views = []
    for item in value or []:
        due = get(item, "due_by")
        if isinstance(due, str):
            try:
                due = date.fromisoformat(due[:10])
            except ValueError:
                due = None
        if not isinstance(due, (date, datetime)):
            due = None
        views.append(
            ActionView(
                text=text_of(get(item, "statement") or get(item, "action") or get(item, "text") or item),
                strength=text_of(get(item, "strength")),
                due_by=due,
                window=text_of(get(item, "window") or get(item, "timing")),
                source=text_of(get(item, "source")),
                status=text_of(get(item, "status") or get(item, "note")),
            )
        )
    return views


@dataclass(frozen=True)
class CodeView:
    system: str
    code: str
    display: str


def code_views(value: Any) -> list[CodeView]:
    views = []
    if isinstance(value, Mapping) and not {"code", "system"} & set(value):
        # {"icd10cm": [...], "snomed": [...]} or {"icd10cm": "G51.0"}
        for system, codes in value.items():
            for code in codes if isinstance(codes, (list, tuple)) else [codes]:
                views.append(_code(code, str(system)))
        return views
    for code in value or []:
        views.append(_code(code, ""))
    return views


def _code(code: Any, system: str) -> CodeView:
    if isinstance(code, str):
        return CodeView(system=system, code=code, display="")
    return CodeView(
        system=text_of(get(code, "system", system)),
        code=text_of(get(code, "code")),
        display=text_of(get(code, "display") or get(code, "meaning") or get(code, "title")),
    )


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
    red_flags: list[str]
    actions: list[ActionView]
    imaging: list[str]
    codes: list[CodeView]
    notes: list[str]


def read_assessment(assessment: Any) -> AssessmentView:
    """The report's view of an Assessment (model or JSON dict); None gives an empty view."""
    a = assessment
    return AssessmentView(
        hb=hb_views(get(a, "house_brackmann")),
        fngs2=scale_views(get(a, "fngs2"), "FNGS 2.0"),
        sunnybrook=scale_views(get(a, "sunnybrook"), "Sunnybrook"),
        eface=scale_views(get(a, "eface"), "eFACE"),
        yanagihara=scale_views(get(a, "yanagihara"), "Yanagihara"),
        level=level_view(get(a, "localization")),
        differential=differential_views(get(a, "differential")),
        red_flags=strings(get(a, "red_flags")),
        actions=action_views(get(a, "actions")),
        imaging=strings(get(a, "imaging")),
        codes=code_views(get(a, "codes")),
        notes=strings(get(a, "notes") or get(a, "caveats")),
    )
