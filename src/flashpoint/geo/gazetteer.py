"""Places in text: recognise the names an article gives, then resolve each to one gazetteer entry.

Two layers find names:

- the **lexicon** (``NameLexicon``): countries in four languages, adjectives and demonyms ("Azeri",
  "российские"), curated regions, with Russian stems ("армян*"). One compiled regular expression per
  case mode; it also feeds the actor extractor, so a demonym is a hit of its own kind.
- the **GeoNames index** (``GeoIndex``, the SQLite file ``geo.build`` makes): every capitalised run of
  words ("Douglas County", "St. Cloud", "Донецкой области") is looked up longest-first by its folded key
  and, for Cyrillic, by its inflection-free key.

A capitalised word is not a place just because a town has that name: a match that is also a common word
("Police", "May", "Reading") needs a large population, a match inside a longer capitalised run ("Jordan
Smith") needs the rest of the run to be a place word ("Alexandria Police Department"), and a name after a
title ("Mr. Austin") is a person.

Resolution ranks each name's candidates by population, kind (country > region > admin1 > city), whether the
name is the place's own or an alternate, what the document says around it ("Alexandria, Minn.") and the
countries and first-order divisions of the document's other places, in rounds so that unambiguous names
("St. Cloud", "Minnesota") pull ambiguous ones ("Douglas County", "Alexandria") their way: the first round
reads each name against the best-agreeing readings of the others, later ones against the others' picks, so a
cluster of namesake towns in another state (New London, Mount Pleasant, Winfield) stops propping itself up. A name with no
candidate stays unresolved (``lat``/``lon`` None). The article's focus (the country or first-order division most of
its places lie in) also reads a country's or capital's name as a local namesake ("Jordan" among Minnesota towns:
``W_ABROAD``) and places a local village the index lacks in that division (``_focus_fallback``).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.geo.build import build, country_points, default_path
from flashpoint.geo.names import CYRILLIC, stem_key
from flashpoint.geo.names import key as _name_key
from flashpoint.records import url_host
from flashpoint.resources import data_rows, load_json

# the lookup key of a name (``names.key``) for the names a process meets: recognition and resolution ask for the key
# of the same span several times in a document, and the same names come back from one document to the next (bounded:
# 20,000 names, about 4 MB)
key = lru_cache(maxsize=20_000)(_name_key)


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # canonical name
    country: str | None  # ISO3
    kind: str  # continent, country, demonym, region, admin1, admin2, city, capital
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None  # first-order division's name
    geonameid: int | None = None
    population: int = 0
    main: bool = True  # the text gave the place's own name (not an alternate one)
    cc: str | None = None
    admin1_code: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    text: str
    begin: int
    end: int
    entry: Entry


# --------------------------------------------------------------------------------------------------------
# the lexicon layer

# what follows a country's stem in a Russian adjective: азербайджан|ские, армян|ских
RU_ADJECTIVE = re.compile(r"(?:ск|цк)\w*$|^\w*(?:ие|ий|ая|ое|ых|ую|ым|ими)$")


def _russian_stem(name: str) -> str | None:
    """Inflectable stem of a one-word Russian name: Армения → Армени*, Азербайджан → Азербайджан*. None for a
    name Russian does not decline, a foreign one ending in о, е, э, и, у or ю, or in а/я after о, у, а or э (Того,
    Чили, Перу, Самоа): it is only ever written whole, and a stem cut from it reads common words ("Тог*" took
    "тогда" and "того", "Само*" "самолёт", "Чили*" the pepper); its adjective, where news uses one, is a word
    of demonyms.tsv ("чилийск*")."""
    if " " in name or not CYRILLIC.search(name):
        return None
    low = name.lower()
    if low[-1] in "оеэиую" or (low[-1] in "ая" and len(low) > 1 and low[-2] in "оуаэ"):
        return None
    if low[-1] in "аяьйы":
        return name[:-1] + "*"
    return name + "*"


# A stem cut from a country's name reads the name declined, a capitalised word ("Армении", "на Кубе"); the
# adjectives and the people ("армянские", "украинцы") are the stems of demonyms.tsv. So in a lower-case word a
# name's stem counts only before an adjective's or a people's suffix ("латвийские", "кенийцы"), not as the start
# of another word ("Инди*" in "индивидуальный"); a name stem shorter than SHORT_STEM ("Куб*", "Ган*", "Чад*", the
# start of "кубок", "гантели", "чадо") counts only capitalised.
SHORT_STEM = 4
_NAME_STEM_SUFFIX = re.compile(r"\w{0,2}(?:ск|цк|ц)", re.I)


class NameLexicon:
    """Countries, demonyms and curated regions by regular expression (a word ending in ``*`` is a stem)."""

    def __init__(self, entries: list[tuple[str, Entry]], name_stems: frozenset[str] = frozenset()) -> None:
        """``name_stems``: the stems (``"армени*"``, lower case) cut from names by ``_russian_stem`` and given by
        no other entry, read as proper nouns (see ``SHORT_STEM``)."""
        exact: dict[str, Entry] = {}
        stems: list[tuple[str, Entry]] = []
        for word, entry in entries:
            if word.endswith("*"):
                stems.append((word[:-1].lower(), entry))
            else:
                exact.setdefault(word, entry)
        self._exact = exact
        self._proper = {s[:-1] for s in name_stems}
        self._stems = sorted(stems, key=lambda s: -len(s[0]))
        exact_alt = "|".join(re.escape(w) for w in sorted(exact, key=len, reverse=True))
        stem_alt = "|".join(re.escape(s) + r"\w*" for s, _ in self._stems)
        # not inside an address: "pstone@palestineherald.com", "www.kyivpost.com"
        self._exact_re = re.compile(rf"(?<![\w@.-])(?:{exact_alt})(?![\w-])")
        self._stem_re = re.compile(rf"(?<![\w@.-])(?:{stem_alt})", re.I)
        # Speed: the two alternations above are tried only where a word of the text could begin one of them
        # (same matches as scanning every character, which took a tenth of a document's time).
        self._exact_first = {_first_word(w).lower() for w in exact}
        self._stem_first: dict[str, list[str]] = {}
        for stem, _ in self._stems:
            self._stem_first.setdefault(_first_word(stem)[:2], []).append(stem)
        self._prefilter = all(re.match(r"\w", w) for w in [*exact, *(s for s, _ in self._stems)])
        # speed: what each word of the texts starts (``_word_starts``), kept
        self._words: dict[str, tuple[bool, tuple[str, ...] | bool]] = {}

    def _starts(self, text: str) -> tuple[list[int], list[int]]:
        exact: list[int] = []
        stems: list[int] = []
        words = self._words
        if len(words) > WORD_CACHE:
            words.clear()
        for m in _WORD_START.finditer(text):
            word = m.group()
            seen = words.get(word)
            if seen is None:
                seen = words[word] = self._word_starts(word)
            if seen is _NO_START:
                continue
            start = m.start()
            if seen[0]:
                exact.append(start)
            near = seen[1]
            if near is True or (near and any(text[start : start + len(s)].lower() == s for s in near)):
                stems.append(start)
        return exact, stems

    def _word_starts(self, word: str) -> tuple[bool, tuple[str, ...] | bool]:
        """What a word of the text (``_WORD_START``'s whole match) starts, the same at every place it stands: an
        exact name's first word, and a stem (True: surely; stems longer than the word: to be tested in the text,
        where the characters after the word follow)."""
        low = word.lower()
        longer: list[str] = []
        for s in self._stem_first.get(low[:2], ()):
            if len(s) <= len(word):
                if word[: len(s)].lower() == s:  # the text's characters here are the word's
                    return low in self._exact_first, True
            # Past the word stands a character that is no word character, and the lower case of none is or holds
            # one (tested over every code point), so a stem that has a word character there never matches. (Only
            # a capital sigma lowers by its neighbours: such a word keeps every longer stem.)
            elif "Σ" in word or (len(low) < len(s) and s.startswith(low) and not _WORD_CHAR.match(s, len(low))):
                longer.append(s)
        exact = low in self._exact_first
        return (exact, tuple(longer)) if exact or longer else _NO_START

    @staticmethod
    def _proper_use(word: str, stem: str) -> bool:
        """Whether ``word`` uses a name's ``stem`` as the name: capitalised, or before an adjective's or a
        people's suffix when the stem is not short (``SHORT_STEM``)."""
        return word[0].isupper() or (len(stem) >= SHORT_STEM and bool(_NAME_STEM_SUFFIX.match(word, len(stem))))

    def find(self, text: str) -> list[Hit]:
        """Every lexicon mention in ``text``; the longest wins where two overlap."""
        hits: list[Hit] = []
        if self._prefilter:
            exact_starts, stem_starts = self._starts(text)
            exact_matches = _matches_at(self._exact_re, text, exact_starts)
            stem_matches = _matches_at(self._stem_re, text, stem_starts)
        else:
            exact_matches, stem_matches = self._exact_re.finditer(text), self._stem_re.finditer(text)
        for m in exact_matches:
            hits.append(Hit(m.group(0), m.start(), m.end(), self._exact[m.group(0)]))
        for m in stem_matches:
            low = m.group(0).lower()
            for stem, entry in self._stems:
                if low.startswith(stem):
                    if stem in self._proper and not self._proper_use(m.group(0), stem):
                        break
                    if entry.kind == "country" and RU_ADJECTIVE.search(low[len(stem) :]):
                        entry = replace(entry, kind="demonym")
                    hits.append(Hit(m.group(0), m.start(), m.end(), entry))
                    break
        return _longest(hits)


