"""Parent CPU per record, reading a WARC or JSON Lines file in the parent vs in the workers (byte-range shards),
with the pool.

    .venv/bin/python benchmarks/bench_shards.py [--records 240] [--workers 2] [--shard-mb 1] [--format warc|jsonl]

Generates a gzipped WARC of ``--records`` responses from the pages of corpus/html (each copy with a paragraph
of its own, so no two are the same document), or a JSON Lines file of the same pages (``{"url", "html"}`` a
line), then ingests it with ``--executor pool`` twice per mode: without a
store (the parent only reads, ships and receives) and into a fresh SQLite store (the parent also writes). The
parent's CPU is ``time.process_time()`` of this process (the pool's workers are other processes). Also: bytes a
worker is sent and sends back per record (pickled), from an inline run on the first 40 records.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=/elsewhere/src measures another flashpoint (parent-read only)
    sys.path.insert(0, str(ROOT / "src"))


def make_warc(path: Path, records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    corpus = Path(os.environ.get("FLASHPOINT_SHARED", "/work/shared")) / "corpus" / "html" / "docs"
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(corpus.glob("*.html.gz"))]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(records):
            page = pages[n % len(pages)].replace(b"</body>", f"<p>Copy {n} of the page.</p></body>".encode(), 1)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = f"https://news.example.org/{n}"
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers)
            )


def make_jsonl(path: Path, records: int) -> None:
    import json

    corpus = Path(os.environ.get("FLASHPOINT_SHARED", "/work/shared")) / "corpus" / "html" / "docs"
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in sorted(corpus.glob("*.html.gz"))]
    with path.open("w", encoding="utf-8") as out:
        for n in range(records):
            page = pages[n % len(pages)].replace("</body>", f"<p>Copy {n} of the page.</p></body>", 1)
            out.write(json.dumps({"url": f"https://news.example.org/{n}", "html": page}) + "\n")


def run(path: Path, shard: int, workers: int, db: str | None) -> tuple[float, float, int]:
    from flashpoint.runner import run_paths
    from flashpoint.store import Store

    store = None
    if db:
        store = Store(f"sqlite:///{db}")
        store.migrate()
    import inspect

    kwargs = {"shard_size": shard} if "shard_size" in inspect.signature(run_paths).parameters else {}
    cpu, wall = time.process_time(), time.monotonic()
    done = sum(1 for _ in run_paths([str(path)], "pool", workers, batch_size=16, store=store, **kwargs))
    return time.process_time() - cpu, time.monotonic() - wall, done


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=240, help="pages in the generated file (default 240)")
    ap.add_argument("--workers", type=int, default=2, help="pool workers (default 2)")
    ap.add_argument("--shard-mb", type=float, default=1.0, help="shard size in MiB for the sharded runs (default 1)")
    ap.add_argument("--format", choices=("warc", "jsonl"), default="warc", help="the container (default warc)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-shards-") as tmp:
        if args.format == "warc":
            path = Path(tmp) / "crawl.warc.gz"
            make_warc(path, args.records)
        else:
            path = Path(tmp) / "crawl.jsonl"
            make_jsonl(path, args.records)
        size = path.stat().st_size
        print(f"{args.format}: {args.records} pages, {size / 2**20:.1f} MiB; pool of {args.workers}")

        from flashpoint.ingest.files import Refusal, read_path
        from flashpoint.runner import process_items

        sample = [d for _, d in zip(range(40), read_path(path), strict=False) if not isinstance(d, Refusal)]
        sent = sum(len(pickle.dumps(d)) for d in sample) / len(sample)
        back = sum(len(pickle.dumps(r)) for r in process_items(sample)) / len(sample)  # type: ignore[arg-type]
        # (a list of results per item here, a result per item before: the same bytes give or take a few)
        print(
            f"pickled per record: sent to a worker {sent / 1024:.1f} KiB (parent-read), sent back {back / 1024:.1f} "
            f"KiB (ratio {sent / back:.1f}x); a shard is sent as ~100 bytes"
        )
        modes = [("parent-read", size + 1), (f"shards of {args.shard_mb:g} MiB", int(args.shard_mb * 2**20))]
        from flashpoint import runner

        print(f"flashpoint from {Path(runner.__file__).parents[1]}")
        if not hasattr(runner, "Shard") or (args.format == "jsonl" and not hasattr(runner, "SHARDED")):
            modes = modes[:1]  # an older flashpoint: the parent reads every file of this format
        for label, shard in modes:
            for store in (False, True):
                db = str(Path(tmp) / f"s{shard}.db") if store else None
                cpu, wall, n = run(path, shard, args.workers, db)
                print(
                    f"{label:>18} {'store' if store else 'no store':>8}: {n} records, parent CPU {cpu:.2f} s = "
                    f"{1000 * cpu / n:.2f} ms/record, wall {wall:.1f} s ({n / wall:.1f} records/s)"
                )


if __name__ == "__main__":
    main()
