"""The API on a network: request bodies capped, page sizes and string lengths bounded, text filters only ever
text (SQL and FTS5 syntax included), security headers on every answer, and no secret (the write token, a
database password) in a log line or an error message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from flashpoint.api import app as api_app
from flashpoint.api import create_app
from flashpoint.api.background import serving
from flashpoint.errors import StoreError
from flashpoint.shared_store import SharedStore
from flashpoint.store import Store
from samples import BORDER_CLASH, fill_store

TOKEN = "t0ken-that-must-never-be-logged"
REPORT = (
    "Shelling\n\n2022-10-02\n\n"
    "Russian forces shelled Kharkiv on October 1, killing 3 civilians and injuring 12, the regional governor said.\n"
)


@pytest.fixture
def store(store_url: str) -> Iterator[SharedStore]:
    s = SharedStore(store_url)
    fill_store(s, {"a.txt": BORDER_CLASH, "b.txt": REPORT})
    yield s
    s.engine.dispose()


@pytest.fixture
def client(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(api_app, "MAX_BODY", 4096)  # a small cap, so the test sends little
    with TestClient(create_app(store, token=TOKEN)) as c:
        yield c


def _auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_a_body_over_the_cap_is_413_before_it_is_read(client: TestClient) -> None:
    big = {"text": "x" * 5000}
    r = client.post("/ingest/text", json=big, headers=_auth())
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert "MiB" in r.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    r = client.post("/ingest/text", content=chunks(), headers={**_auth(), "Content-Type": "application/json"})
    assert r.status_code == 413
    r = client.post("/ingest/file", files={"file": ("a.txt", b"z" * 5000)}, headers=_auth())
    assert r.status_code == 413
    small = client.post("/ingest/text", json={"text": REPORT}, headers=_auth())  # under the cap: stored
    assert small.status_code == 200, small.text


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/events", {"limit": 501}, "limit"),
        ("/events.geojson", {"limit": 10_001}, "limit"),
        ("/documents", {"limit": 501}, "limit"),
        ("/events", {"q": "x" * 201}, "q"),
        ("/events", {"actor": "x" * 101}, "actor"),
        ("/events", {"admin1": "x" * 101}, "admin1"),
        ("/documents", {"q": "x" * 201}, "q"),
        ("/events", {"country": ["UKR"] * 51}, "country"),
        ("/events", {"offset": 1_000_001}, "offset"),
    ],
)
def test_sizes_are_bounded(client: TestClient, path: str, params: dict[str, Any], field: str) -> None:
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert field in r.json()["error"]["message"]


def test_an_ingested_text_is_bounded(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    r = client.post("/ingest/text", json={"text": REPORT, "title": "t" * 1001}, headers=_auth())
    assert r.status_code == 422 and "title" in r.json()["error"]["message"]


HOSTILE_FILTERS = [
    "'; DROP TABLE events; --",
    "%' OR '1'='1",
    "1) OR 1=1 --",
    'kharkiv" OR "tajikistan',  # FTS5 query syntax: a phrase is closed and OR follows
    "NEAR(kharkiv tajikistan)",
    "evidence: kharkiv",
    "kharkiv*",
    "^kharkiv",
    '"',
    "\\",
    "_",
    "%",
]


def test_sql_and_search_syntax_in_filters_is_only_text(client: TestClient, store: Store) -> None:
    """Each value is searched for as the characters it is (none occurs in the store), on every endpoint that
    takes text, and the tables are all still there."""
    for value in HOSTILE_FILTERS:
        for path, name in [("/events", "q"), ("/events", "actor"), ("/events", "admin1"), ("/documents", "q"),
                           ("/dashboard/points", "q"), ("/dashboard/points", "actor")]:  # fmt: skip
            r = client.get(path, params={name: value})
            assert r.status_code == 200, (path, name, value, r.text)
            body = r.json()
            assert body.get("total", body.get("n")) == 0, (path, name, value)
    counts = store.counts()
    assert counts["documents"] == 2 and counts["events"] == 3


def test_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/events", "/dashboard/", "/docs", "/openapi.json", "/nowhere", "/events/nope"):
        r = client.get(path)
        policy = r.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    too_big = client.post("/ingest/text", json={"text": "x" * 5000}, headers=_auth())
    assert too_big.headers["x-content-type-options"] == "nosniff"


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    import hmac

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert (
        client.post("/ingest/text", json={"text": REPORT}, headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert calls and calls[-1][1] == TOKEN.encode()


def test_no_secret_in_the_logs(store: Store, capfd: pytest.CaptureFixture[str]) -> None:
    """A real server with uvicorn's own logging (its formatters, its access log): the token sent right, wrong by
    one character, and in a query string where it does not belong, never reaches what the server prints; nor
    does a database password in a store error."""
    with serving(create_app(store, token=TOKEN), log_level="info") as base:
        assert httpx.post(f"{base}/ingest/text", json={"text": REPORT}, headers=_auth()).status_code == 200
        bad = {"Authorization": f"Bearer {TOKEN[:-1]}"}
        assert httpx.post(f"{base}/ingest/text", json={"text": REPORT}, headers=bad).status_code == 401
        misplaced = httpx.get(f"{base}/events", params={"token": TOKEN})  # a client's mistake: refused, not logged
        assert misplaced.status_code == 422 and TOKEN not in misplaced.text
    out, err = capfd.readouterr()
    printed = out + err
    assert '"POST /ingest/text HTTP/1.1" 200' in printed and "token=***" in printed  # the access log was on
    assert TOKEN not in printed and TOKEN[:-1] not in printed
    assert "Logging error" not in printed

    with pytest.raises(StoreError) as info:
        Store("postgresql://analyst:pa55w0rd-secret@127.0.0.1:1/events").migrate()
    assert "pa55w0rd-secret" not in str(info.value) and "***" in str(info.value)
