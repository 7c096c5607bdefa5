"""The in-memory WARC and JSON Lines readers as they were before streaming (commit eb8e6ea), kept as the reference
the streaming readers must agree with (tests/test_streaming.py). Not used by flashpoint."""

from __future__ import annotations

import io
import json
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


def old_read_warc(container: RawDocument) -> Iterator[RawDocument | Refusal]:
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
                doc = _warc_document(container, record, pos + current)
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


def _warc_document(container: RawDocument, record: Any, offset: int) -> RawDocument | Refusal | None:
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


_FIELDS = ("text", "html", "url", "title", "published")


def _text_field(record: dict[str, object], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _wrong_types(record: dict[str, object]) -> list[str]:
    """The known fields that hold something other than a string (null counts as absent)."""
    return [
        f'"{k}" is a {_json_type(record[k])}'
        for k in _FIELDS
        if record.get(k) is not None and not isinstance(record[k], str)
    ]


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


def old_read_jsonl(container: RawDocument) -> Iterator[RawDocument | Refusal]:
    data = container.data.removeprefix(b"\xef\xbb\xbf")
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Refusal(
                f"{container.source}#L{number}",
                errors.ENCODING,
                f"invalid UTF-8 at byte {exc.start} of the line; write JSON Lines as UTF-8",
            )
            continue
        source = f"{container.source}#L{number}"
        if len(line) > limits.max_document_bytes():
            yield Refusal(source, errors.TOO_LARGE, limits.document_too_large(len(line), "the line"))
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Refusal(source, errors.BAD_RECORD, f"not JSON ({exc}); each line must be one JSON object")
            continue
        except RecursionError:
            yield Refusal(
                source, errors.BAD_RECORD, "JSON nested too deeply to read; each line must be one flat object"
            )
            continue
        if not isinstance(record, dict):
            yield Refusal(source, errors.BAD_RECORD, f"a JSON {_json_type(record)}, not an object")
            continue
        wrong = _wrong_types(record)
        if wrong:
            yield Refusal(
                source, errors.BAD_RECORD, f"{', '.join(wrong)}, not a string; write each field as a JSON string"
            )
            continue
        text, page = _text_field(record, "text"), _text_field(record, "html")
        if text is None and page is None:
            yield Refusal(
                source, errors.BAD_RECORD, 'no "text" (a non-empty string); each record needs the article text'
            )
            continue
        yield RawDocument(
            source=source,
            data=(text or page or "").encode("utf-8"),
            media_type="text/plain" if text is not None else "text/html",
            url=_text_field(record, "url"),
            title=_text_field(record, "title"),
            published=_text_field(record, "published"),
        )