_WORD_START = re.compile(r"(?<![\w@.-])\w+")
_WORD_CHAR = re.compile(r"\w")
_NO_START = (False, ())
WORD_CACHE = 50_000  # words whose starts are kept (about 6 MB)


def _first_word(name: str) -> str:
    m = re.match(r"\w+", name)
    return m.group(0) if m else name


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts`` (ascending)."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                yield m
                end = max(m.end(), start + 1)


def _longest(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.begin, -(h.end - h.begin)))
    kept: list[Hit] = []
    for h in hits:
        if kept and h.begin < kept[-1].end:
            continue
        kept.append(h)
    return kept


@cache
def default_lexicon() -> NameLexicon:
    points = country_points()
    entries: list[tuple[str, Entry]] = []
    name_stems: set[str] = set()
    other_stems: set[str] = set()
    for c in load_json("countries.json")["countries"]:
        point = points.get(c["iso3"])
        country = Entry(
            c["name"], c["iso3"], "country", point[0] if point else None, point[1] if point else None, cc=c["iso2"]
        )
        for name in c["names"]:
            entries.append((name, country))
            stem = _russian_stem(name)
            if stem:
                entries.append((stem, country))
                name_stems.add(stem.lower())
        demonym = replace(country, kind="demonym")
        for word in c["words"]:
            other_stems.add(word.lower())
            if word.startswith("="):
                entries.append((word[1:], country))
            else:
                entries.append((word, demonym))
    for p in load_json("regions.json")["places"]:
        entry = Entry(p["name"], p["country"], p["kind"], p["lat"], p["lon"])
        for variant in p["variants"]:
            entries.append((variant, entry))
            other_stems.add(variant.lower())
    return NameLexicon(entries, frozenset(name_stems - other_stems))


# --------------------------------------------------------------------------------------------------------
# the GeoNames index

_COLUMNS = (
    "p.id, p.geonameid, p.name, p.kind, p.country, p.cc, p.admin1, p.admin1_name, p.lat, p.lon, p.population, n.main"
)


class GeoIndex:
    """Read-only lookups in the gazetteer file; one SQLite connection per thread."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise ResourceError(f"gazetteer file {path} does not exist", hint="run: flashpoint gazetteer build")
        self.path = path
        self._local = threading.local()
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
                db.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
            except sqlite3.DatabaseError as exc:
                raise ResourceError(
                    f"gazetteer file {self.path} is unreadable: {exc}",
                    hint="rebuild it: flashpoint gazetteer build --force",
                ) from exc
            self._local.db = db
        return db

    def _lookup(self, k: str) -> tuple[Entry, ...]:
        rows = (
            self._db()
            .execute(
                f"SELECT {_COLUMNS} FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? "
                "ORDER BY n.main DESC, p.population DESC LIMIT 60",
                (k,),
            )
            .fetchall()
        )
        return tuple(Entry(r[2], r[4], r[3], r[8], r[9], r[7], r[1], r[10], bool(r[11]), r[5], r[6]) for r in rows)

    def meta(self) -> dict[str, str]:
        return dict(self._db().execute("SELECT k, v FROM meta").fetchall())

    def search(self, name: str, limit: int = 10) -> list[Entry]:
        found = list(self.lookup(key(name)))
        sk = stem_key(name)
        if sk:
            found += [e for e in self.lookup(sk) if e not in found]
        return sorted(found, key=lambda e: -_prior(e))[:limit]


# --------------------------------------------------------------------------------------------------------
# recognition

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*", re.U)


@dataclass(frozen=True, slots=True)
class _Context:
    connectors: frozenset[str]
    feature_words: frozenset[str]
    agency_words: frozenset[str]  # "Denver Police Department said": an agency named after its town, no person
    street_words: frozenset[str]
    club_prefixes: frozenset[str]
    generic_country_domains: frozenset[str]
    not_places: frozenset[str]
    titles: frozenset[str]
    directions: frozenset[str]
    abbreviations: frozenset[str]
    type_words_after: tuple[str, ...]
    common_zipf: float
    keep_common_population: int


@cache
def _context() -> _Context:
    d = load_json("geo_context.json")
    return _Context(
        frozenset(d["connectors"]),
        frozenset(d["feature_words"]),
        frozenset(d["agency_words"]),
        frozenset(d["street_words"]),
        frozenset(d["club_prefixes"]),
        frozenset(d["generic_country_domains"]),
        frozenset(key(n) for n in d["not_places"]),
        frozenset(d["person_titles"]),
        frozenset(d["direction_words"]),
        frozenset(d["abbreviations"]),
        tuple(d["type_words_after"]),
        float(d["common_word_zipf"]),
        int(d["keep_common_above_population"]),
    )


@lru_cache(maxsize=100_000)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang if lang in ("en", "ru", "fr", "es") else "en"))


@cache
def _stop_words(lang: str) -> frozenset[str]:
    """Function words ("The", "In", "Dans") that open a capitalised run without being part of a name."""
    import importlib

    module = {"ru": "spacy.lang.ru.stop_words", "fr": "spacy.lang.fr.stop_words", "es": "spacy.lang.es.stop_words"}.get(
        lang, "spacy.lang.en.stop_words"
    )
    return frozenset(importlib.import_module(module).STOP_WORDS)


# a lower-case word after a name's last hyphen: "-based", "-area", "-born" ("Stratford-upon-Avon" keeps its own)
_LOWER_TAIL = re.compile(r"-[^\W\d_A-ZА-ЯЁ][^\W\d_A-ZА-ЯЁ'’]*$")


def _runs(text: str, ctx: _Context, lower: set[str] | None = None) -> list[list[tuple[int, int]]]:
    """Runs of capitalised tokens (with connectors like "of" inside), as (begin, end) token spans; ``lower``, when
    given, gets the text's lower-case tokens (``recognise`` reads them: one pass over the tokens for both)."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # connectors waiting for a capitalised token
    last_end = -1
    prev_tok = ""
    abbreviations, connectors, type_words_after = ctx.abbreviations, ctx.connectors, ctx.type_words_after
    for m in _TOKEN.finditer(text):
        tok = m.group()
        capital = tok[0].isupper()  # (inline: most tokens end below)
        if not capital:
            if lower is not None and tok.islower():
                lower.add(tok)
            if not current:
                continue  # nothing to join it to, and the next capitalised token starts a run however it is joined
        b, e = m.span()
        if tok.endswith(("'s", "’s")) and len(tok) > 3:  # "Queensland's": the name without the possessive
            tok, e = tok[:-2], e - 2
        cut = _LOWER_TAIL.search(tok) if capital and "-" in tok else None
        if cut and cut.start() > 0:  # "Abu Dhabi-based", "Montreal-area": the name ends
            tok, e = tok[: cut.start()], b + cut.start()
        if not current:  # (no connector is pending either)
            current = [(b, e)]
        else:
            gap = text[last_end:b]
            joined = (
                gap in (" ", "-", "")
                or (gap == "." and len(text[last_end - 1 : last_end]) == 1)  # U.S, S.C
                or (gap == ". " and prev_tok.lower() in abbreviations)  # St. Cloud
            )
            if capital:
                if joined:
                    current.extend(pending)
                    current.append((b, e))
                else:
                    runs.append(current)
                    current = [(b, e)]
                pending = []
            elif joined and not pending and tok.lower().startswith(type_words_after):
                current.append((b, e))  # "Донецкой области": the division's type word follows in lower case
            elif joined and tok.lower() in connectors and not pending:
                pending = [(b, e)]
            else:
                runs.append(current)
                current, pending = [], []
        last_end = e
        prev_tok = tok
    if current:
        runs.append(current)
    return runs


