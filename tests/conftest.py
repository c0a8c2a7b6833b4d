"""Shared test set-up: Qt runs offscreen and no test touches the user's real data folder."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the data folder, QSettings and $FACIALIS_DB at a temporary place for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("FACIALIS_DB", raising=False)


def _in_zone(monkeypatch: pytest.MonkeyPatch, name: str, zone_is_there: Callable[[], bool]) -> Iterator[None]:
    """The process in time zone ``name`` for one test, then back.

    Without ``time.tzset`` (Windows) or without the zone's data (``zone_is_there`` says the offsets
    are not the zone's) the test cannot run: it is skipped, except where ``.ci/run`` installs the
    data and sets FACIALIS_REQUIRE_TZDATA, where it fails instead.
    """
    required = bool(os.environ.get("FACIALIS_REQUIRE_TZDATA"))
    if not hasattr(time, "tzset"):
        if required:
            pytest.fail("time.tzset is missing but FACIALIS_REQUIRE_TZDATA is set")
        pytest.skip("needs time.tzset to change the zone")
    monkeypatch.setenv("TZ", name)
    time.tzset()
    try:
        if not zone_is_there():
            if required:
                pytest.fail(f"no time zone data for {name} but FACIALIS_REQUIRE_TZDATA is set")
            pytest.skip(f"no time zone data for {name} on this computer")
        yield
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process in Asia/Tokyo (UTC+9, no daylight saving) for the test: times must not shift."""
    yield from _in_zone(
        monkeypatch, "Asia/Tokyo", lambda: datetime(2025, 1, 1).astimezone().utcoffset() == timedelta(hours=9)
    )


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process in Europe/Berlin, with daylight saving (EU: 2025-03-30 and 2025-10-26)."""
    yield from _in_zone(
        monkeypatch,
        "Europe/Berlin",
        lambda: datetime(2025, 7, 1).astimezone().utcoffset() == timedelta(hours=2)
        and datetime(2025, 1, 1).astimezone().utcoffset() == timedelta(hours=1),
    )
