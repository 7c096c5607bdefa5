"""Cross-document linking inside a store transaction: find a new mention's event, merge events, refresh them.

An event is a connected component of ``link.cross.same_event`` over the stored mentions, named by its
smallest mention id. A new mention is compared with every stored mention its ``probes`` find (blocking
by type family, time unit and country: ``mention_blocks``); if it links to mentions of several events,
they become one. An undated mention joins only the mentions of another document that ``cross.placed`` lets
it (it reads the mentions of both documents: a document's mentions come with their siblings' profiles). Because the relation is symmetric and every pair is compared once (when the later of
the two arrives), the components, their ids and their reconciled records are the same whatever the
order of ingest. An id that disappears in a merge is kept in ``event_aliases``, so ``flashpoint event
OLD_ID`` still finds the event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Text, bindparam, select, type_coerce

from flashpoint.link.cross import Profile, blocks, placed, probes, same_event
from flashpoint.link.dates import span_bounds
from flashpoint.link.reconcile import Member, original_key, reconcile, source_groups
from flashpoint.store.schema import documents, event_aliases, event_countries, events, mention_blocks, mentions

_IN_CHUNK = 500  # bound parameters per IN (...) query


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]


# The statements a document's write runs, built once with parameters: building and keying them per call cost a
# sixth of Store.add (the same SQL)
# the stored mentions filed under any of the keys, in one statement (a subquery, which also gives each mention once,
# however many of the keys it is filed under); the profile as its JSON text where the driver gives it so (SQLite),
# for ``_stored_profile`` to decode each text once
_CANDIDATES = select(mentions.c.id, mentions.c.event_id, type_coerce(mentions.c.profile, Text).label("profile")).where(
    mentions.c.id.in_(
        select(mention_blocks.c.mention_id).where(mention_blocks.c.block.in_(bindparam("keys", expanding=True)))
    )
)
_IN_EVENTS = select(mentions.c.id).where(mentions.c.event_id.in_(bindparam("ids", expanding=True)))
_EVENT = select(events.c.id).where(events.c.id == bindparam("event_key"))
_ALIAS = select(event_aliases.c.event_id).where(event_aliases.c.old_id == bindparam("event_key"))
_MEMBERS = (
    select(
        mentions.c.id, mentions.c.document_id, mentions.c.record, documents.c.source, documents.c.title,
        documents.c.published, documents.c.duplicate_of, documents.c.provenance,
    )
    .join(documents, documents.c.id == mentions.c.document_id)
    .where(mentions.c.event_id == bindparam("event_key"))
)  # fmt: skip
_INSERT_EVENT = events.insert()
_UPDATE_EVENT = events.update().where(events.c.id == bindparam("event_key"))
_CLEAR_COUNTRIES = event_countries.delete().where(event_countries.c.event_id == bindparam("event_key"))
_INSERT_COUNTRIES = event_countries.insert()
_INSERT_MENTION = mentions.insert()
_INSERT_BLOCKS = mention_blocks.insert()
# a merge: the mentions and aliases of the event merged away (``event_key``) moved to the one it went into
_MOVE_MENTIONS = (
    mentions.update().where(mentions.c.event_id == bindparam("event_key")).values(event_id=bindparam("into"))
)
_MOVE_ALIASES = (
    event_aliases.update().where(event_aliases.c.event_id == bindparam("event_key")).values(event_id=bindparam("into"))
)
_INSERT_ALIAS = event_aliases.insert()
_DELETE_EVENT = events.delete().where(events.c.id == bindparam("event_key"))


@lru_cache(maxsize=4096)
def _stored_profile(text: str) -> Profile | None:
    """A stored mention's profile from its column's JSON text (decoded as the JSON column would decode it). A
    mention is a link candidate of every later mention in its blocks: its profile is read again and again, and a
    text stands for one profile, whatever the store or the mention (None: a mention stored without one)."""
    value = json.loads(text)
    return Profile.from_json(value) if value else None


def _decoded(value: Any) -> Profile | None:
    return Profile.from_json(value) if value else None


def _links(u: Profile, mentions: Sequence[Profile]) -> list[Profile]:
    """The ``mentions`` (of one document) that ``u`` links."""
    return [p for p in mentions if same_event(u, p)]


def linked_events(conn: Connection, new: Profile, siblings: Sequence[Profile] = ()) -> set[str]:
    """The ids of the stored events that ``new`` tells too. ``siblings``: every mention of its document, ``new``
    among them (an undated mention stored before may link two of them, and joins only the ones ``placed`` lets it).
    """
    undated = new.days() is None
    found: set[str] = set()
    by_document: dict[str, list[tuple[Profile, str]]] = {}  # what an undated ``new`` links, by document
    seen: set[str] = set()  # (a mention filed under keys of two chunks comes back from both)
    # what follows does not depend on the order the candidates come in: ``found`` is a set, ``placed`` orders its
    # own, and a mention skipped below would only add an event already found
    for chunk in _chunks(probes(new)):
        for row in conn.execute(_CANDIDATES, {"keys": chunk}):
            if row.id in seen:
                continue
            seen.add(row.id)
            # (a dated ``new`` need not compare again with the mentions of an event it already joins; an undated one
            # needs every mention it links, to be placed among each document's)
            if row.event_id in found and not undated:
                continue
            # (PostgreSQL's driver decodes the JSON itself)
            other = _stored_profile(row.profile) if isinstance(row.profile, str) else _decoded(row.profile)
            if other is None or not same_event(new, other):
                continue
            if undated:
                by_document.setdefault(other.document_id, []).append((other, row.event_id))
            elif other.days() is not None or new.mention_id in placed(other, _links(other, siblings or (new,))):
                found.add(row.event_id)
    for group in by_document.values():
        allowed = placed(new, [p for p, _ in group])
        found.update(event_id for p, event_id in group if p.mention_id in allowed)
    return found


def join(conn: Connection, mention_id: str, record: dict[str, Any], linked: set[str]) -> str:
    """Make the event ``mention_id`` belongs to exist, merging the ``linked`` events into one; return its id.

    The mention row itself is written by the caller, after this (its event must exist first)."""
    members = {mention_id}
    for chunk in _chunks(sorted(linked)):
        members.update(r.id for r in conn.execute(_IN_EVENTS, {"ids": chunk}))
    event_id = min(members)
    if event_id not in linked:
        _insert_placeholder(conn, event_id, record)
    for old in sorted(linked - {event_id}):
        conn.execute(_MOVE_MENTIONS, {"event_key": old, "into": event_id})
        conn.execute(_MOVE_ALIASES, {"event_key": old, "into": event_id})
        conn.execute(_INSERT_ALIAS, {"old_id": old, "event_id": event_id})
        conn.execute(_CLEAR_COUNTRIES, {"event_key": old})
        conn.execute(_DELETE_EVENT, {"event_key": old})
    return event_id


def _insert_placeholder(conn: Connection, event_id: str, record: dict[str, Any]) -> None:
    """A new event row, filled in by ``refresh`` once the document's mentions are written."""
    conn.execute(
        _INSERT_EVENT,
        {"id": event_id, "type": record["type"], "reported": bool(record["reported"]), "countries": [], "record": {},
         "sources": 0},
    )  # fmt: skip


