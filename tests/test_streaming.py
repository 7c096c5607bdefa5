"""Streaming containers (issue 9): a WARC or JSON Lines file is read a record at a time from the open file, so a
file of any size costs the memory of one record, and the records are those the in-memory readers gave.

The parity tests compare the streaming readers with the in-memory readers as they were before (kept in
tests/legacy_readers.py) on the test WARCs and JSON Lines of tests/samples.py and tests/badinput.py, and on
mutated WARCs. The large files are generated in tmp_path from the real pages of shared/corpus/html.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import badinput
from conftest import shared_path
from flashpoint import errors
from flashpoint.ingest import jsonl, warc
from flashpoint.ingest.files import Refusal, read_document, read_path
from flashpoint.records import RawDocument
from legacy_readers import old_read_jsonl, old_read_warc
from samples import make_jsonl, make_warc, mutate

MIB = 1024 * 1024
OLD_FILE_CAP = 50 * MIB


def _pages() -> list[bytes]:
    return [gzip.decompress(p.read_bytes()) for p in sorted(shared_path("corpus", "html", "docs").glob("*.html.gz"))]


def _texts() -> list[str]:
    return [p.read_text() for p in sorted(shared_path("corpus", "news", "docs").glob("*.txt"))]


def _key(item: RawDocument | Refusal) -> tuple[object, ...]:
    if isinstance(item, Refusal):
        return ("refusal", item.source, item.reason, item.message)
    return ("doc", item.source, item.data, item.media_type, item.url, item.title, item.published)


def _old(path: Path) -> list[tuple[object, ...]]:
    """What the reader before streaming gave for ``path``: the file read whole, then the in-memory reader."""
    doc = read_document(path)
    assert isinstance(doc, RawDocument), doc
    reader = old_read_warc if doc.media_type == "application/warc" else old_read_jsonl
    return [_key(x) for x in reader(doc)]


def _new(path: Path) -> list[tuple[object, ...]]:
    return [_key(x) for x in read_path(path)]


# -- parity with the in-memory readers ---------------------------------------------------------------------


def _test_containers(folder: Path) -> list[Path]:
    """The WARC and JSON Lines files the other tests use, written to ``folder``."""
    pages = [(f"https://news.example.org/{i}", p) for i, p in enumerate(_pages()[:4])]
    first: dict[str, object] = {"url": "https://example.org/a", "title": "T", "text": badinput.STORY}
    records: list[dict[str, object] | str] = [{**first, "published": "2022-09-13"}, "{x"]
    records += [{"text": t} for t in _texts()[:5]]
    made = {
        "crawl.warc.gz": make_warc(pages),
        "crawl.warc": make_warc(pages, gzip=False),
        "broken-first.warc.gz": make_warc(pages, broken_after=0),
        "broken-first.warc": make_warc(pages, gzip=False, broken_after=0),
        "broken-last.warc.gz": make_warc(pages, broken_after=3),
        "scraped.jsonl": make_jsonl(records),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    (folder / "scraped.jsonl.gz").write_bytes(gzip.compress(made["scraped.jsonl"]))
    (folder / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + made["scraped.jsonl"] + b"\n\n  \n")
    hostile = {"cut.warc", "broken.warc.gz", "garbage.warc", "wrong-types.jsonl", "mixed.jsonl"}
    for bad in badinput.corpus():
        if bad.name in hostile:
            bad.make(folder / bad.name)
    return sorted(folder.iterdir())


def test_streaming_gives_what_the_in_memory_readers_gave(tmp_path: Path) -> None:
    paths = _test_containers(tmp_path)
    assert len(paths) == 13
    for path in paths:
        old, new = _old(path), _new(path)
        assert new == old, path.name
        assert new, path.name
    refused = {p.name: [str(k[1]).rsplit("#", 1)[1] for k in _new(p) if k[0] == "refusal"] for p in paths}
    for name in ("broken-first.warc.gz", "broken-first.warc", "broken-last.warc.gz", "cut.warc"):
        assert len(refused[name]) == 1, (name, refused[name])
    assert refused["broken-first.warc.gz"][0].startswith("offset=")
    assert refused["wrong-types.jsonl"] == [f"L{i}" for i in range(2, 12)]


_SMALL = [(f"https://n.example/{i}", f"<html><body><p>Story {i}.</p></body></html>".encode()) for i in range(3)]
_SMALL_WARCS = [make_warc(_SMALL), make_warc(_SMALL, gzip=False)]  # made once: a record's date and id vary


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    inserts = st.sampled_from([b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b"\r\n\r\n"])  # record starts, fake or cut
    return mutate(draw, draw(st.sampled_from(_SMALL_WARCS)), 6, inserts)


def test_streaming_warc_reads_a_record_once_when_its_header_line_repeats() -> None:
    """A record whose "WARC/1.0" line is doubled, followed by a broken record: the restart after the broken one
    begins at the next marker past the record read, which is the doubled line's second copy inside that record;
    the record read again from there is not a second document (found by the property test below)."""
    data = _SMALL_WARCS[1]
    second, third = (data.index(f"n.example/{i}".encode()) for i in (1, 2))
    second_start = data.rindex(b"WARC/1.0\r\n", 0, second)
    third_start = data.rindex(b"WARC/1.0\r\n", 0, third)
    damaged = (
        data[:second_start]
        + b"WARC/1.0\r\n"
        + data[second_start:third_start]
        + b"WARC\x7f1.0"
        + data[third_start + 8 :]
    )
    items = list(warc.read_warc(RawDocument("f.warc", damaged, "application/warc")))
    urls = [x.source.rsplit("#", 1)[1] for x in items if isinstance(x, RawDocument)]
    assert urls == ["https://n.example/0", "https://n.example/1"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_streaming_warc_agrees_on_mutated_files(data: bytes) -> None:
    """Every document the in-memory reader found, in the same order, and none twice; the streaming reader may find
    more: where warcio loses its place after a damaged gzip member and stops without a word, it finds the next
    record start and reads on (the old reader lost the rest of the file)."""
    doc = RawDocument("f.warc", data, "application/warc")
    new = [_key(x) for x in warc.read_warc(doc) if isinstance(x, RawDocument)]
    found = [_key(x) for x in old_read_warc(doc) if isinstance(x, RawDocument)]
    old = iter([k for i, k in enumerate(found) if i == 0 or found[i - 1] != k])  # the old reader read some twice
    assert len(set(new)) == len(new)
    rest = iter(new)
    assert all(any(o == n for n in rest) for o in old)  # old is a subsequence of new


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(['{"text": "Shelling in Kharkiv."}', '{"html": "<p>x</p>", "url": 5}', "{x", "[]", "", " "])
        | st.text(max_size=40)
        | st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
        max_size=10,
    ),
    st.booleans(),
)
def test_streaming_jsonl_agrees_on_random_lines(lines: list[str], bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8", errors="surrogatepass")
    doc = RawDocument("f.jsonl", data, "application/jsonl")
    assert [_key(x) for x in jsonl.read_jsonl(doc)] == [_key(x) for x in old_read_jsonl(doc)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(['{"text": "Shelling in Kharkiv."}', '{"html": "<p>x</p>", "url": 5}', "{x", "", " ", "\r"])
        | st.text(max_size=60).filter(lambda t: "\n" not in t),
        max_size=25,
    ),
    st.booleans(),
    st.booleans(),
    st.integers(1, 120),
    st.integers(1, 64),
)
def test_jsonl_shards_give_the_whole_file_records_named_alike(
    lines: list[str], bom: bool, newline_at_end: bool, shard_size: int, piece: int
) -> None:
    """A JSON Lines file cut by ``line_shards`` at any shard size (shorter than a line, or many lines; the file
    scanned in pieces smaller than a line too) and read range by range gives the records and refusals of the whole
    file, in order, each named by its line (``FILE#L<n>``), the BOM of the first line dropped as the whole-file
    reader drops it; the ranges tile the file."""
    import tempfile
    from unittest import mock

    data = (b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8", errors="surrogatepass")
    data += b"\n" if newline_at_end and data else b""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(data)
        whole = [_key(x) for x in jsonl.read_jsonl_stream(io.BytesIO(data), str(path))]
        with path.open("rb") as fh, mock.patch.object(jsonl, "_SCAN", piece):
            cuts = jsonl.line_shards(fh, shard_size)
        shards = [_key(x) for a, b, first in cuts for x in jsonl.read_jsonl_shard(path, str(path), a, b, first)]
    assert shards == whole
    assert [c[0] for c in cuts[1:]] == [c[1] for c in cuts[:-1]] and (
        not data or (cuts[0][0], cuts[-1][1]) == (0, len(data))
    )
    assert all(a == 0 or data[a - 1 : a] == b"\n" for a, _, _ in cuts)  # every range begins a line


def _sharded(path: Path, size: int) -> list[tuple[object, ...]]:
    """The records of ``path`` read as the workers read a large WARC: shard after shard of ``size`` bytes."""
    total = path.stat().st_size
    return [
        _key(x) for start in range(0, total, size) for x in warc.read_warc_shard(path, str(path), start, start + size)
    ]


@pytest.mark.parametrize("gzipped", [True, False])
def test_the_shards_of_a_warc_read_each_record_once(tmp_path: Path, gzipped: bool) -> None:
    """Byte-range shards (bounds moved forward to the next record start) give the records of the whole file, in
    order, a broken record included (one E111 at its offset), whatever the shard size: one shard per record or
    less, or many records per shard."""
    path = tmp_path / ("x.warc.gz" if gzipped else "x.warc")
    n, broken = _big_warc(path, 2 * MIB, gzipped, broken_at=6)
    whole = _new(path)
    assert sum(1 for k in whole if k[0] == "refusal") == 1 and f"{path}#offset={broken}" in {k[1] for k in whole}
    for size in (7_001, 50_000, 333_333, MIB, 4 * MIB):
        assert _sharded(path, size) == whole, size


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated(), st.integers(200, 5000))
def test_shards_of_mutated_warcs_lose_and_repeat_no_document(data: bytes, size: int) -> None:
    """On damaged files no document the whole-file reader gives is missing from the shards, and none is read
    twice. (Both find the next record start where warcio loses its place after a damaged gzip member; a shard
    may also start reading at a record the whole-file reader's resynchronisation stepped over.)"""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wt-ray-") as folder:
        path = Path(folder) / "f.warc"
        path.write_bytes(data)
        if not data.strip():
            return
        whole = {k[1] for k in _new(path) if k[0] == "doc"}
        docs = [k[1] for k in _sharded(path, size) if k[0] == "doc"]
    assert len(docs) == len(set(docs)) and whole <= set(docs)


def test_the_next_record_is_found_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc, "_CHUNK", 7)
    data = b"x" * 40 + b"WARC/1.0\r\n" + b"y" * 30 + b"\x1f\x8b\x08" + b"z" * 5
    fh = io.BytesIO(data)
    for after in range(0, 41):
        assert warc._next_record(fh, after, len(data), gzipped=False) == 40
        assert warc._next_record(fh, after, len(data), gzipped=True) == 80
    assert warc._next_record(fh, 41, len(data), gzipped=False) == len(data)
    assert warc._next_record(fh, 81, len(data), gzipped=True) == len(data)


# -- large files: memory bounded by a record ---------------------------------------------------------------


def _big_warc(path: Path, size: int, gzipped: bool, broken_at: int | None = None) -> tuple[int, int | None]:
    """A WARC of at least ``size`` bytes: request + response records of the real pages of corpus/html, repeated,
    each copy under its own URL; with ``broken_at``, a cut record after that many responses. Returns the number
    of responses and the offset of the broken record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = _pages()
    n, broken = 0, None
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "flashpoint tests"}))
        while out.tell() < size:
            page = pages[n % len(pages)]
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = f"https://news.example.org/{n}"
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers)
            )
            n += 1
            if broken_at == n:
                broken = out.tell()
                junk = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ncut short"
                out.write(gzip.compress(junk)[:-12] if gzipped else junk)
    return n, broken


def _peak(items: object) -> tuple[list[tuple[str, str | None]], int, float]:
    """(source, refusal code) of each item, the peak of traced memory while reading them, and the time taken."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        got = [(x.source, x.reason if isinstance(x, Refusal) else None) for x in items]  # type: ignore[attr-defined]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return got, peak, time.monotonic() - started


def test_a_warc_over_the_old_file_cap_is_read_in_the_memory_of_a_record(tmp_path: Path) -> None:
    path = tmp_path / "cc-news.warc"
    n, _ = _big_warc(path, OLD_FILE_CAP + 10 * MIB, gzipped=False)
    size = path.stat().st_size
    got, peak, took = _peak(read_path(path))
    assert [s for s, _ in got] == [f"{path}#https://news.example.org/{i}" for i in range(n)]
    assert all(code is None for _, code in got)
    largest = max(len(p) for p in _pages())
    print(f"\n{size / MIB:.0f} MiB WARC, {n} pages: peak {peak / MIB:.1f} MiB traced, {took:.1f} s")
    assert peak < 4 * largest + 4 * MIB, peak / MIB  # a page (and warcio's buffers), not the file
    assert peak < size / 10

    from flashpoint.runner import Shard, plan  # the runner takes records lazily: its first batch comes alone

    tasks, peak, _ = _peak(t.item for t in itertools.islice(plan([str(path)], shard_size=size + 1), 16))
    assert len(tasks) == 16 and peak < 4 * largest + 4 * MIB
    # over the shard size (16 MiB by default), the parent reads nothing: a task per 16 MiB shard, for the workers
    shards = [t.item for t in plan([str(path)])]
    assert all(isinstance(s, Shard) for s in shards) and len(shards) == -(-size // (16 * MIB)) == 4


def test_a_broken_record_in_the_middle_of_a_large_gzipped_warc_is_one_refusal(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    n, broken = _big_warc(path, 12 * MIB, gzipped=True, broken_at=150)
    got, peak, _ = _peak(read_path(path))
    refusals = [(s, c) for s, c in got if c is not None]
    assert refusals == [(f"{path}#offset={broken}", errors.BAD_RECORD)]
    docs = [s for s, c in got if c is None]
    assert docs == [f"{path}#https://news.example.org/{i}" for i in range(n)]  # those after the break too
    assert n > 300 and peak < 8 * MIB, (n, peak / MIB)


def test_a_jsonl_over_the_old_file_cap_is_streamed_and_a_long_line_refused_in_passing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHPOINT_MAX_DOCUMENT_MB", "2")
    texts = _texts()
    path = tmp_path / "scraped.jsonl"
    lines = 0
    with path.open("wb") as out:
        while out.tell() < OLD_FILE_CAP + 5 * MIB:
            lines += 1
            text = f"{texts[lines % len(texts)]} Copy {lines}."
            out.write(json.dumps({"text": text, "url": f"https://n.example/{lines}"}).encode() + b"\n")
            if lines == 1000:
                lines += 1
                out.write(json.dumps({"text": "x" * (3 * MIB)}).encode() + b"\n")
    got, peak, took = _peak(read_path(path))
    assert len(got) == lines
    assert [(s.rsplit("#", 1)[1], c) for s, c in got if c] == [("L1001", errors.TOO_LARGE)]
    print(f"\n{path.stat().st_size / MIB:.0f} MiB JSON Lines, {lines} lines: peak {peak / MIB:.1f} MiB, {took:.1f} s")
    assert peak < 8 * MIB, peak / MIB  # the 2 MiB line cap (+1 byte) and a record

    zipped = tmp_path / "scraped.jsonl.gz"
    with gzip.open(zipped, "wb", compresslevel=1) as out, path.open("rb") as src:
        while piece := src.read(MIB):
            out.write(piece)
    got_gz, peak, _ = _peak(read_path(zipped))  # a genuine archive past the file cap is no bomb
    assert [c for _, c in got_gz] == [c for _, c in got] and peak < 8 * MIB


def test_a_warc_record_that_expands_to_200_mib_costs_the_document_cap(tmp_path: Path) -> None:
    """A gzip bomb inside a WARC: one response whose gzip member (200 KB on disk) holds 200 MiB of page. Its body is
    read to the document cap and refused; the rest of the record is decompressed and dropped (1 s); the next record
    is read."""
    import zlib

    size = 200 * MIB
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
        b"Content-Type: application/http; msgtype=response\r\n" + f"Content-Length: {len(http) + size}\r\n\r\n".encode()
    )
    path = tmp_path / "bomb.warc.gz"
    with path.open("wb") as out:
        member = zlib.compressobj(9, zlib.DEFLATED, 31)
        out.write(member.compress(head + http))
        for _ in range(size // MIB):
            out.write(member.compress(b"\0" * MIB))
        out.write(member.compress(b"\r\n\r\n") + member.flush())
        out.write(make_warc(_SMALL[:1]))
    assert path.stat().st_size < 2 * MIB
    got, peak, took = _peak(read_path(path))
    assert got == [
        (f"{path}#https://bomb.example/", errors.TOO_LARGE),
        (f"{path}#https://n.example/0", None),
    ]
    # 62 MiB traced whether the record holds 50, 200 or 400 MiB: the 10 MiB document cap read, and warcio inflating
    # each 16 KB block of the file at once (16 MiB of zeros a block)
    assert peak < 80 * MIB, peak / MIB
    assert took < 20, took


def test_a_file_that_breaks_while_streamed_ends_with_one_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A gzipped JSON Lines file cut after its check (as if it changed while read): the records before the cut,
    then one refusal for the file, and the batch goes on."""
    from flashpoint.ingest import files

    data = make_jsonl([{"text": f"{t} Copy {i}."} for i, t in enumerate(_texts() * 4)])
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(data)[: len(gzip.compress(data)) // 2])
    assert files.check_gzip(path) is not None  # refused whole before streaming, as before
    monkeypatch.setattr(files, "check_gzip", lambda _: None)
    got = list(read_path(path))
    assert all(isinstance(x, RawDocument) for x in got[:-1]) and len(got) > 10
    last = got[-1]
    assert isinstance(last, Refusal) and last.reason == errors.MISSING and last.source == str(path), last
