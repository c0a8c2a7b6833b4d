"""What an exam item is, read from the exam model: its type, its allowed values and its range.

The model (facialis.core.exam.models) is the one place where ranges live; the wizard reads them
here instead of repeating them, so a control's unit hint and its range message always agree with
what the model accepts.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel

from facialis.core.exam import Exam

Kind = Literal["enum", "bool", "int", "float", "date", "datetime", "str", "enum_list"]


@dataclass(frozen=True)
class FieldSchema:
    """One leaf of the exam document."""

    kind: Kind
    enum: type[Enum] | None = None
    ge: float | None = None
    le: float | None = None
    max_length: int | None = None
    description: str = ""


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Optional and Annotated; return the bare type and the collected metadata."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            for item in extra:
                metadata.append(item)
                metadata.extend(getattr(item, "metadata", []) or [])
            continue
        if origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation, metadata


def _leaf(annotation: Any, metadata: list[Any], description: str) -> FieldSchema:
    ge = le = max_length = None
    for item in metadata:
        ge = getattr(item, "ge", ge)
        le = getattr(item, "le", le)
        max_length = getattr(item, "max_length", max_length)
        description = getattr(item, "description", None) or description
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return FieldSchema("enum", enum=annotation, description=description)
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        return FieldSchema("enum_list", enum=inner, description=description)
    # bool before int: bool is a subclass of int
    for kind, python_type in (("bool", bool), ("datetime", datetime), ("date", date), ("int", int),
                              ("float", float), ("str", str)):
        if annotation is python_type:
            return FieldSchema(kind, ge=ge, le=le, max_length=max_length, description=description)  # type: ignore[arg-type]
    raise TypeError(f"unsupported exam item type {annotation!r}")


@lru_cache(maxsize=None)
def field_schema(path: str) -> FieldSchema:
    """The schema of the exam item at dotted ``path`` (e.g. ``face.left.voluntary.fngs_brow``)."""
    model: Any = Exam
    parts = path.split(".")
    index = 0
    while index < len(parts):
        part = parts[index]
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            raise KeyError(f"{path}: no such exam item ({part!r})")
        info = model.model_fields[part]
        annotation, metadata = _unwrap(info.annotation)
        metadata = list(info.metadata) + metadata
        if typing.get_origin(annotation) is dict:  # face: {side: FaceFindings}
            index += 1  # the side key
            annotation = typing.get_args(annotation)[1]
        index += 1
        if index == len(parts):
            return _leaf(annotation, metadata, info.description or "")
        model = annotation
    raise KeyError(f"{path}: not a single exam item")
