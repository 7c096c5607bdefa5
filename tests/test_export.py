"""Exports: every lossless format reads back into the store's records; ACLED/UCDP columns follow the record."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import flashpoint
from flashpoint.cli import app
from flashpoint.export import (
    ACLED_COLUMNS,
    FLAT_NAMES,
    UCDP_COLUMNS,
    acled_row,
    export,
    flat_row,
    from_text,
    read_export,
    record_from_flat,
    to_text,
    ucdp_row,
)
from flashpoint.pipeline import process_raw
from flashpoint.records import RawDocument
from flashpoint.store import Store
from samples import BORDER_CLASH, fill_store

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = BORDER_CLASH
REPORT = (
    "Shelling\n\n2022-10-02\n\n"
    "Russian forces shelled Kharkiv on October 1, killing 3 civilians and injuring 12, the regional governor said. "
    "About 2,000 people fled the city.\n"
)


@pytest.fixture
def store(store_url: str) -> Store:
    s = Store(store_url)
    fill_store(s, {"a.txt": ARTICLE, "b.txt": REPORT})
    return s


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_export_reads_back_into_the_same_records(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"events.{fmt}"
    n = export(store, fmt, path)
    stored = list(store.events())
    assert n == len(stored) >= 3
    assert list(read_export(path, fmt)) == stored


def test_geojson_points_are_lon_lat(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "e.geojson"
    export(store, "geojson", path)
    collection = json.loads(path.read_text())
    assert collection["type"] == "FeatureCollection"
    by_id = {e["event_id"]: e for e in store.events()}
    for feat in collection["features"]:
        loc = by_id[feat["id"]]["location"]
        expected = None if loc is None else {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
        assert feat["geometry"] == expected


def test_acled_and_ucdp_columns_follow_the_record(store: Store, tmp_path: Path) -> None:
    by_id = {e["event_id"]: e for e in store.events()}
    for fmt, columns, key in (("acled", ACLED_COLUMNS, "event_id"), ("ucdp", UCDP_COLUMNS, "id")):
        path = tmp_path / f"{fmt}.csv"
        export(store, fmt, path)
        with path.open(newline="") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames == columns
            rows = list(reader)
        assert {r[key] for r in rows} == set(by_id)
        for row in rows:
            record = by_id[row[key]]
            lat = (record["location"] or {}).get("lat")
            assert row["latitude"] == ("" if lat is None else str(lat))
            killed = (record["killed"] or {}).get("best")
            if fmt == "acled":
                assert row["event_date"] == record["date_start"]
                assert int(row["fatalities"]) == (killed or 0)
            else:
                assert row["best"] == ("" if killed is None else str(killed))
                assert row["date_start"] <= row["date_end"]
    shelling = next(e for e in by_id.values() if e["type"] == "remote_violence")
    names = {"UKR": "Ukraine"}
    assert acled_row(shelling, names)["event_type"] == "Explosions/Remote violence"
    assert acled_row(shelling, names)["country"] == "Ukraine"
    assert ucdp_row(shelling, names)["type_of_violence"] == 1


def test_ucdp_splits_deaths_by_side() -> None:
    record = {
        "event_id": "x", "type": "battle", "date_start": "2022-09-12", "date_end": "2022-09-14",
        "date_precision": "day", "countries": ["ARM"], "location": None,
        "actors": [{"name": "Azerbaijani armed forces", "country": "AZE", "kind": "state_forces"},
                   {"name": "Armenian forces", "country": "ARM", "kind": "state_forces"}],
        "killed": {"best": 287, "low": 287, "high": 300, "qualifier": "nearly"},
        "killed_by_side": {"ARM": 207, "AZE": 80},
    }  # fmt: skip
    row = ucdp_row(record, {})
    assert (row["side_a"], row["deaths_a"], row["side_b"], row["deaths_b"]) == (
        "Azerbaijani armed forces", 80, "Armenian forces", 207
    )  # fmt: skip
    assert (row["deaths_unknown"], row["best"], row["high"], row["date_prec"]) == (0, 287, 300, 2)


def test_to_dataframe(store: Store) -> None:
    frame = flashpoint.to_dataframe(store.url)
    assert list(frame.columns) == FLAT_NAMES
    assert len(frame) == len(list(store.events()))
    assert str(frame["killed_best"].dtype) == "Int64"
    assert list(flashpoint.to_dataframe(store.url, layout="acled").columns) == ACLED_COLUMNS


def test_cli_export(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    s = Store(str(db))
    s.migrate()
    s.add(process_raw(RawDocument("a.txt", ARTICLE.encode(), "text/plain")))
    runner = CliRunner()
    out = tmp_path / "e.csv"
    got = runner.invoke(app, ["export", "--format", "csv", "-o", str(out), "--db", str(db), "--type", "agreement"])
    assert got.exit_code == 0, got.output
    assert len(list(read_export(out, "csv"))) == 1
    bad = runner.invoke(app, ["export", "--format", "xlsx", "-o", str(out), "--db", str(db)])
    assert bad.exit_code == 2 and "csv, jsonl" in bad.output


def test_every_column_is_documented() -> None:
    doc = (ROOT / "docs" / "exports.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_]+)`", doc))
    for column in [*FLAT_NAMES, *ACLED_COLUMNS, *UCDP_COLUMNS]:
        assert column in documented, f"docs/exports.md does not describe column {column}"


# -- the flat layout is lossless for any record ----------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
_span = st.one_of(st.none(), st.lists(st.integers(0, 10**6), min_size=2, max_size=2))
_figure = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "best": st.one_of(st.none(), st.integers(0, 10**9)),
            "low": st.one_of(st.none(), st.integers(0, 10**9)),
            "high": st.one_of(st.none(), st.integers(0, 10**9)),
            "qualifier": st.sampled_from(["exact", "vague"]),
            "span": _span,
        }  # fmt: skip
    ),
)
_location = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "name": _text,
            "lat": st.floats(-90, 90),
            "lon": st.floats(-180, 180),
            "admin1": st.one_of(st.none(), _text),
            "country": st.one_of(st.none(), st.sampled_from(["ARM", "UKR"])),
            "where_prec": st.integers(1, 7),
            "geo_precision": st.integers(1, 3),
            "span": _span,
        }  # fmt: skip
    ),
)
_record = st.fixed_dictionaries(
    {
        "event_id": st.text("0123456789abcdef", min_size=32, max_size=32),
        "type": st.sampled_from(["battle", "protest"]),
        "reported": st.booleans(),
        "date_start": st.one_of(st.none(), st.sampled_from(["2022", "2022-09", "2022-09-14"])),
        "date_end": st.one_of(st.none(), st.sampled_from(["2022-09-16"])),
        "date_precision": st.one_of(st.none(), st.sampled_from(["day", "year"])),
        "date_span": _span,
        "countries": st.lists(st.sampled_from(["ARM", "AZE", "UKR"]), max_size=3),
        "places": st.lists(st.fixed_dictionaries({"name": _text, "admin1": st.none(), "span": _span}), max_size=2),
        "location": _location,
        "actors": st.lists(
            st.fixed_dictionaries({"name": _text, "country": st.none(), "kind": st.just("other"), "span": _span}),
            max_size=2,
        ),  # fmt: skip
        "killed": _figure,
        "injured": _figure,
        "displaced": _figure,
        "troops": _figure,
        "detained": _figure,
        "killed_by_side": st.one_of(st.none(), st.dictionaries(st.sampled_from(["ARM", "AZE"]), st.integers(0, 999))),
        "attribution": st.one_of(st.none(), _text),
        "attribution_span": _span,
        "evidence": _text,
        "evidence_spans": st.lists(_span, max_size=2),
        "trigger": st.fixed_dictionaries({"text": _text, "span": _span}),
        "raw_evidence_spans": st.lists(_span, max_size=2),
        "doc": _text,
        "sources": st.lists(_text, max_size=3),
    },
    optional={"claims": st.lists(st.dictionaries(_text, st.integers()), max_size=2), "linked_by": _text},
)


@settings(max_examples=150, deadline=None)
@given(_record)
def test_flat_layout_is_lossless(record: dict[str, Any]) -> None:
    assert record_from_flat(flat_row(record)) == record
    # through text cells, as CSV stores them
    cells = {
        k: "" if v is None else (str(v) if not isinstance(v, str) else v) for k, v in to_text(flat_row(record)).items()
    }
    assert record_from_flat(from_text(cells)) == record