def _columns(record: dict[str, Any]) -> dict[str, Any]:
    """An event row's columns (but its id) from its reconciled record."""
    first = last = None
    if record["date_start"]:
        first, last = span_bounds(record["date_start"], record["date_end"])
    return {
        "type": record["type"],
        "reported": record["reported"],
        "date_start": record["date_start"],
        "date_end": record["date_end"],
        "date_precision": record["date_precision"],
        "day_first": first.isoformat() if first else None,
        "day_last": last.isoformat() if last else None,
        "countries": record["countries"],
        "record": record,
        "sources": record["source_count"],
    }


def _insert_event(conn: Connection, event_id: str, record: dict[str, Any]) -> None:
    """A new event's row with its final values: one insert, where a placeholder and its update fired the
    full-text search triggers twice. Its country rows are written by ``write_countries``."""
    conn.execute(_INSERT_EVENT, {"id": event_id, **_columns(record)})


def write_countries(conn: Connection, event_id: str, countries: list[str]) -> None:
    if countries:
        conn.execute(_INSERT_COUNTRIES, [{"event_id": event_id, "country": c} for c in countries])


@dataclass(frozen=True, slots=True)
class Linked:
    """Where ``add_mention`` put a mention."""

    event_id: str  # the event it belongs to now
    joined: bool  # it joined events already stored (False: it began an event)
    created: bool  # the event's row was inserted for it (a new event, or merged events under a new id)
    merged: frozenset[str]  # the ids of the events merged into ``event_id`` (gone now, kept as aliases)
    # the event's countries when its row was inserted with the values ``refresh`` would give it (a new event of
    # this mention alone): its country rows are still to write (``write_countries``); None otherwise
    countries: list[str] | None = None


