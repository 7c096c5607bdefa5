"""The one write path into the store, and its queries.

``Store.add(result)`` writes a document, its mentions and the events they
belong to in one transaction: a crash leaves nothing half written, and a
document already stored (same normalized-text hash) adds nothing. A
near-duplicate of a stored document (a republished copy) is stored with
``duplicate_of``; its mentions join the original's events and count as the
same source.

Each mention is linked across documents by ``store.linking`` (the rules are
``link.cross``; the figures are reconciled by ``link.reconcile``;
docs/linking.md): the events of a store do not depend on ingest order.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import ColumnElement, Connection, Engine, and_, bindparam, create_engine, event, func, make_url, select
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from flashpoint.clean.fingerprint import NEAR_DUPLICATE_BITS, bands, distance
from flashpoint.errors import StoreError
from flashpoint.link.cross import profile
from flashpoint.link.reconcile import Member, original_key, source_groups
from flashpoint.output import event_json
from flashpoint.records import DocumentResult
from flashpoint.store import linking
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


def _shown(url: str) -> str:
    """``url`` fit for messages and logs: a password in it replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


@dataclass(frozen=True, slots=True)
class AddOutcome:
    stored: bool  # False when the document was already in the store
    events_added: int  # mentions that began an event
    events_merged: int  # mentions that joined an event already stored
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
    # WAL's recommended durability: every transaction stays atomic and the file is never corrupted; only the last
    # commits before a power cut may be lost (an ingest re-run redoes them). FULL synced on every document's
    # commit, a fifth of the time the store took per document.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _sqlite_functions(dbapi_connection: Any, _record: Any) -> None:
    """``flashpoint_lower``: Unicode lower case (SQLite's ``lower`` knows ASCII only), for the text filters' scans."""
    dbapi_connection.create_function("flashpoint_lower", 1, _lower, deterministic=True)


# (the statements of a write built once: the same SQL each time, its cache key worked out once)
_STORED = select(documents.c.id).where(documents.c.id == bindparam("doc_key"))
# the document itself, if stored, and the stored documents that share a band of its fingerprint, in one statement
# (a parameter a band: a fingerprint has eight, and an expanding IN is rendered again at every call)
_BAND_KEYS = tuple(f"band{i}" for i in range(8))
_STORED_OR_BANDED = (
    select(documents.c.id, documents.c.simhash, documents.c.duplicate_of)
    .where(
        (documents.c.id == bindparam("doc_key"))
        | documents.c.id.in_(
            select(document_bands.c.document_id).where(document_bands.c.band.in_([bindparam(k) for k in _BAND_KEYS]))
        )
    )
    .order_by(documents.c.id)
)
_INSERT_DOCUMENT = documents.insert()
_INSERT_BANDS = document_bands.insert()


def _near_duplicate(fingerprint: str, banded: Iterable[Any]) -> str | None:
    """The first stored copy whose SimHash lies within NEAR_DUPLICATE_BITS of ``fingerprint``, of the ``banded``
    documents' rows (those that share a band with it, in the order of their ids)."""
    best: tuple[int, str] | None = None
    for row in banded:
        if not row.simhash:
            continue
        d = distance(fingerprint, row.simhash)
        if d <= NEAR_DUPLICATE_BITS and (best is None or d < best[0]):
            best = (d, str(row.duplicate_of or row.id))
    return best[1] if best else None


