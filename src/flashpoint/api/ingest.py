"""Ingest over HTTP: a posted text, a fetched URL (a page or a feed) or an uploaded file, through the same
pipeline and the same write path as ``flashpoint ingest`` (a ``SharedStore`` serializes concurrent writers)."""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fastapi import UploadFile
from starlette.exceptions import HTTPException

from flashpoint.api.models import TextIn
from flashpoint.ingest.files import MAX_BYTES, Refusal, media_type_of
from flashpoint.ingest.http import Fetcher
from flashpoint.pipeline import process_safely, refused, run
from flashpoint.records import DocumentResult, RawDocument
from flashpoint.store import Store

_PAGE_TYPES = {"text/html": "text/html", "application/xhtml+xml": "text/html", "text/plain": "text/plain",
               "text/markdown": "text/markdown", "application/pdf": "application/pdf"}  # fmt: skip
_PIECE = 1024 * 1024
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


def _gazetteer() -> Any:
    from flashpoint.geo.gazetteer import default_gazetteer

    return default_gazetteer()


def _store_all(store: Store, results: Iterable[DocumentResult]) -> dict[str, Any]:
    out = []
    for result in results:
        if not result.ok or result.article is None:
            out.append({"source": result.source, "stored": False, "error": result.error})
            continue
        outcome = store.add(result)
        out.append(
            {
                "source": result.source,
                "document_id": result.article.content_hash,
                "stored": outcome.stored,
                "duplicate_of": outcome.duplicate_of,
                "events_added": outcome.events_added,
                "events_merged": outcome.events_merged,
            }
        )
    return {"documents": out}


def ingest_text(store: Store, body: TextIn) -> dict[str, Any]:
    source = body.source or f"text:{hashlib.sha256(body.text.encode()).hexdigest()[:12]}"
    raw = RawDocument(
        source, body.text.encode(), "text/plain", url=body.url, title=body.title, published=body.published
    )
    return _store_all(store, [process_safely(raw, _gazetteer(), places=False)])


def fetcher() -> Callable[[], Fetcher]:
    """How the API fetches pages (a dependency, so tests swap in a fake transport)."""
    return Fetcher


def _fetched(url: str, make: Callable[[], Fetcher]) -> Iterator[DocumentResult]:
    from flashpoint.ingest.feeds import read_feed_file

    gaz = _gazetteer()
    with make() as http:
        got = http.get(url)
        if isinstance(got, Refusal):
            yield refused(got)
            return
        kind = got.content_type.split(";")[0].strip().lower()
        if kind in _FEED_TYPES or got.data.lstrip()[:200].lower().startswith((b"<?xml", b"<rss", b"<feed")):
            for item in read_feed_file(RawDocument(url, got.data, "application/rss+xml", url=got.url), http):
                yield refused(item) if isinstance(item, Refusal) else process_safely(item, gaz, places=False)
            return
        media = _PAGE_TYPES.get(kind)
        if media is None:
            yield DocumentResult(url, None, error=f"E105 unsupported: the page is {kind or 'of no type'}; "
                                 "send HTML, text, PDF or an RSS/Atom feed")  # fmt: skip
            return
        yield process_safely(RawDocument(url, got.data, media, url=got.url), gaz, places=False)


def ingest_url(store: Store, url: str, make: Callable[[], Fetcher]) -> dict[str, Any]:
    return _store_all(store, _fetched(url, make))


def ingest_upload(store: Store, upload: UploadFile) -> dict[str, Any]:
    name = Path(upload.filename or "upload.txt").name or "upload.txt"
    if media_type_of(Path(name)) is None:
        raise HTTPException(422, f"cannot tell the format of {name!r} from its suffix; name it .txt, .md, .html, "
                            ".pdf, .jsonl, .warc, .rss or .atom (optionally .gz)")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="flashpoint-upload-") as tmp:
        path = Path(tmp) / name
        copied = 0
        with path.open("wb") as out:  # copied in 1 MiB pieces: a WARC or JSON Lines upload is then streamed
            while piece := upload.file.read(min(_PIECE, MAX_BYTES + 1 - copied)):
                copied += len(piece)
                if copied > MAX_BYTES:
                    raise HTTPException(413, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
                out.write(piece)
        prefix = str(Path(tmp)) + "/"

        def renamed(results: Iterable[DocumentResult]) -> Iterator[DocumentResult]:
            for r in results:
                yield dataclasses.replace(r, source="upload:" + r.source.removeprefix(prefix))

        return _store_all(store, renamed(run([str(path)], _gazetteer(), places=False)))
