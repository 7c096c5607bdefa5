"""Article → event mentions: triggers, then each trigger's date, places, actors and figures.

The extractor is linguistic and explainable. For each sentence it finds the
event triggers of ``data/triggers.json``, drops those the text does not assert
(negated, hypothetical, asked for, or named only as a time reference: "before
the invasion"), and fills each remaining trigger's fields from the same
sentence, falling back to the paragraph for dates and toll sentences that
carry no trigger of their own. ``link.within`` then merges the mentions that
tell the same event.

Every field keeps the span of its evidence; nothing is invented: a mention
whose date cannot be read from the text gets the publication date's week and
says so with ``DateSpan.span = None``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Generic, TypeVar

from flashpoint.extract.actors import (
    actor_for,
    actors_kept,
    dedupe_actors,
    domestic_actors,
    governed_actor,
    organisations,
)
from flashpoint.extract.casualties import (
    find_headline_victim,
    find_victims,
    listed_after_re,
    victim_words,
)
from flashpoint.extract.dates import DateExpr, TextDates, find_dates, find_durations
from flashpoint.extract.lexicon import headline_trigger, lexicon, might_tell_events
from flashpoint.extract.numbers import NumberExpr, find_numbers
from flashpoint.extract.reference import FAR, Reference, find_reference, stamp_spans
from flashpoint.extract.scan import gated, matches_at
from flashpoint.extract.sentences import Sentence, split_sentences
from flashpoint.geo.gazetteer import Gazetteer, Hit, home_country
from flashpoint.records import PRECISIONS, Actor, Article, DateSpan, EventMention, Figure, Place, Span
from flashpoint.resources import load_json

INFOBOX_TYPES = ("battle", "invasion", "displacement", "protest", "riot")  # events an infobox's date row spans
# a named event told as one that happened: bounded in time ("the six-day war") or with its toll ("that has killed")
BOUNDED = re.compile(r"\b[\w]+-(?:day|week|month|year|дневн\w+|jours?|días?)\s+$", re.I)
DEADLY = re.compile(r"\s+(?:that|which)\s+(?:has\s+|have\s+|had\s+)?(?:killed|claimed|left)\b", re.I)
OWN_DATE_REACH = 40  # characters between a definite trigger and a date that is its own
LEGAL_DATE_REACH = 90  # characters between a legal step's subject ("accused of shooting X") and a date of that event
PARAGRAPH_REACH = 2  # how many paragraphs back a toll sentence without a trigger looks for its event
VICTIM_REACH = 4  # ... and one victim's condition
FOLD_FIGURE_REACH = 6  # paragraphs from the event an event named again would fold into: further on, no toll of it
VIOLENT = frozenset({"battle", "remote_violence", "violence_against_civilians", "riot", "invasion"})
FIGURE_TYPES: dict[str, frozenset[str]] = {
    "killed": VIOLENT | {"protest"},
    "injured": VIOLENT | {"protest"},
    "displaced": frozenset({"displacement"}),
    "troops": frozenset({"deployment", "withdrawal", "invasion"}),
    "detained": VIOLENT | {"protest", "riot"},
    "shot": VIOLENT,  # victims shot: killed or injured, settled in _finish
}
LOCATIVE = re.compile(
    r"(?:\b(?:in|inside|into|of|from|near|across|between|at|on|towards?|around|throughout|within|"
    r"neighbo(?:u)?ring|territory of|border with|в|во|на|из|под|у|по|между|en|à|au|aux|dans|de|del|desde|"
    r"cerca de|entre|hacia|sur)\s+(?:the\s+|la\s+|le\s+|el\s+|l')?(?:\w+\s+)?"
    # "in Armenia and Azerbaijan": a place joined to a place; "and called Russia to stop" names no place
    r"|\band\s+(?:the\s+)?)$",
    re.I,
)
# "invading Ukraine", "attacked Georgia": the country right after an invasion's or a strike's verb is its
# target, not a party; "bombed by the Russians": a country after "by" is the agent
TARGETED = frozenset({"invasion", "remote_violence", "violence_against_civilians"})
TARGET_GAP = re.compile(r"\s+(?:the\s+)?")
AGENT_BEFORE = re.compile(r"\b(?:by|par|por|со стороны)\s+(?:the\s+|les?\s+|la\s+|el\s+|los\s+)?$", re.I)
CONJOINED = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)\s*,?\s+and\s+(?:the\s+)?$")
DESTINATION = re.compile(r"(?:\b(?:to|into|towards?|entered|reached|arrived in|for)\s+(?:the\s+)?)$", re.I)
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]–—]|\bwhile\b|\bbut\b|\bwhereas\b")
# "forces deployed in Karabakh": a participle that describes a state, not an event
STATE_PARTICIPLE = re.compile(
    r"\b(?:(?:forces|troops|soldiers|units|contingents?|bases?|peacekeepers|regulars|reservists|[A-Z]\w* Police)|"
    r"(?:officers|deputies|guards|police)\s+(?:were|are|was|is))\s+$",
    re.I,
)
ATTRIBUTION = [
    re.compile(r"\baccording to (?:the |a )?(?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\b(?:in|by|per) (?P<who>official (?:figures|data|counts?|estimates))", re.I),
    re.compile(r"\bPer (?P<who>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3})"),
    re.compile(
        r"\b(?P<who>(?:[A-Z][\w’'-]+ ){0,4}(?:officials?|authorities|police|ministry|Ministry(?: of [A-Z]\w+)?|sources|reports))"
        r" (?:also |later |earlier |previously |have |had |has )?(?:said|says|reported|announced|claimed|stated|argue|argued)\b"
    ),
    re.compile(r"\bпо данным (?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\bselon (?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\bsegún (?P<who>[^,.;()\n]{3,60})", re.I),
]


@dataclass(slots=True)
class _Draft:
    type: str
    trigger: Span
    sentence: Sentence
    nominal: bool
    date: DateExpr | None = None
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    countries_from_places: bool = False
    figures: dict[str, Figure] = field(default_factory=dict)
    evidence: list[Span] = field(default_factory=list)
    attribution: tuple[str, Span] | None = None
    anaphoric: bool = False  # "the attack", "the most recent clashes": may tell an event already told
    own_date: bool = False  # the date was read next to the trigger, not borrowed from the paragraph
    roundup: bool = False  # told in a sentence that counts several shootings: no one incident's toll is its
    title_trigger: Span | None = None  # an event only the title tells: its trigger in the title
    background: bool = False  # told in a "since Nov. 15, when police fatally shot ..." clause: another time's event


T = TypeVar("T")


class _BySpan(Generic[T]):
    """A document's items (numbers, dates, places) by where they stand: ``within(begin, end)`` is ``[x for x in items
    if begin <= x's start and x's end <= end]``, in the items' order, read from those whose start lies in [begin,
    end] (found by bisection) instead of a pass over every item for every sentence (a page gives hundreds of each,
    and as many sentences). An item whose span ended before it started could lie outside the bisection: with one,
    every item is read."""

    __slots__ = ("_begins", "_ends", "_items", "_order", "_sorted")

    def __init__(self, items: list[T], spans: list[tuple[int, int]]) -> None:
        self._items = items
        self._begins = [b for b, _ in spans]
        self._ends = [e for _, e in spans]
        self._order = sorted(range(len(items)), key=self._begins.__getitem__)
        self._sorted: list[int] | None = [self._begins[i] for i in self._order]
        if any(e < b for b, e in spans):
            self._sorted = None

    def within(self, begin: int, end: int) -> list[T]:
        if self._sorted is None:
            return [x for x, b, e in zip(self._items, self._begins, self._ends, strict=True) if begin <= b and e <= end]
        found = sorted(self._order[bisect_left(self._sorted, begin) : bisect_right(self._sorted, end)])
        return [self._items[i] for i in found if self._ends[i] <= end]


def _resolved_dates(text_dates: TextDates, reference: Reference | None, month_first: bool) -> list[DateExpr]:
    """The text's event dates against the reference; with only its year known, relative days fall back to that year.

    The dates of stamp lines ("Posted: ...") date the page, so no event takes them.
    """
    stamps = stamp_spans(text_dates.text)
    if reference is None:
        dates = [d for d in text_dates.find(FAR, month_first) if d.explicit_year]
    else:
        dates = text_dates.find(reference.date, month_first)
    dates = [d for d in dates if not any(b <= d.begin < e for b, e in stamps)]
    if reference is None or reference.precision == "day":
        return dates
    year = reference.date.year
    return [
        d
        if d.explicit_year or d.precision not in ("day", "week")
        else DateExpr(date(year, 1, 1), date(year, 12, 31), "year", d.begin, d.finish, False)
        for d in dates
    ]


def _clause_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in CLAUSE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def _asserted(text: str, sent: Sentence, begin: int, end: int, etype: str = "") -> str | None:
    """Why the trigger at [begin, end) is not asserted as having happened, or None."""
    lex = lexicon()
    clause = text[_clause_start(text, sent.begin, begin) : begin]
    if etype in lex.not_after and lex.not_after[etype].match(text[end : end + 40]):
        return "not-this-type"
    if etype in lex.not_before and lex.not_before[etype].search(clause[-40:]):
        return "not-this-type"
    near = clause[-40:]
    if lex.negation.search(" ".join(near.split()[-3:])):
        return "negated"
    if _hypothetical(clause[-80:]):
        return "hypothetical"
    if lex.request_verbs.search(clause[-70:]):
        return "requested"
    if (
        text[begin:end].lower() in ("deployed", "stationed")
        and STATE_PARTICIPLE.search(clause[-30:])
        and re.match(r"\s+(?:in|at|on|near|along|there)\b", text[end : end + 8])
    ):
        return "state"
    if re.search(
        rf"(?:{lex.temporal_reference.pattern})\s+(?:the\s+|this\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){{0,2}}$",
        clause,
        re.I,
    ):
        return "time-reference"
    return None


# a relative clause starts a new predicate: "the truce would halt five days of attacks that took Russian forces
# deep into Georgia" asserts the attacks
RELATIVE = re.compile(r"\b(?:that|which|who|когда|котор\w+|qui|que|quien|quienes|donde|где)\s+", re.I)


def _hypothetical(scope: str) -> bool:
    """True when a modal or a cue of the unreal ("would", "plans to", "fears that") governs the end of ``scope``."""
    hyp = lexicon().hypothetical
    last = max(RELATIVE.finditer(scope), key=lambda m: m.start(), default=None)
    if last is None:
        return hyp.search(scope) is not None
    if re.search(rf"(?:{hyp.pattern})\s*$", scope[: last.end()].rstrip(), re.I):
        return True  # "fears that", "threatened that": the cue governs the clause it introduces
    return hyp.search(scope, last.end()) is not None


def _triggers(text: str, sent: Sentence) -> list[tuple[str, int, int, bool]]:
    lex = lexicon()
    chunk = text[sent.begin : sent.end]
    first = lex.trigger_starts.search(chunk)  # one quick scan: four sentences in five name no trigger at all
    if first is None:
        return []
    # each type's matches are its ``finditer``'s: it can match only where some trigger begins (its alternatives
    # are some of ``trigger_starts``'), and none begins before the first
    starts = [m.start() for m in lex.trigger_starts.finditer(chunk, first.start())]
    found: list[tuple[str, int, int, bool]] = []
    for nominal, table in ((False, lex.verb_triggers), (True, lex.noun_triggers)):
        for etype, pattern in table.items():
            for m in matches_at(pattern, chunk, starts):
                found.append((etype, sent.begin + m.start(), sent.begin + m.end(), nominal))
    found.sort(key=lambda t: (t[1], -(t[2] - t[1])))
    kept: list[tuple[str, int, int, bool]] = []
    for t in found:
        if kept and t[1] < kept[-1][2]:
            continue
        kept.append(t)
    return kept


def _retype(etype: str, text: str, sent: Sentence, begin: int) -> str:
    """An 'attack' is remote violence when weapons do it, violence against civilians when they are its target."""
    if etype != "battle":
        return etype
    word = text[begin : begin + 12].lower()
    if word.startswith(("clash", "affront", "столкн", "enfrent")) and lexicon().crowd.search(
        text[sent.begin : sent.end]
    ):
        return "riot"  # protesters clashing with police: violent unrest, not a battle between armed forces
    chunk = text[sent.begin : sent.end]
    lex = lexicon()
    if (
        word.startswith(("attack", "ambush", "assault"))
        and lex.lone_attacker.search(chunk)
        and not lex.armed_forces.search(chunk)
    ):
        return "violence_against_civilians"  # "A 24-year-old man with a shotgun ambushed officers": no battle
    if not word.startswith(("attack", "atta", "атак", "atac", "assault")):
        return etype
    if lex.weapons.search(chunk):
        return "remote_violence"
    if lex.civilian_targets.search(text[begin : min(sent.end, begin + 60)]):
        return "violence_against_civilians"
    return etype


# a date right before a trigger, at most one word between ("the 2020 war", "a 1994 cease-fire agreement"), is
# that event's own and no other's
PREMODIFIER_GAP = re.compile(r"\s+(?:[^\W\d][\w’'-]*\s+)?")
DETERMINER_BEFORE = re.compile(r"(?<![\w-])(?:the|a|an|that|this)\s+$", re.I)


def _pick_date(
    text: str, dates: list[DateExpr], triggers: list[tuple[str, int, int, bool]], me: tuple[str, int, int, bool]
) -> DateExpr | None:
    best: tuple[int, DateExpr] | None = None
    for d in dates:
        lo, hi = (d.finish, me[1]) if d.finish <= me[1] else (me[2], d.begin)
        if lo > hi:
            continue
        if any(t is not me and not t[3] and lo <= t[1] < hi for t in triggers):
            continue  # another event's verb trigger stands between this date and ours ("war" in "a state of war" does not)
        if any(t is not me and t[1] >= d.finish and PREMODIFIER_GAP.fullmatch(text, d.finish, t[1]) for t in triggers):
            continue  # "families who stayed for the 2020 war are fleeing": 2020 dates the war, not the flight
        dist = hi - lo
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


def _legal_date(
    text: str, dates: list[DateExpr], triggers: list[tuple[str, int, int, bool]], me: tuple[str, int, int, bool]
) -> DateExpr | None:
    """The date of an event named as a legal step's subject: one right before its trigger ("charges stem from the
    December 27 fatal shooting") or after it in its clause ("accused of shooting Ricky Hambrick on the night of
    Dec. 19", "charged in connection with a shooting Thursday"); a date before the step dates the step ("was
    arrested Friday for shooting a man"), and so does one after another step ("was arraigned Monday")."""
    picked = _pick_date(text, dates, triggers, me)
    if picked is None or picked.precision == "year":
        return None  # "indicted in the 2014 shooting death": an old case, not dated by this report
    if picked.finish <= me[1]:
        named = PREMODIFIER_GAP.fullmatch(text, picked.finish, me[1]) and DETERMINER_BEFORE.search(
            text, max(0, picked.begin - 8), picked.begin
        )
        return picked if named else None  # "the Jan. 13 shooting death", not "arrested Friday for shooting"
    between = text[me[2] : picked.begin]
    if ";" in between or lexicon().legal_step_after.search(between) or len(between) > LEGAL_DATE_REACH:
        return None
    return picked


