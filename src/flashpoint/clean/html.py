"""HTML pages → main text (trafilatura, chosen and measured in docs/decisions.md) and metadata.

The text comes from ``trafilatura.bare_extraction`` with the settings that
measured best on shared/corpus/html for both accuracy and speed (see
``scripts/bench_clean.py`` and docs/formats.md): ``fast=True`` (no
readability/jusText fallback), ``favor_recall=True``, tables and comments
left out. Metadata is read here from the parsed page (``<meta>``, JSON-LD,
``<time>``, the canonical URL) rather than by trafilatura's metadata pass,
which cost a third of the whole extraction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura import utils as trafilatura_utils
from trafilatura.utils import load_html, repair_faulty_html

from flashpoint import limits
from flashpoint.clean.htmlmap import align
from flashpoint.records import OffsetMap

# the settings measured in docs/formats.md; change them only with scripts/bench_clean.py's figures
FAST = True
FAVOR_RECALL = True

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL_DAY = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|[^\d])")
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")

_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "date", "pubdate", "publishdate", "publish-date", "publication_date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published",
    "published_time", "cxenseparse:recs:publishtime", "citation_publication_date",
)  # fmt: skip
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl", "citation_author")


PARSER_MAX_DEPTH = 256  # libxml2 stops building the tree at this depth (without XML_PARSE_HUGE)


class TooDeep(ValueError):
    """The page nests elements as deep as the parser goes: what lies below was dropped."""


class TooLarge(ValueError):
    """The page has more elements than ``limits.max_html_elements()``."""


_DEEP = etree.XPath("boolean(" + "/*" * PARSER_MAX_DEPTH + ")")  # an element PARSER_MAX_DEPTH levels down
_ELEMENTS = etree.XPath("count(//*)")


def shape(tree: HtmlElement) -> tuple[bool, int]:
    """Whether ``tree`` nests elements as deep as the parser goes, and how many elements it has (XPath, in C)."""
    return bool(_DEEP(tree)), int(_ELEMENTS(tree))


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    text: str
    page: str  # the decoded page the offsets point into
    offsets: OffsetMap  # text → page
    title: str | None
    author: str | None
    date: str | None  # ISO day
    sitename: str | None
    url: str | None
    lang: str | None  # the page's own <html lang>


def decode_page(data: bytes) -> str:
    """The page as text: its BOM, then UTF-8, then the charset it declares, then Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


