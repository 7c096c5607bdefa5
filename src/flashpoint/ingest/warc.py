"""WARC files (plain or gzipped, e.g. Common Crawl's CC-NEWS) → one HTML document per article response.

Read with warcio (Apache-2.0). Kept: ``response`` records with HTTP status 200
and an HTML content type; each becomes a document named ``FILE#<target URI>``
with the URI as its URL. Requests, metadata, images and redirects are skipped
without a word. A record that cannot be read (a cut header, a broken gzip
member, no WARC headers) is one ``E111 bad-record`` refusal naming its offset,
and a response whose payload is shorter than its Content-Length one naming its
URI; reading goes on at the next record.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from flashpoint import errors, limits
from flashpoint.ingest.files import Refusal
from flashpoint.records import RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _next_record(data: bytes, after: int, gzipped: bool) -> int:
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    found = data.find(marker, after)
    return found if found >= 0 else len(data)


def read_warc(container: RawDocument) -> Iterator[RawDocument | Refusal]:
    from warcio.archiveiterator import ArchiveIterator

    data = container.data
    gzipped = data[:2] == b"\x1f\x8b"
    pos = 0
    while pos < len(data):
        stream = ArchiveIterator(io.BytesIO(data[pos:]), check_digests=False)
        current, done, seen = 0, True, False  # the record in hand (offset from pos), read through?, any read?
        try:
            for record in stream:
                current, done, seen = stream.offset, False, True
                doc = _document(container, record, pos + current)
                if doc is not None:
                    yield doc
                done = True
            return
        except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib.error, ValueError... on broken records
            why = "".join(ch if ch.isprintable() and ord(ch) < 128 else "?" for ch in str(exc)[:80])
            if done and seen:
                # the record in hand was fine and the next one broke while being found: restart on it to name it
                pos = _next_record(data, pos + current + 1, gzipped)
                continue
            at = pos + current
            yield Refusal(
                f"{container.source}#offset={at}",
                errors.BAD_RECORD,
                f"broken WARC record ({type(exc).__name__}: {why}); skipped it, reading on from the next one",
            )
            pos = _next_record(data, at + 1, gzipped)


def _document(container: RawDocument, record: Any, offset: int) -> RawDocument | Refusal | None:
    if record.rec_type is None or record.length is None:
        return Refusal(
            f"{container.source}#offset={offset}",
            errors.BAD_RECORD,
            "broken WARC record (no WARC-Type or Content-Length header); skipped it, reading on",
        )
    if record.rec_type != "response" or record.http_headers is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"offset={offset}"
    status = record.http_headers.get_statuscode()
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or not ctype.startswith(_HTML_TYPES):
        return None
    cap = limits.max_document_bytes()
    body = record.content_stream().read(cap + 1)
    source = f"{container.source}#{uri}"
    if len(body) > cap:
        return Refusal(source, errors.TOO_LARGE, limits.document_too_large(len(body), "the record's page"))
    missing = getattr(record.raw_stream, "limit", 0)  # what the record's Content-Length promised and never came
    if missing:
        return Refusal(
            source,
            errors.BAD_RECORD,
            f"broken WARC record: cut short, {missing} of its {record.length} bytes missing; fetch or copy it again",
        )
    if not body.strip():
        return Refusal(source, errors.EMPTY, "the response has no body")
    return RawDocument(source, body, "text/html", url=uri)
