"""WARC files (plain or gzipped, e.g. Common Crawl's CC-NEWS) → one HTML document per article response.

Read with warcio (Apache-2.0), one record at a time from the open file: a 1 GiB CC-NEWS file costs the memory of
its largest kept page (at most ``FLASHPOINT_MAX_DOCUMENT_MB``), never its own size. Kept: ``response`` records
with HTTP status 200 and an HTML content type; each becomes a document named ``FILE#<target URI>`` with the URI
as its URL. Requests, metadata, images and redirects are skipped without a word. A record that cannot be read (a
cut header, a broken gzip member, no WARC headers) is one ``E111 bad-record`` refusal naming its offset in the
file, and a response whose payload is shorter than its Content-Length one naming its URI; reading goes on at the
next record, found by scanning the file forward (in 1 MiB chunks) for the next gzip member or ``WARC/1.`` line.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from flashpoint import errors, limits
from flashpoint.ingest.files import Refusal
from flashpoint.records import RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1024 * 1024  # read this much at a time when scanning for the next record after a broken one


def _next_record(fh: IO[bytes], after: int, end: int, gzipped: bool) -> int:
    """The offset of the first record marker at or after ``after`` (``end`` when none), read forward in chunks."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    fh.seek(after)
    base, tail = after, b""
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return end
        window = tail + chunk
        found = window.find(marker)
        if found >= 0:
            return base - len(tail) + found
        tail = window[-(len(marker) - 1) :]
        base += len(chunk)


def read_warc(container: RawDocument) -> Iterator[RawDocument | Refusal]:
    """The documents of a WARC held in memory (an upload, a test); files are read by ``read_warc_file``."""
    yield from read_warc_stream(io.BytesIO(container.data), container.source)


def read_warc_file(path: Path, source: str) -> Iterator[RawDocument | Refusal]:
    with path.open("rb") as fh:
        yield from read_warc_stream(fh, source)


def read_warc_stream(fh: IO[bytes], source: str, stop: int | None = None) -> Iterator[RawDocument | Refusal]:
    """The documents of the WARC in the seekable binary file ``fh``, from its current position, one record at a
    time; offsets in refusals are positions in ``fh``. With ``stop``, only the records that start before that
    offset (the last one is read through, past ``stop``)."""
    from warcio.archiveiterator import ArchiveIterator

    pos = fh.tell()
    gzipped = fh.read(2) == b"\x1f\x8b"
    end = fh.seek(0, os.SEEK_END)
    if stop is not None:
        end = min(end, stop)
    # a restart after a broken record begins at the first marker past the last record read, which can lie inside
    # that record (a header line "WARC/1.0" repeated): the record read again from there is not yielded twice
    previous: tuple[str, bytes] | None = None
    while pos < end:
        fh.seek(pos)
        stream = ArchiveIterator(fh, check_digests=False)  # its offsets are positions in fh
        current, done, seen = pos, True, False  # the record in hand (its offset), read through?, any read?
        try:
            last = None  # the offset of the last record read in this pass
            for record in stream:
                if stream.offset >= end:  # the next shard's
                    break
                current, done, seen = stream.offset, False, True
                doc = _document(source, record, current)
                if isinstance(doc, RawDocument):
                    key = (doc.source, doc.data)
                    if not (last is None and key == previous):
                        yield doc
                    previous = key
                elif doc is not None:
                    previous = None
                    yield doc
                done, last = True, current
            if last is None:
                return
            # warcio may lose its place after a damaged gzip member (a next offset too far, or none) and end
            # without a word: go on from the next record start before the end, if there is one (none in a sound
            # file: this reads the last record's bytes again, no more)
            pos = record_start(fh, last + 1, end, gzipped)
            continue
        except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib.error, ValueError... on broken records
            why = "".join(ch if ch.isprintable() and ord(ch) < 128 else "?" for ch in str(exc)[:80])
            if done and seen:
                # the record in hand was fine and the next one broke while being found: restart on it to name it
                pos = _next_record(fh, current + 1, end, gzipped)
                continue
            previous = None
            yield Refusal(
                f"{source}#offset={current}",
                errors.BAD_RECORD,
                f"broken WARC record ({type(exc).__name__}: {why}); skipped it, reading on from the next one",
            )
            pos = _next_record(fh, current + 1, end, gzipped)


def record_start(fh: IO[bytes], after: int, end: int, gzipped: bool) -> int:
    """The offset of the first record that starts at or after ``after`` (``end`` when none): a record marker
    that is one, not bytes of a page that look like it. In a gzipped WARC (a gzip member per record), a member
    whose first bytes inflate to ``WARC/1.``; in a plain one, a ``WARC/1.`` line that follows the blank line
    ending the record before. Every shard of a file finds its bounds with this, so neighbours agree on them."""
    if after <= 0:
        return 0
    while True:
        at = _next_record(fh, after, end, gzipped)
        if at >= end:
            return end
        if gzipped:
            fh.seek(at)
            try:
                head = zlib.decompressobj(31).decompress(fh.read(4096), 16)
            except zlib.error:
                head = b""
            if head.startswith(b"WARC/1."):
                return at
        else:
            fh.seek(max(at - 4, 0))
            if at >= 4 and fh.read(4) == b"\r\n\r\n":
                return at
        after = at + 1


def read_warc_shard(path: Path, source: str, start: int, stop: int) -> Iterator[RawDocument | Refusal]:
    """The documents of the records of the WARC file ``path`` that start in the byte range [``start``,
    ``stop``), as a Hadoop input split is read: both bounds are moved forward to the next record start
    (``record_start``), so that the shards of a file read each record once; the last record is read through."""
    with path.open("rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        size = fh.seek(0, os.SEEK_END)
        end = size if stop >= size else record_start(fh, stop, size, gzipped)
        begin = record_start(fh, start, end, gzipped)
        if begin >= end:
            return
        fh.seek(begin)
        yield from read_warc_stream(fh, source, stop=end)


def _document(container: str, record: Any, offset: int) -> RawDocument | Refusal | None:
    if record.rec_type is None or record.length is None:
        return Refusal(
            f"{container}#offset={offset}",
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
    source = f"{container}#{uri}"
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
