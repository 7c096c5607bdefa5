"""Fuzzing the parsers that read untrusted input (hypothesis): cleaning (text, markdown, HTML), dates, numbers,
feeds, WARC, JSON Lines and the fetch guard's URL check. For every generated input: no exception, no hang (a
deadline per example), and every offset inside its text.

Examples per target: ``FLASHPOINT_FUZZ_PARSER_EXAMPLES`` (default 300; CI keeps the default). Longer runs outside
CI: ``FLASHPOINT_FUZZ_PARSER_EXAMPLES=20000 pytest tests/test_fuzz.py --hypothesis-show-statistics``, or the
coverage-guided harness ``python scripts/fuzz_atheris.py`` (docs/hardening.md).
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.clean import clean
from flashpoint.extract.dates import find_dates, find_durations, parse_date_line
from flashpoint.extract.numbers import find_numbers, word_to_int
from flashpoint.ingest import netguard
from flashpoint.ingest.feeds import FeedItem, parse_feed
from flashpoint.ingest.files import Refusal
from flashpoint.ingest.jsonl import read_jsonl
from flashpoint.ingest.warc import read_warc
from flashpoint.records import Article, RawDocument
from samples import assert_spans_inside, make_rss, make_warc, mutate

EXAMPLES = int(os.environ.get("FLASHPOINT_FUZZ_PARSER_EXAMPLES", "300"))
FAST = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# words news text is made of, and the characters and spellings that break parsers
WORDS = [
    "On", "September", "12", "14", "to", "20", ",", "nearly", "300", "people", "were", "killed", "in", "clashes",
    "more", "than", "1,500", "troops", "withdrew", "from", ".", "\n", "\n\n", "сентября", "погибли", "dozens",
    "2021", "(", ")", "*", "#", "By", "did", "not", "between", "and", "-", "–", "/", "31", "February", "2022-13-45",
    "9999", "0", "1e9", "12,000,000,000,000,000", "٣٠٠", "one", "hundred", "thousand", "twenty-five", "mid-2020",
    "spring", "last", "week", "\u200b", "\u202e", "\ufeff", "é", "\u0301", "日本", "𝟙𝟚", "½", "&amp;", "&#0;", "&#x110000;",
    "=" * 40, "(" * 30, "x" * 300, "http://a.b/" + "c" * 50, "Kharkiv", "Donetsk", "Gaza", "Armenia", "Alexandria",
    "Минск", "Харькове", "Kyiv,", "Washington", "Paris, France",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join) | st.text(max_size=600)
TAGS = ["<p>", "</p>", "<div>", "</div>", "<b>", "<a href='x'>", "</a>", "<script>", "</script>", "<style>",
        "<!--", "-->", "<![CDATA[", "]]>", "<br>", "<table><tr><td>", "<", ">", "</", "<!DOCTYPE html>", "<meta charset='utf-8'>",
        "<meta charset='x'>", "<title>", "</title>", "<time datetime='2022-02-30'>", "&", "&lt;", "&nbsp;", "<?xml ?>",
        "<article>", "</article>", "<h1>", "<svg>", "<template>", "<textarea>"]  # fmt: skip
HTML = st.lists(st.sampled_from(TAGS) | st.sampled_from(WORDS) | st.text(max_size=20), max_size=150).map("".join)


def _check_article(article: Article) -> None:
    """Every offset of an article lies inside its texts, and verbatim segments hold the same characters."""
    text, raw = article.text, article.raw_text
    for start, raw_start, length in article.offsets.segments:
        assert start >= 0 and start + length <= len(text)
        assert raw_start >= 0 and raw_start + length <= len(raw)
        assert text[start : start + length] == raw[raw_start : raw_start + length]
    for i in range(0, len(text) + 1, max(1, len(text) // 50)):
        assert 0 <= article.offsets.to_raw(i) <= len(raw)
    for block in article.blocks:
        assert 0 <= block.raw_start <= block.raw_end <= len(raw)


# -- cleaning -----------------------------------------------------------------------------------------------------


@SLOW
@given(
    st.binary(max_size=2000) | TEXT.map(lambda t: t.encode("utf-8")), st.sampled_from(["text/plain", "text/markdown"])
)
def test_fuzz_clean_text(data: bytes, media: str) -> None:
    result = clean(RawDocument("f.txt", data, media))
    assert isinstance(result, Article | Refusal)
    if isinstance(result, Article):
        _check_article(result)
    else:
        assert result.reason[:1] == "E" and result.message


@SLOW
@given(HTML | st.binary(max_size=1500).map(lambda b: b.decode("latin-1")))
def test_fuzz_clean_html(page: str) -> None:
    result = clean(RawDocument("f.html", page.encode("utf-8", errors="surrogatepass"), "text/html"))
    assert isinstance(result, Article | Refusal)
    if isinstance(result, Article):
        _check_article(result)


# -- dates and numbers -----------------------------------------------------------------------------------------------


@FAST
@given(TEXT, st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_fuzz_dates(text: str, reference: date, month_first: bool) -> None:
    for d in find_dates(text, reference, month_first=month_first):
        assert 0 <= d.begin < d.finish <= len(text)
        assert d.start <= d.end and d.precision in ("day", "week", "month", "season", "year")
    for begin, finish, _ in find_durations(text):
        assert 0 <= begin < finish <= len(text)
    for line in text.split("\n")[:5]:
        parsed = parse_date_line(line)
        assert parsed is None or isinstance(parsed, date)


@FAST
@given(TEXT)
def test_fuzz_numbers(text: str) -> None:
    for n in find_numbers(text):
        assert 0 <= n.begin <= n.number_begin < n.finish <= len(text)
        for v in (n.low, n.best, n.high):
            assert v is None or v >= 0
    value = word_to_int(text[:80])
    assert value is None or isinstance(value, int)


# -- containers -----------------------------------------------------------------------------------------------------


def _items(feed: bytes) -> list[FeedItem] | Refusal:
    return parse_feed(feed, "f.rss")


FEED_PARTS = st.lists(
    st.sampled_from(
        [
            "<rss version='2.0'>",
            "<channel>",
            "<item>",
            "<link>",
            "</link>",
            "<title>",
            "</title>",
            "</item>",
            "</channel>",
            "</rss>",
            "<feed xmlns='http://www.w3.org/2005/Atom'>",
            "<entry>",
            "<link href='http://x/'/>",
            "</entry>",
            "</feed>",
            "<pubDate>",
            "</pubDate>",
            "Mon, 31 Feb 2022 99:99:99 GMT",
            "<!DOCTYPE r [<!ENTITY a 'aaaa'>]>",
            "&a;",
            "&a;&a;",
            "<![CDATA[",
            "]]>",
            "http://127.0.0.1/",
            "javascript:alert(1)",
            "file:///etc/passwd",
        ]
    )  # fmt: skip
    | st.text(max_size=30),
    max_size=80,
).map("".join)


@FAST
@given(FEED_PARTS.map(str.encode) | st.binary(max_size=1500))
def test_fuzz_feeds(data: bytes) -> None:
    items = _items(data)
    assert isinstance(items, list | Refusal)
    if isinstance(items, list):
        assert all(isinstance(i.url, str) and i.url for i in items)
        assert all(i.published is None or len(i.published) == 10 for i in items)


@FAST
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=200)), max_size=4))
def test_fuzz_feeds_from_valid_rss(items: list[tuple[str, str]]) -> None:
    rss = make_rss(
        [
            (f"https://n.example/{i}?{link}", title, "Mon, 06 May 2024 10:00:00 GMT")
            for i, (link, title) in enumerate(items)
        ]
    )
    got = _items(rss)
    assert isinstance(got, list) or not items


_WARC = make_warc(
    [(f"https://n.example/{i}", f"<html><body><p>Story {i}.</p></body></html>".encode()) for i in range(3)], gzip=False
)
_WARC_GZ = make_warc(
    [(f"https://n.example/{i}", f"<html><body><p>Story {i}.</p></body></html>".encode()) for i in range(3)]
)


@st.composite
def mutated_warc(draw: st.DrawFn) -> bytes:
    return mutate(draw, draw(st.sampled_from([_WARC, _WARC_GZ])), 8, st.binary(max_size=40))


@SLOW
@given(mutated_warc() | st.binary(max_size=800).map(lambda b: b"WARC/1.0\r\n" + b))
def test_fuzz_warc(data: bytes) -> None:
    items = list(read_warc(RawDocument("f.warc", data, "application/warc")))
    assert len(items) <= max(8, len(data) // 10)  # no record counted twice, no endless loop
    for item in items:
        assert isinstance(item, RawDocument | Refusal)
        if isinstance(item, Refusal) and "#offset=" in item.source:
            assert 0 <= int(item.source.rsplit("=", 1)[1]) <= len(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "html", "url", "title", "published", "x"]), children, max_size=5),
    max_leaves=20,
)  # fmt: skip


@FAST
@given(
    st.lists(
        JSON.map(json.dumps) | st.text(max_size=60) | st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
        max_size=12,
    )
)
def test_fuzz_jsonl(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8", errors="surrogatepass")
    items = list(read_jsonl(RawDocument("f.jsonl", data, "application/jsonl")))
    assert len(items) == sum(1 for line in data.split(b"\n") if line.strip())
    for item in items:
        assert isinstance(item, RawDocument | Refusal)
        if isinstance(item, RawDocument):
            assert item.data and all(v is None or isinstance(v, str) for v in (item.url, item.title, item.published))


# -- the fetch guard ---------------------------------------------------------------------------------------------------


@FAST
@given(
    st.text(max_size=80)
    | st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["http", "https", "file", "ftp", "HTTP", ""]), st.text(max_size=30), st.text(max_size=20))
)  # fmt: skip
def test_fuzz_url_check(url: str) -> None:
    why = netguard.check_url(url, allow_private=False, resolver=lambda host, port: ["10.0.0.1"])
    assert why is None or isinstance(why, str)
    if why is None:  # only an http(s) URL with a host passes, and never to the private address the resolver gives
        assert url.lower().startswith(("http://", "https://"))


@FAST
@given(st.ip_addresses())
def test_fuzz_address_classes(address: object) -> None:
    import ipaddress

    ip = ipaddress.ip_address(str(address))
    why = netguard.why_not_public(str(ip))
    if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast:
        assert why is not None


# -- the whole pipeline on hostile pages ------------------------------------------------------------------------------


@settings(max_examples=max(20, EXAMPLES // 3), deadline=timedelta(seconds=30), suppress_health_check=list(HealthCheck))
@given(HTML)
def test_fuzz_pipeline_on_pages(page: str) -> None:
    """Extraction, places and linking within the document on what cleaning lets through: no exception (E199 in a
    batch), every span inside the article's text."""
    from flashpoint.pipeline import process_raw

    result = process_raw(RawDocument("f.html", page.encode("utf-8", errors="surrogatepass"), "text/html"))
    assert_spans_inside(result)
