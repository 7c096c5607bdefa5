"""The runner: every executor writes the same store from the same input, and an interrupted run resumed
writes the same store as an uninterrupted one (docs/throughput.md)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from conftest import module_store, shared_path
from flashpoint.runner import InlineExecutor, PoolExecutor, Progress, Shard, choose_executor, plan, run_paths, run_tasks
from flashpoint.store import Store
from flashpoint.store.schema import documents, event_countries, events, ingest_sources, mentions

NEWS = 10  # news articles copied as files
GVA = 8  # gva articles as the records of one JSON Lines file


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of real articles (files) and a JSON Lines container of others (records the parent reads)."""
    news = sorted(shared_path("corpus", "news", "docs").glob("*.txt"))[:NEWS]
    gva = sorted(shared_path("corpus", "gva", "docs").glob("*.txt"))[:GVA]
    folder = tmp_path_factory.mktemp("inputs")
    for path in news:
        shutil.copy(path, folder / path.name)
    with (folder / "gva.jsonl").open("w", encoding="utf-8") as fh:
        for path in gva:
            fh.write(json.dumps({"url": f"https://example.org/{path.stem}", "text": path.read_text()}) + "\n")
    return folder


def dump(url: str) -> dict[str, Any]:
    """The store's content, without the ingest time."""
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            docs = [
                {k: v for k, v in row._mapping.items() if k != "ingested_at"}
                for row in conn.execute(select(documents).order_by(documents.c.id))
            ]
            return {
                "documents": docs,
                "mentions": [dict(r._mapping) for r in conn.execute(select(mentions).order_by(mentions.c.id))],
                "events": [dict(r._mapping) for r in conn.execute(select(events).order_by(events.c.id))],
                "countries": conn.execute(select(event_countries).order_by(*event_countries.c)).all(),
                "sources": conn.execute(select(ingest_sources).order_by(ingest_sources.c.key)).all(),
            }
    finally:
        store.engine.dispose()


def ingest(url: str, paths: list[str], executor: str, **kwargs: Any) -> list[Any]:
    store = Store(url)
    store.migrate()
    try:
        return list(run_paths(paths, executor, store=store, **kwargs))
    finally:
        store.engine.dispose()


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The store an in-process run writes."""
    folder = tmp_path_factory.mktemp("reference")
    with module_store("sqlite", folder) as url:
        done = ingest(url, [str(inputs)], "inline")
        assert len(done) == NEWS + GVA and all(d.result and d.result.ok for d in done)
        yield dump(url)


def test_reference_store_is_not_trivial(reference: dict[str, Any]) -> None:
    assert len(reference["documents"]) == NEWS + GVA
    assert len(reference["events"]) >= 10
    assert len(reference["sources"]) == NEWS + GVA  # every file and record is recorded as finished


def test_pool_writes_the_same_store(inputs: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    ingest(url, [str(inputs)], "pool", workers=2, batch_size=3)
    assert dump(url) == reference


def test_results_come_back_in_input_order(inputs: Path) -> None:
    tasks = list(plan([str(inputs)]))
    pool = PoolExecutor(2)
    try:
        sources = [d.result.source for d in run_tasks(tasks, pool, batch_size=2) if d.result]
    finally:
        pool.close()
    assert sources == [t.source for t in tasks]
    assert [t.ends_input for t in tasks].count(True) == NEWS + 1  # each file, and the container's last record


def test_interrupted_run_resumed_gives_the_same_store(inputs: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'resumed.db'}"
    store = Store(url)
    store.migrate()
    run = run_tasks(plan([str(inputs)]), InlineExecutor(), batch_size=4, store=store)
    for _ in range(9):  # stop in the middle of the third batch, as a Ctrl-C would
        next(run)
    run.close()
    store.engine.dispose()
    assert 0 < len(dump(url)["documents"]) < NEWS + GVA
    progress = Progress()
    done = ingest(url, [str(inputs)], "inline", batch_size=4, progress=progress)
    resumed = [d for d in done if d.result is None]
    assert len(resumed) == 8  # the two batches recorded as finished are not read again
    assert progress.documents == NEWS + GVA
    assert dump(url) == reference


def test_a_changed_file_is_read_again(inputs: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    url = f"sqlite:///{tmp_path / 'changed.db'}"
    ingest(url, [str(folder)], "inline")
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\n\nA protest was held in Yerevan on Monday.\n")
    again = ingest(url, [str(folder)], "inline")
    read = [d.task.source for d in again if d.result is not None]
    assert read == [str(first)]
    assert len(dump(url)["documents"]) == NEWS + GVA + 1


def test_a_large_jsonl_is_read_by_the_workers_in_shards_named_by_line(inputs: Path, tmp_path: Path) -> None:
    """A JSON Lines file over the shard size is cut at line starts and read by the pool's workers a shard each;
    its records keep their ``FILE#L<n>`` names, a bad line in the middle is one E111 naming its line, and the store
    is the one the parent's reading writes, but for the finished-input rows (shards instead of records)."""
    folder = tmp_path / "in"
    shutil.copytree(inputs, folder)
    container = folder / "gva.jsonl"
    lines = container.read_text().splitlines()
    container.write_text("\n".join([*lines[:4], '{"text": 7}', *lines[4:]]) + "\n")
    shard = container.stat().st_size // 3
    tasks = list(plan([str(folder)], shard_size=shard))
    shards = [t.item for t in tasks if isinstance(t.item, Shard)]
    assert len(shards) == 3 and [s.first_line for s in shards][0] == 1 and shards[-1].stop == container.stat().st_size
    parent, workers = f"sqlite:///{tmp_path / 'parent.db'}", f"sqlite:///{tmp_path / 'workers.db'}"
    read = ingest(parent, [str(folder)], "inline")
    sharded = ingest(workers, [str(folder)], "pool", workers=2, batch_size=3, shard_size=shard)
    assert [(d.result.source, d.result.error) for d in sharded] == [(d.result.source, d.result.error) for d in read]
    assert [d.result.error.split(":")[0] for d in read if d.result.error] == ["E111 bad-record"]
    assert f"{container}#L5" in {d.result.source for d in read if d.result.error}
    one, other = dump(parent), dump(workers)
    assert {k: v for k, v in one.items() if k != "sources"} == {k: v for k, v in other.items() if k != "sources"}
    assert sum("#bytes=" in row.source for row in other["sources"]) == 3


