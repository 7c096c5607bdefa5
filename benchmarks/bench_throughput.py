"""Throughput: per-stage and end-to-end articles/s and MB/s, peak memory per worker, and scaling from 1 to 2
workers, each against baselines measured in the same run (the machine may be busy: compare the ratios).

Run: .venv/bin/python benchmarks/bench_throughput.py [--scale N] [--workers W] [--profile] [--json OUT]

Corpora (read in place from ../shared/corpus): ``html`` (the 63 news pages of corpus/html) and ``text`` (the
.txt articles of corpus/news, gva and geo). Baselines on the same documents:

- floor: a bare read-and-tokenise pass (read the bytes, decode, split into words) - no pipeline can beat it;
- trafilatura alone: ``trafilatura.extract`` on the same HTML pages (flashpoint's cleaner calls it, then maps
  offsets, finds metadata and language, and the extractor and geocoder do the rest).

Stages (one core, in this process, after a warm-up; CPU seconds, see ``clock``): read, clean (trafilatura, offsets, metadata, language),
sentences, dates, geo (gazetteer recognition and resolution), the rest of extraction (triggers, figures, actors),
link within the document, and the store (``Store.add`` into a fresh SQLite file, linking included).

Scaling: ``--scale`` documents (default 2,000) built from all the dev documents repeated with a varying line (so
no two are the same text), processed by the local pool with 1 and with ``--workers`` (default 2) workers, each
pool started and warmed before the clock starts. Peak RSS is each worker's own (the gazetteer loaded).
``--profile`` adds a cProfile of the slowest stage (its top functions by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "corpus"
WORD = re.compile(r"\w+")
# In-process figures are CPU seconds of this process: on a busy machine (other jobs on the same cores) they stay
# close to what a quiet machine's wall clock would say, where wall time would count the waits for a core. The
# scaling figures are wall time (that is what more workers buy).
clock = time.process_time


def documents(kind: str) -> list[Any]:
    from flashpoint.ingest.files import Refusal, read_document

    folders = ["html"] if kind == "html" else ["news", "gva", "geo"]
    paths = [p for f in folders for p in sorted((CORPUS / f / "docs").iterdir()) if p.is_file()]
    if not paths:
        sys.exit(f"no documents under {CORPUS}: set FLASHPOINT_SHARED to the shared folder")
    docs = [read_document(p) for p in paths]
    return [d for d in docs if not isinstance(d, Refusal)]


class Stages:
    """Wall time per stage, by wrapping the functions the pipeline calls (a benchmark-only monkeypatch)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = clock()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += clock() - started

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def undo(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


def rate_row(name: str, n: int, mb: float, seconds: float, base: float | None = None) -> dict[str, Any]:
    row = {"stage": name, "docs": n, "seconds": round(seconds, 3), "docs_per_s": round(n / seconds, 1) if seconds else None,
           "mb_per_s": round(mb / seconds, 2) if seconds else None}  # fmt: skip
    if base:
        row["share"] = round(seconds / base, 3)
    return row


def floor_pass(docs: list[Any]) -> float:
    """Read-and-tokenise: the bytes from disk, decoded, split into words."""
    started = clock()
    for d in docs:
        data = Path(d.source).read_bytes()
        sum(1 for _ in WORD.finditer(data.decode("utf-8", "replace")))
    return clock() - started


def trafilatura_pass(docs: list[Any]) -> float:
    import trafilatura

    started = clock()
    for d in docs:
        trafilatura.extract(d.data.decode("utf-8", "replace"))
    return clock() - started


def pipeline_pass(
    docs: list[Any], stages: Stages | None = None, store_url: str | None = None, *, places: bool = False
) -> float:
    """Read, process and (with ``store_url``) store each document, one after another, in this process: as
    ``flashpoint ingest`` does (``places=False``: places only for documents that tell events), or as
    ``flashpoint extract`` does (``places=True``: every document's places, for its JSON)."""
    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.ingest.files import read_document
    from flashpoint.pipeline import process_raw
    from flashpoint.store import Store

    gazetteer = default_gazetteer()
    store = Store(store_url) if store_url else None
    if store:
        store.migrate()
    started = clock()
    for d in docs:
        t = clock()
        raw = read_document(Path(d.source))
        if stages:
            stages.seconds["read"] += clock() - t
        result = process_raw(raw, gazetteer, places=places)  # type: ignore[arg-type]
        if store and result.ok:
            t = clock()
            store.add(result)
            if stages:
                stages.seconds["store"] += clock() - t
    elapsed = clock() - started
    if store:
        store.engine.dispose()
    return elapsed


def instrumented(docs: list[Any]) -> tuple[float, dict[str, float]]:
    """The pipeline pass with each stage timed (the timers cost well under 1%)."""
    import flashpoint.extract.events as events
    import flashpoint.pipeline as pipeline
    from flashpoint.geo.gazetteer import Gazetteer

    stages = Stages()
    stages.wrap(pipeline, "clean", "clean")
    stages.wrap(pipeline, "extract_mentions", "extract (all)")
    stages.wrap(events, "split_sentences", "sentences")
    stages.wrap(events, "_resolved_dates", "dates")
    stages.wrap(events, "find_durations", "dates")
    stages.wrap(Gazetteer, "find_with_title", "geo")
    stages.wrap(pipeline, "merge_document", "link within")
    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as folder:
        try:
            total = pipeline_pass(docs, stages, f"sqlite:///{folder}/bench.db")
        finally:
            stages.undo()
    seconds = dict(stages.seconds)
    inner = sum(seconds.get(k, 0.0) for k in ("sentences", "dates", "geo"))
    seconds["extract (rest)"] = seconds.pop("extract (all)", 0.0) - inner
    return total, seconds


# -- workers ---------------------------------------------------------------------------------------------


def _worker_run(items: list[Any]) -> tuple[list[Any], float]:
    """Process a batch in a pool worker: its results (sent back, as the runner's are) and the CPU seconds."""
    from flashpoint.runner import process_items

    started = time.process_time()
    results = process_items(items)
    return results, time.process_time() - started


def _worker_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # MiB (Linux reports KiB)


def scaled(docs: list[Any], n: int) -> list[Any]:
    """``n`` documents from ``docs`` repeated, each copy with its own line so no two texts are the same."""
    from dataclasses import replace

    out = []
    for i in range(n):
        d = docs[i % len(docs)]
        line = f"Bulletin {i}: the desk filed this copy as number {i}."
        if d.media_type == "text/html":
            data = d.data.replace(b"</body>", f"<p>{line}</p></body>".encode(), 1)
        else:
            data = d.data + f"\n\n{line}\n".encode()
        out.append(replace(d, source=f"{d.source}#copy{i}", data=data))
    return out


def pool_throughput(items: list[Any], workers: int, batch: int) -> tuple[float, float, list[tuple[int, int]]]:
    """Wall seconds for the pool to process ``items`` (started and warmed before the clock), the workers' CPU
    seconds, and each worker's (pid, peak RSS in MiB)."""
    import multiprocessing

    from flashpoint.extract.sentences import SUPPORTED
    from flashpoint.runner import _warm_worker

    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_worker, initargs=(SUPPORTED,)
    ) as pool:
        list(pool.map(_worker_run, [items[:1]] * workers * 2))  # every worker started and warm
        chunks = [items[i : i + batch] for i in range(0, len(items), batch)]
        started, parent = time.perf_counter(), time.process_time()
        runs = list(pool.map(_worker_run, chunks))
        elapsed = time.perf_counter() - started
        parent_cpu = time.process_time() - parent
        assert sum(len(results) for results, _ in runs) == len(items)
        rss = sorted(set(pool.map(_worker_rss_after, range(workers * 4))))
    print(
        f"  {workers} worker(s): the parent (sending batches, receiving results) used {parent_cpu:.1f} CPU s",
        flush=True,
    )
    return elapsed, sum(cpu for _, cpu in runs), rss


