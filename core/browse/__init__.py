"""Reviewing saved cases: the paged exam list, a patient's course over time, two exams compared."""
from .query import (
    CURRENT,
    DEFAULT_PAGE_SIZE,
    STATUSES,
    ExamBrowser,
    ExamFilter,
    ExamQuery,
    ExamRow,
    SortKey,
)

__all__ = [
    "CURRENT",
    "DEFAULT_PAGE_SIZE",
    "STATUSES",
    "ExamBrowser",
    "ExamFilter",
    "ExamQuery",
    "ExamRow",
    "SortKey",
]
