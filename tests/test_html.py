"""HTML pages: main text, metadata, and offsets that point into the page's own characters."""

from __future__ import annotations

import gzip
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_path
from flashpoint.clean import clean
from flashpoint.clean.builder import TextBuilder, compose
from flashpoint.clean.html import XML_INVALID, as_load_html_reads, date_from_url, decode_page, parse_page
from flashpoint.clean.htmlmap import align, visible_text
from flashpoint.records import Article, OffsetMap, RawDocument

PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Shelling in the east | The Daily Example</title>
<meta property="og:title" content="Shelling in the east">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-09-14T08:00:00Z">
<link rel="canonical" href="https://example.org/2022/09/14/shelling">
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Shelling in the east</h1>
<p>Artillery  shelled the town of Example&nbsp;on Tuesday, officials said, and at least
 <b>twelve</b> people were killed in the attack on the market &amp; the station.</p>
<p>The regional governor said that rescue teams were still searching the rubble on Wednesday morning
 and that the number of dead could rise as more people are reported missing.</p>
</article><footer>© The Daily Example. Cookie policy.</footer></body></html>"""


def page_article(page: str) -> Article:
    result = clean(RawDocument("p.html", page.encode("utf-8"), "text/html"))
    assert isinstance(result, Article), result
    return result


def assert_verbatim(a: Article) -> None:
    for start, raw_start, length in a.offsets.segments:
        assert a.text[start : start + length] == a.raw_text[raw_start : raw_start + length]


def test_page_metadata_comes_from_meta_tags() -> None:
    a = page_article(PAGE)
    assert (a.title, a.byline, a.published) == ("Shelling in the east", "Jane Doe", "2022-09-14")
    assert a.provenance[-1].role == "host" and a.provenance[-1].name == "The Daily Example"
    assert a.provenance[-1].url == "https://example.org/2022/09/14/shelling"


def test_html_offsets_point_into_the_page() -> None:
    a = page_article(PAGE)
    assert a.raw_text == PAGE
    assert_verbatim(a)
    i = a.text.index("twelve")
    raw = a.offsets.to_raw(i)
    assert PAGE[raw : raw + 6] == "twelve"
    amp = a.text.index("&")
    assert PAGE[a.offsets.to_raw(amp) : a.offsets.to_raw(amp) + 5] == "&amp;"


def test_scripts_titles_and_tags_are_not_visible_text() -> None:
    text, offsets = visible_text(PAGE)
    assert "not text" not in text and "Daily Example</title>" not in text
    assert "at least twelve people" in text
    for start, raw_start, length in offsets.segments:
        assert text[start : start + length] == PAGE[raw_start : raw_start + length]


def test_a_date_in_the_url_is_read() -> None:
    assert date_from_url("https://example.org/news/2019/11/20/iran-protests") == "2019-11-20"
    assert date_from_url("https://example.org/news/iran-protests-2019") is None


def test_a_page_in_a_declared_charset_is_decoded() -> None:
    data = '<html><head><meta charset="windows-1251"></head><body><p>Обстрел</p></body></html>'.encode("cp1251")
    assert "Обстрел" in decode_page(data)


def test_compose_keeps_verbatim_runs_and_anchors() -> None:
    # middle "a&b cd" made from raw "a&amp;b  cd": "&" is an anchor at raw 1, one space collapsed
    inner = OffsetMap(((0, 0, 1), (1, 1, 0), (2, 6, 2), (4, 9, 2)))
    outer = OffsetMap(((0, 0, 6),))
    composed = compose(outer, inner)
    assert composed.to_raw(1) == 1 and composed.to_raw(4) == 9 and composed.to_raw(5) == 10


def test_real_pages_map_back_to_their_characters() -> None:
    docs = sorted(shared_path("corpus", "html", "docs").glob("*.html.gz"))[:20]
    covered = total = 0
    for path in docs:
        a = clean(RawDocument(str(path), gzip.decompress(path.read_bytes()), "text/html"))
        assert isinstance(a, Article), a
        assert_verbatim(a)
        covered += sum(n for _, _, n in a.offsets.segments)
        total += len(re.sub(r"\s", "", a.text))
    assert covered >= 0.97 * total


def test_text_is_at_least_as_good_as_trafilatura_alone() -> None:
    """The accuracy gate of issue 3: F1 on shared/corpus/html, ours against trafilatura's default, same run."""
    import importlib.util

    import trafilatura

    spec = importlib.util.spec_from_file_location("score_text", shared_path("tools", "score_text.py"))
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    prf = scorer.prf
    corpus = shared_path("corpus", "html")
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    ours = theirs = 0.0
    for g in gold:
        data = gzip.decompress((corpus.parent / g["doc"]).read_bytes())
        a = clean(RawDocument(g["doc"], data, "text/html"))
        ours += prf(g["body"], a.text if isinstance(a, Article) else "")[2]
        theirs += prf(g["body"], trafilatura.extract(data) or "")[2]
    assert ours / len(gold) >= theirs / len(gold) >= 0.9


