"""Every input format on real samples: PDF, JSON Lines, WARC, RSS feeds (file, URL, watch).

Feeds and pages are served by a local ``http.server`` in a thread: no test touches the internet.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import shared_path
from flashpoint import errors
from flashpoint.clean import clean
from flashpoint.ingest.files import Refusal, read_path
from flashpoint.ingest.http import Fetcher
from flashpoint.pipeline import read_inputs
from flashpoint.records import Article, RawDocument
from flashpoint.store import Store
from flashpoint.watch import Report, watch
from samples import blank_pdf, encrypt_pdf, make_jsonl, make_pdf, make_rss, make_warc

STORY = (
    "Troops shelled the town of Example on Monday and at least twelve people were killed, officials said. "
    "The regional governor said rescue teams were still searching the rubble on Tuesday."
)


def corpus_pages(n: int) -> list[bytes]:
    docs = sorted(shared_path("corpus", "html", "docs").glob("*.html.gz"))[:n]
    return [gzip.decompress(p.read_bytes()) for p in docs]


def docs_and_refusals(path: Path) -> tuple[list[RawDocument], list[Refusal]]:
    items = list(read_path(path))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, Refusal)]


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_text_is_read_and_page_headers_go(tmp_path: Path) -> None:
    pdf = make_pdf(
        [
            ["Example Weekly - page 1", "Clashes on the border", STORY, "The military presence did not"],
            ["Example Weekly - page 2", "prevent a second round of fighting that week, witnesses said."],
        ]
    )
    (tmp_path / "a.pdf").write_bytes(pdf)
    (doc,) = list(read_path(tmp_path / "a.pdf"))
    assert isinstance(doc, RawDocument) and doc.media_type == "application/pdf"
    a = clean(doc)
    assert isinstance(a, Article), a
    assert "at least twelve people were killed" in a.text
    assert "did not prevent a second round" in a.text
    assert "Example Weekly" not in a.text


def test_encrypted_pdf_is_refused_with_its_code(tmp_path: Path) -> None:
    (tmp_path / "locked.pdf").write_bytes(encrypt_pdf(make_pdf([[STORY]]), "secret"))
    (doc,) = list(read_path(tmp_path / "locked.pdf"))
    result = clean(doc)  # type: ignore[arg-type]
    assert isinstance(result, Refusal) and result.reason == errors.ENCRYPTED and "unencrypted" in result.message


def test_image_only_pdf_is_refused_with_its_code(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    (doc,) = list(read_path(tmp_path / "scan.pdf"))
    result = clean(doc)  # type: ignore[arg-type]
    assert isinstance(result, Refusal) and result.reason == errors.IMAGE_ONLY and "OCR" in result.message


def test_a_file_named_pdf_that_is_not_one_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text("hello")
    (item,) = list(read_path(tmp_path / "fake.pdf"))
    assert isinstance(item, Refusal) and item.reason == errors.CORRUPT


# -- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_records_are_documents_and_a_bad_line_is_one_error(tmp_path: Path) -> None:
    data = make_jsonl(
        [
            {"url": "https://example.org/a", "title": "Shelling", "text": STORY, "published": "2022-09-13T10:00:00Z"},
            "{not json",
            {"url": "https://example.org/b", "title": "No text"},
            {"text": STORY.replace("Monday", "Friday")},
        ]
    )
    (tmp_path / "scraped.jsonl.gz").write_bytes(gzip.compress(data))
    docs, refusals = docs_and_refusals(tmp_path / "scraped.jsonl.gz")
    assert [d.source.rsplit("#", 1)[1] for d in docs] == ["L1", "L4"]
    assert [(r.source.rsplit("#", 1)[1], r.reason) for r in refusals] == [
        ("L2", errors.BAD_RECORD),
        ("L3", errors.BAD_RECORD),
    ]
    a = clean(docs[0])
    assert isinstance(a, Article)
    assert (a.title, a.published, a.url) == ("Shelling", "2022-09-13", "https://example.org/a")
    assert a.text.startswith("Troops shelled")


# -- WARC ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_html_responses_are_documents_and_a_broken_record_is_one_error(tmp_path: Path, compressed: bool) -> None:
    pages = corpus_pages(3)
    urls = [f"https://news.example.org/2019/11/2{i}/story-{i}" for i in range(3)]
    warc = make_warc(list(zip(urls, pages, strict=True)), gzip=compressed, broken_after=0)
    (tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")).write_bytes(warc)
    docs, refusals = docs_and_refusals(tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc"))
    assert [d.url for d in docs] == urls
    assert len(refusals) == 1 and refusals[0].reason == errors.BAD_RECORD and "offset=" in refusals[0].source
    a = clean(docs[1])
    assert isinstance(a, Article) and a.url == urls[1] and len(a.text) > 200


# -- feeds over HTTP -----------------------------------------------------------------------------


class Site:
    """A tiny web site: path → (status, content type, body); counts requests; ETag on the feed."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        self.slow: set[str] = set()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                site.hits.append((self.path, self.headers.get("If-None-Match")))
                if self.path in site.slow:
                    time.sleep(1.5)
                status, ctype, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
                etag = f'"{hash(body) & 0xFFFF:x}"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), s.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield s, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def publish(site: Site, base: str, n: int) -> list[str]:
    pages = corpus_pages(n)
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    links = []
    for i, page in enumerate(pages):
        site.routes[f"/news/{i}.html"] = (200, "text/html; charset=utf-8", page)
        links.append(f"{base}/news/{i}.html")
    items = [(link, f"Story {i}", "Wed, 20 Nov 2019 10:00:00 GMT") for i, link in enumerate(links)]
    items.append((f"{base}/private/secret.html", "Hidden", "Wed, 20 Nov 2019 10:00:00 GMT"))
    items.append((f"{base}/news/gone.html", "Gone", "Wed, 20 Nov 2019 10:00:00 GMT"))
    site.routes["/feed.rss"] = (200, "application/rss+xml", make_rss(items))
    return links


