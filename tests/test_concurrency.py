"""Several `flashpoint ingest` processes writing one store at once (SQLite and PostgreSQL): every document is
stored once, none is lost, and the events are those one process ingesting everything would make."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import shared_path
from flashpoint.shared_store import SharedStore
from flashpoint.store import Store

PROCESSES = 3
STORIES = [
    ("Kyrgyzstan", "Tajikistan", "September 14", 100),
    ("Armenia", "Azerbaijan", "September 13", 49),
    ("Ethiopia", "Eritrea", "August 24", 12),
    ("Sudan", "South Sudan", "July 3", 7),
    ("India", "Pakistan", "May 8", 16),
    ("Thailand", "Cambodia", "July 24", 14),
    ("Israel", "Lebanon", "June 5", 9),
    ("Rwanda", "Uganda", "March 17", 5),
    ("Colombia", "Venezuela", "April 21", 8),
    ("Iran", "Iraq", "September 26", 13),
    ("Georgia", "Russia", "August 7", 30),
    ("Mali", "Niger", "February 11", 22),
]


def _articles(folder: Path) -> list[Path]:
    """Two reports of each border clash (which link into one event) and a few other stories."""
    paths = []
    for i, (a, b, day, killed) in enumerate(STORIES):
        first = (f"Clashes on the {a}-{b} border\n\n2022-10-01\n\nViolent clashes took place on the border between "
                 f"{a} and {b} on {day}. At least {killed} people were killed, officials said.\n")  # fmt: skip
        second = (f"Border fighting\n\n2022-10-02\n\nFighting broke out on the border between {a} and {b} on {day}, "
                  f"and {killed * 2} people were injured, the health ministry said.\n")  # fmt: skip
        for j, body in enumerate((first, second)):
            path = folder / f"story{i}-{j}.txt"
            path.write_text(body, encoding="utf-8")
            paths.append(path)
    protest = "Protest\n\n2022-10-03\n\nThousands of people protested in Tbilisi on October 2 against the new law.\n"
    (folder / "protest.txt").write_text(protest, encoding="utf-8")
    paths.append(folder / "protest.txt")
    return paths


def _ingest(url: str, paths: list[Path]) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "flashpoint.cli", "ingest", *map(str, paths), "--db", url]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())


def _summary(store: Store) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return sorted((e["type"], tuple(e["countries"]), tuple(sorted(e["sources"]))) for e in store.events())


def test_concurrent_ingest_processes(store_url: str, tmp_path: Path) -> None:
    paths = _articles(tmp_path)
    SharedStore(store_url).migrate()  # the schema first, as a deployment would
    # every process ingests every article at the same time: two in the same order (racing for each document),
    # one backwards (meeting the others' reports of the same clashes)
    orders = [paths, paths, paths[::-1]][:PROCESSES]
    procs = [_ingest(store_url, order) for order in orders]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    store = Store(store_url)
    counts = store.counts()
    assert counts["documents"] == len(paths)  # none lost, none twice
    stored = sum(int(err.split("stored ")[1].split(" ")[0].rstrip(",")) for _out, err in outputs)
    assert stored == len(paths)  # each document stored by exactly one process

    # the same articles ingested one after another into a fresh store give the same events
    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    proc = _ingest(alone, paths)
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert _summary(store) == _summary(Store(alone))


@pytest.mark.parametrize("threads", [4])
def test_threads_share_one_store(store_url: str, tmp_path: Path, threads: int) -> None:
    """The API's thread pool: one SharedStore, several threads adding the same documents."""
    from concurrent.futures import ThreadPoolExecutor

    from flashpoint.pipeline import process_path

    paths = _articles(tmp_path)
    results = [process_path(p) for p in paths]
    store = SharedStore(store_url)
    store.migrate()
    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(store.add, results * threads))
    assert sum(o.stored for o in outcomes) == len(paths)
    assert store.counts()["documents"] == len(paths)


# -- readers during writes ---------------------------------------------------------------------------------------


def _check_whole(client: Any, event: dict[str, Any]) -> bool:
    """Read one event's detail and check it is whole: its record's reports are exactly its claims (mentions),
    its documents exactly the reports' documents, its sources the claims' sources. False when the event was
    merged into another between the listing and this read (a 404: gone whole, not half)."""
    r = client.get(f"/events/{event['event_id']}")
    if r.status_code == 404:
        return False
    assert r.status_code == 200, r.text
    detail = r.json()
    record, claims = detail["event"], detail["claims"]
    reports = {(rep["mention_id"], rep["document_id"]) for rep in record["reports"]}
    assert claims, f"event {record['event_id']} without claims"
    assert {(c["mention_id"], c["document_id"]) for c in claims} == reports, record["event_id"]
    assert {d["document_id"] for d in detail["documents"]} == {doc for _m, doc in reports}, record["event_id"]
    assert record["sources"] == sorted({c["source"] for c in claims}), record["event_id"]
    return True


def _reader(url: str, stop: Any, tally: dict[str, int], errors: list[str]) -> None:
    """Poll the API while the ingests run: every listed page is whole (its total agrees with its events), every
    event read is whole (``_check_whole``)."""
    from fastapi.testclient import TestClient

    from flashpoint.api import create_app

    store = Store(url)
    with TestClient(create_app(store)) as client:
        while not stop.is_set():
            try:
                page = client.get("/events", params={"limit": 500, "sort": "-id"})
                assert page.status_code == 200, page.text
                body = page.json()
                assert body["total"] == len(body["events"]) or len(body["events"]) == 500
                tally["pages"] += 1
                for event in body["events"][:25]:
                    tally["events"] += _check_whole(client, event)
                    assert sorted(event["sources"]) == event["sources"]
            except AssertionError as exc:  # kept for the main thread: a reader's failure must fail the test
                errors.append(str(exc))
                break
    store.engine.dispose()


def test_readers_see_whole_events_while_two_processes_ingest(store_url: str) -> None:
    """Two ``flashpoint ingest`` processes (one forwards, one backwards through real articles, so their reports
    of one incident meet and merge) and two API readers at once: no errors, nothing stored twice, and no reader
    ever sees half an event."""
    import threading

    paths = sorted(shared_path("corpus", "news", "docs").glob("*.txt"))[:16]
    paths += sorted(shared_path("corpus", "gva", "docs").glob("*"))[:8]
    SharedStore(store_url).migrate()
    procs = [_ingest(store_url, order) for order in (paths, paths[::-1])]
    stop, errors = threading.Event(), []
    tallies = [{"pages": 0, "events": 0} for _ in range(2)]
    readers = [threading.Thread(target=_reader, args=(store_url, stop, t, errors)) for t in tallies]
    for reader in readers:
        reader.start()
    try:
        outputs = [p.communicate(timeout=600) for p in procs]
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    assert not errors, errors[0]
    pages, events = sum(t["pages"] for t in tallies), sum(t["events"] for t in tallies)
    print(f"2 writers, 2 readers: {pages} pages and {events} events read whole")
    assert pages >= 2 and events > 0
    store = Store(store_url)
    assert store.counts()["documents"] == len(paths)
    stored = sum(int(err.split("stored ")[1].split(" ")[0].rstrip(",")) for _out, err in outputs)
    assert stored == len(paths)  # each document stored by exactly one of the two