TOKENS = st.sampled_from(
    ["Troops", "shelled", "the", "town", ".", " ", "  ", "\n", "&amp;", "&nbsp;", "&#8217;", "&bogus;", "&", "<b>",
     "</b>", "<p>", "</p>", "<br>", "<!-- c -->", "<script>x<y</script>", "é", "Ереван", "<a href='/x'>", "</a>"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=120).map("".join))
def test_visible_text_maps_back_to_the_same_characters(page: str) -> None:
    text, offsets = visible_text(page)
    assert "  " not in text
    for start, raw_start, length in offsets.segments:
        assert text[start : start + length] == page[raw_start : raw_start + length]
    mapped = align(text.replace(" ", "\n", 3), page)
    for start, raw_start, length in mapped.segments:
        assert text[start : start + length] == page[raw_start : raw_start + length]


def test_a_placeholder_date_is_not_a_publication_date() -> None:
    page = PAGE.replace("2022-09-14T08:00:00Z", "0001-01-01T00:00:00").replace("/2022/09/14/", "/")
    assert page_article(page).published != "0001-01-01"


# The straightforward reading ``visible_text`` replaced for speed (a lazy ``.*?`` to each element's end, every tag
# looked at in Python): the same text and the same map, on every page of corpus/html and on generated markup.
_LAZY_SKIP = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|noscript|template|svg|title|textarea|select|iframe)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<!\[CDATA\[.*?\]\]>|</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>",
    re.S | re.I,
)


def _reference_loop(page: str, out: TextBuilder) -> tuple[str, OffsetMap]:
    import html

    special = re.compile(r"\s{2,}|[^\S ]|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
    block = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl",
             "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
             "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
             "thead", "tr", "ul"}  # fmt: skip
    space = True

    def emit_space(at: int) -> None:
        nonlocal space
        if not space:
            out.anchor(at)
            out.glue(" ")
            space = True

    def emit_plain(start: int, end: int) -> None:
        nonlocal space
        if start >= end:
            return
        if space and page[start] == " ":
            start += 1
            if start >= end:
                return
        out.copy(page[start:end], start)
        space = page[end - 1] == " "

    def emit_text(start: int, end: int) -> None:
        nonlocal space
        pos = start
        for m in special.finditer(page, start, end):
            emit_plain(pos, m.start())
            token = m.group()
            decoded = html.unescape(token) if token[0] == "&" else None
            if decoded is None:
                emit_space(m.start())
            elif decoded == token:
                emit_plain(m.start(), m.end())
            elif decoded.isspace():
                emit_space(m.start())
            else:
                out.anchor(m.start())
                out.glue(decoded)
                space = False
            pos = m.end()
        emit_plain(pos, end)

    pos = 0
    for m in _LAZY_SKIP.finditer(page):
        if m.start() > pos:
            if page[pos : m.start()].isspace():
                emit_space(pos)
            else:
                emit_text(pos, m.start())
        pos = m.end()
        name = re.match(r"</?([A-Za-z][A-Za-z0-9]*)", m.group())
        if name is None or name.group(1).lower() in block or m.group(1):
            emit_space(m.start())
    emit_text(pos, len(page))
    return out.build()


