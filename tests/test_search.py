"""The text and actor filters (``q``, ``actor``) served by trigram indexes (migration 0005) mean exactly what a
substring scan means, on SQLite (FTS5) and PostgreSQL (pg_trgm), on a store of real news articles built through
the write path (so events merged and refreshed keep their index rows in step)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from conftest import module_store, shared_path
from flashpoint.api import create_app
from flashpoint.pipeline import run
from flashpoint.store import Store

NEEDLES = 60  # per field, seeded


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The news and gva corpora ingested into a store, and the API over it."""
    docs = sorted(shared_path("corpus", "news", "docs").glob("*.txt"))
    docs += sorted(shared_path("corpus", "gva", "docs").glob("*"))[:40]
    with module_store(request.param, tmp_path_factory.mktemp("search")) as store_url:
        store = Store(store_url)
        store.migrate()
        for result in run([str(p) for p in docs]):
            if result.ok:
                store.add(result)
        with TestClient(create_app(store)) as client:
            yield store, client
        store.engine.dispose()


def _all_events(client: TestClient) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while True:
        page = client.get("/events", params={"limit": 500, "offset": len(out)}).json()
        out += page["events"]
        if len(out) >= page["total"]:
            return out


def _ids(client: TestClient, **params: str) -> set[str]:
    r = client.get("/events", params={**params, "limit": 500})
    assert r.status_code == 200, r.text
    assert r.json()["total"] <= 500
    return {e["event_id"] for e in r.json()["events"]}


def _needles(texts: list[str], rng: random.Random) -> list[str]:
    """Substrings of the stored texts (1 to 25 characters, in other cases too), and a few found nowhere."""
    out = ["zzqx", "Ω", "'; DROP TABLE events; --", '"quoted"', "%", "_", "a\\b"]
    texts = [t for t in texts if t]
    for _ in range(NEEDLES):
        t = rng.choice(texts)
        start = rng.randrange(len(t))
        piece = t[start : start + rng.choice([1, 2, 3, 4, 7, 12, 25])]
        out.append(piece.upper() if rng.random() < 0.3 else piece)
    return out


def test_q_is_a_case_insensitive_substring_of_the_evidence(served: Any) -> None:
    store, client = served
    events = _all_events(client)
    assert len(events) > 50
    for needle in _needles([e["evidence"] or "" for e in events], random.Random(5)):
        want = {e["event_id"] for e in events if needle.lower() in (e["evidence"] or "").lower()}
        assert _ids(client, q=needle) == want, needle


def test_actor_is_a_case_insensitive_substring_of_a_name(served: Any) -> None:
    store, client = served
    events = _all_events(client)
    names = [a["name"] for e in events for a in e["actors"] if a.get("name")]
    assert len(names) > 20
    for needle in _needles(names, random.Random(6)):
        want = {e["event_id"] for e in events if any(needle.lower() in (a.get("name") or "").lower()
                                                      for a in e["actors"])}  # fmt: skip
        assert _ids(client, actor=needle) == want, needle


def test_the_index_is_used(served: Any) -> None:
    """The planner answers a three-character needle from the trigram index, not by reading every event."""
    store, _client = served
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT event_id FROM event_text JOIN event_search "
                "ON event_search.rowid = event_text.rowid WHERE event_search.evidence MATCH '\"kil\"'")))  # fmt: skip
            assert "VIRTUAL TABLE INDEX" in plan, plan
            conn.execute(text("INSERT INTO event_search(event_search) VALUES ('integrity-check')"))  # raises if not
        else:
            conn.execute(text("SET enable_seqscan = off"))
            for column in ("evidence", "actors"):
                plan = " ".join(r[0] for r in conn.execute(
                    text(f"EXPLAIN SELECT event_id FROM event_text WHERE {column} LIKE '%kil%'")))  # fmt: skip
                assert f"ix_event_text_{column}" in plan, plan
        n_text = conn.execute(text("SELECT count(*) FROM event_text")).scalar_one()
        n_events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        assert n_text == n_events  # one row per event: merged events' rows went with them


def test_search_first_pages_like_the_date_walk(served: Any) -> None:
    """On PostgreSQL a search with few matches is sorted after it is found (``query.SEARCH_FIRST_MAX``): its pages
    hold the same events in the same order, ties included, as the plan that walks the date index."""
    from flashpoint.query import EventQuery, count_events, iter_events

    store, _client = served
    with store.engine.connect() as conn:
        for field, needle in (("q", "kill"), ("q", "police"), ("actor", "forces"), ("actor", "arm")):
            for sort in ("date", "-date"):
                for offset in (0, 3, 7):
                    q = EventQuery(**{field: needle}, sort=sort, limit=4, offset=offset)  # type: ignore[arg-type]
                    total = count_events(conn, q)
                    first = [e["event_id"] for e in iter_events(conn, q, matches=total)]
                    walked = [e["event_id"] for e in iter_events(conn, q)]
                    assert first == walked, (field, needle, sort, offset)
            assert count_events(conn, EventQuery(**{field: needle})) > 3, needle  # type: ignore[arg-type]


def test_one_statement_page_and_total(served: Any) -> None:
    """``query.event_page`` (on SQLite one statement for a search's page and its total) gives what a count and
    the page read apart give, on every page and sort, and a page past the end still has its total."""
    from flashpoint.query import EventQuery, count_events, event_page, iter_events

    store, _client = served
    with store.engine.connect() as conn:
        for field, needle in (("q", "kill"), ("q", "police"), ("actor", "forces"), ("actor", "arm")):
            for sort in ("-date", "killed", "-sources", "id"):
                for offset in (0, 5, 10_000):
                    q = EventQuery(**{field: needle}, sort=sort, limit=5, offset=offset)  # type: ignore[arg-type]
                    total, rows = event_page(conn, q)
                    assert total == count_events(conn, q) > 3, (field, needle)
                    assert [e["event_id"] for e in rows] == [e["event_id"] for e in iter_events(conn, q)]