WHEN_REACH = 30  # characters between a time of day and the date it sits next to ("10 p.m. Saturday")


def _told_when(
    text: str, sent: Sentence, dates: list[DateExpr], reference: Reference | None, drafts: list[_Draft]
) -> None:
    """A sentence with no event of its own that says when the event told before it happened dates that event when
    nothing else did: "It happened Saturday afternoon at the Carriage House East Apartments", "Police say they
    found the five bodies inside a home ... just after 10 p.m. Saturday", "Deputies responded around 10 a.m.
    Sunday". The date must be a day, not after the report, next to a time of day or in a sentence that says the
    event took place; the event is the last violent one told, and only when it has no date."""
    if reference is None or reference.precision != "day":
        return
    target = next((d for d in reversed(drafts) if d.type in VIOLENT), None)
    if target is None or target.date is not None:
        return
    lex = lexicon()
    happened = lex.happened.search(text, sent.begin, sent.end) is not None
    for d in dates:
        if d.precision != "day" or d.start > reference.date:
            continue
        near = text[max(sent.begin, d.begin - WHEN_REACH) : min(sent.end, d.finish + WHEN_REACH)]
        if happened or lex.clock.search(near):
            target.date = d
            return


DAY_REACH = 60  # characters around a day in which its nearest word of violence or of a step is looked for


def _nearest_cue(text: str, sent: Sentence, d: DateExpr, pattern: re.Pattern[str]) -> int | None:
    """How far from the day ``d`` the nearest match of ``pattern`` in its clause is (None: none)."""
    lo, hi = max(sent.begin, d.begin - DAY_REACH), min(sent.end, d.finish + DAY_REACH)
    before = [m.end() for m in pattern.finditer(text, lo, d.begin) if not CLAUSE_BREAK.search(text, m.end(), d.begin)]
    after = [
        m.start() for m in pattern.finditer(text, d.finish, hi) if not CLAUSE_BREAK.search(text, d.finish, m.start())
    ]
    gaps = [d.begin - e for e in before[-1:]] + [b - d.finish for b in after[:1]]
    return min(gaps) if gaps else None


def _day_told_elsewhere(
    text: str, sentences: list[Sentence], dates: list[DateExpr], reference: Reference | None, drafts: list[_Draft]
) -> None:
    """The report's first violent event, when nothing dated it, takes the first day the report gives (not after
    the report) whose nearest word in its clause tells violence rather than a step of the case or of the telling
    ("An 11-year-old Detroit boy was arrested after he allegedly killed a 3-year-old with a handgun Monday",
    "wounded his 11-year-old brother in a Sept. 25 drive-by shooting"; not "Bond was set Friday")."""
    if reference is None or reference.precision != "day":
        return
    target = next((d for d in drafts if d.type in VIOLENT), None)
    if target is None or target.date is not None or any(d.date is not None for d in drafts if d.type in VIOLENT):
        return  # (a dated telling of the violence is the one the document's tellings merge into)
    lex = lexicon()
    for d in sorted(dates, key=lambda x: x.begin):
        if d.precision != "day" or d.start > reference.date:
            continue
        sent = next((s for s in sentences if s.begin <= d.begin < s.end), None)
        if sent is None:
            continue
        violence = _nearest_cue(text, sent, d, lex.day_violence)
        step = _nearest_cue(text, sent, d, lex.day_step)
        if violence is not None and (step is None or violence < step):
            target.date = d
            return


def _nearest_trigger(
    text: str, hit: Hit, triggers: list[tuple[str, int, int, bool]], me: tuple[str, int, int, bool]
) -> bool:
    """True when no other trigger stands between ``hit`` and the trigger ``me``, save one joined to ``me``."""
    lo, hi = (hit.end, me[1]) if hit.end <= me[1] else (me[2], hit.begin)
    return not any(t is not me and lo <= t[1] < hi and not _coordinated(text, t, me) for t in triggers)


COORDINATION = re.compile(r"\s*(?:,|\band\b|\bor\b|\bи\b|\bили\b|\bet\b|\bou\b|\by\b|\bo\b)\s*", re.I)


def _coordinated(text: str, a: tuple[str, int, int, bool], b: tuple[str, int, int, bool]) -> bool:
    """True for two verb triggers joined by a conjunction ("Gori was looted and bombed by the Russians"):
    they share their place and their agent."""
    if a[3] or b[3]:
        return False
    first, second = (a, b) if a[1] < b[1] else (b, a)
    return COORDINATION.fullmatch(text, first[2], second[1]) is not None


def _place(hit: Hit) -> Place:
    e = hit.entry
    return Place(hit.text, Span(hit.begin, hit.end), e.country, e.lat, e.lon, e.kind, e.admin1, e.geonameid)


def _title_places(article: Article, hits: list[Hit]) -> list[Place]:
    """Places of a title the cleaner took out of the body, with their span in the raw input."""
    at = article.raw_text.find(article.title) if article.title and hits else -1
    if at < 0:
        return []
    return [replace(_place(h), span=Span(0, 0), raw=Span(at + h.begin, at + h.end)) for h in hits]