# abbreviated words of place names, spelled out: "Mt. Pleasant" is Mount Pleasant, "Ft. Worth" Fort Worth
_SPELLED_OUT = {"mt": "mount", "ft": "fort", "st": "saint", "pt": "point", "twp": "township"}


def _spellings(k: str) -> list[str]:
    """The key with its abbreviated words spelled out, when it has any ("mt pleasant" → "mount pleasant")."""
    words = k.split()
    full = [_SPELLED_OUT.get(w, w) for w in words]
    return [" ".join(full)] if full != words else []


@lru_cache(maxsize=100_000)
def _candidates(index: GeoIndex, surface: str) -> tuple[Entry, ...]:
    k = key(surface)
    found = index.lookup(k)
    for other in _spellings(k):  # towns only, read as alternate names: "St. Louis" is not Senegal's Saint-Louis region
        spelled = (replace(e, main=False) for e in index.lookup(other) if e.kind in ("city", "capital", "admin2"))
        found = found + tuple(e for e in spelled if replace(e, main=True) not in found and e not in found)
    if CYRILLIC.search(surface):
        sk = stem_key(surface)
        if sk:
            found = found + tuple(e for e in index.lookup(sk) if e not in found)
    words = set(k.split())
    if len(words) > 1 and any(e.main and e.kind == "city" for e in found):
        # a town of this very name exists: another town that merely lists it as an alternate name and shares no
        # word with it is a stretch ("Lone Oak" is also an old name of Okolona, Kentucky)
        found = tuple(e for e in found if e.main or e.kind != "city" or words & set(key(e.name).split()))
    return found


def _prior(e: Entry) -> float:
    kind_bonus = _KIND_BONUS.get(e.kind, 0.0)
    population = max(e.population, REGION_POP) if e.kind == "region" else e.population
    return math.log10(population + 10) + kind_bonus + (1.0 if e.main else 0.0)


_AMPERSAND_AFTER = re.compile(r"\s*&")
_AMPERSAND_BEFORE = re.compile(r"&\s*$")
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_DAY = re.compile(r"(?:'s|’s)?\s+Day\b")
_TITLE_BEFORE = re.compile(r"(\w+)\.?\s*$")  # the word a name follows: "Mr. ", "Gov "
_SPEECH = re.compile(
    r"^(?:'s)?\s+(?:said|says|told|added|explained|noted|wrote|asked|testified|stated|recalled|ruled|argued|"
    r"believes|believed|thinks|warned|insisted|replied|admitted|agreed|urged|declined)\b"
)


def _word(token: str) -> str:
    """Lower case without a possessive: "Steele's" → "steele"."""
    low = token.lower()
    return low[:-2] if low.endswith(("'s", "’s")) else low.rstrip("'’")


def _big(found: tuple[Entry, ...], ctx: _Context) -> bool:
    return any(
        f.kind in ("country", "continent", "region", "demonym")
        or (f.kind == "capital" and f.main and (f.population == 0 or f.population >= 100_000))  # 0: curated
        or (f.kind == "admin1" and f.main and f.population >= 500_000)
        or f.population >= ctx.keep_common_population
        for f in found
    )


def _plausible(
    text: str,
    tokens: list[tuple[int, int]],
    i: int,
    j: int,
    found: tuple[Entry, ...],
    lang: str,
    ctx: _Context,
    matched: set[int],
    people: set[str],
    lower: AbstractSet[str] = frozenset(),
) -> bool:
    """Whether tokens i..j-1 of a capitalised run name a place here (``lower``: the words the document also
    writes in lower case, which are common words there: "capital", "metro", "creek")."""
    b, e = tokens[i][0], tokens[j - 1][1]
    words = [_word(text[tb:te]) for tb, te in tokens]
    big = _big(found, ctx)
    # what else is in the run: leading direction or common words ("In", "Downtown"), trailing place words
    # ("Police Department"), other places; a place opening a longer name ("Dublin Arts Council") is kept,
    # a small town as a first or last name ("Jordan Smith", "Michael Steele") is not
    before = [t for t in range(0, i) if t not in matched]
    after = [t for t in range(j, len(tokens)) if t not in matched]
    of_place = i > 0 and words[i - 1] in ("of", "de", "du", "del", "des")  # "University of Toronto"
    for t in before:
        if not (
            of_place
            or words[t] in ctx.directions
            or (t == 0 and _zipf(words[t], lang) >= ctx.common_zipf)
            # a broadcaster's city ("CTV Winnipeg"), not a club's ("AC Milan", "FC Dallas")
            or (_ACRONYM.fullmatch(text[tokens[t][0] : tokens[t][1]]) and words[t] not in ctx.club_prefixes)
            or any(ch.isdigit() for ch in words[t])  # a road's number: "the A429 Cirencester junction"
        ):
            return False
    if not big and (_AMPERSAND_AFTER.match(text, e) or _AMPERSAND_BEFORE.search(text[max(0, b - 3) : b])):
        return False  # a firm: "Stevens & Wilkinson" ("Trinidad & Tobago" is a country, big)
    if not big and _DAY.match(text, e):
        return False  # a day named after a saint or person: "St. Patrick's Day", "Columbus Day"
    place_word_next = bool(after) and (words[after[0]] in ctx.feature_words or words[after[0]].endswith("'s"))
    if after and not place_word_next and not (big or len(after) >= 2 or j - i >= 2):
        return False  # a multi-word name opening a longer one is a place: "Laurel County Clerk Dean Johnson"
    if j < len(tokens) and words[j] in people and not big:
        return False  # a first name before a surname the document uses: "Nancy Kellogg", "Elizabeth Ramirez"
    title = _TITLE_BEFORE.search(text[max(0, b - 12) : b])
    if title and title.group(1).lower() in ctx.titles and not big:
        return False
    if (
        key(text[b:e]) in _abbreviations()
        and "." not in text[b:e]
        and not (re.search(r"[,(]\s*$", text[max(0, b - 3) : b]) and text[e : e + 1] == ".")
    ):
        return False  # "Miss", "Ind", "Wash" are state abbreviations only as "Jackson, Miss."
    if j - i == 1:
        word = words[i]
        if word in ctx.directions:
            return False
        z = _zipf(word, lang)
        if len(word) <= 2 or z >= 5.5 and not any(f.kind in ("country", "continent") for f in found):
            return False
        if len(word) <= 3 and text[b:e].isupper() and not any(f.kind in ("country", "continent") for f in found):
            return False  # an acronym: "12:48 PM EST" is no Est region
        if word in lower and not any(f.kind in ("country", "continent", "demonym") for f in found):
            return False
        if word in ctx.feature_words and not big:
            return False  # a place word alone names no place: "Metro police", "Louisville Metro Police"
        if not big and (z >= ctx.common_zipf or word in people or _SPEECH.match(text[e : e + 20])):
            return False
        if not big and not any(f.main for f in found):
            return False
    return True


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(key(alias) for _, _, alias in data_rows("admin_aliases.tsv") if "." in alias)


def _people(text: str, runs: list[list[tuple[int, int]]], index: GeoIndex, ctx: _Context, lang: str) -> set[str]:
    """Words the document uses as personal names: the last word of "Firstname Lastname" runs, words after a title."""
    people: set[str] = set()
    for run, after in zip(runs, runs[1:], strict=False):
        b, e = run[-1]
        if len(run) >= 2 and e - b == 1 and text[b].isupper() and text[e : e + 2] == ". " and after[0][0] == e + 2:
            b, e = after[0]  # "Johnny A. Lopez": the name after a middle initial is a surname
            if not _big(_candidates(index, text[b:e]), ctx):
                people.add(_word(text[b:e]))
    for run in runs:
        words = [_word(text[b:e]) for b, e in run]
        said = _SPEECH.match(text[run[-1][1] : run[-1][1] + 20]) is not None
        # (a run of two or three words named no place: asked once, for both tests below)
        unplaced = 2 <= len(run) <= 3 and not _candidates(index, text[run[0][0] : run[-1][1]])
        # ("Denver Police Department said": no one's name)
        if said and unplaced and not any(w in ctx.agency_words for w in words):
            people.update(words)  # "Jordan Smith said"
        elif said and len(run) != 2 and len(run) != 3:
            b, e = run[-1]  # "Supervisor of Elections Pam Carpenter said", "Robertson said": the surname
            if not _big(_candidates(index, text[b:e]), ctx):
                people.add(words[-1])
        if unplaced:
            if any(w in ctx.feature_words or w in ctx.directions or w in ctx.connectors for w in words):
                continue
            if any(w in _stop_words(lang) for w in words[:-1]):
                continue  # "The Hague", "In Alexandria"; a title-case headline's "Shot In Baltimore"
            if _ACRONYM.fullmatch(text[run[0][0] : run[0][1]]) or any(ch.isdigit() for ch in words[0]):
                continue  # no first name: "CTV Winnipeg", "the A429 Cirencester junction"
            b, e = run[-1]  # the surname, which the text may repeat alone ("Steele said"); a first name it rarely does
            if not _big(_candidates(index, text[b:e]), ctx):
                people.add(words[-1])
        b = run[0][0]  # the run's first word after a title: "Mr. Austin"
        title = _TITLE_BEFORE.search(text[max(0, b - 12) : b])
        if title and title.group(1).lower() in ctx.titles:
            people.add(words[0])
    return people