def add_mention(
    conn: Connection, row: dict[str, Any], new: Profile, siblings: Sequence[Profile] = (), alone: Member | None = None
) -> Linked:
    """Link and write one mention (``row``: the ``mentions`` columns but ``event_id``; ``siblings``: the profiles
    of every mention of its document, ``new`` among them). ``alone``: the mention as ``members`` would read it back
    once written; when it links to no stored event, its new event's row is inserted with its final values instead
    of as a placeholder that ``refresh`` updates."""
    linked = linked_events(conn, new, siblings)
    countries = None
    if not linked and alone is not None:
        record = reconcile(new.mention_id, [alone])
        _insert_event(conn, new.mention_id, record)
        event_id, countries = new.mention_id, record["countries"]
    else:
        event_id = join(conn, new.mention_id, row["record"], linked)
    # values as parameters, not .values(): SQLAlchemy caches the statement once instead of keying it per row
    conn.execute(_INSERT_MENTION, {**row, "event_id": event_id, "profile": new.as_json()})
    keys = [{"block": b, "mention_id": new.mention_id} for b in blocks(new)]
    if keys:  # an empty list would insert one row of defaults
        conn.execute(_INSERT_BLOCKS, keys)
    return Linked(event_id, bool(linked), event_id not in linked, frozenset(linked - {event_id}), countries)


def current_id(conn: Connection, event_id: str) -> str | None:
    """The id an event goes by now (itself, or the event it was merged into), or None when there is none."""
    if conn.execute(_EVENT, {"event_key": event_id}).first():
        return event_id
    row = conn.execute(_ALIAS, {"event_key": event_id}).first()
    return str(row.event_id) if row else None


def members(conn: Connection, event_id: str) -> list[Member]:
    """The mentions of an event with their documents, each document's source group worked out."""
    rows = conn.execute(_MEMBERS, {"event_key": event_id}).fetchall()
    groups = source_groups({(r.document_id, r.duplicate_of, original_key(r.provenance or [])) for r in rows})
    return [Member(r.id, r.document_id, r.source, r.title, r.published, groups[r.document_id], r.record) for r in rows]


def refresh(conn: Connection, event_id: str, *, created: bool = False) -> None:
    """Recompute an event's record, dates and countries from all its mentions (``created``: its row was inserted in
    this transaction, so no country row can name it yet: the foreign key held when it was inserted)."""
    record = reconcile(event_id, members(conn, event_id))
    conn.execute(_UPDATE_EVENT, {"event_key": event_id, **_columns(record)})
    if not created:
        conn.execute(_CLEAR_COUNTRIES, {"event_key": event_id})
    write_countries(conn, event_id, record["countries"])
