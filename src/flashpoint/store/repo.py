"""The one write path into the store, and its queries.

``Store.add(result)`` writes a document, its mentions and the events they
belong to in one transaction: a crash leaves nothing half written, and a
document already stored (same normalized-text hash) adds nothing. A
near-duplicate of a stored document (a republished copy) is stored with
``duplicate_of`` and adds no mentions: its events are the original's.

Cross-document linking here is deliberately conservative (issue 6 deepens it):
a mention joins an existing event when type and reported agree, they share a
country, and their day spans overlap with both dated to the day (or, at coarser
precision, the same start).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, and_, create_engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError

from flashpoint.clean.fingerprint import NEAR_DUPLICATE_BITS, bands, distance
from flashpoint.errors import StoreError
from flashpoint.link.dates import span_bounds
from flashpoint.output import event_json
from flashpoint.records import DocumentResult, EventMention
from flashpoint.store.schema import document_bands, documents, event_countries, events, mentions

DEFAULT_URL = "sqlite:///flashpoint.db"


def resolve_url(url: str | None) -> str:
    """A SQLAlchemy URL from --db, $FLASHPOINT_DB or the default; a bare path means a SQLite file."""
    url = url or os.environ.get("FLASHPOINT_DB") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True, slots=True)
class AddOutcome:
    stored: bool  # False when the document was already in the store
    events_added: int
    events_merged: int
    duplicate_of: str | None = None  # a near-duplicate: the id of the stored copy it repeats


@dataclass(frozen=True, slots=True)
class EventFilter:
    country: str | None = None
    type: str | None = None
    since: str | None = None  # ISO date: events whose span ends on or after it
    until: str | None = None  # ISO date: events whose span starts on or before it


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open store {self.url!r}: {exc}", hint="check --db / FLASHPOINT_DB") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    # -- schema ------------------------------------------------------------
    def _alembic_config(self, connection: Connection) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("flashpoint.store").joinpath("migrations")))
        cfg.attributes["connection"] = connection
        return cfg

    def migrate(self) -> None:
        """Bring the schema to the newest revision (creates the tables in a new store)."""
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._alembic_config(conn), "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate store {self.url!r}: {exc.__class__.__name__}: {exc}") from exc

    def schema_version(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def head_version(self) -> str | None:
        with self.engine.connect() as conn:
            return ScriptDirectory.from_config(self._alembic_config(conn)).get_current_head()

    # -- writes ------------------------------------------------------------
    def add(self, result: DocumentResult) -> AddOutcome:
        article = result.article
        if article is None:
            raise ValueError("only processed documents can be stored")
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(select(documents.c.id).where(documents.c.id == article.content_hash)).first()
                if exists:
                    return AddOutcome(False, 0, 0)
                original = self._near_duplicate(conn, article.simhash) if article.simhash else None
                conn.execute(
                    documents.insert().values(
                        id=article.content_hash,
                        source=result.source,
                        title=article.title,
                        byline=article.byline,
                        published=article.published,
                        language=article.language,
                        provenance=[c.as_dict() for c in article.provenance],
                        text=article.text,
                        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                        url=article.url,
                        simhash=article.simhash or None,
                        duplicate_of=original,
                    )
                )
                if article.simhash:
                    for band in bands(article.simhash):
                        conn.execute(document_bands.insert().values(band=band, document_id=article.content_hash))
                if original is not None:
                    return AddOutcome(True, 0, 0, duplicate_of=original)
                added = merged = 0
                for position, mention in enumerate(result.mentions):
                    record = event_json(mention, article)
                    record["doc"] = result.source
                    mention_id = hashlib.sha256(f"{article.content_hash}:{position}".encode()).hexdigest()[:32]
                    target = self._find_event(conn, mention)
                    if target is None:
                        event_id = mention_id
                        self._insert_event(conn, event_id, mention, record)
                        added += 1
                    else:
                        event_id = target
                        self._merge_event(conn, event_id, record)
                        merged += 1
                    conn.execute(
                        mentions.insert().values(
                            id=mention_id,
                            document_id=article.content_hash,
                            event_id=event_id,
                            position=position,
                            type=mention.type,
                            record=record,
                        )
                    )
                return AddOutcome(True, added, merged)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write {result.source} to {self.url!r}: {exc.__class__.__name__}: {exc}") from exc

    def _near_duplicate(self, conn: Connection, fingerprint: str) -> str | None:
        """The first stored copy whose SimHash lies within NEAR_DUPLICATE_BITS of ``fingerprint``."""
        query = (
            select(documents.c.id, documents.c.simhash, documents.c.duplicate_of)
            .join(document_bands, document_bands.c.document_id == documents.c.id)
            .where(document_bands.c.band.in_(bands(fingerprint)))
            .distinct()
            .order_by(documents.c.id)
        )
        best: tuple[int, str] | None = None
        for row in conn.execute(query):
            if not row.simhash:
                continue
            d = distance(fingerprint, row.simhash)
            if d <= NEAR_DUPLICATE_BITS and (best is None or d < best[0]):
                best = (d, str(row.duplicate_of or row.id))
        return best[1] if best else None

    def _find_event(self, conn: Connection, m: EventMention) -> str | None:
        if m.date is None or not m.countries:
            return None
        first, last = span_bounds(m.date.start, m.date.end)
        query = (
            select(events.c.id, events.c.date_precision, events.c.date_start)
            .join(event_countries, event_countries.c.event_id == events.c.id)
            .where(
                events.c.type == m.type,
                events.c.reported == m.reported,
                events.c.day_first <= last.isoformat(),
                events.c.day_last >= first.isoformat(),
                event_countries.c.country.in_(list(m.countries)),
            )
            .order_by(events.c.id)
        )
        for row in conn.execute(query):
            both_days = row.date_precision == "day" and m.date.precision == "day"
            if both_days or row.date_start == m.date.start:
                return str(row.id)
        return None

    def _insert_event(self, conn: Connection, event_id: str, m: EventMention, record: dict[str, Any]) -> None:
        first, last = span_bounds(m.date.start, m.date.end) if m.date else (None, None)
        conn.execute(
            events.insert().values(
                id=event_id,
                type=m.type,
                reported=m.reported,
                date_start=m.date.start if m.date else None,
                date_end=m.date.end if m.date else None,
                date_precision=m.date.precision if m.date else None,
                day_first=first.isoformat() if first else None,
                day_last=last.isoformat() if last else None,
                countries=list(m.countries),
                record={**record, "event_id": event_id, "sources": [record["doc"]]},
                sources=1,
            )
        )
        for country in sorted(set(m.countries)):
            conn.execute(event_countries.insert().values(event_id=event_id, country=country))

    def _merge_event(self, conn: Connection, event_id: str, record: dict[str, Any]) -> None:
        row = conn.execute(select(events.c.record, events.c.sources).where(events.c.id == event_id)).one()
        merged = dict(row.record)
        merged["sources"] = sorted(set(merged.get("sources", [])) | {record["doc"]})
        for name in ("killed", "injured", "displaced", "troops", "detained"):
            if merged.get(name) is None and record.get(name) is not None:
                merged[name] = record[name]
        conn.execute(
            events.update().where(events.c.id == event_id).values(record=merged, sources=len(merged["sources"]))
        )

    # -- reads -------------------------------------------------------------
    def events(self, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        flt = flt or EventFilter()
        query = select(events.c.record).order_by(events.c.day_first, events.c.id)
        conds = []
        if flt.type:
            conds.append(events.c.type == flt.type)
        if flt.since:
            conds.append(events.c.day_last >= flt.since)
        if flt.until:
            conds.append(events.c.day_first <= flt.until)
        if flt.country:
            sub = select(event_countries.c.event_id).where(event_countries.c.country == flt.country.upper())
            conds.append(events.c.id.in_(sub))
        if conds:
            query = query.where(and_(*conds))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield dict(row.record)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "mentions": conn.execute(select(func.count()).select_from(mentions)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
            }

    def has_url(self, url: str) -> bool:
        """Whether a document fetched from ``url`` (or named by it) is stored: ``watch`` skips such items."""
        with self.engine.connect() as conn:
            query = select(documents.c.id).where((documents.c.url == url) | (documents.c.source == url)).limit(1)
            return conn.execute(query).first() is not None

    def has_document(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.id == content_hash)).first() is not None
