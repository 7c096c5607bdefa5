"""The fetcher refuses file:// and non-public addresses (by literal, by resolved name, after a redirect, at connect
time), gives up redirect loops and trickling bodies, and fetches from loopback only when explicitly allowed.

No test touches the internet: public hosts are served by httpx's MockTransport or by a resolver that answers
for ``*.example`` names; private ones by a local ``http.server`` that counts the requests that reach it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from flashpoint import errors
from flashpoint.api import ingest as api_ingest
from flashpoint.ingest import netguard
from flashpoint.ingest.files import Refusal
from flashpoint.ingest.http import Fetched, Fetcher
from flashpoint.store import Store

PAGE = b"<html><body><article><p>Troops shelled the town on Monday, officials said.</p></article></body></html>"

# -- what counts as public ------------------------------------------------------------------------------------

REFUSED_URLS = [
    ("http://127.0.0.1/admin", "loopback"),
    ("http://127.8.9.10:8080/", "loopback"),
    ("http://localhost:8000/", "loopback"),  # a name: its resolved address is checked
    ("http://2130706433/", "loopback"),  # 127.0.0.1 spelled as one decimal number, which the resolver accepts
    ("http://0x7f.1/", "loopback"),
    ("http://10.0.0.5/", "private"),
    ("http://172.16.3.4/", "private"),
    ("http://192.168.1.1/router", "private"),
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://169.254.10.1/", "link-local"),
    ("http://100.64.0.1/", "not a public"),  # carrier-grade NAT
    ("http://0.0.0.0:8000/", "unspecified"),
    ("http://[::1]/", "loopback"),
    ("http://[fd00::1]/", "unique-local"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped
    ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
    ("http://[2002:c0a8:101::1]/", "private"),  # 6to4 of 192.168.1.1
    ("http://224.0.0.1/", "multicast"),
]
REFUSED_SCHEMES = ["file:///etc/passwd", "ftp://example.org/feed.rss", "gopher://example.org/", "//example.org/x"]


@pytest.mark.parametrize(("url", "why"), REFUSED_URLS)
def test_non_public_addresses_are_refused_before_any_request(url: str, why: str) -> None:
    requests: list[httpx.Request] = []
    with Fetcher(transport=httpx.MockTransport(lambda r: requests.append(r) or httpx.Response(200)), delay=0) as f:
        got = f.get(url)
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN, got
    assert why in got.message and "--allow-private" in got.message
    assert requests == []


@pytest.mark.parametrize("url", REFUSED_SCHEMES)
def test_other_schemes_than_http_are_refused_even_when_private_is_allowed(url: str) -> None:
    with Fetcher(transport=httpx.MockTransport(lambda r: httpx.Response(200)), allow_private=True) as f:
        got = f.get(url)
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN and "only http(s)" in got.message


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80e::200e"])
def test_public_addresses_pass(address: str) -> None:
    assert netguard.why_not_public(address) is None


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return {"news.example": ["93.184.216.34"], "intranet.example": ["93.184.216.35", "10.1.2.3"]}[host]

    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=PAGE))
    with Fetcher(transport=transport, resolver=resolver, delay=0) as f:
        assert isinstance(f.get("http://news.example/a"), Fetched)
        got = f.get("http://intranet.example/a")  # one private address among public ones is enough
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN and "10.1.2.3" in got.message


def test_a_redirect_to_the_metadata_service_is_refused_and_not_followed() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/story":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/iam"})
        return httpx.Response(404)

    with Fetcher(transport=httpx.MockTransport(handle), delay=0) as f:
        got = f.get("http://news.example/story")
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN
    assert "redirected to http://169.254.169.254" in got.message and "metadata" in got.message
    assert not any("169.254" in u for u in seen)


def test_a_redirect_to_a_file_url_is_refused() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(301, headers={"Location": "file:///etc/passwd"}))
    with Fetcher(transport=transport, delay=0) as f:
        got = f.get("http://news.example/story")
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN and "file://" in got.message


def test_a_redirect_loop_is_one_refusal_in_bounded_requests() -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    with Fetcher(transport=httpx.MockTransport(handle), delay=0, max_redirects=5) as f:
        got = f.get("http://news.example/0")
    assert isinstance(got, Refusal) and got.reason == errors.FETCH and "redirected more than 5 times" in got.message
    assert [p for p in seen if p != "/robots.txt"] == [f"/{i}" for i in range(6)]  # not retried


def test_redirects_within_the_limit_are_followed() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://www.news.example/new"})
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    with Fetcher(transport=httpx.MockTransport(handle), delay=0) as f:
        got = f.get("http://news.example/old")
    assert isinstance(got, Fetched) and got.url == "https://www.news.example/new" and got.data == PAGE


# -- against a real server on loopback -----------------------------------------------------------------------


class Server:
    def __init__(self) -> None:
        self.hits: list[str] = []
        self.trickle = False

    def handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                if not server.trickle or self.path == "/robots.txt":
                    self.wfile.write(PAGE)
                    return
                for _ in range(100):  # a byte every 0.1 s for 10 s: no single read ever times out
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(0.1)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def local() -> Iterator[tuple[Server, int]]:
    s = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), s.handler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield s, httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_connect_time_check_stops_dns_rebinding(local: tuple[Server, int]) -> None:
    """The name resolves to a public address when checked and to loopback when connected: the connection is
    refused at the socket, and the server never sees a request."""
    s, port = local
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"], ["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    with Fetcher(resolver=rebinding, delay=0, retries=0) as f:
        got = f.get(f"http://rebind.example:{port}/story")
    assert isinstance(got, Refusal) and got.reason == errors.FORBIDDEN and "127.0.0.1" in got.message
    assert s.hits == []


def test_loopback_is_fetched_when_allowed_explicitly_or_by_the_environment(
    local: tuple[Server, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    s, port = local
    with Fetcher(delay=0, allow_private=True) as f:
        assert isinstance(f.get(f"http://127.0.0.1:{port}/a"), Fetched)
    monkeypatch.setenv(netguard.ALLOW_ENV, "1")
    with Fetcher(delay=0) as f:
        assert isinstance(f.get(f"http://localhost:{port}/b"), Fetched)
    monkeypatch.setenv(netguard.ALLOW_ENV, "0")
    with Fetcher(delay=0) as f:
        assert isinstance(f.get(f"http://localhost:{port}/c"), Refusal)
    assert "/c" not in s.hits


def test_a_body_trickled_slowly_is_given_up_at_the_time_cap(local: tuple[Server, int]) -> None:
    s, port = local
    s.trickle = True
    started = time.monotonic()
    with Fetcher(delay=0, allow_private=True, max_seconds=1.0, timeout=5) as f:
        got = f.get(f"http://127.0.0.1:{port}/slow")
    took = time.monotonic() - started
    assert isinstance(got, Refusal) and got.reason == errors.FETCH and "took over 1 s" in got.message
    assert took < 4, took


# -- every door that fetches -----------------------------------------------------------------------------------


def test_the_api_ingest_url_is_refused_for_a_private_address(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'api.db'}")
    store.migrate()
    out = api_ingest.ingest_url(store, "http://169.254.169.254/latest/meta-data/", api_ingest.fetcher())
    (doc,) = out["documents"]
    assert not doc["stored"] and doc["error"].startswith("E115") and "metadata" in doc["error"]
    store.engine.dispose()


def test_the_cli_refuses_a_private_feed_url_and_names_the_option(local: tuple[Server, int], tmp_path: Path) -> None:
    s, port = local
    url = f"http://127.0.0.1:{port}/feed.rss"
    out = subprocess.run(
        [sys.executable, "-m", "flashpoint", "ingest", url, "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != netguard.ALLOW_ENV},
    )
    assert out.returncode == 1
    assert f"skipped {url}: E115 forbidden" in out.stderr and "--allow-private" in out.stderr
    assert s.hits == []


def test_a_fetched_page_over_the_document_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from flashpoint.ingest.feeds import FeedItem, fetch_item
    from flashpoint.pipeline import process_raw

    monkeypatch.setenv("FLASHPOINT_MAX_DOCUMENT_MB", "1")
    big = PAGE.replace(b"</p>", b" " + b"more words " * 200_000 + b"</p>")
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=big, headers={"Content-Type": "text/html"}))
    with Fetcher(transport=transport, delay=0) as f:
        raw = fetch_item(FeedItem("https://news.example/big", "Big", None), f, "feed.rss")
    assert not isinstance(raw, Refusal)
    result = process_raw(raw)
    assert result.error and result.error.startswith("E108") and "FLASHPOINT_MAX_DOCUMENT_MB" in result.error
