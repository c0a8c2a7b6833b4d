"""How every number explains itself: the items it used, the rule applied, and the source.

Every scale, the localisation and the guidance return these plain, serialisable records, so the
GUI, the PDF and the CLI can show *why* without doing any arithmetic of their own.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

REFERENCE = "clinical-reference"


def cite(section: str, note: str = "") -> str:
    """A source string such as ``clinical-reference 2.4`` (plus an optional short note)."""
    text = f"{REFERENCE} {section}"
    return f"{text} ({note})" if note else text


class Record(BaseModel):
    """Base of the assessment records: immutable once built, JSON-serialisable."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoredItem(Record):
    """One input of a score: what was entered and what it contributed.

    ``value`` is None when the item was not assessed; ``points`` is None when it contributes
    nothing (because it was not assessed).
    """

    name: str
    label: str
    value: Any = None
    points: float | None = None


class ScaleResult(Record):
    """The result of one grading scale for one half of the face."""

    scale: str
    side: str | None = None
    complete: bool
    missing: list[str] = Field(default_factory=list, description="labels of the items not assessed")
    items: list[ScoredItem] = Field(default_factory=list)
    subscores: dict[str, float] = Field(default_factory=dict)
    total: float | None = None
    grade: str | None = None
    rule: str
    source: str
    notes: list[str] = Field(default_factory=list)