def _is_locative(text: str, hit: Hit, sent: Sentence) -> bool:
    if hit.entry.kind not in ("country",):
        return hit.entry.kind != "demonym"
    if hit.text.endswith(("'s", "’s")):
        return False  # "before and during Russia's invasion": the country owns what follows, it is not the scene
    before = text[max(sent.begin, hit.begin - 40) : hit.begin]
    m = LOCATIVE.search(before)
    if m is None:
        return False
    joined = CONJOINED.search(text, max(sent.begin, hit.begin - 60), hit.begin)
    if joined and re.fullmatch(r"and\s+(?:the\s+)?", m.group(0).strip() + " ", re.I):
        # "in Armenia and Azerbaijan" is two places, "Tajikistan and Kyrgyzstan signed" two parties: a name
        # joined by "and" is a place only when the name before it is one
        prev = joined.start("name")
        return bool(LOCATIVE.search(text[max(sent.begin, prev - 40) : prev]))
    return True


# "Nikolai Wasilewski, 17, has been charged", "Jr., 11,", "High School student, 17, fatally shot": an age
APPOSITION = re.compile(r"(?<![\w’'-])[A-Za-z][\w'’.-]*,\s*(?:(?:then|now)\s+)?$")  # "Carlos, then 18, was shot"
# what closes an age in apposition ("Obeshaw, 57 — shot", "killing Jamal Berry, 30 after an argument")
AGE_AFTER = re.compile(r"\s*(?:[,)—–;.]|-\s|and\s+[A-Z]|$)|\s+(?:after|before|when|while|who|whose)\b")
SELF_AFTER = re.compile(
    r"\s+(?:[a-z]+\s+){0,2}(?:and|before)\s+(?:then\s+)?(?:killing\s+|shooting\s+)?(?:him|her)self\b"
)
# "two brothers, ages 11 and 16", "he turned 21 shortly before he was killed"
AGES = re.compile(r"\b(?:ages?|aged|turn(?:ed|s|ing)?)\s+(?:\d{1,3}\s*(?:,|and|to|-)\s*)*$", re.I)
COUNTER = re.compile(r"\b\d+\s+(?:of|/)\s*$")  # "Image 2 of 9"
PHONE = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:ed|led)?|at|phone|tel\.?)\s+$", re.I)  # "called 911"
ALL_OF = re.compile(r"(?<![\w-])(?:all|both)\s+$", re.I)  # "All five had gunshot wounds": victims told again
PARENT_OF = re.compile(  # "a father of three", "mother of 2": children had, not victims
    r"(?<![\w-])(?:(?:grand|step)?(?:father|mother|parent|dad|mom)s?|single (?:dad|mom)) of\s+$", re.I
)
MONTH_DAY = re.compile(r"\b(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.\s*$")  # "since Nov. 15, when police"
PHONE_NUMBER = re.compile(r"(?<!\d)\(?\d{3}\)?[\s.-]?\d{3}[.-]\d{4}(?!\d)")  # "call 303-739-6067", "(210) 555-0134"
MONEY = re.compile(r"(?:[$€£¥₽₴₹]|\b(?:USD|EUR|GBP|RUB)\s?)$")  # "bond was set at $1 million": an amount


NAME_BEFORE = re.compile(r"(?<![\w’'-])(?-i:[A-Z][\w’'&-]*) $")  # "Action News 5", "Cleveland 19", "WSMV Channel 4"
INFOBOX_LABEL = re.compile(r"(?P<label>[^\W\d][\w ]{2,30}?)\s*[|:]\s*$")  # "Displaced | ", "Fatalities: "
CALL_SIGN = re.compile(r"(?<![\w’'-])(?-i:[A-Z]{2,5}) $")  # "CBS 58 - Fatal Shooting Marks ...": a station's name


@cache
def _not_violence_re() -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + load_json("figures.json")["not_violence"]["pattern"] + r")(?![\w-])", re.I)


@cache
def _counted_re() -> re.Pattern[str]:
    """A word that says a number counts people: a person noun ("children", "soldiers") or a figure cue."""
    figs = load_json("figures.json")
    persons = [
        *figs["victims"]["persons"],
        figs["infobox_casualties"]["persons"],
        "people",
        "men",
        "women",
        "children",
        "others",
        "victims",
        "adults",
    ]
    cues = [c for words in figs["cues"].values() for c in words]
    alt = "|".join(sorted([*persons, *cues], key=len, reverse=True))
    return re.compile(rf"\s*(?:[\w-]+\s+)?(?:{alt})(?:s|es)?(?![\w-])", re.I)


@cache
def _listed_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One victim named before a count in the same list, and a verb before that list (figures.json)."""
    v = load_json("figures.json")["victims"]
    person = "(?:" + "|".join(sorted(v["persons"], key=len, reverse=True)) + ")"
    listed = re.compile(v["listed_before"]["pattern"].format(person=person), re.I)
    return listed, re.compile(rf"(?<![\w-]){v['listed_before']['verb']}", re.I)


@cache
def _group_join_re() -> re.Pattern[str]:
    """What joins one group of people counted to the next ("three women and one man", "3 Men, 1 Female"):
    the first group's person noun, then a comma or "and" right before the next count."""
    v = load_json("figures.json")["victims"]
    alt = "|".join(sorted([*v["persons"], *v["plural_persons"]], key=len, reverse=True))
    return re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{alt})(?:s|es)?\s*(?:,\s*(?:and\s+)?|and\s+)$", re.I)


LIST_VERB_KIND = {"shot": "shot", "shoo": "shot", "kill": "killed", "woun": "injured", "inju": "injured"}


def _in_phone_number(text: str, n: NumberExpr) -> bool:
    """The number is a piece of a telephone number ("Homicide Unit at 303-739-6067")."""
    around = PHONE_NUMBER.finditer(text, max(0, n.number_begin - 14), min(len(text), n.finish + 14))
    return any(m.start() <= n.number_begin < m.end() for m in around)


def _figure_kind(text: str, n: NumberExpr, sent: Sentence) -> str | None:
    lex = lexicon()
    after = text[n.finish : min(sent.end, n.finish + 45)]
    if lex.not_people.match(after) or _not_violence_re().match(after):
        return None  # ... or deaths that were no violence ("two students killed in a traffic accident")
    before = text[max(sent.begin, n.begin - 70) : n.begin]
    proper = NAME_BEFORE.search(before)
    if (
        proper
        # not the sentence's first word ("All four"), unless a call sign ("CBS 58")
        and (text[sent.begin : n.begin - len(proper.group(0))].strip() or CALL_SIGN.search(before))
        and n.begin == n.number_begin
        and not _counted_re().match(after)
    ):
        return None  # a number in a name ("told Cleveland 19 that she is recovering"), not a count
    if (
        (APPOSITION.search(before) and AGE_AFTER.match(after) and (n.value or 0) < 120)
        or AGES.search(before)
        or COUNTER.search(before)
        or MONTH_DAY.search(before)
        or MONEY.search(before)
        or _in_phone_number(text, n)
        or (PHONE.search(before) and n.value is not None and n.value >= 100)
        or PARENT_OF.search(before)
    ):
        return None
    lead = len(after) - len(after.lstrip())
    for name in ("displaced", "killed", "injured", "detained"):
        if lex.figure_cues[name].match(after, lead):
            return name  # "139 wounded 136,000 evacuated": the word right after a number says what it counts
    # (read only where the text before ends in "|" or ":" and white space: the pattern, tried at every place,
    # cost more than the rest of this function)
    label = INFOBOX_LABEL.search(before) if before.rstrip()[-1:] in ("|", ":") else None
    if label:  # an infobox row: "Displaced | Over 100,617", "Fatalities: 14+"
        for name, pattern in lex.figure_cues.items():
            if pattern.fullmatch(label.group("label").strip()):
                return name
    # a verb right before the number and its white space begins at most its own reach before the white space that
    # ends the text (every ``\s`` is white space to ``rstrip``): searched from there, the lookbehind still sees
    # the character before
    last = len(before.rstrip())
    for name, pattern in lex.verb_before.items():
        if pattern.search(before, max(0, last - lex.verb_before_reach[name])):
            return None if name == "suspects" else name
    verb = _listed_res()[1].search(before)
    if verb and _listed_res()[0].search(before):  # "shot his girlfriend and her three teenage daughters"
        return LIST_VERB_KIND[verb.group(0)[:4].lower()]
    stop = re.search(r"[.;:()\[\]]", after)
    after = after[: stop.start()] if stop else after
    best: tuple[int, str, int] | None = None
    for name, pattern in lex.figure_cues.items():
        m = pattern.search(after)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name, m.end())
    if best is not None and best[1] == "troops":
        # "12 of its soldiers had been killed", "80 servicemen killed": soldiers counted by what befell them
        fate = after[best[2] : best[2] + 30]
        for name in ("killed", "injured", "detained"):
            m = lex.figure_cues[name].search(fate)
            if m and not re.search(r"[,;]|\band\b", fate[: m.start()]):
                return name
    if best is not None:
        return best[1]
    nearest: tuple[int, str] | None = None  # "killed one man and injured 16 people": the nearest cue before
    for name, pattern in lex.figure_cues.items():
        if name in ("killed", "injured"):
            for m in pattern.finditer(before):
                if nearest is None or m.end() > nearest[0]:
                    nearest = (m.end(), name)
    return nearest[1] if nearest else None


@cache
def _roundup_re() -> re.Pattern[str]:
    return re.compile(load_json("figures.json")["roundup"]["pattern"], re.I)


def _roundup(text: str, sent: Sentence) -> bool:
    """A sentence that counts the victims of several shootings ("2 dead, 8 wounded in separate shootings"):
    its counts are no one event's toll (figures.json ``roundup``)."""
    return _roundup_re().search(text, sent.begin, sent.end) is not None


@cache
def _background_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    b = load_json("figures.json")["background"]
    # the two clause patterns open with a look-behind, which re tries at every character: gated, they skip in C
    # to the characters a match can begin with (the same matches)
    return (gated(b["since_when"], re.I), gated(b["period"], re.I), re.compile(b["clause_break"], re.I))


def _background_spans(text: str, sent: Sentence) -> list[tuple[int, int, bool]]:
    """The clauses of a sentence that tell another time than the report's event (figures.json ``background``):
    "since Nov. 15, when police fatally shot Jamar Clark" up to the sentence's end, and the clause around a
    stretch of time a count covers ("where at least six more people have been wounded since last weekend"), which
    holds no one victim's toll ("The teen killed in a skate park shooting had been charged ... in the past few
    months"): the flag says which."""
    since_when, period, brk = _background_res()
    spans = []
    for m in since_when.finditer(text, sent.begin, sent.end):
        semi = text.find(";", m.end(), sent.end)
        spans.append((m.start(), sent.end if semi < 0 else semi, False))
    for m in period.finditer(text, sent.begin, sent.end):
        lo = max((b.end() for b in brk.finditer(text, sent.begin, m.start())), default=sent.begin)
        after = brk.search(text, m.end(), sent.end)
        spans.append((lo, after.start() if after else sent.end, True))
    return spans


