"""Regenerate src/flashpoint/data/countries.json from pycountry, CLDR (via Babel) and demonyms.tsv.

Run: .venv/bin/python scripts/build_countries.py
Sources and licences: pycountry (LGPL-2.1, ISO 3166 data from Debian iso-codes), CLDR territory
names (Unicode licence) through Babel, the team's demonyms.tsv and the English demonyms of
country_demonyms.tsv (countryinfo, MIT; written by scripts/build_geo_data.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
from babel import Locale

DATA = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data"


def main() -> None:
    locales = {lang: Locale(lang) for lang in ("en", "ru", "fr", "es")}
    extras: dict[str, list[str]] = {}
    for line in (DATA / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, *words = line.split("\t")
        extras[iso3] = [w for w in words if w]
    team_words = {w.lstrip("=") for words in extras.values() for w in words}
    pairs = [
        line.split("\t")
        for line in (DATA / "country_demonyms.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    claimed: dict[str, int] = {}
    for _, word in pairs:
        claimed[word] = claimed.get(word, 0) + 1
    for iso3, word in pairs:
        if word in team_words or claimed[word] > 1:  # "American" is claimed by US territories too
            continue
        words = extras.setdefault(iso3, [])
        for w in (word, word + "s"):
            if w not in words and f"={w}" not in words:
                words.append(w)
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names = {c.name}
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                names.add(getattr(c, attr))
        for loc in locales.values():
            local = loc.territories.get(c.alpha_2)
            if local:
                names.add(local)
        out.append(
            {
                "iso3": c.alpha_3,
                "iso2": c.alpha_2,
                "name": getattr(c, "common_name", c.name),
                "names": sorted(names),
                "words": extras.pop(c.alpha_3, []),
            }
        )
    for iso3, words in sorted(extras.items()):  # codes outside ISO 3166-1 (Kosovo's XKX)
        out.append(
            {"iso3": iso3, "iso2": None, "name": words[1] if len(words) > 1 else iso3, "names": [], "words": words}
        )
    (DATA / "countries.json").write_text(
        json.dumps({"_about": __doc__.strip().splitlines()[0], "countries": out}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"{len(out)} countries")


if __name__ == "__main__":
    main()
