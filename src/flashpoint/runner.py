"""Running the pipeline over many documents: interchangeable executors, streaming, resumable ingest.

The stages are pure functions of one document (``pipeline.process_raw``); an executor only moves work to where
it runs and brings the results back **in input order**, so every executor gives the same results and, since the
parent writes them in that order, the same store:

- ``inline``: in this process, one document after another (debugging, small inputs).
- ``pool``: a local process pool, one worker per core (the default for batches).
- ``ray``: Ray actors on this machine or on a cluster (``--address``; ``pip install 'flashpoint[ray]'``).

Work moves in batches of ``batch_size`` documents, with at most two batches per worker in flight, so memory is
bounded by the batch size, not by the archive. A file is read by the worker that processes it (folders are read
in parallel). A WARC or (uncompressed) JSON Lines file larger than ``FLASHPOINT_SHARD_MB`` (16) is planned as
byte-range shards of that size, each a batch of its own that one worker reads and processes, returning its results
in record order: a WARC shard's bounds move forward to the next record start, as Hadoop's input splits do
(``ingest.warc.read_warc_shard``; the parent opens nothing of the file), a JSON Lines file is cut at line starts
by the parent, which counts the lines once so that each record keeps its ``FILE#L<line>`` name
(``ingest.jsonl.line_shards``, ``read_jsonl_shard``). The records of smaller containers, gzipped JSON Lines and
feeds are read by the parent and shipped to the workers in batches. Results go back without the raw input (the store keeps
the cleaned text and the offset map).

Workers never write. The parent writes each result through ``Store.add`` (one transaction per document) and,
after each batch, records the input files it finished in ``ingest_sources`` with their size and modification
time (a shard as ``FILE#bytes=START-STOP``, with ``records:N|REASON:M`` for the records and refusals it
gave). A run started again skips those files, shards (unread) and container records before processing them; a
file changed since is read again. What was written but not yet recorded is found by its content hash (``already stored``):
an interrupted run resumed gives the same store as an uninterrupted one.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from flashpoint.errors import FlashpointError
from flashpoint.ingest.files import (
    CONTAINERS,
    Refusal,
    discover,
    media_type_of,
    read_document,
    read_on,
    read_path,
)
from flashpoint.pipeline import is_url, process_safely, refused
from flashpoint.records import DocumentResult, RawDocument
from flashpoint.store import AddOutcome, Store

EXECUTORS = ("inline", "pool", "ray")
DEFAULT_BATCH = 16
POOL_THRESHOLD = 24  # fewer input files than this: the pool's start-up (about 2 s per worker) is not worth it

SHARD_MB = 16  # a WARC or JSON Lines file larger than this is read by the workers, in shards of this size
SHARDED = frozenset({"application/warc", "application/jsonl"})


@dataclass(frozen=True, slots=True)
class Shard:
    """The records of a WARC or JSON Lines file that start in the byte range [``start``, ``stop``), read by a
    worker (``ingest.warc.read_warc_shard``, ``ingest.jsonl.read_jsonl_shard``); ``source`` is the file as the
    user named it, ``path`` as the worker opens it (absolute); ``first_line`` the number of a JSON Lines shard's
    first line."""

    source: str
    path: str
    start: int
    stop: int
    first_line: int = 0

    @property
    def name(self) -> str:  # its row in ingest_sources
        return f"{self.source}#bytes={self.start}-{self.stop}"


# what a worker is given: a document the parent read, a refusal to pass through, (source, path) of a file to
# read, or a shard of a WARC file to read
Item = RawDocument | Refusal | tuple[str, str] | Shard


def shard_bytes() -> int:
    """``FLASHPOINT_SHARD_MB`` (default 16; ``FLASHPOINT_WARC_SHARD_MB``, its earlier name, is read too) in bytes:
    the size of a shard, and the size from which a WARC or JSON Lines file is read by the workers rather than by
    the parent."""
    raw = (os.environ.get("FLASHPOINT_SHARD_MB") or os.environ.get("FLASHPOINT_WARC_SHARD_MB") or "").strip()
    try:
        value = float(raw) if raw else SHARD_MB
    except ValueError:
        value = SHARD_MB
    return int((value if value > 0 else SHARD_MB) * 1024 * 1024)


class ExecutorError(FlashpointError):
    pass


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------------------------------------
# the work: what a worker does with one batch


def process_items(items: list[Item]) -> list[list[DocumentResult]]:
    """Read (where the item is a file or a shard) and process each item; the results of each item (one, or one
    per document and refusal of a shard), in order."""
    from flashpoint.geo.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()  # loaded once per process
    out: list[list[DocumentResult]] = []
    for item in items:
        if isinstance(item, Shard):
            out.append([_process(doc, gazetteer) for doc in _read_shard(item)])
            continue
        if isinstance(item, tuple):
            source, path = item
            read = read_document(Path(path))
            item = replace(read, source=source)  # named as the user reached it, not by the absolute path
        out.append([_process(item, gazetteer)])
    return out


def _process(item: RawDocument | Refusal, gazetteer: Any) -> DocumentResult:
    """One document's result as it goes back to the parent: without the raw (decoded) input, which the store does
    not keep (it keeps the cleaned text and the offset map into the raw input), so that a result costs its
    cleaned text and events (~9 KiB pickled for a 166 KiB page), not the page again."""
    result = refused(item) if isinstance(item, Refusal) else process_safely(item, gazetteer, places=False)
    if result.article is not None and result.article.raw_text:
        result = replace(result, article=replace(result.article, raw_text=""))
    return result


def _read_shard(shard: Shard) -> Iterator[RawDocument | Refusal]:
    path = Path(shard.path)
    records: Iterator[RawDocument | Refusal]
    if media_type_of(path) == "application/jsonl":
        from flashpoint.ingest.jsonl import read_jsonl_shard

        records = read_jsonl_shard(path, shard.source, shard.start, shard.stop, shard.first_line)
    else:
        from flashpoint.ingest.warc import read_warc_shard

        records = read_warc_shard(path, shard.source, shard.start, shard.stop)
    return read_on(records, shard.name)


def _warm_worker(languages: tuple[str, ...] = ()) -> None:
    """Load the gazetteer and the English pipeline before the first batch, so start-up is not billed to it; the
    other languages load when their first document comes (spaCy's French tokenizer takes seconds to build), or
    here when ``languages`` names them."""
    from flashpoint.extract.sentences import _nlp

    for lang in languages:
        _nlp(lang)
    process_items([RawDocument("warm-up", b"Shelling killed 3 people in Kharkiv on 3 May 2022.", "text/plain")])


def _pool_worker() -> None:
    """A pool worker leaves Ctrl-C to the parent, which stops handing out batches and shuts the pool down."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_worker()


# --------------------------------------------------------------------------------------------------------
# executors


@dataclass(slots=True)
class Batch:
    tasks: list[Task]


class Executor(Protocol):
    name: str
    workers: int

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[list[DocumentResult]]]]: ...

    def close(self) -> None: ...