def _background_target(
    kind: str, fig: Figure, spans: list[tuple[int, int, bool]], here: list[_Draft]
) -> tuple[bool, _Draft | None]:
    """Whether a figure is told in a background clause, and then the event that clause tells and dates itself, if
    any (else no event of the report has it)."""
    if fig.title is not None:
        return False, None
    one = fig.best == 1 and fig.qualifier == "exact"
    inside = [(b, e) for b, e, count in spans if b <= fig.span.start < e and not (count and one)]
    for b, e in inside:
        for d in here:
            if (
                b <= d.trigger.start < e
                and d.date is not None
                and b <= d.date.begin < e
                and d.type in FIGURE_TYPES[kind]
                and _lacks(d, kind)
            ):
                return True, d
    return bool(inside), None


INCLUDING = re.compile(r"\bincluding\s+(?:\w+\s+){0,2}?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)


def _figures(
    text: str, sent: Sentence, numbers: list[NumberExpr], hits: list[Hit], roundup_doc: bool = False
) -> list[tuple[str, Figure]]:
    """The figures a sentence gives (``numbers``: the sentence's, in the document's order), with by-side breakdowns
    folded into their headline. In a round-up (its title
    counts several shootings) a count a sentence breaks down ("Seven men were wounded ..., including four men who
    were shot by a lone gunman") is the round-up's total again."""
    out: list[tuple[str, Figure]] = []
    in_sent = numbers
    i = 0
    while i < len(in_sent):
        n = in_sent[i]
        kind = _figure_kind(text, n, sent)
        if kind in ("injured", "shot") and ALL_OF.search(text, max(sent.begin, n.begin - 10), n.begin):
            kind = None  # "found dead inside the home ... All five had gunshot wounds": the dead, told again
        if kind is None or (
            kind in ("killed", "injured", "shot")
            and (_roundup(text, sent) or (roundup_doc and INCLUDING.search(text, n.finish, sent.end)))
        ):
            i += 1
            continue
        parts: list[tuple[str, int]] = []
        j = i + 1
        while j < len(in_sent) and in_sent[j].value is not None and in_sent[j].begin - n.finish < 80:
            nxt = in_sent[j]
            side = next((h for h in hits if nxt.finish <= h.begin <= nxt.finish + 3 and h.entry.country), None)
            if side is None:
                break
            parts.append((side.entry.country or "", nxt.value or 0))
            j += 1
        best, low, high = n.best, n.low, n.high
        end = in_sent[j - 1].finish if parts else n.finish
        if len(parts) >= 2:
            total = sum(v for _, v in parts)
            best = total
            low = total if low is None or n.qualifier in ("nearly", "about", "at_most") else low
            high = high if high is not None else None
            i = j
        else:
            parts = []
            i += 1
            # groups of people counted one after another share the cue after the last ("three women and one man
            # injured", "injuring four men and two women"): one count, their sum
            while (
                kind in ("killed", "injured", "shot")
                and best is not None
                and i < len(in_sent)
                and in_sent[i].best is not None
                and _group_join_re().match(text[end : in_sent[i].begin])
                and _figure_kind(text, in_sent[i], sent) == kind
            ):
                nxt = in_sent[i]
                best, low, high = _plus(best, low, high, nxt.best or 0)
                end = nxt.finish
                i += 1
        if (
            kind in ("killed", "injured", "shot")
            and not parts
            and best is not None
            and (more := listed_after_re().match(text, end, sent.end))
        ):
            best, low, high = _plus(best, low, high, 1)  # "two teenagers and a young man were shot": three
            end = more.end()
        start = n.begin
        if (
            kind in ("killed", "injured", "shot")
            and not parts
            and best is not None
            and (listed := _listed_res()[0].search(text, max(sent.begin, n.begin - 120), n.begin))
        ):
            best, low, high = _plus(best, low, high, 1)  # "a mother and her two children": the one named first too
            start = listed.start()  # the figure's words take in the victim named first, told by no phrase of its own
        if kind == "killed" and not parts and best is not None and SELF_AFTER.match(text, n.finish, sent.end):
            best, low, high = _plus(best, low, high, 1)  # "killed three people and then himself": the shooter too
        out.append((kind, Figure(best, low, high, n.qualifier, Span(start, end), tuple(parts))))
    return out


def _plus(best: int, low: int | None, high: int | None, more: int) -> tuple[int, int | None, int | None]:
    """A count raised by ``more`` people: the bounds the text gave move to it, an open bound stays open."""
    best += more
    return best, best if low is not None else None, best if high is not None else None


def _with_victims(
    figures: list[tuple[str, Figure]], victims: list[tuple[str, Figure]], text: str
) -> list[tuple[str, Figure]]:
    """Number figures and one-victim phrases of a sentence, in text order; a number wins where both read the same words."""
    out = list(figures)
    kept = [
        (kind, fig)
        for kind, fig in victims
        if not any(f.span.start < fig.span.end and fig.span.start < f.span.end for _, f in figures)
    ]
    for kind in dict.fromkeys(k for k, _ in kept):
        same = [f for k, f in kept if k == kind]
        if len(same) > 1 and not any(k == kind for k, _ in figures):
            # victims told one by one in one sentence ("the uncle was shot in the hand, while the child was shot
            # in the chest") are summed; a person noun said again ("... the girl was shot in the head") is the
            # same victim told again
            seen: set[str] = set()
            total = 0
            for f in same:
                words = victim_words(text[f.span.start : f.span.end])
                if total and (not words or words & seen):
                    continue
                seen |= words
                total += f.best or 0
            same = [Figure(total, total, total, "exact", Span(same[0].span.start, same[-1].span.end))]
        out.extend((kind, f) for f in same)
    out.sort(key=lambda kf: kf[1].span.start)
    return out


@cache
def _infobox_date_re() -> re.Pattern[str]:
    """An infobox's date row (``triggers.json`` ``infobox_date``), compiled once a process: the data file was read
    and parsed again at each call (0.1 ms a page)."""
    labels = "|".join(load_json("triggers.json")["infobox_date"]["labels"])
    return re.compile(rf"(?m)^(?:{labels})(?:\s*[|:]\s*|\s*\n\s*|(?=\d)|(?=[A-ZА-Я])|\s+)(?P<rest>[^\n]{{4,80}})")


def _infobox_date(text: str, reference: Reference | None) -> DateExpr | None:
    """The span an encyclopedia infobox's date row gives ("Date | 24 September 2023 – 3 October 2023",
    "DateAugust 7, 2008"), with its place in the text."""
    m = _infobox_date_re().search(text[:6000])
    if m is None:
        return None
    found = [d for d in find_dates(m.group("rest"), reference.date if reference else FAR) if d.explicit_year]
    if not found:
        return None
    first = found[0]
    return DateExpr(
        first.start, first.end, first.precision, m.start("rest") + first.begin, m.start("rest") + first.finish
    )


def _infobox_battle(
    text: str, reference: Reference | None, sentences: list[Sentence], hits: list[Hit], drafts: list[_Draft]
) -> _Draft | None:
    """A war's infobox ("Belligerents" over the list of its sides) tells a battle between the countries listed under
    the label, over the span of the infobox's date row. The page's own telling of that war (a battle whose date
    meets the row's) takes the sides it lacks; without one, the infobox's battle is coded on its own."""
    lex = lexicon()
    at = next(
        (i for i, s in enumerate(sentences) if s.begin < 8000 and lex.infobox_battle.fullmatch(s.text.strip(" |"))),
        None,
    )
    if at is None:
        return None
    label = sentences[at]
    sides_end = label.end
    for s in sentences[at + 1 : at + 12]:
        if lex.infobox_end.match(s.text):
            break
        sides_end = s.end
    sides: list[Actor] = []
    for h in hits:
        listed = label.end <= h.begin < sides_end and h.entry.kind in ("country", "demonym")
        if listed and h.entry.country and h.entry.country not in {a.country for a in sides}:
            sides.append(Actor(h.text, h.entry.country, "state_forces", Span(h.begin, h.end)))
    box = _infobox_date(text, reference)
    if box is None:
        return None
    for d in drafts:
        if d.type == "battle" and d.date is not None and d.date.start <= box.end and box.start <= d.date.end:
            d.actors.extend(a for a in sides if a.country not in {o.country for o in d.actors})
            return d
    war = _Draft("battle", Span(label.begin, label.end), label, nominal=False, date=box, actors=sides)
    war.evidence = [Span(label.begin, sides_end)]
    war.own_date = True
    drafts.append(war)
    return war


CASUALTY_KINDS = ("killed", "injured", "detained")
CASUALTY_ROWS = 40  # how many lines after its label an infobox's casualty rows may run
FOOTNOTES = re.compile(r"\s*\[(?:\d+|[a-z]|note \d+|citation needed)\]")
BLOCK_LABEL = re.compile(r"(?P<label>[^\d:|]{2,60}?)\s*:\s*(?P<rest>.*)$")


@cache
def _casualty_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    spec = load_json("figures.json")["infobox_casualties"]
    label = re.compile(rf"(?:{'|'.join(spec['labels'])})", re.I)
    claim = re.compile(rf"(?<!\w)(?:{spec['claim']})(?!\w)", re.I)
    persons = re.compile(rf"\s*(?:{spec['persons']})(?!\w)", re.I)
    return label, claim, persons


def _casualty_rows(sentences: list[Sentence]) -> list[Sentence]:
    """The rows of an infobox's casualties ("Casualties and losses" alone on its line, then one short line a
    figure) up to the first line of running text."""
    label = _casualty_res()[0]
    at = next((i for i, s in enumerate(sentences) if s.begin < 12000 and label.fullmatch(s.text.strip(" |\t"))), None)
    if at is None:
        return []
    rows: list[Sentence] = []
    for s in sentences[at + 1 : at + 1 + CASUALTY_ROWS]:
        if len(s.text.split()) >= 15 and re.search(r"[.!?]\s*(?:\[\d+\])*\s*$", s.text):
            break  # prose: the article's text after the infobox
        rows.append(s)
    return rows


def _row_counts(
    text: str, sent: Sentence, numbers: list[NumberExpr], figures: list[tuple[str, Figure]]
) -> list[tuple[str, Figure]]:
    """A casualty row's figures: a bare count of people ("South Ossetia 133 civilians", "64 soldiers") is a
    count of the dead."""
    persons = _casualty_res()[2]
    out = [(k, f) for k, f in figures if k in CASUALTY_KINDS]
    for k, f in figures:
        if k == "troops" and persons.match(text, f.span.end):
            out.append(("killed", f))
    for n in numbers:
        if not (sent.begin <= n.begin and n.finish <= sent.end) or n.best is None and n.low is None:
            continue
        if any(f.span.start <= n.begin < f.span.end for _, f in figures):
            continue
        if persons.match(text, n.finish) and _figure_kind(text, n, sent) is None:
            out.append(("killed", Figure(n.best, n.low, n.high, n.qualifier, Span(n.begin, n.finish))))
    out.sort(key=lambda kf: kf[1].span.start)
    return out


def _casualty_totals(text: str, rows: list[Sentence], figures: list[tuple[Sentence, str, Figure]]) -> dict[str, Figure]:
    """Each side's own losses summed: a block labelled as a party's claim or estimate about its enemy
    ("Armenian claim:", "Georgian estimate:") is left out; within one row (or one cell of a row split by "|")
    a second figure of a kind is another source's count of the same losses ("83 killed (per RFE/RL) 200+
    killed"), not more of them."""
    claim = _casualty_res()[1]
    counted = True
    firsts: dict[tuple[int, int, str], Figure] = {}
    for s in rows:
        line = FOOTNOTES.sub("", s.text).strip(" |•\t")
        m = BLOCK_LABEL.match(line)
        if m and len(m.group("label").split()) <= 6:
            counted = claim.search(m.group("label")) is None
        if not counted:
            continue
        for row, kind, fig in figures:
            if row is s:
                firsts.setdefault((s.begin, text.count("|", s.begin, fig.span.start), kind), fig)
    totals: dict[str, Figure] = {}
    for kind in CASUALTY_KINDS:
        parts = [f for (_, _, k), f in firsts.items() if k == kind]
        values = [f.best if f.best is not None else f.low for f in parts]
        if not parts or any(v is None for v in values):
            continue
        best = sum(v or 0 for v in values)
        highs = [f.high for f in parts]
        high = sum(h or 0 for h in highs) if all(h is not None for h in highs) else None
        exact = all(f.qualifier == "exact" for f in parts)
        span = Span(min(f.span.start for f in parts), max(f.span.end for f in parts))
        totals[kind] = Figure(best, best, high if exact else None, "exact" if exact else "at_least", span)
    return totals


def _give_casualties(rows: list[Sentence], totals: dict[str, Figure], war: _Draft | None, drafts: list[_Draft]) -> None:
    """An infobox's casualties are the toll of the war it describes: the battle its date row dates, else the
    first battle told after it (the page's account of the war), else the page's first battle."""
    if not totals:
        return
    end = rows[-1].end
    battles = [d for d in drafts if d.type == "battle"]
    target = war or next((d for d in battles if d.sentence.begin >= end), None) or next(iter(battles), None)
    if target is None:
        return
    for kind, fig in totals.items():
        old = target.figures.get(kind)
        if old is None or old.qualifier == "vague":  # the rows' sum over a "dozens of injuries"
            target.figures[kind] = fig
    rows_span = Span(rows[0].begin, end)
    if rows_span not in target.evidence:
        target.evidence.append(rows_span)
        target.evidence.sort(key=lambda sp: sp.start)


def _date_from_infobox(text: str, reference: Reference | None, drafts: list[_Draft], title: str | None) -> None:
    """An encyclopedia infobox's date row ("Date | 24 September 2023 – 3 October 2023") dates the event its title
    names ("Exodus of Armenians from Nagorno-Karabakh": the displacement), else the page's first event: the row's
    span replaces a coarser date or a day inside it ("Displaced | Over 100,617 as of 3 October 2023")."""
    named = {t[0] for t in _triggers(title, Sentence(0, len(title), 0, title))} if title else set()
    top = [d for d in drafts if d.sentence.paragraph <= 1 and d.type in INFOBOX_TYPES]
    event = next((d for d in top if d.type in named), None)
    if event is None:
        if not drafts or drafts[0] not in top:
            return
        event = drafts[0]
    box = _infobox_date(text, reference)
    if box is None:
        return
    if event.date is None:
        event.date = box
        return
    finer = PRECISIONS.index(event.date.precision) > PRECISIONS.index(box.precision)  # "September 2023" → the days
    within = event.date.start <= box.start and box.end <= event.date.end
    inside = box.start <= event.date.start and event.date.end <= box.end
    longer = inside and box.end - box.start > event.date.end - event.date.start  # "as of 3 October" → the row's span
    if (finer and within) or longer:
        event.date = box


OWN_SIDE = re.compile(r"\s+of\s+(?:its|their|his|her)\b", re.I)  # "12 of its soldiers": the sentence's country


def _toll_side(text: str, fig: Figure, hits: Sequence[Hit]) -> str | None:
    """Whose losses a toll counts: the country word on its noun ("18 Armenian soldiers"), or for "12 of its
    soldiers" the last country named before it in its sentence ("Azerbaijan officials as saying that ...")."""
    if fig.by_side or fig.best is None:
        return None
    for h in hits:
        if fig.span.end < h.begin <= fig.span.end + 3 and h.entry.kind in ("demonym", "country") and h.entry.country:
            return h.entry.country
    if not OWN_SIDE.match(text, fig.span.end):
        return None
    start = max(text.rfind(". ", 0, fig.span.start), text.rfind("\n", 0, fig.span.start), 0)
    named = [h for h in hits if start <= h.begin < fig.span.start and h.entry.kind in ("demonym", "country")]
    return named[-1].entry.country if named and named[-1].entry.country else None


def _sides_summed(text: str, old: Figure, new: Figure, hits: Sequence[Hit]) -> Figure | None:
    """Two tolls of one event, each one side's own losses, summed by side (a lower bound of the whole toll)."""
    if old.title is not None or new.title is not None:
        return None  # a title's toll: no words around it in the text say whose losses it counts
    a, b = _toll_side(text, old, hits), _toll_side(text, new, hits)
    if a is None or b is None or a == b or old.best is None or new.best is None:
        return None
    total = old.best + new.best
    return Figure(total, total, None, "at_least", Span(old.span.start, new.span.end), ((a, old.best), (b, new.best)))


@cache
def _revised_re() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{load_json('figures.json')['revised']['pattern']})\s*$", re.I)


