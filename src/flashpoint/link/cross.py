"""Link event mentions across documents: which two mentions tell the same event.

The relation is a pure, symmetric function of two mentions' ``Profile`` (``same_event``), so the
events of a store (the connected components of the relation; ``store.linking``) do not depend on
the order the documents came in. Two mentions of different documents are one event when every
gate holds and the evidence for it scores at least ``LINK_THRESHOLD``:

gates (any one failing means "not the same event")
  - type: the same type, or both in one family (``TYPE_FAMILIES``: a shooting told as an attack
    on civilians by one outlet and as a clash by another);
  - time: their day ranges overlap, each widened by its precision's slack (``DATE_SLACK``: a
    day read from the text ±1 day, a publication-week guess ±3 days; a year runs ``YEAR_LAG_DAYS``
    into the next, as a page's copyright year lags the new year); a span longer than
    ``LONG_SPAN_DAYS`` never links a mention of two weeks or less;
  - place: their countries intersect.

evidence (summed by ``score``)
  - overlapping days (+1) or the next day (+0.5), both read from the text; a month or coarser date on
    either side costs ``COARSE_DATE_PENALTY``: then only the words can tell;
  - the same two or more countries (a dyad, +``DYAD_SCORE``);
  - both placed at towns within ``NEAR_KM`` (+``NEAR_SCORE``), else the same first-order
    division (+``SAME_ADMIN1_SCORE``); far apart or in two divisions costs ``FAR_PENALTY``,
    both (towns over ``DISTANT_KM`` apart in two divisions) ``DISTANT_PENALTY`` (not a gate: one
    outlet's "Bourbon" may be geocoded to Indiana);
  - names shared: distinctive words (capitalised, not common: ``data/link_words.json``), ages
    ("a 16-year-old", "Boy, 2,") and long numbers (a street block). A name counts when it is in
    one mention's own paragraphs or headline and anywhere in the other's (its paragraphs or the
    opening ``LEDE_CHARS`` of its document): ``NAME_WEIGHT`` each, ages and numbers 1,
    place names and the words of a hospital's name ``PLACE_WORD_WEIGHT`` (the town is already
    scored; a city's shootings all go to its few trauma centres), at most ``NAMES_CAP``, or
    ``NUMBERS_ONLY_CAP`` when only ages and numbers are shared;
  - the same killed or injured count (+0.5 each), a shared actor (+0.5); a different type −1.

The weights were set on ../shared/train/gva (disjoint from the dev corpus); docs/linking.md
gives the measured figures.

``placed`` adds one condition for an undated mention: of another document's mentions it links, it joins none
of the dated ones when two of them are dated apart (the time gate between them fails): it tells both, and no
date tells which (a report's background shooting, dated as its own event, would chain to the report's own).

``blocks`` and ``probes`` give the index keys that find, for a new mention, every stored
mention the gates could let through (the store keeps ``blocks`` in ``mention_blocks``): a
type family × a time unit (ISO week, month or year, by the span's length) × a country. Every
pair that passes the gates shares a key, so blocking never loses a link; it only keeps the
comparisons few as the store grows (benchmarks/bench_link.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from flashpoint.extract.scan import gated
from flashpoint.link.dates import span_bounds
from flashpoint.link.within import PRECISION_RANK, km
from flashpoint.link.words import common_words, institution_name

TYPE_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"battle", "remote_violence", "violence_against_civilians"}),
    frozenset({"protest", "riot"}),
    frozenset({"deployment", "invasion"}),
)
DATE_SLACK = {"day": 1, "week": 3, "month": 0, "season": 0, "year": 0}
INFERRED_SLACK = 3  # a date guessed from the publication date (no date_span)
# a year known only from the page (its copyright line) runs behind the calendar for a day or two: a report of a
# New Year's Eve shooting, written on January 1, still says "Copyright 2016", so its "early Sunday morning" reads
# as 2016 (only against a finer date: two mentions dated to two years are two events)
YEAR_LAG_DAYS = 2
LONG_SPAN_DAYS = 400
NEAR_KM = 25.0
NEAR_SCORE = 0.5  # both placed at towns within NEAR_KM (often the same town's point: a city has many events)
SAME_ADMIN1_SCORE = 0.25
FAR_PENALTY = -0.5  # fine locations further apart than NEAR_KM, or two first-order divisions: a slip, or two events
DISTANT_KM = 300.0
DISTANT_PENALTY = -1.0  # towns further apart than DISTANT_KM *and* in two divisions: two events, more often than a slip
COARSE_DATE_PENALTY = -1.0  # either is dated to the month or coarser: only the words can tell
KEY_NAME_MAX_ZIPF = 3.5  # wordfreq's Zipf scale: 3.5 is about one use in 300,000 words ("knoll", "Talamantez")
UNDATED_PENALTY = -2.5  # either comes from a document that gives no date at all: the words must tell it all
DYAD_SCORE = 1.0  # the same two or more countries (a border clash): few events share a dyad and days
NAME_WEIGHT = 0.7
PLACE_WORD_WEIGHT = 0.2  # a shared place name says less than a shared person's name: a city has many events
NAMES_CAP = 4.5
NUMBERS_ONLY_CAP = 1.0  # ages and numbers alone (no word shared): three children's ages chained two incidents
FINE_WHERE_PREC = 3  # UCDP where_prec: 1 the place itself, 3 a second-order division
LINK_THRESHOLD = 2.0
LEDE_CHARS = 1500  # the opening of a document, where a news story names who, where and when

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
# (gated: behind a test of the characters a match begins with, which a character that begins none fails at once;
# re would try each branch at every character)
_AGE = gated(r"\b(\d{1,3})[- ]years?[- ]old\b|\b(?:aged?|age) (\d{1,3})\b|, (\d{1,2}),", re.IGNORECASE)
_LONG_NUMBER = gated(r"\b\d{3,}\b")
# a telephone number ("1-800-222-8477", "(213) 486-6910", "1-866-7LOCKUP"): a tip line many reports of a city print
# (gated: it opens with optional groups, which re tries at every character)
_PHONE = gated(r"(?:\b1[-. ])?(?:\(\d{3}\)\s*|\b\d{3}[-. ])?(?:\b\d{3}[-. ]\d{4}\b|\b\d{3}-\d{0,3}[A-Z]{4,7}\b)")
_PHONE_PART = re.compile(r"\d{3}(?:[-. ]\d{4}|-\d{0,3}[A-Z]{4})")  # what every match of _PHONE holds: a quick test
_ASCII_SMALL = bytes(range(ord("a"), ord("z") + 1))


@dataclass(frozen=True, slots=True)
class Profile:
    """What linking reads of one mention: its record's fields, reduced to comparable values."""

    mention_id: str
    document_id: str
    type: str
    first: date | None  # the span's first and last day, before any slack
    last: date | None
    precision: str | None
    inferred: bool  # the date was guessed from the publication date, not read from the text
    countries: frozenset[str]
    lat: float | None
    lon: float | None
    fine: bool  # located at a town or a second-order division
    admin1: str | None
    actors: frozenset[str]
    names: frozenset[str]  # distinctive words, ages and long numbers of its paragraphs and headline
    context: frozenset[str]  # the same of its document's opening, with ``names``
    place_words: frozenset[str]  # the words of its document's place names (weighed less than other names)
    killed: int | None
    injured: int | None
    institutions: frozenset[str] = frozenset()  # the words of the hospitals its document names (weighed as places)
    divisions: frozenset[str] = frozenset()  # the first-order divisions of the places it names below that level

    @property
    def family(self) -> str:
        for family in TYPE_FAMILIES:
            if self.type in family:
                return min(family)  # the family is named by its first type: "battle"
        return self.type

    def slack(self) -> int:
        if self.precision is None:
            return 0
        if self.inferred and self.precision in ("day", "week"):
            return INFERRED_SLACK
        return DATE_SLACK.get(self.precision, 0)

    def days(self, lag: bool = True) -> tuple[date, date] | None:
        """The widened day range the time gate compares (``lag``: a year runs ``YEAR_LAG_DAYS`` into the next; not
        against another year, where two years apart are two events)."""
        if self.first is None or self.last is None:
            return None
        pad = timedelta(days=self.slack())
        lag_days = timedelta(days=YEAR_LAG_DAYS if lag and self.precision == "year" else 0)
        return self.first - pad, self.last + pad + lag_days

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[name] = value
        return out

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Profile:
        values = dict(obj)
        for name in ("countries", "actors", "names", "context", "place_words", "institutions", "divisions"):
            values[name] = frozenset(values.get(name) or ())
        for name in ("first", "last"):
            values[name] = date.fromisoformat(values[name]) if values[name] else None
        return cls(**values)