def _ordered(
    batches: Iterable[Batch],
    submit: Callable[[list[Item]], Any],
    collect: Callable[[Any], list[list[DocumentResult]]],
    window: int,
) -> Iterator[tuple[Batch, list[list[DocumentResult]]]]:
    """Submit batches keeping at most ``window`` in flight; yield their results in submission order."""
    pending: deque[tuple[Batch, Any]] = deque()
    for batch in batches:
        pending.append((batch, submit([t.item for t in batch.tasks]) if batch.tasks else None))
        if len(pending) >= window:
            done, handle = pending.popleft()
            yield done, collect(handle) if handle is not None else []
    while pending:
        done, handle = pending.popleft()
        yield done, collect(handle) if handle is not None else []


class InlineExecutor:
    name = "inline"
    workers = 1

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[list[DocumentResult]]]]:
        for batch in batches:
            yield batch, process_items([t.item for t in batch.tasks])

    def close(self) -> None:
        pass


class PoolExecutor:
    """A local process pool (``spawn``: workers share nothing with the parent but the files they read)."""

    name = "pool"

    def __init__(self, workers: int | None = None) -> None:
        import multiprocessing

        self.workers = workers or cpu_count()
        self._context = multiprocessing.get_context("spawn")
        self._pool: ProcessPoolExecutor | None = None  # started with the first batch that has work

    def _submit(self, items: list[Item]) -> Any:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=_pool_worker)
        return self._pool.submit(process_items, items)

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[list[DocumentResult]]]]:
        return _ordered(batches, self._submit, lambda f: f.result(), 2 * self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class _RayWorker:
    """One Ray actor: a process with the gazetteer loaded, processing batches."""

    def __init__(self) -> None:
        _warm_worker()

    def process(self, items: list[Item]) -> list[list[DocumentResult]]:
        return process_items(items)


class RayExecutor:
    """Ray actors, one per CPU of the cluster (or ``workers``). Without ``address`` Ray starts on this machine;
    with one (``auto`` on a node of the cluster, ``HOST:6379``, or ``ray://HOST:10001`` with Ray Client) it joins
    that cluster, whose nodes must have flashpoint installed
    and see the input files at the same paths (a shared filesystem)."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ExecutorError(
                "--executor ray needs Ray", hint="pip install 'flashpoint[ray]' (or use --executor pool)"
            ) from exc
        self._ray: Any = ray  # untyped for mypy: Ray's stubs are partial
        ray = self._ray
        self._started = False
        if not ray.is_initialized():
            try:
                if address:
                    ray.init(address=address, include_dashboard=False, log_to_driver=False)
                else:
                    ray.init(num_cpus=workers or cpu_count(), include_dashboard=False, log_to_driver=False)
            except Exception as exc:  # ConnectionError, RuntimeError, ...: Ray's own errors vary by version
                client = bool(address) and str(address).startswith("ray://")
                raise ExecutorError(
                    f"cannot start or reach Ray{f' at {address!r}' if address else ''}: {exc}",
                    hint="a ray:// address needs Ray Client: pip install 'ray[client]', or run on a node of the "
                    "cluster with --address auto"
                    if client and "Client" in str(exc)
                    else "check --address (auto on a node of the cluster, HOST:6379, or ray://HOST:10001) and that "
                    "the cluster is up (`ray status`)",
                ) from exc
            self._started = True
        self.workers = workers or max(1, int(self._ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(_RayWorker)
        self._actors: list[Any] = [actor.remote() for _ in range(self.workers)]
        self._next = 0

    def _submit(self, items: list[Item]) -> Any:
        actor = self._actors[self._next % len(self._actors)]
        self._next += 1
        return actor.process.remote(items)

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, list[list[DocumentResult]]]]:
        return _ordered(batches, self._submit, self._ray.get, 2 * self.workers)

    def close(self) -> None:
        for a in self._actors:
            self._ray.kill(a)
        self._actors = []
        if self._started:
            self._ray.shutdown()


def make_executor(name: str, workers: int | None = None, address: str | None = None) -> Executor:
    if name == "inline":
        return InlineExecutor()
    if name == "pool":
        return PoolExecutor(workers)
    if name == "ray":
        return RayExecutor(workers, address)
    raise ExecutorError(f"unknown executor {name!r}", hint=f"use one of: {', '.join(EXECUTORS)}")


# --------------------------------------------------------------------------------------------------------
# planning: every document under the inputs, in a stable order


@dataclass(slots=True)
class Task:
    item: Item
    source: str
    fingerprint: str | None = None  # size:mtime of the file it comes from; None for URLs (never skipped)
    ends_input: bool = True  # the last document of its input file (the progress bar counts files)


def file_fingerprint(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def plan(paths: Iterable[str], shard_size: int | None = None) -> Iterator[Task]:
    """A task per document under ``paths``, in the order ``pipeline.run`` reads them; a WARC or JSON Lines file
    larger than ``shard_size`` (default ``shard_bytes()``) is a task per shard of that size, read by the worker."""
    shard_size = shard_size or shard_bytes()
    for given in paths:
        if is_url(given):
            from flashpoint.pipeline import read_inputs

            for doc in read_inputs([given]):
                yield Task(doc, doc.source)
            continue
        for found in discover([given]):
            if isinstance(found, Refusal):
                yield Task(found, found.source)
                continue
            fp = file_fingerprint(found)
            media = media_type_of(found)
            if media not in CONTAINERS:
                yield Task((str(found), str(found.resolve())), str(found), fp)
                continue
            shards = _shards(found, _sharded_size(found, fp, shard_size), shard_size)
            if shards:
                for n, shard in enumerate(shards, start=1):
                    yield Task(shard, shard.name, fp, ends_input=n == len(shards))
                continue
            previous: Task | None = None
            for record in read_path(found):
                if previous is not None:
                    yield previous
                previous = Task(record, record.source, fp, ends_input=False)
            if previous is not None:
                previous.ends_input = True
                yield previous


def _shards(found: Path, size: int, shard_size: int) -> list[Shard]:
    """The shards of a file ``_sharded_size`` says is read by the workers (none when ``size`` is 0): a WARC's by
    bytes alone (its reader finds the record starts), a JSON Lines file's at line starts, with their first lines'
    numbers; none for a JSON Lines file that looks binary or cannot be read (the parent's reader refuses it, once,
    naming the file)."""
    if not size:
        return []
    where = str(found.resolve())
    if media_type_of(found) == "application/warc":
        return [Shard(str(found), where, a, min(a + shard_size, size)) for a in range(0, size, shard_size)]
    from flashpoint.ingest.files import looks_binary
    from flashpoint.ingest.jsonl import line_shards

    try:
        with found.open("rb") as fh:
            if looks_binary(fh.read(8192)):
                return []
            cuts = line_shards(fh, shard_size)
    except OSError:
        return []
    return [Shard(str(found), where, a, b, first) for a, b, first in cuts]


def batched(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    batch: list[Task] = []
    for task in tasks:
        if isinstance(task.item, Shard):  # a shard is a batch of its own
            if batch:
                yield batch
                batch = []
            yield [task]
            continue
        batch.append(task)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------------------------------------
# running


@dataclass(slots=True)
class Done:
    """One document's outcome, in input order: its result, and when ingesting, what the store did with it."""

    task: Task
    result: DocumentResult | None  # None: skipped, its file was ingested by an earlier run (a refusal of a skipped
    # shard comes again as a refusal with its code, from the shard's row)
    outcome: AddOutcome | None = None


@dataclass(slots=True)
class Progress:
    """Counts for a progress display: input files done (of ``total`` when known), documents, rate and ETA."""

    total: int | None = None
    inputs: int = 0
    documents: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.documents / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        elapsed = time.monotonic() - self.started
        if not self.total or not self.inputs or elapsed <= 0:
            return None
        return elapsed / self.inputs * (self.total - self.inputs)

    def line(self) -> str:
        eta = self.eta()
        of = f"/{self.total}" if self.total else ""
        left = f", ETA {_duration(eta)}" if eta is not None else ""
        return f"{self.inputs}{of} inputs, {self.documents} documents, {self.rate():.1f} docs/s{left}"


def _duration(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}h{s // 60 % 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def choose_executor(name: str | None, paths: list[str], workers: int | None, shard_size: int | None = None) -> str:
    """``--executor`` as given, else the pool for a batch worth it (and more than one core): ``POOL_THRESHOLD``
    input files, or a WARC or JSON Lines file of more than one shard (hundreds of pages); else inline."""
    if name:
        return name
    if (workers or cpu_count()) < 2:
        return "inline"
    from flashpoint.pipeline import count_inputs

    if count_inputs(paths) >= POOL_THRESHOLD:
        return "pool"
    shard_size = shard_size or shard_bytes()
    for found in discover([p for p in paths if not is_url(p)]):
        if isinstance(found, Path) and _sharded_size(found, file_fingerprint(found), shard_size):
            return "pool"
    return "inline"


def _sharded_size(found: Path, fingerprint: str | None, shard_size: int) -> int:
    """The size of ``found`` (from its ``file_fingerprint``, ``SIZE:MTIME``) when it is a WARC or uncompressed
    JSON Lines file read by the workers in shards, being larger than ``shard_size``; else 0."""
    size = int(fingerprint.split(":")[0]) if fingerprint else 0
    media = media_type_of(found)
    if media not in SHARDED or (media == "application/jsonl" and found.name.lower().endswith(".gz")):
        return 0
    return size if size > shard_size and found.is_file() else 0


def run_tasks(
    tasks: Iterable[Task],
    executor: Executor,
    batch_size: int = DEFAULT_BATCH,
    store: Store | None = None,
    progress: Progress | None = None,
) -> Iterator[Done]:
    """Process ``tasks`` with ``executor``; with a ``store``, skip what earlier runs finished, write each result
    (in input order) and record each finished input file. Yields one ``Done`` per task, in order."""
    from flashpoint.store import progress as checkpoint

    progress = progress or Progress()

    def batches() -> Iterator[Batch]:
        for chunk in batched(tasks, batch_size):
            yield Batch(chunk)

    def still_to_do(chunk: Batch) -> tuple[Batch, list[tuple[Task, list[DocumentResult | None]]]]:
        if store is None:
            return chunk, []
        done = checkpoint.finished_rows(store, [(t.source, t.fingerprint) for t in chunk.tasks if t.fingerprint])
        todo = [t for t in chunk.tasks if (t.source, t.fingerprint) not in done]
        skip = [
            (t, _standing_for(t, done[t.source, t.fingerprint]))
            for t in chunk.tasks
            if (t.source, t.fingerprint) in done
        ]
        return Batch(todo), skip

    skipped: deque[list[tuple[Task, list[DocumentResult | None]]]] = deque()

    def to_submit() -> Iterator[Batch]:
        for chunk in batches():
            todo, skip = still_to_do(chunk)
            skipped.append(skip)
            yield todo

    for batch, results in executor.map(to_submit()):
        for task, stands in skipped.popleft():  # skipped tasks of this batch come first: they need no work
            for i, earlier in enumerate(stands):  # a shard: one Done per document (or refusal) it gave
                progress.documents += 1
                progress.inputs += task.ends_input and i == len(stands) - 1
                yield Done(task, earlier)
            if not stands:
                progress.inputs += task.ends_input
        finished: list[tuple[str, str, str | None]] = []
        for task, group in zip(batch.tasks, results, strict=True):
            shard = task.item if isinstance(task.item, Shard) else None
            for i, result in enumerate(group):
                last = i == len(group) - 1
                own = task if shard is None else Task(shard, result.source, task.fingerprint, task.ends_input and last)
                outcome = store.add(result) if store is not None and result.ok else None
                if store is not None and result.ok and own.fingerprint and result.article is not None:
                    finished.append((own.source, own.fingerprint, result.article.content_hash))
                progress.documents += 1
                progress.inputs += own.ends_input
                yield Done(own, result, outcome)
            if shard is not None:
                if not group:
                    progress.inputs += task.ends_input
                summary = _shard_summary(group)
                if task.fingerprint and len(summary) <= 64:  # done once all its documents are written
                    finished.append((task.source, task.fingerprint, summary))
        if store is not None and finished:
            checkpoint.record(store, finished)


SHARD_RECORDS = "records:"  # a shard's row in ingest_sources: document_id = "records:N[|REASON:M...]"


def _shard_summary(results: list[DocumentResult]) -> str:
    """What a finished shard gave, for its row: ``records:N`` and its refusals by reason
    (``records:120|E111 bad-record:1``)."""
    codes = Counter((r.error or "").split(":")[0] for r in results if not r.ok)
    return "|".join([f"{SHARD_RECORDS}{len(results)}", *(f"{c}:{n}" for c, n in sorted(codes.items()))])


def _standing_for(task: Task, recorded: str | None) -> list[DocumentResult | None]:
    """What a skipped task stands for, a Done each: its document (None: stored by an earlier run); for a shard,
    its documents, and its refusals again, by code (the earlier run's report names the records), so that a run
    resumed counts and exits as one that read everything."""
    if not (isinstance(task.item, Shard) and recorded and recorded.startswith(SHARD_RECORDS)):
        return [None]
    total, *refusals = recorded.removeprefix(SHARD_RECORDS).split("|")
    out: list[DocumentResult | None] = []
    for part in refusals:
        code, n = part.rsplit(":", 1)
        why = f"{code}: refused when an earlier run read this shard of the file (its report names the records)"
        out += [DocumentResult(task.source, None, error=why)] * int(n)
    return [None] * (int(total) - len(out)) + out


def run_paths(
    paths: list[str],
    executor: str | None = None,
    workers: int | None = None,
    address: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    store: Store | None = None,
    progress: Progress | None = None,
    shard_size: int | None = None,
) -> Iterator[Done]:
    """``run_tasks`` over every document under ``paths`` with the chosen executor, closed at the end; a WARC or
    JSON Lines file larger than ``shard_size`` (default ``shard_bytes()``) is read by the workers, a shard each."""
    chosen = make_executor(choose_executor(executor, paths, workers, shard_size), workers, address)
    try:
        if chosen.name != "inline":  # a missing gazetteer is built once here, not by every worker at the same time
            from flashpoint.geo.build import default_path

            if not default_path().exists():
                from flashpoint.geo.gazetteer import default_gazetteer

                default_gazetteer()
        yield from run_tasks(plan(paths, shard_size), chosen, batch_size, store, progress)
    finally:
        chosen.close()
