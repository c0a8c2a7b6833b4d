"""Store.import_exam keeps signing times in UTC, like every time the store writes itself."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from facialis.core.store import Store

from .conftest import make_patient, make_summary



@pytest.mark.parametrize(
    ("signed_at", "stored"),
    [
        (datetime(2024, 3, 1, 15, 10), "2024-03-01T06:10:00+00:00"),  # no offset: local time
        (datetime(2024, 3, 1, 11, 10, tzinfo=timezone(timedelta(hours=5))), "2024-03-01T06:10:00+00:00"),
        (datetime(2024, 3, 1, 6, 10, tzinfo=timezone.utc), "2024-03-01T06:10:00+00:00"),
    ],
)
def test_an_imported_signing_time_is_stored_in_utc(tokyo: None, store: Store, signed_at: datetime, stored: str) -> None:
    record, _patient, _created = store.import_exam(
        make_patient(), {"uid": "u-1"}, make_summary(), signed_by="Dr House", signed_at=signed_at, source="test"
    )
    assert record.signed_at == stored
    assert store.audit_log("exam", record.id)[0].changes["signed_at"] == [None, stored]