@cache
def _anaphora_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    spec = load_json("triggers.json")["anaphora"]
    determiner = re.compile(
        rf"(?<![\w-])(?:{'|'.join(spec['determiners'])})(?:\s+|(?<=['’]))(?:[^\W\d][\w’'-]*\s+){{0,2}}$", re.I
    )
    generic = re.compile(rf"(?:{'|'.join(spec['generic'])})$", re.I)
    return determiner, generic


def _anaphor(text: str, sent: Sentence, t: tuple[str, int, int, bool]) -> bool:
    determiner, _ = _anaphora_res()
    return determiner.search(text, max(sent.begin, t[1] - 40), t[1]) is not None


def _generic(text: str, d: _Draft) -> bool:
    return d.type in VIOLENT and _anaphora_res()[1].match(text[d.trigger.start : d.trigger.end]) is not None


def _far_anaphors_tell_no_toll(text: str, drafts: list[_Draft]) -> None:
    """An event named again (``_fold_anaphors``) far from the last event it could name keeps no toll: "Meanwhile,
    protesters in Chicago ... after a white police officer was indicted on murder charges in the 2014 shooting death
    of a 17-year-old", thirteen paragraphs into a report of a Minneapolis shooting, tells another incident's dead.
    Done before the shot are settled, so the Minneapolis shooting's shot are not counted less that death."""
    for i, d in enumerate(drafts):
        if d.own_date or not d.anaphoric or not d.figures:
            continue
        earlier = [o for o in drafts[:i] if o.type == d.type or (_generic(text, d) and o.type in VIOLENT)]
        if earlier and d.sentence.paragraph - earlier[-1].sentence.paragraph > FOLD_FIGURE_REACH:
            d.figures.clear()