def recognise(
    text: str,
    index: GeoIndex,
    lang: str = "en",
    runs: list[list[tuple[int, int]]] | None = None,
    people: set[str] | None = None,
    streets: list[tuple[int, int, tuple[Entry, ...]]] | None = None,
    lower: AbstractSet[str] | None = None,
) -> list[tuple[int, int, tuple[Entry, ...]]]:
    """Every capitalised run's longest sub-spans that name a place, with their candidates (``runs``, ``people`` and
    ``lower``, when the caller has them, are this text's ``_runs``, ``_people`` and lower-case tokens). A town naming a street
    ("1205 Lone Oak Road", "West Corsicana Street") is no place of the article, but streets are mostly named
    after towns nearby: such names go to ``streets`` (when given) to be read as context only."""
    ctx = _context()
    if runs is None:
        runs = _runs(text, ctx)
    if people is None:
        people = _people(text, runs, index, ctx, lang)
    if lower is None:  # (the caller's, from ``_runs``)
        lower = frozenset(filter(str.islower, _TOKEN.findall(text)))
    out: list[tuple[int, int, tuple[Entry, ...]]] = []
    for run in runs:
        n = len(run)
        found_at: dict[int, tuple[int, tuple[Entry, ...]]] = {}
        i = 0
        while i < n:
            for j in range(min(n, i + 6), i, -1):
                b, e = run[i][0], run[j - 1][1]
                if text[run[j - 1][0] : e].lower() in ctx.connectors:
                    continue
                found = _candidates(index, text[b:e])
                if found:
                    found_at[i] = (j, found)
                    i = j - 1
                    break
            i += 1
        matched = {t for i0, (j0, _) in found_at.items() for t in range(i0, j0)}
        for i0, (j0, found) in found_at.items():
            if key(text[run[i0][0] : run[j0 - 1][1]]) in ctx.not_places:
                continue  # town names that news uses for something else: "El Niño", "Xinhua"
            street = j0 < n and _word(text[run[j0][0] : run[j0][1]]) in ctx.street_words
            if _plausible(text, run, i0, j0, found, lang, ctx, matched, people, lower):
                if not street:
                    out.append((run[i0][0], run[j0 - 1][1], found))
                elif streets is not None:
                    streets.append((run[i0][0], run[j0 - 1][1], found))
    return out


# --------------------------------------------------------------------------------------------------------
# resolution

_QUALIFIER = re.compile(r"^\s*,\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)|^\s*\(([^)]{2,30})\)")


@lru_cache(maxsize=10_000)
def _qualifiers(index: GeoIndex, tail: str) -> tuple[Entry, ...]:
    """The divisions and countries a qualifier after a name reads as: "Orient, Ohio. Family" is Ohio (two capitalised
    words are tried as one name, "New Mexico", then the first alone)."""
    m = _QUALIFIER.match(tail)
    if not m:
        return ()
    q = m.group(1) or m.group(2)
    for name in (q, q.split()[0]) if m.group(1) and " " in q else (q,):
        found = tuple(c for c in index.lookup(key(name)) if c.kind in ("admin1", "country"))
        if found:
            return found
    return ()


def _qualifier_bonus(text: str, end: int, e: Entry, index: GeoIndex) -> float:
    """'Alexandria, Minn.' / 'Alexandria (Virginia)': the qualifier names the candidate's admin1 or country."""
    return _bonus(_qualifiers(index, text[end : end + 40]), e)


def _bonus(qualifiers: tuple[Entry, ...], e: Entry) -> float:
    """``_qualifier_bonus`` given the qualifier's readings (``_qualifiers``)."""
    for cand in qualifiers:
        if cand.kind == "admin1" and cand.cc == e.cc and cand.admin1_code == e.admin1_code:
            return 6.0
        if cand.kind == "country" and cand.cc == e.cc:
            return 4.0
    return 0.0


# resolution weights: population and kind set the prior (``_prior``); these add the document's evidence.
# Chosen on shared/corpus/geo (acc@161 0.759 → 0.795 with the coherence term), few and global on purpose.
W_CC = 1.0  # × share of the document's other places in the candidate's country
W_A1 = 1.0  # × share in the candidate's first-order division
W_GEO = 4.0  # × agreement with the other names' readings (``coherence``)
W_UNNAMED = 2.0  # a town whose country the document never names, when it names a namesake's country
W_HOME = 2.0  # a town in the publisher's country (the URL's country-code domain), as much as a named country
W_CAPITAL = 2.0  # a capital whose country the article names (by name or by a division), as much as W_HOME
W_ABROAD = 6.0  # a country or capital no other name lies in, when a namesake town lies where the others do
FOCUS_MIN = 3  # a local article's focus: at least this many other names in one first-order division ...
FOCUS_SHARE = 2 / 3  # ... and this share of the other names that lie in a division
LOCAL_MAX = 100_000  # a town at least this large is named from afar; a smaller one with no support may be local
LOCAL_SHARE = 0.5  # ... where at least this share of the other names' picks lie (their country)
W_BIGCITY = 4.0  # a division named like its own million-city, its country or capital reads as those
OWN_POP = 100_000  # a lexicon name (demonym, region) may also read as a town this large
LONE_TOWN_KINDS = ("country", "capital")  # lexicon kinds whose names may read as a town of any size
SMALL_TOWN = 20_000  # below this population a lone one-word town needs support from the other names
REGION_POP = 10_000  # a curated region or sea weighs as a town this large: "the Gulf" is not Papua's Gulf Province
ADMIN1_BONUS = 2.0  # a first-order division over a namesake town of the same size
CAPITAL_BONUS = 1.0  # a country's capital over a namesake town of the same size
_KIND_BONUS = {  # a reading's kind in its prior (``_prior``)
    "continent": 4.0,
    "country": 3.0,
    "region": 3.0,
    "landmark": 3.0,
    "capital": CAPITAL_BONUS,
    "admin1": ADMIN1_BONUS,
    "demonym": 3.0,
    "admin2": 1.5,
    "city": 0.0,
}
TOP_K = 40  # readings per name that take part in the coherence term
ROUNDS = 3  # the first reads each name against the best readings of the others, later ones against their picks


def _km(a: Entry, b: Entry) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


# degrees of latitude beyond which two points are more than 300 km apart (a great circle is never shorter than
# the meridian arc between the two latitudes: 6371 km x 2.7 degrees = 300.2 km)
_BEYOND_300_KM = 2.7


def _support(c: Entry, other: tuple[Entry, ...]) -> float:
    """How well one other name's readings agree with reading ``c``: near it, or the area it lies in."""
    kind, cc = c.kind, c.cc
    area = kind in ("country", "demonym")
    wide = area or kind == "continent"  # agrees only as the area a reading lies in, never by distance
    division = kind == "admin1"
    home = (cc, c.admin1_code)
    lat = c.lat
    best = 0.0
    for o in other:  # the same tests in the same order as one after another, with what depends on c read once
        o_kind = o.kind
        if o_kind in ("country", "demonym"):
            v = 0.6 if o.cc == cc and not area else 0.0
        elif o_kind == "admin1" and not (area or division):
            v = 1.0 if (o.cc, o.admin1_code) == home else 0.0
        elif division and o_kind in ("city", "capital", "admin2"):
            v = 0.5 if (o.cc, o.admin1_code) == home else 0.0  # its towns: "legal in Quebec"
        elif wide or o_kind in ("continent", "region", "landmark"):
            continue
        elif lat is not None and o.lat is not None and abs(lat - o.lat) > _BEYOND_300_KM:
            continue  # further apart than 300 km whatever the longitudes (speed: most pairs end here)
        else:
            d = _km(c, o)
            v = 1.0 if d <= 100 else 0.5 if d <= 300 else 0.0
        if v > best:
            best = v
            if best == 1.0:
                break
    return best