def fast_fetcher(**kw: float) -> Fetcher:
    return Fetcher(delay=0, backoff=0.01, allow_private=True, **kw)  # type: ignore[arg-type]  # the test server is on loopback


def test_feed_url_items_are_fetched_and_robots_and_404_are_errors(site: tuple[Site, str]) -> None:
    s, base = site
    links = publish(s, base, 2)
    with fast_fetcher() as fetcher:
        from flashpoint.ingest.feeds import read_feed_url

        items = list(read_feed_url(f"{base}/feed.rss", fetcher))
    docs = [i for i in items if isinstance(i, RawDocument)]
    refusals = {i.source.rsplit("/", 1)[1]: i.reason for i in items if isinstance(i, Refusal)}
    assert [d.url for d in docs] == links and docs[0].title == "Story 0" and docs[0].published == "2019-11-20"
    assert refusals == {"secret.html": errors.ROBOTS, "gone.html": errors.FETCH}
    assert not any(path.startswith("/private/") for path, _ in s.hits)


def test_feed_file_goes_through_the_pipeline(
    site: tuple[Site, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASHPOINT_ALLOW_PRIVATE", "1")  # the test server is on loopback
    s, base = site
    publish(s, base, 1)
    (tmp_path / "saved.rss").write_bytes(s.routes["/feed.rss"][2])
    results = list(read_inputs([str(tmp_path / "saved.rss")]))
    assert sum(isinstance(r, RawDocument) for r in results) == 1
    assert sum(isinstance(r, Refusal) for r in results) == 2


def test_a_feed_that_times_out_is_an_error_and_costs_its_retries(site: tuple[Site, str]) -> None:
    s, base = site
    publish(s, base, 1)
    s.slow.add("/feed.rss")
    with Fetcher(timeout=0.3, retries=1, delay=0, backoff=0.01, allow_private=True) as fetcher:
        got = fetcher.get(f"{base}/feed.rss")
    assert isinstance(got, Refusal) and got.reason == errors.FETCH and "timed out after 2 attempts" in got.message


def test_a_response_over_the_size_cap_is_refused(site: tuple[Site, str]) -> None:
    s, base = site
    publish(s, base, 1)
    with Fetcher(max_bytes=1000, delay=0, allow_private=True) as fetcher:
        got = fetcher.get(f"{base}/news/0.html")
    assert isinstance(got, Refusal) and got.reason == errors.TOO_LARGE


def test_fetches_carry_an_honest_user_agent_and_wait_per_host() -> None:
    import httpx

    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200, text="ok")

    sleeps: list[float] = []
    now = [100.0]
    fetcher = Fetcher(transport=httpx.MockTransport(handle), delay=2.0, clock=lambda: now[0], sleep=sleeps.append)
    fetcher.get("http://a.example/1")
    fetcher.get("http://a.example/2")
    assert all(ua.startswith("flashpoint/") and "+http" in ua for ua in seen)
    assert sleeps == [2.0, 2.0]  # robots.txt (no wait), then page 1 and page 2 each wait their turn on a.example


def test_watch_stores_new_items_uses_conditional_requests_and_survives_an_outage(
    site: tuple[Site, str], tmp_path: Path
) -> None:
    s, base = site
    publish(s, base, 2)
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    store.migrate()
    reports: list[Report] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with fast_fetcher() as fetcher:
        down = f"{base}/down.rss"  # a feed that is down: one error per poll, the other feed goes on
        feeds = [f"{base}/feed.rss", down]
        watch(
            feeds, store, fetcher, interval=0.01, rounds=3, on_report=reports.append, clock=lambda: now[0], sleep=sleep
        )
    stored = [r.result.source for r in reports if r.outcome and r.outcome.stored]
    assert len(stored) == 2 and store.counts()["documents"] == 2
    feed_polls = [etag for path, etag in s.hits if path == "/feed.rss"]
    assert feed_polls[0] is None and all(feed_polls[1:]) and len(feed_polls) == 3
    page_fetches = [p for p, _ in s.hits if p.startswith("/news/") and p != "/news/gone.html"]
    assert len(page_fetches) == 2  # each page once, however many polls
    assert sum(1 for r in reports if r.result.source == down) == 3


def test_watch_skips_items_the_store_already_holds(site: tuple[Site, str], tmp_path: Path) -> None:
    s, base = site
    publish(s, base, 1)
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    store.migrate()
    with fast_fetcher() as fetcher:
        watch([f"{base}/feed.rss"], store, fetcher, interval=0.01, rounds=1)
    s.hits.clear()
    with fast_fetcher() as fetcher:  # a restart: nothing in memory, the store remembers
        watch([f"{base}/feed.rss"], store, fetcher, interval=0.01, rounds=1)
    assert not any(p == "/news/0.html" for p, _ in s.hits)


# -- the command line ------------------------------------------------------------------------------


def test_every_format_goes_through_ingest_and_extract(site: tuple[Site, str], tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    s, base = site
    links = publish(s, base, 2)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(make_pdf([["Clashes on the border", STORY]]))
    (folder / "locked.pdf").write_bytes(encrypt_pdf(make_pdf([[STORY]]), "pw"))
    other = "Thousands of people marched through the capital on Sunday to protest against the new fuel prices."
    (folder / "b.jsonl").write_bytes(make_jsonl([{"text": other}, "[1"]))
    warc_pages = [(f"https://n.example/{i}", p) for i, p in enumerate(corpus_pages(4)[2:])]
    (folder / "c.warc.gz").write_bytes(make_warc(warc_pages))
    (folder / "d.rss").write_bytes(s.routes["/feed.rss"][2])

    def fp(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "flashpoint", *args], capture_output=True, text=True)

    out = fp("extract", str(folder), "--allow-private")  # the test server is on loopback
    assert out.returncode == 1
    docs = {json.loads(line)["doc"].split("/in/")[-1] for line in out.stdout.splitlines()}
    expected = {"a.pdf", "b.jsonl#L1", "c.warc.gz#https://n.example/0", "c.warc.gz#https://n.example/1", *links}
    assert docs == expected
    for code in ("E109", "E111", "E112", "E113"):
        assert code in out.stderr
    db = f"sqlite:///{tmp_path / 'x.db'}"
    first = fp("ingest", str(folder), "--db", db, "--allow-private")
    assert first.returncode == 1 and f"stored {len(expected)}," in first.stderr
    again = fp("watch", f"{base}/feed.rss", "--rounds", "1", "--delay", "0", "--db", db, "--allow-private")
    assert again.returncode == 0 and "stored http" not in again.stderr  # the store already holds both items