class Store:
    def __init__(self, url: str | None = None) -> None:
        full = resolve_url(url)
        self.url = _shown(full)  # what messages print: the password, if any, as ***
        try:
            self.engine: Engine = create_engine(full, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open store {self.url!r}: {exc}", hint="check --db / FLASHPOINT_DB") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "connect", _sqlite_functions)

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
                doc_bands = bands(article.simhash) if article.simhash else []
                if doc_bands:
                    keys = dict(zip(_BAND_KEYS, doc_bands, strict=True))
                    found = conn.execute(_STORED_OR_BANDED, {"doc_key": article.content_hash, **keys}).all()
                    if any(row.id == article.content_hash for row in found):
                        return AddOutcome(False, 0, 0)
                    original = _near_duplicate(article.simhash, found)
                else:
                    if conn.execute(_STORED, {"doc_key": article.content_hash}).first():
                        return AddOutcome(False, 0, 0)
                    original = None
                document = {
                    "id": article.content_hash,
                    "source": result.source,
                    "title": article.title,
                    "byline": article.byline,
                    "published": article.published,
                    "language": article.language,
                    "provenance": [c.as_dict() for c in article.provenance],
                    "text": article.text,
                    "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "url": article.url,
                    "simhash": article.simhash or None,
                    "duplicate_of": original,
                }
                # values as parameters: the statement is compiled once, not keyed per document
                conn.execute(_INSERT_DOCUMENT, document)
                if doc_bands:  # one executemany, not a statement per band
                    conn.execute(
                        _INSERT_BANDS, [{"band": band, "document_id": article.content_hash} for band in doc_bands]
                    )
                added = merged = 0
                touched: set[str] = set()
                created: set[str] = set()
                renamed: dict[str, str] = {}  # an event merged in this transaction -> the event it went into
                final: dict[str, list[str]] = {}  # events whose row holds its final values -> their countries
                place_names = [p.text for p in result.places] + [p.admin1 for p in result.places if p.admin1]
                # this document as linking.members reads it back from its row (JSON values decoded)
                provenance = json.loads(json.dumps(document["provenance"]))
                group = source_groups([(article.content_hash, original, original_key(provenance))])
                rows: list[dict[str, Any]] = []
                profiles = []
                for position, mention in enumerate(result.mentions + result.undated):
                    record = event_json(mention, article)
                    record["doc"] = result.source
                    mention_id = hashlib.sha256(f"{article.content_hash}:{position}".encode()).hexdigest()[:32]
                    profiles.append(profile(
                        mention_id, article.content_hash, record, text=article.text, title=article.title,
                        places=place_names,
                    ))  # fmt: skip
                    rows.append({"id": mention_id, "document_id": article.content_hash, "position": position,
                                 "type": mention.type, "record": record})  # fmt: skip
                for row, prof in zip(rows, profiles, strict=True):  # linked with the document's every mention known
                    alone = Member(row["id"], article.content_hash, result.source, article.title, article.published,
                                   group[article.content_hash], json.loads(json.dumps(row["record"])))  # fmt: skip
                    link = linking.add_mention(conn, row, prof, profiles, alone)
                    touched.add(link.event_id)
                    if link.created:
                        created.add(link.event_id)
                    renamed.update(dict.fromkeys(link.merged, link.event_id))
                    merged += link.joined
                    added += not link.joined
                    # an event this document's later mention joins (or merges away) is no longer final
                    for event_id in link.merged:
                        final.pop(event_id, None)
                    if link.countries is not None:
                        final[link.event_id] = link.countries
                    else:
                        final.pop(link.event_id, None)
                # the ids the touched events go by now (linking.current_id, without a query each: a merge renames
                # only events that exist, and only this transaction's merges can have renamed them)
                current = set()
                for event_id in touched:
                    while event_id in renamed:
                        event_id = renamed[event_id]
                    current.add(event_id)
                for event_id in sorted(current):
                    if event_id in final:
                        linking.write_countries(conn, event_id, final[event_id])
                    else:
                        linking.refresh(conn, event_id, created=event_id in created)
                return AddOutcome(True, added, merged, duplicate_of=original)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write {result.source} to {self.url!r}: {exc.__class__.__name__}: {exc}") from exc

    # -- reads -------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection whose statements all read one snapshot of the store, so that a page and its total, or an
        event and its claims, agree while writers commit between the statements (PostgreSQL: a REPEATABLE READ
        transaction; SQLite: one read transaction, which WAL keeps apart from the writers). Readers never wait."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            elif conn.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")
            yield conn

    def events(self, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        flt = flt or EventFilter()
        query = select(events.c.record).order_by(events.c.day_first, events.c.id)
        conds: list[ColumnElement[bool]] = [events.c.day_first.is_not(None)]  # no report dates it: not listed
        if flt.type:
            conds.append(events.c.type == flt.type)
        if flt.since:
            conds.append(events.c.day_last >= flt.since)
        if flt.until:
            conds.append(events.c.day_first <= flt.until)
        if flt.country:
            sub = select(event_countries.c.event_id).where(event_countries.c.country == flt.country.upper())
            conds.append(events.c.id.in_(sub))
        query = query.where(and_(*conds))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield dict(row.record)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event's record (sources, figure history), by its id, an id it had before a merge, or a unique
        prefix of its id."""
        with self.reading() as conn:
            current = linking.current_id(conn, event_id)
            if current is None and len(event_id) >= 6:  # a prefix, as `flashpoint events` prints ids
                ids = conn.execute(select(events.c.id).where(events.c.id.startswith(event_id)).limit(2)).all()
                current = str(ids[0].id) if len(ids) == 1 else None
            if current is None:
                return None
            return dict(conn.execute(select(events.c.record).where(events.c.id == current)).scalar_one())

    def document_events(self, content_hash: str) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
        """A stored document's mentions in text order, each with the record of the event it is linked to
        (None when the document is not stored). A republished copy's mentions are its own."""
        with self.reading() as conn:
            if conn.execute(select(documents.c.id).where(documents.c.id == content_hash)).first() is None:
                return None
            query = (
                select(mentions.c.record, events.c.record.label("event"))
                .join(events, events.c.id == mentions.c.event_id)
                .where(mentions.c.document_id == content_hash)
                .order_by(mentions.c.position)
            )
            # a mention of an undated document shows only once another report has dated its event
            rows = [(dict(row.record), dict(row.event)) for row in conn.execute(query)]
            return [(mention, event) for mention, event in rows if event.get("date_start")]

    def counts(self) -> dict[str, int]:
        with self.reading() as conn:
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