class _Readings:
    """One name's readings set out for ``_support``, which every reading of every other name is held against (40 x
    40 pairs of readings for a pair of names): the countries they name, their first-order divisions, their towns'
    divisions, and the points a distance is taken to (their latitude, and the radians and cosine ``_km`` reads),
    by latitude. ``support(c)`` is ``_support(c, readings)``: the same tests, each reading's only value the
    largest it gives, so the order they are met in changes nothing."""

    __slots__ = ("countries", "divisions", "points", "points_lat", "town_divisions", "towns", "towns_lat")

    def __init__(self, readings: tuple[Entry, ...]) -> None:
        self.countries: set[str | None] = set()
        self.divisions: set[tuple[str | None, str | None]] = set()
        self.town_divisions: set[tuple[str | None, str | None]] = set()
        towns: list[tuple[float, float, float, float]] = []  # what a reading other than a division is near
        points: list[tuple[float, float, float, float]] = []  # what a division is near
        for o in readings:
            kind = o.kind
            if kind in ("country", "demonym"):
                self.countries.add(o.cc)
                continue
            if kind in ("continent", "region", "landmark"):
                continue
            if kind == "admin1":
                self.divisions.add((o.cc, o.admin1_code))
            elif kind in ("city", "capital", "admin2"):
                self.town_divisions.add((o.cc, o.admin1_code))
            if o.lat is None or o.lon is None:
                continue  # (no distance to it: ``_km`` reads it as 1e9 km)
            la = math.radians(o.lat)
            point = (o.lat, la, math.radians(o.lon), math.cos(la))
            if kind != "admin1":
                towns.append(point)
            if kind not in ("city", "capital", "admin2"):
                points.append(point)
        self.towns = sorted(towns)
        self.towns_lat = [t[0] for t in self.towns]
        self.points = sorted(points)
        self.points_lat = [t[0] for t in self.points]

    def support(self, c: Entry) -> float:
        kind = c.kind
        if kind in ("country", "demonym"):
            return 0.0  # an area agrees with nothing here (``_support``: only its towns' divisions count, 0.0)
        best = 0.6 if c.cc in self.countries else 0.0
        home = (c.cc, c.admin1_code)
        division = kind == "admin1"
        if not division and home in self.divisions:
            return 1.0
        if division and home in self.town_divisions and best < 0.5:
            best = 0.5
        lat, lon = c.lat, c.lon
        if kind == "continent" or lat is None or lon is None:
            return best
        near, near_lat = (self.points, self.points_lat) if division else (self.towns, self.towns_lat)
        # the points within _BEYOND_300_KM degrees of latitude, and a margin, then the test itself
        first, last = bisect_left(near_lat, lat - 3.0), bisect_right(near_lat, lat + 3.0)
        la1, lo1 = math.radians(lat), math.radians(lon)
        cos1 = math.cos(la1)
        for o_lat, la2, lo2, cos2 in near[first:last]:
            if abs(lat - o_lat) > _BEYOND_300_KM:
                continue
            # ``_km``, term for term
            h = math.sin((la2 - la1) / 2) ** 2 + cos1 * cos2 * math.sin((lo2 - lo1) / 2) ** 2
            d = 12742.0 * math.asin(min(1.0, math.sqrt(h)))
            if d <= 100:
                return 1.0
            if d <= 300 and best < 0.5:
                best = 0.5
        return best


