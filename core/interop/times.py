"""Record times as the exports show them: UTC, whatever zone the computer is in.

The store writes its own times (``signed_at``, ``created_at``...) in UTC with an offset. Older
imports stored the file's signing time without an offset, in the local time of the computer that
imported it; those are read as local time, the same rule as for a file's time without an offset
(``store.imports.utc_moment``, docs/exam-format.md). So the CSV's UTC column, the exam file and
the record name the same moment.
"""
from __future__ import annotations

from datetime import datetime

from ..store.imports import utc_moment


def record_time(text: str | None) -> datetime | None:
    """A record's ISO time as an aware UTC datetime; None for no time."""
    if not text:
        return None
    return utc_moment(datetime.fromisoformat(text))


def to_seconds(moment: datetime) -> datetime:
    """Without the fraction of a second: files and CSV cells show signing times to the second."""
    return moment.replace(microsecond=0)
