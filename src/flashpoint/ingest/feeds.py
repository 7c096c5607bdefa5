"""RSS and Atom feeds (feedparser) → the items' pages, fetched politely (``ingest.http``).

A feed comes as a file (``.rss``/``.atom``) or a URL. Each item with a link
becomes a document named by that link: its page is fetched and cleaned as
HTML, with the item's title and date as metadata the page may lack. An item
whose page cannot be fetched (a timeout, a 404, robots.txt says no, too large)
is one refusal naming the link; the other items go on. ``FeedState`` and
``poll`` serve ``flashpoint watch``: a conditional request per poll, and only
items not seen before are fetched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from flashpoint import errors
from flashpoint.ingest.files import Refusal
from flashpoint.ingest.http import Fetched, Fetcher
from flashpoint.records import RawDocument

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    title: str | None
    published: str | None  # ISO date


def parse_feed(data: bytes, source: str) -> list[FeedItem] | Refusal:
    """The items of an RSS or Atom feed, in feed order, or a refusal when it is no feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed or not parsed.get("version")):
        why = getattr(parsed, "bozo_exception", None)
        return Refusal(source, errors.CORRUPT, f"not an RSS or Atom feed ({why or 'no items'}); check the URL or file")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = f"{stamp[0]:04d}-{stamp[1]:02d}-{stamp[2]:02d}" if stamp else None  # a UTC struct_time
        items.append(FeedItem(str(link), entry.get("title"), published))
    return items


def fetch_item(item: FeedItem, fetcher: Fetcher, feed: str) -> RawDocument | Refusal:
    got = fetcher.get(item.url)
    if isinstance(got, Refusal):
        return Refusal(got.source, got.reason, f"{got.message} (an item of {feed})")
    if got.content_type and not got.content_type.startswith(_HTML_TYPES):
        return Refusal(item.url, errors.UNSUPPORTED, f"the item's page is {got.content_type}, not HTML")
    return RawDocument(item.url, got.data, "text/html", url=got.url, title=item.title, published=item.published)


def read_feed_file(container: RawDocument, fetcher: Fetcher | None = None) -> Iterator[RawDocument | Refusal]:
    items = parse_feed(container.data, container.source)
    if isinstance(items, Refusal):
        yield items
        return
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        for item in items:
            yield fetch_item(item, fetcher, container.source)
    finally:
        if own:
            fetcher.close()


def read_feed_url(url: str, fetcher: Fetcher) -> Iterator[RawDocument | Refusal]:
    got = fetcher.get(url)
    if isinstance(got, Refusal):
        yield got
        return
    items = parse_feed(got.data, url)
    if isinstance(items, Refusal):
        yield items
        return
    for item in items:
        yield fetch_item(item, fetcher, url)


@dataclass(slots=True)
class FeedState:
    """What ``watch`` remembers of one feed between polls (in memory; the store remembers the items)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    seen: set[str] = field(default_factory=set)
    failures: int = 0  # consecutive failed polls: the next poll waits longer
    next_poll: float = 0.0


def poll(
    state: FeedState,
    fetcher: Fetcher,
    known: Callable[[str], bool],
    interval: float,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[RawDocument | Refusal]:
    """One poll of one feed: a conditional request, then the pages of items neither seen nor ``known``.

    A feed that fails (timeout, 5xx, not a feed) yields one refusal and is polled again after
    ``interval`` doubled per consecutive failure (up to 16×); the others are not held up.
    """
    got = fetcher.get(state.url, etag=state.etag, last_modified=state.last_modified)
    items = got if isinstance(got, Refusal) else _items(got, state.url)
    if isinstance(items, Refusal):
        state.failures += 1
        state.next_poll = clock() + interval * min(2**state.failures, 16)
        yield Refusal(items.source, items.reason, f"{items.message}; will poll again")
        return
    state.failures = 0
    state.next_poll = clock() + interval
    assert isinstance(got, Fetched)
    state.etag, state.last_modified = got.etag or state.etag, got.last_modified or state.last_modified
    for item in items:
        if item.url in state.seen:
            continue
        if known(item.url):
            state.seen.add(item.url)
            continue
        doc = fetch_item(item, fetcher, state.url)
        if isinstance(doc, RawDocument) or doc.reason not in (errors.FETCH,):
            state.seen.add(item.url)  # a page that failed to load is tried again at the next poll
        yield doc


def _items(got: Fetched, url: str) -> list[FeedItem] | Refusal:
    if got.status == 304:
        return []
    return parse_feed(got.data, url)
