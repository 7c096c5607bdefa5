"""Read-only queries over the store for the API and the exports: events by any filter, sorted and paged.

Everything here is a SELECT. User values only ever reach SQL as bound parameters; the only SQL text built
in this module is the JSON paths of fixed fields (``location.lat``, ``killed.best``), checked against
``_PATH_PART``, so that the expressions match the expression indexes of migration 0003 (``store/migrations``)
on SQLite (``json_extract``) and PostgreSQL (``->``/``->>`` with a cast).

An event's country filter uses ``event_countries``; its place filters (admin1, bounding box) its
``location`` (the point `output.event_json` chose, with UCDP/ACLED precision); figure thresholds the
figure's ``best``; ``actor`` a case-insensitive substring of an actor's name; ``q`` a case-insensitive
substring of the evidence text. Those two read ``event_text`` (migration 0005: each event's evidence and
actor names, one per line, kept in step with ``events`` by triggers) through trigram indexes: on SQLite the FTS5
table ``event_search`` (a phrase of trigrams is exactly a substring), on PostgreSQL ``pg_trgm`` GIN indexes. A
needle shorter than three characters (no trigram) or holding a control character (names are one per line) is
answered by a scan with the same meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Float,
    Select,
    String,
    and_,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.types import TypeEngine

from flashpoint.records import FIGURE_NAMES
from flashpoint.store.schema import documents, event_countries, events, mentions

SORTS: tuple[str, ...] = ("date", "-date", "killed", "-killed", "sources", "-sources", "id", "-id")
INTERVALS: tuple[str, ...] = ("day", "week", "month", "year")
_PATH_PART = re.compile(r"^[a-z][a-z0-9_]*$")
TRIGRAM = 3  # the shortest needle the trigram indexes serve
# the text search tables (migration 0005; kept in step with ``events`` by triggers, so not in ``schema``)
_event_text = table("event_text", column("rowid"), column("event_id"), column("evidence"), column("actors"))
_event_search = table("event_search", column("rowid"), column("evidence"), column("actors"))
Kind = Literal["text", "float", "int"]


@dataclass(frozen=True, slots=True)
class FigureRange:
    """A threshold on one figure's ``best``: ``low <= best <= high`` (either bound optional)."""

    name: str  # one of FIGURE_NAMES
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events, in what order, which page. Empty fields do not filter."""

    since: str | None = None  # ISO date: events whose span ends on or after it
    until: str | None = None  # ISO date: events whose span starts on or before it
    countries: tuple[str, ...] = ()  # ISO3: events in any of them
    types: tuple[str, ...] = ()  # any of these types
    admin1: str | None = None  # the location's first-level division, as the gazetteer names it (case-insensitive)
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat of the location
    actor: str | None = None  # substring of an actor's name
    q: str | None = None  # substring of the evidence
    reported: bool | None = None  # True: news; False: background
    figures: tuple[FigureRange, ...] = ()
    min_sources: int | None = None
    sort: str = "date"
    limit: int | None = None
    offset: int = 0
    ids: tuple[str, ...] = field(default=())


def json_field(dialect: str, path: Sequence[str], kind: Kind = "text") -> ColumnElement[Any]:
    """``events.record`` at ``path`` as SQL, in the exact form of the expression indexes."""
    if not path or not all(_PATH_PART.match(p) for p in path):
        raise ValueError(f"bad JSON path {path!r}")
    type_: TypeEngine[Any] = String() if kind == "text" else Float() if kind == "float" else BigInteger()
    if dialect == "sqlite":
        return literal_column(f"json_extract(events.record, '$.{'.'.join(path)}')", type_)
    sql = "events.record" + "".join(f" -> '{p}'" for p in path[:-1]) + f" ->> '{path[-1]}'"
    if kind == "float":
        sql = f"CAST(({sql}) AS DOUBLE PRECISION)"
    elif kind == "int":
        sql = f"CAST(({sql}) AS BIGINT)"
    else:
        sql = f"({sql})"
    return literal_column(sql, type_)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _indexed(needle: str) -> bool:
    """Whether the trigram indexes can answer a substring search for ``needle`` exactly."""
    return len(needle) >= TRIGRAM and not any(ord(ch) < 32 for ch in needle)


def _search(dialect: str, field: str, needle: str) -> ColumnElement[bool]:
    """Events whose ``field`` of ``event_text`` (evidence, or actor names one per line) holds ``needle``,
    case-insensitively, for a needle ``_indexed`` allows.

    SQLite: the needle is one FTS5 phrase (a bound parameter; a ``"`` inside it doubled), its trigrams in a row,
    which is to say the substring itself. PostgreSQL: LIKE on the lower-cased column, which pg_trgm indexes."""
    if dialect == "sqlite":
        phrase = '"' + needle.replace('"', '""') + '"'
        found = (
            select(_event_text.c.event_id)
            .join(_event_search, _event_search.c.rowid == _event_text.c.rowid)
            .where(_event_search.c[field].op("MATCH")(phrase))
        )
    else:
        pattern = f"%{_escape_like(needle.lower())}%"
        found = select(_event_text.c.event_id).where(_event_text.c[field].like(pattern, escape="\\"))
    return events.c.id.in_(found)


def _actor_condition(dialect: str, name: str) -> ColumnElement[bool]:
    if _indexed(name) and dialect in ("sqlite", "postgresql"):
        return _search(dialect, "actors", name)
    pattern = f"%{_escape_like(name.lower())}%"
    if dialect == "sqlite":  # flashpoint_lower: Unicode lower case, as the trigram index folds (store.repo)
        elements = func.json_each(events.c.record, "$.actors").table_valued("value").alias("actor")
        name_sql = func.flashpoint_lower(func.json_extract(elements.c.value, "$.name"))
    else:
        elements = func.json_array_elements(events.c.record["actors"]).table_valued("value").alias("actor")
        name_sql = func.lower(elements.c.value.op("->>")("name"))
    return exists(select(1).select_from(elements).where(name_sql.like(pattern, escape="\\")))


def _text_condition(dialect: str, needle: str) -> ColumnElement[bool]:
    if (dialect == "sqlite" and _indexed(needle)) or dialect == "postgresql":
        return _search(dialect, "evidence", needle)
    evidence = json_field(dialect, ("evidence",))
    lower = func.flashpoint_lower if dialect == "sqlite" else func.lower
    return lower(evidence).like(f"%{_escape_like(needle.lower())}%", escape="\\")


def conditions(dialect: str, q: EventQuery) -> list[ColumnElement[bool]]:
    """The WHERE clause of ``q``; every value a bound parameter."""
    conds: list[ColumnElement[bool]] = []
    if q.ids:
        conds.append(events.c.id.in_(list(q.ids)))
    else:
        # an event no report dates (its reports' documents give no date at all) is no event to list or export:
        # the CODEBOOK needs a date; it waits in the store for a report that dates it (docs/linking.md)
        conds.append(events.c.day_first.is_not(None))
    if q.types:
        conds.append(events.c.type.in_(list(q.types)))
    if q.since:
        conds.append(events.c.day_last >= q.since)
    if q.until:
        conds.append(events.c.day_first <= q.until)
    if q.reported is not None:
        conds.append(events.c.reported == q.reported)
    if q.countries:
        sub = select(event_countries.c.event_id).where(event_countries.c.country.in_([c.upper() for c in q.countries]))
        conds.append(events.c.id.in_(sub))
    if q.admin1:
        conds.append(func.lower(json_field(dialect, ("location", "admin1"))) == q.admin1.lower())
    if q.bbox:
        min_lon, min_lat, max_lon, max_lat = q.bbox
        lat = json_field(dialect, ("location", "lat"), "float")
        lon = json_field(dialect, ("location", "lon"), "float")
        conds.append(lat.between(min_lat, max_lat))
        # a box whose west edge is east of its east edge crosses the antimeridian
        conds.append(lon.between(min_lon, max_lon) if min_lon <= max_lon else or_(lon >= min_lon, lon <= max_lon))
    if q.actor:
        conds.append(_actor_condition(dialect, q.actor))
    if q.q:
        conds.append(_text_condition(dialect, q.q))
    for fig in q.figures:
        if fig.name not in FIGURE_NAMES:
            raise ValueError(f"unknown figure {fig.name!r}")
        best = json_field(dialect, (fig.name, "best"), "int")
        if fig.low is not None:
            conds.append(best >= fig.low)
        if fig.high is not None:
            conds.append(best <= fig.high)
    if q.min_sources is not None:
        conds.append(events.c.sources >= q.min_sources)
    return conds


def _order(dialect: str, sort: str, search_first: bool = False) -> list[Any]:
    """The ORDER BY of ``sort``. ``search_first`` orders by the date's value rather than its column: PostgreSQL then
    cannot walk the date index looking for a text search's matches (its estimate of a rare needle's matches is
    a guess from a sample, and a walk that expects them early can read the whole table: 300 ms for 81 matches of
    100k events); it finds the matches through the trigram index and sorts them, a cost bounded by their number."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    day = events.c.day_first.op("||")(literal("")) if search_first else events.c.day_first
    column: ColumnElement[Any] = {
        "date": day,
        "killed": json_field(dialect, ("killed", "best"), "int"),
        "sources": events.c.sources,
        "id": events.c.id,
    }[key]
    if key == "id":
        return [events.c.id.desc() if desc else events.c.id]
    if desc:
        return [column.desc().nulls_last(), events.c.id.desc()]
    return [column.asc().nulls_last(), events.c.id]


