"""Opening with the whole-file checks deferred (the application at start-up): the integrity check
and the daily backup run in a background thread, and no write reaches the file before the check
has passed."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from facialis.core import paths
from facialis.core.store import CorruptDatabaseError, Store, StoreError

from .conftest import make_patient, make_summary


def _filled_database(path: Path, patients: int = 40) -> None:
    with Store.open(path, user="setup", backup=False) as store:
        for i in range(patients):
            record = store.add_patient(make_patient(mrn=f"M{i:04d}", family=f"Family{i}", given="Given " * 20))
            store.save_draft(record.id, {"notes": "x" * 500, "i": i}, make_summary(impression="long " * 100))


def _damage_last_pages(path: Path) -> None:
    """Garbage over the last third of the pages: the schema and the first pages still read."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    assert pages > 12
    noise = bytes((i * 7919 + 13) % 251 for i in range(page_size))
    for page in range(pages - pages // 3, pages):
        data[page * page_size : (page + 1) * page_size] = noise
    path.write_bytes(bytes(data))


def _results() -> tuple[list[tuple[StoreError | None, str | None]], threading.Event, object]:
    seen: list[tuple[StoreError | None, str | None]] = []
    finished = threading.Event()

    def done(error: StoreError | None, backup_error: str | None) -> None:
        seen.append((error, backup_error))
        finished.set()

    return seen, finished, done


def test_a_damaged_file_opens_but_no_write_reaches_it(db_path: Path) -> None:
    _filled_database(db_path)
    _damage_last_pages(db_path)
    before = db_path.read_bytes()

    store = Store.open(db_path, backup=True, defer_checks=True)
    assert store.checks_pending
    seen, finished, done = _results()
    store.start_checks(done)  # type: ignore[arg-type]
    assert finished.wait(30)
    ((error, _),) = seen
    assert isinstance(error, CorruptDatabaseError)
    assert str(db_path) in error.message

    with pytest.raises(CorruptDatabaseError):
        store.add_patient(make_patient(mrn="NEW-1"))
    with pytest.raises(CorruptDatabaseError):
        store.save_draft(1, {"notes": "typed"}, make_summary())
    with pytest.raises(CorruptDatabaseError):
        store.backup_now()
    store.close()

    assert db_path.read_bytes() == before
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0
    assert not paths.backup_dir(db_path).exists()  # a damaged file never enters the backup rotation


def test_a_write_before_the_check_has_run_waits_for_it(db_path: Path) -> None:
    _filled_database(db_path)
    _damage_last_pages(db_path)
    before = db_path.read_bytes()
    store = Store.open(db_path, backup=False, defer_checks=True)  # nobody started the check
    with pytest.raises(CorruptDatabaseError):
        store.add_patient(make_patient(mrn="NEW-1"))
    store.close()
    assert db_path.read_bytes() == before


def test_a_sound_file_is_checked_then_backed_up_in_the_background(db_path: Path) -> None:
    _filled_database(db_path)
    store = Store.open(db_path, backup=True, defer_checks=True)
    assert store.checks_pending
    assert not paths.backup_dir(db_path).exists()  # not at open: after the window shows
    assert store.count_patients() == 40  # reading does not wait

    seen, finished, done = _results()
    store.start_checks(done)  # type: ignore[arg-type]
    assert finished.wait(30)
    assert seen == [(None, None)]
    assert not store.checks_pending
    assert len(list(paths.backup_dir(db_path).iterdir())) == 1

    record = store.add_patient(make_patient(mrn="NEW-1"))
    assert store.get_patient(record.id).patient.mrn == "NEW-1"
    late: list[object] = []
    store.start_checks(lambda error, backup_error: late.append((error, backup_error)))
    assert late == [(None, None)]  # told at once when the checks are over
    store.close()


def test_writes_go_ahead_once_the_check_has_passed(db_path: Path) -> None:
    _filled_database(db_path)
    store = Store.open(db_path, backup=False, defer_checks=True)
    record = store.add_patient(make_patient(mrn="NEW-1"))  # runs the check first, then writes
    assert not store.checks_pending
    assert store.get_patient(record.id).patient.mrn == "NEW-1"
    store.close()


def test_a_file_not_in_wal_mode_is_checked_at_open(db_path: Path) -> None:
    """Opening would switch it to WAL (a write), so it is checked first, deferred or not."""
    _filled_database(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    _damage_last_pages(db_path)
    before = db_path.read_bytes()
    with pytest.raises(CorruptDatabaseError):
        Store.open(db_path, backup=True, defer_checks=True)
    assert db_path.read_bytes() == before


def test_closing_while_the_check_runs_ends_it(db_path: Path) -> None:
    _filled_database(db_path)
    store = Store.open(db_path, backup=True, defer_checks=True)
    store.start_checks()
    store.close()  # interrupts the check and waits for the thread
    assert not any(t.name == "facialis-open-checks" for t in threading.enumerate())


def test_opening_a_database_loads_neither_sqlite_utils_nor_pydantic(db_path: Path) -> None:
    _filled_database(db_path)
    code = (
        "import sys\n"
        "from facialis.core.store import Store\n"
        f"store = Store.open({str(db_path)!r}, backup=False, defer_checks=True)\n"
        "store.count_patients()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlite_utils', 'sqlite_migrate', 'pydantic'}))\n"
        "store.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
