"""Hypothesis strategies for valid exams, built from the exam model itself.

Each finding is drawn from its declared type and range, or left not assessed, so a new field of
the model is covered without touching this file.
"""
from __future__ import annotations

import enum
import types
import typing
from datetime import date, datetime, timedelta
from typing import Any, Union

from annotated_types import Ge, Le
from hypothesis import strategies as st
from pydantic import BaseModel

from facialis.core.exam import Exam, FaceFindings
from facialis.core.exam import models as exam_models
from facialis.core.patient import Patient

EXAM_DAY = datetime(2026, 6, 15, 10, 30)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        for sub in getattr(item, "metadata", None) or [item]:
            if isinstance(sub, Ge):
                low = sub.ge
            if isinstance(sub, Le):
                high = sub.le
    return low, high


def _for_type(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = st.one_of(*[_for_type(a, metadata) for a in options]) if options else st.none()
        return st.none() | inner
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _for_type(base, [*metadata, *extra])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low, high = _bounds(metadata)
        return st.integers(int(low if low is not None else 0), int(high if high is not None else 100))
    if annotation is float:
        low, high = _bounds(metadata)
        return st.floats(low if low is not None else 0, high if high is not None else 100, allow_nan=False)
    if annotation is str:
        return TEXT
    if annotation is datetime:
        return st.datetimes(EXAM_DAY - timedelta(days=400), EXAM_DAY)
    if annotation is date:
        return st.dates(EXAM_DAY.date() - timedelta(days=400), EXAM_DAY.date())
    if origin is list:
        (inner,) = typing.get_args(annotation)
        return st.lists(_for_type(inner, []), max_size=3, unique=True)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_values(annotation)
    raise TypeError(f"no strategy for {annotation!r}")


def model_values(cls: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict of field values for ``cls``; every field may be left out (not assessed)."""
    fields = {}
    for name, field in cls.model_fields.items():
        fields[name] = _for_type(field.annotation, list(field.metadata))
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def exams(draw: st.DrawFn) -> Exam:
    """A valid exam with any combination of findings, side and dates."""
    side = draw(st.sampled_from(["right", "left", "bilateral", None]))
    halves = ["right", "left"] if side in ("bilateral", None) else [side]
    face = {half: draw(model_values(FaceFindings)) for half in halves if draw(st.booleans()) or side is not None}
    if side is None and len(face) > 1:
        face.pop("left")
    onset = draw(st.none() | st.dates(EXAM_DAY.date() - timedelta(days=400), EXAM_DAY.date()))
    encounter = draw(model_values(exam_models.Encounter))
    encounter.update(exam_datetime=EXAM_DAY, affected_side=side, onset_date=onset)
    birth = draw(st.none() | st.dates(date(1920, 1, 1), EXAM_DAY.date()))
    if birth is not None and onset is not None and onset < birth:
        onset = None
        encounter["onset_date"] = None
    review = draw(model_values(exam_models.Review))
    review.pop("signed_at", None)
    return Exam.model_validate(
        {
            "patient": Patient(mrn="H1", family_name="Hypothesis", birth_date=birth),
            "encounter": encounter,
            "history": draw(model_values(exam_models.History)),
            "face": face,
            "topognostic": draw(model_values(exam_models.Topognostic)),
            "associated": draw(model_values(exam_models.Associated)),
            "electro": draw(model_values(exam_models.Electro)),
            "review": review,
        }
    )