# A text or actor search with at most this many matches is answered search first (see ``_order``): sorting a few
# thousand rows is bounded; with more, walking the date index finds a page's worth of matches soon.
SEARCH_FIRST_MAX = 5000


def _searches(q: EventQuery) -> bool:
    """Whether ``q`` filters by a text or actor needle the trigram indexes answer."""
    return any(_indexed(t) for t in (q.q, q.actor) if t)


def _page(dialect: str, q: EventQuery, order: list[Any], *columns: Any) -> Select[Any]:
    """``columns`` of ``q``'s events in ``order``, its page only."""
    conds = conditions(dialect, q)
    page = select(*columns).order_by(*order)
    if conds:
        page = page.where(and_(*conds))
    if q.limit is not None:
        page = page.limit(q.limit)
    if q.offset:
        page = page.offset(q.offset)
    return page


def event_select(dialect: str, q: EventQuery, matches: int | None = None) -> Select[Any]:
    """The events of ``q`` in its order (``matches``: their count, if known). A page is chosen on the narrow
    columns first and only its records are read (sorting thousands of matches with their JSON records attached
    costs more than the search)."""
    order = _order(dialect, q.sort)
    if q.limit is None and not q.offset:
        return _page(dialect, q, order, events.c.record)
    search_first = dialect == "postgresql" and matches is not None and matches <= SEARCH_FIRST_MAX and _searches(q)
    page = _page(dialect, q, _order(dialect, q.sort, search_first=True) if search_first else order, events.c.id)
    return select(events.c.record).where(events.c.id.in_(page)).order_by(*order)


