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
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from flashpoint.extract.dates import DateExpr, find_dates, find_durations
from flashpoint.extract.lexicon import lexicon
from flashpoint.extract.numbers import NumberExpr, find_numbers
from flashpoint.extract.sentences import Sentence, split_sentences
from flashpoint.geo.gazetteer import Gazetteer, Hit
from flashpoint.records import Actor, Article, DateSpan, EventMention, Figure, Place, Span
from flashpoint.resources import load_json

VIOLENT = frozenset({"battle", "remote_violence", "violence_against_civilians", "riot", "invasion"})
FIGURE_TYPES: dict[str, frozenset[str]] = {
    "killed": VIOLENT | {"protest"},
    "injured": VIOLENT | {"protest"},
    "displaced": frozenset({"displacement"}),
    "troops": frozenset({"deployment", "withdrawal", "invasion"}),
    "detained": VIOLENT | {"protest", "riot"},
}
LOCATIVE = re.compile(
    r"(?:\b(?:in|inside|into|of|from|near|across|between|and|at|on|towards?|around|throughout|within|"
    r"neighbo(?:u)?ring|territory of|border with|в|во|на|из|под|у|по|между|en|à|au|aux|dans|de|del|desde|"
    r"cerca de|entre|hacia|sur)\s+(?:the\s+|la\s+|le\s+|el\s+|l')?(?:\w+\s+)?)$",
    re.I,
)
DESTINATION = re.compile(r"(?:\b(?:to|into|towards?|entered|reached|arrived in|for)\s+(?:the\s+)?)$", re.I)
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]–—]|\bwhile\b|\bbut\b|\bwhereas\b")
# "forces deployed in Karabakh": a participle that describes a state, not an event
STATE_PARTICIPLE = re.compile(r"\b(?:forces|troops|soldiers|units|contingents?|bases?|peacekeepers)\s+$", re.I)
ATTRIBUTION = [
    re.compile(r"\baccording to (?:the |a )?(?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\b(?:in|by|per) (?P<who>official (?:figures|data|counts?|estimates))", re.I),
    re.compile(r"\bPer (?P<who>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3})"),
    re.compile(
        r"\b(?P<who>(?:[A-Z][\w’'-]+ ){0,4}(?:officials?|authorities|police|ministry|Ministry(?: of [A-Z]\w+)?|sources|reports))"
        r" (?:said|says|reported|announced|claimed|stated|argue|argued)\b"
    ),
    re.compile(r"\bпо данным (?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\bselon (?P<who>[^,.;()\n]{3,60})", re.I),
    re.compile(r"\bsegún (?P<who>[^,.;()\n]{3,60})", re.I),
]


@dataclass(frozen=True, slots=True)
class _ActorLexicon:
    noun_re: re.Pattern[str]
    noun_kinds: tuple[tuple[re.Pattern[str], str], ...]
    orgs: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _actor_lexicon() -> _ActorLexicon:
    data = load_json("actors.json")
    kinds = []
    words: list[str] = []
    for kind, nouns in data["nouns"].items():
        words.extend(nouns)
        kinds.append((re.compile(rf"^(?:{'|'.join(nouns)})$", re.I), kind))
    words.sort(key=len, reverse=True)
    noun_re = re.compile(rf"^\s+(?:\w+\s+){{0,2}}?(?P<noun>{'|'.join(words)})(?!\w)", re.I)
    orgs = tuple(
        (re.compile(rf"(?<![\w-])(?:{'|'.join(v)})(?![\w-])"), name) for name, v in data["organisations"].items()
    )
    return _ActorLexicon(noun_re, tuple(kinds), orgs)


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


def reference_date(article: Article, dates: list[DateExpr]) -> date | None:
    if article.published:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    explicit = [d.end for d in dates if d.explicit_year and d.precision == "day"]
    return max(explicit) if explicit else None


def _clause_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in CLAUSE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


def _asserted(text: str, sent: Sentence, begin: int, end: int) -> str | None:
    """Why the trigger at [begin, end) is not asserted as having happened, or None."""
    lex = lexicon()
    clause = text[_clause_start(text, sent.begin, begin) : begin]
    near = clause[-40:]
    if lex.negation.search(" ".join(near.split()[-3:])):
        return "negated"
    if lex.hypothetical.search(clause[-80:]):
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


def _triggers(text: str, sent: Sentence) -> list[tuple[str, int, int, bool]]:
    lex = lexicon()
    chunk = text[sent.begin : sent.end]
    found: list[tuple[str, int, int, bool]] = []
    for nominal, table in ((False, lex.verb_triggers), (True, lex.noun_triggers)):
        for etype, pattern in table.items():
            for m in pattern.finditer(chunk):
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
    if not word.startswith(("attack", "atta", "атак", "atac", "assault")):
        return etype
    chunk = text[sent.begin : sent.end]
    lex = lexicon()
    if lex.weapons.search(chunk):
        return "remote_violence"
    if lex.civilian_targets.search(text[begin : min(sent.end, begin + 60)]):
        return "violence_against_civilians"
    return etype


