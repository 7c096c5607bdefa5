"""Crash safety: ``flashpoint ingest`` killed (SIGKILL) at random moments, many times over, then run to the end,
leaves the store a clean run leaves: no document, mention, event or claim lost or stored twice (SQLite and
PostgreSQL). Real articles of ../shared/corpus (news and gva), read in place.

``FLASHPOINT_CRASH_CYCLES`` (default 10) kills per backend, ``FLASHPOINT_CRASH_SEED`` (default 10) the seed of
the kill delays, so a failure reproduces with the seed it prints. When a run gets to the end before its kill (the
store is complete), the store is checked against the clean run and emptied, and the killing goes on: a long run
keeps killing ingests that have work left.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from conftest import PG_URL, shared_path
from flashpoint.query import event_detail
from flashpoint.store import Store
from flashpoint.store.schema import (
    document_bands,
    documents,
    event_aliases,
    event_countries,
    events,
    mention_blocks,
    mentions,
)

CYCLES = int(os.environ.get("FLASHPOINT_CRASH_CYCLES", "10"))
SEED = int(os.environ.get("FLASHPOINT_CRASH_SEED", "10"))
FLASHPOINT = str(Path(sys.executable).with_name("flashpoint"))


def _corpus() -> list[Path]:
    """10 news articles and 8 gva reports (some tell the same incidents, so events merge)."""
    news = sorted(shared_path("corpus", "news", "docs").glob("*.txt"))[:10]
    gva = sorted(shared_path("corpus", "gva", "docs").glob("*"))[:8]
    return news + gva


def _start(paths: list[Path], url: str) -> subprocess.Popen[bytes]:
    cmd = [FLASHPOINT, "ingest", *map(str, paths), "--db", url]
    # a session of its own, so the kill reaches anything it might start
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _finish(proc: subprocess.Popen[bytes]) -> None:
    _out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()


def dump(store: Store) -> dict[str, Any]:
    """Every table's rows in a canonical order, without the ingest time, and every event's claims as the API
    gives them: two stores with equal dumps hold the same data."""
    cols = [c for c in documents.c if c.name != "ingested_at"]
    tables: list[tuple[str, Any, list[Any]]] = [
        ("documents", select(*cols), [documents.c.id]),
        ("document_bands", select(document_bands), [document_bands.c.band, document_bands.c.document_id]),
        ("mentions", select(mentions), [mentions.c.id]),
        ("mention_blocks", select(mention_blocks), [mention_blocks.c.block, mention_blocks.c.mention_id]),
        ("events", select(events), [events.c.id]),
        ("event_countries", select(event_countries), [event_countries.c.event_id, event_countries.c.country]),
        ("event_aliases", select(event_aliases), [event_aliases.c.old_id]),
    ]
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for name, query, order in tables:
            out[name] = [json.dumps(dict(r._mapping), sort_keys=True, default=str)
                         for r in conn.execute(query.order_by(*order))]  # fmt: skip
        ids = [r.id for r in conn.execute(select(events.c.id).order_by(events.c.id))]
        out["claims"] = [json.dumps(event_detail(conn, i), sort_keys=True) for i in ids]
    store.engine.dispose()
    return out


def _diff(got: list[str], want: list[str]) -> str:
    """The first row that differs, as the fields that differ."""
    extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
    if len(got) != len(want) or not (extra and missing):
        return f"{len(got)} rows, a clean run has {len(want)}; extra {extra[:1]}, missing {missing[:1]}"
    a, b = json.loads(extra[0]), json.loads(missing[0])
    return "; ".join(f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The dump of one uninterrupted run into a fresh SQLite store (both backends must give the same)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}"
    _finish(_start(_corpus(), url))
    return dump(Store(url))


def _writing(url: str, probe: Any) -> str | None:
    """Which write transaction the ingest is inside, if any: on PostgreSQL its transaction id (it has written);
    on SQLite "locked" while it holds the database's write lock (our ``BEGIN IMMEDIATE`` finds it locked)."""
    if url.startswith("sqlite"):
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return "locked"
        probe.execute("ROLLBACK")
        return None
    query = "SELECT backend_xid::text FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL"
    row = probe.execute(query, (APP,)).fetchone()
    return None if row is None else str(row[0])


APP = "flashpoint-crash-test"


def test_killed_ingest_reruns_to_the_clean_store(store_url: str, clean: dict[str, Any]) -> None:
    """Half the kills come at a random moment early in the run (starting, migrating, reading and extracting
    documents, maybe writing), half in the middle of the run's first, second or third write transaction."""
    paths = _corpus()
    rng = random.Random(f"{SEED}:{store_url.split(':')[0]}")
    store = Store(store_url)
    store.migrate()  # the schema first, as a deployment would (the migration is one transaction of its own)
    if store_url.startswith("sqlite"):
        probe: Any = sqlite3.connect(str(store.engine.url.database), timeout=0, isolation_level=None)
        url = store_url
    else:
        import psycopg

        probe = psycopg.connect(PG_URL, autocommit=True)
        url = f"{store_url.split('&application_name=')[0]}&application_name={APP}"
    store.engine.dispose()
    t0 = time.monotonic()
    _finish(_start(paths[:1], url))
    startup = time.monotonic() - t0  # the time one run takes to start and store a document
    kills: list[tuple[str, int]] = []
    try:
        for cycle in range(CYCLES):
            mode = "writing" if cycle % 2 else "any time"
            proc = _start(paths, url)
            if mode == "any time":  # mostly while it starts, migrates and reads the stored documents again
                deadline = time.monotonic() + rng.uniform(startup * 0.3, startup * 1.5)
                while proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.01)
            else:  # inside the k-th write transaction this run begins
                k, seen, last = rng.randrange(1, 4), 0, None
                while proc.poll() is None:
                    now = _writing(store_url, probe)
                    seen += now is not None and now != last
                    last = now
                    if seen == k:
                        time.sleep(rng.uniform(0, 0.02))
                        break
                    time.sleep(0.002)
            alive = proc.poll() is None
            if alive:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            proc.stderr.close()  # type: ignore[union-attr]
            store = Store(store_url)
            kills.append((mode if alive else "finished first", store.counts()["documents"]))
            store.engine.dispose()
            if not alive:  # a run got to the end: check it, then start again from an empty store
                _check(store_url, clean, len(paths))
                _empty(store_url)
    finally:
        probe.close()
    n_killed = sum(kind != "finished first" for kind, _n in kills)
    n_writing = sum(kind == "writing" for kind, _n in kills)
    print(f"seed {SEED}: {n_killed} kills, {n_writing} inside a write; (kind, documents stored after it): {kills}")
    _finish(_start(paths, url))  # the final, uninterrupted run
    _check(store_url, clean, len(paths))


def _check(store_url: str, clean: dict[str, Any], n_documents: int) -> None:
    got = dump(Store(store_url))
    for table in clean:
        assert got[table] == clean[table], (
            f"{table} differs from a clean run (seed {SEED}): {_diff(got[table], clean[table])}"
        )
    assert len(got["documents"]) == len({json.loads(d)["id"] for d in got["documents"]}) == n_documents


def _empty(store_url: str) -> None:
    """Drop every table of the store and migrate it again (a long run's next round starts from nothing)."""
    store = Store(store_url)
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                         "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'event_search_%'")]  # fmt: skip
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for name in names:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
        else:  # the test's own throwaway schema, tables, functions and triggers alike
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    store.migrate()
    store.engine.dispose()