def _shouting(line: str) -> bool:
    """A line of at least 20 letters, more than 60% of them capitals."""
    # first a bound counted in C: an ASCII small letter is a letter and no capital, so with s of them the line has
    # at most len(line) - s capitals and at least s letters; where len(line) - s <= 0.6 s, no more than 60% of the
    # letters can be capitals (most lines of prose: the exact counts below run only on the others)
    small = len(line) - len(line.encode("utf-8", "surrogatepass").translate(None, _ASCII_SMALL))
    if 5 * (len(line) - small) <= 3 * small:
        return False
    letters = sum(map(str.isalpha, line))
    return letters >= 20 and sum(map(str.isupper, line)) > 0.6 * letters


@lru_cache(maxsize=16)  # a document's mentions share its lede and often a paragraph
def distinctive(text: str) -> frozenset[str]:
    """Names (capitalised words that are not common words), ages and long numbers of ``text``. In a line written in
    capitals (a TV transcript: "THE FIGHT STARTED INSIDE THE HALL") case tells nothing, so only rare words are
    names there; an acronym in a line of ordinary case ("the USSR") still is one."""
    common = common_words()
    out: set[str] = set()
    for line in text.split("\n"):
        words = [w for w in _WORD.findall(line) if w[0].isupper() and len(w) > 1 and w.lower() not in common]
        # whether the line shouts is worked out only where it matters: for a line with a word in capitals
        shouting = any(w.isupper() for w in words) and _shouting(line)
        out.update(w.lower() for w in words if not (shouting and w.isupper() and not _rare(w.lower())))
    for m in _AGE.finditer(text):
        out.add("age:" + next(g for g in m.groups() if g))
    if _PHONE_PART.search(text):  # _PHONE tries every character: run it where a number may be
        text = _PHONE.sub(" ", text)
    numbers = _LONG_NUMBER.findall(text)
    out.update("n:" + n for n in numbers if not 1900 <= int(n) <= 2100)
    return frozenset(out)


