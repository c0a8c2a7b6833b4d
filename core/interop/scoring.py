"""The scores of a saved exam, for exports, the timeline and the comparison.

Exports and review show the same numbers as the exam screen, so they all come from
``core.assess`` (never recomputed here); this module only arranges them per graded side.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..assess import Assessment, SideScales, assess
from ..exam import Exam
from ..settings import Settings
from ..store.records import ExamSummary
from ..summary import summarize


#: Every scale result of one half of the face (the assessment's own record).
SideScores = SideScales


@dataclass(frozen=True)
class ExamScores:
    """The assessment, with its scale results per graded side."""

    assessment: Assessment
    sides: dict[str, SideScores]

    @property
    def red_flags(self) -> list[str]:
        return [flag.flag for flag in self.assessment.red_flags]

    @property
    def pattern(self) -> str | None:
        return self.assessment.localization.pattern

    @property
    def segments(self) -> list[str]:
        return list(self.assessment.localization.segments)


def score_exam(exam: Exam, settings: Settings | None = None) -> ExamScores:
    """All results of ``exam`` (never raises on a valid Exam)."""
    assessment = assess(exam, settings or Settings())
    sides = assessment.side_scales()
    return ExamScores(assessment=assessment, sides=sides)


def summary_of(exam: Exam, scores: ExamScores | None = None) -> ExamSummary:
    """The store's summary columns for ``exam``."""
    return summarize(exam, (scores or score_exam(exam)).assessment)
