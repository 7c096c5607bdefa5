"""A store many writers share: ingest processes, ``watch`` and the API's ingest endpoints at once.

``Store.add`` is one transaction per document, and the document's id (the hash of its text) is a primary key,
so a document is never stored twice. What concurrency could still break is *linking*: two processes storing
two reports of one clash at the same moment would each see no event to join and create two. And on SQLite a
writer that read before another's commit gets ``database is locked`` instead of waiting.

``SharedStore.add`` therefore runs each ``Store.add`` under a store-wide writer lock, so documents are linked
exactly as if they had been ingested one after another:

- PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a dedicated connection; readers never wait.
- SQLite: an exclusive ``flock`` on ``<database>.lock`` beside the file (WAL readers never wait either).
- within one process: a thread lock (the API runs ingest requests in a thread pool).

A transient failure (a lock timeout, a serialization failure, a key another writer stored first) is retried a
few times; ``Store.add`` re-checks whether the document is stored, so a retry never duplicates anything.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text

from flashpoint.errors import StoreError
from flashpoint.records import DocumentResult
from flashpoint.store import AddOutcome, Store

LOCK_KEY = 0x666C_6173_6870_6E74 & (2**63 - 1)  # "flashpnt": the advisory lock every flashpoint writer takes
RETRIES = 5
_TRANSIENT = ("database is locked", "could not serialize", "deadlock detected", "UniqueViolation", "IntegrityError")


class SharedStore(Store):
    def __init__(self, url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(url, *args, **kwargs)
        self._thread_lock = threading.Lock()

    def add(self, result: DocumentResult) -> AddOutcome:
        with self._thread_lock, self.writer_lock():
            for attempt in range(RETRIES):
                try:
                    return super().add(result)
                except StoreError as exc:
                    if attempt == RETRIES - 1 or not any(word in str(exc) for word in _TRANSIENT):
                        raise
                    time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the store-wide writer lock (see the module docstring)."""
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                    conn.commit()
            return
        path = self._sqlite_path() if dialect == "sqlite" else None
        if path is None:
            yield
            return
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: rely on SQLite's busy timeout and the retries
            yield
            return
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        return Path(database)
