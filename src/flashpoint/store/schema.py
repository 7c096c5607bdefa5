"""The store's tables (SQLAlchemy Core). Alembic migrations in ``migrations/`` create them.

documents ─< mentions >─ events ─< event_countries
documents ─< document_bands
mentions ─< mention_blocks          event_aliases: ids of events since merged into another

A document is keyed by the hash of its normalized cleaned text, so the same
article read twice (or from two paths) is stored once. A near-duplicate (a
republished copy: its SimHash within ``NEAR_DUPLICATE_BITS`` of a stored
document's, found through ``document_bands``) is stored with ``duplicate_of``
naming the first copy; its mentions join the original's events and count as the same
source. An event is what one or more mentions tell; ``mentions.event_id`` says which
(``link.cross`` decides, ``store.linking`` writes; ``mention_blocks`` indexes each mention
under the keys that find its link candidates; see docs/linking.md).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cleaned text
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("byline", Text),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("provenance", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("url", Text),  # added in 0002
    Column("simhash", String(16)),  # added in 0002
    Column("duplicate_of", String(64)),  # added in 0002: the id of the copy stored first
    Index("ix_documents_url", "url"),
)

document_bands = Table(
    "document_bands",
    metadata,
    Column("band", String(8), primary_key=True),  # "<position>:<two hex digits>" (clean.fingerprint.bands)
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("reported", Boolean, nullable=False),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(8)),
    Column("day_first", String(10)),  # first and last day the span covers, for range queries
    Column("day_last", String(10)),
    Column("countries", JSON, nullable=False),
    Column("record", JSON, nullable=False),  # the event's full JSON (CODEBOOK fields)
    Column("sources", Integer, nullable=False),
    Index("ix_events_days", "day_first", "day_last"),
    Index("ix_events_type", "type"),
)

event_countries = Table(
    "event_countries",
    metadata,
    Column("event_id", String(32), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("country", String(3), primary_key=True),
    Index("ix_event_countries_country", "country"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(32), primary_key=True),  # hash of document id and position
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(32), ForeignKey("events.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("type", String(32), nullable=False),
    Column("record", JSON, nullable=False),  # the mention's JSON as extract prints it
    Column("profile", JSON),  # added in 0003: what linking compares (link.cross.Profile)
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_event", "event_id"),
)

mention_blocks = Table(
    "mention_blocks",
    metadata,
    Column("block", String(64), primary_key=True),  # "<type family>|<time unit>|C<country>" (link.cross.blocks)
    Column("mention_id", String(32), ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True),
)

event_aliases = Table(
    "event_aliases",
    metadata,
    Column("old_id", String(32), primary_key=True),  # an event id that was merged into another
    Column("event_id", String(32), nullable=False),  # the event it is now part of
    Index("ix_event_aliases_event", "event_id"),
)

ingest_sources = Table(
    "ingest_sources",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the source (flashpoint.store.progress)
    Column("source", Text, nullable=False),  # a file path, or container#record
    Column("fingerprint", String(64), nullable=False),  # size:mtime_ns of the file it was read from
    Column("document_id", String(64)),  # the document it gave (stored by this run or an earlier one)
)
