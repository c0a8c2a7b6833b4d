"""Every item of the exam document as a flat, named, described list.

The CSV export (one column per item), its data dictionary and the side-by-side comparison all
need the same list: a stable column name, a readable label, the kind of value and its allowed
values. It is read from the exam models themselves (field types, enum values, numeric limits,
descriptions), so a new item in the exam format appears here without a second table to keep in
step. Motor items are listed once per half of the face (``r_``/``l_`` prefixes).
"""
from __future__ import annotations

import functools
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Le, MaxLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..exam import Exam, FaceFindings
from ..exam.models import PerSide
from ..patient import Patient

SIDES: tuple[str, ...] = ("right", "left")
SIDE_PREFIX = {"right": "r", "left": "l"}

#: Column prefix per part of the document (kept short: REDCap suggests names of 26 characters).
_SECTION_PREFIX = {
    "encounter": "",
    "treatment": "",
    "history": "hx_",
    "topognostic": "",
    "associated": "assoc_",
    "electro": "ed_",
    "review": "",
}
_FACE_PREFIX = {
    "rest": "rest_",
    "voluntary": "",
    "branches": "branch_",
    "sequelae": "",
    "sunnybrook": "sb_",
    "eface": "ef_",
    "yanagihara": "yg_",
}
_SECTION_LABEL = {
    "patient": "Patient",
    "encounter": "Encounter",
    "history": "History",
    "topognostic": "Topognostic tests",
    "associated": "Associated findings",
    "electro": "Electrodiagnostics and imaging",
    "review": "Review",
    "rest": "at rest",
    "voluntary": "voluntary movement",
    "sequelae": "synkinesis and sequelae",
    "sunnybrook": "Sunnybrook",
    "eface": "eFACE",
    "yanagihara": "Yanagihara",
}
#: Words spelled out in labels.
_WORDS = {
    "fngs": "FNGS 2.0",
    "nlf": "nasolabial fold",
    "mm": "(mm)",
    "ua": "(µA)",
    "ml": "(ml",
    "min": "per min)",
    "hb": "HB",
    "enog": "ENoG",
    "emg": "EMG",
    "mups": "motor units",
    "mri": "MRI",
    "mrn": "MRN",
    "ct": "CT",
    "eeee": "'eeee'",
    "3": "3",
}
_UNITS = {"mm": "mm", "ua": "µA", "percent": "%", "ml_min": "ml/min", "day": "days after onset"}


@dataclass(frozen=True)
class Item:
    """One exam item as a column: where it lives, what it means and which values it takes."""

    path: tuple[str, ...]
    column: str
    label: str
    section: str
    kind: str  # text, integer, number, date, datetime, yesno, choice
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    description: str = ""

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    def allowed(self) -> str:
        """Allowed values as one line: ``a | b | c``, ``1 to 6``, ``1 = yes, 0 = no``, or a format."""
        if self.kind == "choice":
            return " | ".join(self.choices)
        if self.kind == "yesno":
            return "1 = yes, 0 = no"
        if self.kind in ("integer", "number") and (self.minimum is not None or self.maximum is not None):
            low = "" if self.minimum is None else _number(self.minimum)
            high = "" if self.maximum is None else _number(self.maximum)
            return f"{low} to {high}".strip()
        if self.kind == "date":
            return "YYYY-MM-DD"
        if self.kind == "datetime":
            return "YYYY-MM-DD HH:MM"
        return "free text"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unwrap(annotation: Any) -> tuple[Any, list[Any], str]:
    """The bare type of a field, with its constraints and description (Optional and Annotated removed)."""
    metadata: list[Any] = []
    description = ""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            base, *extra = get_args(annotation)
            for meta in extra:
                if isinstance(meta, FieldInfo):
                    metadata.extend(meta.metadata)
                    description = description or (meta.description or "")
                else:
                    metadata.append(meta)
            annotation = base
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata, description
            annotation = args[0]
        else:
            return annotation, metadata, description


def _humanize(name: str, head: str = "") -> str:
    """``fngs_nlf`` -> ``FNGS 2.0 nasolabial fold``; lower case after a heading such as ``At rest: ``."""
    words = [_WORDS.get(word, word) for word in name.split("_")]
    text = " ".join(words).replace("(ml per min)", "(ml/min)")
    return head + text if head else text[:1].upper() + text[1:]


def _unit(name: str) -> str:
    for suffix, unit in _UNITS.items():
        if name.endswith("_" + suffix) or name == suffix:
            return unit
    return ""