def test_ray_writes_the_same_store_into_postgresql(inputs: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    try:
        import ray
    except ImportError:
        if os.environ.get("FLASHPOINT_REQUIRE_RAY") == "1":
            pytest.fail("ray is not importable and FLASHPOINT_REQUIRE_RAY=1: pip install -e '.[ray]'")
        pytest.skip("ray is not installed (pip install -e '.[ray]'); FLASHPOINT_REQUIRE_RAY=1 makes this a failure")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with module_store("postgresql", tmp_path) as url:
            ingest(url, [str(inputs)], "ray", workers=2, batch_size=3)
            assert dump(url) == reference
    finally:
        ray.shutdown()


# -- a large WARC, read by the workers a shard at a time ---------------------------------------------------

PAGES = 16  # real pages of corpus/html as the responses of one gzipped WARC, a broken record among them
BROKEN_AFTER = 9  # responses before the broken record


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """A folder with a text file and a gzipped WARC (CC-NEWS style: a request and a response a page, a cut
    record in the middle); returns the folder, the broken record's offset and a shard size that puts it in the
    middle of the second of several shards."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted(shared_path("corpus", "html", "docs").glob("*.html.gz"))[:PAGES]
    folder = tmp_path_factory.mktemp("crawl")
    shutil.copy(sorted(shared_path("corpus", "news", "docs").glob("*.txt"))[0], folder / "a.txt")
    broken = 0
    with (folder / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "flashpoint tests"}))
        for n, page in enumerate(pages):
            url = f"https://news.example.org/{page.name.split('.')[0]}"
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            payload = io.BytesIO(gzip.decompress(page.read_bytes()))
            writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=headers))
            if n + 1 == BROKEN_AFTER:
                broken = out.tell()
                junk = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ncut short"
                out.write(gzip.compress(junk)[:-12])
    return folder, broken, broken * 2 // 3


@pytest.fixture(scope="module")
def crawl_reference(
    crawl: tuple[Path, int, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, Any], list[Any]]]:
    folder, _, shard = crawl
    with module_store("sqlite", tmp_path_factory.mktemp("crawl-reference")) as url:
        done = ingest(url, [str(folder)], "inline", shard_size=shard)
        yield dump(url), done


def test_a_large_warc_is_planned_as_shards_for_the_workers(crawl: tuple[Path, int, int]) -> None:
    folder, _, shard = crawl
    tasks = list(plan([str(folder)], shard_size=shard))
    size = (folder / "crawl.warc.gz").stat().st_size
    assert [type(t.item).__name__ for t in tasks] == ["tuple"] + ["Shard"] * -(-size // shard)
    assert [t.ends_input for t in tasks] == [True] + [False] * (len(tasks) - 2) + [True]
    assert [t.item for t in plan([str(folder)], shard_size=size)][1].__class__.__name__ == "RawDocument"  # parent-read
    assert choose_executor(None, [str(folder)], 2, shard) == "pool"  # two files, but hundreds of pages
    assert choose_executor(None, [str(folder)], 2, size) == "inline"


def test_a_broken_record_in_a_shard_is_one_refusal_and_the_shard_reads_on(
    crawl: tuple[Path, int, int], crawl_reference: tuple[dict[str, Any], list[Any]]
) -> None:
    folder, broken, shard = crawl
    store, done = crawl_reference
    warc = str(folder / "crawl.warc.gz")
    refused = [d.result.source for d in done if not d.result.ok]
    assert refused == [f"{warc}#offset={broken}"]
    assert shard < broken < 2 * shard  # in the middle of the second shard, which also holds the pages around it
    second = [d.result.source for d in done if d.task.item.__class__.__name__ == "Shard" and d.task.item.start == shard]
    assert second.index(refused[0]) not in (0, len(second) - 1)
    assert len(store["documents"]) == 1 + PAGES  # every page, those after the broken record too
    assert [d.task.source for d in done][1:] == [
        f"{warc}#https://news.example.org/{p}" for p in _page_ids()[:BROKEN_AFTER]
    ] + [refused[0]] + [f"{warc}#https://news.example.org/{p}" for p in _page_ids()[BROKEN_AFTER:]]
    size = Path(warc).stat().st_size
    shards = [s.source for s in store["sources"] if "#bytes=" in s.source]
    assert len(shards) == -(-size // shard)  # each shard recorded as finished


def _page_ids() -> list[str]:
    return [p.name.split(".")[0] for p in sorted(shared_path("corpus", "html", "docs").glob("*.html.gz"))[:PAGES]]


def test_pool_reads_the_shards_and_writes_the_same_store(
    crawl: tuple[Path, int, int], crawl_reference: tuple[dict[str, Any], list[Any]], tmp_path: Path
) -> None:
    folder, _, shard = crawl
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    ingest(url, [str(folder)], "pool", workers=2, batch_size=2, shard_size=shard)
    assert dump(url) == crawl_reference[0]


def test_an_interrupted_sharded_run_resumed_gives_the_same_store(
    crawl: tuple[Path, int, int], crawl_reference: tuple[dict[str, Any], list[Any]], tmp_path: Path
) -> None:
    """Stopped inside the third shard: the first two are skipped unread (each stands for its documents in the
    counts, and its refusal, the broken record of the second, is reported again by code), the third is read
    again and what it had written is found stored by content hash."""
    folder, _, shard = crawl
    url = f"sqlite:///{tmp_path / 'resumed.db'}"
    store = Store(url)
    store.migrate()
    run = run_tasks(plan([str(folder)], shard_size=shard), InlineExecutor(), store=store)
    seen = 0
    for d in run:  # stop after the first document of the third shard was written, as a Ctrl-C would
        seen += 1
        if isinstance(d.task.item, Shard) and d.task.item.start == 2 * shard:
            break
    run.close()
    store.engine.dispose()
    assert 0 < len(dump(url)["documents"]) < 1 + PAGES
    progress = Progress()
    done = ingest(url, [str(folder)], "inline", progress=progress, shard_size=shard)
    skipped = [d for d in done if d.result is None]
    assert 0 < len(skipped) == seen - 2  # the text file and the first two shards' documents, not read again
    again = [d.result.error for d in done if d.result is not None and not d.result.ok]  # the refusal, from its row
    assert again == [
        "E111 bad-record: refused when an earlier run read this shard of the file (its report names the records)"
    ]
    assert any(d.outcome is not None and not d.outcome.stored for d in done)  # found stored: written before the stop
    assert progress.documents == len(crawl_reference[1]) and progress.inputs == 2
    assert dump(url) == crawl_reference[0]


def test_ray_reads_the_shards_and_writes_the_same_store_into_postgresql(
    crawl: tuple[Path, int, int], crawl_reference: tuple[dict[str, Any], list[Any]], tmp_path: Path
) -> None:
    ray = _ray()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with module_store("postgresql", tmp_path) as url:
            ingest(url, [str(crawl[0])], "ray", workers=2, batch_size=2, shard_size=crawl[2])
            assert dump(url) == crawl_reference[0]
    finally:
        ray.shutdown()


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        if os.environ.get("FLASHPOINT_REQUIRE_RAY") == "1":
            pytest.fail("ray is not importable and FLASHPOINT_REQUIRE_RAY=1: pip install -e '.[ray]'")
        pytest.skip("ray is not installed (pip install -e '.[ray]'); FLASHPOINT_REQUIRE_RAY=1 makes this a failure")
    return ray
