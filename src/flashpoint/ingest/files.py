"""Find input files and read each into ``RawDocument``s, or say why not.

Nothing here raises for a bad document: ``read_document`` returns a
``Refusal`` with a reason code, so one bad file never stops a batch. A
container file (JSON Lines, WARC, an RSS/Atom feed) holds many documents:
``read_path`` yields one ``RawDocument`` or ``Refusal`` per record, so one bad
record never stops its file either.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flashpoint import errors, limits
from flashpoint.records import RawDocument

# suffix (after stripping .gz) → media type
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".pdf": "application/pdf",
    ".jsonl": "application/jsonl",
    ".ndjson": "application/jsonl",
    ".warc": "application/warc",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
}
CONTAINERS = frozenset({"application/jsonl", "application/warc", "application/rss+xml", "application/atom+xml"})
STREAMED = frozenset({"application/jsonl", "application/warc"})  # read a record at a time: no whole-file cap
BINARY_TYPES = frozenset({"application/pdf", "application/warc"})
MAX_BYTES = 50 * 1024 * 1024  # the default of limits.max_file_bytes(), for fetches and uploads
MIB = 1024 * 1024
GZIP_RATIO = 100  # a gzipped container expanding past the file cap at more than this is a bomb


@dataclass(frozen=True, slots=True)
class Refusal:
    """An input that could not be read, with a reason code and a message."""

    source: str
    reason: str  # one of the codes in flashpoint.errors
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}: {self.message}"


def media_type_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return MEDIA_TYPES.get(Path(name).suffix)


def discover(paths: Iterable[str]) -> Iterator[Path | Refusal]:
    """Yield readable files under ``paths`` (recursively, sorted), or a Refusal per bad path.

    Files given by name are always yielded (an unknown suffix is refused later,
    with its name); files found inside a folder are yielded only when their
    suffix is one flashpoint reads, so stray files in a folder are not errors.
    """
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Refusal(given, errors.MISSING, "no such file or directory")
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and media_type_of(p))
            yield from found
        else:
            yield path


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark: NULs are normal there
        head_text = data[:8192].decode("utf-16", errors="replace")  # a cut file is E104 when decoded in full
        return sum(1 for ch in head_text if ord(ch) < 9 or 13 < ord(ch) < 32) > max(8, len(head_text) // 100)
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # the bytes < 9 or 13 < b < 32, counted in C
    return controls > max(8, len(head) // 100)


def _gunzip(data: bytes, limit: int) -> bytes:
    """What ``gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit)`` gives, and raises. A file of one whole gzip
    member that expands to less than ``limit`` is inflated by zlib at once (a quarter of GzipFile's time); anything
    else (several members, padding, a cut or damaged file, the limit reached) goes through GzipFile, for its
    result and its errors."""
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # a gzip header and trailer (CRC and size checked)
    try:
        out = inflate.decompress(data, limit)
    except zlib.error:
        out = b""
    if inflate.eof and not inflate.unused_data and len(out) < limit:
        return out
    del out  # (a bomb's first inflation is not held while GzipFile reads it again)
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        return gz.read(limit)


def read_document(path: Path) -> RawDocument | Refusal:
    source = str(path)
    media = media_type_of(path)
    if media is None:
        return Refusal(
            source,
            errors.UNSUPPORTED,
            f"unsupported file type {path.suffix!r}; flashpoint reads "
            + ", ".join(sorted(MEDIA_TYPES))
            + " (optionally .gz)",
        )
    cap = limits.max_file_bytes()
    try:
        if not path.is_file():
            return Refusal(source, errors.UNSUPPORTED, "not a regular file (a device, a pipe or a socket); copy it")
        size = path.stat().st_size
        if size > cap:  # refused before reading a byte: a 100 MB file costs nothing
            return Refusal(source, errors.TOO_LARGE, limits.file_too_large(size))
        with path.open("rb") as fh:
            data = fh.read(cap + 1)  # the file may have grown since stat
    except OSError as exc:
        return Refusal(source, errors.MISSING, f"cannot read: {exc.strerror or exc}")
    if len(data) > cap:
        return Refusal(source, errors.TOO_LARGE, limits.file_too_large(len(data)))
    if path.name.lower().endswith(".gz") and media != "application/warc":  # warcio reads gzipped WARCs itself
        try:
            data = _gunzip(data, cap + 1)  # never more than the cap in memory, however far it would expand
        except (OSError, EOFError, zlib.error) as exc:
            return Refusal(source, errors.CORRUPT, f"not a valid gzip file ({exc})")
        if len(data) > cap:
            return Refusal(
                source,
                errors.TOO_LARGE,
                f"decompresses to more than the {limits.mib(cap)} limit (a gzip bomb?); stopped there; "
                "if the file is genuine, raise the limit with FLASHPOINT_MAX_FILE_MB",
            )
    if media not in CONTAINERS and len(data) > limits.max_document_bytes():
        return Refusal(source, errors.TOO_LARGE, limits.document_too_large(len(data)))
    if not data.strip():
        return Refusal(source, errors.EMPTY, "the file is empty")
    if media == "application/pdf" and not data.startswith(b"%PDF"):
        return Refusal(source, errors.CORRUPT, "not a PDF file (no %PDF header); check the file or its suffix")
    if media not in BINARY_TYPES and looks_binary(data):
        return Refusal(source, errors.BINARY, "looks like a binary file, not text")
    return RawDocument(source=source, data=data, media_type=media)


def read_path(path: Path) -> Iterator[RawDocument | Refusal]:
    """The documents in one file: itself, or each record of a container (JSON Lines, WARC, feed).

    JSON Lines and WARC files are streamed, a record at a time from the open file, so their size does not bound
    what they can hold (a CC-NEWS WARC is about 1 GiB) and memory stays that of one record; a feed is parsed whole
    (it is read within the file cap).
    """
    media = media_type_of(path)
    if media in STREAMED:
        yield from _read_streamed(path, media)
        return
    doc = read_document(path)
    if isinstance(doc, Refusal) or doc.media_type not in CONTAINERS:
        yield doc
        return
    from flashpoint.ingest.feeds import read_feed_file

    yield from read_feed_file(doc)


def _read_streamed(path: Path, media: str) -> Iterator[RawDocument | Refusal]:
    """A JSON Lines or WARC file, record by record, with the whole-file checks of ``read_document`` that need no
    more than the file's head: a regular file, not empty, not binary (JSON Lines), a valid gzip that is no bomb
    (JSON Lines; warcio reads a gzipped WARC's members itself)."""
    source = str(path)
    gzipped = path.name.lower().endswith(".gz") and media != "application/warc"
    try:
        if not path.is_file():
            yield Refusal(source, errors.UNSUPPORTED, "not a regular file (a device, a pipe or a socket); copy it")
            return
        if gzipped:
            bad = check_gzip(path)
            if bad is not None:
                yield Refusal(source, *bad)
                return
        with _open(path, gzipped) as fh:
            head = fh.read(8192)
    except OSError as exc:
        yield Refusal(source, errors.MISSING, f"cannot read: {exc.strerror or exc}")
        return
    if media == "application/warc":
        from flashpoint.ingest.warc import read_warc_file

        if len(head) < 8192 and not head.strip():
            yield Refusal(source, errors.EMPTY, "the file is empty")
            return
        records = read_warc_file(path, source)
    else:
        if looks_binary(head):
            yield Refusal(source, errors.BINARY, "looks like a binary file, not text")
            return
        records = _jsonl_records(path, source, gzipped)
    yield from read_on(records, source)


def read_on(records: Iterable[RawDocument | Refusal], source: str) -> Iterator[RawDocument | Refusal]:
    """The records of a file being streamed, passed on; the file changing or going away while being read (cut,
    deleted, a gzip stream ending early) ends them with one refusal named ``source``, not an exception."""
    done = 0
    try:
        for item in records:
            done += 1
            yield item
    except (OSError, EOFError, zlib.error) as exc:
        yield Refusal(source, errors.MISSING, f"cannot read on after {done} records: {exc}")


def _jsonl_records(path: Path, source: str, gzipped: bool) -> Iterator[RawDocument | Refusal]:
    from flashpoint.ingest.jsonl import read_jsonl_stream

    empty = True
    with _open(path, gzipped) as fh:
        for item in read_jsonl_stream(fh, source):
            empty = False
            yield item
    if empty:
        yield Refusal(source, errors.EMPTY, "the file is empty")


def _open(path: Path, gzipped: bool) -> BinaryIO:
    return gzip.GzipFile(path, "rb") if gzipped else path.open("rb")  # type: ignore[return-value]


def check_gzip(path: Path) -> tuple[str, str] | None:
    """Why a gzipped container cannot be streamed (a code and a message), or None: decompressed once, in 1 MiB
    pieces, before any record is read, so a truncated file or a bomb is one refusal, not records and then one.

    A bomb is what expands past the file cap (``FLASHPOINT_MAX_FILE_MB``) at more than ``GZIP_RATIO`` times its
    compressed size: news text compresses 3 to 10 times, so a genuine archive of any size passes."""
    cap = limits.max_file_bytes()
    out = 0
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) as gz:
            while piece := gz.read(MIB):
                out += len(piece)
                if out > cap and out > GZIP_RATIO * max(raw.tell(), 1):
                    return (
                        errors.TOO_LARGE,
                        f"decompresses to more than the {limits.mib(cap)} limit at over {GZIP_RATIO} times its "
                        "size (a gzip bomb?); stopped there; if the file is genuine, raise the limit with "
                        "FLASHPOINT_MAX_FILE_MB",
                    )
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return errors.CORRUPT, f"not a valid gzip file ({exc})"
    return None