def _leaf(path: tuple[str, ...], column: str, label: str, section: str, annotation: Any, info: FieldInfo | None) -> Item:
    base, metadata, description = _unwrap(annotation)
    if info is not None:
        metadata = [*info.metadata, *metadata]
        description = info.description or description
    minimum = next((float(m.ge) for m in metadata if isinstance(m, Ge)), None)
    maximum = next((float(m.le) for m in metadata if isinstance(m, Le)), None)
    if isinstance(base, type) and issubclass(base, Enum):
        kind, choices = "choice", tuple(str(member.value) for member in base)
    elif base is bool:
        kind, choices = "yesno", ()
    elif base is int:
        kind, choices = "integer", ()
    elif base is float:
        kind, choices = "number", ()
    elif base is datetime:
        kind, choices = "datetime", ()
    elif base is date:
        kind, choices = "date", ()
    else:
        kind, choices = "text", ()
        if any(isinstance(m, MaxLen) for m in metadata) and not description:
            description = "free text"
    return Item(
        path=path, column=column, label=label, section=section, kind=kind, choices=choices,
        minimum=minimum, maximum=maximum, unit=_unit(path[-1]), description=description,
    )


def _model_items(
    model: type[BaseModel], path: tuple[str, ...], prefix: str, section: str, label_head: str
) -> Iterator[Item]:
    for name, info in model.model_fields.items():
        base, _, _ = _unwrap(info.annotation)
        here = (*path, name)
        if isinstance(base, type) and issubclass(base, PerSide):
            inner = base.model_fields["right"]
            for side in SIDES:
                column = f"{prefix}{name}_{SIDE_PREFIX[side]}"
                label = f"{_humanize(name, label_head)}, {side}"
                yield _leaf((*here, side), column, label, section, inner.annotation, None)
        elif isinstance(base, type) and issubclass(base, BaseModel):
            sub_prefix = _FACE_PREFIX.get(name, _SECTION_PREFIX.get(name, f"{name}_"))
            sub_head = label_head
            if name in ("voluntary", "synkinesis") and model.__name__ == "SunnybrookItems":
                sub_prefix = "vol_" if name == "voluntary" else "syn_"
                sub_head = f"Sunnybrook {name}: "
            elif name == "branches":
                sub_head = "Branch territory: "
            elif name == "treatment":
                sub_head = "Treatment started: "
            yield from _model_items(base, here, prefix + sub_prefix, section, sub_head)
        elif get_origin(base) is list:
            (element,) = get_args(base)
            element, _, _ = _unwrap(element)
            if isinstance(element, type) and issubclass(element, Enum):
                for member in element:
                    yield Item(
                        path=(*here, str(member.value)), column=f"{prefix}{name}_{member.value}",
                        label=f"{_humanize(name, label_head)}: {member.value}", section=section, kind="yesno",
                        description=info.description or "",
                    )
        else:
            yield _leaf(here, f"{prefix}{name}", _humanize(name, label_head), section, info.annotation, info)


def _face_items() -> Iterator[Item]:
    for side in SIDES:
        side_prefix = SIDE_PREFIX[side] + "_"
        for part, info in FaceFindings.model_fields.items():
            model = _unwrap(info.annotation)[0]
            section = f"{side.capitalize()} side, {_SECTION_LABEL[part]}"
            head = {"voluntary": "", "sequelae": "", "rest": "At rest: "}.get(part, f"{_SECTION_LABEL[part]}: ")
            yield from _model_items(model, ("face", side, part), side_prefix + _FACE_PREFIX[part], section, head)


@functools.cache
def exam_items() -> tuple[Item, ...]:
    """Every item of the exam format, in document order (patient first, review last)."""
    items: list[Item] = []
    items.extend(_model_items(Patient, ("patient",), "", "Patient", ""))
    for name, info in Exam.model_fields.items():
        if name in ("format_version", "uid", "patient", "carried_over"):
            continue
        if name == "face":
            items.extend(_face_items())
            continue
        model = _unwrap(info.annotation)[0]
        items.extend(_model_items(model, (name,), _SECTION_PREFIX[name], _SECTION_LABEL[name], ""))
    items.append(Item(
        path=("carried_over",), column="carried_over", label="Items carried over from the previous exam",
        section="Encounter", kind="text", description="dotted item paths separated by '; '",
    ))
    for item in items:
        if item.path[:2] == ("review", "final_hb"):
            object.__setattr__(item, "label", f"Final House-Brackmann grade (clinician), {item.path[-1]}")
    return tuple(items)


def value_at(document: Mapping[str, Any], item: Item) -> Any:
    """The item's value in a JSON-mode exam document; None when not assessed or absent."""
    if item.path == ("carried_over",):
        values = document.get("carried_over") or []
        return "; ".join(values) if values else None
    node: Any = document
    *parents, last = item.path
    for key in parents:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
        if isinstance(node, list):  # a multiple choice list: "is this member chosen?"
            return (last in node) if node or _parent_answered(document, item) else None
    if not isinstance(node, Mapping):
        return None
    value = node.get(last)
    if isinstance(value, str) and value == "" and item.kind == "text":
        return None
    return value


def _parent_answered(document: Mapping[str, Any], item: Item) -> bool:
    """An empty list of sites means "none" once its yes/no question was answered, else "not asked"."""
    section = document.get(item.path[0]) or {}
    question = item.path[1].removesuffix("_sites")
    return section.get(question) is not None