def _top(cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The ``TOP_K`` readings of a name that take part in the coherence term."""
    return tuple(sorted(cands, key=_prior, reverse=True)[:TOP_K])


def coherence(mentions: list[tuple[str, tuple[Entry, ...]]]) -> dict[tuple[str, Entry], float]:
    """(name key, candidate index) → agreement with the document's other names (each name counted once)."""
    return _coherence({k: _top(c) for k, c in mentions})


def _coherence(top: dict[str, tuple[Entry, ...]]) -> dict[tuple[str, Entry], float]:
    readings = {k: _Readings(c) for k, c in top.items()}
    out: dict[tuple[str, Entry], float] = {}
    for k, cands in top.items():
        others = [r for k2, r in readings.items() if k2 != k]
        n = max(1.0, math.sqrt(len(others)))
        for c in cands:
            out[(k, c)] = sum(r.support(c) for r in others) / n
    return out


def _joint(top: dict[str, tuple[Entry, ...]], picked: dict[str, Entry]) -> dict[tuple[str, Entry], float]:
    """Agreement with the other names' current readings, not with the best of each: a reading that only agrees
    with readings nobody chose loses its support (``top``: each name's ``_top`` readings)."""
    out: dict[tuple[str, Entry], float] = {}
    n = max(1.0, math.sqrt(max(0, len(top) - 1)))
    picks = _Agreement({k: (p,) for k, p in picked.items()})
    for k, cands in top.items():
        own = picks.order.get(k)
        for c in cands:
            out[(k, c)] = picks.total(c, own) / n
    return out


class _Agreement:
    """The names' picks set out for ``_joint``, which holds every reading of every name against each other name's
    pick and sums ``_support`` in the names' order (``groups``: each name's pick, alone). One pair of a reading and a
    pick in twenty agrees at all, so ``total(c, own)`` finds the picks that can agree with ``c`` (the countries,
    divisions and towns' divisions it is in, the points within 2.7 degrees of latitude), keeps each name's largest
    value (``_support``'s) and adds the names' values in their order, leaving out ``own`` (the name ``c`` reads)
    and the zeros (adding 0.0 changes no sum). For ``_coherence``'s forty readings a name ``_Readings`` is faster:
    it stops at the first reading within 100 km."""

    __slots__ = ("countries", "divisions", "order", "points", "points_lat", "town_divisions", "towns", "towns_lat")

    def __init__(self, groups: dict[str, tuple[Entry, ...]]) -> None:
        self.order = {k: i for i, k in enumerate(groups)}
        self.countries: dict[str | None, list[int]] = {}
        self.divisions: dict[tuple[str | None, str | None], list[int]] = {}
        self.town_divisions: dict[tuple[str | None, str | None], list[int]] = {}
        towns: list[tuple[float, int, Entry]] = []  # what a reading other than a division is near
        points: list[tuple[float, int, Entry]] = []  # what a division is near
        for i, readings in enumerate(groups.values()):
            for o in readings:
                kind = o.kind
                if kind in ("country", "demonym"):
                    self.countries.setdefault(o.cc, []).append(i)
                    continue
                if kind in ("continent", "region", "landmark"):
                    continue
                if kind == "admin1":
                    self.divisions.setdefault((o.cc, o.admin1_code), []).append(i)
                elif kind in ("city", "capital", "admin2"):
                    self.town_divisions.setdefault((o.cc, o.admin1_code), []).append(i)
                if o.lat is None or o.lon is None:
                    continue  # (``_km``: 1e9 km)
                if kind != "admin1":
                    towns.append((o.lat, i, o))
                if kind not in ("city", "capital", "admin2"):
                    points.append((o.lat, i, o))
        self.towns = sorted(towns, key=lambda t: (t[0], t[1]))
        self.towns_lat = [t[0] for t in self.towns]
        self.points = sorted(points, key=lambda t: (t[0], t[1]))
        self.points_lat = [t[0] for t in self.points]

    def total(self, c: Entry, own: int | None) -> float:
        kind = c.kind
        if kind in ("country", "demonym"):
            return 0  # an area agrees with nothing here (``_support``'s sum of zeros, divided, is 0.0 too)
        home = (c.cc, c.admin1_code)
        division = kind == "admin1"
        best = dict.fromkeys(self.countries.get(c.cc, ()), 0.6)
        if division:
            for i in self.town_divisions.get(home, ()):
                if best.get(i, 0.0) < 0.5:
                    best[i] = 0.5
        else:
            best.update(dict.fromkeys(self.divisions.get(home, ()), 1.0))
        lat = c.lat
        if kind != "continent" and lat is not None and c.lon is not None:
            near, near_lat = (self.points, self.points_lat) if division else (self.towns, self.towns_lat)
            for o_lat, i, o in near[bisect_left(near_lat, lat - 3.0) : bisect_right(near_lat, lat + 3.0)]:
                if abs(lat - o_lat) > _BEYOND_300_KM:
                    continue
                d = _km(c, o)
                v = 1.0 if d <= 100 else 0.5 if d <= 300 else 0.0
                if v > best.get(i, 0.0):
                    best[i] = v
        if own is not None:
            best.pop(own, None)
        return sum(v for _, v in sorted(best.items()))


def _choose(
    cands: tuple[Entry, ...],
    weights: dict[str, Counter[Any]],
    text: str,
    end: int,
    index: GeoIndex,
    agree: dict[tuple[str, Entry], float] | None = None,
    name: str = "",
    home: str | None = None,
    mine: dict[str, Counter[Any]] | None = None,
) -> Entry:
    """The best reading of one mention; ``weights`` count the picks' countries and divisions, ``mine`` this name's
    own share of them, which is left out (a name is not its own evidence)."""
    big_cities = {(c.cc, c.admin1_code) for c in cands if c.kind in ("city", "capital") and c.population >= 1_000_000}
    # a division named like its own country ("Mexico") or its country's capital ("Washington") reads as those
    national = {c.cc for c in cands if c.kind in ("country", "capital")}
    # a province smaller than a namesake town is named less often than the town (Toledo, Belize's district of
    # 29,000, and Toledo, Ohio): its kind earns it nothing over that town
    largest_town = max((c.population for c in cands if c.kind in ("city", "capital")), default=0)
    # the countries the other names name, outright or by a first-order division ("Canada", "Ontario"; not
    # "Canadian")
    none: Counter[Any] = Counter()
    cc_w, a1_w = weights["cc"], weights["a1"]
    my_cc, my_a1, my_named, my_nations = (
        (mine["cc"], mine["a1"], mine["named"], mine["nations"]) if mine else (none, none, none, none)
    )
    others = sum(cc_w.values()) - sum(my_cc.values())  # the other names' picks, and those with a division
    others_a1 = sum(a1_w.values()) - sum(my_a1.values())
    cc_total, a1_total = max(1, others), max(1, others_a1)
    named = {k for k, v in (weights.get("named") or none).items() if v > my_named[k]}
    rival_named = any(c.cc in named for c in cands if c.kind not in ("country", "demonym"))
    # a country's name with a namesake town in the country most of the other names lie in ("Jordan" among
    # Minnesota towns, or beside "United States"); a capital's name with one in the division most of them lie in
    # ("Paris" beside Commerce, Texas; not "Moscow" beside New York and Texas, for Moscow, Pennsylvania)
    state_kinds = {c.kind for c in cands if c.kind in ("country", "capital")}
    local = set()
    for c in cands:
        if c.kind not in ("city", "admin2") or others < 1:
            continue
        if "country" in state_kinds and (cc_w[c.cc] - my_cc[c.cc]) / others >= LOCAL_SHARE:
            local.add(c.cc)
        a1 = (c.cc, c.admin1_code)
        if "capital" in state_kinds and others_a1 >= 1 and (a1_w[a1] - my_a1[a1]) / others_a1 >= LOCAL_SHARE:
            local.add(c.cc)
    if text.startswith(("'s", "’s"), end):
        local = set()  # a state that owns something: "Mexico's Club America", "Jordan's capital Amman"
    if {k for k, v in (weights.get("nations") or none).items() if v > my_nations[k]} - local:
        local = set()  # the article names another country or people: "a mission trip to Haiti and Jordan"

    qualifiers = _qualifiers(index, text[end : end + 40])  # (read once for all the readings)

    def score(e: Entry) -> float:
        s = _prior(e)
        cc_share = (cc_w[e.cc] - my_cc[e.cc]) / cc_total
        a1_key = (e.cc, e.admin1_code)
        a1_share = (a1_w[a1_key] - my_a1[a1_key]) / a1_total
        if e.kind not in ("country", "demonym", "continent"):
            s += W_CC * cc_share + (W_A1 * a1_share if e.admin1_code else 0.0)
        if e.kind == "admin1" and ((e.cc, e.admin1_code) in big_cities or e.cc in national):
            s -= W_BIGCITY  # "New York" names the city before the state
        if e.kind == "admin1" and e.population < largest_town:
            s -= ADMIN1_BONUS
        if agree is not None:
            s += W_GEO * agree.get((name, e), 0.0)
        if rival_named and e.cc not in named and e.kind not in ("country", "demonym", "continent", "region"):
            s -= W_UNNAMED  # "London" in an article that names Canada and not Britain
        if local and e.cc not in local and cc_w[e.cc] == my_cc[e.cc]:
            s -= W_ABROAD  # a country or capital (or its division) nothing else in the article is in
        if e.kind == "capital" and e.cc in named:
            s += W_CAPITAL  # the capital of a country the article names: "in France ... on Paris' Champs-Elysees"
        if home and e.cc == home and e.kind not in ("country", "demonym", "continent", "region"):
            s += W_HOME  # the outlet's country: "Kent" on a .co.uk site
        return s + (_bonus(qualifiers, e) if qualifiers else 0.0)

    return max(cands, key=score)


def _scene() -> dict[str, Counter[Any]]:
    """What a round's picks say of the article's scene: their countries ("cc"), first-order divisions ("a1"), the
    countries they name outright or by a division ("named") and by name or people ("nations")."""
    return {"cc": Counter(), "a1": Counter(), "named": Counter(), "nations": Counter()}


def resolve(
    text: str, mentions: list[tuple[int, int, tuple[Entry, ...]]], index: GeoIndex, home: str | None = None
) -> tuple[list[Entry], list[float]]:
    """One entry per mention, chosen with the document's other places as context (``ROUNDS`` rounds), and how much
    the other names support each choice (0: nothing else in the document is near it); ``home``: the alpha-2 code
    of the publisher's country (``home_country``), a weak prior."""
    weights = _scene()
    for _, _, cands in mentions:  # round 0: names with a single reading set the scene
        kinds = {(c.cc, c.admin1_code if c.kind != "country" else None) for c in cands}
        if len(kinds) == 1:
            c = cands[0]
            weights["cc"][c.cc] += 1
            if c.admin1_code:
                weights["a1"][(c.cc, c.admin1_code)] += 1
    names = [key(text[b:e]) for b, e, _ in mentions]
    unique: dict[str, tuple[Entry, ...]] = {}
    for n, (_, _, cands) in zip(names, mentions, strict=True):
        unique.setdefault(n, cands)
    top = {k: _top(c) for k, c in unique.items()}
    agree = _coherence(top)
    used = agree
    picks: list[Entry] = []
    by_name: dict[str, dict[str, Counter[Any]]] = {}  # per name: its own picks, left out of its scene
    for r in range(ROUNDS):
        if r:
            used = _joint(top, dict(zip(names, picks, strict=True)))
        previous = picks
        picks = [
            _choose(cands, weights, text, e, index, used, n, home, by_name.get(n))
            for n, (_, e, cands) in zip(names, mentions, strict=True)
        ]
        if r and all(p is q for p, q in zip(picks, previous, strict=True)):
            break  # a round after the first reads only the previous picks: the same picks, the same rounds after
        # the next round's scene: every pick's country and division, but a name is not its own evidence (four
        # "London"s in a Canadian paper do not make England the scene of the fifth)
        weights = _scene()
        by_name = {}
        for n, p in zip(names, picks, strict=True):
            mine = by_name.setdefault(n, _scene())
            for w in (weights, mine):
                w["cc"][p.cc] += 1
                if p.admin1_code and p.kind != "country":
                    w["a1"][(p.cc, p.admin1_code)] += 1
                if p.kind in ("country", "admin1"):
                    w["named"][p.cc] += 1
                if p.kind in ("country", "demonym"):
                    w["nations"][p.cc] += 1
    support = [
        agree.get((n, p), 0.0) + _qualifier_bonus(text, e, p, index)
        for n, (_, e, _), p in zip(names, mentions, picks, strict=True)
    ]
    return picks, support


def _focus_fallback(
    names: list[str], mentions: list[tuple[int, int, tuple[Entry, ...]]], picks: list[Entry]
) -> list[Entry]:
    """A local article's village that the index lacks: when the other names cluster in one first-order division
    (the article's focus: at least ``FOCUS_MIN`` of them, ``FOCUS_SHARE`` of those with a division), a town
    below ``LOCAL_MAX`` none of whose namesakes lies there and which no other name of the article is near or
    shares a division with ("Logan" among Greene County towns in Missouri: the index has only Logan, Utah) is
    read as a place in that division, at the middle of the article's own towns there (admin1 precision), not at a
    namesake across the country. Names that can be a country, capital, demonym or region keep their reading."""
    out = list(picks)
    nations = {p.cc for p in picks if p.kind in ("country", "admin1")}  # the countries the article names
    for i, (n, (_, _, cands), p) in enumerate(zip(names, mentions, picks, strict=True)):
        if p.kind not in ("city", "admin1") or p.population >= LOCAL_MAX:
            continue  # a county ("Fife", "Kent") is named from afar more often than a village
        if any(c.kind in ("country", "capital", "demonym", "continent", "region") for c in cands):
            continue
        if any(
            n2 != n and ((p2.cc, p2.admin1_code) == (p.cc, p.admin1_code) or _km(p, p2) <= 100)
            for n2, p2 in zip(names, picks, strict=True)
            if p2.kind not in ("country", "demonym", "continent", "region")
        ):
            continue  # another name of the article is in its division or near it
        divisions: Counter[tuple[str | None, str | None]] = Counter(
            (p2.cc, p2.admin1_code)
            for n2, p2 in zip(names, picks, strict=True)
            if n2 != n and p2.admin1_code and p2.kind in ("city", "admin2", "admin1")
        )
        if not divisions:
            continue
        (cc, a1), count = divisions.most_common(1)[0]
        if count < FOCUS_MIN or count < FOCUS_SHARE * sum(divisions.values()):
            continue
        if any((c.cc, c.admin1_code) == (cc, a1) for c in cands) or (p.kind == "admin1" and p.cc == cc):
            continue  # a namesake lies in the focus (the rounds weighed it), or the pick is a neighbouring division
        if p.cc != cc and cc not in nations:
            continue  # into another country only when the article names it ("Victoria Park" among London, Ontario
            # places in an article naming Canada; not "West Side" into the Philippines for three "San Antonio"s)
        local = [p2 for n2, p2 in zip(names, picks, strict=True) if n2 != n and (p2.cc, p2.admin1_code) == (cc, a1)]
        points = [(t.lat, t.lon) for t in local if t.kind in ("city", "admin2") and t.lat is not None]
        lat, lon = local[0].lat, local[0].lon  # no town of its own there: the division's point
        if points:
            lat = sum(la for la, _ in points if la is not None) / len(points)
            lon = sum(lo for _, lo in points if lo is not None) / len(points)
        out[i] = Entry(
            local[0].admin1 or local[0].name,
            local[0].country,
            "admin1",
            lat,
            lon,
            local[0].admin1,
            main=False,
            cc=cc,
            admin1_code=a1,
        )
    return out


# --------------------------------------------------------------------------------------------------------
# the gazetteer the pipeline uses


class Gazetteer:
    """Lexicon + GeoNames index: ``find(text)`` gives every place mention, resolved."""

    def __init__(self, lexicon: NameLexicon, index: GeoIndex | None) -> None:
        self.lexicon = lexicon
        self.index = index

    def find_with_title(
        self, title: str | None, text: str, lang: str = "en", home: str | None = None
    ) -> tuple[list[Hit], list[Hit]]:
        """Places of a title and of the body, resolved together; body spans index ``text``, title spans ``title``."""
        if not title:
            return [], self.find(text, lang, home)
        joint = f"{title}\n\n{text}"
        shift = len(title) + 2
        hits = self.find(joint, lang, home)
        return (
            [h for h in hits if h.end <= len(title)],
            [Hit(h.text, h.begin - shift, h.end - shift, h.entry) for h in hits if h.begin >= shift],
        )

    def find(self, text: str, lang: str = "en", home: str | None = None) -> list[Hit]:
        lex_hits = self.lexicon.find(text)
        if self.index is None:
            return lex_hits
        mentions: list[tuple[int, int, tuple[Entry, ...]]] = []
        for h in lex_hits:
            found = _candidates(self.index, h.text)
            # a place's own name beats a lexicon stem or alias ("Indiana" is not "Indian*", "Washington" is a
            # city and a state before it is the US government)
            own = tuple(
                f
                for f in found
                if f.main
                and f.kind in ("country", "admin1", "city", "capital", "admin2", "continent", "region", "landmark")
                # a country's or capital's name may read as a town of any size ("Palestine" in Anderson
                # County, Texas) when the document's other places support it; a demonym only as a large town
                and (f.kind not in ("city", "capital") or f.population >= OWN_POP or h.entry.kind in LONE_TOWN_KINDS)
            )
            if h.entry.kind in ("country", "demonym") and not CYRILLIC.search(h.text):
                cands = (*own, *(f for f in found if f.kind == h.entry.kind and f not in own))
                mentions.append((h.begin, h.end, cands or (h.entry,)))
            else:
                mentions.append((h.begin, h.end, (h.entry,) + own))
        ctx = _context()
        lower: set[str] = set()
        runs = _runs(text, ctx, lower)
        people = _people(text, runs, self.index, ctx, lang)
        keep = [
            not _first_name(text, h, people) and not _native_americans(text, h) and not _titled(text, h, ctx)
            for h in lex_hits
        ]
        mentions = [m for m, k in zip(mentions, keep, strict=True) if k]
        taken = [(h.begin, h.end) for h in lex_hits]  # a first name found here is not a town either
        lexicon_spans = set(taken)
        streets: list[tuple[int, int, tuple[Entry, ...]]] = []
        for b, e, found in recognise(text, self.index, lang, runs, people, streets, lower):
            inside = [(tb, te) for tb, te in taken if b <= tb and te <= e and (tb, te) != (b, e)]
            if inside and not any(b < te and tb < e for tb, te in taken if (tb, te) not in inside):
                # a longer name beats the lexicon word inside it: "New Jersey" is not Jersey
                mentions = [m for m in mentions if (m[0], m[1]) not in inside]
                lexicon_spans.difference_update(inside)
                mentions.append((b, e, found))
            elif not any(b < te and tb < e for tb, te in taken):
                mentions.append((b, e, found))
        street_lists = _STREET_LIST.finditer(text) if any(word in text for word in _STREET_WORDS) else ()
        for m in street_lists:  # "the corner of Lakeview and Harrison streets"
            streets.extend(x for x in mentions if m.start(1) <= x[0] and x[1] <= m.end(1) and x not in streets)
            mentions = [x for x in mentions if not (m.start(1) <= x[0] and x[1] <= m.end(1))]
        context_only = {(b, e) for b, e, _ in streets}
        mentions.extend(streets)
        mentions = _county_lists(text, mentions, self.index)
        mentions = _county_stems(text, mentions)
        mentions, policed = _agency_towns(text, mentions)
        qualified = [(b, e, _qualified(text, e, cands, self.index)) for b, e, cands in mentions]
        settled = {key(text[b:e]): q for (b, e, q), (_, _, c) in zip(qualified, mentions, strict=True) if q != c}
        mentions = [(b, e, settled.get(key(text[b:e]), q)) for b, e, q in qualified]  # "Orient, Ohio", then "Orient"
        mentions.sort(key=lambda m: m[0])
        picks, support = resolve(text, mentions, self.index, home)
        picks = _as_qualified(text, mentions, picks, self.index)
        kept = [
            (m, pick)
            for m, pick, sup in zip(mentions, picks, support, strict=True)
            # a one-word village nothing else in the document is near is more often a surname
            if not (
                (m[0], m[1]) not in lexicon_spans
                and key(text[m[0] : m[1]]) not in policed  # "Brooksville police": a town's police names the town
                and pick.kind == "city"
                and pick.population < SMALL_TOWN
                and " " not in text[m[0] : m[1]]
                and sup == 0.0
            )
        ]
        # a local article's village the index lacks (streets' towns count as the article's places here too)
        ms = [m for m, _ in kept]
        picks = _focus_fallback([key(text[b:e]) for b, e, _ in ms], ms, [p for _, p in kept])
        hits = [
            Hit(text[b:e], b, e, pick) for (b, e, _), pick in zip(ms, picks, strict=True) if (b, e) not in context_only
        ]
        return _longest(hits)


@cache
def _agency_re() -> re.Pattern[str]:
    words = sorted(_context().agency_words, key=len, reverse=True)
    return re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'’-])", re.I)


def _agency_after(text: str, end: int) -> bool:
    """The name is followed by an agency word: "Toledo police", "Brooksville Police Department"."""
    return _agency_re().match(text, end) is not None


def _agency_towns(
    text: str, mentions: list[tuple[int, int, tuple[Entry, ...]]]
) -> tuple[list[tuple[int, int, tuple[Entry, ...]]], set[str]]:
    """A name the document gives to a police force ("Toledo police") is a town's name: wherever the document
    says it, it reads as one of its towns (or counties), not as a smaller province of the same name (Toledo,
    Belize's district). A country or capital keeps its readings ("Georgia police", "Paris police"), and so does
    a division larger than its namesake towns ("Indiana State Police", "Texas Department of Public Safety").
    Also returns the names (``key``) the document gives to a police force at all."""
    towns: dict[str, tuple[Entry, ...]] = {}
    policed: set[str] = set()
    for b, e, cands in mentions:
        if not _agency_after(text, e):
            continue
        policed.add(key(text[b:e]))
        if not any(c.kind in ("country", "capital", "demonym", "continent") for c in cands):
            local = tuple(c for c in cands if c.kind in ("city", "admin2"))
            largest = max((c.population for c in local), default=0)
            if local and not any(c.kind not in ("city", "admin2") and c.population >= largest for c in cands):
                towns[key(text[b:e])] = local
    if not towns:
        return mentions, policed
    return [(b, e, towns.get(key(text[b:e]), cands)) for b, e, cands in mentions], policed


def _as_qualified(
    text: str, mentions: list[tuple[int, int, tuple[Entry, ...]]], picks: list[Entry], index: GeoIndex
) -> list[Entry]:
    """A name the document once qualifies with its division or country ("Richmond, VA") is that place wherever
    the document says it, as its first such reading ("... at Richmond hospital" is not Richmond, London)."""
    qualified: dict[str, Entry] = {}
    for (b, e, _), p in zip(mentions, picks, strict=True):
        if _qualifier_bonus(text, e, p, index) > 0:
            qualified.setdefault(key(text[b:e]), p)
    if not qualified:
        return picks
    return [
        q if (q := qualified.get(key(text[b:e]))) is not None and q in cands else p
        for (b, e, cands), p in zip(mentions, picks, strict=True)
    ]


def _qualified(text: str, end: int, cands: tuple[Entry, ...], index: GeoIndex) -> tuple[Entry, ...]:
    """ "Orient, Ohio" where no Orient in the index lies in Ohio (a village below cities500's threshold): the
    state the text names, not a namesake elsewhere. Only for names that are towns alone, so a list of states or
    countries ("Jordan, Israel") is left to itself."""
    if not cands or any(c.kind not in ("city", "admin2") for c in cands):
        return cands
    m = _QUALIFIER.match(text[end : end + 40])
    if not m or not m.group(1):
        return cands
    divisions = [c for c in _qualifiers(index, text[end : end + 40]) if c.kind == "admin1" and c.main]
    if len(divisions) != 1 or any((c.cc, c.admin1_code) == (divisions[0].cc, divisions[0].admin1_code) for c in cands):
        return cands
    return (replace(divisions[0], main=False),)


_LIST_NAME = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?"
_COUNTY_LIST = re.compile(
    rf"\b({_LIST_NAME}(?:, {_LIST_NAME})*,? (?:and|or|&) {_LIST_NAME}) (counties|parishes|Counties|Parishes)\b"
)
# "the state's three largest counties — Douglas, Lancaster and Sarpy"
_COUNTIES_THEN_LIST = re.compile(
    rf"\b(counties|parishes)(?: of|:|,|\s*[—–-]+|\s*[\"“(])?\s*({_LIST_NAME}(?:, {_LIST_NAME})*,? (?:and|or|&) {_LIST_NAME})"
)
_STREET_LIST = re.compile(rf"\b({_LIST_NAME}(?:, {_LIST_NAME})*,? (?:and|&) {_LIST_NAME}) (?:streets|roads|avenues)\b")
_LIST_SEP = re.compile(r",? (?:and|or|&) |, ")
# every match of the two county patterns holds one of these words, every match of _STREET_LIST one of those (the
# patterns' ``scan.required_strings``, case as written: tests/test_geo.py checks): a text without any skips them
# (re tries them at every character; 0.19 ms a page on corpus/html, where few pages list counties or streets)
_COUNTY_WORDS = ("counties", "parishes", "Counties", "Parishes")
_STREET_WORDS = ("streets", "roads", "avenues")


def _county_lists(
    text: str, mentions: list[tuple[int, int, tuple[Entry, ...]]], index: GeoIndex
) -> list[tuple[int, int, tuple[Entry, ...]]]:
    """ "Camden and Charlton counties", "Butler, Clark, ... or Warren counties": each name is "X County" (or
    "X Parish"), recognised or not, and reads only as that."""
    out = list(mentions)
    if not any(word in text for word in _COUNTY_WORDS):
        return out
    lists = [(m.group(1), m.start(1), m.group(2)) for m in _COUNTY_LIST.finditer(text)]
    lists += [(m.group(2), m.start(2), m.group(1)) for m in _COUNTIES_THEN_LIST.finditer(text)]
    for names, start, kind in lists:
        word = " County" if kind.lower() == "counties" else " Parish"
        pos = start
        for part in _LIST_SEP.split(names):
            b = text.index(part, pos)
            e = pos = b + len(part)
            found = tuple(c for c in index.lookup(key(part + word)) if c.kind == "admin2")
            if found:
                out = [x for x in out if not (x[0] < e and b < x[1])]
                out.append((b, e, found))
    return out


def home_country(url: str | None) -> str | None:
    """The alpha-2 code of a URL's country-code domain ("bbc.co.uk" → GB, "cbc.ca" → CA), none for generic
    domains (.com, .org) and country codes sold as generic ones (.tv, .io, .co: ``generic_country_domains`` in
    data/geo_context.json)."""
    host = url_host(url) or ""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    tld = "gb" if tld == "uk" else tld
    if len(tld) != 2 or tld in _context().generic_country_domains:
        return None
    return tld.upper() if tld.upper() in _alpha2() else None


@cache
def _alpha2() -> frozenset[str]:
    return frozenset(c["iso2"] for c in load_json("countries.json")["countries"] if c["iso2"])


def _county_stems(
    text: str, mentions: list[tuple[int, int, tuple[Entry, ...]]]
) -> list[tuple[int, int, tuple[Entry, ...]]]:
    """A name the article also gives as a county ("Boone County", then "the Western Boone Education Foundation")
    may be that county: its counties join the name's readings."""
    counties: dict[str, tuple[Entry, ...]] = {}
    for b, e, cands in mentions:
        name = text[b:e]
        for word in (" County", " Parish"):
            if name.endswith(word) and all(c.kind == "admin2" for c in cands):
                counties.setdefault(key(name[: -len(word)]), cands)
    if not counties:
        return mentions
    out = []
    for b, e, cands in mentions:
        extra = counties.get(key(text[b:e]), ())
        out.append((b, e, cands + tuple(c for c in extra if c not in cands)) if extra else (b, e, cands))
    return out


_BEFORE_INDIANS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$")


def _native_americans(text: str, hit: Hit) -> bool:
    """ "Quiche Indians", "Atakapa Indians", "American Indians": a people of the Americas, not India's."""
    return (
        hit.text in ("Indian", "Indians")
        and _BEFORE_INDIANS.search(text[max(0, hit.begin - 30) : hit.begin]) is not None
    )


_TITLE_CAPITALISED = re.compile(r"([A-Z][a-z]*)\.?[ \t]+$")


def _titled(text: str, hit: Hit, ctx: _Context) -> bool:
    """ "Lt. Ireland said", "Sgt. Jordan": a country's name after a person's title is that person's name."""
    m = _TITLE_CAPITALISED.search(text, max(0, hit.begin - 14), hit.begin)
    return m is not None and m.group(1).lower() in ctx.titles


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’-]+)")


def _first_name(text: str, hit: Hit, people: set[str]) -> bool:
    """ "Jordan Smith", "Georgia Brown": a country's name as a person's first name."""
    m = _NEXT_WORD.match(text, hit.end)
    return m is not None and _word(m.group(1)) in people and _word(hit.text) in people


@cache
def default_gazetteer() -> Gazetteer:
    """The lexicon and the GeoNames index, building the index file on first use."""
    path = default_path()
    if not path.exists():
        import sys

        print(f"flashpoint: building the gazetteer at {path} (once, about 15 s)…", file=sys.stderr)
        build(path)
    return Gazetteer(default_lexicon(), GeoIndex(path))
