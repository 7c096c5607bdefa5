"""The dashboard end to end in headless Chromium (Debian's ``chromium`` driven by Playwright), on a store built from
../shared/corpus (seed and news) plus one hostile article: the map draws the events, a filter changes the map and
the timeline, clicking an event opens its evidence with the right sentence highlighted, and a script inside an
article does not run. Screenshots go to tests/artifacts/ (git-ignored).

Skips when Playwright or Chromium is missing, unless FLASHPOINT_REQUIRE_BROWSER=1 (set by .ci/run).
``$FLASHPOINT_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conftest import ROOT, shared_path
from flashpoint.api import create_app
from flashpoint.api.background import serving
from flashpoint.shared_store import SharedStore
from flashpoint.store.schema import events

ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = (
    "Shelling in Kharkiv\n\n2024-03-05\n\n"
    "Russian forces shelled Kharkiv on March 4, killing 7 civilians, the regional governor said. "
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
    "Residents said the strikes hit a market.\n"
)


# payloads in every field an article gives the dashboard: title, byline, URL, text (evidence), and an actor name
HOSTILE_RECORD = {
    "url": "javascript:window.pwned=3//",
    "title": '<img src=x onerror="window.pwned=4">Strike on Kharkiv',
    "published": "2024-03-06",
    "text": "Russian forces shelled Kharkiv on March 5, killing 4 civilians, the regional governor said. "
    '<a href="javascript:window.pwned=5">details</a> Fighters of the <svg onload="window.pwned=6"> Brigade '
    "attacked a checkpoint near Izium on March 5, killing 2 soldiers.",
}
HOSTILE_PAGE = (
    '<html><head><title>Raid <script>window.pwned=7</script></title><meta name="author" '
    'content="&lt;img src=x onerror=window.pwned=8&gt; Jane Doe"></head><body><article><h1>Raid on Bakhmut</h1>'
    '<p class="byline">By <img src=x onerror="window.pwned=9"> Jane Doe</p><p>Russian troops attacked Bakhmut on '
    "March 3, 2024, killing 3 Ukrainian soldiers, officials said.</p><p>Residents said "
    "&lt;script&gt;window.pwned=10&lt;/script&gt; the fighting lasted all night.</p></article></body></html>"
)
HOSTILE_ACTOR = '<img src=x onerror="window.pwned=11">Wagner <a href="javascript:window.pwned=12">x</a>'


def _hostile_actor(db: str) -> None:
    """Actor names come from the lexicon, so no article can name a hostile one; a store written by another tool
    could, so one is written into the hostile article's events directly."""
    store = SharedStore(db)
    with store.engine.begin() as conn:
        rows = conn.execute(select(events.c.id, events.c.record)).all()
        for row in rows:
            if "Kharkiv on March 5" in (row.record.get("evidence") or ""):
                record = dict(row.record)
                record["actors"] = [{"name": HOSTILE_ACTOR, "kind": "armed_group", "country": "RUS", "span": None}]
                conn.execute(events.update().where(events.c.id == row.id).values(record=record))
    store.engine.dispose()


def _need(what: str) -> None:
    if os.environ.get("FLASHPOINT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} is missing and FLASHPOINT_REQUIRE_BROWSER=1")
    pytest.skip(f"{what} is missing: apt-get install chromium; pip install playwright")


