"""The HTTP API on SQLite and PostgreSQL: filters, one event with its claims, documents, counts, GeoJSON,
bad requests as 4xx with one error shape, ingest only with a token, and the OpenAPI schema fuzzed."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from flashpoint.api import create_app
from flashpoint.api import ingest as api_ingest
from flashpoint.ingest.http import Fetcher
from flashpoint.shared_store import SharedStore
from flashpoint.store import Store
from samples import BORDER_CLASH, fill_store

TOKEN = "s3cret-token-for-tests"
ARTICLE = BORDER_CLASH
REPORT = (
    "Shelling\n\n2022-10-02\n\n"
    "Russian forces shelled Kharkiv on October 1, killing 3 civilians and injuring 12, the regional governor said.\n"
)
SECOND = (
    "Second report\n\n2022-09-21\n\n"
    "Clashes erupted on the border between Kyrgyzstan and Tajikistan on September 15, officials said, "
    "and 24 people were injured.\n"
)


def _fill(store: Store) -> None:
    fill_store(store, {"a.txt": ARTICLE, "b.txt": REPORT, "c.txt": SECOND})


@pytest.fixture
def store(store_url: str) -> SharedStore:
    s = SharedStore(store_url)
    _fill(s)
    return s


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


@pytest.fixture
def writer(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, token=TOKEN)) as c:
        yield c


def _types(client: TestClient, **params: Any) -> list[str]:
    r = client.get("/events", params=params)
    assert r.status_code == 200, r.text
    return [e["type"] for e in r.json()["events"]]


def test_filters(client: TestClient) -> None:
    assert _types(client) == ["battle", "agreement", "remote_violence"]
    assert _types(client, country="kgz") == ["battle", "agreement"]
    assert _types(client, country=["UKR", "TJK"]) == ["battle", "agreement", "remote_violence"]
    assert _types(client, type=["agreement", "remote_violence"]) == ["agreement", "remote_violence"]
    assert _types(client, since="2022-09-17", until="2022-09-30") == ["agreement"]
    assert _types(client, admin1="KHARKIV") == ["remote_violence"]
    assert _types(client, bbox="30,45,40,55") == ["remote_violence"]
    assert _types(client, bbox="170,-90,-170,90") == []  # across the antimeridian
    assert _types(client, actor="russian") == ["remote_violence"]
    assert _types(client, killed_min=50) == ["battle"]
    assert _types(client, killed_max=50) == ["remote_violence"]
    assert _types(client, injured_min=1, sort="-date") == ["remote_violence", "battle"]
    assert _types(client, q="PEACE DEAL") == ["agreement"]
    assert _types(client, q="100%") == []
    assert _types(client, min_sources=2) == ["battle"]
    assert _types(client, reported=False) == []
    assert _types(client, sort="-killed") == ["battle", "remote_violence", "agreement"]


def test_paging(client: TestClient) -> None:
    first = client.get("/events", params={"limit": 2}).json()
    second = client.get("/events", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 3
    assert [e["event_id"] for e in first["events"] + second["events"]] == [
        e["event_id"] for e in client.get("/events").json()["events"]
    ]


def test_one_event_has_its_claims_and_sources(client: TestClient) -> None:
    (battle,) = client.get("/events", params={"type": "battle"}).json()["events"]
    r = client.get(f"/events/{battle['event_id']}")
    assert r.status_code == 200
    detail = r.json()
    assert sorted(d["source"] for d in detail["documents"]) == ["a.txt", "c.txt"]
    by_source = {c["source"]: c for c in detail["claims"]}
    assert by_source["a.txt"]["killed"]["best"] == 100
    assert by_source["c.txt"]["injured"]["best"] == 24
    assert by_source["c.txt"]["evidence_spans"] and by_source["c.txt"]["raw_evidence_spans"]
    assert client.get("/events/0123abcd").status_code == 404


def test_documents(client: TestClient) -> None:
    page = client.get("/documents").json()
    assert page["total"] == 3
    assert [d["source"] for d in page["documents"]] == ["b.txt", "c.txt", "a.txt"]  # newest first
    doc = client.get(f"/documents/{page['documents'][0]['id']}").json()
    assert doc["text"].startswith("Russian forces shelled Kharkiv")
    assert len(doc["mentions"]) == 1
    assert client.get("/documents", params={"q": "border"}).json()["total"] == 1
    assert client.get("/documents/nope").status_code == 404


def test_counts(client: TestClient) -> None:
    r = client.get("/counts", params={"interval": "month", "by": "type"}).json()
    assert r["counts"] == [
        {"period": "2022-09", "type": "agreement", "country": None, "events": 1, "killed": 0},
        {"period": "2022-09", "type": "battle", "country": None, "events": 1, "killed": 100},
        {"period": "2022-10", "type": "remote_violence", "country": None, "events": 1, "killed": 3},
    ]
    by_country = client.get("/counts", params={"interval": "year", "by": "country"}).json()["counts"]
    assert {(c["country"], c["events"]) for c in by_country} == {("KGZ", 2), ("TJK", 2), ("UKR", 1)}
    weeks = client.get("/counts", params={"interval": "week"}).json()["counts"]
    assert [(w["period"], w["events"]) for w in weeks] == [("2022-09-12", 1), ("2022-09-19", 1), ("2022-09-26", 1)]


def test_geojson(client: TestClient) -> None:
    r = client.get("/events.geojson", params={"country": "UKR"})
    assert r.headers["content-type"].startswith("application/geo+json")
    (feat,) = r.json()["features"]
    assert feat["geometry"]["type"] == "Point"
    lon, lat = feat["geometry"]["coordinates"]
    assert 49 < lat < 51 and 35 < lon < 37
    assert feat["properties"]["admin1"] == "Kharkiv"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"since": "2022-02-30"}, "not a calendar date"),
        ({"since": "yesterday"}, "since"),
        ({"limit": 100000}, "less than or equal to 500"),
        ({"offset": -1}, "offset"),
        ({"colour": "red"}, "unknown parameter"),
        ({"type": "picnic"}, "type"),
        ({"country": "Ukraine"}, "country"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,80,10,70"}, "latitudes"),
        ({"since": "2022-10-01", "until": "2022-09-01"}, "after until"),
        ({"sort": "evidence; DROP TABLE events"}, "sort"),
        ({"q": "a\x00b"}, "q"),
        ({"actor": "\x00"}, "actor"),
    ],
)
def test_bad_requests_are_422_with_a_message(client: TestClient, params: dict[str, Any], words: str) -> None:
    r = client.get("/events", params=params)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_request" and words in error["message"]


def test_sql_in_text_filters_is_only_text(client: TestClient, store: Store) -> None:
    for value in ("'; DROP TABLE events; --", "%' OR '1'='1", "\\", "_"):
        for name in ("q", "actor", "admin1"):
            r = client.get("/events", params={name: value})
            assert r.status_code == 200 and r.json()["total"] == 0, (name, value)
    assert store.counts()["events"] == 3


def test_read_only_by_default(client: TestClient) -> None:
    r = client.post("/ingest/text", json={"text": ARTICLE})
    assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]


def test_ingest_needs_the_token(writer: TestClient) -> None:
    assert writer.post("/ingest/text", json={"text": REPORT}).status_code == 401
    bad = writer.post("/ingest/text", json={"text": REPORT}, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401


def test_ingest_text_and_file(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = "Protest\n\n2023-03-02\n\nThousands of people protested in Tbilisi on March 1 against the bill.\n"
    r = writer.post("/ingest/text", json={"text": body, "source": "posted"}, headers=auth)
    assert r.status_code == 200, r.text
    (doc,) = r.json()["documents"]
    assert doc["stored"] and doc["events_added"] == 1
    again = writer.post("/ingest/text", json={"text": body}, headers=auth).json()["documents"][0]
    assert not again["stored"]
    jsonl = b'{"text": "Riot\\n\\nRioters clashed with police in Dakar on 2023-06-02.", "published": "2023-06-03"}\n{"bad"\n'
    r = writer.post("/ingest/file", files={"file": ("batch.jsonl", io.BytesIO(jsonl))}, headers=auth)
    assert r.status_code == 200, r.text
    docs = r.json()["documents"]
    assert [d["stored"] for d in docs] == [True, False]
    assert docs[0]["source"].startswith("upload:batch.jsonl") and docs[1]["error"].startswith("E111")
    odd = writer.post("/ingest/file", files={"file": ("x.exe", io.BytesIO(b"MZ"))}, headers=auth)
    assert odd.status_code == 422 and "suffix" in odd.json()["error"]["message"]


def test_an_upload_is_copied_in_pieces_and_refused_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi import UploadFile
    from starlette.exceptions import HTTPException

    monkeypatch.setattr(api_ingest, "MAX_BYTES", 3 * 1024 * 1024)
    with pytest.raises(HTTPException) as refused:
        api_ingest.ingest_upload(None, UploadFile(io.BytesIO(b"x" * (3 * 1024 * 1024 + 1)), filename="a.txt"))  # type: ignore[arg-type]
    assert refused.value.status_code == 413


def test_ingest_url(writer: TestClient) -> None:
    story = "Ukrainian drones struck an oil depot in Bryansk on October 3, officials said, and 2 people were injured."
    page = f"<html><head><title>Strike</title></head><body><article><p>{story}</p></article></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, text=page, headers={"content-type": "text/html; charset=utf-8"})

    app = writer.app
    app.dependency_overrides[api_ingest.fetcher] = lambda: (
        lambda: Fetcher(transport=httpx.MockTransport(handler), delay=0)
    )  # type: ignore[attr-defined]
    r = writer.post(
        "/ingest/url", json={"url": "https://news.example/strike"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 200, r.text
    (doc,) = r.json()["documents"]
    assert doc["source"] == "https://news.example/strike" and doc["stored"]
    bad = writer.post("/ingest/url", json={"url": "ftp://x"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422


def test_docs_are_served_locally(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "flashpoint"


# -- the schema, fuzzed ---------------------------------------------------------------------------------------


EXAMPLES = int(os.environ.get("FLASHPOINT_FUZZ_EXAMPLES", "30"))  # per operation: 10 operations, ~300 requests


def test_fuzz_openapi(store_url: str) -> None:
    """Every operation of the OpenAPI schema, fuzzed: no 5xx, and every response (errors included) valid
    against the schema (status code, content type, headers, body); schema-invalid requests are 4xx.

    Not checked: that every schema-valid request is accepted. OpenAPI cannot say "since <= until" or
    "killed_min <= killed_max", which the API refuses with a 422 naming both values."""
    store = SharedStore(store_url)
    _fill(store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store))
    calls: dict[str, int] = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])
            calls[case.operation.label] = calls.get(case.operation.label, 0) + 1

        fuzz()
    print(f"fuzzed {sum(calls.values())} requests: {calls}")
    assert len(calls) == 10 and sum(calls.values()) >= 100, calls
    assert store.counts()["documents"] == 3  # read-only: nothing was written
