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
from flashpoint.runner import InlineExecutor, PoolExecutor, Progress, plan, run_paths, run_tasks
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