def _fold_anaphors(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Fold each event named again into the one it names.

    "Denis Kozyr was killed in the attack" after "Russian forces launched a missile strike on a café", or "the
    most recent clashes" after the clashes themselves, tell no new event: a definite trigger without a date of its
    own gives its evidence, and the figures the earlier event lacks, to the last earlier event of its type (any
    violent event for a generic word such as "attack"). A headline's "Attack on Kyiv Shopping Center", before
    any event, names the first dated violent event after it.
    """
    kept: list[_Draft] = []
    for i, d in enumerate(drafts):
        headline = _generic(text, d) and not any(o.type in VIOLENT for o in kept)
        fits = [o for o in kept if o.type == d.type or (_generic(text, d) and o.type in VIOLENT)]
        if (
            d.own_date
            and d.anaphoric
            and d.type in VIOLENT
            and fits
            and fits[-1].date is None
            and d.date is not None
            and d.date.precision == "day"
        ):
            # "Baltimore police announced the arrest of a man they believe shot six people", then "Alexander was
            # charged in connection with a homicide that occurred Nov. 30": the event told without a date is
            # the one named again with its date
            fits[-1].date, fits[-1].own_date = d.date, True
        elif d.own_date or not (d.anaphoric or headline):
            kept.append(d)
            continue
        if not fits and _generic(text, d):
            fits = [o for o in drafts[i + 1 :] if o.type in VIOLENT and o.own_date and not _generic(text, o)][:1]
        if not fits:
            kept.append(d)
            continue
        target = fits[-1] if fits[-1] in kept else fits[0]
        for sp in d.evidence:
            if sp not in target.evidence:
                target.evidence.append(sp)
        target.evidence.sort(key=lambda sp: sp.start)
        for kind, fig in d.figures.items():
            target.figures.setdefault(kind, fig)
        if not any(a.country for a in target.actors):
            target.actors.extend(d.actors)
    return kept


def _seizure_by_armed_group(d: _Draft) -> bool:
    """An invasion is one state's forces entering another's territory (CODEBOOK): "Armenian separatists seized
    Nagorno-Karabakh" by a group with no state's forces beside it is fighting, coded by the battle it tells."""
    return (
        d.type == "invasion"
        and any(a.kind == "armed_group" for a in d.actors)
        and not any(a.kind in ("state_forces", "government") and a.country for a in d.actors)
    )


def _riot_by_state_forces(text: str, d: _Draft) -> bool:
    """A riot is violent unrest by non-state crowds (CODEBOOK): "Gori was looted ... by the Russians", whose only
    actors are a state's forces and whose telling names no crowd, is none (the strike it is told with is coded)."""
    if d.type != "riot" or not d.actors or not all(a.kind == "state_forces" and a.country for a in d.actors):
        return False
    return not any(lexicon().crowd.search(text, sp.start, sp.end) for sp in d.evidence)


def _requests_about_conflict(drafts: list[_Draft]) -> None:
    """A call that names no place of its own ("urged both sides to show restraint", "called for negotiations") is
    about the violence told before it: it takes that event's countries, as its addressees are that event's sides."""
    for i, d in enumerate(drafts):
        if d.type != "request" or d.countries:
            continue
        told = next((o for o in reversed(drafts[:i]) if o.type in VIOLENT and o.countries), None)
        if told is not None:
            # its addressees are that event's sides: where it was, and whose forces fought it
            sides = [*told.countries, *(a.country for a in told.actors if a.kind == "state_forces" and a.country)]
            d.countries = list(dict.fromkeys(sides))
            d.countries_from_places = told.countries_from_places


def _give(text: str, kind: str, fig: Figure, sentence: Span | None, target: _Draft, hits: Sequence[Hit] = ()) -> bool:
    """Give a figure to an event that has none of that kind yet (and an allowed type), or that a later sentence
    revises ("the death toll has risen to 45"), or that counts another side's own losses ("12 of its soldiers
    had been killed ... 18 Armenian soldiers had been killed": 30, by side); True when taken."""
    if target.type not in FIGURE_TYPES[kind]:
        return False
    told = target.figures.get(kind)
    if told is not None and not (told.title is not None and told.qualifier == "vague" != fig.qualifier):
        # (the text's number replaces a title's vague word: "Several injured", then "three others were wounded")
        old = target.figures[kind]
        earlier = old.span.start < fig.span.start
        if not (earlier and _revised_re().search(text, max(0, fig.span.start - 30), fig.span.start)):
            both = _sides_summed(text, old, fig, hits) if earlier and kind in ("killed", "injured") else None
            if both is None:
                return False
            fig = both
    target.figures[kind] = fig
    if sentence is not None and sentence not in target.evidence:
        target.evidence.append(sentence)
        target.evidence.sort(key=lambda sp: sp.start)
        if target.attribution is None:
            target.attribution = _attribution_in(text, sentence)
    return True


def _victims_told_again(text: str, drafts: list[_Draft]) -> None:
    """Victims counted one by one again with one more ("a 12-year-old child was accidentally shot", then "the uncle
    was shot in the hand, while the child was shot in the chest"): the later count, naming a victim already
    counted and another, is the event's."""
    for i, d in enumerate(drafts):
        for kind in ("killed", "injured", "shot"):
            old = d.figures.get(kind)
            if old is None or old.qualifier != "exact" or not old.best or (old.title is not None and old.best != 1):
                continue
            # a title's one victim ("12-year-old accidentally shot") is among any later count of victims
            before = victim_words(text[old.span.start : old.span.end]) if old.title is None else None
            for o in drafts[i + 1 :]:
                new = o.figures.get(kind)
                if o.type != d.type or new is None or new.title is not None or new.qualifier != "exact":
                    continue
                after = victim_words(text[new.span.start : new.span.end])
                if new.best and old.best < new.best <= 5 and (before is None or (before & after and after - before)):
                    d.figures[kind] = new
                    break


def _same_victim_injured(text: str, title: str | None, drafts: list[_Draft]) -> None:
    """One victim told injured and killed is the dead one told before dying ("A 3-year-old boy was shot and
    killed ... officers found the boy suffering from a gunshot wound"): the injured victim named by the same
    person noun as a killed one is no other victim."""

    def words(f: Figure) -> frozenset[str]:
        said = (title or "")[f.title.start : f.title.end] if f.title is not None else text[f.span.start : f.span.end]
        return victim_words(said)

    for d in drafts:
        hurt = d.figures.get("injured")
        if hurt is None or hurt.best != 1 or hurt.qualifier != "exact":
            continue
        dead = [o.figures["killed"] for o in drafts if o.type == d.type and "killed" in o.figures]
        if any(k.best == 1 and (words(hurt) & words(k) or _told_dying(text, hurt, k)) for k in dead):
            del d.figures["injured"]


PRONOUN = re.compile(r"(?:He|She)\b")
PRONOUN_REACH = 60  # characters from the injured victim's words to the pronoun that tells the death


def _told_dying(text: str, hurt: Figure, dead: Figure) -> bool:
    """The injured victim then told dead by a pronoun just after ("found a 16 year old boy with a gunshot wound in
    his chest. He was pronounced dead at the hospital")."""
    if hurt.title is not None or dead.title is not None:
        return False
    gap = dead.span.start - hurt.span.end
    return 0 <= gap <= PRONOUN_REACH and PRONOUN.match(text, dead.span.start) is not None


def _settle_shot_in_document(drafts: list[_Draft]) -> None:
    """Victims "shot" are the injured once the killed are taken out ("five people were shot, one fatally").

    The killed may be told in another sentence than the shot ("A 3-year-old boy was shot and killed ...
    police received a call about a 3-year-old that was shot"), so the document's first toll of the same
    type counts too, but not a background event's ("since Nov. 15, when police fatally shot Jamar Clark").
    """
    for d in drafts:
        shot = d.figures.pop("shot", None)
        if shot is None or shot.best is None:
            continue
        hurt = d.figures.get("injured")
        killed = d.figures.get("killed") or next(
            (
                o.figures["killed"]
                for o in drafts
                if o.type == d.type and "killed" in o.figures and o.background <= d.background
            ),
            None,
        )
        dead = killed.best if killed is not None and killed.best is not None else 0
        if shot.best > dead and (
            hurt is None or hurt.qualifier == "vague" or (hurt.best is not None and hurt.best < shot.best - dead)
        ):
            # "8 shot, 1 in serious condition": all the shot who lived are the injured, the one a part of them
            n = shot.best - dead
            d.figures["injured"] = Figure(
                n,
                n if shot.low is not None else None,
                n if shot.high is not None else None,
                shot.qualifier,
                shot.span,
                hit=killed is None,  # "a girl and her mother were shot": one may have died since
            )


def _attribution(text: str, sent: Sentence) -> tuple[str, Span] | None:
    return _attribution_in(text, Span(sent.begin, sent.end))


def _attribution_in(text: str, sent: Span) -> tuple[str, Span] | None:
    chunk = text[sent.start : sent.end]
    for pattern in ATTRIBUTION:
        m = pattern.search(chunk)
        if m:
            who = m.group("who").strip()
            return who, Span(sent.start + m.start("who"), sent.start + m.start("who") + len(who))
    return None


def _to_span(d: DateExpr) -> DateSpan:
    start, end = d.iso()
    return DateSpan(start, end, d.precision, Span(d.begin, d.finish))


def _title_event(title: str, reference: Reference | None, month_first: bool) -> _Draft | None:
    """The violent event a title asserts ("4 people shot in southeast Atlanta", "St. Louis woman killed, 3 wounded
    by gunfire in park"), for a page whose body tells none; dated by a day the title gives ("... shooting Monday"),
    else by the report's date. It has no span in the text: its trigger and date are at 0, as a title's figures."""
    sent = Sentence(0, len(title), -1, title)
    triggers = _triggers(title, sent)
    if not any(t[0] in VIOLENT for t in triggers) and (own := headline_trigger(title)) is not None:
        triggers.append(("violence_against_civilians", own[0], own[1], False))  # "Father shoots son"
    for t in triggers:
        if t[0] not in VIOLENT or _asserted(title, sent, t[1], t[2], t[0]) is not None:
            continue
        draft = _Draft(_retype(t[0], title, sent, t[1]), Span(0, 0), Sentence(0, 0, -1, ""), nominal=t[3])
        draft.title_trigger = Span(t[1], t[2])
        if reference is not None and reference.precision == "day":
            days = [d for d in find_dates(title, reference.date, month_first) if d.precision == "day"]
            picked = _pick_date(title, [d for d in days if d.start <= reference.date], triggers, t)
            if picked is not None:
                draft.date = replace(picked, begin=0, finish=0)
                draft.own_date = True
        return draft
    return None


def _title_figures(article: Article, month_first: bool) -> list[tuple[str, Figure]]:
    """The toll a title gives ("1 dead, 3 critically injured after Allgood Grocery shooting"), read as the first
    sentence would be; each figure keeps its span in the title (the cleaner keeps titles out of the text)."""
    title = article.title
    if not title:
        return []
    sent = Sentence(0, len(title), -1, title)
    dates = find_dates(title, FAR, month_first)
    told = find_numbers(title, article.language)
    numbers = [n for n in told if not any(d.begin <= n.number_begin < d.finish for d in dates)]
    victims = find_victims(title, 0, len(title))
    head = find_headline_victim(title)
    overlaps = head is not None and any(
        f.span.start < head[1].span.end and head[1].span.start < f.span.end for _, f in victims
    )
    if head is not None and not overlaps:
        victims.insert(0, head)  # "Teen fatally shot while laying out clothes": a headline drops the article
    in_title = [n for n in numbers if n.begin >= 0 and n.finish <= len(title)]
    found = _with_victims(_figures(title, sent, in_title, []), victims, title)
    return [(kind, replace(f, span=Span(0, 0), by_side=(), title=f.span)) for kind, f in found]


def extract_mentions(
    article: Article, gazetteer: Gazetteer, *, places: bool = True
) -> tuple[list[EventMention], list[Place]]:
    """Every event mention the article asserts, and every place it names. With ``places=False`` (a store keeps
    places only with events) a text that tells no event stops after one scan for triggers."""
    text = article.text
    if not might_tell_events(text) and not (
        article.title and (might_tell_events(article.title) or headline_trigger(article.title))
    ):
        if not places:
            return [], []
        title_hits, hits = gazetteer.find_with_title(article.title, text, article.language or "en")
        return [], _title_places(article, title_hits) + [_place(h) for h in hits]
    sentences = split_sentences(text, article.language)
    month_first = article.language == "en"
    text_dates = TextDates(text)  # read by the reference, the events' dates and the figures' (one scan of the text)
    reference = find_reference(article.published, text, month_first, text_dates)
    dates = _resolved_dates(text_dates, reference, month_first)
    durations = find_durations(text)
    title_hits, hits = gazetteer.find_with_title(
        article.title, text, article.language or "en", home_country(article.url)
    )
    stamps = stamp_spans(text)  # "Posted: Saturday, December 27, 2014": no toll in a page's stamp line
    # an undated report's "since Nov. 15, when police fatally shot ..." dates nothing, but its day is no toll either
    told = dates if reference is not None else text_dates.find(FAR, month_first)
    numbers = [
        n
        for n in find_numbers(text, article.language)
        if not any(d.begin <= n.number_begin < d.finish for d in told)
        and not any(b <= n.number_begin < e for b, e in stamps)
    ]
    found_places = _title_places(article, title_hits) + [_place(h) for h in hits]

    drafts: list[_Draft] = []
    rows = _casualty_rows(sentences)
    row_spans = {(r.begin, r.end) for r in rows}
    row_figures: list[tuple[Sentence, str, Figure]] = []  # an infobox's casualties, summed at the end
    para_date: dict[int, DateExpr] = {}
    # a toll told before any event (a title's, a headline's "1 dead, 3 injured") goes to the first event it fits
    lead: list[tuple[str, Figure, Span | None]] = [(k, f, None) for k, f in _title_figures(article, month_first)]
    roundup_doc = bool(article.title) and _roundup_re().search(article.title or "") is not None
    by_date = _BySpan(dates, [(d.begin, d.finish) for d in dates])
    by_hit = _BySpan(hits, [(h.begin, h.end) for h in hits])
    by_number = _BySpan(numbers, [(n.begin, n.finish) for n in numbers])
    for sent in sentences:
        s_dates = by_date.within(sent.begin, sent.end)
        s_hits = by_hit.within(sent.begin, sent.end)
        triggers = _triggers(text, sent)
        asserted = [t for t in triggers if _asserted(text, sent, t[1], t[2], t[0]) is None]
        s_numbers = by_number.within(sent.begin, sent.end)
        s_figures = _with_victims(
            _figures(text, sent, s_numbers, s_hits, roundup_doc), find_victims(text, sent.begin, sent.end), text
        )
        if (sent.begin, sent.end) in row_spans:
            row_figures.extend((sent, k, f) for k, f in _row_counts(text, sent, numbers, s_figures))
            s_figures = [(k, f) for k, f in s_figures if k not in CASUALTY_KINDS and k != "troops"]
        seen_types: dict[str, _Draft] = {}
        # (read only where a trigger or a figure of this sentence can use it)
        background = _background_spans(text, sent) if asserted or s_figures else []
        for t in asserted:
            etype = _retype(t[0], text, sent, t[1])
            legal = etype in VIOLENT and bool(
                lexicon().legal_reference.search(text[_clause_start(text, sent.begin, t[1]) : t[1]][-60:])
            )
            picked = _legal_date(text, s_dates, triggers, t) if legal else _pick_date(text, s_dates, triggers, t)
            same = seen_types.get(etype)
            draft = _Draft(etype, Span(t[1], t[2]), sent, nominal=t[3], evidence=[Span(sent.begin, sent.end)])
            near = [h for h in s_hits if _nearest_trigger(text, h, triggers, t)]
            _fill_geo(draft, text, near, t)
            draft.attribution = _attribution(text, sent)
            source = draft.attribution[1] if draft.attribution else None
            draft.actors = actors_kept(etype, draft.actors, text, near, sent.begin, source)
            if same is not None and (picked is None or picked == same.date):
                # one event told twice in a sentence ("the 2020 war, when Azerbaijan launched an offensive
                # against Armenian forces"): it keeps the parties of both tellings
                same.nominal = same.nominal and t[3]
                same.actors.extend(a for a in draft.actors if a.country not in {o.country for o in same.actors})
                continue
            draft.date = picked
            draft.anaphoric = legal or _anaphor(text, sent, t)
            if t[3] and (BOUNDED.search(text, max(sent.begin, t[1] - 20), t[1]) or DEADLY.match(text, t[2])):
                draft.nominal = False  # "the six-day war that has killed many": told as an event, not named
            # a definite trigger's date is its own only next to it ("the October 5 attack"); "On October 11 they
            # charged two men with helping plan the attack" dates the charge
            draft.own_date = picked is not None and (
                not draft.anaphoric or min(abs(picked.finish - t[1]), abs(t[2] - picked.begin)) <= OWN_DATE_REACH
            )
            if draft.date is None and not t[3] and not legal and not s_dates and sent.paragraph in para_date:
                draft.date = para_date[sent.paragraph]
            draft.roundup = _roundup(text, sent)
            draft.background = any(b <= t[1] < e for b, e, count in background if not count)
            seen_types[etype] = draft
            drafts.append(draft)
        if lead and drafts:
            # a toll told before any event (a headline "1 dead, 3 injured") goes to the first event it fits
            # (to the first event of a type it fits: a title's "One killed, 15 injured" is not the fleeing's)
            waiting = []
            for k, f, sp in lead:
                first = next((d for d in drafts if d.type in FIGURE_TYPES[k]), None)
                if first is None:
                    waiting.append((k, f, sp))
                else:
                    _give(text, k, f, sp, first)
            lead = waiting
        for kind, fig in s_figures:
            here = [d for d in drafts if d.sentence is sent]
            in_background, then = _background_target(kind, fig, background, here)
            if in_background and then is None:
                continue  # "since Nov. 15, when police fatally shot Jamar Clark": no toll of this report's events
            target = then or _figure_target(text, kind, fig, here, drafts, sent, hits)
            if target is not None:
                _give(text, kind, fig, Span(sent.begin, sent.end), target, hits)
            elif not drafts:
                lead.append((kind, fig, Span(sent.begin, sent.end)))
        for days, b, _ in durations:
            if sent.begin <= b < sent.end:
                for d in seen_types.values():
                    if d.date is not None and d.date.start == d.date.end and d.date.precision == "day":
                        d.date = replace(d.date, end=d.date.start + timedelta(days=days))
        if s_dates and not seen_types:
            _told_when(text, sent, s_dates, reference, drafts)
        past = [d for d in s_dates if reference is None or d.start <= reference.date + timedelta(days=1)]
        if past:  # a later sentence may lean on this date; a future one ("jets in 2025") is no event's date
            para_date[sent.paragraph] = past[-1]
    if article.title and not any(d.type in VIOLENT for d in drafts):
        headline = _title_event(article.title, reference, month_first)
        if headline is not None:
            # a page whose body tells no violence (a paywall's or a video's text) still reports what its title says
            drafts.insert(0, headline)
            for k, f, sp in lead:
                _give(text, k, f, sp, headline)
    for d in drafts:
        if d.roundup:  # "shot in separate attacks" then one attack's victims: none of them the round-up's toll
            for kind in ("killed", "injured", "shot"):
                d.figures.pop(kind, None)
    _victims_told_again(text, drafts)
    _far_anaphors_tell_no_toll(text, drafts)
    _settle_shot_in_document(drafts)
    _same_victim_injured(text, article.title, drafts)
    _date_from_infobox(text, reference, drafts, article.title)
    war = _infobox_battle(text, reference, sentences, hits, drafts)
    if rows:
        _give_casualties(rows, _casualty_totals(text, rows, row_figures), war, drafts)
    drafts = _fold_anaphors(text, drafts)
    _day_told_elsewhere(text, sentences, dates, reference, drafts)
    drafts = [d for d in drafts if not _seizure_by_armed_group(d) and not _riot_by_state_forces(text, d)]
    _requests_about_conflict(drafts)
    _interstate_countries(drafts, hits, text)
    _fallback_countries(drafts, hits, title_hits, sentences, text)
    for d in drafts:
        if len(d.countries) == 1 and not any(a.country for a in d.actors):
            d.actors.extend(domestic_actors(d.type, text, d.evidence, d.countries[0]))
    mentions = [_finish(d, reference, text) for d in drafts]
    return [m for m in mentions if m is not None], found_places


def _fill_geo(draft: _Draft, text: str, s_hits: list[Hit], t: tuple[str, int, int, bool]) -> None:
    sent = draft.sentence
    subject_countries: list[str] = []
    object_countries: list[str] = []
    named: list[str] = []  # countries of the country words read as parties, kept or not as actors
    callers: list[str] = []
    for h in s_hits:
        locative = _is_locative(text, h, sent)
        if locative:
            owner = governed_actor(h, text, sent.begin)  # "the President of Georgia": a place and an actor
            if owner is not None:
                draft.actors.append(owner)
            if draft.type == "displacement" and DESTINATION.search(text[max(sent.begin, h.begin - 20) : h.begin]):
                draft.places.append(_place(h))
                continue
            draft.places.append(_place(h))
            if h.entry.country and h.entry.country not in draft.countries:
                draft.countries.append(h.entry.country)
                draft.countries_from_places = True
            continue
        country = h.entry.country
        target = draft.type in TARGETED and h.begin >= t[2] and TARGET_GAP.fullmatch(text, t[2], h.begin)
        actor = None if target else actor_for(h, text, draft.type, Span(t[1], t[2]))
        if actor is not None:
            draft.actors.append(actor)
        if not country:
            continue
        named.append(country)
        if h.begin < t[1] and not CLAUSE_BREAK.search(text, h.end, t[1]):
            callers.append(country)  # in the trigger's own clause ("by Russia, and called ..." is another's)
        if h.begin < t[1] or AGENT_BEFORE.search(text, max(sent.begin, h.begin - 12), h.begin):
            subject_countries.append(country)  # "bombed by the Russians": the agent, wherever it stands
        elif h.begin >= t[2]:
            object_countries.append(country)
    draft.actors.extend(organisations(text, sent.begin, sent.end))
    sides = {a.country for a in draft.actors if a.country and a.kind == "state_forces"}
    if draft.type == "battle" and len(sides) >= 2 and _border_sentence(text, sent):
        for c in sorted(sides):  # "a border clash gets both sides' countries" (CODEBOOK)
            if c not in draft.countries:
                draft.countries.append(c)
    if not draft.countries:
        # an invasion or strike happens in the country it targets ("Russia's invasion of Ukraine"), other events
        # where their subject is
        targeted = draft.type in ("invasion", "remote_violence") and object_countries
        pool = (object_countries if targeted else subject_countries) or named
        if draft.type == "invasion" and not targeted:
            # an invasion is never where its invader comes from ("aggression by Russia"): without a place or a
            # target it waits for the paragraph's place
            pool = []
        elif draft.type == "request":
            # a call is made where its caller is ("the Kazakh elite called for ..."), not where its addressee is
            # ("called Russia to stop ..."): without a caller it waits for the paragraph's place
            pool = callers
        for c in pool:
            if c not in draft.countries:
                draft.countries.append(c)


@cache
def _border_re() -> re.Pattern[str]:
    words = load_json("geo_context.json")["border_words"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.I)


PLACE_KINDS = ("city", "capital", "admin2", "admin1", "region", "landmark", "country")


def _border_sentence(text: str, sent: Sentence) -> bool:
    return _border_re().search(text, sent.begin, sent.end) is not None


@cache
def _interstate_re() -> re.Pattern[str]:
    words = load_json("geo_context.json")["interstate_words"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _interstate_countries(drafts: list[_Draft], hits: list[Hit], text: str) -> None:
    """A war or a clash told as one between two states' forces took place in both when the sentence places it in
    neither or in both ("clashes between the Armenian and Azerbaijani armed forces", "the 2020 Karabakh war, when
    Azerbaijan launched an offensive against Armenian forces deployed in Karabakh and in Armenia"); fighting
    "between Armenia and Azerbaijan in Nagorno-Karabakh" keeps the one country it names. Runs after a sentence's
    tellings of one event are merged, so the parties of all of them count."""
    for d in drafts:
        sides = {a.country for a in d.actors if a.country and a.kind == "state_forces"}
        if d.type != "battle" or len(sides) != 2 or not set(d.countries) <= sides:
            continue
        sent = d.sentence
        located = {
            h.entry.country
            for h in hits
            if sent.begin <= h.begin < sent.end and h.entry.kind in PLACE_KINDS and _is_locative(text, h, sent)
        }
        if d.countries_from_places and not sides <= located:
            continue
        if _interstate_re().search(text, sent.begin, sent.end):
            d.countries.extend(sorted(sides - set(d.countries)))
            d.countries_from_places = True  # where it happened, as a place would say: a merge keeps it


def _fallback_countries(
    drafts: list[_Draft], hits: list[Hit], title_hits: list[Hit], sentences: list[Sentence], text: str
) -> None:
    """Countries for events whose sentence names none: the last place named earlier in the paragraph ("Clashes
    broke out in Batken. Two soldiers were killed"), else the document's one dominant country (its title's
    places count double). An event with actors of its own keeps the actors' countries (set in ``_fill_geo``)."""
    located = [h for h in hits if h.entry.kind in PLACE_KINDS and h.entry.country]
    counts: Counter[str] = Counter()
    for h in located:
        counts[h.entry.country or ""] += 1
    for h in title_hits:
        if h.entry.kind in PLACE_KINDS and h.entry.country:
            counts[h.entry.country] += 2
    dominant = None
    if counts:
        (top, n), *rest = counts.most_common(2) + [("", 0)]
        lone_town = n == 1 and not rest[0][1] and any(h.entry.kind != "country" for h in located)
        if n >= 2 * rest[0][1] and (n >= 2 or lone_town):
            dominant = top  # (a document naming one place only, a town "Hopkinsville", is there too)
    para_begin: dict[int, int] = {}
    for sent in sentences:
        para_begin.setdefault(sent.paragraph, sent.begin)
    fought: list[str] = []  # where the fighting told so far was, and whose forces fought it
    for d in drafts:
        if d.type == "battle" and d.countries:
            forces = [a.country for a in d.actors if a.kind == "state_forces" and a.country]
            fought = list(dict.fromkeys([*d.countries, *forces]))
        if d.countries:
            continue
        if d.type == "agreement" and len(fought) >= 2:
            # "after which the parties agreed to a ceasefire": between the sides of the fighting it ends
            d.countries.extend(fought)
            d.countries_from_places = True
            continue
        start = para_begin.get(d.sentence.paragraph, d.sentence.begin)
        para = Sentence(start, d.sentence.begin, d.sentence.paragraph, "")
        before = [h for h in located if start <= h.begin < d.sentence.begin and _is_locative(text, h, para)]
        if before:
            d.places.append(_place(before[-1]))
            d.countries.append(before[-1].entry.country or "")
            d.countries_from_places = True
        elif dominant:
            d.countries.append(dominant)
            d.countries_from_places = True


# a toll's verb and the event it happened in: "died in this month's battles", "killed during the shelling"
TOLL_OF = re.compile(
    r"[^.;:,()]{0,40}?\b(?:in|during|at|amid|при|во время|в ходе|в результате|lors|pendant|durante|en)\s+"
    r"(?:[^\W\d][\w’'-]*\s+){0,3}$",
    re.I,
)


def _lacks(d: _Draft, kind: str) -> bool:
    """True when the event has no figure of that kind yet, or only a title's vague word ("Several injured")."""
    told = d.figures.get(kind)
    return told is None or (told.title is not None and told.qualifier == "vague")


PARTY_SAYS = re.compile(
    r"\s*(?P<who>(?:[A-Z][\w'’-]+\s+){1,2})(?:says|said|claims|claimed|reports|reported|puts|put)\s+(?:that\s+)?"
    r"(?:the\s+(?:death\s+)?toll\s+(?:is|was|at)\s+)?$"
)


def _party_claim(text: str, fig: Figure, sent: Sentence, hits: Sequence[Hit]) -> bool:
    """A toll told as a country's claim at the head of its sentence ("Georgia says 150 people have been killed")."""
    m = PARTY_SAYS.fullmatch(text, sent.begin, fig.span.start) if fig.title is None else None
    if m is None:
        return False
    return any(
        m.start("who") <= h.begin < m.end("who") and h.entry.kind in ("country", "demonym") and h.entry.country
        for h in hits
    )


def _figure_target(
    text: str,
    kind: str,
    fig: Figure,
    here: list[_Draft],
    drafts: list[_Draft],
    sent: Sentence,
    hits: Sequence[Hit] = (),
) -> _Draft | None:
    allowed = FIGURE_TYPES[kind]
    if _party_claim(text, fig, sent, hits) and any(
        d.type in allowed and not _lacks(d, kind) and d not in here and sent.paragraph - d.sentence.paragraph <= 6
        for d in drafts
    ):
        return None  # "Georgia says 150 people have been killed in the fighting": one side's count of a toll told
    fits = [d for d in here if d.type in allowed and _lacks(d, kind)]
    if kind in ("killed", "injured") and any(d.type in VIOLENT for d in fits):
        fits = [d for d in fits if d.type in VIOLENT]  # "14 protesters were killed by police": the killing's toll
    if fits:
        named = [
            d for d in fits if d.trigger.start > fig.span.end and TOLL_OF.match(text, fig.span.end, d.trigger.start)
        ]
        if named:  # "Hundreds died in this month's battles": the toll names its event right after it
            return named[0]
        # the event whose trigger comes last before the figure ("a war in the 1990s that killed 30,000")
        before = [d for d in fits if d.trigger.start <= fig.span.start]
        return max(before, key=lambda d: d.trigger.start) if before else fits[0]
    for d in here:
        if d.type in allowed:
            return d
    earlier = [d for d in reversed(drafts) if d.sentence.paragraph == sent.paragraph and d.type in allowed]
    if earlier and kind in ("killed", "injured"):
        # a toll told after a sentence of several events is the fighting's, not the invasion's it went with
        return next((d for d in earlier if d.type != "invasion"), earlier[0])
    for d in reversed(drafts):
        if d.sentence.paragraph != sent.paragraph:
            break
        if d.type in allowed:
            return d
    near = [d for d in drafts if sent.paragraph - d.sentence.paragraph <= PARAGRAPH_REACH and d.type in allowed]
    if near and not _lacks(near[-1], kind):
        old = near[-1].figures[kind]
        revised = _revised_re().search(text, max(0, fig.span.start - 30), fig.span.start)
        if revised or (kind in ("killed", "injured") and _sides_summed(text, old, fig, hits)):
            return near[-1]  # the last event's toll revised, or another side's losses added to it
    # wire copy puts each sentence in its own paragraph: a toll two paragraphs on still tells the last event,
    # and a victim's condition ("The 4-year-old is in critical condition") four paragraphs on
    reach = VICTIM_REACH if fig.qualifier == "exact" and fig.best == 1 and kind != "killed" else PARAGRAPH_REACH
    for d in reversed(drafts):
        if sent.paragraph - d.sentence.paragraph > reach:
            break
        if d.type in allowed and _lacks(d, kind):
            return d
    return None


def _finish(d: _Draft, reference: Reference | None, text: str) -> EventMention | None:
    ref = reference.date if reference else None
    date_span: DateSpan | None
    if d.date is None:
        if d.nominal and not d.figures:
            return None  # "the war" named without a time or a toll is a reference, not an event
        if reference is None or ref is None:
            # no date anywhere in the document: kept undated, for linking only (pipeline.process_raw sets it
            # apart; another report of the same event may date it)
            date_span = None
        elif reference.precision == "year":
            date_span = DateSpan(f"{ref.year:04d}", f"{ref.year:04d}", "year", None)
        else:
            # the report's date, known to the week (ACLED's rule for an event the report does not date)
            date_span = DateSpan(ref.isoformat(), ref.isoformat(), "week", None)
        end = ref or date.max
    else:
        date_span = _to_span(d.date)
        end = d.date.end
    reported = True
    if ref is not None and end < ref - timedelta(days=365):
        reported = False
    attribution = d.attribution
    return EventMention(
        type=d.type,
        reported=reported,
        date=date_span,
        countries=tuple(d.countries),
        places=tuple(d.places),
        actors=tuple(dedupe_actors(d.actors)),
        figures=tuple(sorted(d.figures.items())),
        evidence=tuple(d.evidence),
        trigger=d.trigger,
        attribution=attribution[0] if attribution else None,
        attribution_span=attribution[1] if attribution else None,
        countries_from_places=d.countries_from_places,
        title_trigger=d.title_trigger,
    )
