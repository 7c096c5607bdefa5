"""WARC read rate and memory: flashpoint's streaming reader against a bare warcio iteration of the same file.

Run: .venv/bin/python benchmarks/bench_warc.py [--mb 200] [--plain] [--json OUT]

Builds a gzipped WARC (``--plain``: uncompressed) of about ``--mb`` MB on disk in a temporary folder, like a
CC-NEWS file: a request and a response record for each of the 63 real news pages of shared/corpus/html, repeated
under new URLs until the size is reached. Then, each in a fresh process (so that its peak RSS is its own):

- baseline: ``warcio.ArchiveIterator`` over the open file, reading each HTML response's body (the least any
  reader of the file must do);
- flashpoint: ``ingest.files.read_path`` on the file (what ``flashpoint ingest`` and the runner's planner do:
  the same records, filtered, capped, named, broken records refused), counting the documents.

Reported: records/s (responses kept) and MB/s of the file on disk per CPU second of the reading process (steady
on a busy machine) and per wall second, and each process's peak RSS (its own start-up included; the start-up
alone is measured too, ``idle``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "corpus"

_MEASURE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
what, path = sys.argv[2], sys.argv[3]
start, cpu = time.monotonic(), time.process_time()
n = 0
if what == "warcio":
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response" and record.http_headers is not None:
                if (record.http_headers.get_header("Content-Type") or "").startswith("text/html"):
                    record.content_stream().read()
                    n += 1
elif what == "flashpoint":
    from pathlib import Path
    from flashpoint.ingest.files import Refusal, read_path
    for item in read_path(Path(path)):
        n += not isinstance(item, Refusal)
else:  # idle: the interpreter and the imports only
    import warcio.archiveiterator, flashpoint.ingest.files, flashpoint.ingest.warc
print(json.dumps({"records": n, "wall": time.monotonic() - start, "cpu": time.process_time() - cpu,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build(path: Path, mb: int, gzipped: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [gzip.decompress(p.read_bytes()) for p in sorted((CORPUS / "html" / "docs").glob("*.html.gz"))]
    n = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "flashpoint bench_warc"}))
        while out.tell() < mb * 1_000_000:
            url = f"https://news.example.org/{n}"
            page = pages[n % len(pages)]
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers)
            )
            n += 1
    return n


def measure(what: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(ROOT / "src"), what, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated WARC on disk, in MB")
    parser.add_argument("--plain", action="store_true", help="an uncompressed WARC (default: gzipped records)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-warc-") as tmp:
        path = Path(tmp) / ("news.warc" if args.plain else "news.warc.gz")
        started = time.monotonic()
        pages = build(path, args.mb, not args.plain)
        size = path.stat().st_size
        print(
            f"built {path.name}: {size / 1e6:.0f} MB on disk, {pages} responses, in {time.monotonic() - started:.0f} s"
        )
        measure("warcio", path)  # warm the page cache
        figures: dict[str, object] = {"file_mb": size / 1e6, "responses": pages, "gzipped": not args.plain}
        for what in ("idle", "warcio", "flashpoint"):
            got = measure(what, path)
            figures[what] = got
            if what == "idle":
                print(f"{'start-up only':<28} peak RSS {got['peak_rss_mib']:6.0f} MiB")
                continue
            assert got["records"] == pages, (what, got["records"], pages)
            print(
                f"{what + (' (baseline)' if what == 'warcio' else ''):<20} {got['records'] / got['cpu']:7.0f} records/s "
                f"{size / 1e6 / got['cpu']:6.1f} MB/s per CPU s ({got['cpu']:5.1f} s CPU; wall {got['wall']:5.1f} s: "
                f"{got['records'] / got['wall']:5.0f} records/s)  peak RSS {got['peak_rss_mib']:4.0f} MiB"
            )
        base, ours = figures["warcio"], figures["flashpoint"]
        print(f"flashpoint vs bare warcio: {base['cpu'] / ours['cpu']:.2f}x the rate (CPU)")  # type: ignore[index]
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
