"""The ingest checkpoint: which sources earlier runs finished (table ``ingest_sources``, migration 0006).

A row says: this source (a file path, ``container#record``, or ``file.warc#bytes=START-STOP``, a shard of a
large WARC whose ``document_id`` is ``records:N|REASON:M...``, the records it gave and its refusals by
reason), read from a file of this size and modification time (``fingerprint``), was processed and its document
stored (or found stored already). ``flashpoint.runner`` skips such sources before reading them, and records
each batch it finishes, after its documents are written: a
crash in between only means a few documents are processed again and found stored (by content hash).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from flashpoint.errors import StoreError
from flashpoint.store.repo import Store
from flashpoint.store.schema import ingest_sources


def source_key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def finished(store: Store, sources: Iterable[tuple[str, str | None]]) -> set[tuple[str, str | None]]:
    """The ``(source, fingerprint)`` pairs among ``sources`` that an earlier run finished."""
    return set(finished_rows(store, sources))


def finished_rows(store: Store, sources: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str | None], str | None]:
    """``finished``, each pair with the ``document_id`` recorded for it (``records:N|...`` for a WARC shard)."""
    wanted = {source_key(s): (s, fp) for s, fp in sources if fp}
    if not wanted:
        return {}
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(ingest_sources.c.key, ingest_sources.c.fingerprint, ingest_sources.c.document_id).where(
                    ingest_sources.c.key.in_(wanted)
                )
            ).all()
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot read the ingest checkpoint of {store.url!r}: {exc.__class__.__name__}: {exc}"
        ) from exc
    return {wanted[row.key]: row.document_id for row in rows if wanted[row.key][1] == row.fingerprint}


def record(store: Store, done: Iterable[tuple[str, str, str | None]]) -> None:
    """Record ``(source, fingerprint, document id)`` triples as finished (replacing an older fingerprint)."""
    rows = {
        source_key(s): {"key": source_key(s), "source": s, "fingerprint": fp, "document_id": doc} for s, fp, doc in done
    }
    if not rows:
        return
    writer_lock = getattr(store, "writer_lock", None)  # a SharedStore: one writer at a time (flashpoint.shared_store)
    try:
        with writer_lock() if writer_lock else contextlib.nullcontext(), store.engine.begin() as conn:
            conn.execute(ingest_sources.delete().where(ingest_sources.c.key.in_(rows)))
            conn.execute(ingest_sources.insert(), [rows[k] for k in sorted(rows)])
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot write the ingest checkpoint of {store.url!r}: {exc.__class__.__name__}: {exc}"
        ) from exc