@lru_cache(maxsize=4)  # the same document's text for each of its mentions
def institution_words(text: str) -> frozenset[str]:
    """The words of the hospitals ``text`` names ("John H. Stroger Jr. Hospital"): weighed as place names, since
    every shooting of a city goes to its few trauma centres."""
    common = common_words()
    return frozenset(w.lower() for m in institution_name().finditer(text) for w in _WORD.findall(m.group(1))) - common


def _count(figure: Any) -> int | None:
    if not isinstance(figure, Mapping):
        return None
    value = figure.get("best")
    return value if isinstance(value, int) else None


def split_title(title: str | None) -> tuple[str, str]:
    """A title as (headline, site name): "Man shot in Selma - WSFA 12 News" → ("Man shot in Selma", "WSFA 12 News")."""
    if not title:
        return "", ""
    parts = re.split(r"\s+[-|–—:]{1,2}\s+", title, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= 20:
        return parts[0], parts[1]
    return title, ""


def paragraphs(text: str, spans: Iterable[Iterable[int]]) -> str:
    """The paragraphs (blank-line separated) of ``text`` that hold the evidence ``spans``."""
    out: list[str] = []
    for start, end in spans:
        first = text.rfind("\n\n", 0, start)
        last = text.find("\n\n", end)
        paragraph = text[first + 2 if first >= 0 else 0 : last if last >= 0 else len(text)]
        if paragraph not in out:
            out.append(paragraph)
    return "\n".join(out)


def profile(
    mention_id: str,
    document_id: str,
    record: Mapping[str, Any],
    *,
    text: str = "",
    title: str | None = None,
    places: Iterable[str] = (),
) -> Profile:
    """The ``Profile`` of a mention from its JSON record (``output.event_json``), its document's cleaned
    ``text`` (which the record's ``evidence_spans`` index), title, and the names of the places it names."""
    first = last = None
    if record.get("date_start"):
        first, last = span_bounds(record["date_start"], record.get("date_end"))
    location = record.get("location") or {}
    fine = location.get("lat") is not None and (location.get("where_prec") or 9) <= FINE_WHERE_PREC
    head, site = split_title(title)
    drop = {w.lower() for w in _WORD.findall(site)}
    own_text = paragraphs(text, record.get("evidence_spans") or []) if text else str(record.get("evidence") or "")
    names = distinctive(own_text + "\n" + head) - drop
    return Profile(
        mention_id=mention_id,
        document_id=document_id,
        type=str(record["type"]),
        first=first,
        last=last,
        precision=record.get("date_precision"),
        inferred=record.get("date_start") is not None and record.get("date_span") is None,
        countries=frozenset(record.get("countries") or ()),
        lat=location.get("lat") if fine else None,
        lon=location.get("lon") if fine else None,
        fine=fine,
        admin1=location.get("admin1") if (location.get("where_prec") or 9) <= 4 else None,
        actors=frozenset(str(a["name"]).lower() for a in record.get("actors") or () if a.get("name")),
        names=names,
        context=(distinctive(text[:LEDE_CHARS]) - drop) | names,
        place_words=frozenset(w.lower() for name in places for w in _WORD.findall(name)),
        institutions=institution_words(text),
        divisions=frozenset(
            str(p["admin1"])
            for p in record.get("places") or ()
            if p.get("admin1") and str(p.get("name", "")).lower() != str(p["admin1"]).lower()
        ),
        killed=_count(record.get("killed")),
        injured=_count(record.get("injured")),
    )


def _span_days(p: Profile) -> int:
    return (p.last - p.first).days + 1 if p.first and p.last else 0


@cache
def _rare(word: str) -> bool:
    from wordfreq import zipf_frequency  # loaded on first use: its tables take a moment

    return zipf_frequency(word, "en") < KEY_NAME_MAX_ZIPF


def key_names(p: Profile) -> frozenset[str]:
    """The names an undated mention is found by: rare words of its own paragraphs and headline (a surname, a
    street, a bar: not "Report" or "Bureau") that name no place of its document; ages and numbers say too
    little alone, and a city has many events. Rare by a fixed word list, so the keys, and the cost of a
    look-up, do not depend on what the store holds."""
    return frozenset(n for n in p.names - p.place_words if ":" not in n and _rare(n))  # (no look-up for a place)


def times_meet(a: Profile, b: Profile) -> bool:
    """Whether the widened day ranges of two dated mentions overlap (two years stay apart: no lag between them)."""
    lag = not (a.precision == b.precision == "year")
    da, db = a.days(lag), b.days(lag)
    return da is not None and db is not None and da[0] <= db[1] and db[0] <= da[1]


def gates(a: Profile, b: Profile) -> bool:
    """Whether ``a`` and ``b`` may be the same event at all (type, time and place)."""
    if a.document_id == b.document_id or a.family != b.family:
        return False
    if a.days() is None or b.days() is None:
        # a document that gives no date: only one that shares a name of its own can be the same event
        return bool(a.countries & b.countries) and bool(key_names(a) & key_names(b))
    if not times_meet(a, b):
        return False
    long_a, long_b = _span_days(a) > LONG_SPAN_DAYS, _span_days(b) > LONG_SPAN_DAYS
    if long_a != long_b and _span_days(b if long_a else a) <= 14:
        return False
    return bool(a.countries & b.countries)


def shared_names(a: Profile, b: Profile) -> frozenset[str]:
    """Names in one mention's own paragraphs and anywhere in the other's document opening."""
    return (a.names & b.context) | (a.context & b.names)


def _weight(name: str, a: Profile, b: Profile) -> float:
    if name.startswith(("age:", "n:")):
        return 1.0
    if name in a.place_words or name in b.place_words or name in a.institutions or name in b.institutions:
        return PLACE_WORD_WEIGHT
    return NAME_WEIGHT


def score(a: Profile, b: Profile) -> float | None:
    """How strongly the evidence says ``a`` and ``b`` are one event; None when a gate fails. Symmetric."""
    if not gates(a, b):
        return None
    total = 0.0
    if a.first is None or b.first is None:
        total += UNDATED_PENALTY
    elif a.precision == b.precision == "day" and not (a.inferred or b.inferred):
        assert a.first and a.last and b.first and b.last
        total += 1.0 if a.first <= b.last and b.first <= a.last else 0.5
    elif PRECISION_RANK.get(a.precision or "year", 4) >= 2 or PRECISION_RANK.get(b.precision or "year", 4) >= 2:
        total += COARSE_DATE_PENALTY
    if len(a.countries) >= 2 and a.countries == b.countries:
        total += DYAD_SCORE
    near = a.fine and b.fine and km(a, b) <= NEAR_KM
    if near:
        total += NEAR_SCORE
    elif a.admin1 and a.admin1 == b.admin1:
        total += SAME_ADMIN1_SCORE
    elif ((a.fine and b.fine) or (a.admin1 and b.admin1)) and a.divisions & b.divisions:
        # located apart, but both name a place of one division ("Cincinnati's East End" put in Arkansas, a CNN
        # report's "Anderson" in Indiana, against "Cincinnati" and "Ohio"): the gazetteer's slip, not two events
        total += SAME_ADMIN1_SCORE
    elif a.fine and b.fine and a.admin1 and b.admin1 and a.admin1 != b.admin1 and km(a, b) > DISTANT_KM:
        total += DISTANT_PENALTY
    elif (a.fine and b.fine) or (a.admin1 and b.admin1):
        total += FAR_PENALTY
    shared = shared_names(a, b)
    cap = NAMES_CAP if any(":" not in n for n in shared) else NUMBERS_ONLY_CAP
    total += min(sum(_weight(n, a, b) for n in shared), cap)
    for x, y in ((a.killed, b.killed), (a.injured, b.injured)):
        if x is not None and y is not None and x == y and x > 0:
            total += 0.5
    if a.actors & b.actors:
        total += 0.5
    if a.type != b.type:
        total -= 1.0
    # the weights are tenths and quarters, and the names are summed in a set's order, which string hashing varies
    # from run to run: 0.2 + 0.2 + 0.7 + 0.2 + 0.7 is 2.0 in one order and 1.9999999999999998 in another, so a
    # score on the threshold linked in one run (or one direction) and not the next
    return round(total, 6)


def same_event(a: Profile, b: Profile) -> bool:
    s = score(a, b)
    return s is not None and s >= LINK_THRESHOLD


def placed(u: Profile, linked: Iterable[Profile]) -> frozenset[str]:
    """The ids of the mentions ``u`` may join of those of one other document it links.

    A document's mentions are different events (``within.merge`` made each event one mention). An undated mention
    whose words fit two of them whose dates do not meet tells both (a report's background, "since the fatal
    shooting of Jamar Clark on Sunday, Nov. 15", dated as its own event by one report and folded into the shooting
    by another that gives no date): no date places it, and joining both would make two events one. It joins the one
    it fits best then (the highest ``score``, the smallest id of equals) and those whose dates meet that one's, and
    the document's undated ones (the extractor keeps a background clause's toll, "since Nov. 15, when police fatally
    shot Jamar Clark", off the report's event, so its figures are the best match's). A dated mention is placed by
    its date (the time gate) and joins every one it links."""
    mentions = list(linked)
    dated = [p for p in mentions if p.first is not None]
    if u.first is None and any(not times_meet(a, b) for i, a in enumerate(dated) for b in dated[i + 1 :]):
        best = min(dated, key=lambda p: (-(score(u, p) or 0.0), p.mention_id))
        return frozenset(p.mention_id for p in mentions if p.first is None or times_meet(p, best))
    return frozenset(p.mention_id for p in mentions)


# -- blocking ---------------------------------------------------------------


def _level(p: Profile) -> str:
    n = _span_days(p) + 2 * p.slack()
    return "w" if n <= 14 else "m" if n <= 120 else "y"


def _units(level: str, first: date, last: date) -> list[str]:
    if level == "w":
        return [f"w{w}" for w in range(first.toordinal() // 7, last.toordinal() // 7 + 1)]
    if level == "m":
        return [f"m{y}-{m:02d}" for y in range(first.year, last.year + 1) for m in range(1, 13)
                if (first.year, first.month) <= (y, m) <= (last.year, last.month)]  # fmt: skip
    return [f"y{y}" for y in range(first.year, last.year + 1)]


def _places(p: Profile) -> list[str]:
    return [f"C{c}" for c in sorted(p.countries)]


def _name_keys(p: Profile, kinds: str) -> set[str]:
    """``u:`` keys name an undated mention, ``d:`` keys a dated one, by its ``key_names``."""
    places = _places(p)
    if not places:  # no key without a country: no word to look up
        return set()
    # (the names once: in the comprehension they were worked out again for every kind, and the places for each name)
    family, names = p.family, key_names(p)
    return {f"{family}|{k}:{n}|{g}" for k in kinds for n in names for g in places}


def blocks(p: Profile) -> list[str]:
    """The index keys a stored mention is filed under: a dated one under its time units and its names (an undated
    mention that comes later looks it up by name), an undated one under its names."""
    days = p.days()
    if days is None:
        return sorted(_name_keys(p, "u"))
    family, places = p.family, _places(p)
    times = {f"{family}|{t}|{g}" for t in _units(_level(p), *days) for g in places}
    return sorted(times | _name_keys(p, "d"))


def probes(p: Profile) -> list[str]:
    """The index keys to look up for a new mention: every stored mention that ``gates`` could pass is under one."""
    days = p.days()
    if days is None:
        return sorted(_name_keys(p, "du"))
    levels = ["m", "y"] if _span_days(p) > LONG_SPAN_DAYS else ["w", "m", "y"]
    times = [t for level in levels for t in _units(level, *days)]
    family, places = p.family, _places(p)
    return sorted({f"{family}|{t}|{g}" for t in times for g in places} | _name_keys(p, "u"))


def components(edges: Iterable[tuple[str, str]], nodes: Iterable[str]) -> dict[str, str]:
    """Each node's component, named by its smallest member (order-free union-find)."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {n: root(n) for n in parent}
