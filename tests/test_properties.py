"""Invariants over arbitrary text: nothing crashes, every span lies inside its text."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.clean import clean
from flashpoint.extract.dates import find_dates
from flashpoint.extract.numbers import find_numbers
from flashpoint.records import Article, RawDocument
from samples import assert_spans_inside

WORDS = st.sampled_from(
    ["On", "September", "12", "14", "to", "20", ",", "nearly", "300", "people", "were", "killed", "clashes",
     "Armenia", "more", "than", "1,500", "troops", "withdrew", "from", "Tajikistan", ".", "\n", "\n\n",
     "www.site.org", "сентября", "погибли", "dozens", "2021", "(", ")", "*", "#", "By", "Jane", "Doe", "did", "not"]
)  # fmt: skip
TEXT = st.lists(WORDS, min_size=0, max_size=80).map(" ".join) | st.text(max_size=400)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_number_and_date_spans_lie_inside_the_text(text: str) -> None:
    from datetime import date

    for n in find_numbers(text):
        assert 0 <= n.begin <= n.number_begin < n.finish <= len(text)
    for d in find_dates(text, date(2022, 12, 9)):
        assert 0 <= d.begin < d.finish <= len(text) and d.start <= d.end


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_cleaned_text_maps_back_to_the_same_characters(text: str) -> None:
    result = clean(RawDocument("p.md", text.encode("utf-8"), "text/markdown"))
    if not isinstance(result, Article):
        return
    for start, raw_start, length in result.offsets.segments:
        assert result.text[start : start + length] == result.raw_text[raw_start : raw_start + length]


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_pipeline_never_raises_and_spans_are_in_bounds(text: str) -> None:
    from flashpoint.pipeline import process_raw

    result = process_raw(RawDocument("p.txt", text.encode("utf-8"), "text/plain"))
    assert_spans_inside(result)


MARKUP = st.sampled_from(["*", "**", "_", "__", "`", "[", "]", "](http://x.org)", "<", ">", "<https://a.b>", "-" * 16,
                          "=" * 17, "x" * 257, "#", "> ", " ", "word", "\t"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP | WORDS, max_size=40).map("".join) | st.text(max_size=300))
def test_a_line_the_copy_prefilter_passes_has_nothing_to_drop(line: str) -> None:
    from flashpoint.clean.text import _COPY_DROP, _MAY_DROP

    if not _MAY_DROP.search(line):
        assert _COPY_DROP.search(line) is None
    for pos in range(0, len(line), 7):  # and within the windows _copy_line searches
        if not _MAY_DROP.search(line, pos, len(line.rstrip())):
            assert _COPY_DROP.search(line, pos, len(line.rstrip())) is None


def _script_by_counts(text: str) -> str:
    """script_of as first written: every script's letters counted (the oracle for its shortcuts)."""
    from flashpoint.clean.text import _SCRIPTS

    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "none"


SCRIPT_CHARS = st.sampled_from(["a", "Z", "é", "ß", "ж", "Ё", "\u0483", "ب", "\u060c", "\u0661", "\ufb50", "中", "α",
                                "1", "_", " ", "’", "—", "\u0301", "!"])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(SCRIPT_CHARS, max_size=30).map("".join) | st.text(max_size=60))
def test_script_of_agrees_with_counting_every_script(text: str) -> None:
    from flashpoint.clean.text import script_of

    assert script_of(text) == _script_by_counts(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=9000) | st.lists(st.sampled_from([b"\x01", b"\x08", b"\t", b"\r", b"\x0e", b"\x1f", b" ", b"a"]),
                                            max_size=400).map(b"".join))  # fmt: skip
def test_binary_detection_counts_control_bytes_as_a_loop_over_them_does(data: bytes) -> None:
    from flashpoint.ingest.files import looks_binary

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16: its characters are counted, not its bytes
    head = data[:8192]
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    assert looks_binary(data) == (b"\x00" in head or controls > max(8, len(head) // 100))


def _outcome(read: Callable[[bytes, int], bytes], data: bytes, limit: int) -> tuple[str, object]:
    try:
        return "ok", read(data, limit)
    except Exception as exc:  # the same type and message as GzipFile's
        return type(exc).__name__, str(exc)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from(["whole", "two members", "padding", "cut", "flipped bit", "no gzip"]),
    st.integers(0, 10**6),
    st.integers(0, 4000),
    st.integers(-1, 1),
)
def test_a_gzip_file_reads_as_gzip_file_reads_it(body: bytes, damage: str, seed: int, at: int, near: int) -> None:
    import gzip
    import io

    from flashpoint.ingest.files import _gunzip

    data = gzip.compress(body, mtime=0)
    if damage == "two members":
        data += gzip.compress(b"more", mtime=0)
    elif damage == "padding":
        data += b"\x00" * (1 + seed % 20)
    elif damage == "cut":
        data = data[: at % (len(data) + 1)]
    elif damage == "flipped bit":
        i = at % len(data)
        data = data[:i] + bytes([data[i] ^ (1 << seed % 8)]) + data[i + 1 :]
    elif damage == "no gzip":
        data = b"<html>" + data
    limit = max(0, len(body) + near) if seed % 2 else 10**6

    def reference(d: bytes, n: int) -> bytes:
        with gzip.GzipFile(fileobj=io.BytesIO(d)) as gz:
            return gz.read(n)

    assert _outcome(_gunzip, data, limit) == _outcome(reference, data, limit)
