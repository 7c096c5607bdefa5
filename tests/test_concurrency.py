"""Several `flashpoint ingest` processes writing one store at once (SQLite and PostgreSQL): every document is
stored once, none is lost, and the events are those one process ingesting everything would make."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
