"""The starter gazetteer: countries (names in four languages, adjectives, demonyms) and curated places.

Built from ``data/countries.json`` (pycountry + CLDR + the team's demonyms) and
``data/regions.json`` (regions, disputed and border areas, capitals). It finds
every mention in a text with one compiled regular expression per case mode.
Issue 5 grows this into the full GeoNames gazetteer; the interface
(``Gazetteer.find``) stays.

A word ending in ``*`` in the data is a stem: it matches any inflection
("армян*" matches "армянских"), case-insensitively. Other entries match as
written (so "US" does not match "us").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flashpoint.resources import load_json


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # canonical name
    country: str | None  # ISO3
    kind: str  # country, demonym, region, admin1, city, capital
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    text: str
    begin: int
    end: int
    entry: Entry


CYRILLIC = re.compile(r"[а-яё]", re.I)
# what follows a country's stem in a Russian adjective: азербайджан|ские, армян|ских
RU_ADJECTIVE = re.compile(r"(?:ск|цк)\w*$|^\w*(?:ие|ий|ая|ое|ых|ую|ым|ими)$")


def _russian_stem(name: str) -> str | None:
    """Inflectable stem of a one-word Russian name: Армения → Армени*, Азербайджан → Азербайджан*."""
    if " " in name or not CYRILLIC.search(name):
        return None
    if name[-1].lower() in "аяьйоы":
        return name[:-1] + "*"
    return name + "*"


class Gazetteer:
    def __init__(self, entries: list[tuple[str, Entry]]) -> None:
        exact: dict[str, Entry] = {}
        stems: list[tuple[str, Entry]] = []
        for word, entry in entries:
            if word.endswith("*"):
                stems.append((word[:-1].lower(), entry))
            else:
                exact.setdefault(word, entry)
        self._exact = exact
        self._stems = sorted(stems, key=lambda s: -len(s[0]))
        exact_alt = "|".join(re.escape(w) for w in sorted(exact, key=len, reverse=True))
        stem_alt = "|".join(re.escape(s) + r"\w*" for s, _ in self._stems)
        self._exact_re = re.compile(rf"(?<![\w-])(?:{exact_alt})(?![\w-])")
        self._stem_re = re.compile(rf"(?<![\w-])(?:{stem_alt})", re.I)

    def find(self, text: str) -> list[Hit]:
        """Every gazetteer mention in ``text``; the longest wins where two overlap."""
        hits: list[Hit] = []
        for m in self._exact_re.finditer(text):
            hits.append(Hit(m.group(0), m.start(), m.end(), self._exact[m.group(0)]))
        for m in self._stem_re.finditer(text):
            low = m.group(0).lower()
            for stem, entry in self._stems:
                if low.startswith(stem):
                    if entry.kind == "country" and RU_ADJECTIVE.search(low[len(stem) :]):
                        entry = Entry(entry.name, entry.country, "demonym")
                    hits.append(Hit(m.group(0), m.start(), m.end(), entry))
                    break
        hits.sort(key=lambda h: (h.begin, -(h.end - h.begin)))
        kept: list[Hit] = []
        for h in hits:
            if kept and h.begin < kept[-1].end:
                continue
            kept.append(h)
        return kept


@cache
def default_gazetteer() -> Gazetteer:
    entries: list[tuple[str, Entry]] = []
    for c in load_json("countries.json")["countries"]:
        country = Entry(c["name"], c["iso3"], "country")
        for name in c["names"]:
            entries.append((name, country))
            stem = _russian_stem(name)
            if stem:
                entries.append((stem, country))
        demonym = Entry(c["name"], c["iso3"], "demonym")
        for word in c["words"]:
            if word.startswith("="):
                entries.append((word[1:], country))
            else:
                entries.append((word, demonym))
    for p in load_json("regions.json")["places"]:
        entry = Entry(p["name"], p["country"], p["kind"], p["lat"], p["lon"])
        for variant in p["variants"]:
            entries.append((variant, entry))
    return Gazetteer(entries)
