"""Ingest time per document as the store grows: linking must not cost more with every stored event.

usage: python benchmarks/bench_link.py [--sizes 0,10000,100000] [--docs 40]

For each size, a SQLite store is seeded with that many synthetic events (one mention each, spread over 2013-2022,
60 countries and four types, filed under their blocks as ``Store.add`` files them), then the same ``--docs`` real
documents (shootings from ../shared/corpus/gva, processed once beforehand) are added with ``Store.add`` and timed.
Candidates are found through ``mention_blocks`` (type family × week/month/year × country), so the time per
document depends on how many stored events share a block, not on the size of the store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from flashpoint.link.cross import blocks, profile
from flashpoint.pipeline import run
from flashpoint.store import Store
from flashpoint.store.schema import documents, events, mention_blocks, mentions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gva" / "docs"
TYPES = ("battle", "violence_against_civilians", "protest", "displacement")


def seed(store: Store, n: int, rng: random.Random) -> None:
    countries = [f"X{i:02d}" for i in range(59)] + ["USA"]
    batch = 5000
    for offset in range(0, n, batch):
        docs, rows, block_rows, event_rows = [], [], [], []
        for i in range(offset, min(n, offset + batch)):
            ident = f"{i:032x}"
            day = date(2013, 1, 1) + timedelta(days=rng.randrange(3650))
            country = rng.choice(countries)
            record = {
                "type": rng.choice(TYPES), "reported": True, "date_start": day.isoformat(), "date_end": day.isoformat(),
                "date_precision": "day", "date_span": [0, 1], "countries": [country], "places": [], "location": None,
                "actors": [], "killed": {"best": rng.randrange(5), "low": None, "high": None, "qualifier": "exact"},
                "evidence": f"Synthetic event {i} with Name{rng.randrange(10**6)}.", "evidence_spans": [[0, 30]],
            }  # fmt: skip
            prof = profile(ident, ident * 2, record, title=f"Report {i}")
            docs.append({"id": ident * 2, "source": f"synthetic/{i}", "provenance": [], "text": record["evidence"],
                         "ingested_at": "2024-01-01T00:00:00"})  # fmt: skip
            event_rows.append({"id": ident, "type": record["type"], "reported": True, "date_start": record["date_start"],
                               "date_end": record["date_end"], "date_precision": "day", "day_first": record["date_start"],
                               "day_last": record["date_end"], "countries": [country], "record": record, "sources": 1})  # fmt: skip
            rows.append({"id": ident, "document_id": ident * 2, "event_id": ident, "position": 0,
                         "type": record["type"], "record": record, "profile": prof.as_json()})  # fmt: skip
            block_rows += [{"block": b, "mention_id": ident} for b in blocks(prof)]
        with store.engine.begin() as conn:
            conn.execute(documents.insert(), docs)
            conn.execute(events.insert(), event_rows)
            conn.execute(mentions.insert(), rows)
            conn.execute(mention_blocks.insert(), block_rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--docs", type=int, default=40)
    args = parser.parse_args()
    results = [r for r in run([str(CORPUS)]) if r.ok and r.mentions][: args.docs]
    print(f"{len(results)} documents with events, {sum(len(r.mentions) for r in results)} mentions")
    base = None
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
            store.migrate()
            seed(store, size, random.Random(6))
            times = []
            for r in results:
                t0 = time.perf_counter()
                store.add(r)
                times.append(time.perf_counter() - t0)
            store.engine.dispose()
        ms = statistics.median(times) * 1000
        base = base or ms
        print(f"store of {size:>7} events: median {ms:6.1f} ms per document, mean {statistics.mean(times) * 1000:6.1f} ms"
              f" ({ms / base:4.2f}x the empty store)")  # fmt: skip


if __name__ == "__main__":
    main()