MARKUP = st.sampled_from(
    ["<p>", "</p>", "<b>", "</b>", " ", "  ", "\n", "\t", "x", "word", "&amp;", "&nbsp;", "<!-- c -->", "<!-- a -\n",
     "<!--", "--", "->", "-->", "<script>a<b</script>", "<script>x\n", "</script>", "</SCRIPT >", "</scripT\n>",
     "<style>", "</style>", "<br/>", "<SPAN class='a b'>", "</Div >", "<\u017fcript>", "<addre\u017f\u017f>",
     "<\u212a>", "<section\u017f>", "< 5", "<>", "<!doctype html>", "<?xml x?>", "<![CDATA[ x ]]>", "\u00a0",
     "<h1x>", "<div2>", "<title>T</title>", "<scriptx>", "<script_>", ">", "&#65;", "<a\nhref=x>", "<i>", "<TD>",
     "<\n", "-\n", "<!-- -", "<style a=b>", "</style\n>", "<textarea>", "</textarea >", "<"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKUP, min_size=1, max_size=40).map("".join))
def test_visible_text_reads_markup_as_the_straightforward_loop_did(page: str) -> None:
    assert visible_text(page) == _reference_loop(page, TextBuilder())


def test_visible_text_reads_the_corpus_pages_as_the_straightforward_loop_did() -> None:
    for path in sorted(shared_path("corpus", "html", "docs").iterdir()):
        page = decode_page(gzip.decompress(path.read_bytes()))
        assert visible_text(page) == _reference_loop(page, TextBuilder()), path.name


# The parse: ``parse_page`` hands lxml the string ``load_html`` would, without its search of every character.
def test_the_invalid_characters_are_those_trafilatura_deletes() -> None:
    from trafilatura.utils import INVALID_XML_CHARS

    assert set(XML_INVALID) == {chr(i) for i in range(0x110000) if INVALID_XML_CHARS.match(chr(i))}


HEAD_PIECES = st.sampled_from(
    ["<!DOCTYPE html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/x.dtd">',
     "< ! doctype x/y>", "<html/>", "<html lang='en' />", "<html>", "<HTML/>", "<html\n/>", "<html  / >", " /> ",
     "<htmlx/>", "doctype", "<head>", "<p>text</p>", "\n", "\r\n", "\t", "x" * 1000, "y" * 3000, "z" * 4000,
     "é" * 500, "\x01", "\x0b", "\ufffe", "\uffff"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(HEAD_PIECES, min_size=1, max_size=30).map("".join), st.integers(0, 200), st.integers(0, 120))
def test_the_page_is_repaired_as_load_html_repairs_it(head: str, width: int, lines: int) -> None:
    from trafilatura.utils import repair_faulty_html

    page = head + ("w" * width + "\n") * lines
    seen = as_load_html_reads(page)
    assert seen is None or seen == repair_faulty_html(page, page[:50].lower())


def test_the_corpus_pages_parse_as_load_html_parses_them() -> None:
    from lxml import etree
    from trafilatura.utils import load_html

    for path in sorted(shared_path("corpus", "html", "docs").iterdir()):
        page = decode_page(gzip.decompress(path.read_bytes()))
        assert as_load_html_reads(page) is not None, path.name  # the quick way, on every page of the corpus
        ours, theirs = parse_page(page), load_html(page)
        assert ours is not None and theirs is not None
        assert etree.tostring(ours.getroottree()) == etree.tostring(theirs.getroottree()), path.name
