"""p95 latency of the API's common event queries on a store of 100k synthetic events, SQLite and PostgreSQL.

    python benchmarks/bench_api.py                       # both stores (PostgreSQL at $FLASHPOINT_TEST_PG)
    python benchmarks/bench_api.py --events 20000 --runs 20 --only sqlite
    python benchmarks/bench_api.py --query "text search" --query actor    # only these queries

Events are written straight into the tables (the pipeline is not what is measured), with realistic records:
12 types, 2015-2024, 30 countries, points and admin1 names, one or two actors, figures on half of them,
evidence of 30 words drawn from 23 and a place name.
Each query runs ``--runs`` times with varied parameters through the HTTP app (FastAPI's test client, so
validation and JSON serialization count); the target is p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

from flashpoint.api import create_app
from flashpoint.records import EVENT_TYPES
from flashpoint.store import Store
from flashpoint.store.schema import event_countries, events

PG_URL = os.environ.get("FLASHPOINT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
COUNTRIES = [a + b + c for a, b, c in zip("ABCDEFGHIJ" * 6, "KLMNOP" * 10, "QRSTUVWXYZ" * 6, strict=True)]
WORDS = ["forces", "shelled", "the", "town", "clashes", "killed", "people", "officials", "said", "protesters", "gathered", "troops", "withdrew", "villages", "were", "evacuated", "militants", "attacked", "a", "convoy", "near", "the", "border"]  # fmt: skip


def synthetic(i: int, rng: random.Random) -> tuple[dict[str, Any], list[str]]:
    start = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    days = rng.choice([0, 0, 0, 1, 2, 6, 30])
    end = start + timedelta(days=days)
    countries = sorted(set(rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2]))))
    lat, lon = rng.uniform(-50, 60), rng.uniform(-120, 150)
    killed = None
    if rng.random() < 0.5:
        best = int(rng.paretovariate(1.2))
        killed = {"best": best, "low": best, "high": best, "qualifier": "exact", "span": [10, 12]}
    event_id = uuid.UUID(int=rng.getrandbits(128)).hex
    record = {
        "event_id": event_id, "type": rng.choice(EVENT_TYPES), "reported": rng.random() < 0.85,
        "date_start": start.isoformat(), "date_end": end.isoformat(), "date_precision": "day", "date_span": [0, 8],
        "countries": countries, "places": [{"name": f"Town{i % 5000}", "admin1": f"Region{i % 800}", "span": [20, 28]}],
        "location": {"name": f"Town{i % 5000}", "lat": lat, "lon": lon, "admin1": f"Region{i % 800}",
                     "country": countries[0], "where_prec": 1, "geo_precision": 1, "span": [20, 28]},
        "actors": [{"name": f"Group {rng.randrange(2000)}", "country": countries[0], "kind": "armed_group", "span": [0, 5]}
                   for _ in range(rng.choice([1, 2]))],
        "killed": killed, "injured": None, "displaced": None, "troops": None, "detained": None,
        "killed_by_side": None, "attribution": None, "attribution_span": None,
        "evidence": " ".join(rng.choice(WORDS) for _ in range(30)) + f" near Town{i % 5000}", "evidence_spans": [[0, 200]],
        "trigger": {"text": "shelled", "span": [7, 14]}, "raw_evidence_spans": [[0, 200]],
        "doc": f"doc{i}.txt", "sources": [f"doc{i}.txt"],
    }  # fmt: skip
    return record, countries


def fill(store: Store, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    ids: list[str] = []
    batch_events: list[dict[str, Any]] = []
    batch_countries: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for i in range(n):
            record, countries = synthetic(i, rng)
            ids.append(record["event_id"])
            batch_events.append({"id": record["event_id"], "type": record["type"], "reported": record["reported"],
                                 "date_start": record["date_start"], "date_end": record["date_end"],
                                 "date_precision": "day", "day_first": record["date_start"],
                                 "day_last": record["date_end"], "countries": countries, "record": record,
                                 "sources": 1})  # fmt: skip
            batch_countries += [{"event_id": record["event_id"], "country": c} for c in countries]
            if len(batch_events) >= 5000:
                conn.execute(insert(events), batch_events)
                conn.execute(insert(event_countries), batch_countries)
                batch_events, batch_countries = [], []
        if batch_events:
            conn.execute(insert(events), batch_events)
            conn.execute(insert(event_countries), batch_countries)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return ids


def queries(ids: list[str]) -> dict[str, Callable[[random.Random], tuple[str, dict[str, Any]]]]:
    def year(rng: random.Random) -> tuple[str, str]:
        y = rng.randrange(2015, 2025)
        m = rng.randrange(1, 12)
        return f"{y}-{m:02d}-01", f"{y}-{m + 1:02d}-01"

    return {
        "latest page (sort -date)": lambda rng: ("/events", {"sort": "-date", "limit": 50}),
        "country": lambda rng: ("/events", {"country": rng.choice(COUNTRIES), "limit": 50}),
        "type + month": lambda rng: (
            "/events",
            dict(zip(("since", "until"), year(rng), strict=True), type=rng.choice(EVENT_TYPES)),
        ),  # fmt: skip
        "country + month": lambda rng: (
            "/events",
            dict(zip(("since", "until"), year(rng), strict=True), country=rng.choice(COUNTRIES)),
        ),  # fmt: skip
        "bbox 10x10 deg": lambda rng: (
            "/events",
            {"bbox": (lambda x, y: f"{x},{y},{x + 10},{y + 10}")(rng.randrange(-120, 140), rng.randrange(-50, 50))},
        ),  # fmt: skip
        "admin1": lambda rng: ("/events", {"admin1": f"Region{rng.randrange(800)}"}),
        "killed >= 50, sort -killed": lambda rng: ("/events", {"killed_min": 50, "sort": "-killed"}),
        "one event": lambda rng: (f"/events/{rng.choice(ids)}", {}),
        "counts by month and type, one country": lambda rng: (
            "/counts",
            {"country": rng.choice(COUNTRIES), "interval": "month", "by": "type"},
        ),  # fmt: skip
        # every evidence is 30 words of 23: any two of them match 5-10% of the store (the worst case for an index)
        "text search q, two common words": lambda rng: ("/events", {"q": rng.choice(WORDS) + " " + rng.choice(WORDS)}),
        "text search q, a place": lambda rng: ("/events", {"q": f"town{rng.randrange(1000, 5000)}"}),
        "actor": lambda rng: ("/events", {"actor": f"Group {rng.randrange(2000)}"}),
        "GeoJSON, one year": lambda rng: ("/events.geojson", dict(zip(("since", "until"), year(rng), strict=True))),
    }


def bench(url: str, n: int, runs: int, only: list[str] | None = None) -> dict[str, tuple[float, float]]:
    store = Store(url)
    store.migrate()
    t0 = time.perf_counter()
    ids = fill(store, n)
    print(f"  {n} events written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    client = TestClient(create_app(store))
    out: dict[str, tuple[float, float]] = {}
    for name, make in queries(ids).items():
        if only and not any(word in name for word in only):
            continue
        rng = random.Random(name)
        times = []
        for i in range(runs + 2):
            path, params = make(rng)
            t = time.perf_counter()
            r = client.get(path, params=params)
            elapsed = (time.perf_counter() - t) * 1000
            assert r.status_code == 200, (path, params, r.text[:300])
            if i >= 2:  # two warm-up calls
                times.append(elapsed)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--query", action="append", help="run only the queries whose name contains this (repeatable)")
    args = parser.parse_args()
    results: dict[str, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="p7bench-") as tmp:
        if args.only in (None, "sqlite"):
            print("sqlite…", file=sys.stderr)
            results["sqlite"] = bench(f"sqlite:///{tmp}/bench.db", args.events, args.runs, args.query)
        if args.only in (None, "postgresql"):
            import psycopg

            schema = f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            try:
                print("postgresql…", file=sys.stderr)
                results["postgresql"] = bench(
                    f"{PG_URL}?options=-csearch_path%3D{schema}", args.events, args.runs, args.query
                )
            finally:
                with psycopg.connect(PG_URL, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")
    stores = list(results)
    print(f"\n{args.events} events, {args.runs} runs per query; median / p95 in ms (target p95 <= 100)\n")
    print(f"| query | {' | '.join(f'{s} median | {s} p95' for s in stores)} |")
    print(f"|---|{'---|---|' * len(stores)}")
    for name in next(iter(results.values())):
        cells = " | ".join(f"{results[s][name][0]:.1f} | {results[s][name][1]:.1f}" for s in stores)
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