def _worker_rss_after(_: int) -> tuple[int, int]:
    time.sleep(0.05)  # so that each worker takes some of these calls
    return os.getpid(), _worker_rss()


# -- report ----------------------------------------------------------------------------------------------


def profile_stage(docs: list[Any], top: int) -> str:
    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.pipeline import process_raw

    gazetteer = default_gazetteer()
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        process_raw(d, gazetteer, places=False)  # as ingest
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=2000, help="documents in the scaling batch (0: skip scaling)")
    ap.add_argument("--workers", type=int, default=2, help="workers to compare with one")
    ap.add_argument("--batch", type=int, default=16, help="documents per task in the pool")
    ap.add_argument("--scaling-only", action="store_true", help="skip the per-stage tables")
    ap.add_argument("--profile", action="store_true", help="cProfile the per-document work on the HTML pages")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args()

    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.pipeline import process_raw

    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    started_all = time.perf_counter()
    default_gazetteer()
    from flashpoint.extract.sentences import SUPPORTED
    from flashpoint.runner import _warm_worker

    _warm_worker(SUPPORTED)  # what a pool worker loads, and every language, before the clock starts
    corpora = {"html": documents("html"), "text": documents("text")}
    for docs in corpora.values():  # warm-up: lazy resources (spaCy per language and its vocabulary, wordfreq,
        for d in docs:  # regexes, SQLAlchemy's statement cache): the steady state of a long run is what counts
            process_raw(d, default_gazetteer())

    for kind, docs in corpora.items():
        if args.scaling_only:
            break
        mb = sum(len(d.data) for d in docs) / 1e6
        floor = floor_pass(docs)
        total, stages = instrumented(docs)
        e2e = total - stages.get("store", 0.0)
        rows = [rate_row("floor: read + tokenise", len(docs), mb, floor)]
        if kind == "html":
            traf = trafilatura_pass(docs)
            rows.append(rate_row("baseline: trafilatura alone", len(docs), mb, traf))
        for stage in ("read", "clean", "sentences", "dates", "geo", "extract (rest)", "link within", "store"):
            rows.append(rate_row(f"stage: {stage}", len(docs), mb, stages.get(stage, 0.0), total))
        rows.append(rate_row("flashpoint end to end (no store)", len(docs), mb, e2e))
        rows.append(rate_row("flashpoint end to end + store", len(docs), mb, total))
        rows.append(
            rate_row(
                "as `flashpoint extract` (every page's places, no store)",
                len(docs),
                mb,
                pipeline_pass(docs, places=True),
            )
        )
        ratios = {"end_to_end_vs_floor": round(floor / e2e, 4)}
        if kind == "html":
            ratios["end_to_end_vs_trafilatura"] = round(traf / e2e, 3)
        report[kind] = {"docs": len(docs), "mb": round(mb, 2), "rows": rows, "ratios": ratios}
        print(f"\n## {kind}: {len(docs)} documents, {mb:.2f} MB, one core\n")
        print(table(rows, ["stage", "docs_per_s", "mb_per_s", "seconds", "share"]))
        print("ratios: " + ", ".join(f"{k} {v}" for k, v in ratios.items()))

    if args.scale:
        items = scaled(corpora["html"] + corpora["text"], args.scale)
        one, cpu_one, rss_one = pool_throughput(items, 1, args.batch)
        many, cpu_many, rss_many = pool_throughput(items, args.workers, args.batch)
        # On a machine whose cores other jobs share, the workers get fewer cores than there are workers: the
        # cores they did get (CPU seconds / wall seconds) say so, and the CPU each document costs in either run
        # says whether running side by side added work. On idle cores the speed-up is then the projected one.
        cores_one, cores_many = cpu_one / one, cpu_many / many
        projected = args.workers * cpu_one / cpu_many
        report["scaling"] = {
            "docs": len(items),
            "one_worker_docs_per_s": round(len(items) / one, 1),
            f"{args.workers}_workers_docs_per_s": round(len(items) / many, 1),
            "speedup": round(one / many, 2),
            "cores_obtained": [round(cores_one, 2), round(cores_many, 2)],
            "cpu_ms_per_doc": [round(1000 * cpu_one / len(items), 1), round(1000 * cpu_many / len(items), 1)],
            "speedup_on_idle_cores": round(projected, 2),
            "peak_rss_mib_per_worker": max(r for _, r in rss_one + rss_many),
        }
        print(f"\n## scaling: {len(items)} documents (all dev documents repeated, each copy its own text)\n")
        print(
            table(
                [
                    {
                        "workers": 1,
                        "docs_per_s": round(len(items) / one, 1),
                        "cores_obtained": round(cores_one, 2),
                        "cpu_ms_per_doc": round(1000 * cpu_one / len(items), 1),
                    },
                    {
                        "workers": args.workers,
                        "docs_per_s": round(len(items) / many, 1),
                        "cores_obtained": round(cores_many, 2),
                        "cpu_ms_per_doc": round(1000 * cpu_many / len(items), 1),
                    },
                ],
                ["workers", "docs_per_s", "cores_obtained", "cpu_ms_per_doc"],
            )
        )
        print(
            f"speed-up {one / many:.2f}x measured; {projected:.2f}x on idle cores ({args.workers} x the CPU per "
            f"document alone / side by side); peak RSS per worker {report['scaling']['peak_rss_mib_per_worker']} MiB"
        )
    report["load_after"] = os.getloadavg()[0]
    report["seconds"] = round(time.perf_counter() - started_all, 1)
    print(f"\nload average {report['load_before']:.2f} before, {report['load_after']:.2f} after "
          f"({os.cpu_count()} CPUs); {report['seconds']} s in all")  # fmt: skip
    if args.profile:
        print("\n## profile: the per-document work on the HTML pages, by own time\n")
        print(profile_stage(corpora["html"], 25))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
