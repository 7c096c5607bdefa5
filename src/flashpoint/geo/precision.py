"""Where an event happened, and how precisely: the most specific of its places, with UCDP and ACLED codes.

UCDP's ``where_prec``: 1 the exact place, 3 a second-order division, 4 a first-order division, 5 a region or
border area, 6 the country, 7 seas and international space. ACLED's ``geo_precision``: 1 a town or named
spot, 2 a small region or second-order division, 3 a province or larger. An event with countries but no
resolved place is placed at its country's point with the country codes. A capital comes after every other
place of the event ("Baku said ... in Syunik"), so a border clash named by its border region is placed on that
region, not in a capital.
"""

from __future__ import annotations

from typing import Any

from flashpoint.records import Place

# kind → (specificity rank, where_prec, geo_precision)
_PRECISION: dict[str, tuple[int, int, int]] = {
    "landmark": (0, 1, 1),
    "city": (1, 1, 1),
    "capital": (5, 1, 1),  # a capital is more often the seat of a government that speaks than the scene
    "admin2": (2, 3, 2),
    "region": (3, 5, 2),
    "admin1": (4, 4, 3),
    "country": (6, 6, 3),
    "demonym": (6, 6, 3),
    "continent": (7, 7, 3),
}


def event_location(
    places: tuple[Place, ...], countries: tuple[str, ...], country_points: dict[str, tuple[float, float]]
) -> dict[str, Any] | None:
    """The event's location object, or None when it has neither a resolved place nor a country."""
    resolved = [p for p in places if p.lat is not None and p.kind in _PRECISION]
    in_country = [p for p in resolved if not countries or p.country in countries or p.country is None]
    pool = in_country or resolved
    if pool:
        best = min(pool, key=lambda p: _PRECISION[p.kind][0])
        _, where_prec, geo_precision = _PRECISION[best.kind]
        return {
            "name": best.text,
            "lat": best.lat,
            "lon": best.lon,
            "admin1": best.admin1,
            "country": best.country,
            "where_prec": where_prec,
            "geo_precision": geo_precision,
            "span": [best.span.start, best.span.end],
        }
    for iso3 in countries:
        if iso3 in country_points:
            lat, lon = country_points[iso3]
            return {
                "name": iso3,
                "lat": lat,
                "lon": lon,
                "admin1": None,
                "country": iso3,
                "where_prec": 6,
                "geo_precision": 3,
                "span": None,
            }
    return None