def _chromium() -> str:
    path = os.environ.get("FLASHPOINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _need("chromium")
    return str(path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store of the seed and news corpora plus the hostile article, served on a free local port."""
    seed, news = shared_path("corpus", "seed", "docs"), shared_path("corpus", "news", "docs")
    tmp = tmp_path_factory.mktemp("dashboard")
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp / "hostile.jsonl").write_text(json.dumps(HOSTILE_RECORD) + "\n", encoding="utf-8")
    (tmp / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    db = f"sqlite:///{tmp / 'store.db'}"
    flashpoint = Path(sys.executable).with_name("flashpoint")
    hostile = [str(tmp / name) for name in ("hostile.txt", "hostile.jsonl", "hostile.html")]
    subprocess.run([str(flashpoint), "ingest", str(seed), str(news), *hostile, "--db", db],
                   check=True, capture_output=True)  # fmt: skip
    _hostile_actor(db)
    with serving(create_app(SharedStore(db))) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright")
    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _page(browser: Any, bypass_csp: bool) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 800}, bypass_csp=bypass_csp)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A tab whose CSP Playwright bypasses: its waits evaluate strings, which the page's policy (no unsafe-eval)
    forbids. So what these tests show about escaping holds without the CSP's help; ``strict_page`` tests the CSP."""
    yield from _page(browser, bypass_csp=True)


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Any]:
    """A tab that keeps the page's Content-Security-Policy."""
    yield from _page(browser, bypass_csp=False)


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def _points(server: str, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{server}/dashboard/points", params=params).json()
    return body


def test_the_map_draws_the_events(server: str, page: Any) -> None:
    pts = _points(server)
    located = sum(lat is not None for lat in pts["lat"])
    _open(page, f"{server}/")
    assert page.url.startswith(f"{server}/dashboard/")
    assert int(page.get_attribute("#map", "data-events")) == located > 30
    drawn = page.evaluate("[window.fp.points, window.fp.clusters]")
    assert drawn[0] + drawn[1] > 3
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # countries and points on canvas
    assert page.locator(".cluster").count() == drawn[1]
    page.screenshot(path=str(ARTIFACTS / "dashboard-map.png"))


def test_a_filter_changes_the_map_and_the_timeline(server: str, page: Any) -> None:
    _open(page, f"{server}/dashboard/?interval=year")
    before = (page.get_attribute("#map", "data-events"), page.get_attribute("#timeline", "data-events"))
    battles = _points(server, type="battle")
    page.click("#f-types .chip[data-type='battle']")
    page.wait_for_function(
        f"document.getElementById('timeline').dataset.events === '{sum(d is not None for d in battles['first'])}'"
    )
    after = (page.get_attribute("#map", "data-events"), page.get_attribute("#timeline", "data-events"))
    assert after != before
    assert int(after[0]) == sum(lat is not None for lat in battles["lat"])
    assert "type=battle" in page.url
    # brushing the timeline narrows the map to the span and writes it into the URL
    box = page.locator("#timeline svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.82, box["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_function("location.search.includes('since=')")
    narrowed = int(page.get_attribute("#map", "data-events"))
    assert narrowed < int(after[0])
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"))
    # the URL is shareable: opening it gives the same view
    _open(page, page.url)
    assert int(page.get_attribute("#map", "data-events")) == narrowed


def _lonely_event(server: str) -> tuple[str, dict[str, Any]]:
    """An event with a place far from every other event's, whose claims carry evidence spans."""
    pts = _points(server)
    located = [i for i in range(pts["n"]) if pts["lat"][i] is not None]
    for i in sorted(located, key=lambda i: pts["id"][i]):
        if all(
            abs(pts["lat"][i] - pts["lat"][j]) + abs(pts["lon"][i] - pts["lon"][j]) > 0.2 for j in located if j != i
        ):
            detail: dict[str, Any] = httpx.get(f"{server}/events/{pts['id'][i]}").json()
            if detail["claims"] and detail["claims"][0]["evidence_spans"]:
                return pts["id"][i], detail
    raise AssertionError("no lonely event with evidence in the corpus")


def test_clicking_an_event_opens_its_evidence(server: str, page: Any) -> None:
    event_id, detail = _lonely_event(server)
    _open(page, f"{server}/dashboard/")
    page.evaluate(f"window.fp.zoomTo('{event_id}', 11)")
    at = page.evaluate(f"window.fp.pixelOf('{event_id}')")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector(f"#tab-event[data-event='{event_id}'][data-evidence-ready='1']", timeout=10_000)
    first_doc = detail["documents"][0]["document_id"]
    text = httpx.get(f"{server}/documents/{first_doc}").json()["text"]
    spans = sorted(s for c in detail["claims"] if c["document_id"] == first_doc for s in c["evidence_spans"])
    marks = page.locator(f".claim[data-document='{first_doc}'] mark.evidence")
    first = marks.first
    start, end = int(first.get_attribute("data-start")), int(first.get_attribute("data-end"))
    assert start == spans[0][0] and first.inner_text() == text[start:end]
    assert text[spans[0][0] : spans[0][1]] in detail["event"]["evidence"] or detail["claims"][0]["evidence"]
    assert f"event={event_id}" in page.url
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"))


def test_a_script_in_an_article_does_not_run(server: str, page: Any) -> None:
    hostile = [e for e in httpx.get(f"{server}/events", params={"q": "shelled kharkiv on march 4"}).json()["events"]]
    assert hostile, "the hostile article gave no event"
    event_id = hostile[0]["event_id"]
    _open(page, f"{server}/dashboard/?event={event_id}")
    page.wait_for_selector("#tab-event[data-evidence-ready='1']", timeout=10_000)
    panel = page.locator("#tab-event")
    assert "<script>window.pwned = 1</script>" in panel.inner_text()
    assert panel.locator("script, img").count() == 0
    time.sleep(0.3)
    assert page.evaluate("window.pwned === undefined")
    page.screenshot(path=str(ARTIFACTS / "dashboard-hostile.png"))


_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_no_payload_in_an_article_runs(server: str, page: Any) -> None:
    """Script tags, event handlers and javascript: links in a title, a byline, a URL, the text and an actor name:
    none runs, none becomes an element, no javascript: link is clickable, in the event panel, the list and the
    escalation table (with the CSP bypassed: escaping alone holds them)."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    found = httpx.get(f"{server}/events", params={"q": "on march 5, killing", "limit": 50}).json()["events"]
    found += httpx.get(f"{server}/events", params={"q": "attacked bakhmut", "limit": 50}).json()["events"]
    found += httpx.get(f"{server}/events", params={"actor": "onerror", "limit": 50}).json()["events"]
    ids = sorted({e["event_id"] for e in found})
    assert len(ids) >= 3, ids
    for event_id in ids:
        _open(page, f"{server}/dashboard/?event={event_id}")
        page.wait_for_selector("#tab-event[data-evidence-ready='1']", timeout=10_000)
        for tab in ("list", "escalation", "event"):
            page.click(f"#tabs [data-tab='{tab}']")
        time.sleep(0.3)
        assert page.evaluate("window.pwned") is None, event_id
        injected = page.evaluate(
            "Array.from(document.querySelectorAll('*')).filter(el => el.tagName === 'IFRAME' || el.tagName === 'OBJECT'"
            " || (el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('static/'))"
            " || (el.tagName === 'IMG' && el.getAttribute('src') === 'x')"
            " || Array.from(el.attributes).some(a => a.name.startsWith('on'))).map(el => el.outerHTML.slice(0, 80))"
        )
        assert injected == [], (event_id, injected)
        hrefs = page.evaluate("Array.from(document.querySelectorAll('[href]')).map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:text"))], hrefs
    text = page.locator("#tab-event").inner_text()
    assert "onerror" in text or "<svg" in text  # the payloads are shown as text
    assert not dialogs


def test_security_headers(server: str) -> None:
    for path in ("/dashboard/", "/events", "/docs", "/dashboard/static/app.js"):
        r = httpx.get(f"{server}{path}")
        policy = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy, (path, policy)
        assert r.headers["x-content-type-options"] == "nosniff"


def test_the_pages_keep_their_policy(server: str, strict_page: Any) -> None:
    """Under its CSP (no inline script or style, nothing from elsewhere) the dashboard draws the map, opens the
    hostile article's event with its evidence, and breaks no directive; Swagger UI's inline start-up script is
    allowed by its hash and runs (it draws into #swagger-ui)."""
    page = strict_page
    page.add_init_script(_WATCH)
    event_id = httpx.get(f"{server}/events", params={"q": "shelled kharkiv on march 4"}).json()["events"][0]["event_id"]
    _open(page, f"{server}/dashboard/?event={event_id}")
    page.wait_for_selector("#tab-event[data-evidence-ready='1']", timeout=10_000)
    page.wait_for_selector(".cluster, .leaflet-overlay-pane canvas", timeout=10_000)
    for tab in ("list", "escalation"):
        page.click(f"#tabs [data-tab='{tab}']")
    time.sleep(0.5)
    assert page.evaluate("window.__violations") == []
    assert page.evaluate("window.pwned") is None
    page.goto(f"{server}/docs")
    page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)  # the schema rendered: its operations listed
    assert "Unable to render" not in page.inner_text("#swagger-ui")
    assert page.evaluate("window.__violations") == []