def _pick_date(
    dates: list[DateExpr], triggers: list[tuple[str, int, int, bool]], me: tuple[str, int, int, bool]
) -> DateExpr | None:
    best: tuple[int, DateExpr] | None = None
    for d in dates:
        lo, hi = (d.finish, me[1]) if d.finish <= me[1] else (me[2], d.begin)
        if lo > hi:
            continue
        if any(t is not me and lo <= t[1] < hi for t in triggers):
            continue  # another event's trigger stands between this date and ours
        dist = hi - lo
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


def _nearest_trigger(hit: Hit, triggers: list[tuple[str, int, int, bool]], me: tuple[str, int, int, bool]) -> bool:
    """True when no other trigger stands between ``hit`` and the trigger ``me``."""
    lo, hi = (hit.end, me[1]) if hit.end <= me[1] else (me[2], hit.begin)
    return not any(t is not me and lo <= t[1] < hi for t in triggers)


def _actor_for(hit: Hit, text: str, etype: str) -> Actor:
    lex = _actor_lexicon()
    m = lex.noun_re.match(text[hit.end : hit.end + 50])
    if m and hit.entry.kind in ("demonym", "country"):
        noun = m.group("noun")
        kind = next((k for p, k in lex.noun_kinds if p.match(noun)), "other")
        end = hit.end + m.end()
        return Actor(text[hit.begin : end], hit.entry.country, kind, Span(hit.begin, end))
    if hit.entry.kind == "demonym":
        plural = hit.text.endswith(("s", "ы", "и"))
        kind = "civilians" if plural else "other"
        return Actor(hit.text, hit.entry.country, kind, Span(hit.begin, hit.end))
    kind = "state_forces" if etype in VIOLENT else "government"
    return Actor(hit.text, hit.entry.country, kind, Span(hit.begin, hit.end))


def _place(hit: Hit) -> Place:
    e = hit.entry
    return Place(hit.text, Span(hit.begin, hit.end), e.country, e.lat, e.lon, e.kind, e.admin1, e.geonameid)


def _is_locative(text: str, hit: Hit, sent: Sentence) -> bool:
    if hit.entry.kind not in ("country",):
        return hit.entry.kind != "demonym"
    before = text[max(sent.begin, hit.begin - 40) : hit.begin]
    return bool(LOCATIVE.search(before))


def _figure_kind(text: str, n: NumberExpr, sent: Sentence) -> str | None:
    lex = lexicon()
    after = text[n.finish : min(sent.end, n.finish + 45)]
    if lex.not_people.match(after):
        return None
    stop = re.search(r"[.;:()\[\]]", after)
    after = after[: stop.start()] if stop else after
    best: tuple[int, str] | None = None
    for name, pattern in lex.figure_cues.items():
        m = pattern.search(after)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    if best is not None:
        return best[1]
    before = text[max(sent.begin, n.begin - 70) : n.begin]
    for name, pattern in lex.figure_cues.items():
        if name in ("killed", "injured") and pattern.search(before):
            return name
    return None


def _figures(text: str, sent: Sentence, numbers: list[NumberExpr], hits: list[Hit]) -> list[tuple[str, Figure]]:
    """The figures a sentence gives, with by-side breakdowns folded into their headline."""
    out: list[tuple[str, Figure]] = []
    in_sent = [n for n in numbers if sent.begin <= n.begin and n.finish <= sent.end]
    i = 0
    while i < len(in_sent):
        n = in_sent[i]
        kind = _figure_kind(text, n, sent)
        if kind is None:
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
        out.append((kind, Figure(best, low, high, n.qualifier, Span(n.begin, end), tuple(parts))))
    return out


def _attribution(text: str, sent: Sentence) -> tuple[str, Span] | None:
    chunk = text[sent.begin : sent.end]
    for pattern in ATTRIBUTION:
        m = pattern.search(chunk)
        if m:
            who = m.group("who").strip()
            return who, Span(sent.begin + m.start("who"), sent.begin + m.start("who") + len(who))
    return None


def _to_span(d: DateExpr) -> DateSpan:
    start, end = d.iso()
    return DateSpan(start, end, d.precision, Span(d.begin, d.finish))


