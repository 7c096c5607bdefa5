"""The store on SQLite and PostgreSQL: migrations, idempotent ingest, one transaction per document."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from conftest import shared_path
from flashpoint.errors import StoreError
from flashpoint.link.cross import Profile, probes
from flashpoint.pipeline import process_path, process_raw
from flashpoint.records import RawDocument
from flashpoint.store import EventFilter, Store, linking
from flashpoint.store.schema import event_aliases, event_countries, events, mentions

ARTICLE = (
    "Border clashes\n\n2022-09-20\n\n"
    "Violent clashes took place on the border between Kyrgyzstan and Tajikistan from September 14 to 16. "
    "At least 100 people were killed.\n\n"
    "On September 20, Tajikistan and Kyrgyzstan signed a peace deal.\n"
)
REPORT = (
    "Second report\n\n2022-09-21\n\n"
    "Clashes erupted on the border between Kyrgyzstan and Tajikistan on September 15, officials said, "
    "and 24 people were injured.\n"
)


def result(body: str, name: str = "a.txt"):
    r = process_raw(RawDocument(name, body.encode(), "text/plain"))
    assert r.ok
    return r


def test_migrations_reach_head(store_url: str) -> None:
    store = Store(store_url)
    store.migrate()
    assert store.schema_version() == store.head_version() == "0006"
    store.migrate()  # a second run is a no-op
    assert store.schema_version() == "0006"


def test_same_document_twice_adds_nothing(store_url: str) -> None:
    store = Store(store_url)
    store.migrate()
    first = store.add(result(ARTICLE))
    assert first.stored and first.events_added == 2
    again = store.add(result(ARTICLE, name="copy/of/a.txt"))
    assert (again.stored, again.events_added, again.events_merged) == (False, 0, 0)
    assert store.counts() == {"documents": 1, "mentions": 2, "events": 2}


def test_a_second_report_of_the_same_clash_merges(store_url: str) -> None:
    store = Store(store_url)
    store.migrate()
    store.add(result(ARTICLE))
    outcome = store.add(result(REPORT, "b.txt"))
    assert (outcome.events_added, outcome.events_merged) == (0, 1)
    (battle,) = [e for e in store.events(EventFilter(type="battle"))]
    assert sorted(battle["sources"]) == ["a.txt", "b.txt"]
    assert battle["injured"]["best"] == 24
    assert battle["killed"]["best"] == 100 and battle["source_count"] == 2
    assert [h["doc"] for h in battle["figure_history"]["injured"]] == ["b.txt"]


def test_filters(store_url: str) -> None:
    store = Store(store_url)
    store.migrate()
    store.add(result(ARTICLE))
    assert [e["type"] for e in store.events(EventFilter(country="kgz"))] == ["battle", "agreement"]
    assert [e["type"] for e in store.events(EventFilter(since="2022-09-17"))] == ["agreement"]
    assert [e["type"] for e in store.events(EventFilter(until="2022-09-13"))] == []
    assert list(store.events(EventFilter(country="ARM"))) == []


def test_a_failed_write_leaves_nothing_behind(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(store_url)
    store.migrate()
    calls = {"n": 0}
    original = linking.add_mention

    def crash_on_second(conn, row, prof, *siblings):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            conn.execute(text("SELECT * FROM no_such_table"))
        return original(conn, row, prof, *siblings)

    monkeypatch.setattr(linking, "add_mention", crash_on_second)
    with pytest.raises(StoreError):
        store.add(result(ARTICLE))
    assert store.counts() == {"documents": 0, "mentions": 0, "events": 0}
    monkeypatch.undo()
    assert store.add(result(ARTICLE)).stored


def test_a_new_events_row_is_what_refresh_gives_it(store_url: str) -> None:
    """A mention that links to no stored event has its event's row inserted with its final values (no placeholder
    updated at the end of the write): refreshing every event of a store from its mentions changes no row, over
    reports that merge events and documents that tell several."""
    store = Store(store_url)
    store.migrate()
    for path in sorted(shared_path("corpus", "gva", "docs").glob("*.txt"))[:60]:
        store.add(process_path(path))

    def rows(conn):  # type: ignore[no-untyped-def]
        return (
            conn.execute(select(events).order_by(events.c.id)).all(),
            conn.execute(select(event_countries).order_by(event_countries.c.event_id, event_countries.c.country)).all(),
        )

    with store.engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(event_aliases)).scalar_one() > 0  # merges happened
        before = rows(conn)
        for (event_id,) in conn.execute(select(events.c.id)).all():
            linking.refresh(conn, event_id)
        assert rows(conn) == before
        conn.rollback()


def test_link_candidates_decoded_once_are_those_decoded_each_time(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``linked_events`` reads its candidates' profiles (one query for the block look-up and the profiles) through
    a cache of their JSON text: every stored mention finds the events it found with each row decoded afresh, and
    the store's rows are those a fresh decoding gives."""
    store = Store(store_url)
    store.migrate()
    for path in sorted(shared_path("corpus", "gva", "docs").glob("*.txt"))[:60]:
        store.add(process_path(path))
    with store.engine.connect() as conn:
        stored = [row.profile for row in conn.execute(select(mentions.c.profile))]
        news = [Profile.from_json(value) for value in stored]
        found = [linking.linked_events(conn, p) for p in news]
        texts = [row.profile for row in conn.execute(linking._CANDIDATES, {"keys": probes(news[0])})]
        if store_url.startswith("sqlite"):  # the text the cache is keyed by, decoded as the JSON column decodes it
            assert all(
                isinstance(t, str) and linking._stored_profile(t) == Profile.from_json(json.loads(t)) for t in texts
            )
        monkeypatch.setattr(linking, "_stored_profile", lambda text: Profile.from_json(json.loads(text)))
        assert [linking.linked_events(conn, p) for p in news] == found
    assert any(found)  # mentions that link to stored events: the comparison says something


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        Store("nosuchdialect://x")
