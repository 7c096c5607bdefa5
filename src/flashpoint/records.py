"""The records every stage speaks.

One frozen record per stage boundary::

    RawDocument --clean--> Article --extract--> EventMention --link--> Event

Every extracted value keeps the character span of its evidence in the cleaned
article text (``Span``), and the article keeps an ``OffsetMap`` back to the raw
input, so any value can be traced to the characters it came from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

EventType = Literal[
    "battle",
    "remote_violence",
    "violence_against_civilians",
    "protest",
    "riot",
    "displacement",
    "deployment",
    "withdrawal",
    "invasion",
    "request",
    "agreement",
    "sanction",
]
EVENT_TYPES: tuple[str, ...] = (
    "battle",
    "remote_violence",
    "violence_against_civilians",
    "protest",
    "riot",
    "displacement",
    "deployment",
    "withdrawal",
    "invasion",
    "request",
    "agreement",
    "sanction",
)
FIGURE_NAMES: tuple[str, ...] = ("killed", "injured", "displaced", "troops", "detained")
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "season", "year")
ACTOR_KINDS: tuple[str, ...] = (
    "state_forces",
    "government",
    "armed_group",
    "civilians",
    "international_org",
    "other",
)


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in an article's cleaned text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in cleaned text back to offsets in the raw (decoded) text.

    ``segments`` are ``(clean_start, raw_start, length)`` triples sorted by
    ``clean_start``: each says that ``clean[clean_start:clean_start+length]``
    was copied verbatim from ``raw[raw_start:raw_start+length]``. Characters
    the cleaner inserted (a space that rejoins a broken line) belong to no
    segment and map to the raw position just after the previous segment.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, clean_offset: int) -> int:
        if not self.segments:
            return clean_offset
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, clean_offset) - 1
        if i < 0:
            return self.segments[0][1]
        c, r, n = self.segments[i]
        return r + min(clean_offset - c, n)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes as they arrived, and where they came from.

    A record read from a container (a JSON Lines file, a WARC, a feed) names it
    in ``source`` as ``container#record`` and may bring what the container said
    about it: the page's URL, a title and a publication date (ISO).
    """

    source: str  # the path as reached from the arguments, or a URL
    data: bytes
    media_type: str  # "text/plain", "text/markdown", "text/html", "application/pdf"
    url: str | None = None
    title: str | None = None
    published: str | None = None


def url_host(url: str | None) -> str | None:
    """The lower-cased host name of a document's URL, with or without a scheme ("https://www.bbc.co.uk:443/x",
    "cbc.ca/news" → "www.bbc.co.uk", "cbc.ca"); None for none or a malformed one."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        return urlsplit(url if "://" in url else "//" + url).hostname or None
    except ValueError:  # an unclosed IPv6 bracket, a bad port
        return None


@dataclass(frozen=True, slots=True)
class Credit:
    """One link of a republication chain: the original outlet, a translator, a republisher, the host."""

    role: str  # original, translation, republished, host
    name: str | None
    url: str | None = None
    date: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"role": self.role, "name": self.name, "url": self.url, "date": self.date}


@dataclass(frozen=True, slots=True)
class ScriptBlock:
    """A run of lines of the raw input written in another script than the body (a Persian masthead
    over an English article), with its language; ``[raw_start, raw_end)`` indexes the raw text."""

    language: str
    script: str
    raw_start: int
    raw_end: int

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "script": self.script, "raw_span": [self.raw_start, self.raw_end]}


@dataclass(frozen=True, slots=True)
class Article:
    """Clean text with its metadata; the unit the extractor reads."""

    source: str
    text: str
    raw_text: str
    offsets: OffsetMap
    content_hash: str  # sha256 of the normalized cleaned text (clean.fingerprint): the document's id
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date
    language: str = "en"
    provenance: tuple[Credit, ...] = ()
    media_type: str = "text/plain"
    simhash: str = ""  # 64-bit near-duplicate fingerprint, 16 hex digits (clean.fingerprint)
    url: str | None = None  # where the document was fetched from, when known
    blocks: tuple[ScriptBlock, ...] = ()  # header/footer blocks in another script, with their language


@dataclass(frozen=True, slots=True)
class Figure:
    """A count as the text gives it: best estimate and the bounds the text allows."""

    best: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact, about, at_least, more_than, at_most, nearly, range, vague
    span: Span
    by_side: tuple[tuple[str, int], ...] = ()  # (ISO3, count) when the text splits it
    title: Span | None = None  # set for a figure read from the title (outside the cleaned text): its span there
    hit: bool = False  # injured read from a count of people shot in a report that tells no death: the shot

    def as_dict(self) -> dict[str, object]:
        return {"best": self.best, "low": self.low, "high": self.high, "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: str  # YYYY, YYYY-MM or YYYY-MM-DD
    end: str
    precision: str  # one of PRECISIONS
    span: Span | None  # None when inferred (from the publication date)


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    country: str | None
    kind: str
    span: Span


@dataclass(frozen=True, slots=True)
class Place:
    """A place named in the text, resolved where the gazetteer knows it."""

    text: str
    span: Span
    country: str | None
    lat: float | None = None
    lon: float | None = None
    kind: str = "country"  # continent, country, region, admin1, admin2, city, capital
    admin1: str | None = None
    geonameid: int | None = None
    raw: Span | None = None  # set for a place outside the cleaned text (in a title): its span in the raw input


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one document tells it (possibly over several sentences)."""

    type: str
    reported: bool
    date: DateSpan | None
    countries: tuple[str, ...]
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]
    figures: tuple[tuple[str, Figure], ...]  # (figure name, figure)
    evidence: tuple[Span, ...]
    trigger: Span
    attribution: str | None = None
    attribution_span: Span | None = None
    countries_from_places: bool = False  # False: the countries were inferred from the actors
    title_trigger: Span | None = None  # an event only the title tells: its trigger's span in the title (trigger 0-0)

    def figure(self, name: str) -> Figure | None:
        for key, value in self.figures:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything the pipeline made of one input, or why it made nothing."""

    source: str
    article: Article | None
    mentions: tuple[EventMention, ...] = ()
    places: tuple[Place, ...] = ()
    error: str | None = None  # a reason code and message when the input was refused
    notes: tuple[str, ...] = field(default=())
    # mentions of a document that gives no date at all: not events of their own (the CODEBOOK needs a date),
    # but stored and linked, so another report of the same event can date them (docs/linking.md)
    undated: tuple[EventMention, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None and self.article is not None
