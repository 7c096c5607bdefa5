"""JSON Lines of already-scraped articles: one ``{"url", "title", "text", "published"}`` object a line.

Only ``text`` is required; ``url``, ``title`` and ``published`` (an ISO date
or date-time) are kept as the document's metadata. An optional ``html``
instead of ``text`` is cleaned as a page. Each record becomes a document named
``FILE#L<line>``; a bad line is one ``E111 bad-record`` refusal naming its line and
what is wrong with it (not JSON, nested too deep, not an object, a field of the wrong
type), and the other lines go on. A file is read a line at a time, so its size does not bound memory; a line
over the document limit (``FLASHPOINT_MAX_DOCUMENT_MB``) is one ``E108`` refusal, read through without being held.

A large file is read by the workers in byte-range shards (``runner.plan``): ``line_shards`` cuts it at line
starts, counting the lines before each cut so that a record keeps the name the whole-file reader gives it, and
``read_jsonl_shard`` reads one range.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from flashpoint import errors, limits
from flashpoint.ingest.files import Refusal
from flashpoint.records import RawDocument

_FIELDS = ("text", "html", "url", "title", "published")
_PIECE = 1024 * 1024  # read a line over the limit through in pieces of this size


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


def read_jsonl(container: RawDocument) -> Iterator[RawDocument | Refusal]:
    """The records of JSON Lines held in memory (an upload, a test); files are streamed by ``read_jsonl_stream``."""
    yield from read_jsonl_stream(io.BytesIO(container.data), container.source)


def _lines(fh: IO[bytes], cap: int) -> Iterator[tuple[bytes, int]]:
    """Each line of ``fh`` (without its newline), and its length; a line over ``cap`` bytes is read through in
    pieces and given as ``b""`` with its length, so no more than ``cap`` bytes of it are ever held."""
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        if len(line) <= cap or line.endswith(b"\n"):
            line = line.removesuffix(b"\n")
            yield line, len(line)
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = fh.readline(_PIECE)
            size += len(line)
        yield b"", size - line.endswith(b"\n")


def read_jsonl_stream(fh: IO[bytes], source: str, first_line: int = 1) -> Iterator[RawDocument | Refusal]:
    """The records of the JSON Lines in the binary file ``fh``, a line at a time (a line over the document limit
    is refused without being held); ``first_line`` is the number of ``fh``'s first line in the file."""
    cap = limits.max_document_bytes()
    for number, (raw_line, size) in enumerate(_lines(fh, cap), start=first_line):
        if number == 1:
            raw_line = raw_line.removeprefix(b"\xef\xbb\xbf")
        where = f"{source}#L{number}"
        if size > cap:  # read through, never held
            yield Refusal(where, errors.TOO_LARGE, limits.document_too_large(size, "the line"))
            continue
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Refusal(
                where, errors.ENCODING, f"invalid UTF-8 at byte {exc.start} of the line; write JSON Lines as UTF-8"
            )
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Refusal(where, errors.BAD_RECORD, f"not JSON ({exc}); each line must be one JSON object")
            continue
        except RecursionError:
            yield Refusal(where, errors.BAD_RECORD, "JSON nested too deeply to read; each line must be one flat object")
            continue
        if not isinstance(record, dict):
            yield Refusal(where, errors.BAD_RECORD, f"a JSON {_json_type(record)}, not an object")
            continue
        wrong = _wrong_types(record)
        if wrong:
            yield Refusal(
                where, errors.BAD_RECORD, f"{', '.join(wrong)}, not a string; write each field as a JSON string"
            )
            continue
        text, page = _text_field(record, "text"), _text_field(record, "html")
        if text is None and page is None:
            yield Refusal(
                where, errors.BAD_RECORD, 'no "text" (a non-empty string); each record needs the article text'
            )
            continue
        yield RawDocument(
            source=where,
            data=(text or page or "").encode("utf-8"),
            media_type="text/plain" if text is not None else "text/html",
            url=_text_field(record, "url"),
            title=_text_field(record, "title"),
            published=_text_field(record, "published"),
        )


_SCAN = 1024 * 1024  # line_shards reads the file in pieces of this size


def line_shards(fh: IO[bytes], shard_size: int) -> list[tuple[int, int, int]]:
    """Byte ranges ``(start, stop, first_line)`` that cover the binary file ``fh`` in about ``shard_size`` bytes
    each, every range beginning at a line start, with the number of its first line (from 1). One pass over the
    file counting newlines (about 1 s a GiB), no parsing; a line longer than ``shard_size`` stays whole in its
    range."""
    cuts = [(0, 1)]
    target, pos, lines = shard_size, 0, 0
    fh.seek(0)
    while piece := fh.read(_SCAN):
        end = pos + len(piece)
        while target < end:  # the first line start at or after target: just past a newline at target - 1 or on
            i = piece.find(b"\n", max(target - 1 - pos, 0))
            if i < 0:
                break  # in a later piece
            cut = pos + i + 1
            cuts.append((cut, lines + piece.count(b"\n", 0, i + 1) + 1))
            target = cut + shard_size
        lines += piece.count(b"\n")
        pos = end
    cuts = [c for c in cuts if c[0] < pos]  # a cut at the very end starts nothing
    stops = [start for start, _ in cuts[1:]] + [pos] if cuts else []
    return [(start, stop, first) for (start, first), stop in zip(cuts, stops, strict=True)]


class _Range(io.RawIOBase):
    """``stop - start`` bytes of an open binary file from ``start``: what a shard's reader may see."""

    def __init__(self, fh: IO[bytes], start: int, stop: int) -> None:
        fh.seek(start)
        self._fh, self._left = fh, max(stop - start, 0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        n = self._fh.readinto(view)  # type: ignore[attr-defined]
        self._left -= n or 0
        return n or 0


def read_jsonl_shard(
    path: Path, source: str, start: int, stop: int, first_line: int
) -> Iterator[RawDocument | Refusal]:
    """The records of the lines of the JSON Lines file ``path`` in the byte range [``start``, ``stop``), which
    ``line_shards`` cut at line starts, named as the whole-file reader names them (``FILE#L<line>``)."""
    with path.open("rb") as fh, io.BufferedReader(_Range(fh, start, stop), _SCAN) as part:
        yield from read_jsonl_stream(part, source, first_line)