# the characters trafilatura's repair pass deletes from a page before parsing it (XML allows none of them;
# tests/test_html.py checks this against its pattern over every code point)
XML_INVALID = tuple(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
_PARSER = getattr(trafilatura_utils, "HTML_PARSER", None)  # the lxml parser load_html parses with


def as_load_html_reads(page: str) -> str | None:
    """The page as ``load_html`` hands it to lxml (``repair_faulty_html``'s result), or None when that cannot be
    told cheaply. The repair deletes ``XML_INVALID`` characters everywhere (a search over every character, a
    third of the parse's time), then mends the first line (a doctype) and the first 4,096 characters (a
    self-closing ``<html/>``): on a page without those characters, repairing a head that ends at a line break past
    8,192 characters and keeping the rest gives the same string, as long as the repaired head keeps 4,096."""
    cut = page.find("\n", 8192) + 1
    if not cut or any(c in page for c in XML_INVALID):
        return None
    head = page[:cut]
    fixed = repair_faulty_html(head, page[:50].lower())
    if len(fixed) < 4096:
        return None
    return page if fixed == head else fixed + page[cut:]


def parse_page(page: str) -> HtmlElement | None:
    """``trafilatura.utils.load_html(page)``: the same tree, parsed from the same string by the same parser, without
    the repair's search over every character when ``as_load_html_reads`` can tell its result; any other case (and a
    tree ``load_html`` might parse again or reject: an error, fewer than two children) goes to ``load_html``."""
    repaired = as_load_html_reads(page) if _PARSER is not None else None
    if repaired is not None:
        try:
            tree = fromstring(repaired, parser=_PARSER)
        except Exception:  # lxml raises several types; load_html decides what they mean
            tree = None
        if tree is not None and len(tree) >= 2:
            return tree
    return load_html(page)


def extract_html(data: bytes) -> HtmlExtract | None:
    """Main text, metadata and offset map of a page, or None when the page holds no article text."""
    page = decode_page(data)
    tree = parse_page(page)
    if tree is None:
        return None
    too_deep, elements = shape(tree)
    if too_deep:
        raise TooDeep(
            f"the page nests elements {PARSER_MAX_DEPTH} deep, where the HTML parser (libxml2) stops reading, "
            "so the rest of the page would be lost; it is broken or hostile markup"
        )
    cap = limits.max_html_elements()
    if elements > cap:
        raise TooLarge(
            f"the page has {elements:,} elements, over the {cap:,} limit (a news page has a few thousand; the "
            f"extractor's time grows with each); raise the limit with FLASHPOINT_MAX_HTML_ELEMENTS={elements}"
        )
    doc = trafilatura.bare_extraction(
        tree, fast=FAST, favor_recall=FAVOR_RECALL, include_tables=False, include_comments=False
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return None
    meta = read_page_metadata(tree)
    return HtmlExtract(text=text, page=page, offsets=align(text, page), **meta)


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or el.get("datetime") or "").strip()
        if key and content and key not in values:
            values[key] = content
    return values


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


def plausible_day(year: int, month: int, day: int) -> str | None:
    """An ISO day, or None when it is no date or outside 1900-2100 (``0001-01-01`` placeholders)."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso_day(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DAY.search(value)
    return plausible_day(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def date_from_url(url: str | None) -> str | None:
    """A publication day spelled in a URL path (``/2019/11/20/``), else None."""
    if not url:
        return None
    m = _URL_DAY.search(url)
    return plausible_day(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _person(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_person(v) for v in value) if n]
        return ", ".join(names) if names else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip() and "://" not in value:
        return " ".join(value.split())
    return None


def read_page_metadata(tree: HtmlElement) -> dict[str, str | None]:
    """Title, author, publication day, site name, URL and declared language from a parsed page."""
    meta = _meta_values(tree)
    ld = [item for item in _json_ld(tree) if "headline" in item or "datePublished" in item or "author" in item]
    url = None
    for el in tree.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            url = el.get("href")
            break
    url = url or meta.get("og:url")

    day = next((d for key in _DATE_META if (d := _iso_day(meta.get(key)))), None)
    day = day or next((d for item in ld if (d := _iso_day(str(item.get("datePublished") or "")))), None)
    if day is None:
        for el in tree.iter("time"):
            if (d := _iso_day(el.get("datetime"))) is not None:
                day = d
                break
    day = day or date_from_url(url)
    if day is None:  # htmldate's quick pass: dates in the page's text and markup, validated
        from htmldate import find_date

        day = _iso_day(find_date(tree, extensive_search=False, original_date=True) or "")

    title = meta.get("og:title") or meta.get("twitter:title")
    title = title or next((str(item["headline"]) for item in ld if isinstance(item.get("headline"), str)), None)
    if not title:
        h1 = next(tree.iter("h1"), None)
        title = h1.text_content() if h1 is not None else None
    if not title:
        el = next(tree.iter("title"), None)
        title = _TITLE_SUFFIX.sub("", el.text_content()) if el is not None else None

    author = next((a for key in _AUTHOR_META if (a := _person(meta.get(key)))), None)
    author = author or next((a for item in ld if (a := _person(item.get("author")))), None)

    lang = tree.get("lang") or tree.get("xml:lang") or meta.get("og:locale") or meta.get("content-language")
    return {
        "title": " ".join(title.split()) if title and title.strip() else None,
        "author": author,
        "date": day,
        "sitename": meta.get("og:site_name") or meta.get("application-name"),
        "url": url,
        "lang": lang.split("-")[0].split("_")[0].lower() if lang else None,
    }
