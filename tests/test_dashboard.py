"""The dashboard's Python side: escalation (pure), its endpoints, the points the map draws, the vendored assets.

The browser tests are in test_dashboard_browser.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from flashpoint.api import create_app
from flashpoint.dashboard.escalation import Activity, compute, poisson_tail, side
from flashpoint.pipeline import process_raw
from flashpoint.records import RawDocument
from flashpoint.shared_store import SharedStore

AS_OF = date(2024, 6, 30)
SHELLING = (
    "Shelling\n\n2022-10-02\n\n"
    "Russian forces shelled Kharkiv on October 1, killing 3 civilians and injuring 12, the regional governor said.\n"
)
CLASHES = (
    "Border clashes\n\n2022-09-20\n\n"
    "Violent clashes took place on the border between Kyrgyzstan and Tajikistan from September 14 to 16. "
    "At least 100 people were killed, officials said.\n"
)


def _act(day: date, countries: tuple[str, ...] = ("UKR",), sides: tuple[str, ...] = (), killed: int = 0) -> Activity:
    return Activity(event_id=f"e{day.isoformat()}{countries}", day=day, countries=countries, sides=sides, killed=killed)


def test_a_quiet_country_that_flares_is_flagged() -> None:
    quiet = [_act(AS_OF - timedelta(weeks=w), ("ARM",)) for w in (10, 20)]
    flare = [_act(AS_OF - timedelta(days=d), ("ARM",), killed=2) for d in (1, 3, 5, 8, 12)]
    result = compute(quiet + flare, as_of=AS_OF)
    (arm,) = result.countries
    assert (arm.key, arm.recent, arm.baseline, arm.recent_killed) == ("ARM", 5, 2, 10)
    assert arm.flagged and arm.p < 0.01 and arm.ratio > 2
    assert len(arm.weekly) == 30 and sum(arm.weekly[-4:]) == 5


def test_steady_activity_is_not_flagged() -> None:
    steady = [_act(AS_OF - timedelta(weeks=w), ("SYR",)) for w in range(30)]
    (syr,) = compute(steady, as_of=AS_OF).countries
    assert syr.recent == 4 and not syr.flagged


def test_too_few_events_are_never_a_breakout() -> None:
    (one,) = compute([_act(AS_OF, ("MLI",)), _act(AS_OF - timedelta(days=1), ("MLI",))], as_of=AS_OF).countries
    assert one.recent == 2 and not one.flagged


def test_dyads_are_pairs_of_sides_and_events_outside_the_window_are_ignored() -> None:
    sides = ("ARM state_forces", "AZE state_forces", "karabakh defence army")
    result = compute([_act(AS_OF, ("ARM",), sides), _act(AS_OF - timedelta(weeks=40), ("ARM",), sides)], as_of=AS_OF)
    assert sorted(d.key for d in result.dyads) == [
        "ARM state_forces | AZE state_forces",
        "ARM state_forces | karabakh defence army",
        "AZE state_forces | karabakh defence army",
    ]
    assert all(d.recent == 1 and d.baseline == 0 for d in result.dyads)


def test_as_of_defaults_to_the_last_event_and_empty_input_is_empty() -> None:
    assert compute([_act(date(2020, 1, 5)), _act(date(2020, 3, 1))]).as_of == date(2020, 3, 1)
    empty = compute([])
    assert empty.as_of is None and empty.countries == () and empty.dyads == ()


def test_side_is_country_and_kind_else_the_name() -> None:
    assert side({"name": "Russian forces", "country": "RUS", "kind": "state_forces"}) == "RUS state_forces"
    assert side({"name": "Wagner Group", "country": None, "kind": "armed_group"}) == "wagner group"
    assert side({"name": " ", "country": None}) is None


def test_poisson_tail() -> None:
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828**-2)
    assert poisson_tail(5, 0.0) == 0.0


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    store = SharedStore(store_url)
    store.migrate()
    for name, body in (("a.txt", SHELLING), ("b.txt", CLASHES)):
        result = process_raw(RawDocument(name, body.encode(), "text/plain"))
        assert result.ok
        store.add(result)
    with TestClient(create_app(store)) as c:
        yield c
    store.engine.dispose()  # give the pooled connections back: the PostgreSQL server is shared


def test_root_opens_the_dashboard(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/dashboard/"
    assert client.get("/dashboard?type=battle", follow_redirects=False).headers["location"] == "/dashboard/?type=battle"
    page = client.get("/dashboard/")
    assert page.status_code == 200 and "static/app.js" in page.text and "Content-Security-Policy" in page.text


def test_points_are_parallel_arrays_and_filter_like_the_api(client: TestClient) -> None:
    every = client.get("/dashboard/points").json()
    assert every["n"] == len(every["id"]) == len(every["lat"]) == len(every["first"]) == len(every["killed"]) >= 2
    assert {"UKR", "KGZ", "TJK"} <= set(every["country_names"]) and every["country_names"]["UKR"] == "Ukraine"
    ukr = client.get("/dashboard/points", params={"country": "ukr"}).json()
    events = client.get("/events", params={"country": "UKR", "limit": 500}).json()
    assert sorted(ukr["id"]) == sorted(e["event_id"] for e in events["events"])
    i = ukr["type"].index(ukr["types"].index("remote_violence"))
    assert ukr["killed"][i] == 3 and ukr["lat"][i] == pytest.approx(50.0, abs=0.5)
    assert client.get("/dashboard/points", params={"min_killed": 50}).json()["countries"] == ["KGZ,TJK"]
    assert client.get("/dashboard/points", params={"q": "kharkiv", "type": "battle"}).json()["n"] == 0


def test_escalation_endpoint(client: TestClient) -> None:
    body = client.get("/dashboard/escalation", params={"baseline_weeks": 8}).json()
    assert body["as_of"] == "2022-10-01" and len(body["week_starts"]) == 12
    assert {c["key"] for c in body["countries"]} == {"UKR", "KGZ", "TJK"}
    assert body["flagged"] == {"countries": 0, "dyads": 0}  # one event each is never a breakout
    assert client.get("/dashboard/escalation", params={"as_of": "0001-01-02"}).json()["countries"] == []
    bad = client.get("/dashboard/escalation", params={"recent_weeks": 0})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_assets_are_vendored_with_their_licences(client: TestClient) -> None:
    vendor = resources.files("flashpoint.dashboard").joinpath("static", "vendor")
    names = {p.name for p in vendor.iterdir()}
    assert {"leaflet.js", "d3.min.js", "topojson-client.min.js", "supercluster.min.js"} <= names
    assert {"countries-50m.json", "admin1.json", "LICENSES.md"} <= names
    admin1 = json.loads(vendor.joinpath("admin1.json").read_text())
    assert len(admin1["objects"]["admin1"]["geometries"]) > 4000
    for path in ("static/app.js", "static/vendor/leaflet.js", "static/vendor/countries-50m.json"):
        assert client.get(f"/dashboard/{path}").status_code == 200
    html = client.get("/dashboard/").text
    assert "http://" not in html and "https://" not in html  # nothing from a CDN
