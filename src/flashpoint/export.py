"""Exports: the store's events as CSV, JSON Lines, GeoJSON, Parquet, ACLED-style and UCDP-GED-style tables.

Three layouts (docs/exports.md documents every column):

- **record** (``jsonl``): each event's JSON as the store keeps it, unchanged.
- **flat** (``csv``, ``parquet``, ``geojson`` properties, ``to_dataframe``): one row per event, one scalar per
  column; lists and spans as JSON text. ``flat_row`` and ``record_from_flat`` are inverses: nothing is lost
  (keys this module does not know go to the ``extra`` column as JSON).
- **acled** and **ucdp**: the column sets analysts of those datasets know, derived from the record (one row
  per event; ``event_id`` joins back to the full record).

Rows come sorted by date then id, so two exports of the same store are identical.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from flashpoint.errors import InputError
from flashpoint.query import EventQuery, iter_events
from flashpoint.records import FIGURE_NAMES
from flashpoint.store import Store

FORMATS: tuple[str, ...] = ("csv", "jsonl", "geojson", "parquet", "acled", "ucdp")

# -- the flat layout -----------------------------------------------------------------------------------------

# (column, kind): kind is how a CSV cell is read back: str, int, float, bool, json, list (";"-joined codes)
_HEAD: list[tuple[str, str]] = [
    ("event_id", "str"),
    ("type", "str"),
    ("reported", "bool"),
    ("date_start", "str"),
    ("date_end", "str"),
    ("date_precision", "str"),
    ("date_span", "json"),
    ("countries", "list"),
    ("location_name", "str"),
    ("latitude", "float"),
    ("longitude", "float"),
    ("admin1", "str"),
    ("location_country", "str"),
    ("where_prec", "int"),
    ("geo_precision", "int"),
    ("location_span", "json"),
]
_FIGURE_PARTS: list[tuple[str, str]] = [("best", "int"), ("low", "int"), ("high", "int"), ("qualifier", "str"),
                                        ("span", "json")]  # fmt: skip
_TAIL: list[tuple[str, str]] = [
    ("killed_by_side", "json"),
    ("actors", "json"),
    ("places", "json"),
    ("attribution", "str"),
    ("attribution_span", "json"),
    ("evidence", "str"),
    ("evidence_spans", "json"),
    ("raw_evidence_spans", "json"),
    ("trigger_text", "str"),
    ("trigger_span", "json"),
    ("doc", "str"),
    ("sources", "json"),
    ("extra", "json"),
]
FLAT_COLUMNS: list[tuple[str, str]] = (
    _HEAD + [(f"{name}_{part}", kind) for name in FIGURE_NAMES for part, kind in _FIGURE_PARTS] + _TAIL
)
FLAT_NAMES: list[str] = [c for c, _ in FLAT_COLUMNS]
_LOCATION = {"name": "location_name", "lat": "latitude", "lon": "longitude", "admin1": "admin1",
             "country": "location_country", "where_prec": "where_prec", "geo_precision": "geo_precision",
             "span": "location_span"}  # fmt: skip
_PLAIN = ("event_id", "type", "reported", "date_start", "date_end", "date_precision", "date_span", "killed_by_side",
          "actors", "places", "attribution", "attribution_span", "evidence", "evidence_spans", "raw_evidence_spans",
          "doc", "sources")  # fmt: skip
_NESTED = ("location", "trigger", "countries", *FIGURE_NAMES)


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """One event record as one row of scalars and nested values (``to_text`` turns the nested ones into JSON)."""
    row: dict[str, Any] = dict.fromkeys(FLAT_NAMES)
    extra: dict[str, Any] = {}
    for key in _PLAIN:
        row[key] = record.get(key)
    row["countries"] = list(record.get("countries") or [])
    location = record.get("location")
    if isinstance(location, dict):
        for key, column in _LOCATION.items():
            row[column] = location.get(key)
        unknown = {k: v for k, v in location.items() if k not in _LOCATION}
        if unknown:
            extra["location"] = unknown
    for name in FIGURE_NAMES:
        fig = record.get(name)
        if isinstance(fig, dict):
            for part, _ in _FIGURE_PARTS:
                row[f"{name}_{part}"] = fig.get(part)
            unknown = {k: v for k, v in fig.items() if k not in dict(_FIGURE_PARTS)}
            if unknown:
                extra[name] = unknown
    trigger = record.get("trigger")
    if isinstance(trigger, dict):
        row["trigger_text"] = trigger.get("text")
        row["trigger_span"] = trigger.get("span")
    for key, value in record.items():
        if key not in _PLAIN and key not in _NESTED:
            extra[key] = value
    absent = [key for key in (*_PLAIN, *_NESTED) if key not in record]
    for key, parts in (("location", _LOCATION), ("trigger", ("text", "span")),
                       *((name, dict(_FIGURE_PARTS)) for name in FIGURE_NAMES)):  # fmt: skip
        value = record.get(key)
        if isinstance(value, dict):
            absent += [f"{key}.{part}" for part in parts if part not in value]
    if absent:
        extra["_absent"] = absent
    row["extra"] = extra or None
    return row


def record_from_flat(row: dict[str, Any]) -> dict[str, Any]:
    """The event record a flat row came from (the inverse of ``flat_row``)."""
    extra: dict[str, Any] = dict(row.get("extra") or {})
    record: dict[str, Any] = {}
    for key in _PLAIN:
        record[key] = row.get(key)
    record["countries"] = list(row.get("countries") or [])
    if row.get("location_name") is not None or row.get("latitude") is not None:
        record["location"] = {key: row.get(column) for key, column in _LOCATION.items()}
        record["location"].update(extra.pop("location", {}))
    else:
        record["location"] = None
    for name in FIGURE_NAMES:
        if any(row.get(f"{name}_{part}") is not None for part, _ in _FIGURE_PARTS) or name in extra:
            record[name] = {part: row.get(f"{name}_{part}") for part, _ in _FIGURE_PARTS}
            record[name].update(extra.pop(name, {}))
        else:
            record[name] = None
    record["trigger"] = {"text": row.get("trigger_text"), "span": row.get("trigger_span")}
    for key in extra.pop("_absent", []):
        outer, _, inner = key.partition(".")
        if not inner:
            record.pop(key, None)
        elif isinstance(record.get(outer), dict):
            record[outer].pop(inner, None)
    record.update(extra)
    return record


def to_text(row: dict[str, Any]) -> dict[str, str | int | float | bool | None]:
    """A flat row with its nested values as JSON text and its country codes ``;``-joined (CSV, Parquet)."""
    out: dict[str, str | int | float | bool | None] = {}
    for column, kind in FLAT_COLUMNS:
        value = row.get(column)
        if kind == "json":
            out[column] = None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif kind == "list":
            out[column] = ";".join(value or [])
        else:
            out[column] = value
    return out


def from_text(cells: dict[str, Any]) -> dict[str, Any]:
    """A flat row back from text cells (CSV: every cell a string, an empty cell null) or typed Parquet cells."""
    row: dict[str, Any] = {}
    for column, kind in FLAT_COLUMNS:
        value = cells.get(column)
        if value == "" and kind != "list":
            value = None
        if value is None:
            row[column] = [] if kind == "list" else None
        elif kind == "json":
            row[column] = json.loads(value)
        elif kind == "list":
            row[column] = [c for c in str(value).split(";") if c]
        elif kind == "int":
            row[column] = int(value)
        elif kind == "float":
            row[column] = float(value)
        elif kind == "bool":
            row[column] = value if isinstance(value, bool) else str(value).lower() == "true"
        else:
            row[column] = str(value)
    return row


# -- ACLED and UCDP-GED styles ----------------------------------------------------------------------------------

# flashpoint type → (ACLED event_type, default sub_event_type); see docs/exports.md
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "battle": ("Battles", "Armed clash"),
    "invasion": ("Battles", "Armed clash"),
    "remote_violence": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "violence_against_civilians": ("Violence against civilians", "Attack"),
    "protest": ("Protests", "Peaceful protest"),
    "riot": ("Riots", "Violent demonstration"),
    "agreement": ("Strategic developments", "Agreement"),
    "deployment": ("Strategic developments", "Change to group/activity"),
    "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "displacement": ("Strategic developments", "Other"),
    "request": ("Strategic developments", "Other"),
    "sanction": ("Strategic developments", "Other"),
}
# words of the trigger or evidence that pick a finer ACLED sub-event type, first match wins
_ACLED_SUBTYPES: dict[str, list[tuple[str, str]]] = {
    "remote_violence": [
        (r"chemical|gas attack", "Chemical weapon"),
        (r"suicide", "Suicide bomb"),
        (r"\bair|drone|bomb(?:ed|ing|er)|jets?\b|warplane|airstrike", "Air/drone strike"),
        (r"\bmines?\b|landmine|\bied\b|roadside|explosive device|car bomb", "Remote explosive/landmine/IED"),
        (r"grenade", "Grenade"),
    ],
    "violence_against_civilians": [
        (r"abduct|kidnap|disappear|hostage", "Abduction/forced disappearance"),
        (r"\brap(?:e|ed|ing)\b|sexual", "Sexual violence"),
    ],
    "riot": [(r"\bmobs?\b|lynch", "Mob violence")],
}
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
                 "assoc_actor_1", "actor2", "assoc_actor_2", "country", "iso3", "admin1", "location", "latitude",
                 "longitude", "geo_precision", "source", "notes", "fatalities", "flashpoint_type", "reported",
                 "event_id"]  # fmt: skip
UCDP_COLUMNS = ["id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "date_prec", "country",
                "iso3", "adm_1", "where_coordinates", "where_prec", "latitude", "longitude", "deaths_a", "deaths_b",
                "deaths_civilians", "deaths_unknown", "best", "low", "high", "source_article", "source_original",
                "flashpoint_type", "reported", "event_id"]  # fmt: skip

_STATE = ("state_forces", "government")


def _country_names() -> dict[str, str]:
    from flashpoint.resources import load_json

    return {c["iso3"]: c["name"] for c in load_json("countries.json")["countries"]}


def _first_day(value: str | None) -> str | None:
    """``YYYY`` and ``YYYY-MM`` to their first day; a full date unchanged."""
    if not value:
        return None
    return value + "-01-01" if len(value) == 4 else value + "-01" if len(value) == 7 else value


def _last_day(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) == 4:
        return value + "-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1).isoformat()
    return value


def _days(record: dict[str, Any]) -> int | None:
    first, last = _first_day(record.get("date_start")), _last_day(record.get("date_end") or record.get("date_start"))
    if not first or not last:
        return None
    return (date.fromisoformat(last) - date.fromisoformat(first)).days + 1


def _best(fig: Any) -> int | None:
    if not isinstance(fig, dict):
        return None
    for key in ("best", "low", "high"):
        if fig.get(key) is not None:
            return int(fig[key])
    return None


def _country(record: dict[str, Any]) -> str | None:
    location = record.get("location") or {}
    countries = record.get("countries") or []
    if location.get("country") in countries:
        return str(location["country"])
    return countries[0] if countries else location.get("country")


def _sources(record: dict[str, Any]) -> str:
    return "; ".join(record.get("sources") or ([record["doc"]] if record.get("doc") else []))


def acled_row(record: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    event_type, sub = ACLED_TYPES.get(record["type"], ("Strategic developments", "Other"))
    words = f"{(record.get('trigger') or {}).get('text') or ''} {record.get('evidence') or ''}".lower()
    for pattern, finer in _ACLED_SUBTYPES.get(record["type"], []):
        if re.search(pattern, words):
            sub = finer
            break
    precision = record.get("date_precision")
    days = _days(record)
    time_precision = 1 if precision == "day" and days == 1 else 2 if precision in ("day", "week") else 3
    actors = [a for a in record.get("actors") or [] if a.get("name")]
    location = record.get("location") or {}
    iso3 = _country(record)
    start = _first_day(record.get("date_start"))
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{record.get('event_id', '')[:8]}",
        "event_date": start,
        "year": int(start[:4]) if start else None,
        "time_precision": time_precision if start else None,
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actors[0]["name"] if actors else None,
        "assoc_actor_1": None,
        "actor2": actors[1]["name"] if len(actors) > 1 else None,
        "assoc_actor_2": "; ".join(a["name"] for a in actors[2:]) or None,
        "country": names.get(iso3 or "", iso3),
        "iso3": iso3,
        "admin1": location.get("admin1"),
        "location": location.get("name"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
        "geo_precision": location.get("geo_precision"),
        "source": _sources(record),
        "notes": record.get("evidence"),
        "fatalities": _best(record.get("killed")) or 0,
        "flashpoint_type": record["type"],
        "reported": record.get("reported"),
        "event_id": record.get("event_id"),
    }


def _ucdp_date_prec(record: dict[str, Any]) -> int | None:
    """UCDP GED date_prec: 1 exact day, 2 a span of 2-6 days, 3 a week, 4 a month (8-30 days), 5 longer."""
    days = _days(record)
    if days is None:
        return None
    precision = record.get("date_precision")
    if precision == "day":
        return 1 if days == 1 else 2 if days <= 6 else 4 if days <= 30 else 5
    return {"week": 3, "month": 4}.get(precision or "", 5)


def ucdp_row(record: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    actors = [a for a in record.get("actors") or [] if a.get("name")]
    kinds = {a.get("kind") for a in actors}
    kind_of_violence: int | None = None
    if record["type"] == "violence_against_civilians":
        kind_of_violence = 3  # one-sided
    elif record["type"] in ("battle", "remote_violence", "invasion"):
        kind_of_violence = 1 if kinds & set(_STATE) else 2  # state-based, else non-state
    side_a = next((a for a in actors if a.get("kind") in _STATE), actors[0] if actors else None)
    side_b = next((a for a in actors if a is not side_a and a.get("kind") != "civilians"), None)
    by_side: dict[str, int] = record.get("killed_by_side") or {}
    deaths_a = by_side.get(side_a.get("country") or "") if side_a and by_side else None
    deaths_b = by_side.get(side_b.get("country") or "") if side_b and by_side else None
    killed = record.get("killed") or {}
    best = _best(killed)
    civilians = best if kind_of_violence == 3 else None
    known = (deaths_a or 0) + (deaths_b or 0) + (civilians or 0)
    location = record.get("location") or {}
    iso3 = _country(record)
    lat, lon = location.get("lat"), location.get("lon")
    return {
        "id": record.get("event_id"),
        "type_of_violence": kind_of_violence,
        "side_a": side_a["name"] if side_a else None,
        "side_b": side_b["name"] if side_b else None,
        "date_start": _first_day(record.get("date_start")),
        "date_end": _last_day(record.get("date_end") or record.get("date_start")),
        "date_prec": _ucdp_date_prec(record),
        "country": names.get(iso3 or "", iso3),
        "iso3": iso3,
        "adm_1": location.get("admin1"),
        "where_coordinates": location.get("name"),
        "where_prec": location.get("where_prec"),
        "latitude": lat,
        "longitude": lon,
        "deaths_a": deaths_a,
        "deaths_b": deaths_b,
        "deaths_civilians": civilians,
        "deaths_unknown": None if best is None else max(best - known, 0),
        "best": best,
        "low": killed.get("low") if killed.get("low") is not None else best,
        "high": killed.get("high") if killed.get("high") is not None else best,
        "source_article": _sources(record),
        "source_original": record.get("attribution"),
        "flashpoint_type": record["type"],
        "reported": record.get("reported"),
        "event_id": record.get("event_id"),
    }


# -- writers --------------------------------------------------------------------------------------------------


def _write_csv(rows: Iterable[dict[str, Any]], columns: list[str], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n


def feature(record: dict[str, Any]) -> dict[str, Any]:
    """One event as a GeoJSON Feature: a Point at its location (null geometry without one), flat properties."""
    location = record.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    properties = to_text(flat_row(record))
    return {"type": "Feature", "id": record.get("event_id"), "geometry": geometry, "properties": properties}


def write_geojson(records: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """A FeatureCollection (RFC 7946, WGS 84 lon/lat), streamed one feature a line."""
    fh.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for record in records:
        fh.write((",\n" if n else "") + json.dumps(feature(record), ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "json": pa.string(),
             "list": pa.string()}  # fmt: skip
    return pa.schema([pa.field(column, types[kind]) for column, kind in FLAT_COLUMNS])


def write_parquet(records: Iterable[dict[str, Any]], path: Path, batch: int = 5000) -> int:
    """Flat rows in a Parquet file, typed (see docs/exports.md), written in row groups of ``batch`` events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        chunk: list[dict[str, Any]] = []
        for record in records:
            chunk.append(to_text(flat_row(record)))
            if len(chunk) >= batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def export_records(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    """Write ``records`` to ``path`` in ``fmt``; the number of events written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return write_parquet(records, path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        if fmt == "jsonl":
            n = 0
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
            return n
        if fmt == "geojson":
            return write_geojson(records, fh)
        if fmt == "csv":
            return _write_csv((to_text(flat_row(r)) for r in records), FLAT_NAMES, fh)
        names = _country_names()
        derive: Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]
        derive, columns = (acled_row, ACLED_COLUMNS) if fmt == "acled" else (ucdp_row, UCDP_COLUMNS)
        return _write_csv((derive(r, names) for r in records), columns, fh)


def export(store: Store, fmt: str, path: Path, query: EventQuery | None = None) -> int:
    """Export the store's events (all, or those ``query`` selects) to ``path``; the number written."""
    with store.engine.connect() as conn:
        return export_records(iter_events(conn, query or EventQuery()), fmt, path)


# -- reading exports back ---------------------------------------------------------------------------------------


def read_export(path: Path, fmt: str) -> Iterator[dict[str, Any]]:
    """The event records of a ``csv``, ``jsonl``, ``geojson`` or ``parquet`` export (the lossless layouts)."""
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
    elif fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            for cells in csv.DictReader(fh):
                yield record_from_flat(from_text(cells))
    elif fmt == "geojson":
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            yield record_from_flat(from_text(feat["properties"]))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for cells in pq.read_table(str(path)).to_pylist():
            yield record_from_flat(from_text(cells))
    else:
        raise InputError(
            f"{fmt!r} exports are derived tables and are not read back", hint="use csv, jsonl, geojson or parquet"
        )


def to_dataframe(db: str | None = None, query: EventQuery | None = None, layout: str = "flat") -> Any:
    """The store's events as a pandas DataFrame: one row per event in the flat layout (docs/exports.md), or
    ``layout="acled"`` / ``"ucdp"`` for those column sets. ``db`` is a path or URL as for ``--db``.

    >>> import flashpoint
    >>> df = flashpoint.to_dataframe("news.db")  # doctest: +SKIP
    >>> df.groupby("type").killed_best.sum()  # doctest: +SKIP
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is in the dev extra
        raise InputError("to_dataframe needs pandas", hint="pip install pandas") from exc
    if layout not in ("flat", "acled", "ucdp"):
        raise InputError(f"unknown layout {layout!r}", hint="use flat, acled or ucdp")
    store = Store(db)
    store.migrate()
    names = _country_names()
    with store.engine.connect() as conn:
        records = iter_events(conn, query or EventQuery())
        if layout == "acled":
            return pd.DataFrame([acled_row(r, names) for r in records], columns=ACLED_COLUMNS)
        if layout == "ucdp":
            return pd.DataFrame([ucdp_row(r, names) for r in records], columns=UCDP_COLUMNS)
        frame = pd.DataFrame([flat_row(r) for r in records], columns=FLAT_NAMES)
    for column, kind in FLAT_COLUMNS:
        if kind == "int":
            frame[column] = frame[column].astype("Int64")
    return frame
