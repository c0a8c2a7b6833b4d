"""The open-time checks that read the whole file, run in a background thread after start-up.

``Store.open(defer_checks=True)`` leaves the integrity check of every page (``PRAGMA
quick_check``) and the daily backup to a :class:`DeferredChecks`. They run on a read-only
connection of their own, so the store's connection stays free for the window, and in WAL mode
neither blocks the other. The store makes every write wait for the check and refuses it when
the check failed (see ``Store._write``): a damaged file is never written to. The backup runs only
after the check has passed, so a damaged file never pushes a good backup out of the rotation.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from .connection import BUSY_TIMEOUT_MS, check_integrity
from .errors import StoreError, translate

log = logging.getLogger(__name__)

#: ``done(error, backup_error)``: the StoreError refusing writes (None when the file is sound) and
#: why the backup failed (None when it was made or not due).
Done = Callable[[StoreError | None, str | None], object]


class DeferredChecks:
    """Integrity check, then the daily backup (when ``backup``), once, in a thread of their own."""

    def __init__(self, path: Path, *, backup: bool) -> None:
        self.path = path
        self.backup = backup
        #: The StoreError the check raised (the file is damaged or unreadable), else None.
        self.error: StoreError | None = None
        #: Why the daily backup failed, else None.
        self.backup_error: str | None = None
        self._callbacks: list[Done] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._finished = threading.Event()
        self._stopping = False
        self._conn: sqlite3.Connection | None = None

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def start(self, done: Done | None = None) -> None:
        """Start the thread (once); ``done`` is called when it ends, or at once if it has."""
        with self._lock:
            if not self._finished.is_set():
                if done is not None:
                    self._callbacks.append(done)
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="facialis-open-checks")
                    self._thread.start()
                return
        if done is not None:
            done(self.error, self.backup_error)

    def wait(self) -> None:
        self.start()
        self._finished.wait()

    def refusal(self) -> StoreError:
        """A fresh copy of the check's error, to raise (each raise gets its own traceback)."""
        assert self.error is not None
        return type(self.error)(self.error.message, path=self.error.path)

    def stop(self) -> None:
        """The store is closing: end a running check early and wait for the thread.

        A backup that has begun is finished (its file is written and renamed in one piece).
        """
        with self._lock:
            self._stopping = True
            thread, conn = self._thread, self._conn
        if conn is not None:
            conn.interrupt()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        error: StoreError | None = None
        try:
            error = self._check_then_back_up()
        except Exception as exc:  # noqa: BLE001 - whatever happens, writers must not wait forever
            log.exception("the open-time check of %s failed", self.path)
            error = StoreError(f"Facialis could not check the database {self.path}: {exc}", path=self.path)
        self._finish(None if self._stopping else error)  # an interrupted check says nothing about the file

    def _check_then_back_up(self) -> StoreError | None:
        try:
            conn = sqlite3.connect(
                self.path.as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except sqlite3.Error as exc:
            return translate(exc, self.path)
        with self._lock:
            self._conn = conn
        try:
            try:
                check_integrity(conn, self.path)
            except StoreError as exc:
                return exc
            if self.backup and not self._stopping:
                try:
                    from . import backup as backups  # loaded here, in the checking thread

                    backups.backup_if_due(conn, self.path)
                except (OSError, sqlite3.Error) as exc:
                    self.backup_error = f"The automatic backup of {self.path} failed: {exc}."
                    log.warning(self.backup_error)
            return None
        finally:
            with self._lock:
                self._conn = None
            conn.close()

    def _finish(self, error: StoreError | None) -> None:
        with self._lock:
            self.error = error
            callbacks, self._callbacks = self._callbacks, []
            self._finished.set()
        for callback in callbacks:
            try:
                callback(self.error, self.backup_error)
            except Exception:  # noqa: BLE001 - a failing listener must not hide the result from others
                log.exception("a listener of the open-time checks failed")