def iter_events(conn: Connection, q: EventQuery, matches: int | None = None) -> Iterator[dict[str, Any]]:
    """Each event's record (the CODEBOOK fields, spans, ``event_id`` and ``sources``) in ``q``'s order;
    ``matches``, the count of ``q``'s events when the caller has it, lets a search choose its plan."""
    for row in conn.execute(event_select(conn.dialect.name, q, matches)):
        yield dict(row.record)


def count_events(conn: Connection, q: EventQuery) -> int:
    conds = conditions(conn.dialect.name, q)
    query = select(func.count()).select_from(events).where(and_(true(), *conds))
    return int(conn.execute(query).scalar_one())


def event_page(conn: Connection, q: EventQuery) -> tuple[int, list[dict[str, Any]]]:
    """``q``'s number of events and its page of records, as ``count_events`` and ``iter_events`` give them.

    On SQLite a text or actor search takes both from one statement (the page's ids with a window count over
    every match): FTS5 then evaluates the phrase once, not once for the count and again for the page, which
    halves a common needle's time. Elsewhere the count comes first and tells the page's plan how many match."""
    dialect = conn.dialect.name
    if dialect == "sqlite" and _searches(q) and q.limit is not None:
        page = _page(dialect, q, _order(dialect, q.sort), events.c.id, func.count().over().label("total"))
        found = conn.execute(page).all()
        if found:
            ids = [row.id for row in found]
            records = {row.id: dict(row.record) for row in conn.execute(
                select(events.c.id, events.c.record).where(events.c.id.in_(ids)))}  # fmt: skip
            return int(found[0].total), [records[i] for i in ids]
    total = count_events(conn, q)
    return total, list(iter_events(conn, q, matches=total))


def event_detail(conn: Connection, event_id: str) -> dict[str, Any] | None:
    """One event with its claims (what each source document said: figures, attribution, evidence and its
    spans) and its sources (the documents), or None when no event has that id."""
    row = conn.execute(select(events.c.record).where(events.c.id == event_id)).first()
    if row is None:
        return None
    record = dict(row.record)
    query = (
        select(
            mentions.c.id,
            mentions.c.position,
            mentions.c.record,
            documents.c.id.label("document_id"),
            documents.c.source,
            documents.c.title,
            documents.c.published,
            documents.c.url,
            documents.c.language,
        )
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(mentions.c.event_id == event_id)
        .order_by(documents.c.published.nulls_last(), documents.c.id, mentions.c.position)
    )
    claims: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    for m in conn.execute(query):
        said = dict(m.record)
        claims.append(
            {
                "mention_id": m.id,
                "document_id": m.document_id,
                "source": m.source,
                **{name: said.get(name) for name in FIGURE_NAMES},
                "killed_by_side": said.get("killed_by_side"),
                "attribution": said.get("attribution"),
                "attribution_span": said.get("attribution_span"),
                "date_start": said.get("date_start"),
                "date_end": said.get("date_end"),
                "evidence": said.get("evidence"),
                "evidence_spans": said.get("evidence_spans") or [],
                "raw_evidence_spans": said.get("raw_evidence_spans") or [],
            }
        )
        sources.setdefault(
            m.document_id,
            {
                "document_id": m.document_id,
                "source": m.source,
                "title": m.title,
                "published": m.published,
                "url": m.url,
                "language": m.language,
            },
        )
    return {"event": record, "claims": claims, "documents": list(sources.values())}


