"""The store's only source of time, so tests can move the clock (monkeypatch these functions)."""
from __future__ import annotations

from datetime import UTC, date, datetime


def now_utc() -> datetime:
    """The current time in UTC (audit rows and record timestamps)."""
    return datetime.now(UTC)


def today() -> date:
    """The local calendar day (the unit of the daily backup)."""
    return datetime.now().astimezone().date()


def timestamp() -> str:
    """UTC time as ISO 8601 text: sorts as text and reads without a timezone guess."""
    return now_utc().isoformat(timespec="microseconds")
