"""The pipeline for one document: read → clean → extract → geo → link within the document.

Every stage is a function of its input record and read-only resources; this
module only wires them and turns a refused input into a ``DocumentResult``
with its reason, so a batch goes on past a bad document.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from flashpoint.clean import clean
from flashpoint.errors import INTERNAL, ResourceError
from flashpoint.extract.events import extract_mentions
from flashpoint.geo.gazetteer import Gazetteer, default_gazetteer
from flashpoint.ingest.files import Refusal, discover, read_document, read_path
from flashpoint.link.within import merge_document
from flashpoint.records import DocumentResult, RawDocument


def process_raw(raw: RawDocument, gazetteer: Gazetteer | None = None, *, places: bool = True) -> DocumentResult:
    """The document's events and places. ``places=False`` is for a store, which keeps places only with events: a
    document that tells no event then skips the geocoder (``extract_mentions``)."""
    article = clean(raw)
    if isinstance(article, Refusal):
        return refused(article)
    mentions, found = extract_mentions(article, gazetteer or default_gazetteer(), places=places)
    merged = merge_document(mentions)
    return DocumentResult(
        raw.source,
        article,
        tuple(m for m in merged if m.date is not None),
        tuple(found),
        undated=tuple(m for m in merged if m.date is None),
    )


def process_path(path: Path, gazetteer: Gazetteer | None = None) -> DocumentResult:
    raw = read_document(path)
    if isinstance(raw, Refusal):
        return refused(raw)
    return process_raw(raw, gazetteer)


def refused(item: Refusal) -> DocumentResult:
    return DocumentResult(item.source, None, error=f"{item.reason}: {item.message}")


def read_inputs(paths: Iterable[str]) -> Iterator[RawDocument | Refusal]:
    """Every document under ``paths``: files and folders, each record of a container file, and each
    item of a feed given by URL (its pages fetched politely; see ``ingest.http``)."""
    for given in paths:
        if is_url(given):
            from flashpoint.ingest.feeds import read_feed_url
            from flashpoint.ingest.http import Fetcher

            with Fetcher() as fetcher:
                yield from read_feed_url(given, fetcher)
            continue
        for item in discover([given]):
            if isinstance(item, Refusal):
                yield item
            else:
                yield from read_path(item)


def process_safely(raw: RawDocument, gazetteer: Gazetteer, *, places: bool = True) -> DocumentResult:
    """``process_raw``, with a bug met on this document reported as its error (E199) instead of ending the
    batch. A missing resource (gazetteer, data file) still stops everything: no document could succeed.
    FLASHPOINT_DEBUG=1 re-raises, for a traceback."""
    try:
        return process_raw(raw, gazetteer, places=places)
    except ResourceError:
        raise
    except Exception as exc:
        if os.environ.get("FLASHPOINT_DEBUG") == "1":
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return DocumentResult(
            raw.source,
            None,
            error=f"{INTERNAL}: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
            "this is a flashpoint bug, please report it with the file; FLASHPOINT_DEBUG=1 shows the traceback",
        )


def run(paths: Iterable[str], gazetteer: Gazetteer | None = None, *, places: bool = True) -> Iterator[DocumentResult]:
    """Results for every document under ``paths`` in a stable order; refused inputs, and documents that met a
    bug, come back with their error."""
    gaz = gazetteer or default_gazetteer()
    for item in read_inputs(paths):
        yield refused(item) if isinstance(item, Refusal) else process_safely(item, gaz, places=places)


def is_url(given: str) -> bool:
    return given.startswith(("http://", "https://"))


def count_inputs(paths: Iterable[str]) -> int:
    """Files and URLs to read (a container file counts once, whatever it holds): the progress bar's total."""
    return sum(1 if is_url(p) else sum(1 for _ in discover([p])) for p in paths)