DOCUMENT_FIELDS = ("source", "title", "byline", "published", "language", "url", "ingested_at", "duplicate_of")


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    since: str | None = None  # published on or after
    until: str | None = None  # published on or before
    language: str | None = None
    q: str | None = None  # substring of the title
    limit: int = 50
    offset: int = 0


def _document_conditions(q: DocumentQuery) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if q.since:
        conds.append(documents.c.published >= q.since)
    if q.until:
        conds.append(documents.c.published <= q.until)
    if q.language:
        conds.append(documents.c.language == q.language.lower())
    if q.q:
        conds.append(func.lower(documents.c.title).like(f"%{_escape_like(q.q.lower())}%", escape="\\"))
    return conds


def list_documents(conn: Connection, q: DocumentQuery) -> tuple[int, list[dict[str, Any]]]:
    """Documents without their text, newest publication first, and how many match."""
    conds = _document_conditions(q)
    total = conn.execute(select(func.count()).select_from(documents).where(and_(true(), *conds))).scalar_one()
    n_mentions = (
        select(func.count()).select_from(mentions).where(mentions.c.document_id == documents.c.id).scalar_subquery()
    )
    query = (
        select(documents.c.id, *[documents.c[f] for f in DOCUMENT_FIELDS], n_mentions.label("mentions"))
        .where(and_(true(), *conds))
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
        .limit(q.limit)
        .offset(q.offset)
    )
    return int(total), [dict(row._mapping) for row in conn.execute(query)]


def document_detail(conn: Connection, document_id: str) -> dict[str, Any] | None:
    """One document with its text, provenance chain and the events its mentions belong to."""
    row = conn.execute(
        select(documents.c.id, *[documents.c[f] for f in DOCUMENT_FIELDS], documents.c.provenance, documents.c.text)
        .where(documents.c.id == document_id)
    ).first()  # fmt: skip
    if row is None:
        return None
    out = dict(row._mapping)
    query = (
        select(mentions.c.id, mentions.c.position, mentions.c.type, mentions.c.event_id)
        .where(mentions.c.document_id == document_id)
        .order_by(mentions.c.position)
    )
    out["mentions"] = [dict(m._mapping) for m in conn.execute(query)]
    return out


def _period(dialect: str, interval: str) -> ColumnElement[Any]:
    """The period an event starts in, as text: ``YYYY-MM-DD`` (day and week), ``YYYY-MM``, ``YYYY``."""
    width = {"day": 10, "week": 10, "month": 7, "year": 4}[interval]
    return func.substr(events.c.day_first, 1, width)


def counts(
    conn: Connection, q: EventQuery, interval: str = "month", by: Sequence[str] = ("type", "country")
) -> list[dict[str, Any]]:
    """Events (and the sum of their killed ``best``) per period, and per type and/or country when ``by`` says.

    An event in two countries counts once in each country's row (and once in a row without country).
    Undated events are left out. A week is the ISO week (Monday first) the event starts in, named by its Monday.
    """
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}")
    dialect = conn.dialect.name
    period = _period(dialect, interval).label("period")
    killed = json_field(dialect, ("killed", "best"), "int")
    keys: list[Any] = [period]
    from_: Any = events
    if "type" in by:
        keys.append(events.c.type)
    if "country" in by:
        from_ = events.join(event_countries, event_countries.c.event_id == events.c.id)
        keys.append(event_countries.c.country)
    query = (
        select(*keys, func.count().label("events"), func.coalesce(func.sum(killed), 0).label("killed"))
        .select_from(from_)
        .where(and_(events.c.day_first.is_not(None), *conditions(dialect, q)))
        .group_by(*keys)
    )
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in conn.execute(query):
        item = dict(row._mapping)
        if interval == "week":
            item["period"] = _monday(item["period"])
        key = tuple(item.get(k) for k in ("period", "type", "country"))
        if key in merged:
            merged[key]["events"] += item["events"]
            merged[key]["killed"] += item["killed"]
        else:
            merged[key] = {"period": item["period"], "type": item.get("type"), "country": item.get("country"),
                           "events": int(item["events"]), "killed": int(item["killed"])}  # fmt: skip
    return [merged[k] for k in sorted(merged, key=lambda k: tuple("" if v is None else str(v) for v in k))]


def _monday(day: str) -> str:
    from datetime import date, timedelta

    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


__all__ = [
    "INTERVALS",
    "SORTS",
    "DocumentQuery",
    "EventQuery",
    "FigureRange",
    "count_events",
    "counts",
    "event_page",
    "document_detail",
    "event_detail",
    "event_select",
    "iter_events",
    "json_field",
    "list_documents",
]