def extract_mentions(article: Article, gazetteer: Gazetteer) -> tuple[list[EventMention], list[Place]]:
    """Every event mention the article asserts, and every place it names."""
    text = article.text
    sentences = split_sentences(text, article.language)
    first_pass = find_dates(text, date(2100, 1, 1))
    ref = reference_date(article, first_pass)
    dates = [d for d in find_dates(text, ref or date(2100, 1, 1)) if ref or d.explicit_year]
    durations = find_durations(text)
    hits = gazetteer.find(text, article.language or "en")
    numbers = [n for n in find_numbers(text) if not any(d.begin <= n.number_begin < d.finish for d in dates)]
    places = [_place(h) for h in hits]

    drafts: list[_Draft] = []
    para_date: dict[int, DateExpr] = {}
    for sent in sentences:
        s_dates = [d for d in dates if sent.begin <= d.begin and d.finish <= sent.end]
        s_hits = [h for h in hits if sent.begin <= h.begin and h.end <= sent.end]
        triggers = _triggers(text, sent)
        asserted = [t for t in triggers if _asserted(text, sent, t[1], t[2]) is None]
        s_figures = _figures(text, sent, numbers, s_hits)
        seen_types: dict[str, _Draft] = {}
        for t in asserted:
            etype = _retype(t[0], text, sent, t[1])
            picked = _pick_date(s_dates, triggers, t)
            same = seen_types.get(etype)
            if same is not None and (picked is None or picked == same.date):
                same.nominal = same.nominal and t[3]
                continue
            draft = _Draft(etype, Span(t[1], t[2]), sent, nominal=t[3], evidence=[Span(sent.begin, sent.end)])
            draft.date = picked
            if draft.date is None and not t[3] and sent.paragraph in para_date:
                draft.date = para_date[sent.paragraph]
            _fill_geo(draft, text, [h for h in s_hits if _nearest_trigger(h, triggers, t)], t)
            draft.attribution = _attribution(text, sent)
            seen_types[etype] = draft
            drafts.append(draft)
        for kind, fig in s_figures:
            target = _figure_target(kind, fig, list(seen_types.values()), drafts, sent)
            if target is not None and kind not in target.figures:
                target.figures[kind] = fig
                if target.sentence is not sent and Span(sent.begin, sent.end) not in target.evidence:
                    target.evidence.append(Span(sent.begin, sent.end))
                    target.attribution = target.attribution or _attribution(text, sent)
        for days, b, _ in durations:
            if sent.begin <= b < sent.end:
                for d in seen_types.values():
                    if d.date is not None and d.date.start == d.date.end and d.date.precision == "day":
                        d.date = replace(d.date, end=d.date.start + timedelta(days=days))
        if s_dates:
            para_date[sent.paragraph] = s_dates[-1]
    mentions = [_finish(d, ref, text) for d in drafts]
    return [m for m in mentions if m is not None], places


def _fill_geo(draft: _Draft, text: str, s_hits: list[Hit], t: tuple[str, int, int, bool]) -> None:
    sent = draft.sentence
    subject_countries: list[str] = []
    for h in s_hits:
        locative = _is_locative(text, h, sent)
        if locative:
            if draft.type == "displacement" and DESTINATION.search(text[max(sent.begin, h.begin - 20) : h.begin]):
                draft.places.append(_place(h))
                continue
            draft.places.append(_place(h))
            if h.entry.country and h.entry.country not in draft.countries:
                draft.countries.append(h.entry.country)
                draft.countries_from_places = True
        else:
            actor = _actor_for(h, text, draft.type)
            draft.actors.append(actor)
            if h.begin < t[1] and actor.country:
                subject_countries.append(actor.country)
    for pattern, name in _actor_lexicon().orgs:
        for m in pattern.finditer(text, sent.begin, sent.end):
            draft.actors.append(Actor(name, None, "international_org", Span(m.start(), m.end())))
    if not draft.countries:
        pool = subject_countries or [a.country for a in draft.actors if a.country]
        for c in pool:
            if c not in draft.countries:
                draft.countries.append(c)


def _figure_target(kind: str, fig: Figure, here: list[_Draft], drafts: list[_Draft], sent: Sentence) -> _Draft | None:
    allowed = FIGURE_TYPES[kind]
    for d in here:
        if d.type in allowed:
            return d
    for d in reversed(drafts):
        if d.sentence.paragraph != sent.paragraph:
            break
        if d.type in allowed:
            return d
    return None


def _finish(d: _Draft, ref: date | None, text: str) -> EventMention | None:
    if d.date is None:
        if d.nominal and not d.figures:
            return None  # "the war" named without a time or a toll is a reference, not an event
        if ref is None:
            return None
        week = DateExpr(ref - timedelta(days=6), ref, "week", 0, 0, False)
        date_span = DateSpan(week.start.isoformat(), week.end.isoformat(), "week", None)
        end = week.end
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
        actors=tuple(_dedupe_actors(d.actors)),
        figures=tuple(sorted(d.figures.items())),
        evidence=tuple(d.evidence),
        trigger=d.trigger,
        attribution=attribution[0] if attribution else None,
        attribution_span=attribution[1] if attribution else None,
        countries_from_places=d.countries_from_places,
    )


def _dedupe_actors(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if any(o.name.lower() == a.name.lower() and o.country == a.country for o in out):
            continue
        out.append(a)
    return out
